import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

// Plain JSON queries that succeed skip Apollo's request pipeline. Whichever
// way a request takes, the client must get the same response.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

async function post(token: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.request({ method: "POST", url: "/graphql", token, payload, headers: { "content-type": "application/json", ...headers } });
}

describe("short way for queries", () => {
  it("returns what Apollo returns for a successful query", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const project = await t.make.makeProject({ team: [{ id: artist.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const token = await t.login(artist.email!);
    const query = "query Shot($id: ID!) { entity(id: $id) { id name projectId } }";

    const short = await post(token, { query, variables: { id: shot.id } });
    // A request with `extensions` always goes through Apollo.
    const apollo = await post(token, { query, variables: { id: shot.id }, extensions: {} });

    expect(short.statusCode).toBe(200);
    expect(apollo.statusCode).toBe(200);
    expect(short.json()).toEqual(apollo.json());
    expect(short.json().data.entity).toMatchObject({ id: shot.id, projectId: project.id });
    expect(short.headers["cache-control"]).toBe("no-store");
    expect(apollo.headers["cache-control"]).toBe("no-store");
    expect(short.headers["content-type"]).toContain("application/json");
  });

  it("returns Apollo's error response when a query fails", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const query = "query Shot($id: ID!) { entity(id: $id) { id } }";
    const unknownId = "0b7e7d0e-4d6f-4e44-9a57-2f6e3b1c9d21";

    const first = await post(token, { query, variables: { id: unknownId } });
    const apollo = await post(token, { query, variables: { id: unknownId }, extensions: {} });
    expect(first.json()).toEqual(apollo.json());
    expect(first.json().errors[0].extensions.code).toBe("NOT_FOUND");
  });

  it("reports a wrong variable type as Apollo does", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const query = "query Shot($id: ID!) { entity(id: $id) { id } }";

    const short = await post(token, { query, variables: { id: { nested: true } } });
    const apollo = await post(token, { query, variables: { id: { nested: true } }, extensions: {} });
    expect(short.statusCode).toBe(apollo.statusCode);
    expect(short.json()).toEqual(apollo.json());
    expect(short.statusCode).toBe(400);
  });

  it("picks the named operation of a document with several", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const query = "query Mine { me { id } } query Other { me { email } }";

    const mine = await post(token, { query, operationName: "Mine" });
    const other = await post(token, { query, operationName: "Other" });
    expect(mine.json()).toEqual({ data: { me: { id: artist.id } } });
    expect(other.json()).toEqual({ data: { me: { email: artist.email } } });

    const missing = await post(token, { query });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toHaveLength(1);
  });

  it("leaves mutations to Apollo", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const token = await t.login(admin.email!);
    const mutation = "mutation { __typename }";

    const response = await post(token, { query: mutation });
    expect(response.json()).toEqual({ data: { __typename: "Mutation" } });
  });

  it("rejects a syntax error with Apollo's 400", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);

    const response = await post(token, { query: "query { me { id }" });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("applies the depth limit on the short way too", async () => {
    const limited = await createTestApp({ env: { GRAPHQL_MAX_DEPTH: "3" } });
    try {
      const artist = await limited.make.makePerson({ role: "user" });
      const token = await limited.login(artist.email!);
      const response = await limited.request({
        method: "POST",
        url: "/graphql",
        token,
        headers: { "content-type": "application/json" },
        payload: { query: "{ projects { edges { node { id } } } }" },
      });
      expect(response.json().errors[0].extensions.code).toBe("QUERY_TOO_COMPLEX");
    } finally {
      await limited.close();
    }
  });
});
