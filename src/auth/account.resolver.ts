import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { parseId } from "../ids.js";
import { changeOwnPassword, createPasswordResetLink, requestPasswordReset, resetPasswordWithToken } from "./account-passwords.service.js";
import { disableTotp, enableTotp, preEnableTotp, regenerateRecoveryCodes } from "./totp-enrolment.service.js";

// Resolvers of account settings: passwords and second factors. They run the
// same services as Zou's REST routes, so rules and messages are shared.

@ObjectType({ description: "A TOTP secret issued for enrolment, before TOTP is turned on." })
class TotpEnrolment {
  @Field(() => String, { description: "otpauth:// URI for an authenticator app's QR code." })
  provisioningUri!: string;

  @Field(() => String, { description: "The base32 secret, for typing into the app by hand." })
  secret!: string;
}

@Resolver()
class AccountResolver {
  @Mutation(() => Boolean, { description: "Changes the viewer's password. The old password must match, and a wrong one counts as a failed login." })
  async changePassword(
    @Arg("oldPassword", () => String) oldPassword: string,
    @Arg("password", () => String) password: string,
    @Arg("passwordConfirmation", () => String) confirmation: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await changeOwnPassword(ctx, oldPassword, password, confirmation);
    return true;
  }

  @Mutation(() => Boolean, { description: "Emails a password reset link to an active account. Returns true for every address, so accounts cannot be probed." })
  async requestPasswordReset(@Arg("email", () => String) email: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await requestPasswordReset(ctx, email);
    return true;
  }

  @Mutation(() => Boolean, { description: "Sets a new password with an emailed reset token, which then stops working." })
  async resetPassword(
    @Arg("email", () => String) email: string,
    @Arg("token", () => String) token: string,
    @Arg("password", () => String) password: string,
    @Arg("passwordConfirmation", () => String) confirmation: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await resetPasswordWithToken(ctx, email, token, password, confirmation);
    return true;
  }

  @Mutation(() => String, { description: "Creates a password reset link for a person, for an admin to share by hand (admins only)." })
  async createPasswordResetLink(@Arg("personId", () => ID) personId: string, @Ctx() ctx: RequestContext): Promise<string> {
    return createPasswordResetLink(ctx, parseId(personId));
  }

  @Mutation(() => TotpEnrolment, { description: "Issues a new TOTP secret for the viewer. TOTP stays off until enableTotp confirms a code." })
  async preEnableTotp(@Ctx() ctx: RequestContext): Promise<TotpEnrolment> {
    const { uri, secret } = await preEnableTotp(ctx);
    return { provisioningUri: uri, secret };
  }

  @Mutation(() => [String], {
    nullable: true,
    description: "Turns TOTP on once the code matches. Returns new recovery codes, or null when the viewer already had codes.",
  })
  async enableTotp(@Arg("code", () => String) code: string, @Ctx() ctx: RequestContext): Promise<string[] | null> {
    return enableTotp(ctx, code);
  }

  @Mutation(() => Boolean, { description: "Turns TOTP off after a check with a TOTP code or a recovery code." })
  async disableTotp(
    @Arg("totp", () => String, { nullable: true }) totp: string | null,
    @Arg("recoveryCode", () => String, { nullable: true }) recoveryCode: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await disableTotp(ctx, { totp: totp ?? undefined, recoveryCode: recoveryCode ?? undefined });
    return true;
  }

  @Mutation(() => [String], { description: "Replaces the viewer's recovery codes after a check with a TOTP code or a recovery code." })
  async regenerateRecoveryCodes(
    @Arg("totp", () => String, { nullable: true }) totp: string | null,
    @Arg("recoveryCode", () => String, { nullable: true }) recoveryCode: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<string[]> {
    return regenerateRecoveryCodes(ctx, { totp: totp ?? undefined, recoveryCode: recoveryCode ?? undefined });
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const accountResolvers: Function[] = [AccountResolver];
