import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "../../src/db/statements.js";
import { CONCEPT_FIELDS, CONCEPT_TASK_FIELDS, EDIT_FIELDS, EDIT_TASK_FIELDS } from "../../src/lists/with-tasks.service.js";
import type { Database } from "../../src/db/index.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeProduction, type Production } from "./production.js";

// The concept and edit lists of Kitsu's Concepts and Edits tabs: Zou's keys,
// the viewer's access rules, and a statement count that does not grow with
// the production.

let t: TestApp;
let adminToken: string;
let artistId: string;
let artistToken: string;
let vendorId: string;
let vendorToken: string;
let clientToken: string;
let small: Production;

interface TaskJson {
  id: string;
  assignees: string[];
  is_subscribed: boolean;
}

interface RowJson {
  id: string;
  name: string;
  type: string;
  project_id: string;
  parent_id: string | null;
  episode_id?: string | null;
  episode_name?: string;
  entity_concept_links?: string[];
  tasks: TaskJson[];
}

async function entityTypeId(db: Database, name: string): Promise<string> {
  const rows = await db.query<{ id: string }>("select id from entity_type where name = $1", [name]);
  if (rows[0] !== undefined) return rows[0].id;
  const created = await db.query<{ id: string }>("insert into entity_type (id, name, created_at, updated_at) values (gen_random_uuid(), $1, now(), now()) returning id", [name]);
  return created[0].id;
}

/** Adds `count` concepts and `count` edits (in the production's episode) to a production, each with `tasksPerEntity` tasks. */
async function addConceptsAndEdits(db: Database, production: Production, count: number, tasksPerEntity: number): Promise<{ conceptIds: string[]; editIds: string[] }> {
  const conceptType = await entityTypeId(db, "Concept");
  const editType = await entityTypeId(db, "Edit");
  const concepts = await db.query<{ id: string }>(
    `insert into entity (id, name, project_id, entity_type_id, is_shared, status, created_at, updated_at)
     select gen_random_uuid(), 'Concept ' || lpad(n::text, 4, '0'), $1, $2, false, 'running', now(), now()
     from generate_series(1, $3::int) as n returning id`,
    [production.projectId, conceptType, count],
  );
  const edits = await db.query<{ id: string }>(
    `insert into entity (id, name, project_id, entity_type_id, parent_id, is_shared, status, created_at, updated_at)
     select gen_random_uuid(), 'Edit ' || lpad(n::text, 4, '0'), $1, $2, $3, false, 'running', now(), now()
     from generate_series(1, $4::int) as n returning id`,
    [production.projectId, editType, production.episodeId, count],
  );
  const entityIds = [...concepts, ...edits].map((row) => row.id);
  await db.query(
    `insert into task (id, name, project_id, task_type_id, task_status_id, entity_id, difficulty, created_at, updated_at)
     select gen_random_uuid(), 'task ' || n, $1, $2, $3, entity_id, 3, now(), now()
     from unnest($4::uuid[]) as entity_id, generate_series(1, $5::int) as n`,
    [production.projectId, production.taskTypeId, production.taskStatusId, entityIds, tasksPerEntity],
  );
  return { conceptIds: concepts.map((row) => row.id), editIds: edits.map((row) => row.id) };
}

async function list(kind: "concepts" | "edits", query: string, token: string) {
  return t.request({ method: "GET", url: `/api/data/${kind}/with-tasks?${query}`, token });
}

let smallConcepts: string[];
let smallEdits: string[];

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.make.makePerson({ role: "admin" });
  const artist = await t.make.makePerson({ role: "user" });
  const vendor = await t.make.makePerson({ role: "vendor" });
  const client = await t.make.makePerson({ role: "client" });
  artistId = artist.id;
  vendorId = vendor.id;
  adminToken = await t.login(admin.email!);
  artistToken = await t.login(artist.email!);
  vendorToken = await t.login(vendor.email!);
  clientToken = await t.login(client.email!);

  small = await makeProduction(t.db, { shots: 1, teamIds: [artist.id, vendor.id, client.id] });
  ({ conceptIds: smallConcepts, editIds: smallEdits } = await addConceptsAndEdits(t.db, small, 3, 2));
  // The vendor is assigned one task of the second edit only.
  await t.db.query("insert into task_person_link (task_id, person_id) select id, $2 from task where entity_id = $1 order by created_at, id limit 1", [smallEdits[1], vendorId]);
  await t.db.query("insert into entity_concept_link (id, entity_in_id, entity_out_id, created_at, updated_at) values (gen_random_uuid(), $1, $2, now(), now())", [smallConcepts[0], small.shotIds[0]]);
});

afterAll(async () => {
  await t.close();
});

