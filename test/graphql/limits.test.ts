import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "../../src/db/statements.js";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let token: string;

beforeAll(async () => {
  // A low cost limit keeps the over-limit operations small enough to run fast.
  t = await createTestApp({ env: { GRAPHQL_MAX_COST: "1000" } });
  const artist = await t.make.makePerson({ role: "user" });
  token = await t.login(artist.email!);
});

afterAll(async () => {
  await t.close();
});

describe("GraphQL cost limit", () => {
  it("costs userContext by its statements", async () => {
    // Each userContext runs about twenty statements: 200 aliases of it would
    // run about 4,000, so they must be rejected before any of them runs.
    const aliases = Array.from({ length: 200 }, (_, index) => `c${index}: userContext`).join(" ");

    const measured = await countStatements(() => t.graphql(`{ ${aliases} }`, { token }));

    expect(measured.count).toBeLessThanOrEqual(2);
    expect(measured.result.status).toBe(400);
    expect(measured.result.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("costs first from a variable default", async () => {
    // With first = 5000 the cost is about 15,000, but the rule costs the default
    // value as the default page size (100), about 300.
    const query = "query ($size: Int = 5000) { projects(first: $size) { nodes { id name } } }";

    const withDefault = await t.graphql(query, { token });
    const withVariable = await t.graphql(query, { token, variables: { size: 5000 } });

    expect(withVariable.status).toBe(400);
    expect(withDefault.status).toBe(400);
    expect(withDefault.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });
});

describe("GraphQL input", () => {
  it("rejects a NUL byte in a filter", async () => {
    const response = await t.graphql('{ projects(name: "\\u0000") { nodes { id } } }', { token });

    expect(response.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("reports a mutation as a client error", async () => {
    const response = await t.graphql("mutation { anything }", { token });

    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
  });
});
