import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { decodeRedirectRequest, makeKeyPair, TestIdentityProvider, type ResponseOptions } from "../support/saml.idp.js";

const SITE = "https://kitsu.example.test";
const SP = { entityId: `${SITE}/api/auth/saml/login`, acsUrl: `${SITE}/api/auth/saml/sso` };

let t: TestApp;
let idp: TestIdentityProvider;

beforeAll(async () => {
  idp = new TestIdentityProvider(await makeKeyPair());
  t = await createTestApp({
    env: {
      SAML_ENABLED: "true",
      SAML_IDP_NAME: "Studio SSO",
      SAML_METADATA_XML: idp.metadata(),
      DOMAIN_NAME: "kitsu.example.test",
      DOMAIN_PROTOCOL: "https",
    },
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

function postResponse(samlResponse: string) {
  return t.request({
    method: "POST",
    url: "/api/auth/saml/sso",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
  });
}

async function respond(options: ResponseOptions) {
  return postResponse(await idp.respond(SP, options));
}

function cookieNames(response: { cookies: { name: string }[] }): string[] {
  return response.cookies.map((cookie) => cookie.name).sort();
}

async function eventsNamed(name: string, personId: string) {
  return t.db.query<{ name: string }>("select name from api_event where name = $1 and data->>'person_id' = $2", [name, personId]);
}

describe("GET /auth/saml/login", () => {
  it("redirects to the IdP with an AuthnRequest", async () => {
    const response = await t.request({ method: "GET", url: "/api/auth/saml/login" });

    expect(response.statusCode).toBe(302);
    const location = String(response.headers.location);
    expect(location.startsWith(`${idp.ssoUrl}?`)).toBe(true);
    const query = new URL(location).searchParams;
    expect(query.has("RelayState")).toBe(false);
    expect(query.has("Signature")).toBe(false);
    const request = decodeRedirectRequest(location);
    expect(request).toContain("AuthnRequest");
    expect(request).toContain(`AssertionConsumerServiceURL="${SP.acsUrl}"`);
    expect(request).toContain(`>${SP.entityId}</saml:Issuer>`);
  });

  it("is served at the root path too and ignores a bad token", async () => {
    const response = await t.request({ method: "GET", url: "/auth/saml/login", headers: { authorization: "Bearer not-a-jwt" } });
    expect(response.statusCode).toBe(302);
  });

  it("is reported by /config", async () => {
    const response = await t.request({ method: "GET", url: "/api/config" });
    expect(response.json()).toMatchObject({ saml_enabled: true, saml_idp_name: "Studio SSO" });
  });
});

describe("POST /auth/saml/sso", () => {
  it("creates an unknown person and logs them in", async () => {
    const response = await respond({
      email: "New.Artist@Example.com",
      attributes: { first_name: ["Ana", "Maria"], last_name: "Lopez", country: " fr ", phone: "+33 1 23" },
    });

    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(SITE);
    expect(cookieNames(response)).toEqual(["access_token_cookie", "refresh_token_cookie"]);
    const [created] = await t.db.query<{ id: string; first_name: string; last_name: string; country: string; phone: string; role: string; active: boolean }>(
      "select id, first_name, last_name, country, phone, role, active from person where email = $1",
      ["new.artist@example.com"],
    );
    expect(created).toMatchObject({ first_name: "Ana Maria", last_name: "Lopez", country: "FR", phone: "+33 1 23", role: "user", active: true });
    expect(await eventsNamed("person:new", created.id)).toHaveLength(1);
    const logs = await t.db.query<{ origin: string }>("select origin from login_log where person_id = $1", [created.id]);
    expect(logs).toEqual([{ origin: "web" }]);

    const access = response.cookies.find((cookie) => cookie.name === "access_token_cookie")!;
    expect(access.httpOnly).toBe(true);
    const authenticated = await t.request({ method: "GET", url: "/api/auth/authenticated", cookies: { access_token_cookie: access.value } });
    expect(authenticated.statusCode).toBe(200);
    expect(authenticated.json().user.id).toBe(created.id);
  });

  it("matches an existing person by email and updates changed attributes", async () => {
    const existing = await t.make.makePerson({ email: "known@example.com", firstName: "Old", lastName: "Name", role: "supervisor" });
    const response = await respond({ email: "KNOWN@example.com", attributes: { first_name: "New", country: "not-a-country" } });

    expect(response.statusCode).toBe(302);
    expect(cookieNames(response)).toEqual(["access_token_cookie", "refresh_token_cookie"]);
    const rows = await t.db.query<{ id: string; first_name: string; last_name: string; role: string; country: string | null }>(
      "select id, first_name, last_name, role, country from person where lower(email) = $1",
      ["known@example.com"],
    );
    expect(rows).toEqual([{ id: existing.id, first_name: "New", last_name: "Name", role: "supervisor", country: null }]);
    expect(await eventsNamed("person:update", existing.id)).toHaveLength(1);
  });

  it("records no update when no attribute differs", async () => {
    const existing = await t.make.makePerson({ email: "same@example.com", firstName: "Same" });
    const response = await respond({ email: "same@example.com", attributes: { first_name: "Same" } });
    expect(response.statusCode).toBe(302);
    expect(await eventsNamed("person:update", existing.id)).toHaveLength(0);
  });

  it("redirects an inactive person without cookies", async () => {
    await t.make.makePerson({ email: "inactive@example.com", active: false });
    const response = await respond({ email: "inactive@example.com" });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(SITE);
    expect(response.cookies).toEqual([]);
  });

  it("rejects an unsigned response", async () => {
    const response = await respond({ email: "unsigned@example.com", sign: "none" });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: true, message: expect.stringContaining("signature") });
    expect(await t.db.query("select id from person where email = $1", ["unsigned@example.com"])).toEqual([]);
  });

  it("rejects a response whose assertion is not signed", async () => {
    const response = await respond({ email: "envelope@example.com", sign: "response" });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/signature/);
    expect(response.cookies).toEqual([]);
  });

  it("rejects a response signed with another key", async () => {
    const response = await respond({ email: "forged@example.com", signingKeys: await makeKeyPair("Forger") });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/signature/);
    expect(response.cookies).toEqual([]);
    expect(await t.db.query("select id from person where email = $1", ["forged@example.com"])).toEqual([]);
  });

  it("rejects an expired assertion", async () => {
    const issuedAt = new Date(Date.now() - 20 * 60 * 1000);
    const response = await respond({ email: "late@example.com", issuedAt, notOnOrAfter: new Date(Date.now() - 10 * 60 * 1000) });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/expired/);
  });

  it("accepts an assertion within the clock skew", async () => {
    const response = await respond({ email: "skewed@example.com", notBefore: new Date(Date.now() + 20 * 1000) });
    expect(response.statusCode).toBe(302);
  });

  it("rejects an assertion that is not yet valid", async () => {
    const response = await respond({ email: "early@example.com", notBefore: new Date(Date.now() + 10 * 60 * 1000) });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/not yet valid/);
  });

  it("rejects a replayed assertion", async () => {
    const samlResponse = await idp.respond(SP, { email: "replay@example.com" });
    const first = await postResponse(samlResponse);
    const second = await postResponse(samlResponse);

    expect(first.statusCode).toBe(302);
    expect(second.statusCode).toBe(401);
    expect(second.json().message).toBe("The SAML assertion was already used.");
    expect(second.cookies).toEqual([]);
  });

  it("purges expired assertion ids", async () => {
    await t.db.query("insert into kumiki_saml_assertion (id, expires_at) values ($1, now() - interval '1 hour')", ["_stale"]);
    await respond({ email: "purge@example.com" });
    expect(await t.db.query("select id from kumiki_saml_assertion where id = $1", ["_stale"])).toEqual([]);
  });

  it("rejects an assertion for another audience", async () => {
    const response = await respond({ email: "audience@example.com", audience: "https://other.example.test/sp" });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/audience/);
  });

  it("rejects an assertion for another recipient", async () => {
    const response = await respond({ email: "recipient@example.com", recipient: "https://other.example.test/api/auth/saml/sso" });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/not addressed to/);
  });

  it("rejects a response for another destination", async () => {
    const response = await respond({ email: "destination@example.com", destination: "https://other.example.test/api/auth/saml/sso" });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/destination/);
  });

  it("rejects a NameID that is not an email address", async () => {
    const response = await respond({ email: "just-a-login" });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/NameID/);
  });

  it("rejects a missing or malformed SAMLResponse with 400", async () => {
    const missing = await t.request({ method: "POST", url: "/auth/saml/sso", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "RelayState=x" });
    const notBase64 = await postResponse("%%% not base64 %%%");
    const notXml = await postResponse(Buffer.from("hello").toString("base64"));

    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/SAMLResponse/);
    expect(notBase64.statusCode).toBe(400);
    expect(notXml.statusCode).toBe(400);
  });
});

