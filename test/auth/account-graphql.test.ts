import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/auth/totp.js";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// The account mutations of the GraphQL API, which run the services behind
// Zou's account routes.

let t: TestApp;
let outbox: string;

beforeAll(async () => {
  outbox = mkdtempSync(path.join(tmpdir(), "kumiki-account-graphql-outbox-"));
  t = await createTestApp({ env: { KUMIKI_MAIL_OUTBOX: outbox } });
});

afterAll(async () => {
  await t.close();
  rmSync(outbox, { recursive: true, force: true });
});

const CHANGE_PASSWORD = `mutation Change($old: String!, $password: String!) {
  changePassword(oldPassword: $old, password: $password, passwordConfirmation: $password)
}`;

describe("account mutations", () => {
  it("changePassword sets the password", async () => {
    const session = await loginAs(t, "user");
    const { body } = await t.graphql(CHANGE_PASSWORD, { token: session.token, variables: { old: TEST_PASSWORD, password: "graphql-password-1" } });
    expect(body.errors).toBeUndefined();
    expect(body.data?.changePassword).toBe(true);
    expect(await t.login(session.person.email!, "graphql-password-1")).toEqual(expect.any(String));
  });

  it("changePassword rejects a wrong old password", async () => {
    const session = await loginAs(t, "user");
    const { body } = await t.graphql(CHANGE_PASSWORD, { token: session.token, variables: { old: "wrong-password", password: "graphql-password-1" } });
    expect(body.errors?.[0]?.message).toBe("Old password is wrong.");
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("enrols TOTP in two steps", async () => {
    const session = await loginAs(t, "user");
    const started = await t.graphql("mutation { preEnableTotp { provisioningUri secret } }", { token: session.token });
    const enrolment = started.body.data?.preEnableTotp as { provisioningUri: string; secret: string };
    expect(enrolment.provisioningUri).toContain(`secret=${enrolment.secret}`);

    const enabled = await t.graphql("mutation Enable($code: String!) { enableTotp(code: $code) }", { token: session.token, variables: { code: totpCode(enrolment.secret) } });
    expect(enabled.body.errors).toBeUndefined();
    expect(enabled.body.data?.enableTotp).toHaveLength(16);
  });

  it("createPasswordResetLink rejects an artist", async () => {
    const session = await loginAs(t, "user");
    const target = await loginAs(t, "user");
    const { body } = await t.graphql("mutation Link($id: ID!) { createPasswordResetLink(personId: $id) }", { token: session.token, variables: { id: target.person.id } });
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
