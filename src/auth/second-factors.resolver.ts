import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { parseId } from "../ids.js";
import { disableTwoFactorForPerson } from "./disable-two-factor.service.js";
import { disableEmailOtp, enableEmailOtp, getFidoChallenge, preEnableEmailOtp, preRegisterFido, registerFido, unregisterFido } from "./unsupported-factors.service.js";

// The second-factor settings of Kitsu's profile and People pages. The fields
// for security keys and codes by email always fail with BAD_USER_INPUT, so
// that Kitsu's calls get Zou's errors for a method that is not set up.

@Resolver()
export class SecondFactorsResolver {
  @Query(() => Boolean, { description: "Always fails: Kumiki has no security keys (FIDO) to challenge." })
  fidoChallenge(@Arg("email", () => String) email: string): boolean {
    return getFidoChallenge(email);
  }

  @Mutation(() => Boolean, { description: "Always fails: security keys (FIDO) are not supported." })
  preRegisterFido(@Ctx() ctx: RequestContext): boolean {
    return preRegisterFido(ctx);
  }

  @Mutation(() => Boolean, { description: "Always fails: security keys (FIDO) are not supported." })
  registerFido(@Ctx() ctx: RequestContext): boolean {
    return registerFido(ctx);
  }

  @Mutation(() => Boolean, { description: "Always fails: security keys (FIDO) are not supported." })
  unregisterFido(@Ctx() ctx: RequestContext): boolean {
    return unregisterFido(ctx);
  }

  @Mutation(() => Boolean, { description: "Always fails: Kumiki sends no codes by email." })
  preEnableEmailOtp(@Ctx() ctx: RequestContext): boolean {
    return preEnableEmailOtp(ctx);
  }

  @Mutation(() => Boolean, { description: "Always fails: no code by email was sent, so none can be confirmed." })
  enableEmailOtp(@Ctx() ctx: RequestContext): boolean {
    return enableEmailOtp(ctx);
  }

  @Mutation(() => Boolean, { description: "Always fails: Kumiki cannot check codes by email." })
  disableEmailOtp(@Ctx() ctx: RequestContext): boolean {
    return disableEmailOtp(ctx);
  }

  @Mutation(() => Boolean, { description: "Turns off every second factor of a person; admins only, and not for another admin." })
  async disableTwoFactorForPerson(@Arg("personId", () => String) personId: string, @Ctx() ctx: RequestContext) {
    return disableTwoFactorForPerson(ctx, parseId(personId));
  }
}
