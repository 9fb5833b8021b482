import { eq } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { requireViewer, type RequestContext, type Viewer } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { sendMail } from "../mail/outbox.js";
import { getOrCreateOrganisation } from "../people/organisation.service.js";
import { findPersonByEmail } from "../people/people.service.js";
import type { PersonRow } from "../people/person.json.js";
import { assertAdmin } from "./permissions.js";
import { claimLoginAttempt, clearLoginAttempt } from "./auth.service.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { issueResetToken, lastResetTokenIssuedAt, redeemResetToken } from "./reset-tokens.js";

// The password pages of Kitsu: a person changes their own password, requests
// a reset link by email and sets a new password with it, and an admin gets a
// reset link to share by hand. Status codes and messages follow Zou.

// NOTE(compat): Zou's default MIN_PASSWORD_LENGTH. Kumiki has no setting for it.
const MIN_PASSWORD_LENGTH = 8;

// At most one reset email per person in this time, in milliseconds, so that
// repeated requests cannot flood a mailbox or fill the outbox folder. Zou has
// no such limit.
const RESET_EMAIL_INTERVAL_MS = 60_000;

/** Finds the person with this email, or null. A NUL byte cannot be stored in PostgreSQL text, so no account has one. */
async function findPersonByRequestEmail(ctx: RequestContext, email: string): Promise<PersonRow | null> {
  if (email.includes("\u0000")) return null;
  return findPersonByEmail(ctx.db, email);
}

/** Zou's 400 for a new password: too short first, then a confirmation that differs. */
function assertValidNewPassword(password: string, confirmation: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new BadRequestError("Password is too short.");
  if (password !== confirmation) throw new BadRequestError("Confirmation password doesn't match.");
}

function requirePersonViewer(ctx: RequestContext): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot === true) throw new ForbiddenError();
  return viewer;
}

/** Builds the link of Kitsu's page for choosing a new password, as in Zou's emails. */
export function passwordResetUrl(ctx: RequestContext, email: string, token: string): string {
  const query = new URLSearchParams({ email, token });
  return `${ctx.config.domainProtocol}://${ctx.config.domainName}/reset-change-password?${query.toString()}`;
}

async function writePassword(ctx: RequestContext, personId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    await tx.update(person).set({ password: hash }).where(eq(person.id, personId));
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: personId } });
  });
}

/**
 * Changes the viewer's password after checking the old one. A wrong old
 * password counts as a failed login, so the login lock also stops guessing here.
 */
export async function changeOwnPassword(ctx: RequestContext, oldPassword: string, password: string, confirmation: string): Promise<void> {
  const viewer = requirePersonViewer(ctx);
  const attempt = await claimLoginAttempt(ctx.services, viewer.id);
  if (attempt === null) throw new BadRequestError("Too many failed login attempts.", { too_many_failed_login_attemps: true });
  if (!(await verifyPassword(oldPassword, viewer.person.password))) throw new BadRequestError("Old password is wrong.");
  await clearLoginAttempt(ctx.services, viewer.id, attempt.previousFailure);

  assertValidNewPassword(password, confirmation);
  await writePassword(ctx, viewer.id, password);
  ctx.log.info({ personId: viewer.id }, "A person changed their password.");

  if (viewer.person.email !== null && viewer.person.email !== "") {
    const organisation = await getOrCreateOrganisation(ctx.db);
    await sendMail(ctx.config, ctx.log, {
      to: viewer.person.email,
      subject: `${organisation.name}: your password was changed`,
      text: [
        `Hello ${viewer.person.firstName},`,
        "",
        `The password of your account was changed on ${new Date().toISOString().slice(0, 19).replace("T", " ")} UTC.`,
        "If you did not change it, ask an administrator to reset it.",
      ].join("\n"),
    });
  }
}

/**
 * Sends a reset link to the email's owner when the address belongs to an
 * active person. Unknown and inactive addresses get the same success
 * response, so the route cannot be used to probe for accounts.
 */
export async function requestPasswordReset(ctx: RequestContext, email: string): Promise<void> {
  const found = await findPersonByRequestEmail(ctx, email);
  if (found === null || found.active === false || found.email === null) {
    ctx.log.info("A password reset was requested for an address that matches no active account.");
    return;
  }
  const lastIssuedAt = await lastResetTokenIssuedAt(ctx.db, found.id);
  if (lastIssuedAt !== null && Date.now() - lastIssuedAt < RESET_EMAIL_INTERVAL_MS) {
    ctx.log.info({ personId: found.id }, "A password reset email was not sent because another one was sent less than a minute ago.");
    return;
  }

  const token = await issueResetToken(ctx.db, found.id);
  const organisation = await getOrCreateOrganisation(ctx.db);
  await sendMail(ctx.config, ctx.log, {
    to: found.email,
    subject: `${organisation.name}: reset your password`,
    text: [
      `Hello ${found.firstName},`,
      "",
      "Someone asked to reset the password of your account. To choose a new password, open this link within 2 hours:",
      "",
      passwordResetUrl(ctx, found.email, token),
      "",
      "If you did not ask for it, ignore this message: your password stays as it is.",
    ].join("\n"),
  });
  ctx.log.info({ personId: found.id }, "A password reset link was sent.");
}

/**
 * Sets a new password with a reset token. The token is checked first, and it
 * stays valid when the new password is rejected. Once the password is set,
 * every pending token of the person is removed.
 */
export async function resetPasswordWithToken(ctx: RequestContext, email: string, token: string, password: string, confirmation: string): Promise<void> {
  const wrongToken = new BadRequestError("Wrong or expired token.");
  const found = await findPersonByRequestEmail(ctx, email);
  if (found === null) throw wrongToken;

  // A rejected password is thrown from inside the redemption, which rolls it
  // back, so the token is kept.
  const redeemed = await redeemResetToken(ctx.db, found.id, token, async () => {
    assertValidNewPassword(password, confirmation);
    if (found.active === false) throw new BadRequestError("User is inactive.");
    await writePassword(ctx, found.id, password);
  });
  if (!redeemed) throw wrongToken;
  ctx.log.info({ personId: found.id }, "A person reset their password with a reset token.");
}

/**
 * Returns a password reset link for a person, for an admin to share by hand
 * (admins only, never for a bot). As in Zou, an admin cannot get one for
 * another admin who has a password.
 */
export async function createPasswordResetLink(ctx: RequestContext, personId: string): Promise<string> {
  const target: PersonRow | null = await ctx.loaders.personById.load(personId);
  if (target === null) throw new NotFoundError();
  if (target.isBot === true) throw new ForbiddenError();
  const viewer = assertAdmin(ctx);
  if (target.id !== viewer.id && target.role === "admin" && target.password !== null) {
    throw new BadRequestError("An admin can't change another admin's password.");
  }
  if (target.email === null || target.email === "") throw new BadRequestError("This person has no email address to reset a password with.");

  const token = await issueResetToken(ctx.db, target.id);
  ctx.log.info({ adminId: viewer.id, personId: target.id }, "An admin created a password reset link.");
  return passwordResetUrl(ctx, target.email, token);
}
