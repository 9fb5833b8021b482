import bcrypt from "bcryptjs";

// bcrypt, as Zou (Python bcrypt, "$2b$" hashes, 12 rounds by default), so
// that a person's Zou password still works after the move.

const ROUNDS = 12;

export async function hashPassword(password: string): Promise<Buffer> {
  const hash = await bcrypt.hash(password, ROUNDS);
  // Zou keeps the hash in a bytea column.
  return Buffer.from(hash, "utf8");
}

export async function verifyPassword(password: string, stored: Buffer | string | null | undefined): Promise<boolean> {
  if (stored === null || stored === undefined) return false;
  const hash = typeof stored === "string" ? stored : Buffer.from(stored).toString("utf8");
  if (!/^\$2[abxy]\$\d\d\$/.test(hash)) return false;
  return bcrypt.compare(password, hash);
}
