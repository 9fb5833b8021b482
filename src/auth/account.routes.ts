import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppServices } from "../context.js";
import { BadRequestError } from "../errors.js";
import { strictPathId, validationError } from "../rest/inputs.js";
import { bodyObject } from "../rest/route-table.js";
import { changeOwnPassword, createPasswordResetLink, requestPasswordReset, resetPasswordWithToken } from "./account-passwords.service.js";
import { setAuthCookies } from "./auth.routes.js";
import { isFromBrowser } from "./browser.js";
import { secondFactorInputFromBody } from "./second-factor-check.js";
import { disableTotp, enableTotp, preEnableTotp, regenerateRecoveryCodes } from "./totp-enrolment.service.js";

// Zou's account routes behind Kitsu's profile, login and People pages:
// password change and reset, authenticator app (TOTP) enrolment, recovery
// codes, and the OIDC sign-on button.

/** Returns a required non-empty string field of the body, or throws Zou's validation error naming it. */
function requiredText(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string") throw validationError(field, value === undefined || value === null ? "Field required" : "Input should be a valid string");
  if (value === "") throw validationError(field, "String should have at least 1 character");
  return value;
}

/**
 * Sends Zou's body for a rejected account action: {"error": true, "message"}
 * plus any flag Kitsu reads (wrong_OTP). Other errors go to the server's
 * error handler.
 */
async function withZouAccountErrors(reply: FastifyReply, action: () => Promise<unknown>): Promise<unknown> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof BadRequestError && error.details?.errors === undefined) {
      return reply.status(400).send({ error: true, message: error.message, ...(error.details ?? {}) });
    }
    throw error;
  }
}

export function registerAccountRoutes(app: FastifyInstance, services: AppServices): void {
  app.post("/auth/change-password", async (request, reply) => {
    const body = bodyObject(request.body);
    const oldPassword = requiredText(body, "old_password");
    const password = requiredText(body, "password");
    const confirmation = requiredText(body, "password_2");
    return withZouAccountErrors(reply, async () => {
      await changeOwnPassword(request.ctx, oldPassword, password, confirmation);
      return { success: true };
    });
  });

  // NOTE(compat): older Zou versions return 400 "Email not listed in
  // database." for an unknown address. Current Zou and Kumiki return the
  // same success for every address, so accounts cannot be probed.
  app.post("/auth/reset-password", { config: { auth: "public" } }, async (request) => {
    const email = requiredText(bodyObject(request.body), "email");
    await requestPasswordReset(request.ctx, email);
    return { success: "Reset token sent" };
  });

  app.put("/auth/reset-password", { config: { auth: "public" } }, async (request, reply) => {
    const body = bodyObject(request.body);
    const email = requiredText(body, "email");
    const token = requiredText(body, "token");
    const password = requiredText(body, "password");
    const confirmation = requiredText(body, "password2");
    return withZouAccountErrors(reply, async () => {
      await resetPasswordWithToken(request.ctx, email, token, password, confirmation);
      return { success: true };
    });
  });

  app.post("/actions/persons/:person_id/reset-password-link", async (request: FastifyRequest<{ Params: { person_id: string } }>, reply) => {
    const personId = strictPathId(request.params.person_id);
    return withZouAccountErrors(reply, async () => ({ reset_password_link: await createPasswordResetLink(request.ctx, personId) }));
  });

  app.put("/auth/totp", async (request, reply) =>
    withZouAccountErrors(reply, async () => {
      const { uri, secret } = await preEnableTotp(request.ctx);
      // Zou's spelling of the key, which Kitsu reads.
      return { totp_provisionning_uri: uri, otp_secret: secret };
    }),
  );

  app.post("/auth/totp", async (request, reply) => {
    const code = requiredText(bodyObject(request.body), "totp");
    return withZouAccountErrors(reply, async () => {
      const codes = await enableTotp(request.ctx, code);
      // As in Zou, the response carries a fresh token pair.
      const tokens = await services.tokens.issuePair(request.ctx.viewer!.id);
      if (isFromBrowser(request.headers["user-agent"])) setAuthCookies(request, reply, services, tokens);
      return { otp_recovery_codes: codes, access_token: tokens.accessToken, refresh_token: tokens.refreshToken };
    });
  });

  app.delete("/auth/totp", async (request, reply) => {
    const input = secondFactorInputFromBody(bodyObject(request.body));
    return withZouAccountErrors(reply, async () => {
      await disableTotp(request.ctx, input);
      return { success: true };
    });
  });

  app.put("/auth/recovery-codes", async (request, reply) => {
    const input = secondFactorInputFromBody(bodyObject(request.body));
    return withZouAccountErrors(reply, async () => ({ otp_recovery_codes: await regenerateRecoveryCodes(request.ctx, input) }));
  });

  // NOTE(compat): Kumiki has no OpenID Connect client, so the sign-on button
  // gets Zou's 400 for a server with OIDC turned off, and /config reports
  // oidc_enabled false.
  app.get("/auth/oidc/login", { config: { auth: "public" } }, async (_request, reply) =>
    reply.status(400).send({ error: "OIDC is not enabled." }),
  );
}
