import { afterAll, beforeAll, describe, expect } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { loginAs } from "../../support/roles.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { call, makeAssetType, makeBackground, makeStatusAutomation, projectStatusId } from "./projects-support.js";

// gazu's project calls: the project list and record routes, the project
// settings (task statuses, task types, asset types, status automations,
// preview backgrounds), the team and the milestones.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

describe("project records", () => {
  gazuRoute("GET", "/data/projects/open", {
    succeeds: [
      "lists the open projects of the caller's teams",
      async () => {
        const closed = await t.make.makeProject({ projectStatusId: await projectStatusId(t, "Closed"), team: [{ id: w.artist.person.id }] });
        const { status, body } = await call(t, "GET", "/data/projects/open", w.artist.token);
        expect(status).toBe(200);
        const ids = body.map((item) => item.id);
        expect(ids).toContain(w.project.id);
        expect(ids).not.toContain(closed.id);
        expectZouObject(body.find((item) => item.id === w.project.id)!, "Project");

        const named = await call(t, "GET", "/data/projects/open?name=Big%20Bunny", w.admin.token);
        expect(named.body.map((item) => item.id)).toEqual([w.project.id]);
        expect(named.body[0].team).toContain(w.artist.person.id);
      },
    ],
    fails: [
      "hides the projects of other teams",
      async () => {
        const { status, body } = await call(t, "GET", "/data/projects/open", w.outsider.token);
        expect(status).toBe(200);
        expect(body.map((item) => item.id)).not.toContain(w.project.id);
      },
    ],
  });

  gazuRoute("GET", "/data/projects", {
    succeeds: [
      "filters the projects by name",
      async () => {
        const { status, body } = await call(t, "GET", "/data/projects?name=Big%20Bunny", w.admin.token);
        expect(status).toBe(200);
        expect(body).toHaveLength(1);
        expect(body[0]).toMatchObject({ id: w.project.id, name: "Big Bunny", type: "Project" });
      },
    ],
    fails: [
      "returns nothing of other teams to a non-member",
      async () => {
        const { status, body } = await call(t, "GET", "/data/projects?name=Big%20Bunny", w.outsider.token);
        expect(status).toBe(200);
        expect(body).toEqual([]);
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}", {
    succeeds: [
      "returns the project with its production type",
      async () => {
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}`, w.artist.token);
        expect(status).toBe(200);
        expectZouObject(body, "Project");
        expect(body.id).toBe(w.project.id);
        expect(body).toHaveProperty("production_type");
      },
    ],
    fails: [
      "forbids a person outside the team",
      async () => {
        const { status } = await call(t, "GET", `/data/projects/${w.project.id}`, w.outsider.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("POST", "/data/projects", {
    succeeds: [
      "creates a project for an admin",
      async () => {
        const { status, body } = await call(t, "POST", "/data/projects", w.admin.token, { name: "Cosmos Laundromat", production_type: "featurefilm" });
        expect(status).toBe(201);
        expectZouObject(body, "Project");
        expect(body).toMatchObject({ name: "Cosmos Laundromat", production_type: "featurefilm" });
      },
    ],
    fails: [
      "forbids a studio manager",
      async () => {
        const { status } = await call(t, "POST", "/data/projects", w.manager.token, { name: "Not allowed" });
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("PUT", "/data/projects/{project_id}", {
    succeeds: [
      "updates the project for its manager",
      async () => {
        const { status, body } = await call(t, "PUT", `/data/projects/${w.project.id}`, w.manager.token, { description: "Rabbit tale" });
        expect(status).toBe(200);
        expect(body).toMatchObject({ id: w.project.id, description: "Rabbit tale" });
      },
    ],
    fails: [
      "forbids an artist of the team",
      async () => {
        const { status } = await call(t, "PUT", `/data/projects/${w.project.id}`, w.artist.token, { description: "Artist cut" });
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("DELETE", "/data/projects/{project_id}", {
    succeeds: [
      "deletes a closed project",
      async () => {
        const doomed = await t.make.makeProject({ projectStatusId: await projectStatusId(t, "Closed") });
        const { status } = await call(t, "DELETE", `/data/projects/${doomed.id}?force=true`, w.admin.token);
        expect(status).toBe(204);
        expect(await t.db.query("select id from project where id = $1", [doomed.id])).toHaveLength(0);
      },
    ],
    fails: [
      "keeps an open project",
      async () => {
        const open = await t.make.makeProject();
        const { status } = await call(t, "DELETE", `/data/projects/${open.id}`, w.admin.token);
        expect(status).toBe(400);
        expect(await t.db.query("select id from project where id = $1", [open.id])).toHaveLength(1);
      },
    ],
  });
});

describe("project settings", () => {
  gazuRoute("GET", "/data/projects/{project_id}/settings/task-status", {
    succeeds: [
      "lists the enabled task statuses with their priority",
      async () => {
        const wip = await t.make.makeTaskStatus({ name: "Work in progress" });
        await t.db.query("insert into project_task_status_link (id, project_id, task_status_id, priority) values (gen_random_uuid(), $1, $2, 3)", [w.project.id, wip.id]);
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/settings/task-status`, w.artist.token);
        expect(status).toBe(200);
        const item = body.find((row) => row.id === wip.id);
        expect(item).toMatchObject({ type: "TaskStatus", name: "Work in progress", priority: 3 });
        expect(Array.isArray(item?.roles_for_board)).toBe(true);
      },
    ],
    fails: [
      "forbids a person outside the team",
      async () => {
        const { status } = await call(t, "GET", `/data/projects/${w.project.id}/settings/task-status`, w.outsider.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("POST", "/data/projects/{project_id}/settings/task-status", {
    succeeds: [
      "enables a task status and returns the project",
      async () => {
        const retake = await t.make.makeTaskStatus({ name: "Retake" });
        const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/settings/task-status`, w.manager.token, { task_status_id: retake.id });
        expect(status).toBe(201);
        expect(body).toMatchObject({ id: w.project.id, type: "Project" });
        const listed = await call(t, "GET", `/data/projects/${w.project.id}/settings/task-status`, w.manager.token);
        expect(listed.body.map((row) => row.id)).toContain(retake.id);
      },
    ],
    fails: [
      "rejects a body without task_status_id",
      async () => {
        const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/settings/task-status`, w.manager.token, {});
        expect(status).toBe(400);
        expect(body.error).toBe(true);
      },
    ],
  });

  gazuRoute("DELETE", "/data/projects/{project_id}/settings/task-status/{task_status_id}", {
    succeeds: [
      "disables a task status",
      async () => {
        const done = await t.make.makeTaskStatus({ name: "Done here" });
        await call(t, "POST", `/data/projects/${w.project.id}/settings/task-status`, w.manager.token, { task_status_id: done.id });
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/settings/task-status/${done.id}`, w.manager.token);
        expect(status).toBe(204);
        const listed = await call(t, "GET", `/data/projects/${w.project.id}/settings/task-status`, w.manager.token);
        expect(listed.body.map((row) => row.id)).not.toContain(done.id);
      },
    ],
    fails: [
      "forbids a supervisor",
      async () => {
        const kept = await t.make.makeTaskStatus({ name: "Kept" });
        await call(t, "POST", `/data/projects/${w.project.id}/settings/task-status`, w.manager.token, { task_status_id: kept.id });
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/settings/task-status/${kept.id}`, w.supervisor.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("DELETE", "/data/projects/{project_id}/settings/task-types/{task_type_id}", {
    succeeds: [
      "disables a task type",
      async () => {
        const layout = await t.make.makeTaskType({ name: "Layout settings" });
        await t.db.query("insert into project_task_type_link (id, project_id, task_type_id) values (gen_random_uuid(), $1, $2)", [w.project.id, layout.id]);
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/settings/task-types/${layout.id}`, w.manager.token);
        expect(status).toBe(204);
        const listed = await call(t, "GET", `/data/projects/${w.project.id}/task-types`, w.manager.token);
        expect(listed.body.map((row) => row.id)).not.toContain(layout.id);
      },
    ],
    fails: [
      "returns 404 for an unknown project",
      async () => {
        const { status } = await call(t, "DELETE", `/data/projects/${UNKNOWN_ID}/settings/task-types/${UNKNOWN_ID}`, w.admin.token);
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("POST", "/data/projects/{project_id}/settings/asset-types", {
    succeeds: [
      "enables an asset type and returns the project",
      async () => {
        const props = await makeAssetType(t);
        const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/settings/asset-types`, w.manager.token, { asset_type_id: props.id });
        expect(status).toBe(201);
        expect(body.id).toBe(w.project.id);
        const rows = await t.db.query("select * from project_asset_type_link where project_id = $1 and asset_type_id = $2", [w.project.id, props.id]);
        expect(rows).toHaveLength(1);
      },
    ],
    fails: [
      "returns 404 for an unknown asset type",
      async () => {
        const { status } = await call(t, "POST", `/data/projects/${w.project.id}/settings/asset-types`, w.manager.token, { asset_type_id: UNKNOWN_ID });
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}/settings/status-automations", {
    succeeds: [
      "lists the enabled status automations",
      async () => {
        const automation = await makeStatusAutomation(t);
        await call(t, "POST", `/data/projects/${w.project.id}/settings/status-automations`, w.manager.token, { status_automation_id: automation.id });
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/settings/status-automations`, w.manager.token);
        expect(status).toBe(200);
        expect(body.find((row) => row.id === automation.id)).toMatchObject({ type: "StatusAutomation", out_field_type: "ready_for" });
      },
    ],
    fails: [
      "forbids an artist of the team",
      async () => {
        const { status } = await call(t, "GET", `/data/projects/${w.project.id}/settings/status-automations`, w.artist.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("POST", "/data/projects/{project_id}/settings/status-automations", {
    succeeds: [
      "enables a status automation and returns the project",
      async () => {
        const automation = await makeStatusAutomation(t);
        const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/settings/status-automations`, w.manager.token, { status_automation_id: automation.id });
        expect(status).toBe(201);
        expect(body).toMatchObject({ id: w.project.id, type: "Project" });
      },
    ],
    fails: [
      "rejects a malformed status automation id",
      async () => {
        const { status } = await call(t, "POST", `/data/projects/${w.project.id}/settings/status-automations`, w.manager.token, { status_automation_id: "not-an-id" });
        expect(status).toBe(400);
      },
    ],
  });

  gazuRoute("DELETE", "/data/projects/{project_id}/settings/status-automations/{status_automation_id}", {
    succeeds: [
      "disables a status automation",
      async () => {
        const automation = await makeStatusAutomation(t);
        await call(t, "POST", `/data/projects/${w.project.id}/settings/status-automations`, w.manager.token, { status_automation_id: automation.id });
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/settings/status-automations/${automation.id}`, w.manager.token);
        expect(status).toBe(204);
        const listed = await call(t, "GET", `/data/projects/${w.project.id}/settings/status-automations`, w.manager.token);
        expect(listed.body.map((row) => row.id)).not.toContain(automation.id);
      },
    ],
    fails: [
      "forbids an artist of the team",
      async () => {
        const automation = await makeStatusAutomation(t);
        await call(t, "POST", `/data/projects/${w.project.id}/settings/status-automations`, w.manager.token, { status_automation_id: automation.id });
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/settings/status-automations/${automation.id}`, w.artist.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}/settings/preview-background-files", {
    succeeds: [
      "lists the enabled preview background files",
      async () => {
        const background = await makeBackground(t, "Sunny yard");
        await call(t, "POST", `/data/projects/${w.project.id}/settings/preview-background-files`, w.manager.token, { preview_background_file_id: background.id });
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/settings/preview-background-files`, w.artist.token);
        expect(status).toBe(200);
        expect(body.find((row) => row.id === background.id)).toMatchObject({ type: "PreviewBackgroundFile", name: "Sunny yard" });
      },
    ],
    fails: [
      "returns 404 for a malformed project id",
      async () => {
        const { status } = await call(t, "GET", "/data/projects/not-an-id/settings/preview-background-files", w.admin.token);
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("POST", "/data/projects/{project_id}/settings/preview-background-files", {
    succeeds: [
      "adds a preview background file and returns the project",
      async () => {
        const background = await makeBackground(t);
        const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/settings/preview-background-files`, w.manager.token, { preview_background_file_id: background.id });
        expect(status).toBe(201);
        expect(body.id).toBe(w.project.id);
      },
    ],
    fails: [
      "forbids a client of the team",
      async () => {
        const background = await makeBackground(t);
        const { status } = await call(t, "POST", `/data/projects/${w.project.id}/settings/preview-background-files`, w.client.token, { preview_background_file_id: background.id });
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("DELETE", "/data/projects/{project_id}/settings/preview-background-files/{preview_background_file_id}", {
    succeeds: [
      "removes a preview background file",
      async () => {
        const background = await makeBackground(t);
        await call(t, "POST", `/data/projects/${w.project.id}/settings/preview-background-files`, w.manager.token, { preview_background_file_id: background.id });
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/settings/preview-background-files/${background.id}`, w.manager.token);
        expect(status).toBe(204);
        const listed = await call(t, "GET", `/data/projects/${w.project.id}/settings/preview-background-files`, w.manager.token);
        expect(listed.body.map((row) => row.id)).not.toContain(background.id);
      },
    ],
    fails: [
      "returns 404 for a file the project does not use",
      async () => {
        const background = await makeBackground(t);
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/settings/preview-background-files/${background.id}`, w.manager.token);
        expect(status).toBe(404);
      },
    ],
  });
});

describe("project team and milestones", () => {
  gazuRoute("GET", "/data/projects/{project_id}/team", {
    succeeds: [
      "lists the team with project roles, in full for managers",
      async () => {
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/team`, w.manager.token);
        expect(status).toBe(200);
        const artist = body.find((row) => row.id === w.artist.person.id);
        expect(artist).toMatchObject({ type: "Person", first_name: w.artist.person.firstName, project_role: null });
        expect(artist).toHaveProperty("email");
        expect(artist).not.toHaveProperty("password");

        const minimal = await call(t, "GET", `/data/projects/${w.project.id}/team`, w.artist.token);
        expect(minimal.status).toBe(200);
        expect(minimal.body.find((row) => row.id === w.manager.person.id)).not.toHaveProperty("email");
      },
    ],
    fails: [
      "forbids a person outside the team",
      async () => {
        const { status } = await call(t, "GET", `/data/projects/${w.project.id}/team`, w.outsider.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("POST", "/data/projects/{project_id}/team", {
    succeeds: [
      "adds a person to the team and returns the project",
      async () => {
        const newcomer = await loginAs(t, "user");
        const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/team`, w.manager.token, { person_id: newcomer.person.id });
        expect(status).toBe(201);
        expect(body.id).toBe(w.project.id);
        const team = await call(t, "GET", `/data/projects/${w.project.id}/team`, w.manager.token);
        expect(team.body.map((row) => row.id)).toContain(newcomer.person.id);
      },
    ],
    fails: [
      "rejects a body without person_id",
      async () => {
        const { status } = await call(t, "POST", `/data/projects/${w.project.id}/team`, w.manager.token, {});
        expect(status).toBe(400);
      },
    ],
  });

  gazuRoute("DELETE", "/data/projects/{project_id}/team/{person_id}", {
    succeeds: [
      "removes a person from the team",
      async () => {
        const leaving = await loginAs(t, "user");
        await t.make.addToTeam(w.project.id, leaving.person.id);
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/team/${leaving.person.id}`, w.manager.token);
        expect(status).toBe(204);
        const team = await call(t, "GET", `/data/projects/${w.project.id}/team`, w.manager.token);
        expect(team.body.map((row) => row.id)).not.toContain(leaving.person.id);
      },
    ],
    fails: [
      "forbids an artist of the team",
      async () => {
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/team/${w.client.person.id}`, w.artist.token);
        expect(status).toBe(403);
        const team = await call(t, "GET", `/data/projects/${w.project.id}/team`, w.manager.token);
        expect(team.body.map((row) => row.id)).toContain(w.client.person.id);
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}/milestones", {
    succeeds: [
      "lists the milestones by date",
      async () => {
        const late = await t.make.makeMilestone({ projectId: w.project.id, name: "Delivery", date: "2025-06-01" });
        const early = await t.make.makeMilestone({ projectId: w.project.id, name: "Animatic", date: "2025-02-01" });
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/milestones`, w.artist.token);
        expect(status).toBe(200);
        expect(body.map((row) => row.id)).toEqual([early.id, late.id]);
        expect(body[0]).toMatchObject({ type: "Milestone", name: "Animatic", date: "2025-02-01", project_id: w.project.id });
      },
    ],
    fails: [
      "returns 404 for an unknown project",
      async () => {
        const { status } = await call(t, "GET", `/data/projects/${UNKNOWN_ID}/milestones`, w.admin.token);
        expect(status).toBe(404);
      },
    ],
  });
});
