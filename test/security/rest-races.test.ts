import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budget } from "../../schema/schedules.js";
import { assetInstance, entity, entityLink } from "../../schema/entities.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeSeedWorld, type SeedWorld } from "../support/seed-b.world.js";

// The same creation sent 10 times at once on the Zou routes of assets,
// shots and projects. PGlite runs one statement at a time, so these races
// show on PostgreSQL (DATABASE_URL set).

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

const PARALLEL = 10;

async function sendInParallel(method: "POST" | "PUT" | "DELETE", url: string, token: string, payload?: unknown) {
  return Promise.all(Array.from({ length: PARALLEL }, () => t.request({ method, url, token, payload: payload as Record<string, unknown> })));
}

describe("parallel budget creations", () => {
  it("number revisions without duplicates", async () => {
    const responses = await sendInParallel("POST", `/api/data/projects/${w.project.id}/budgets`, w.manager.token, { name: "Race budget" });
    for (const response of responses) expect(response.statusCode, response.body).toBe(200);
    const rows = await t.db.orm.select({ revision: budget.revision }).from(budget).where(eq(budget.projectId, w.project.id));
    const revisions = rows.map((row) => row.revision).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: PARALLEL }, (_, index) => index + 1));
  });
});

describe("parallel asset creations", () => {
  it("create one asset of a name", async () => {
    const typeId = await t.make.makeEntityType("Prop");
    const responses = await sendInParallel("POST", `/api/data/projects/${w.project.id}/asset-types/${typeId}/assets/new`, w.manager.token, { name: "Race Prop" });
    for (const response of responses) expect(response.statusCode, response.body).toBeLessThan(500);
    expect(responses.filter((response) => response.statusCode === 201).length).toBeGreaterThanOrEqual(1);
    const rows = await t.db.orm.select({ id: entity.id }).from(entity).where(eq(entity.name, "Race Prop"));
    expect(rows).toHaveLength(1);
  });
});

describe("parallel shot creations", () => {
  it("return the same shot", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "RaceSQ" });
    const responses = await sendInParallel("POST", `/api/data/projects/${w.project.id}/shots`, w.manager.token, { name: "RaceSH", sequence_id: sequence.id });
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    const rows = await t.db.orm.select({ id: entity.id }).from(entity).where(eq(entity.name, "RaceSH"));
    expect(rows).toHaveLength(1);
  });

  it("return the same episode", async () => {
    const responses = await sendInParallel("POST", `/api/data/projects/${w.project.id}/episodes`, w.manager.token, { name: "RaceEP" });
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    const rows = await t.db.orm.select({ id: entity.id }).from(entity).where(eq(entity.name, "RaceEP"));
    expect(rows).toHaveLength(1);
  });
});

describe("parallel concept creations", () => {
  it("return the same concept", async () => {
    const responses = await sendInParallel("POST", `/api/data/projects/${w.project.id}/concepts`, w.manager.token, { name: "Race concept" });
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    const rows = await t.db.orm.select({ id: entity.id }).from(entity).where(eq(entity.name, "Race concept"));
    expect(rows).toHaveLength(1);
  });
});

describe("parallel casting replacements", () => {
  it("leave one link per asset", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "CastSQ" });
    const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "CastSH" });
    const asset = await t.make.makeAsset({ projectId: w.project.id, name: "Cast Hero" });
    const responses = await sendInParallel("PUT", `/api/data/projects/${w.project.id}/entities/${shot.id}/casting`, w.manager.token, [{ asset_id: asset.id, nb_occurences: 2 }]);
    for (const response of responses) expect(response.statusCode, response.body).toBe(200);
    const links = await t.db.orm.select().from(entityLink).where(eq(entityLink.entityInId, shot.id));
    expect(links).toHaveLength(1);
  });
});

describe("parallel scene instance creations", () => {
  it("number instances without duplicates", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "InstSQ" });
    const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "InstSC" });
    const tree = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Tree" });
    const responses = await sendInParallel("POST", `/api/data/scenes/${scene.id}/asset-instances`, w.manager.token, { asset_id: tree.id });
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    const rows = await t.db.orm.select({ number: assetInstance.number }).from(assetInstance).where(eq(assetInstance.sceneId, scene.id));
    expect(new Set(rows.map((row) => row.number)).size).toBe(PARALLEL);
  });
});

describe("parallel team changes", () => {
  it("add a person once", async () => {
    const newcomer = await t.make.makePerson({ role: "user" });
    const responses = await sendInParallel("POST", `/api/data/projects/${w.project.id}/team`, w.manager.token, { person_id: newcomer.id });
    for (const response of responses) expect(response.statusCode, response.body).toBeLessThan(300);
    const team = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/team`, token: w.manager.token });
    expect(team.json().filter((member: { id: string }) => member.id === newcomer.id)).toHaveLength(1);
  });

  it("remove a person once", async () => {
    const leaver = await t.make.makePerson({ role: "user" });
    await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/team`, token: w.manager.token, payload: { person_id: leaver.id } });
    const responses = await sendInParallel("DELETE", `/api/data/projects/${w.project.id}/team/${leaver.id}`, w.manager.token);
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 204 && status !== 404)).toEqual([]);
  });
});

describe("parallel templates from a project", () => {
  it("create one template of a name", async () => {
    const responses = await sendInParallel("POST", `/api/data/project-templates/from-project/${w.project.id}`, w.admin.token, { name: "Race template" });
    for (const response of responses) expect(response.statusCode, response.body).toBeLessThan(500);
    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
    const listed = await t.request({ method: "GET", url: "/api/data/project-templates", token: w.admin.token });
    expect(listed.json().filter((template: { name: string }) => template.name === "Race template")).toHaveLength(1);
  });
});

describe("parallel department additions", () => {
  it("link the person once", async () => {
    const member = await t.make.makePerson({ role: "user" });
    const department = await t.make.makeDepartment({ name: "Race department" });
    const responses = await sendInParallel("POST", `/api/actions/persons/${member.id}/departments/add`, w.admin.token, { department_id: department.id });
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    const person = await t.request({ method: "GET", url: `/api/data/persons/${member.id}`, token: w.admin.token });
    expect(person.json().departments).toEqual([department.id]);
  });
});

describe("parallel shot instance attachments", () => {
  it("attach an instance once", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "AttachSQ" });
    const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "AttachSC" });
    const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "AttachSH" });
    const prop = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Lamp" });
    const created = await t.request({ method: "POST", url: `/api/data/scenes/${scene.id}/asset-instances`, token: w.manager.token, payload: { asset_id: prop.id } });
    const responses = await sendInParallel("POST", `/api/data/shots/${shot.id}/asset-instances`, w.manager.token, { asset_instance_id: created.json().id });
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    const listed = await t.request({ method: "GET", url: `/api/data/shots/${shot.id}/asset-instances`, token: w.manager.token });
    expect(listed.json()[prop.id]).toHaveLength(1);
  });
});