describe("the concepts with tasks list", () => {
  it("returns Zou's keys in order", async () => {
    const response = await list("concepts", `project_id=${small.projectId}`, artistToken);
    expect(response.statusCode).toBe(200);
    const rows = response.json() as RowJson[];
    expect(rows.map((row) => row.name)).toEqual(["Concept 0001", "Concept 0002", "Concept 0003"]);
    expect(Object.keys(rows[0])).toEqual([...CONCEPT_FIELDS]);
    expect(Object.keys(rows[0].tasks[0])).toEqual([...CONCEPT_TASK_FIELDS]);
    expect(rows[0].type).toBe("Concept");
    expect(rows[0].tasks).toHaveLength(2);
  });

  it("lists the linked entities of a concept", async () => {
    const response = await list("concepts", `project_id=${small.projectId}&id=${smallConcepts[0]}`, artistToken);
    const rows = response.json() as RowJson[];
    expect(rows).toHaveLength(1);
    expect(rows[0].entity_concept_links).toEqual([small.shotIds[0]]);
  });

  it("rejects vendors and clients", async () => {
    expect((await list("concepts", `project_id=${small.projectId}`, vendorToken)).statusCode).toBe(403);
    expect((await list("concepts", `project_id=${small.projectId}`, clientToken)).statusCode).toBe(403);
  });

  it("requires a project filter for non-admins", async () => {
    expect((await list("concepts", "", artistToken)).statusCode).toBe(403);
    expect((await list("concepts", "", adminToken)).statusCode).toBe(200);
  });

  it("rejects malformed ids and unknown filters", async () => {
    expect((await list("concepts", "project_id=nope", artistToken)).statusCode).toBe(400);
    expect((await list("concepts", `project_id=${small.projectId}&colour=red`, artistToken)).statusCode).toBe(400);
  });
});

describe("the edits with tasks list", () => {
  it("returns Zou's keys with the episode", async () => {
    const response = await list("edits", `project_id=${small.projectId}`, artistToken);
    expect(response.statusCode).toBe(200);
    const rows = response.json() as RowJson[];
    expect(rows.map((row) => row.name)).toEqual(["Edit 0001", "Edit 0002", "Edit 0003"]);
    expect(Object.keys(rows[0])).toEqual([...EDIT_FIELDS]);
    expect(Object.keys(rows[0].tasks[0])).toEqual([...EDIT_TASK_FIELDS]);
    expect(rows[0]).toMatchObject({ type: "Edit", episode_id: small.episodeId, episode_name: "E01", parent_id: small.episodeId });
  });

  it("filters by episode", async () => {
    const inEpisode = await list("edits", `project_id=${small.projectId}&episode_id=${small.episodeId}`, artistToken);
    expect((inEpisode.json() as RowJson[]).length).toBe(3);
    const outside = await list("edits", `project_id=${small.projectId}&episode_id=main`, artistToken);
    expect(outside.json()).toEqual([]);
  });

  it("shows a vendor only the assigned edits and tasks", async () => {
    const response = await list("edits", `project_id=${small.projectId}`, vendorToken);
    expect(response.statusCode).toBe(200);
    const rows = response.json() as RowJson[];
    expect(rows.map((row) => row.id)).toEqual([smallEdits[1]]);
    expect(rows[0].tasks).toHaveLength(1);
    expect(rows[0].tasks[0].assignees).toEqual([vendorId]);
  });

  it("narrows to assigned tasks with assigned_to", async () => {
    const response = await list("edits", `project_id=${small.projectId}&assigned_to=${artistId}`, artistToken);
    expect(response.json()).toEqual([]);
  });

  it("rejects a person outside the project", async () => {
    const outsider = await t.make.makePerson({ role: "user" });
    const token = await t.login(outsider.email!);
    expect((await list("edits", `project_id=${small.projectId}`, token)).statusCode).toBe(403);
  });
});

describe("statement counts of the concept and edit lists", () => {
  it("stays the same for 10 and for 500 entities", async () => {
    const ten = await makeProduction(t.db, { shots: 1 });
    await addConceptsAndEdits(t.db, ten, 10, 2);
    const many = await makeProduction(t.db, { shots: 1 });
    await addConceptsAndEdits(t.db, many, 500, 2);

    // The first request of a token loads the person, which later requests
    // read from a cache, so one request before measuring keeps that out.
    await list("concepts", `project_id=${ten.projectId}`, adminToken);

    for (const kind of ["concepts", "edits"] as const) {
      const measure = async (projectId: string) => (await countStatements(() => list(kind, `project_id=${projectId}`, adminToken))).count;
      const few = await measure(ten.projectId);
      const large = await measure(many.projectId);
      expect(few, kind).toBeGreaterThan(0);
      expect({ kind, statements: large }).toEqual({ kind, statements: few });
    }

    const large = await list("edits", `project_id=${many.projectId}`, adminToken);
    expect((large.json() as RowJson[]).length).toBe(500);
  });
});
