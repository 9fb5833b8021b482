import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salaryScale } from "../../schema/schedules.js";
import { crudModels } from "../../src/crud/crud.models.js";
import { countStatements } from "../../src/db/statements.js";
import { crudRoutes } from "../../src/rest/crud.js";
import { toFastifyPath } from "../../src/rest/route-table.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeCrudBuilders, type CrudWorld } from "../support/crud.builders.js";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let t: TestApp;
let world: CrudWorld;
const tokens: Record<"admin" | "manager" | "artist" | "vendor" | "outsider", string> = { admin: "", manager: "", artist: "", vendor: "", outsider: "" };

/** Returns a valid creation body for each model, with the JSON `type` Zou gives the created row. */
function creationCases(w: CrudWorld): Record<string, { body: Record<string, unknown>; type: string }> {
  const unique = Math.random().toString(36).slice(2, 8);
  return {
    persons: { body: { first_name: "Ada", last_name: "Lovelace", email: `ada-${unique}@example.com` }, type: "Person" },
    projects: { body: { name: `Project ${unique}` }, type: "Project" },
    "project-status": { body: { name: `Status ${unique}`, color: "#111111" }, type: "ProjectStatus" },
    "project-templates": { body: { name: `Template ${unique}` }, type: "ProjectTemplate" },
    "entity-types": { body: { name: `Prop ${unique}` }, type: "EntityType" },
    entities: { body: { name: `Sword ${unique}`, project_id: w.project.id, entity_type_id: w.assetTypeId }, type: "Asset" },
    "task-types": { body: { name: `Rigging ${unique}` }, type: "TaskType" },
    "task-status": { body: { name: `Review ${unique}`, short_name: `rev${unique}`, color: "#222222" }, type: "TaskStatus" },
    tasks: { body: { name: `layout ${unique}`, project_id: w.project.id, entity_id: w.assetId, task_type_id: w.taskTypeId, task_status_id: w.taskStatusId }, type: "Task" },
    departments: { body: { name: `Lighting ${unique}`, color: "#333333" }, type: "Department" },
    organisations: { body: { name: `Studio org ${unique}` }, type: "Organisation" },
    "file-status": { body: { name: `To check ${unique}`, color: "#444444" }, type: "FileStatus" },
    softwares: { body: { name: `Blender ${unique}`, short_name: "bl", file_extension: ".blend" }, type: "Software" },
    "hardware-items": { body: { name: `Tablet ${unique}`, short_name: "tab" }, type: "HardwareItem" },
    "output-files": { body: { name: `main ${unique}`, revision: 1, file_status_id: undefined, entity_id: w.assetId }, type: "OutputFile" },
    "output-types": { body: { name: `Cache ${unique}`, short_name: "cch" }, type: "OutputType" },
    "preview-files": { body: { name: `preview ${unique}`, task_id: w.taskId, revision: 1 }, type: "PreviewFile" },
    "working-files": { body: { name: `work ${unique}`, task_id: w.taskId, entity_id: w.assetId, revision: 1 }, type: "WorkingFile" },
    "attachment-files": { body: { name: "ref.png", extension: "png", comment_id: w.commentId }, type: "AttachmentFile" },
    comments: { body: { object_id: w.taskId, object_type: "Task", person_id: w.admin.id, text: "note" }, type: "Comment" },
    "time-spents": { body: { duration: 60, date: "2024-05-02", task_id: w.taskId, person_id: w.artist.id }, type: "TimeSpent" },
    "day-offs": { body: { date: "2030-01-02", end_date: "2030-01-03", person_id: w.artist.id }, type: "DayOff" },
    "custom-actions": { body: { name: `Open ${unique}`, url: "https://example.com" }, type: "CustomAction" },
    "status-automations": { body: { entity_type: "asset" }, type: "StatusAutomation" },
    "asset-instances": { body: { asset_id: w.assetId, number: 1 }, type: "AssetInstance" },
    playlists: { body: { name: `Dailies ${unique}`, project_id: w.project.id }, type: "Playlist" },
    events: { body: { name: "test:created" }, type: "ApiEvent" },
    notifications: { body: { type: "comment", person_id: w.artist.id, author_id: w.admin.id }, type: "Notification" },
    "search-filters": { body: { list_type: "asset", name: `mine ${unique}`, search_query: "hero", person_id: w.admin.id }, type: "SearchFilter" },
    "search-filter-groups": { body: { list_type: "asset", name: `group ${unique}`, person_id: w.admin.id }, type: "SearchFilterGroup" },
    "schedule-items": { body: { project_id: w.project.id, task_type_id: w.taskTypeId, object_id: w.assetTypeId }, type: "ScheduleItem" },
    news: { body: { author_id: w.admin.id, task_id: w.taskId }, type: "News" },
    milestones: { body: { name: `Delivery ${unique}`, project_id: w.project.id, date: "2030-06-01" }, type: "Milestone" },
    "metadata-descriptors": { body: { project_id: w.project.id, entity_type: "Asset", name: `Difficulty ${unique}`, field_name: `difficulty_${unique}` }, type: "MetadataDescriptor" },
    subscriptions: { body: { person_id: w.artist.id, task_id: w.otherTaskId }, type: "Subscription" },
    "entity-links": { body: { entity_in_id: w.shotId, entity_out_id: w.assetId }, type: "EntityLink" },
    chats: { body: { object_id: w.shotId }, type: "Chat" },
    "chat-messages": { body: { chat_id: w.chatId, person_id: w.admin.id, text: "hello" }, type: "ChatMessage" },
    "preview-background-files": { body: { name: `Studio HDR ${unique}` }, type: "PreviewBackgroundFile" },
    studios: { body: { name: `Lyon ${unique}`, color: "#12AB34" }, type: "Studio" },
    "salary-scales": { body: {}, type: "SalaryScale" },
    budgets: { body: { name: `Budget ${unique}`, project_id: w.project.id }, type: "Budget" },
    "budget-entries": {
      body: { budget_id: w.budgetId, department_id: w.departmentId, start_date: "2030-01-01", months_duration: 3, daily_salary: 300 },
      type: "BudgetEntry",
    },
    plugins: { body: { plugin_id: `plugin-${unique}`, name: "Hello", version: "0.1.0", maintainer_name: "Jo", license: "MIT" }, type: "Plugin" },
    "production-schedule-versions": { body: { name: `Plan ${unique}`, project_id: w.project.id }, type: "ProductionScheduleVersion" },
    "production-schedule-version-task-links": { body: { production_schedule_version_id: w.scheduleVersionId, task_id: w.taskId }, type: "ProductionScheduleVersionTaskLink" },
  };
}

