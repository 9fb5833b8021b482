import { randomInt } from "node:crypto";
import bcrypt from "bcryptjs";
import type { Database } from "../db/index.js";

// Two-factor recovery codes, as Zou issues them: 16 codes of 10 characters
// (A-Z, 0-9), shown once and stored as bcrypt hashes in
// person.otp_recovery_codes. Each code works once.

const CODE_COUNT = 16;
const CODE_LENGTH = 10;
const CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// Ten characters of this alphabet carry about 51 bits, so a cost well below
// the 12 rounds of passwords is enough, and a login with a code (up to 16
// comparisons) takes a sixteenth of the time. Hashes made by Zou at any
// cost still verify.
const HASH_ROUNDS = 8;

export function generateRecoveryCodes(): string[] {
  const codes: string[] = [];
  for (let index = 0; index < CODE_COUNT; index += 1) {
    let code = "";
    for (let position = 0; position < CODE_LENGTH; position += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    codes.push(code);
  }
  return codes;
}

export async function hashRecoveryCodes(codes: readonly string[]): Promise<string[]> {
  const hashes: string[] = [];
  for (const code of codes) hashes.push(await bcrypt.hash(code, HASH_ROUNDS));
  return hashes;
}

/** Replaces a person's stored recovery code hashes, or clears them when `hashes` is null. */
export async function storeRecoveryCodeHashes(db: Database, personId: string, hashes: readonly string[] | null): Promise<void> {
  if (hashes === null) {
    await db.query("update person set otp_recovery_codes = null where id = $1", [personId]);
    return;
  }
  // The column is Zou's bytea[], and each hash is stored as its UTF-8 bytes. The
  // list travels as JSON text, because array parameters are expanded inside
  // a transaction.
  await db.query(
    "update person set otp_recovery_codes = (select array_agg(convert_to(code, 'UTF8')) from jsonb_array_elements_text($2::jsonb) as code) where id = $1",
    [personId, JSON.stringify(hashes)],
  );
}

async function readRecoveryCodeHashes(db: Database, personId: string): Promise<string[]> {
  const rows = await db.query<{ hashes: string[] | null }>(
    "select array(select convert_from(code, 'UTF8') from unnest(otp_recovery_codes) as code) as hashes from person where id = $1",
    [personId],
  );
  return rows[0]?.hashes ?? [];
}

/**
 * Checks a recovery code against the person's stored hashes and removes the
 * one it matches. Returns false when no hash matches, or when a parallel
 * request removed the same hash first, so a code never works twice.
 */
export async function consumeRecoveryCode(db: Database, personId: string, code: string): Promise<boolean> {
  const candidate = code.trim();
  if (candidate === "" || candidate.length > 72) return false;

  for (const hash of await readRecoveryCodeHashes(db, personId)) {
    if (!/^\$2[abxy]\$\d\d\$/.test(hash)) continue;
    if (!(await bcrypt.compare(candidate, hash))) continue;
    const removed = await db.query<{ id: string }>(
      `update person set otp_recovery_codes = array_remove(otp_recovery_codes, convert_to($2, 'UTF8'))
        where id = $1 and convert_to($2, 'UTF8') = any(otp_recovery_codes)
    returning id`,
      [personId, hash],
    );
    return removed.length === 1;
  }
  return false;
}

/** Tells whether the person has recovery codes stored (Zou issues new ones only when there are none). */
export async function hasRecoveryCodes(db: Database, personId: string): Promise<boolean> {
  return (await readRecoveryCodeHashes(db, personId)).length > 0;
}
