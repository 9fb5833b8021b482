import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entity } from "../../../schema/entities.js";
import { metadataDescriptor, projectTaskTypeLink } from "../../../schema/projects.js";
import { comment } from "../../../schema/comments.js";
import { task } from "../../../schema/tasks.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { TaskStatusRow, TaskTypeRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { multipartBody } from "../../support/media.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import type { ProjectRow } from "../../support/builders.js";

// The CSV import and export of shots and assets, as gazu's
// import_shots_with_csv / export_shots_with_csv and their asset twins use them.

let t: TestApp;
let w: SeedWorld;
let animation: TaskTypeRow;
let modeling: TaskTypeRow;
let wip: TaskStatusRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  animation = await t.make.makeTaskType({ name: "Animation", forEntity: "Shot", priority: 2 });
  modeling = await t.make.makeTaskType({ name: "Modeling", forEntity: "Asset", priority: 1 });
  wip = await t.make.makeTaskStatus({ name: "Work In Progress", shortName: "wip" });
  await t.make.makeTaskStatus({ name: "Todo", shortName: "todo", isDefault: true });
  await linkTaskTypes(w.project, [animation, modeling]);
});

afterAll(async () => {
  await t.close();
});

async function linkTaskTypes(project: ProjectRow, types: TaskTypeRow[]) {
  await t.db.orm.insert(projectTaskTypeLink).values(types.map((type, index) => ({ projectId: project.id, taskTypeId: type.id, priority: index })));
}

async function makeTeamProject(values: { productionType?: string } = {}) {
  const project = await t.make.makeProject({ team: [{ id: w.manager.person.id }, { id: w.vendor.person.id }, { id: w.artist.person.id }], ...values });
  await linkTaskTypes(project, [animation, modeling]);
  return project;
}

function importCsv(projectId: string, kind: "shots" | "assets", csv: string, token: string, query = "") {
  const { body, headers } = multipartBody("file", `${kind}.csv`, Buffer.from(csv), "text/csv");
  return t.request({ method: "POST", url: `/api/import/csv/projects/${projectId}/${kind}${query}`, token, payload: body, headers });
}

async function entitiesOf(projectId: string) {
  return t.db.orm.select().from(entity).where(eq(entity.projectId, projectId));
}

