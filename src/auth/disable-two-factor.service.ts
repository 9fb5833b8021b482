import { eq } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { assertAdmin } from "./permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";

/**
 * Turns off every second factor of a person (admins; an admin cannot do it
 * for another admin), as when someone loses their authenticator. Event
 * person:update, and a warning in the log naming both people's ids.
 */
export async function disableTwoFactorForPerson(ctx: RequestContext, personId: string): Promise<boolean> {
  const target = await ctx.loaders.personById.load(personId);
  if (target === null) throw new NotFoundError("Person not found.");
  if (target.isBot === true) throw new ForbiddenError();
  const viewer = assertAdmin(ctx);
  if (target.role === "admin" && target.id !== viewer.id) throw new BadRequestError("An admin can't disable 2FA for other admins.");
  const enabled = target.totpEnabled === true || target.emailOtpEnabled === true || target.fidoEnabled === true;
  if (!enabled) throw new BadRequestError("Two factor authentication not enabled for this user.");

  await ctx.db.transaction(async (tx) => {
    await tx
      .update(person)
      .set({
        totpEnabled: false,
        totpSecret: null,
        emailOtpEnabled: false,
        emailOtpSecret: null,
        fidoEnabled: false,
        fidoCredentials: null,
        otpRecoveryCodes: null,
        preferredTwoFactorAuthentication: null,
      })
      .where(eq(person.id, target.id));
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: target.id } });
  });
  // NOTE(compat): Zou also emails the person about it; Kumiki sends no email.
  ctx.log.warn({ adminId: viewer.id, personId: target.id }, "An admin disabled the two-factor authentication of a person.");
  return true;
}
