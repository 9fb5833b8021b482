import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppServices } from "../context.js";
import { requireViewer } from "../context.js";
import { getOrCreateOrganisation, organisationToZouJson } from "../people/organisation.service.js";
import { personToZouJson, type PersonRow } from "../people/person.json.js";
import { logIn, logOut } from "./auth.service.js";
import { registerAccountRoutes } from "./account.routes.js";
import { isFromBrowser } from "./browser.js";
import { secondFactorInputFromBody } from "./second-factor-check.js";
import type { TokenPair } from "./tokens.js";

// Zou's authentication routes, with its bodies and status codes: a failed
// login is 400 {"login": false}, an inactive account 401.

const ACCESS_COOKIE = "access_token_cookie";
const REFRESH_COOKIE = "refresh_token_cookie";

function cookieOptions(request: FastifyRequest, maxAgeSeconds: number) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: request.protocol === "https",
    maxAge: maxAgeSeconds,
  };
}

/** Sets the access and refresh token cookies that a browser login receives. */
export function setAuthCookies(request: FastifyRequest, reply: FastifyReply, services: AppServices, tokens: TokenPair): void {
  void reply.setCookie(ACCESS_COOKIE, tokens.accessToken, cookieOptions(request, services.config.accessTokenTtl));
  void reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, cookieOptions(request, services.config.refreshTokenTtl));
}

async function personWithDepartments(request: FastifyRequest, person: PersonRow) {
  const links = await request.ctx.loaders.departmentLinksByPersonId.load(person.id);
  return personToZouJson(person, links.map((link) => link.departmentId));
}

export function registerAuthRoutes(app: FastifyInstance, services: AppServices): void {
  app.post("/auth/login", { config: { auth: "public" } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === "string" ? body.email : "";
    const password = typeof body.password === "string" ? body.password : "";
    const fromBrowser = isFromBrowser(request.headers["user-agent"]);

    const result = await logIn(services, {
      email,
      password,
      secondFactor: secondFactorInputFromBody(body),
      ip: (request.headers["x-real-ip"] as string | undefined) ?? request.ip,
      origin: fromBrowser ? "web" : "script",
    });
    if (!result.ok) {
      request.log.info({ failure: result.failure }, "login rejected");
      if (result.failure === "inactive") {
        return reply.status(401).send({ error: true, login: false, unactive: true, message: "User is unactive, he cannot log in." });
      }
      if (result.failure === "locked") {
        return reply.status(400).send({ error: true, login: false, too_many_failed_login_attemps: true });
      }
      if (result.failure === "missing-otp") {
        // Kitsu's login page offers the listed methods, starting with the preferred one.
        return reply.status(400).send({
          error: true,
          login: false,
          missing_OTP: true,
          preferred_two_factor_authentication: result.preferredMethod,
          two_factor_authentication_enabled: result.methods,
        });
      }
      if (result.failure === "wrong-otp") return reply.status(400).send({ error: true, login: false, wrong_OTP: true });
      return reply.status(400).send({ login: false });
    }

    const organisation = await getOrCreateOrganisation(services.db);
    if (fromBrowser) setAuthCookies(request, reply, services, result.tokens);
    return {
      user: await personWithDepartments(request, result.person),
      organisation: organisationToZouJson(organisation, result.person.role === "admin"),
      login: true,
      access_token: result.tokens.accessToken,
      refresh_token: result.tokens.refreshToken,
    };
  });

  app.get("/auth/authenticated", async (request) => {
    const viewer = requireViewer(request.ctx);
    const organisation = await getOrCreateOrganisation(services.db);
    return {
      authenticated: true,
      user: await personWithDepartments(request, viewer.person),
      organisation: organisationToZouJson(organisation, viewer.role === "admin"),
    };
  });

  app.get("/auth/logout", async (request, reply) => {
    const viewer = requireViewer(request.ctx);
    await logOut(services, viewer);
    if (isFromBrowser(request.headers["user-agent"])) clearCookies(reply);
    return { logout: true };
  });

  app.get("/auth/refresh-token", { config: { auth: "refresh" } }, async (request, reply) => {
    const viewer = requireViewer(request.ctx);
    const access = await services.tokens.issueAccess(viewer.id, viewer.tokenId);
    if (isFromBrowser(request.headers["user-agent"])) {
      void reply.setCookie(ACCESS_COOKIE, access.token, cookieOptions(request, services.config.accessTokenTtl));
      return { refresh: true };
    }
    return { access_token: access.token };
  });

  registerAccountRoutes(app, services);
}

function clearCookies(reply: FastifyReply): void {
  void reply.clearCookie(ACCESS_COOKIE, { path: "/" });
  void reply.clearCookie(REFRESH_COOKIE, { path: "/" });
}
