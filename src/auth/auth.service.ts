import { loginLog } from "../../schema/people.js";
import type { AppServices, GlobalRole, Viewer } from "../context.js";
import type { PersonRow } from "../people/person.json.js";
import { findPersonByEmail } from "../people/people.service.js";
import { spendPasswordCheck, verifyPassword } from "./passwords.js";
import { checkSecondFactor, hasSecondFactor, secondFactorMethods, type SecondFactorInput } from "./second-factor-check.js";
import { TokenError, type TokenClaims, type TokenPair, type TokenType } from "./tokens.js";

// Logging in and out, and turning a request's token into a viewer.

/** Zou locks an account for a minute after this many failed logins in a row. */
const MAX_FAILED_LOGINS = 5;

/**
 * Counts one login attempt as failed until it succeeds, unless the account is
 * locked (then returns null). Once a lock has expired the count starts again
 * from zero, as Zou does, so one more mistake does not lock the owner out.
 */
export async function claimLoginAttempt(services: AppServices, personId: string): Promise<{ previousFailure: string | null } | null> {
  // Timestamps travel as text both ways, so no driver applies a local time zone to Zou's naive UTC values.
  const rows = await services.db.query<{ previous: string | null }>(
    `with old as (select id, login_failed_attemps as attempts, last_login_failed as previous from person where id = $1 for update)
     update person p
        set login_failed_attemps = (case when coalesce(old.attempts, 0) >= $2 then 0 else coalesce(old.attempts, 0) end) + 1,
            last_login_failed = now() at time zone 'utc'
       from old
      where p.id = old.id
        and not (coalesce(old.attempts, 0) >= $2 and old.previous > (now() at time zone 'utc') - interval '1 minute')
  returning old.previous::text as previous`,
    [personId, MAX_FAILED_LOGINS],
  );
  if (rows.length === 0) return null;
  return { previousFailure: rows[0].previous };
}

/** Undoes the count of an attempt that succeeded, restoring the time of the failure before it. */
export async function clearLoginAttempt(services: AppServices, personId: string, previousFailure: string | null): Promise<void> {
  await services.db.query("update person set login_failed_attemps = 0, last_login_failed = $2::timestamp where id = $1", [personId, previousFailure]);
}

export type LoginFailure = "wrong-credentials" | "inactive" | "locked" | "missing-otp" | "wrong-otp";

export type LoginResult =
  | { ok: true; person: PersonRow; tokens: TokenPair }
  | { ok: false; failure: "missing-otp"; preferredMethod: string | null; methods: string[] }
  | { ok: false; failure: Exclude<LoginFailure, "missing-otp"> };

export async function logIn(
  services: AppServices,
  input: { email: string; password: string; secondFactor?: SecondFactorInput; ip: string; origin: "web" | "script" },
): Promise<LoginResult> {
  // A NUL byte cannot be stored in PostgreSQL text, so no account has one.
  if (input.email.trim() === "" || input.password === "" || input.email.includes("\u0000")) return { ok: false, failure: "wrong-credentials" };
  const found = await findPersonByEmail(services.db, input.email);
  if (found === null) {
    await spendPasswordCheck(input.password);
    return { ok: false, failure: "wrong-credentials" };
  }

  // Each attempt is counted before the password is checked, in one atomic
  // statement, so parallel guesses cannot get past the lock.
  const attempt = await claimLoginAttempt(services, found.id);
  if (attempt === null) return { ok: false, failure: "locked" };

  const matches = await verifyPassword(input.password, found.password);
  if (!matches) return { ok: false, failure: "wrong-credentials" };
  if (found.active === false) return { ok: false, failure: "inactive" };

  // A second factor Kumiki cannot check (email OTP, FIDO) blocks the login
  // rather than being skipped. A recovery code still opens it, once.
  if (hasSecondFactor(found)) {
    const outcome = await checkSecondFactor(services.db, found, input.secondFactor ?? {});
    if (outcome === "missing") {
      return { ok: false, failure: "missing-otp", preferredMethod: found.preferredTwoFactorAuthentication, methods: secondFactorMethods(found) };
    }
    if (outcome === "wrong") return { ok: false, failure: "wrong-otp" };
  }

  await clearLoginAttempt(services, found.id, attempt.previousFailure);
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