/** Ids of one row per model, created over HTTP by the admin (salary scales are generated, so written directly). */
const created = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  t = await createTestApp();
  world = await makeCrudBuilders(t.db).makeCrudWorld();
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = await t.login(world[role].email ?? "");

  const [fileStatusRow] = await t.db.query<{ id: string }>("insert into file_status (id, name, color) values (gen_random_uuid(), 'To review', '#ffffff') returning id");
  const cases = creationCases(world);
  cases["output-files"].body.file_status_id = fileStatusRow.id;
  for (const [path, { body }] of Object.entries(cases)) {
    if (path === "salary-scales") {
      const [row] = await t.db.orm.insert(salaryScale).values({ departmentId: world.departmentId, position: "artist", seniority: "junior" }).returning();
      created.set(path, { id: row.id });
      continue;
    }
    const response = await t.request({ method: "POST", url: `/data/${path}`, token: tokens.admin, payload: body });
    if (response.statusCode !== 201) throw new Error(`creating ${path} failed: ${response.statusCode} ${response.body}`);
    created.set(path, response.json());
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("crud route table", () => {
  it("has an entry for every crud route of Zou's route list", () => {
    const tsv = readFileSync(fileURLToPath(new URL("../../../shared/reference/zou-routes.tsv", import.meta.url)), "utf8");
    const zouRoutes = tsv
      .split("\n")
      .slice(1)
      .map((line) => line.split("\t"))
      .filter((columns) => columns[2] === "crud")
      .map(([method, path]) => `${method} ${toFastifyPath(path)}`);
    const entries = new Set(crudRoutes.map((route) => `${String(route.method)} ${toFastifyPath(route.path)}`));
    expect(zouRoutes.length).toBe(235);
    expect(zouRoutes.filter((route) => !entries.has(route))).toEqual([]);
  });
});

describe.each(crudModels.map((model) => [model.path, model] as const))("generic routes of /data/%s", (path, model) => {
  const expectedType = () => creationCases(world)[path].type;

  it("creates and reads back a row as admin", async () => {
    const row = created.get(path);
    expect(row?.id).toEqual(expect.any(String));
    if (path !== "salary-scales") {
      expect(row?.type).toBe(expectedType());
      expect(row?.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    }

    const response = await t.request({ method: "GET", url: `/data/${path}/${row?.id as string}`, token: tokens.admin });
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(row?.id);
    expect(response.json().type).toBe(expectedType());
    expect(response.json()).toHaveProperty("updated_at");
  });

  it("lists rows as admin", async () => {
    const response = await t.request({ method: "GET", url: `/data/${path}`, token: tokens.admin });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((item: { id: string }) => item.id)).toContain(created.get(path)?.id);
  });

  it("rejects a malformed id with 400", async () => {
    const response = await t.request({ method: "GET", url: `/data/${path}/not-an-id`, token: tokens.admin });
    // Zou reads a single output type through its service, which returns 404.
    if (path === "output-types") {
      expect(response.statusCode).toBe(404);
      return;
    }
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: true, message: "Malformed ID.", data: null });
  });

  it("answers 404 for an unknown id", async () => {
    const response = await t.request({ method: "GET", url: `/data/${path}/${UNKNOWN_ID}`, token: tokens.admin });
    expect(response.statusCode).toBe(404);
  });

  it("rejects an unknown filter with 400", async () => {
    const response = await t.request({ method: "GET", url: `/data/${path}?no_such_column=1`, token: tokens.admin });
    expect(response.statusCode).toBe(400);
  });

  it("rejects an unknown field on create with 400", async () => {
    const response = await t.request({ method: "POST", url: `/data/${path}`, token: tokens.admin, payload: { no_such_field: 1 } });
    expect(response.statusCode).toBe(400);
    if (model.create !== "never") expect(response.json()).toEqual({ message: `'no_such_field' is an invalid keyword argument for ${model.type}` });
  });

  it("forbids creation to an outsider", async () => {
    const response = await t.request({ method: "POST", url: `/data/${path}`, token: tokens.outsider, payload: creationCases(world)[path].body });
    expect(response.statusCode).toBe(model.create === "never" ? 400 : 403);
  });

  it("ignores read-only keys on update", async () => {
    const row = created.get(path) ?? {};
    const response = await t.request({
      method: "PUT",
      url: `/data/${path}/${row.id as string}`,
      token: tokens.admin,
      payload: { id: UNKNOWN_ID, type: "Whatever", created_at: "2000-01-01T00:00:00", full_name: "x" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(row.id);
  });
});

describe("generic lists", () => {
  it("returns Zou's page object with page and limit", async () => {
    const response = await t.request({ method: "GET", url: "/data/task-types?page=1&limit=1", token: tokens.admin });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(["data", "limit", "nb_pages", "offset", "page", "total"]);
    expect(body.data).toHaveLength(1);
    expect(body.limit).toBe(1);
    expect(body.nb_pages).toBe(body.total);
  });

  it("reads True and False as booleans", async () => {
    const shown = await t.request({ method: "GET", url: "/data/task-types?archived=False", token: tokens.admin });
    const hidden = await t.request({ method: "GET", url: "/data/task-types?archived=True", token: tokens.admin });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().length).toBeGreaterThan(0);
    expect(hidden.json()).toEqual([]);
  });

  it("serves the same list under /api", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/projects?id=${world.project.id}`, token: tokens.admin });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((item: { id: string }) => item.id)).toEqual([world.project.id]);
  });

  it("adds link-table id lists with relations=true", async () => {
    const response = await t.request({ method: "GET", url: `/data/projects?id=${world.project.id}&relations=true`, token: tokens.admin });
    expect(response.json()[0].team).toEqual(expect.arrayContaining([world.artist.id, world.manager.id]));
    const plain = await t.request({ method: "GET", url: `/data/projects?id=${world.project.id}`, token: tokens.admin });
    expect(plain.json()[0]).not.toHaveProperty("team");
  });

  it("runs a bounded number of statements with relations", async () => {
    const { count } = await countStatements(() => t.request({ method: "GET", url: "/data/tasks?relations=true", token: tokens.admin }));
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(6);
  });

  it("rejects a badly typed filter value", async () => {
    const response = await t.request({ method: "GET", url: "/data/tasks?entity_id=abc", token: tokens.admin });
    expect(response.statusCode).toBe(400);
  });
});

describe("project narrowing", () => {
  it("shows a person outside a project's team none of its rows", async () => {
    for (const path of ["projects", "entities", "tasks", "playlists", "preview-files", "metadata-descriptors"]) {
      const response = await t.request({ method: "GET", url: `/data/${path}`, token: tokens.outsider });
      expect(response.statusCode, path).toBe(200);
      const projectIds = response.json().map((item: { project_id?: string; id: string }) => item.project_id ?? item.id);
      expect(projectIds, path).not.toContain(world.project.id);
    }
    const tasks = await t.request({ method: "GET", url: "/data/tasks", token: tokens.outsider });
    expect(tasks.json().map((item: { id: string }) => item.id)).toContain(world.otherTaskId);
  });

  it("forbids reading a row of another project", async () => {
    const response = await t.request({ method: "GET", url: `/data/tasks/${world.taskId}`, token: tokens.outsider });
    expect(response.statusCode).toBe(403);
  });

  it("limits a vendor to rows of tasks assigned to them", async () => {
    const response = await t.request({ method: "GET", url: "/data/entities", token: tokens.vendor });
    expect(response.json().map((item: { id: string }) => item.id)).toEqual([world.assetId]);
  });

  it("gives non-managers the minimal view of persons", async () => {
    const response = await t.request({ method: "GET", url: `/data/persons/${world.manager.id}`, token: tokens.artist });
    expect(response.statusCode).toBe(200);
    expect(response.json()).not.toHaveProperty("email");
    expect(response.json()).not.toHaveProperty("password");
    const filtered = await t.request({ method: "GET", url: "/data/persons?phone=1", token: tokens.artist });
    expect(filtered.statusCode).toBe(400);
  });
});

describe("generic writes", () => {
  it("answers 415 to a body that is not JSON", async () => {
    const response = await t.request({ method: "POST", url: "/data/studios", token: tokens.admin, payload: "name=x", headers: { "content-type": "text/plain" } });
    expect(response.statusCode).toBe(415);
  });

  it("answers Zou's bare message on a duplicate", async () => {
    const body = { name: `Dup ${Date.now()}`, color: "#000000" };
    await t.request({ method: "POST", url: "/data/studios", token: tokens.admin, payload: body });
    const response = await t.request({ method: "POST", url: "/data/studios", token: tokens.admin, payload: body });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "A record with the same unique values already exists." });
  });

  it("records Zou's event for a creation", async () => {
    const studio = created.get("studios");
    const rows = await t.db.query<{ name: string; data: Record<string, unknown> }>("select name, data from api_event where data->>'studio_id' = $1", [studio?.id]);
    expect(rows.map((row) => row.name)).toContain("studio:new");
  });

  it("deletes a row with 204 and refuses referenced rows with 400", async () => {
    const studio = await t.request({ method: "POST", url: "/data/studios", token: tokens.admin, payload: { name: `Gone ${Date.now()}`, color: "#000000" } });
    const removed = await t.request({ method: "DELETE", url: `/data/studios/${studio.json().id as string}`, token: tokens.admin });
    expect(removed.statusCode).toBe(204);
    const again = await t.request({ method: "GET", url: `/data/studios/${studio.json().id as string}`, token: tokens.admin });
    expect(again.statusCode).toBe(404);

    const referenced = await t.request({ method: "DELETE", url: `/data/task-status/${world.taskStatusId}`, token: tokens.admin });
    expect(referenced.statusCode).toBe(400);
    expect(referenced.json()).toEqual({ message: "The change conflicts with records referencing this one." });
  });

  it("labels entities by their kind", async () => {
    const response = await t.request({ method: "GET", url: `/data/entities/${world.shotId}`, token: tokens.artist });
    expect(response.statusCode).toBe(200);
    expect(response.json().type).toBe("Shot");
    expect(response.json().entities_out).toEqual([world.assetId]);
  });
});
