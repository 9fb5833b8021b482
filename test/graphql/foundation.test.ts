import { readFile } from "node:fs/promises";
import { printSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "../../src/db/statements.js";
import { getSchema } from "../../src/graphql/schema.js";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("the me query", () => {
  it("returns the logged-in person", async () => {
    await t.make.makePerson({ email: "me@example.com", role: "supervisor", firstName: "Ada", lastName: "Lovelace" });
    const token = await t.login("me@example.com");
    const { status, body } = await t.graphql("{ me { email role fullName } }", { token });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.me).toEqual({ email: "me@example.com", role: "supervisor", fullName: "Ada Lovelace" });
  });
});

describe("the projects list", () => {
  it("shows admins every project and others only their teams' projects", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const artist = await t.make.makePerson({ role: "user" });
    const mine = await t.make.makeProject({ name: "Mine", team: [{ id: artist.id }] });
    const other = await t.make.makeProject({ name: "Other" });

    const adminToken = await t.login(admin.email!);
    const artistToken = await t.login(artist.email!);
    const query = "{ projects { nodes { id name } } }";

    const asAdmin = await t.graphql(query, { token: adminToken });
    const adminIds = (asAdmin.body.data?.projects as { nodes: { id: string }[] }).nodes.map((node) => node.id);
    expect(adminIds).toContain(mine.id);
    expect(adminIds).toContain(other.id);

    const asArtist = await t.graphql(query, { token: artistToken });
    const artistIds = (asArtist.body.data?.projects as { nodes: { id: string }[] }).nodes.map((node) => node.id);
    expect(artistIds).toEqual([mine.id]);
  });

  it("pages with cursors and counts the total only when asked", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    for (const name of ["Page A", "Page B", "Page C"]) await t.make.makeProject({ name });
    const token = await t.login(admin.email!);

    const first = await t.graphql('{ projects(first: 2, name: "Page") { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }', { token });
    const page = first.body.data?.projects as { totalCount: number; nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    expect(page.totalCount).toBe(3);
    expect(page.nodes.map((node) => node.name)).toEqual(["Page A", "Page B"]);
    expect(page.pageInfo.hasNextPage).toBe(true);

    const second = await t.graphql(`{ projects(first: 2, name: "Page", after: "${page.pageInfo.endCursor}") { nodes { name } pageInfo { hasNextPage } } }`, { token });
    const rest = second.body.data?.projects as { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean } };
    expect(rest.nodes.map((node) => node.name)).toEqual(["Page C"]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it("sends no count query when totalCount is not selected", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const token = await t.login(admin.email!);
    const { statements } = await countStatements(() => t.graphql("{ projects { nodes { id } } }", { token }));
    expect(statements.some((statement) => /count\(/i.test(statement))).toBe(false);
  });

  it("rejects an invalid cursor with BAD_USER_INPUT", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const token = await t.login(admin.email!);
    const { body } = await t.graphql('{ projects(after: "garbage") { nodes { id } } }', { token });
    expect(body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("one project by id", () => {
  it("answers NOT_FOUND, BAD_USER_INPUT and FORBIDDEN as fits", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const outside = await t.make.makeProject({ name: "Outside" });
    const token = await t.login(artist.email!);

    const unknown = await t.graphql('{ project(id: "00000000-0000-4000-8000-000000000000") { id } }', { token });
    expect(unknown.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const malformed = await t.graphql('{ project(id: "nope") { id } }', { token });
    expect(malformed.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const forbidden = await t.graphql(`{ project(id: "${outside.id}") { id } }`, { token });
    expect(forbidden.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});

describe("query limits", () => {
  it("rejects an over-deep query with QUERY_TOO_COMPLEX before any SQL runs", async () => {
    // A depth limit of 3 makes a four-level query too deep.
    const deepConfig = await createTestApp({ env: { GRAPHQL_MAX_DEPTH: "3" } });
    try {
      const deepToken = await deepConfig.login((await deepConfig.make.makePerson({ role: "admin" })).email!);
      const { result, count } = await countStatements(() =>
        deepConfig.graphql("{ projects { edges { node { id } } } }", { token: deepToken }),
      );
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0].extensions?.code).toBe("QUERY_TOO_COMPLEX");
      // Only the token check's person read ran; no resolver reached the database.
      expect(count).toBeLessThanOrEqual(1);
    } finally {
      await deepConfig.close();
    }
  });

  it("rejects a query whose page sizes multiply past the cost limit", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const token = await t.login(admin.email!);
    const aliases = Array.from({ length: 30 }, (_, i) => `p${i}: projects(first: 5000) { nodes { id name code } }`).join(" ");
    const { status, body } = await t.graphql(`{ ${aliases} }`, { token });
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });
});

describe("the schema file", () => {
  it("matches the schema the server builds", async () => {
    const committed = await readFile(new URL("../../schema/schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(`${printSchema(await getSchema())}\n`);
  });
});