describe("shots CSV import", () => {
  gazuRoute("POST", "/import/csv/projects/{project_id}/shots", {
    succeeds: ["creates sequences, shots and their tasks and returns the shots", async () => {
      const project = await makeTeamProject();
      const csv = "Sequence,Name,Description,Frames,Frame In,Frame Out,Animation,Animation comment\nSQ01,SH010,Opening,24,1001,1024,wip,Blocking started\nSQ01,SH020,,48,,,,\n";
      const response = await importCsv(project.id, "shots", csv, w.manager.token);
      expect(response.statusCode).toBe(201);
      const shots = response.json() as Record<string, unknown>[];
      expect(shots.map((shot) => shot.name)).toEqual(["SH010", "SH020"]);
      expect(shots[0].type).toBe("Shot");
      expect(shots[0].nb_frames).toBe(24);
      expect(shots[0].data).toMatchObject({ frame_in: "1001", frame_out: "1024" });
      expect(shots[0].parent_id).toBe(shots[1].parent_id);

      const [animationTask] = await t.db.orm.select().from(task).where(and(eq(task.entityId, shots[0].id as string), eq(task.taskTypeId, animation.id)));
      expect(animationTask.taskStatusId).toBe(wip.id);
      const comments = await t.db.orm.select().from(comment).where(eq(comment.objectId, animationTask.id));
      expect(comments.map((row) => row.text)).toEqual(["Blocking started"]);
      const secondTasks = await t.db.orm.select().from(task).where(eq(task.entityId, shots[1].id as string));
      expect(secondTasks).toHaveLength(1);
    }],
    fails: ["writes nothing and names the row when a status is unknown", async () => {
      const project = await makeTeamProject();
      const csv = "Sequence,Name,Animation\nSQ01,SH010,wip\nSQ01,SH020,bogus\n";
      const response = await importCsv(project.id, "shots", csv, w.manager.token);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: true, line_number: 2 });
      expect(response.json().message).toContain("bogus");
      expect(await entitiesOf(project.id)).toEqual([]);
    }],
  });

  it("rejects an artist", async () => {
    const project = await makeTeamProject();
    const response = await importCsv(project.id, "shots", "Sequence,Name\nSQ01,SH010\n", w.artist.token);
    expect(response.statusCode).toBe(403);
    expect(await entitiesOf(project.id)).toEqual([]);
  });

  it("reports a missing column on row 1", async () => {
    const project = await makeTeamProject();
    const response = await importCsv(project.id, "shots", "Name\nSH010\n", w.manager.token);
    expect(response.statusCode).toBe(400);
    expect(response.json().line_number).toBe(1);
    expect(response.json().message).toContain("Sequence");
  });

  it("rejects a frame count that is not a number", async () => {
    const project = await makeTeamProject();
    const response = await importCsv(project.id, "shots", "Sequence;Name;Frames\nSQ01;SH010;12\nSQ01;SH020;many\n", w.manager.token);
    expect(response.statusCode).toBe(400);
    expect(response.json().line_number).toBe(2);
    expect(await entitiesOf(project.id)).toEqual([]);
  });

  it("creates episodes in a TV show", async () => {
    const project = await makeTeamProject({ productionType: "tvshow" });
    const response = await importCsv(project.id, "shots", "Episode,Sequence,Name\nE01,SQ01,SH010\nE02,SQ01,SH010\n", w.manager.token);
    expect(response.statusCode).toBe(201);
    const rows = await entitiesOf(project.id);
    expect(rows).toHaveLength(6);
  });

  it("keeps existing shots unless update is set", async () => {
    const project = await makeTeamProject();
    await importCsv(project.id, "shots", "Sequence,Name,Description\nSQ01,SH010,first\n", w.manager.token);
    const kept = await importCsv(project.id, "shots", "Sequence,Name,Description\nSQ01,SH010,second\n", w.manager.token);
    expect(kept.json()[0].description).toBe("first");
    const updated = await importCsv(project.id, "shots", "Sequence,Name,Description\nSQ01,SH010,second\n", w.manager.token, "?update=true");
    expect(updated.json()[0].description).toBe("second");
    expect((await entitiesOf(project.id)).filter((row) => row.name === "SH010")).toHaveLength(1);
  });

  it("answers 400 without a file", async () => {
    const response = await t.request({ method: "POST", url: `/api/import/csv/projects/${w.project.id}/shots`, token: w.manager.token, payload: {} });
    expect(response.statusCode).toBe(400);
  });
});

describe("assets CSV import", () => {
  gazuRoute("POST", "/import/csv/projects/{project_id}/assets", {
    succeeds: ["creates assets with their types, metadata and tasks", async () => {
      const project = await makeTeamProject();
      await t.db.orm.insert(metadataDescriptor).values({ projectId: project.id, entityType: "Asset", name: "Rig level", fieldName: "rig_level", dataType: "string" });
      const csv = "Type,Name,Description,Rig level,Modeling\nProp,Lamp,A lamp,high,wip\nCharacter,Bunny,,low,\n";
      const response = await importCsv(project.id, "assets", csv, w.manager.token);
      expect(response.statusCode, response.body).toBe(201);
      const assets = response.json() as Record<string, unknown>[];
      expect(assets.map((asset) => asset.name)).toEqual(["Lamp", "Bunny"]);
      expect(assets[0].data).toEqual({ rig_level: "high" });
      expect(assets[0].type).toBe("Asset");
      const [modelingTask] = await t.db.orm.select().from(task).where(eq(task.entityId, assets[0].id as string));
      expect(modelingTask.taskTypeId).toBe(modeling.id);
      expect(modelingTask.taskStatusId).toBe(wip.id);
    }],
    fails: ["writes nothing when a row has no name", async () => {
      const project = await makeTeamProject();
      const response = await importCsv(project.id, "assets", "Type,Name\nProp,Lamp\nProp,\n", w.manager.token);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: true, line_number: 2 });
      expect(await entitiesOf(project.id)).toEqual([]);
    }],
  });

  it("rejects a built-in entity type as asset type", async () => {
    const project = await makeTeamProject();
    const response = await importCsv(project.id, "assets", "Type,Name\nShot,Lamp\n", w.manager.token);
    expect(response.statusCode).toBe(400);
    expect(response.json().line_number).toBe(1);
  });

  it("answers 404 for an unknown project", async () => {
    const response = await importCsv(UNKNOWN_ID, "assets", "Type,Name\nProp,Lamp\n", w.admin.token);
    expect(response.statusCode).toBe(404);
  });
});

