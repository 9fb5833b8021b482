import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/app.js";

let t: TestApp;
let email: string;

beforeAll(async () => {
  t = await createTestApp();
  const person = await t.make.makePerson({ email: "tokens@example.com" });
  email = person.email!;
});

afterAll(async () => {
  await t.close();
});

async function loginPair() {
  const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email, password: TEST_PASSWORD } });
  return response.json() as { access_token: string; refresh_token: string };
}

async function signWith(secret: string, claims: Record<string, unknown>) {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(secret));
}

describe("checking tokens", () => {
  it("answers /auth/authenticated with the logged-in person", async () => {
    const { access_token } = await loginPair();
    const response = await t.request({ method: "GET", url: "/api/auth/authenticated", token: access_token });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ authenticated: true, user: { email } });
  });

  it("accepts Zou's access_token_cookie instead of the header", async () => {
    const { access_token } = await loginPair();
    const response = await t.request({ method: "GET", url: "/auth/authenticated", cookies: { access_token_cookie: access_token } });
    expect(response.statusCode).toBe(200);
  });

  it("rejects a missing token with 401 on REST and UNAUTHENTICATED on GraphQL", async () => {
    const rest = await t.request({ method: "GET", url: "/api/auth/authenticated" });
    expect(rest.statusCode).toBe(401);
    const graphql = await t.graphql("{ me { email } }");
    expect(graphql.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("rejects a token that is not a JWT with Zou's 422", async () => {
    const rest = await t.request({ method: "GET", url: "/api/auth/authenticated", token: "not-a-jwt" });
    expect(rest.statusCode).toBe(422);
    const graphql = await t.graphql("{ me { email } }", { token: "not-a-jwt" });
    expect(graphql.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("rejects a token signed with another secret", async () => {
    const forged = await signWith("another-secret-entirely-different", { sub: "x", jti: "y", type: "access", exp: Math.floor(Date.now() / 1000) + 60 });
    const rest = await t.request({ method: "GET", url: "/api/auth/authenticated", token: forged });
    expect(rest.statusCode).toBe(422);
  });

  it("rejects an expired token with 401", async () => {
    const person = await t.make.makePerson();
    const expired = await signWith(t.config.secretKey, { sub: person.id, jti: "expired-jti", type: "access", exp: Math.floor(Date.now() / 1000) - 10 });
    const rest = await t.request({ method: "GET", url: "/api/auth/authenticated", token: expired });
    expect(rest.statusCode).toBe(401);
    expect(rest.json().msg).toBe("Token has expired");
    const graphql = await t.graphql("{ me { email } }", { token: expired });
    expect(graphql.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("rejects a refresh token where an access token is expected", async () => {
    const { refresh_token } = await loginPair();
    const rest = await t.request({ method: "GET", url: "/api/auth/authenticated", token: refresh_token });
    expect(rest.statusCode).toBe(422);
  });

  it("rejects the token of a person who was deactivated", async () => {
    const person = await t.make.makePerson({ email: "soon-gone@example.com" });
    const token = await t.login("soon-gone@example.com");
    await t.db.query("update person set active = false where id = $1", [person.id]);
    const rest = await t.request({ method: "GET", url: "/api/auth/authenticated", token });
    expect(rest.statusCode).toBe(401);
  });
});

describe("logging out", () => {
  it("revokes the access and refresh tokens on REST and GraphQL", async () => {
    const { access_token, refresh_token } = await loginPair();
    const logout = await t.request({ method: "GET", url: "/api/auth/logout", token: access_token });
    expect(logout.statusCode).toBe(200);
    expect(logout.json()).toEqual({ logout: true });

    const rest = await t.request({ method: "GET", url: "/api/auth/authenticated", token: access_token });
    expect(rest.statusCode).toBe(401);
    expect(rest.json().msg).toBe("Token has been revoked");
    const graphql = await t.graphql("{ me { email } }", { token: access_token });
    expect(graphql.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const refresh = await t.request({ method: "GET", url: "/api/auth/refresh-token", token: refresh_token });
    expect(refresh.statusCode).toBe(401);
  });

  it("stores the revocation in the database for the other instances", async () => {
    const { access_token } = await loginPair();
    await t.request({ method: "GET", url: "/api/auth/logout", token: access_token });
    const rows = await t.db.query<{ count: number }>("select count(*)::int as count from kumiki_token_revocation");
    expect(rows[0].count).toBeGreaterThanOrEqual(2);
  });

  it("leaves the person's other sessions alive", async () => {
    const first = await loginPair();
    const second = await loginPair();
    await t.request({ method: "GET", url: "/api/auth/logout", token: first.access_token });
    const response = await t.request({ method: "GET", url: "/api/auth/authenticated", token: second.access_token });
    expect(response.statusCode).toBe(200);
  });
});

describe("refreshing", () => {
  it("returns a new access token for a refresh token", async () => {
    const { refresh_token } = await loginPair();
    const response = await t.request({ method: "GET", url: "/api/auth/refresh-token", token: refresh_token });
    expect(response.statusCode).toBe(200);
    const { access_token } = response.json() as { access_token: string };
    const check = await t.request({ method: "GET", url: "/api/auth/authenticated", token: access_token });
    expect(check.statusCode).toBe(200);
  });

  it("rejects an access token on the refresh route with 422", async () => {
    const { access_token } = await loginPair();
    const response = await t.request({ method: "GET", url: "/api/auth/refresh-token", token: access_token });
    expect(response.statusCode).toBe(422);
  });

  it("revokes the refresh token when a refreshed access token logs out", async () => {
    const { refresh_token } = await loginPair();
    const refreshed = await t.request({ method: "GET", url: "/api/auth/refresh-token", token: refresh_token });
    const { access_token } = refreshed.json() as { access_token: string };
    await t.request({ method: "GET", url: "/api/auth/logout", token: access_token });
    const again = await t.request({ method: "GET", url: "/api/auth/refresh-token", token: refresh_token });
    expect(again.statusCode).toBe(401);
  });
});
