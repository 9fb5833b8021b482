import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeProduction } from "../lists/production.js";

// Zou resolves the viewer's project role (the team link's role, when set)
// before its role checks, so a project role replaces the global role in that
// project. Zou's vendor rules for sequences and episodes keep those holding a
// shot with a task assigned to the vendor.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

async function assignOneTaskOfShot(shotId: string, personId: string): Promise<string> {
  const [task] = await t.db.query<{ id: string }>("select id from task where entity_id = $1 order by id limit 1", [shotId]);
  await t.db.query("insert into task_person_link (task_id, person_id) values ($1, $2)", [task.id, personId]);
  return task.id;
}

describe("with-tasks project roles", () => {
  it("scopes an artist with project role vendor", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const production = await makeProduction(t.db, { shots: 3, tasksPerEntity: 2 });
    await t.make.addToTeam(production.projectId, artist.id, "vendor");
    const assignedTaskId = await assignOneTaskOfShot(production.shotIds[1], artist.id);
    const token = await t.login(artist.email!);

    const response = await t.request({ method: "GET", url: `/api/data/shots/with-tasks?project_id=${production.projectId}`, token });

    expect(response.statusCode).toBe(200);
    const shots = response.json() as { id: string; tasks: { id: string }[] }[];
    expect(shots.map((shot) => shot.id)).toEqual([production.shotIds[1]]);
    expect(shots[0].tasks.map((task) => task.id)).toEqual([assignedTaskId]);
  });

  it("lets a client with project role user read sequences", async () => {
    const client = await t.make.makePerson({ role: "client" });
    const production = await makeProduction(t.db, { shots: 1 });
    await t.make.addToTeam(production.projectId, client.id, "user");
    const token = await t.login(client.email!);

    const response = await t.request({ method: "GET", url: `/api/data/sequences/with-tasks?project_id=${production.projectId}`, token });

    expect(response.statusCode).toBe(200);
  });
});

describe("with-tasks vendor sequences and episodes", () => {
  it("lists the sequence of a vendor's assigned shot", async () => {
    const vendor = await t.make.makePerson({ role: "vendor" });
    const production = await makeProduction(t.db, { shots: 2, teamIds: [vendor.id] });
    await assignOneTaskOfShot(production.shotIds[0], vendor.id);
    const token = await t.login(vendor.email!);

    const response = await t.request({ method: "GET", url: `/api/data/sequences/with-tasks?project_id=${production.projectId}`, token });

    expect(response.statusCode).toBe(200);
    const sequences = response.json() as { id: string; tasks: unknown[] }[];
    expect(sequences.map((sequence) => sequence.id)).toEqual([production.sequenceId]);
  });

  it("lists the episode of a vendor's assigned shot", async () => {
    const vendor = await t.make.makePerson({ role: "vendor" });
    const production = await makeProduction(t.db, { shots: 2, teamIds: [vendor.id] });
    await assignOneTaskOfShot(production.shotIds[0], vendor.id);
    const token = await t.login(vendor.email!);

    const response = await t.request({ method: "GET", url: `/api/data/episodes/with-tasks?project_id=${production.projectId}`, token });

    expect(response.statusCode).toBe(200);
    const episodes = response.json() as { id: string }[];
    expect(episodes.map((episode) => episode.id)).toEqual([production.episodeId]);
  });
});

describe("with-tasks client sequences", () => {
  it("lets a client team member read sequences", async () => {
    const client = await t.make.makePerson({ role: "client" });
    const production = await makeProduction(t.db, { shots: 1, teamIds: [client.id] });
    const token = await t.login(client.email!);

    const response = await t.request({ method: "GET", url: `/api/data/sequences/with-tasks?project_id=${production.projectId}`, token });

    expect(response.statusCode).toBe(200);
  });
});
