import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "../../src/db/statements.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeProduction } from "./production.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

interface Context {
  projects: { id: string; name: string; team: string[]; descriptors: unknown[]; task_types_priority: Record<string, unknown> }[];
  persons: Record<string, unknown>[];
  notification_count: number;
  task_types: unknown[];
  asset_types: { name: string }[];
  project_roles: Record<string, string>;
  user_limit?: number;
}

describe("the user context", () => {
  it("lists the artist's open projects and the studio's reference lists", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const mine = await makeProduction(t.db, { shots: 2, assets: 1, teamIds: [artist.id], name: "Mine" });
    await makeProduction(t.db, { shots: 2, name: "Not mine" });
    const token = await t.login(artist.email!);

    const response = await t.request({ method: "GET", url: "/api/data/user/context", token });
    expect(response.statusCode).toBe(200);
    const context = response.json() as Context;
    expect(context.projects.map((project) => project.id)).toEqual([mine.projectId]);
    expect(context.projects[0].team).toEqual([artist.id]);
    expect(context.projects[0].descriptors).toEqual([]);
    expect(context.notification_count).toBe(0);
    expect(context.asset_types.map((type) => type.name)).toContain("Character");
    expect(context.asset_types.map((type) => type.name)).not.toContain("Shot");
    expect(context.user_limit).toBeUndefined();
  });

  it("gives artists the minimal variant of persons, without contact details", async () => {
    const artist = await t.make.makePerson({ role: "user", phone: "+33 1 23 45 67 89" });
    const token = await t.login(artist.email!);
    const context = (await t.request({ method: "GET", url: "/api/data/user/context", token })).json() as Context;
    const me = context.persons.find((entry) => entry.id === artist.id)!;
    expect(me.full_name).toBe(`${artist.firstName} ${artist.lastName}`);
    expect(me).not.toHaveProperty("email");
    expect(me).not.toHaveProperty("phone");
    expect(me).not.toHaveProperty("password");
  });

  it("gives managers the full safe variant and admins the user limit", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const token = await t.login(admin.email!);
    const context = (await t.request({ method: "GET", url: "/api/data/user/context", token })).json() as Context;
    const me = context.persons.find((entry) => entry.id === admin.id)!;
    expect(me.email).toBe(admin.email);
    expect(me).not.toHaveProperty("password");
    expect(typeof context.user_limit).toBe("number");
  });

  it("rejects a request without a token", async () => {
    const response = await t.request({ method: "GET", url: "/api/data/user/context" });
    expect(response.statusCode).toBe(401);
  });

  it("runs the same number of statements for 1 and for 30 projects", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const token = await t.login(admin.email!);
    const measure = async () => (await countStatements(() => t.request({ method: "GET", url: "/api/data/user/context", token }))).count;
    const before = await measure();
    for (let index = 0; index < 30; index += 1) await makeProduction(t.db, { shots: 1, teamIds: [admin.id] });
    expect(await measure()).toBe(before);
  });
});
