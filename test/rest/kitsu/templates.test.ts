import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { projectTemplate, projectTemplateTaskStatusLink, projectTemplateTaskTypeLink } from "../../../schema/projects.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Ordering a project template's task types and statuses.

let t: TestApp;
let w: SeedWorld;
let templateId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const [template] = await t.db.orm.insert(projectTemplate).values({ name: "Feature film" }).returning();
  templateId = template.id;
});

afterAll(async () => {
  await t.close();
});

describe("template ordering", () => {
  kitsuRoute("POST", "/actions/project-templates/{project_template_id}/task-types/reorder", {
    succeeds: ["sets priorities in list order", async () => {
      const layout = await t.make.makeTaskType({ name: "Layout" });
      const animation = await t.make.makeTaskType({ name: "Animation" });
      await t.db.orm.insert(projectTemplateTaskTypeLink).values({ projectTemplateId: templateId, taskTypeId: layout.id, priority: 1 });
      const response = await t.request({ method: "POST", url: `/api/actions/project-templates/${templateId}/task-types/reorder`, token: w.admin.token, payload: { task_type_ids: [animation.id, layout.id] } });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((link: { task_type_id: string; priority: number }) => [link.task_type_id, link.priority])).toEqual([[animation.id, 1], [layout.id, 2]]);
      const stored = await t.db.orm.select().from(projectTemplateTaskTypeLink).where(eq(projectTemplateTaskTypeLink.projectTemplateId, templateId));
      expect(stored).toHaveLength(2);
    }],
    fails: ["rejects an unknown task type and writes nothing", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/project-templates/${templateId}/task-types/reorder`, token: w.admin.token, payload: { task_type_ids: [UNKNOWN_ID] } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe(`Task type ${UNKNOWN_ID} does not exist`);
    }],
  });

  kitsuRoute("POST", "/actions/project-templates/{project_template_id}/task-statuses/reorder", {
    succeeds: ["sets status priorities in list order", async () => {
      const wip = await t.make.makeTaskStatus({ name: "Work in progress", shortName: "wip" });
      const response = await t.request({ method: "POST", url: `/api/actions/project-templates/${templateId}/task-statuses/reorder`, token: w.admin.token, payload: { task_status_ids: [wip.id] } });
      expect(response.statusCode).toBe(200);
      expect(response.json()[0]).toMatchObject({ task_status_id: wip.id, priority: 1, project_template_id: templateId });
      expect(await t.db.orm.select().from(projectTemplateTaskStatusLink).where(eq(projectTemplateTaskStatusLink.projectTemplateId, templateId))).toHaveLength(1);
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/project-templates/${templateId}/task-statuses/reorder`, token: w.manager.token, payload: { task_status_ids: [] } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("POST", "/actions/project-templates/{project_template_id}/task-statuses/reorder", {
    succeeds: ["accepts an empty list", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/project-templates/${templateId}/task-statuses/reorder`, token: w.admin.token, payload: { task_status_ids: [] } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([]);
    }],
    fails: ["answers 404 for an unknown template", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/project-templates/${UNKNOWN_ID}/task-statuses/reorder`, token: w.admin.token, payload: { task_status_ids: [] } });
      expect(response.statusCode).toBe(404);
    }],
  });
});