describe("SAML disabled", () => {
  let disabled: TestApp;

  beforeAll(async () => {
    disabled = await createTestApp({ db: t.db });
  });

  afterAll(async () => {
    await disabled.app.close();
  });

  it("answers both routes with 400 and Zou's body", async () => {
    const login = await disabled.request({ method: "GET", url: "/api/auth/saml/login" });
    const sso = await disabled.request({ method: "POST", url: "/api/auth/saml/sso", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "SAMLResponse=abc" });

    expect(login.statusCode).toBe(400);
    expect(login.json()).toEqual({ error: "SAML is not enabled." });
    expect(sso.statusCode).toBe(400);
    expect(sso.json()).toEqual({ error: "SAML is not enabled." });
  });

  it("is reported as off by /config", async () => {
    const response = await disabled.request({ method: "GET", url: "/config" });
    expect(response.json()).toMatchObject({ saml_enabled: false, saml_idp_name: "" });
  });
});

describe("SAML attributes", () => {
  it("sets departments by id or name and a known studio", async () => {
    const [animation] = await t.db.query<{ id: string }>("insert into department (id, name, color) values (gen_random_uuid(), 'Animation', '#000000') returning id");
    const [layout] = await t.db.query<{ id: string }>("insert into department (id, name, color) values (gen_random_uuid(), 'Layout', '#000000') returning id");
    const [studio] = await t.db.query<{ id: string }>("insert into studio (id, name, color) values (gen_random_uuid(), 'Paris', '#000000') returning id");

    const response = await respond({
      email: "departments@example.com",
      attributes: { departments: [animation.id, "layout", "Unknown"], studio_id: studio.id },
    });

    expect(response.statusCode).toBe(302);
    const [created] = await t.db.query<{ id: string; studio_id: string }>("select id, studio_id from person where email = $1", ["departments@example.com"]);
    expect(created.studio_id).toBe(studio.id);
    const links = await t.db.query<{ department_id: string }>("select department_id from department_link where person_id = $1 order by department_id", [created.id]);
    expect(links.map((link) => link.department_id)).toEqual([animation.id, layout.id].sort());
  });

  it("ignores a studio_id that names no studio", async () => {
    const response = await respond({ email: "nostudio@example.com", attributes: { studio_id: "8f1c2a9e-4b7d-4c1e-9a55-0e2b7f3d6a10" } });
    expect(response.statusCode).toBe(302);
    const [created] = await t.db.query<{ studio_id: string | null }>("select studio_id from person where email = $1", ["nostudio@example.com"]);
    expect(created.studio_id).toBeNull();
  });
});

