import type { Database } from "../db/index.js";
import type { PersonRow } from "../people/person.json.js";
import { consumeRecoveryCode } from "./recovery-codes.js";
import { verifyTotp } from "./totp.js";

// The second-factor check of Zou's login and of the account routes that
// need one (turning TOTP off, new recovery codes). As in Zou, a TOTP code is
// checked when TOTP is on, and a recovery code otherwise. Kumiki cannot check
// codes by email or security keys, so those never match.

export interface SecondFactorInput {
  totp?: string;
  emailOtp?: string;
  fidoAuthenticationResponse?: unknown;
  recoveryCode?: string;
}

export type SecondFactorOutcome = "verified" | "wrong" | "missing";

function given(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

/** Tells whether the person has any second factor turned on. */
export function hasSecondFactor(found: PersonRow): boolean {
  return found.totpEnabled === true || found.emailOtpEnabled === true || found.fidoEnabled === true;
}

/**
 * Lists the methods a person can log in with as a second factor, in Zou's
 * names and order. Recovery codes come first, because Zou always offers them.
 */
export function secondFactorMethods(found: PersonRow): string[] {
  const methods = ["recovery_code"];
  if (found.totpEnabled === true) methods.push("totp");
  if (found.emailOtpEnabled === true) methods.push("email_otp");
  if (found.fidoEnabled === true) methods.push("fido");
  return methods;
}

/** Checks the second factor given in a request. A matching recovery code is used up. */
export async function checkSecondFactor(db: Database, found: PersonRow, input: SecondFactorInput): Promise<SecondFactorOutcome> {
  if (found.totpEnabled === true && given(input.totp)) {
    return found.totpSecret !== null && verifyTotp(found.totpSecret, input.totp) ? "verified" : "wrong";
  }
  if (found.emailOtpEnabled === true && given(input.emailOtp)) return "wrong";
  if (found.fidoEnabled === true && input.fidoAuthenticationResponse !== undefined && input.fidoAuthenticationResponse !== null) return "wrong";
  if (given(input.recoveryCode)) return (await consumeRecoveryCode(db, found.id, input.recoveryCode)) ? "verified" : "wrong";
  return "missing";
}

/** Reads the second-factor fields of a request body (Zou's names); values of other types count as absent. */
export function secondFactorInputFromBody(body: Record<string, unknown>): SecondFactorInput {
  const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);
  return {
    totp: text(body.totp),
    emailOtp: text(body.email_otp),
    fidoAuthenticationResponse: body.fido_authentication_response,
    recoveryCode: text(body.recovery_code),
  };
}
