import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityLink } from "../../../schema/entities.js";
import { department, departmentLink } from "../../../schema/people.js";
import { task } from "../../../schema/tasks.js";
import { metadataDescriptor } from "../../../schema/projects.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow, TaskStatusRow, TaskTypeRow } from "../../support/entities.builders.js";
import { multipartBody } from "../../support/media.js";
import { loginAs } from "../../support/roles.js";
import { makeSeedWorld, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Kitsu's CSV imports of a project's casting (breakdown page) and of a task
// type's estimations (task type page).

let t: TestApp;
let w: SeedWorld;
let status: TaskStatusRow;
let sequence: EntityRow;
let shotA: EntityRow;
let shotB: EntityRow;
let hero: EntityRow;
let sword: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  status = await t.make.makeTaskStatus({ name: "Todo", shortName: "todo", isDefault: true });
  sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  shotA = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  shotB = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
  hero = await t.make.makeAsset({ projectId: w.project.id, assetType: "Character", name: "Hero" });
  sword = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Sword" });
});

afterAll(async () => {
  await t.close();
});

function upload(url: string, token: string, csv: string) {
  const { body, headers } = multipartBody("file", "import.csv", Buffer.from(csv), "text/csv");
  return t.request({ method: "POST", url, token, payload: body, headers });
}

async function castingOf(entityId: string) {
  return t.db.orm.select().from(entityLink).where(eq(entityLink.entityInId, entityId));
}

