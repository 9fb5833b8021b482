import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError, ForbiddenError } from "../errors.js";

// Kumiki has no WebAuthn server and sends no email, so security keys (FIDO)
// and codes by email cannot be enrolled. The profile page's calls for them
// fail with the 400 errors Zou returns when the method is not set up for the
// person, never a success: "FIDO not enabled.", "No preregistration before.",
// "OTP by email not enabled.", or a failed code check.

/** Zou's 400 for a failed one-time code check, with the flag Kitsu reads to show the code as wrong. */
export const WRONG_OTP_FLAG = "wrong_OTP";

function requirePersonViewer(ctx: RequestContext) {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot === true) throw new ForbiddenError();
  return viewer;
}

/** Rejects a FIDO challenge request with Zou's error for an account without a security key. Unknown emails get the same error, so accounts cannot be probed. */
export function getFidoChallenge(_email: string): never {
  throw new BadRequestError("FIDO not enabled.");
}

/** Refuses to start a security key registration: Kumiki cannot verify one. */
export function preRegisterFido(ctx: RequestContext): never {
  requirePersonViewer(ctx);
  throw new BadRequestError("FIDO not enabled.");
}

/** Refuses a security key registration: no registration was started, since none can be. */
export function registerFido(ctx: RequestContext): never {
  requirePersonViewer(ctx);
  throw new BadRequestError("No preregistration before.");
}

/** Refuses to remove a security key: the person has none that Kumiki can check. */
export function unregisterFido(ctx: RequestContext): never {
  requirePersonViewer(ctx);
  throw new BadRequestError("FIDO not enabled.");
}

/** Refuses to start codes by email: Kumiki cannot send the first code. */
export function preEnableEmailOtp(ctx: RequestContext): never {
  requirePersonViewer(ctx);
  throw new BadRequestError("OTP by email not enabled.");
}

/** Rejects the confirmation code: no code by email was ever sent, so none can match. */
export function enableEmailOtp(ctx: RequestContext): never {
  requirePersonViewer(ctx);
  throw new BadRequestError("OTP by email verification failed.", { [WRONG_OTP_FLAG]: true });
}

/** Refuses to turn off codes by email, which Kumiki cannot check. */
export function disableEmailOtp(ctx: RequestContext): never {
  requirePersonViewer(ctx);
  // NOTE(compat): a person imported from Zou with codes by email enabled cannot turn them off here either; an admin's disable-two-factor action is the way out.
  throw new BadRequestError("OTP by email not enabled.");
}
