import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { requireViewer, type RequestContext, type Viewer } from "../context.js";
import { BadRequestError, ForbiddenError } from "../errors.js";
import { getOrCreateOrganisation } from "../people/organisation.service.js";
import type { PersonRow } from "../people/person.json.js";
import { generateRecoveryCodes, hashRecoveryCodes, hasRecoveryCodes, storeRecoveryCodeHashes } from "./recovery-codes.js";
import { checkSecondFactor, hasSecondFactor, type SecondFactorInput } from "./second-factor-check.js";
import { verifyTotp } from "./totp.js";

// Authenticator app (TOTP) enrolment and recovery codes on Kitsu's profile
// page, with Zou's steps and messages. PUT stores a new secret and returns
// it. POST turns TOTP on once a code from the app matches. DELETE turns it
// off after a second-factor check.

/** Flag of Zou's 400 bodies that makes Kitsu show the code as wrong. */
export const WRONG_OTP_DETAILS = { wrong_OTP: true };

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Returns a random 32-character base32 secret (160 bits), the size of pyotp's random_base32 that Zou uses. */
export function generateTotpSecret(): string {
  return [...randomBytes(32)].map((byte) => BASE32_ALPHABET[byte & 31]).join("");
}

/** Builds the otpauth:// URI that authenticator apps read from a QR code. */
export function totpProvisioningUri(secret: string, accountName: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

function requirePersonViewer(ctx: RequestContext): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot === true) throw new ForbiddenError();
  return viewer;
}

/** Reads the viewer's row again: the second-factor columns may have changed since the token was checked. */
async function loadViewerRow(ctx: RequestContext, viewer: Viewer): Promise<PersonRow> {
  const [row] = await ctx.db.orm.select().from(person).where(eq(person.id, viewer.id));
  return row;
}

/** Stores a new TOTP secret for the viewer (TOTP stays off) and returns the provisioning URI and the secret. */
export async function preEnableTotp(ctx: RequestContext): Promise<{ uri: string; secret: string }> {
  const viewer = requirePersonViewer(ctx);
  const secret = generateTotpSecret();
  const updated = await ctx.db.orm
    .update(person)
    .set({ totpSecret: secret, totpEnabled: false })
    .where(and(eq(person.id, viewer.id), sql`${person.totpEnabled} is not true`))
    .returning({ email: person.email });
  if (updated.length === 0) throw new BadRequestError("TOTP already enabled.");

  const organisation = await getOrCreateOrganisation(ctx.db);
  return { uri: totpProvisioningUri(secret, updated[0].email ?? "", `Kitsu ${organisation.name}`), secret };
}

/**
 * Turns TOTP on once `code` matches the stored secret. Returns the new
 * recovery codes in plain text, or null when the viewer already had codes
 * (Zou issues them with the first second factor only).
 */
export async function enableTotp(ctx: RequestContext, code: string): Promise<string[] | null> {
  const viewer = requirePersonViewer(ctx);
  const row = await loadViewerRow(ctx, viewer);
  if (row.totpEnabled === true) throw new BadRequestError("TOTP already enabled.");
  // Without a PUT first there is no secret, so no code can match.
  const secret = row.totpSecret;
  if (secret === null || !verifyTotp(secret, code)) throw new BadRequestError("TOTP verification failed.", WRONG_OTP_DETAILS);

  // bcrypt is slow, so the codes are hashed before the transaction opens.
  const codes = (await hasRecoveryCodes(ctx.db, viewer.id)) ? null : generateRecoveryCodes();
  const hashes = codes === null ? null : await hashRecoveryCodes(codes);

  await ctx.db.transaction(async (tx) => {
    // The secret must still be the one the code was checked against.
    const updated = await tx
      .update(person)
      .set({ totpEnabled: true, preferredTwoFactorAuthentication: row.preferredTwoFactorAuthentication ?? "totp" })
      .where(and(eq(person.id, viewer.id), eq(person.totpSecret, secret), sql`${person.totpEnabled} is not true`))
      .returning({ id: person.id });
    if (updated.length === 0) throw new BadRequestError("TOTP already enabled.");
    if (hashes !== null) await storeRecoveryCodeHashes(ctx.db, viewer.id, hashes);
  });
  ctx.log.info({ personId: viewer.id }, "A person turned on an authenticator app (TOTP).");
  return codes;
}

const FALLBACK_METHODS: Record<string, ("fido" | "email_otp" | "totp")[]> = {
  totp: ["fido", "email_otp"],
  email_otp: ["fido", "totp"],
  fido: ["totp", "email_otp"],
};

/**
 * Turns TOTP off after a second-factor check (a TOTP code or a recovery
 * code). When no second factor is left, the recovery codes and the preferred
 * method are cleared. Otherwise a preference for TOTP moves to another method.
 */
export async function disableTotp(ctx: RequestContext, input: SecondFactorInput): Promise<void> {
  const viewer = requirePersonViewer(ctx);
  const row = await loadViewerRow(ctx, viewer);
  // Zou checks the second factor before TOTP itself, with the same message
  // either way. Checking TOTP first keeps a recovery code from being used up
  // by a request that cannot succeed.
  if (row.totpEnabled !== true) throw new BadRequestError("TOTP not enabled.");
  if ((await checkSecondFactor(ctx.db, row, input)) !== "verified") throw new BadRequestError("OTP verification failed.", WRONG_OTP_DETAILS);

  const remaining = { fido: row.fidoEnabled === true, email_otp: row.emailOtpEnabled === true, totp: false };
  const othersLeft = remaining.fido || remaining.email_otp;
  let preferred = row.preferredTwoFactorAuthentication;
  if (!othersLeft) preferred = null;
  else if (preferred === "totp") preferred = FALLBACK_METHODS.totp.find((method) => remaining[method]) ?? null;

  await ctx.db.transaction(async (tx) => {
    await tx.update(person).set({ totpEnabled: false, totpSecret: null, preferredTwoFactorAuthentication: preferred }).where(eq(person.id, viewer.id));
    if (!othersLeft) await storeRecoveryCodeHashes(ctx.db, viewer.id, null);
  });
  ctx.log.info({ personId: viewer.id }, "A person turned off their authenticator app (TOTP).");
}

/** Replaces the viewer's recovery codes after a second-factor check and returns the new ones in plain text. */
export async function regenerateRecoveryCodes(ctx: RequestContext, input: SecondFactorInput): Promise<string[]> {
  const viewer = requirePersonViewer(ctx);
  const row = await loadViewerRow(ctx, viewer);
  if (!hasSecondFactor(row)) throw new BadRequestError("No two factor authentication enabled.");
  if ((await checkSecondFactor(ctx.db, row, input)) !== "verified") throw new BadRequestError("OTP verification failed.", WRONG_OTP_DETAILS);

  const codes = generateRecoveryCodes();
  await storeRecoveryCodeHashes(ctx.db, viewer.id, await hashRecoveryCodes(codes));
  ctx.log.info({ personId: viewer.id }, "A person replaced their recovery codes.");
  return codes;
}
