import bcrypt from "bcryptjs";

// bcrypt, as Zou (Python bcrypt, "$2b$" hashes, 12 rounds by default), so
// that a person's Zou password still works after the move.

const ROUNDS = 12;

// A hash of a random password, checked when no account matches the email so
// that the response time does not tell which addresses exist.
const DECOY_HASH = bcrypt.hashSync(`decoy-${Math.random()}`, ROUNDS);

let checks = 0;

export async function hashPassword(password: string): Promise<Buffer> {
  const hash = await bcrypt.hash(password, ROUNDS);
  // Zou keeps the hash in a bytea column.
  return Buffer.from(hash, "utf8");
}

export async function verifyPassword(password: string, stored: Buffer | string | null | undefined): Promise<boolean> {
  checks += 1;
  let hash = "";
  if (typeof stored === "string") hash = stored;
  else if (stored !== null && stored !== undefined) hash = Buffer.from(stored).toString("utf8");
  if (!/^\$2[abxy]\$\d\d\$/.test(hash)) {
    await bcrypt.compare(password, DECOY_HASH);
    return false;
  }
  return bcrypt.compare(password, hash);
}

/** Spends the time of a password check without an account, for unknown emails. */
export async function spendPasswordCheck(password: string): Promise<void> {
  await verifyPassword(password, DECOY_HASH);
}

/** Number of password checks run by this process (tests read it). */
export function passwordCheckCount(): number {
  return checks;
}