describe("IdP metadata from a URL", () => {
  let server: Server;
  let metadataUrl: string;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { "content-type": "application/xml" }).end(idp.metadata());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    metadataUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("fetches the metadata once and redirects to the IdP", async () => {
    const app = await createTestApp({ db: t.db, env: { SAML_ENABLED: "true", SAML_METADATA_URL: metadataUrl, DOMAIN_NAME: "kitsu.example.test" } });
    try {
      const first = await app.request({ method: "GET", url: "/auth/saml/login" });
      const second = await app.request({ method: "GET", url: "/auth/saml/login" });
      expect(first.statusCode).toBe(302);
      expect(second.statusCode).toBe(302);
      expect(String(first.headers.location).startsWith(idp.ssoUrl)).toBe(true);
      expect(requests).toBe(1);
    } finally {
      await app.app.close();
    }
  });

  it("answers 503 while the metadata cannot be fetched", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const app = await createTestApp({ db: t.db, env: { SAML_ENABLED: "true", SAML_METADATA_URL: `http://127.0.0.1:${port}/metadata` } });
    try {
      const response = await app.request({ method: "GET", url: "/auth/saml/login" });
      expect(response.statusCode).toBe(503);
      expect(response.json().message).toMatch(/could not be fetched/);
    } finally {
      await app.app.close();
    }
  });

  it("answers 503 when the metadata names no signing certificate", async () => {
    const broken = idp.metadata().replace(/<(\w+:)?KeyDescriptor[\s\S]*?<\/(\w+:)?KeyDescriptor>/g, "");
    const app = await createTestApp({ db: t.db, env: { SAML_ENABLED: "true", SAML_METADATA_XML: broken } });
    try {
      const response = await app.request({ method: "GET", url: "/auth/saml/login" });
      expect(response.statusCode).toBe(503);
      expect(response.json().message).toMatch(/no signing certificate/);
    } finally {
      await app.app.close();
    }
  });
});

describe("SAML settings", () => {
  const base = { SECRET_KEY: "test-secret-key-that-is-long-enough", DATA_DIR: "/tmp/kumiki-test-data" };

  it("derive the SP entity id and consumer URL from the domain", () => {
    const config = loadConfig({ ...base, SAML_ENABLED: "true", SAML_METADATA_URL: "https://idp.example.test/metadata", DOMAIN_NAME: "kitsu.studio.test", DOMAIN_PROTOCOL: "http" });
    expect(config.saml.spEntityId).toBe("http://kitsu.studio.test/api/auth/saml/login");
    expect(config.saml.acsUrl).toBe("http://kitsu.studio.test/api/auth/saml/sso");
    expect(config.saml.clockSkewSeconds).toBe(60);
  });

  it("require exactly one metadata source when enabled", () => {
    expect(() => loadConfig({ ...base, SAML_ENABLED: "true" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, SAML_ENABLED: "true", SAML_METADATA_URL: "https://idp.example.test/m", SAML_METADATA_FILE: "/etc/idp.xml" })).toThrow(/exactly one/);
  });

  it("reject an invalid protocol, URL or clock skew", () => {
    expect(() => loadConfig({ ...base, DOMAIN_PROTOCOL: "ftp" })).toThrow(/DOMAIN_PROTOCOL/);
    expect(() => loadConfig({ ...base, SAML_METADATA_URL: "file:///etc/passwd" })).toThrow(/SAML_METADATA_URL/);
    expect(() => loadConfig({ ...base, SAML_CLOCK_SKEW: "3600" })).toThrow(/SAML_CLOCK_SKEW/);
  });
});
