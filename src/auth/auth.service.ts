import { eq } from "drizzle-orm";
import { loginLog } from "../../schema/people.js";
import { person } from "../../schema/people.js";
import type { AppServices, GlobalRole, Viewer } from "../context.js";
import type { PersonRow } from "../people/person.json.js";
import { findPersonByEmail } from "../people/people.service.js";
import { verifyPassword } from "./passwords.js";
import { verifyTotp } from "./totp.js";
import { TokenError, type TokenClaims, type TokenPair, type TokenType } from "./tokens.js";

// Logging in and out, and turning a request's token into a viewer.

/** Zou locks an account for a minute after this many failed logins in a row. */
const MAX_FAILED_LOGINS = 5;
const LOCK_MS = 60 * 1000;

export type LoginFailure = "wrong-credentials" | "inactive" | "locked" | "missing-otp" | "wrong-otp";

export type LoginResult =
  | { ok: true; person: PersonRow; tokens: TokenPair }
  | { ok: false; failure: LoginFailure };

export async function logIn(
  services: AppServices,
  input: { email: string; password: string; totp?: string; ip: string; origin: "web" | "script" },
): Promise<LoginResult> {
  if (input.email.trim() === "" || input.password === "") return { ok: false, failure: "wrong-credentials" };
  const found = await findPersonByEmail(services.db, input.email);
  if (found === null) return { ok: false, failure: "wrong-credentials" };

  const failedAttempts = found.loginFailedAttemps ?? 0;
  const lastFailed = found.lastLoginFailed?.getTime() ?? 0;
  if (failedAttempts >= MAX_FAILED_LOGINS && Date.now() - lastFailed < LOCK_MS) return { ok: false, failure: "locked" };

  const matches = await verifyPassword(input.password, found.password);
  if (!matches) {
    await services.db.orm
      .update(person)
      .set({ loginFailedAttemps: failedAttempts + 1, lastLoginFailed: new Date() })
      .where(eq(person.id, found.id));
    return { ok: false, failure: "wrong-credentials" };
  }
  if (found.active === false) return { ok: false, failure: "inactive" };

  // A second factor Kumiki cannot check (email OTP, FIDO) blocks the login
  // rather than being skipped.
  const needsSecondFactor = found.totpEnabled === true || found.emailOtpEnabled === true || found.fidoEnabled === true;
  if (needsSecondFactor) {
    if (input.totp === undefined || input.totp === "") return { ok: false, failure: "missing-otp" };
    const totpMatches = found.totpEnabled === true && found.totpSecret !== null && verifyTotp(found.totpSecret, input.totp);
    if (!totpMatches) return { ok: false, failure: "wrong-otp" };
  }

  if (failedAttempts > 0) {
    await services.db.orm.update(person).set({ loginFailedAttemps: 0 }).where(eq(person.id, found.id));
  }
  const tokens = await services.tokens.issuePair(found.id);
  await services.db.orm.insert(loginLog).values({ personId: found.id, ipAddress: input.ip.slice(0, 50), origin: input.origin });
  return { ok: true, person: found, tokens };
}

/** Revokes the viewer's access token and the refresh token issued with it, on every instance. */
export async function logOut(services: AppServices, viewer: Viewer): Promise<void> {
  const refreshExpiry = new Date(Date.now() + services.config.refreshTokenTtl * 1000);
  const entries = [{ jti: viewer.tokenId, personId: viewer.id, expiresAt: viewer.tokenExpiresAt }];
  if (viewer.refreshTokenId !== undefined) entries.push({ jti: viewer.refreshTokenId, personId: viewer.id, expiresAt: refreshExpiry });
  await services.revocations.revoke(entries);
}

export type AuthenticationOutcome =
  | { ok: true; viewer: Viewer }
  | { ok: false; status: 401 | 422; message: string };

/** Checks a token (signature, expiry, revocation, account) and returns the viewer it stands for. */
export async function authenticateToken(
  services: AppServices,
  token: string,
  expected: TokenType,
  loadPerson: (id: string) => Promise<PersonRow | null>,
): Promise<AuthenticationOutcome> {
  let claims: TokenClaims;
  try {
    claims = await services.tokens.verify(token, expected);
  } catch (error) {
    if (error instanceof TokenError) {
      return { ok: false, status: error.failure === "expired" ? 401 : 422, message: error.message };
    }
    throw error;
  }
  if (await services.revocations.isRevoked(claims.jti)) return { ok: false, status: 401, message: "Token has been revoked" };

  const found = await loadPerson(claims.sub).catch(() => null);
  if (found === null || found.active === false) {
    return { ok: false, status: 401, message: "User not found or inactive" };
  }
  const viewer: Viewer = {
    id: found.id,
    role: found.role as GlobalRole,
    person: found,
    tokenId: claims.jti,
    refreshTokenId: claims.type === "refresh" ? claims.jti : claims.refresh_jti,
    tokenExpiresAt: new Date(claims.exp * 1000),
  };
  return { ok: true, viewer };
}
