import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityLink } from "../../schema/entities.js";
import { person } from "../../schema/people.js";
import { productionScheduleVersion, productionScheduleVersionTaskLink } from "../../schema/schedules.js";
import { task } from "../../schema/tasks.js";
import { createTestApp, type TestApp } from "../support/app.js";
import type { EntityRow, TaskTypeRow } from "../support/entities.builders.js";
import { multipartBody } from "../support/media.js";
import { loginAs } from "../support/roles.js";
import { makeSeedWorld, type SeedWorld } from "../support/seed-b.world.js";

// Hostile CSV files, races and cross-project ids on the production actions:
// casting and estimation imports, bulk task creation and deletion, persons.csv.

let t: TestApp;
let w: SeedWorld;
let shotA: EntityRow;
let hero: EntityRow;
let layout: TaskTypeRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  await t.make.makeTaskStatus({ name: "Todo", shortName: "todo", isDefault: true });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  shotA = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
  hero = await t.make.makeAsset({ projectId: w.project.id, assetType: "Character", name: "Hero" });
  layout = await t.make.makeTaskType({ name: "Layout", forEntity: "Shot" });
});

afterAll(async () => {
  await t.close();
});

function upload(url: string, token: string, content: Buffer | string) {
  const { body, headers } = multipartBody("file", "import.csv", Buffer.isBuffer(content) ? content : Buffer.from(content), "text/csv");
  return t.request({ method: "POST", url, token, payload: body, headers });
}

const castingUrl = () => `/api/import/csv/projects/${w.project.id}/casting`;
const CASTING_HEADER = "Episode;Parent;Name;Asset Type;Asset;Occurences;Label";

describe("casting CSV import", () => {
  it("reads a header that starts with a UTF-8 BOM", async () => {
    const csv = `\uFEFF${CASTING_HEADER}\n;SQ01;SH010;Character;Hero;2;fixed\n`;
    const response = await upload(castingUrl(), w.manager.token, csv);
    expect(response.statusCode).toBe(201);
    const links = await t.db.orm.select().from(entityLink).where(and(eq(entityLink.entityInId, shotA.id), eq(entityLink.entityOutId, hero.id)));
    expect(links).toHaveLength(1);
  });

  it("handles a UTF-16 file", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${CASTING_HEADER}\n;SQ01;SH010;Character;Hero;1;\n`, "utf16le")]);
    const response = await upload(castingUrl(), w.manager.token, utf16);
    expect(response.statusCode).toBeLessThan(500);
  });

  it("handles binary garbage", async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 37) % 256));
    const response = await upload(castingUrl(), w.manager.token, garbage);
    expect(response.statusCode).toBeLessThan(500);
  });

  it("handles a 5 MB cell", async () => {
    const csv = `${CASTING_HEADER}\n;SQ01;SH010;Character;${"x".repeat(5 * 1024 * 1024)};1;\n`;
    const response = await upload(castingUrl(), w.manager.token, csv);
    expect(response.statusCode).toBeLessThan(500);
  });

  it("handles an unterminated quote", async () => {
    const csv = `${CASTING_HEADER}\n;"SQ01;SH010;Character;Hero;1;\n`;
    const response = await upload(castingUrl(), w.manager.token, csv);
    expect(response.statusCode).toBeLessThan(500);
  });

  it("handles a NUL byte label", async () => {
    const csv = `${CASTING_HEADER}\n;SQ01;SH020;Character;Hero;1;la\u0000bel\n`;
    const response = await upload(castingUrl(), w.manager.token, csv);
    expect(response.statusCode).toBeLessThan(500);
  });

  it("writes one link for parallel identical imports", async () => {
    const other = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Lamp" });
    const csv = `${CASTING_HEADER}\n;SQ01;SH020;Prop;Lamp;3;fixed\n`;
    const responses = await Promise.all([upload(castingUrl(), w.manager.token, csv), upload(castingUrl(), w.manager.token, csv)]);
    for (const response of responses) expect(response.statusCode).toBeLessThan(500);
    const links = await t.db.orm.select().from(entityLink).where(eq(entityLink.entityOutId, other.id));
    expect(links).toHaveLength(1);
  });

  it("rejects another project's manager", async () => {
    const stranger = await loginAs(t, "manager");
    const response = await upload(castingUrl(), stranger.token, `${CASTING_HEADER}\n;SQ01;SH010;Character;Hero;1;\n`);
    expect(response.statusCode).toBe(403);
  });
});

describe("estimations CSV import", () => {
  const url = () => `/api/import/csv/projects/${w.project.id}/task-types/${layout.id}/estimations`;

  it("handles an estimation of 1e300", async () => {
    await t.make.makeTask({ entity: shotA, taskTypeId: layout.id });
    const response = await upload(url(), w.manager.token, "Parent;Entity;Estimation\nSQ01;SH010;1e300\n");
    expect(response.statusCode).toBeLessThan(500);
  });

  it("rejects a negative estimation", async () => {
    const response = await upload(url(), w.manager.token, "Parent;Entity;Estimation\nSQ01;SH010;-5\n");
    expect(response.statusCode).toBe(400);
  });

  it("handles an impossible start date", async () => {
    const response = await upload(url(), w.manager.token, "Parent;Entity;Estimation;Start date\nSQ01;SH010;1;2025-02-30\n");
    expect(response.statusCode).toBeLessThan(500);
  });

  it("handles a five-digit year", async () => {
    const response = await upload(url(), w.manager.token, "Parent;Entity;Estimation;Start date\nSQ01;SH010;1;99999-01-01\n");
    expect(response.statusCode).toBeLessThan(500);
  });

  it("handles a huge difficulty", async () => {
    const response = await upload(url(), w.manager.token, "Parent;Entity;Estimation;Difficulty;Drawings\nSQ01;SH010;1;99999999999;99999999999\n");
    expect(response.statusCode).toBeLessThan(500);
  });
});

