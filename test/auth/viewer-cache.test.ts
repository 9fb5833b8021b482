import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "../../src/db/statements.js";
import { createTestApp, type TestApp } from "../support/app.js";

// Each instance keeps the people it authenticated in memory. A change to a
// person or to their team links must reach the next request, whether this
// instance, another instance or a script wrote it.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

async function authenticatedRole(token: string, app: TestApp = t): Promise<{ status: number; role?: string }> {
  const response = await app.request({ method: "GET", url: "/auth/authenticated", token });
  return { status: response.statusCode, role: response.statusCode === 200 ? response.json().user.role : undefined };
}

async function waitFor(check: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe("viewer cache", () => {
  it("reads the person once for repeated requests", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    await authenticatedRole(token);

    const first = await countStatements(() => authenticatedRole(token));
    const { statements } = await countStatements(() => authenticatedRole(token));
    expect(first.statements.filter((statement) => statement.includes("project_person_link"))).toHaveLength(0);
    expect(statements).toEqual(first.statements);
  });

  it("applies a role change on the next request", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const manager = await t.make.makePerson({ role: "manager" });
    const adminToken = await t.login(admin.email!);
    const managerToken = await t.login(manager.email!);
    expect(await authenticatedRole(managerToken)).toEqual({ status: 200, role: "manager" });

    const update = await t.request({ method: "PUT", url: `/data/persons/${manager.id}`, token: adminToken, payload: { role: "user" } });
    expect(update.statusCode).toBe(200);

    expect(await authenticatedRole(managerToken)).toEqual({ status: 200, role: "user" });
  });

  it("refuses a deactivated person on the next request", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const artist = await t.make.makePerson({ role: "user" });
    const adminToken = await t.login(admin.email!);
    const artistToken = await t.login(artist.email!);
    expect((await authenticatedRole(artistToken)).status).toBe(200);

    const update = await t.request({ method: "PUT", url: `/data/persons/${artist.id}`, token: adminToken, payload: { active: false } });
    expect(update.statusCode).toBe(200);

    expect((await authenticatedRole(artistToken)).status).toBe(401);
  });

  it("applies a team removal on the next request", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const artist = await t.make.makePerson({ role: "user" });
    const project = await t.make.makeProject({ team: [{ id: artist.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const adminToken = await t.login(admin.email!);
    const artistToken = await t.login(artist.email!);
    expect((await t.request({ method: "GET", url: `/data/entities/${shot.id}`, token: artistToken })).statusCode).toBe(200);

    const removal = await t.request({ method: "DELETE", url: `/data/projects/${project.id}/team/${artist.id}`, token: adminToken });
    expect(removal.statusCode).toBe(204);

    expect((await t.request({ method: "GET", url: `/data/entities/${shot.id}`, token: artistToken })).statusCode).toBe(403);
  });

  it("keeps the cached person apart from what a request changes", async () => {
    const artist = await t.make.makePerson({ role: "user", firstName: "Ada" });
    const token = await t.login(artist.email!);
    const first = await t.request({ method: "GET", url: "/auth/authenticated", token });
    const second = await t.request({ method: "GET", url: "/auth/authenticated", token });
    expect(first.json().user.first_name).toBe("Ada");
    expect(second.json().user).toEqual(first.json().user);
  });

  it.skipIf(!process.env.DATABASE_URL)("hears about a change written by another client", async () => {
    const manager = await t.make.makePerson({ role: "manager" });
    const token = await t.login(manager.email!);
    expect(await authenticatedRole(token)).toEqual({ status: 200, role: "manager" });

    // A client outside this process: its statement never passes through Kumiki's db module.
    const outsider = postgres(t.db.url!, { max: 1, onnotice: () => {} });
    try {
      await outsider`update person set role = 'supervisor' where id = ${manager.id}`;
    } finally {
      await outsider.end();
    }

    expect(await waitFor(async () => (await authenticatedRole(token)).role === "supervisor")).toBe(true);
  });
});