describe("shots CSV export", () => {
  gazuRoute("GET", "/export/csv/projects/{project_id}/shots.csv", {
    succeeds: ["lists the shots with frames, time spent and task columns", async () => {
      const project = await makeTeamProject();
      const imported = await importCsv(project.id, "shots", "Sequence,Name,Frames,Frame In,Animation\nSQ02,SH020,10,5,wip\nSQ01,SH010,24,1001,\n", w.manager.token);
      expect(imported.statusCode, imported.body).toBe(201);
      await t.db.orm.update(task).set({ duration: 960 }).where(eq(task.projectId, project.id));
      const response = await t.request({ method: "GET", url: `/api/export/csv/projects/${project.id}/shots.csv`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toContain("text/csv");
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename=kitsu_.*_shots\.csv$/);
      const lines = response.body.split("\r\n");
      expect(lines[0]).toBe("Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS;Animation;Assignations");
      expect(lines[1]).toBe(`${project.name};;SQ01;SH010;;2.00;24;1001;;;todo;`);
      expect(lines[2]).toBe(`${project.name};;SQ02;SH020;;2.00;10;5;;;wip;`);
    }],
    fails: ["rejects a vendor", async () => {
      const project = await makeTeamProject();
      const response = await t.request({ method: "GET", url: `/api/export/csv/projects/${project.id}/shots.csv`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("keeps the shots assigned to a person", async () => {
    const project = await makeTeamProject();
    await importCsv(project.id, "shots", "Sequence,Name\nSQ01,SH010\nSQ01,SH020\n", w.manager.token);
    const [first] = await t.db.orm.select().from(entity).where(and(eq(entity.projectId, project.id), eq(entity.name, "SH010")));
    const [firstTask] = await t.db.orm.select().from(task).where(eq(task.entityId, first.id));
    await t.db.query("insert into task_person_link (task_id, person_id) values ($1, $2)", [firstTask.id, w.artist.person.id]);
    const response = await t.request({ method: "GET", url: `/api/export/csv/projects/${project.id}/shots.csv?assigned_to=${w.artist.person.id}`, token: w.manager.token });
    const lines = response.body.trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("SH010");
    expect(lines[1].endsWith(`;${w.artist.person.firstName} ${w.artist.person.lastName}`)).toBe(true);
  });

  it("answers 404 for an unknown project", async () => {
    const response = await t.request({ method: "GET", url: `/api/export/csv/projects/${UNKNOWN_ID}/shots.csv`, token: w.admin.token });
    expect(response.statusCode).toBe(404);
  });
});

describe("assets CSV export", () => {
  gazuRoute("GET", "/export/csv/projects/{project_id}/assets.csv", {
    succeeds: ["lists the assets by type and name with metadata", async () => {
      const project = await makeTeamProject();
      await t.db.orm.insert(metadataDescriptor).values({ projectId: project.id, entityType: "Asset", name: "Ready", fieldName: "ready", dataType: "boolean" });
      await importCsv(project.id, "assets", "Type,Name,Description,Ready\nProp,Lamp,A lamp;bright,True\nCharacter,Bunny,,\n", w.manager.token);
      const response = await t.request({ method: "GET", url: `/api/export/csv/projects/${project.id}/assets.csv`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const lines = response.body.split("\r\n");
      expect(lines[0]).toBe("Project;Type;Name;Description;Time Spent;Ready;Modeling;Assignations");
      expect(lines[1]).toBe(`${project.name};Character;Bunny;;0.00;false;todo;`);
      expect(lines[2]).toBe(`${project.name};Prop;Lamp;"A lamp;bright";0.00;true;todo;`);
    }],
    fails: ["rejects a person outside the team", async () => {
      const response = await t.request({ method: "GET", url: `/api/export/csv/projects/${w.project.id}/assets.csv`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("rejects a malformed episode filter", async () => {
    const response = await t.request({ method: "GET", url: `/api/export/csv/projects/${w.project.id}/assets.csv?episode_id=nope`, token: w.manager.token });
    expect(response.statusCode).toBe(400);
  });
});
