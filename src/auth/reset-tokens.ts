import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { kumikiSetting } from "../../schema/kumiki.js";
import type { Database } from "../db/index.js";

// Password reset tokens. Zou keeps one token per email in its key-value
// store for two hours. Kumiki keeps SHA-256 digests of a person's pending
// tokens in kumiki_setting, so they survive a restart and are shared by every
// instance, and a database dump does not reveal a usable token.

/** Lifetime of a reset token, in milliseconds (Zou: 2 hours). */
export const RESET_TOKEN_LIFETIME_MS = 2 * 60 * 60 * 1000;

// Each request or admin link adds a token, and earlier links stay valid
// until they expire. Past this many, the oldest is dropped.
const MAX_PENDING_TOKENS = 5;

const TOKEN_LENGTH = 64;
const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

interface PendingToken {
  digest: string;
  /** ISO 8601 instant at which the token was issued. */
  issuedAt?: string;
  /** ISO 8601 instant after which the token is rejected. */
  expiresAt: string;
}

interface PendingTokens {
  tokens: PendingToken[];
}

function settingKey(personId: string): string {
  return `password-reset:${personId}`;
}

function digestOf(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function generateToken(): string {
  let token = "";
  for (let index = 0; index < TOKEN_LENGTH; index += 1) token += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return token;
}

function unexpired(value: unknown, now: number): PendingToken[] {
  const tokens = (value as Partial<PendingTokens> | null)?.tokens;
  if (!Array.isArray(tokens)) return [];
  return tokens.filter((entry) => typeof entry?.digest === "string" && Date.parse(entry.expiresAt) > now);
}

/** Creates a reset token for the person, stores its digest and returns the token. */
export async function issueResetToken(db: Database, personId: string, now: number = Date.now()): Promise<string> {
  const token = generateToken();
  const entry: PendingToken = {
    digest: digestOf(token),
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + RESET_TOKEN_LIFETIME_MS).toISOString(),
  };

  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(kumikiSetting).where(eq(kumikiSetting.key, settingKey(personId))).for("update");
    const tokens = [...unexpired(row?.value, now), entry].slice(-MAX_PENDING_TOKENS);
    await tx
      .insert(kumikiSetting)
      .values({ key: settingKey(personId), value: { tokens } })
      .onConflictDoUpdate({ target: kumikiSetting.key, set: { value: { tokens }, updatedAt: new Date(now) } });
  });
  return token;
}

/** Returns when the person's newest unexpired token was issued, in milliseconds since the epoch, or null when none is pending. */
export async function lastResetTokenIssuedAt(db: Database, personId: string, now: number = Date.now()): Promise<number | null> {
  const [row] = await db.orm.select().from(kumikiSetting).where(eq(kumikiSetting.key, settingKey(personId)));
  const issued = unexpired(row?.value, now)
    .map((entry) => Date.parse(entry.issuedAt ?? ""))
    .filter((instant) => !Number.isNaN(instant));
  return issued.length === 0 ? null : Math.max(...issued);
}

/**
 * Checks a token against the person's pending tokens and, when it matches,
 * runs `apply` and removes every pending token of the person in the same
 * transaction, so a token works once. Returns false, changing nothing, when
 * no unexpired token matches.
 */
export async function redeemResetToken(db: Database, personId: string, token: string, apply: () => Promise<void>, now: number = Date.now()): Promise<boolean> {
  const candidate = Buffer.from(digestOf(token), "hex");
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(kumikiSetting).where(eq(kumikiSetting.key, settingKey(personId))).for("update");
    const matches = unexpired(row?.value, now).some((entry) => {
      const stored = Buffer.from(entry.digest, "hex");
      return stored.length === candidate.length && timingSafeEqual(stored, candidate);
    });
    if (!matches) return false;

    await apply();
    await tx.delete(kumikiSetting).where(eq(kumikiSetting.key, settingKey(personId)));
    return true;
  });
}