describe("casting CSV import", () => {
  const url = () => `/api/import/csv/projects/${w.project.id}/casting`;

  kitsuRoute("POST", "/import/csv/projects/{project_id}/casting", {
    succeeds: ["casts the assets and skips a row with an unknown asset", async () => {
      const csv = [
        "Parent;Name;Asset Type;Asset;Occurences;Label",
        "SQ01;SH010;Character;Hero;2;animate",
        "SQ01;SH010;Prop;Nothing Like It;1;fixed",
        "SQ01;SH020;prop;sword;;",
      ].join("\n");
      const response = await upload(url(), w.manager.token, csv);
      expect(response.statusCode).toBe(201);
      const rows = response.json() as (Record<string, unknown> | null)[];
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatchObject({ type: "EntityLink", entity_in_id: shotA.id, entity_out_id: hero.id, nb_occurences: 2, label: "animate" });
      expect(rows[1]).toBeNull();
      expect(rows[2]).toMatchObject({ entity_in_id: shotB.id, entity_out_id: sword.id, nb_occurences: 1 });

      const casting = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/entities/${shotA.id}/casting`, token: w.manager.token });
      expect(casting.statusCode).toBe(200);
      expect((casting.json() as Record<string, unknown>[]).map((link) => [link.asset_id, link.nb_occurences])).toEqual([[hero.id, 2]]);
      expect((await castingOf(shotB.id)).map((link) => link.entityOutId)).toEqual([sword.id]);
    }],
    fails: ["rejects an artist of the team", async () => {
      const response = await upload(url(), w.artist.token, "Parent;Name;Asset Type;Asset;Occurences\nSQ01;SH020;Character;Hero;1\n");
      expect(response.statusCode).toBe(403);
      expect((await castingOf(shotB.id)).map((link) => link.entityOutId)).not.toContain(hero.id);
    }],
  });

  it("updates the occurrences of an existing link", async () => {
    const response = await upload(url(), w.manager.token, "Parent;Name;Asset Type;Asset;Occurences;Label\nSQ01;SH010;Character;Hero;5;fixed\n");
    expect(response.statusCode).toBe(201);
    const links = await castingOf(shotA.id);
    expect(links.map((link) => [link.entityOutId, link.nbOccurences, link.label])).toEqual([[hero.id, 5, "fixed"]]);
  });

  it("writes nothing when a later row is invalid", async () => {
    const extra = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH030" });
    const csv = ["Parent;Name;Asset Type;Asset;Occurences", "SQ01;SH030;Character;Hero;1", "SQ01;SH030;Prop;Sword;many"].join("\n");
    const response = await upload(url(), w.manager.token, csv);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: true, line_number: 2, imported_rows: 0 });
    expect(await castingOf(extra.id)).toEqual([]);
  });

  it("reports a missing column with its row", async () => {
    const response = await upload(url(), w.manager.token, "Parent;Name;Asset\nSQ01;SH010;Hero\n");
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ line_number: 1, message: "A column is missing: 'Asset Type'." });
  });

  it("casts a shot's asset in its episode for a TV show", async () => {
    const show = await t.make.makeProject({ name: "Show", productionType: "tvshow", team: [{ id: w.manager.person.id }] });
    const pilot = await t.make.makeEpisode({ projectId: show.id, name: "E01" });
    const showSequence = await t.make.makeSequence({ projectId: show.id, episodeId: pilot.id, name: "SQ01" });
    const showShot = await t.make.makeShot({ projectId: show.id, sequenceId: showSequence.id, name: "SH010" });
    const villain = await t.make.makeAsset({ projectId: show.id, assetType: "Character", name: "Villain" });

    const csv = "Episode;Parent;Name;Asset Type;Asset;Occurences\nE01;SQ01;SH010;Character;Villain;3\n";
    const response = await upload(`/api/import/csv/projects/${show.id}/casting`, w.manager.token, csv);
    expect(response.statusCode).toBe(201);
    expect((await castingOf(showShot.id)).map((link) => [link.entityOutId, link.nbOccurences])).toEqual([[villain.id, 3]]);
    expect((await castingOf(pilot.id)).map((link) => [link.entityOutId, link.nbOccurences])).toEqual([[villain.id, 1]]);
  });

  it("rejects a request without a file", async () => {
    const response = await t.request({ method: "POST", url: url(), token: w.manager.token, payload: {} });
    expect(response.statusCode).toBe(400);
  });
});

describe("estimations CSV import", () => {
  let layout: TaskTypeRow;
  let modeling: TaskTypeRow;
  let layoutA: TaskRow;
  let layoutB: TaskRow;
  let episode: EntityRow;
  let episodeShot: EntityRow;

  beforeAll(async () => {
    const [layoutDepartment] = await t.db.orm.insert(department).values({ name: "Layout dept", color: "#101010" }).returning();
    layout = await t.make.makeTaskType({ name: "Layout", forEntity: "Shot", departmentId: layoutDepartment.id });
    modeling = await t.make.makeTaskType({ name: "Modeling", forEntity: "Asset" });
    layoutA = await t.make.makeTask({ entity: shotA, taskTypeId: layout.id, status });
    layoutB = await t.make.makeTask({ entity: shotB, taskTypeId: layout.id, status });
    await t.make.makeTask({ entity: hero, taskTypeId: modeling.id, status });
    episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
    const episodeSequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ09" });
    episodeShot = await t.make.makeShot({ projectId: w.project.id, sequenceId: episodeSequence.id, name: "SH900" });
    await t.make.makeTask({ entity: episodeShot, taskTypeId: layout.id, status });
  });

  const url = () => `/api/import/csv/projects/${w.project.id}/task-types/${layout.id}/estimations`;

  kitsuRoute("POST", "/import/csv/projects/{project_id}/task-types/{task_type_id}/estimations", {
    succeeds: ["sets estimations and computes the due date in business days", async () => {
      const csv = ["Parent;Entity;Estimation;Start date;Due date;Difficulty;Drawings", "SQ01;SH010;2.5;2025-03-07;;4;12", "sq01;sh020;1;2025-03-03;2025-03-10;;"].join("\n");
      const response = await upload(url(), w.manager.token, csv);
      expect(response.statusCode).toBe(201);
      expect((response.json() as Record<string, unknown>[]).map((row) => row.id)).toEqual([layoutA.id, layoutB.id]);

      const first = await t.request({ method: "GET", url: `/api/data/tasks/${layoutA.id}`, token: w.manager.token });
      // 2.5 days of 8 hours is 1200 minutes. Friday plus 1.5 business days, counted as 2, is Tuesday.
      expect(first.json()).toMatchObject({ estimation: 1200, start_date: "2025-03-07T00:00:00", due_date: "2025-03-11T00:00:00", difficulty: 4, nb_drawings: 12 });
      const second = await t.request({ method: "GET", url: `/api/data/tasks/${layoutB.id}`, token: w.manager.token });
      expect(second.json()).toMatchObject({ estimation: 480, start_date: "2025-03-03T00:00:00", due_date: "2025-03-10T00:00:00" });
    }],
    fails: ["rejects the file when an entity is unknown and writes nothing", async () => {
      const csv = ["Parent;Entity;Estimation", "SQ01;SH010;9", "SQ01;SH999;1"].join("\n");
      const response = await upload(url(), w.manager.token, csv);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: true, line_number: 2, message: "Entity 'SH999' with parent 'SQ01' not found" });
      const [stored] = await t.db.orm.select().from(task).where(eq(task.id, layoutA.id));
      expect(stored.estimation).toBe(1200);
    }],
  });

  it("rejects an artist", async () => {
    const response = await upload(url(), w.artist.token, "Parent;Entity;Estimation\nSQ01;SH010;3\n");
    expect(response.statusCode).toBe(403);
  });

  it("lets a supervisor of the task type's department import", async () => {
    const [layoutDepartment] = await t.db.orm.select().from(department).where(eq(department.name, "Layout dept"));
    const supervisor = await loginAs(t, "supervisor");
    await t.make.addToTeam(w.project.id, supervisor.person.id);
    await t.db.orm.insert(departmentLink).values({ personId: supervisor.person.id, departmentId: layoutDepartment.id });
    const response = await upload(url(), supervisor.token, "Parent;Entity;Difficulty\nSQ01;SH020;2\n");
    expect(response.statusCode).toBe(201);

    const [otherDepartment] = await t.db.orm.insert(department).values({ name: "Other dept", color: "#202020" }).returning();
    const outsider = await loginAs(t, "supervisor");
    await t.make.addToTeam(w.project.id, outsider.person.id);
    await t.db.orm.insert(departmentLink).values({ personId: outsider.person.id, departmentId: otherDepartment.id });
    const rejected = await upload(url(), outsider.token, "Parent;Entity;Difficulty\nSQ01;SH020;3\n");
    expect(rejected.statusCode).toBe(403);
  });

  it("matches assets by asset type and name", async () => {
    const response = await upload(`/api/import/csv/projects/${w.project.id}/task-types/${modeling.id}/estimations`, w.manager.token, "Parent;Entity;Estimation\nCharacter;Hero;0.5\n");
    expect(response.statusCode).toBe(201);
    expect(response.json()[0]).toMatchObject({ entity_id: hero.id, estimation: 240 });
  });

  it("merges descriptor columns into the task's data", async () => {
    await t.db.orm.insert(metadataDescriptor).values([
      { projectId: w.project.id, entityType: "Task", taskTypeId: layout.id, name: "Approved", fieldName: "approved", dataType: "boolean" },
      { projectId: w.project.id, entityType: "Task", taskTypeId: layout.id, name: "Lead", fieldName: "lead", dataType: "person" },
    ]);
    await t.db.orm.update(task).set({ data: { kept: "yes" } }).where(eq(task.id, layoutB.id));
    const lead = w.artist.person;
    const csv = `Parent;Entity;Approved;Lead\nSQ01;SH020;Yes;${lead.firstName} ${lead.lastName}\n`;
    const response = await upload(url(), w.manager.token, csv);
    expect(response.statusCode).toBe(201);
    const [stored] = await t.db.orm.select().from(task).where(eq(task.id, layoutB.id));
    expect(stored.data).toEqual({ kept: "yes", approved: "true", lead: lead.id });

    const unknownPerson = await upload(url(), w.manager.token, "Parent;Entity;Lead\nSQ01;SH020;Nobody Known\n");
    expect(unknownPerson.statusCode).toBe(400);
    expect(unknownPerson.json().message).toBe("Person not found for Nobody Known");
  });

  it("rejects a difficulty outside 1 to 5", async () => {
    const response = await upload(url(), w.manager.token, "Parent;Entity;Difficulty\nSQ01;SH010;9\n");
    expect(response.statusCode).toBe(400);
    expect(response.json().line_number).toBe(1);
  });

  kitsuRoute("POST", "/import/csv/projects/{project_id}/episodes/{episode_id}/task-types/{task_type_id}/estimations", {
    succeeds: ["imports the shots of the episode only", async () => {
      const episodeUrl = `/api/import/csv/projects/${w.project.id}/episodes/${episode.id}/task-types/${layout.id}/estimations`;
      const response = await upload(episodeUrl, w.manager.token, "Parent;Entity;Estimation\nSQ09;SH900;1\n");
      expect(response.statusCode).toBe(201);
      expect(response.json()[0]).toMatchObject({ entity_id: episodeShot.id, estimation: 480 });

      const outside = await upload(episodeUrl, w.manager.token, "Parent;Entity;Estimation\nSQ01;SH010;1\n");
      expect(outside.statusCode).toBe(400);
    }],
    fails: ["answers 400 for a malformed episode id", async () => {
      const response = await upload(`/api/import/csv/projects/${w.project.id}/episodes/nope/task-types/${layout.id}/estimations`, w.manager.token, "Parent;Entity\n");
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Malformed ID.");
    }],
  });
});
