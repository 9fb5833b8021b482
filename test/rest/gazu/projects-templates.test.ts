import { afterAll, beforeAll, describe, expect } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { call, makeAssetType, makeBackground, makeStatusAutomation, makeTemplate } from "./projects-support.js";

// gazu's project template calls: the template records, their links to task
// types, task statuses, asset types, status automations and preview
// backgrounds, and the template-from-project and apply-template actions.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

const NOT_FOUND_BODY = { message: "Project template not found" };

describe("project template records", () => {
  gazuRoute("GET", "/data/project-templates", {
    succeeds: [
      "lists the templates for a studio manager",
      async () => {
        const template = await makeTemplate(t, { name: "Feature film" });
        const { status, body } = await call(t, "GET", "/data/project-templates?name=Feature%20film", w.manager.token);
        expect(status).toBe(200);
        expect(body.map((row) => row.id)).toEqual([template.id]);
        expectZouObject(body[0], "ProjectTemplate");
      },
    ],
    fails: [
      "forbids an artist",
      async () => {
        const { status } = await call(t, "GET", "/data/project-templates", w.artist.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/data/project-templates/{project_template_id}", {
    succeeds: [
      "returns one template",
      async () => {
        const template = await makeTemplate(t);
        const { status, body } = await call(t, "GET", `/data/project-templates/${template.id}`, w.manager.token);
        expect(status).toBe(200);
        expect(body).toMatchObject({ id: template.id, name: template.name, type: "ProjectTemplate" });
      },
    ],
    fails: [
      "returns 404 for an unknown template",
      async () => {
        const { status } = await call(t, "GET", `/data/project-templates/${UNKNOWN_ID}`, w.manager.token);
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("POST", "/data/project-templates", {
    succeeds: [
      "creates a template for an admin",
      async () => {
        const { status, body } = await call(t, "POST", "/data/project-templates", w.admin.token, { name: "Short film", description: null, fps: "24" });
        expect(status).toBe(201);
        expectZouObject(body, "ProjectTemplate");
        expect(body).toMatchObject({ name: "Short film", fps: "24" });
      },
    ],
    fails: [
      "forbids a studio manager",
      async () => {
        const { status } = await call(t, "POST", "/data/project-templates", w.manager.token, { name: "Manager's template" });
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("PUT", "/data/project-templates/{project_template_id}", {
    succeeds: [
      "updates a template",
      async () => {
        const template = await makeTemplate(t);
        const { status, body } = await call(t, "PUT", `/data/project-templates/${template.id}`, w.admin.token, { description: "Updated" });
        expect(status).toBe(200);
        expect(body).toMatchObject({ id: template.id, description: "Updated" });
      },
    ],
    fails: [
      "returns 404 for an unknown template",
      async () => {
        const { status } = await call(t, "PUT", `/data/project-templates/${UNKNOWN_ID}`, w.admin.token, { description: "Nobody" });
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("DELETE", "/data/project-templates/{project_template_id}", {
    succeeds: [
      "deletes a template",
      async () => {
        const template = await makeTemplate(t);
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}`, w.admin.token);
        expect(status).toBe(204);
        expect(await t.db.query("select id from project_template where id = $1", [template.id])).toHaveLength(0);
      },
    ],
    fails: [
      "forbids a studio manager",
      async () => {
        const template = await makeTemplate(t);
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}`, w.manager.token);
        expect(status).toBe(403);
      },
    ],
  });
});

describe("project template links", () => {
  gazuRoute("DELETE", "/data/project-templates/{project_template_id}/task-types/{task_type_id}", {
    succeeds: [
      "removes a task type from the template",
      async () => {
        const template = await makeTemplate(t);
        const layout = await t.make.makeTaskType();
        await t.db.query("insert into project_template_task_type_link (id, project_template_id, task_type_id) values (gen_random_uuid(), $1, $2)", [template.id, layout.id]);
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}/task-types/${layout.id}`, w.admin.token);
        expect(status).toBe(204);
        expect(await t.db.query("select * from project_template_task_type_link where project_template_id = $1", [template.id])).toHaveLength(0);
      },
    ],
    fails: [
      "returns Zou's 404 body for an unknown template",
      async () => {
        const { status, body } = await call(t, "DELETE", `/data/project-templates/${UNKNOWN_ID}/task-types/${UNKNOWN_ID}`, w.admin.token);
        expect(status).toBe(404);
        expect(body).toEqual(NOT_FOUND_BODY);
      },
    ],
  });

  gazuRoute("GET", "/data/project-templates/{project_template_id}/task-statuses", {
    succeeds: [
      "lists the task statuses with priority and board roles",
      async () => {
        const template = await makeTemplate(t);
        const wip = await t.make.makeTaskStatus({ name: "Template WIP" });
        await call(t, "POST", `/data/project-templates/${template.id}/task-statuses`, w.admin.token, { task_status_id: wip.id, priority: 2, roles_for_board: ["user", "manager"] });
        const { status, body } = await call(t, "GET", `/data/project-templates/${template.id}/task-statuses`, w.manager.token);
        expect(status).toBe(200);
        expect(body).toHaveLength(1);
        expect(body[0]).toMatchObject({ id: wip.id, type: "TaskStatus", priority: 2, roles_for_board: ["user", "manager"] });
      },
    ],
    fails: [
      "returns 404 for a malformed template id",
      async () => {
        const { status, body } = await call(t, "GET", "/data/project-templates/not-an-id/task-statuses", w.manager.token);
        expect(status).toBe(404);
        expect(body).toEqual(NOT_FOUND_BODY);
      },
    ],
  });

  gazuRoute("POST", "/data/project-templates/{project_template_id}/task-statuses", {
    succeeds: [
      "adds a task status and returns the link",
      async () => {
        const template = await makeTemplate(t);
        const done = await t.make.makeTaskStatus({ name: "Template done" });
        const { status, body } = await call(t, "POST", `/data/project-templates/${template.id}/task-statuses`, w.admin.token, { task_status_id: done.id, priority: 5 });
        expect(status, JSON.stringify(body)).toBe(201);
        expect(body).toMatchObject({ project_template_id: template.id, task_status_id: done.id, priority: 5 });
      },
    ],
    fails: [
      "rejects an unknown task status with Zou's message",
      async () => {
        const template = await makeTemplate(t);
        const { status, body } = await call(t, "POST", `/data/project-templates/${template.id}/task-statuses`, w.admin.token, { task_status_id: UNKNOWN_ID });
        expect(status).toBe(400);
        expect(body).toEqual({ message: `Task status ${UNKNOWN_ID} does not exist` });
      },
    ],
  });

  gazuRoute("DELETE", "/data/project-templates/{project_template_id}/task-statuses/{task_status_id}", {
    succeeds: [
      "removes a task status from the template",
      async () => {
        const template = await makeTemplate(t);
        const wip = await t.make.makeTaskStatus();
        await call(t, "POST", `/data/project-templates/${template.id}/task-statuses`, w.admin.token, { task_status_id: wip.id });
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}/task-statuses/${wip.id}`, w.admin.token);
        expect(status).toBe(204);
        const listed = await call(t, "GET", `/data/project-templates/${template.id}/task-statuses`, w.admin.token);
        expect(listed.body).toEqual([]);
      },
    ],
    fails: [
      "forbids a studio manager",
      async () => {
        const template = await makeTemplate(t);
        const wip = await t.make.makeTaskStatus();
        await call(t, "POST", `/data/project-templates/${template.id}/task-statuses`, w.admin.token, { task_status_id: wip.id });
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}/task-statuses/${wip.id}`, w.manager.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/data/project-templates/{project_template_id}/asset-types", {
    succeeds: [
      "lists the asset types by id and name",
      async () => {
        const template = await makeTemplate(t);
        const props = await makeAssetType(t, "Template props");
        await call(t, "POST", `/data/project-templates/${template.id}/asset-types`, w.admin.token, { asset_type_id: props.id });
        const { status, body } = await call(t, "GET", `/data/project-templates/${template.id}/asset-types`, w.manager.token);
        expect(status).toBe(200);
        expect(body).toEqual([{ id: props.id, name: "Template props" }]);
      },
    ],
    fails: [
      "forbids an artist",
      async () => {
        const template = await makeTemplate(t);
        const { status } = await call(t, "GET", `/data/project-templates/${template.id}/asset-types`, w.artist.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("POST", "/data/project-templates/{project_template_id}/asset-types", {
    succeeds: [
      "adds an asset type once, however often it is sent",
      async () => {
        const template = await makeTemplate(t);
        const props = await makeAssetType(t, "Sets");
        const first = await call(t, "POST", `/data/project-templates/${template.id}/asset-types`, w.admin.token, { asset_type_id: props.id });
        const again = await call(t, "POST", `/data/project-templates/${template.id}/asset-types`, w.admin.token, { asset_type_id: props.id });
        expect(first.status).toBe(201);
        expect(again.status).toBe(201);
        expect(first.body).toEqual({ id: props.id, name: "Sets" });
        expect(await t.db.query("select * from project_template_asset_type_link where project_template_id = $1", [template.id])).toHaveLength(1);
      },
    ],
    fails: [
      "rejects a malformed asset type id",
      async () => {
        const template = await makeTemplate(t);
        const { status, body } = await call(t, "POST", `/data/project-templates/${template.id}/asset-types`, w.admin.token, { asset_type_id: "nope" });
        expect(status).toBe(400);
        expect(body).toEqual({ message: "asset_type_id is required and must be a valid UUID" });
      },
    ],
  });

  gazuRoute("DELETE", "/data/project-templates/{project_template_id}/asset-types/{asset_type_id}", {
    succeeds: [
      "removes an asset type from the template",
      async () => {
        const template = await makeTemplate(t);
        const props = await makeAssetType(t);
        await call(t, "POST", `/data/project-templates/${template.id}/asset-types`, w.admin.token, { asset_type_id: props.id });
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}/asset-types/${props.id}`, w.admin.token);
        expect(status).toBe(204);
        const listed = await call(t, "GET", `/data/project-templates/${template.id}/asset-types`, w.admin.token);
        expect(listed.body).toEqual([]);
      },
    ],
    fails: [
      "returns 404 for an unknown template",
      async () => {
        const { status } = await call(t, "DELETE", `/data/project-templates/${UNKNOWN_ID}/asset-types/${UNKNOWN_ID}`, w.admin.token);
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("GET", "/data/project-templates/{project_template_id}/status-automations", {
    succeeds: [
      "lists the status automations",
      async () => {
        const template = await makeTemplate(t);
        const automation = await makeStatusAutomation(t);
        await call(t, "POST", `/data/project-templates/${template.id}/status-automations`, w.admin.token, { status_automation_id: automation.id });
        const { status, body } = await call(t, "GET", `/data/project-templates/${template.id}/status-automations`, w.manager.token);
        expect(status).toBe(200);
        expect(body.map((row) => row.id)).toEqual([automation.id]);
        expect(body[0].type).toBe("StatusAutomation");
      },
    ],
    fails: [
      "returns 404 for an unknown template",
      async () => {
        const { status, body } = await call(t, "GET", `/data/project-templates/${UNKNOWN_ID}/status-automations`, w.manager.token);
        expect(status).toBe(404);
        expect(body).toEqual(NOT_FOUND_BODY);
      },
    ],
  });

  gazuRoute("POST", "/data/project-templates/{project_template_id}/status-automations", {
    succeeds: [
      "adds a status automation and returns it",
      async () => {
        const template = await makeTemplate(t);
        const automation = await makeStatusAutomation(t);
        const { status, body } = await call(t, "POST", `/data/project-templates/${template.id}/status-automations`, w.admin.token, { status_automation_id: automation.id });
        expect(status).toBe(201);
        expect(body).toMatchObject({ id: automation.id, type: "StatusAutomation" });
      },
    ],
    fails: [
      "rejects a body without status_automation_id",
      async () => {
        const template = await makeTemplate(t);
        const { status } = await call(t, "POST", `/data/project-templates/${template.id}/status-automations`, w.admin.token, {});
        expect(status).toBe(400);
      },
    ],
  });

  gazuRoute("DELETE", "/data/project-templates/{project_template_id}/status-automations/{status_automation_id}", {
    succeeds: [
      "removes a status automation from the template",
      async () => {
        const template = await makeTemplate(t);
        const automation = await makeStatusAutomation(t);
        await call(t, "POST", `/data/project-templates/${template.id}/status-automations`, w.admin.token, { status_automation_id: automation.id });
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}/status-automations/${automation.id}`, w.admin.token);
        expect(status).toBe(204);
        const listed = await call(t, "GET", `/data/project-templates/${template.id}/status-automations`, w.admin.token);
        expect(listed.body).toEqual([]);
      },
    ],
    fails: [
      "forbids a studio manager",
      async () => {
        const template = await makeTemplate(t);
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}/status-automations/${UNKNOWN_ID}`, w.manager.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/data/project-templates/{project_template_id}/preview-background-files", {
    succeeds: [
      "lists the backgrounds by id, name and default flag",
      async () => {
        const template = await makeTemplate(t);
        const background = await makeBackground(t, "Template sky");
        await call(t, "POST", `/data/project-templates/${template.id}/preview-background-files`, w.admin.token, { preview_background_file_id: background.id });
        const { status, body } = await call(t, "GET", `/data/project-templates/${template.id}/preview-background-files`, w.manager.token);
        expect(status).toBe(200);
        expect(body).toEqual([{ id: background.id, name: "Template sky", is_default: false }]);
      },
    ],
    fails: [
      "forbids an artist",
      async () => {
        const template = await makeTemplate(t);
        const { status } = await call(t, "GET", `/data/project-templates/${template.id}/preview-background-files`, w.artist.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("POST", "/data/project-templates/{project_template_id}/preview-background-files", {
    succeeds: [
      "adds a background and returns it",
      async () => {
        const template = await makeTemplate(t);
        const background = await makeBackground(t, "Night");
        const { status, body } = await call(t, "POST", `/data/project-templates/${template.id}/preview-background-files`, w.admin.token, { preview_background_file_id: background.id });
        expect(status).toBe(201);
        expect(body).toEqual({ id: background.id, name: "Night", is_default: false });
      },
    ],
    fails: [
      "rejects an unknown background",
      async () => {
        const template = await makeTemplate(t);
        const { status, body } = await call(t, "POST", `/data/project-templates/${template.id}/preview-background-files`, w.admin.token, { preview_background_file_id: UNKNOWN_ID });
        expect(status).toBe(400);
        expect(body).toEqual({ message: `Preview background file ${UNKNOWN_ID} does not exist` });
      },
    ],
  });

  gazuRoute("DELETE", "/data/project-templates/{project_template_id}/preview-background-files/{preview_background_file_id}", {
    succeeds: [
      "removes a background and clears it as default",
      async () => {
        const background = await makeBackground(t);
        const template = await makeTemplate(t);
        await call(t, "POST", `/data/project-templates/${template.id}/preview-background-files`, w.admin.token, { preview_background_file_id: background.id });
        await call(t, "PUT", `/data/project-templates/${template.id}/default-preview-background-file`, w.admin.token, { default_preview_background_file_id: background.id });
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}/preview-background-files/${background.id}`, w.admin.token);
        expect(status).toBe(204);
        const [row] = await t.db.query<{ default_preview_background_file_id: string | null }>("select default_preview_background_file_id from project_template where id = $1", [template.id]);
        expect(row.default_preview_background_file_id).toBeNull();
      },
    ],
    fails: [
      "forbids a studio manager",
      async () => {
        const template = await makeTemplate(t);
        const { status } = await call(t, "DELETE", `/data/project-templates/${template.id}/preview-background-files/${UNKNOWN_ID}`, w.manager.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("PUT", "/data/project-templates/{project_template_id}/default-preview-background-file", {
    succeeds: [
      "sets the default background and returns the template",
      async () => {
        const background = await makeBackground(t);
        const template = await makeTemplate(t);
        await call(t, "POST", `/data/project-templates/${template.id}/preview-background-files`, w.admin.token, { preview_background_file_id: background.id });
        const { status, body } = await call(t, "PUT", `/data/project-templates/${template.id}/default-preview-background-file`, w.admin.token, {
          default_preview_background_file_id: background.id,
        });
        expect(status).toBe(200);
        expect(body).toMatchObject({ id: template.id, type: "ProjectTemplate", default_preview_background_file_id: background.id });
      },
    ],
    fails: [
      "rejects a background the template does not list",
      async () => {
        const background = await makeBackground(t);
        const template = await makeTemplate(t);
        const { status, body } = await call(t, "PUT", `/data/project-templates/${template.id}/default-preview-background-file`, w.admin.token, {
          default_preview_background_file_id: background.id,
        });
        expect(status).toBe(400);
        expect(body).toEqual({ message: "Preview background file is not linked to this template" });
      },
    ],
  });

  gazuRoute("PUT", "/data/project-templates/{project_template_id}/metadata-descriptors", {
    succeeds: [
      "replaces the descriptor definitions",
      async () => {
        const template = await makeTemplate(t);
        const { status, body } = await call(t, "PUT", `/data/project-templates/${template.id}/metadata-descriptors`, w.admin.token, {
          metadata_descriptors: [{ name: "Camera Lens", entity_type: "Shot", data_type: "string" }],
        });
        expect(status).toBe(200);
        expect(body.metadata_descriptors).toEqual([
          { name: "Camera Lens", field_name: "camera_lens", entity_type: "Shot", data_type: "string", choices: [], for_client: false, departments: [], position: null },
        ]);
      },
    ],
    fails: [
      "rejects a definition that is not an object",
      async () => {
        const template = await makeTemplate(t);
        const { status, body } = await call(t, "PUT", `/data/project-templates/${template.id}/metadata-descriptors`, w.admin.token, { metadata_descriptors: ["lens"] });
        expect(status).toBe(400);
        expect(body).toEqual({ message: "Each metadata descriptor must be an object" });
      },
    ],
  });
});

describe("templates and projects", () => {
  gazuRoute("POST", "/data/project-templates/from-project/{project_id}", {
    succeeds: [
      "snapshots the project's configuration",
      async () => {
        const source = await t.make.makeProject({ fps: "30", team: [{ id: w.manager.person.id, role: "manager" }] });
        const wip = await t.make.makeTaskStatus();
        await call(t, "POST", `/data/projects/${source.id}/settings/task-status`, w.manager.token, { task_status_id: wip.id });
        await call(t, "POST", `/data/projects/${source.id}/metadata-descriptors`, w.manager.token, { name: "Difficulty", entity_type: "Asset" });

        const { status, body } = await call(t, "POST", `/data/project-templates/from-project/${source.id}`, w.admin.token, { name: "Snapshot", description: "From a project" });
        expect(status, JSON.stringify(body)).toBe(201);
        expectZouObject(body, "ProjectTemplate");
        expect(body).toMatchObject({ name: "Snapshot", fps: "30" });
        expect(body.metadata_descriptors).toEqual([expect.objectContaining({ name: "Difficulty", field_name: "difficulty", entity_type: "Asset" })]);
        const statuses = await call(t, "GET", `/data/project-templates/${body.id as string}/task-statuses`, w.admin.token);
        expect(statuses.body.map((row) => row.id)).toEqual([wip.id]);
      },
    ],
    fails: [
      "returns Zou's 404 body for an unknown project",
      async () => {
        const { status, body } = await call(t, "POST", `/data/project-templates/from-project/${UNKNOWN_ID}`, w.admin.token, { name: "Orphan" });
        expect(status).toBe(404);
        expect(body).toEqual({ message: "Project not found" });
      },
    ],
  });

  gazuRoute("POST", "/data/projects/{project_id}/apply-template/{project_template_id}", {
    succeeds: [
      "applies settings, links and descriptors to the project",
      async () => {
        const target = await t.make.makeProject({ fps: "25" });
        const template = await makeTemplate(t, { fps: "48", metadataDescriptors: [{ name: "Crowd size", entity_type: "Shot", data_type: "number" }] });
        const props = await makeAssetType(t);
        await call(t, "POST", `/data/project-templates/${template.id}/asset-types`, w.admin.token, { asset_type_id: props.id });

        const { status, body } = await call(t, "POST", `/data/projects/${target.id}/apply-template/${template.id}`, w.admin.token, {});
        expect(status, JSON.stringify(body)).toBe(200);
        expect(body).toMatchObject({ id: target.id, type: "Project", fps: "48" });
        expect(await t.db.query("select * from project_asset_type_link where project_id = $1 and asset_type_id = $2", [target.id, props.id])).toHaveLength(1);
        const descriptors = await call(t, "GET", `/data/projects/${target.id}/metadata-descriptors`, w.admin.token);
        expect(descriptors.body).toEqual([expect.objectContaining({ name: "Crowd size", entity_type: "Shot", data_type: "number" })]);
      },
    ],
    fails: [
      "forbids a manager of the project",
      async () => {
        const template = await makeTemplate(t, { fps: "12" });
        const { status } = await call(t, "POST", `/data/projects/${w.project.id}/apply-template/${template.id}`, w.manager.token, {});
        expect(status).toBe(403);
        const [row] = await t.db.query<{ fps: string }>("select fps from project where id = $1", [w.project.id]);
        expect(row.fps).not.toBe("12");
      },
    ],
  });
});
