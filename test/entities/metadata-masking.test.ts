import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { departmentMetadataDescriptorLink, metadataDescriptor } from "../../schema/projects.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs, type LoggedIn } from "../support/roles.js";

// Metadata fields hidden from vendors and clients: those of descriptors
// restricted to departments they are not in and, for clients, those of
// descriptors not marked for clients. Read through the entity's `data` and
// the typed `metadata(fieldName)` access.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

const DATA = { difficulty: "hard", budget_notes: "over by 10%", lighting_notes: "warm key", frame_count: "42" };

async function makeWorld() {
  const manager = await loginAs(t, "manager");
  const artist = await loginAs(t, "user");
  const vendor = await loginAs(t, "vendor");
  const client = await loginAs(t, "client");
  const lighting = await t.make.makeDepartment({ name: `Lighting ${Date.now()}`, members: [vendor.person.id, client.person.id] });
  const production = await t.make.makeDepartment({ name: `Production ${Date.now()}` });
  const project = await t.make.makeProject({ team: [manager, artist, vendor, client].map((session) => ({ id: session.person.id })) });
  const shot = await t.make.makeShot({ projectId: project.id, data: DATA });
  const status = await t.make.makeTaskStatus();
  await t.make.makeTask({ entity: shot, status, assignees: [vendor.person.id] });

  const descriptors = await t.db.orm
    .insert(metadataDescriptor)
    .values([
      { projectId: project.id, entityType: "Shot", name: "Difficulty", fieldName: "difficulty", dataType: "string", forClient: true },
      { projectId: project.id, entityType: "Shot", name: "Budget notes", fieldName: "budget_notes", dataType: "string", forClient: true },
      { projectId: project.id, entityType: "Shot", name: "Lighting notes", fieldName: "lighting_notes", dataType: "string", forClient: false },
      { projectId: project.id, entityType: "Shot", name: "Frame count", fieldName: "frame_count", dataType: "number", forClient: false },
    ])
    .returning();
  const byField = new Map(descriptors.map((row) => [row.fieldName, row]));
  await t.db.orm.insert(departmentMetadataDescriptorLink).values([
    { metadataDescriptorId: byField.get("budget_notes")!.id, departmentId: production.id },
    { metadataDescriptorId: byField.get("lighting_notes")!.id, departmentId: lighting.id },
  ]);
  return { manager, artist, vendor, client, shot };
}

async function readShot(session: LoggedIn, shotId: string) {
  const { body } = await t.graphql(
    `query ($id: ID!) { shot(id: $id) { data difficulty: metadata(fieldName: "difficulty") budget: metadata(fieldName: "budget_notes") lighting: metadata(fieldName: "lighting_notes") frames: metadata(fieldName: "frame_count") } }`,
    { token: session.token, variables: { id: shotId } },
  );
  expect(body.errors).toBeUndefined();
  return body.data?.shot as { data: Record<string, unknown>; difficulty: unknown; budget: unknown; lighting: unknown; frames: unknown };
}

describe("metadata masking", () => {
  it("shows managers and artists every field", async () => {
    const world = await makeWorld();
    for (const session of [world.manager, world.artist]) {
      const shot = await readShot(session, world.shot.id);
      expect(shot.data).toEqual(DATA);
      expect([shot.difficulty, shot.budget, shot.lighting, shot.frames]).toEqual(["hard", "over by 10%", "warm key", 42]);
    }
  });

  it("hides from vendors the fields of other departments", async () => {
    const world = await makeWorld();
    const shot = await readShot(world.vendor, world.shot.id);
    expect(Object.keys(shot.data).sort()).toEqual(["difficulty", "frame_count", "lighting_notes"]);
    expect(shot.budget).toBeNull();
    expect([shot.difficulty, shot.lighting, shot.frames]).toEqual(["hard", "warm key", 42]);
  });

  it("shows clients only fields for clients in their departments", async () => {
    const world = await makeWorld();
    const shot = await readShot(world.client, world.shot.id);
    expect(shot.data).toEqual({ difficulty: "hard" });
    expect(shot.difficulty).toBe("hard");
    expect(shot.budget).toBeNull();
    expect(shot.lighting).toBeNull();
    expect(shot.frames).toBeNull();
  });

  it("masks entities read through a list as well", async () => {
    const world = await makeWorld();
    const { body } = await t.graphql(`query ($id: ID!) { shot(id: $id) { project { id } } }`, { token: world.client.token, variables: { id: world.shot.id } });
    const projectId = (body.data?.shot as { project: { id: string } }).project.id;
    const list = await t.graphql(`query ($id: ID!) { shots(projectId: $id, first: 10) { nodes { id data } } }`, { token: world.client.token, variables: { id: projectId } });
    expect(list.body.errors).toBeUndefined();
    const nodes = (list.body.data?.shots as { nodes: { id: string; data: Record<string, unknown> }[] }).nodes;
    expect(nodes).toEqual([{ id: world.shot.id, data: { difficulty: "hard" } }]);
  });
});