describe("bulk task actions", () => {
  it("creates one task per shot under parallel requests", async () => {
    const animation = await t.make.makeTaskType({ name: "Animation race", forEntity: "Shot" });
    const url = `/api/actions/projects/${w.project.id}/task-types/${animation.id}/create-tasks/shot`;
    const responses = await Promise.all([1, 2, 3].map(() => t.request({ method: "POST", url, token: w.manager.token, payload: [] })));
    for (const response of responses) expect(response.statusCode).toBeLessThan(500);
    const rows = await t.db.orm.select({ id: task.id }).from(task).where(and(eq(task.entityId, shotA.id), eq(task.taskTypeId, animation.id)));
    expect(rows).toHaveLength(1);
  });

  it("answers 404 for an entity type path with traversal", async () => {
    const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/task-types/${layout.id}/create-tasks/..%2F..%2Fpersons`, token: w.manager.token, payload: [] });
    expect(response.statusCode).toBe(404);
  });

  it("keeps another project's listed tasks", async () => {
    const otherProject = await t.make.makeProject({ name: "Other show", team: [{ id: w.manager.person.id }] });
    const otherSequence = await t.make.makeSequence({ projectId: otherProject.id, name: "SQ77" });
    const otherShot = await t.make.makeShot({ projectId: otherProject.id, sequenceId: otherSequence.id, name: "SH770" });
    const otherTask = await t.make.makeTask({ entity: otherShot, taskTypeId: layout.id });
    const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/delete-tasks`, token: w.manager.token, payload: [otherTask.id] });
    expect(response.statusCode).toBeLessThan(500);
    const [still] = await t.db.orm.select({ id: task.id }).from(task).where(eq(task.id, otherTask.id));
    expect(still?.id).toBe(otherTask.id);
  });

  it("rejects bulk deletion by an artist", async () => {
    const victim = await t.make.makeTask({ entity: hero, taskTypeId: layout.id });
    const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/delete-tasks`, token: w.artist.token, payload: [victim.id] });
    expect(response.statusCode).toBe(403);
  });

  it("rejects a task id list of numbers", async () => {
    const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/delete-tasks`, token: w.manager.token, payload: [1, 2] });
    expect(response.statusCode).toBe(400);
  });
});

describe("schedule version actions", () => {
  it("survives parallel copies from production", async () => {
    for (let index = 0; index < 20; index += 1) {
      const shot = await t.make.makeShot({ projectId: w.project.id, name: `SV${index}` });
      await t.make.makeTask({ entity: shot, taskTypeId: layout.id, assignees: [w.artist.person.id] });
    }
    const [version] = await t.db.orm.insert(productionScheduleVersion).values({ name: "Parallel", projectId: w.project.id }).returning();
    const url = `/api/actions/production-schedule-versions/${version.id}/set-task-links-from-production`;
    const responses = await Promise.all([1, 2, 3, 4].map(() => t.request({ method: "POST", url, token: w.manager.token })));
    for (const response of responses) expect(response.statusCode).toBe(200);
    const links = await t.db.orm.select({ id: productionScheduleVersionTaskLink.id }).from(productionScheduleVersionTaskLink).where(eq(productionScheduleVersionTaskLink.productionScheduleVersionId, version.id));
    const tasks = await t.db.orm.select({ id: task.id }).from(task).where(eq(task.projectId, w.project.id));
    expect(links).toHaveLength(tasks.length);
  });

  it("rejects a version of another project as source", async () => {
    const otherProject = await t.make.makeProject({ name: "Other schedule", team: [{ id: w.manager.person.id }] });
    const [target] = await t.db.orm.insert(productionScheduleVersion).values({ name: "Target", projectId: w.project.id }).returning();
    const [source] = await t.db.orm.insert(productionScheduleVersion).values({ name: "Source", projectId: otherProject.id }).returning();
    const response = await t.request({
      method: "POST",
      url: `/api/actions/production-schedule-versions/${target.id}/set-task-links-from-production-schedule-version`,
      token: w.manager.token,
      payload: { production_schedule_version_id: source.id },
    });
    expect(response.statusCode).toBe(400);
  });

  it("rejects applying a version as a supervisor", async () => {
    const [version] = await t.db.orm.insert(productionScheduleVersion).values({ name: "Supervised", projectId: w.project.id }).returning();
    const response = await t.request({ method: "POST", url: `/api/actions/production-schedule-versions/${version.id}/apply-to-production`, token: w.supervisor.token });
    expect(response.statusCode).toBe(403);
  });
});

describe("persons CSV export", () => {
  it("neutralizes formula cells", async () => {
    await t.db.orm.update(person).set({ firstName: "=HYPERLINK(\"http://x\",\"y\")" }).where(eq(person.id, w.artist.person.id));
    const response = await t.request({ method: "GET", url: "/api/export/csv/persons.csv", token: w.manager.token });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(/(^|;)"?=HYPERLINK/m);
  });
});
