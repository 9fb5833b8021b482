import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppServices } from "../context.js";
import { setAuthCookies } from "./auth.routes.js";
import { SamlRejection, samlServiceProvider, SamlUnavailableError } from "./saml.js";
import { findOrCreateSamlPerson, logInSamlPerson } from "./saml.person.js";

// Zou's SAML routes: GET /auth/saml/login sends the browser to the IdP, and
// the IdP posts its response to POST /auth/saml/sso, which logs the person in
// with the cookies of a password login and sends the browser to the site.

/** Zou's body when SAML is off, where `error` is a string and there is no `message`. */
const SAML_DISABLED_BODY = { error: "SAML is not enabled." };

function answerSamlFailure(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof SamlRejection) {
    request.log.info({ reason: error.message }, "SAML response rejected");
    return reply.status(error.status).send({ error: true, message: error.message });
  }
  if (error instanceof SamlUnavailableError) {
    request.log.warn({ reason: error.message }, "SAML identity provider unavailable");
    return reply.status(503).send({ error: true, message: error.message });
  }
  throw error;
}

function readSamlResponseField(body: unknown): string | undefined {
  if (body instanceof URLSearchParams) return body.get("SAMLResponse") ?? undefined;
  if (body !== null && typeof body === "object" && typeof (body as Record<string, unknown>).SAMLResponse === "string") {
    return (body as Record<string, string>).SAMLResponse;
  }
  return undefined;
}

export function registerSamlRoutes(app: FastifyInstance, services: AppServices): void {
  const settings = services.config.saml;
  const siteUrl = `${services.config.domainProtocol}://${services.config.domainName}`;

  app.get("/auth/saml/login", { config: { auth: "public" } }, async (request, reply) => {
    if (!settings.enabled) return reply.status(400).send(SAML_DISABLED_BODY);
    try {
      const location = await samlServiceProvider(services.config).buildLoginUrl();
      return reply.redirect(location, 302);
    } catch (error) {
      return answerSamlFailure(request, reply, error);
    }
  });

  // The IdP posts an HTML form, so this scope alone parses form bodies.
  void app.register(async (scope) => {
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
      done(null, new URLSearchParams(body as string));
    });

    scope.post("/auth/saml/sso", { config: { auth: "public" } }, async (request, reply) => {
      if (!settings.enabled) return reply.status(400).send(SAML_DISABLED_BODY);
      const encoded = readSamlResponseField(request.body);
      if (encoded === undefined) {
        request.log.info("SAML response rejected: no SAMLResponse field");
        return reply.status(400).send({ error: true, message: "The SAMLResponse form field is missing." });
      }

      try {
        const identity = await samlServiceProvider(services.config).acceptResponse(services.db, encoded);
        const found = await findOrCreateSamlPerson(request.ctx, identity);
        // An inactive person gets the same redirect, without cookies, as in Zou.
        if (found.active !== false) {
          const ip = (request.headers["x-real-ip"] as string | undefined) ?? request.ip;
          const tokens = await logInSamlPerson(services, found, ip);
          setAuthCookies(request, reply, services, tokens);
          request.log.info({ personId: found.id }, "SAML login accepted");
        } else {
          request.log.info({ personId: found.id }, "SAML login of an inactive person, no session opened");
        }
        return reply.redirect(siteUrl, 302);
      } catch (error) {
        return answerSamlFailure(request, reply, error);
      }
    });
  });
}
