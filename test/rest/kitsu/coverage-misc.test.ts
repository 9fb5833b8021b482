import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { subscription } from "../../../schema/notifications.js";
import { person } from "../../../schema/people.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { makeKeyPair, TestIdentityProvider } from "../../support/saml.idp.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Kitsu's remaining calls: the instance configuration and SAML login, a
// person's page and avatar, task subscriptions, shared assets, the task
// types and statuses of a production and their order, and the time spent
// CSV export.

let t: TestApp;
let w: SeedWorld;
let asset: EntityRow;
let task: TaskRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  asset = await t.make.makeAsset({ projectId: w.project.id, name: "Hero" });
  task = await t.make.makeTask({ entity: asset, assignees: [w.artist.person.id] });
});

afterAll(async () => {
  await t.close();
});

describe("instance configuration", () => {
  kitsuRoute("GET", "/config", {
    succeeds: ["returns the login and locale settings", async () => {
      const response = await t.request({ method: "GET", url: "/api/config" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ saml_enabled: false, oidc_enabled: false, enforce_2fa: false });
      expect(response.json()).toHaveProperty("default_locale");
      expect(response.json()).toHaveProperty("default_timezone");
    }],
    fails: ["leaves out the SAML metadata and secrets", async () => {
      const response = await t.request({ method: "GET", url: "/api/config" });
      expect(response.statusCode).toBe(200);
      const keys = Object.keys(response.json());
      expect(keys.filter((key) => /secret|password|metadata|key$/.test(key))).toEqual([]);
    }],
  });

  describe("SAML login", () => {
    let saml: TestApp;
    let idp: TestIdentityProvider;

    beforeAll(async () => {
      idp = new TestIdentityProvider(await makeKeyPair());
      saml = await createTestApp({ env: { SAML_ENABLED: "true", SAML_IDP_NAME: "Studio SSO", SAML_METADATA_XML: idp.metadata(), DOMAIN_NAME: "kitsu.example.test", DOMAIN_PROTOCOL: "https" } });
    }, 60_000);

    afterAll(async () => {
      await saml.close();
    });

    kitsuRoute("GET", "/auth/saml/login", {
      succeeds: ["redirects to the identity provider", async () => {
        const response = await saml.request({ method: "GET", url: "/api/auth/saml/login" });
        expect(response.statusCode).toBe(302);
        expect(String(response.headers.location).startsWith(`${idp.ssoUrl}?`)).toBe(true);
      }],
      fails: ["returns 400 while SAML is disabled", async () => {
        const response = await t.request({ method: "GET", url: "/api/auth/saml/login" });
        expect(response.statusCode).toBe(400);
        expect(response.json()).toEqual({ error: "SAML is not enabled." });
      }],
    });
  });
});

describe("people", () => {
  kitsuRoute("GET", "/data/persons/{instance_id}", {
    succeeds: ["returns the person", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: w.artist.person.id, type: "Person", role: "user" });
      expect(response.json()).toHaveProperty("full_name");
      expect(response.json()).not.toHaveProperty("password");
    }],
    fails: ["rejects a malformed id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/nope", token: w.manager.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Malformed ID.");
    }],
  });

  kitsuRoute("DELETE", "/actions/persons/{person_id}/clear-avatar", {
    succeeds: ["clears the avatar flag", async () => {
      await t.db.orm.update(person).set({ hasAvatar: true }).where(eq(person.id, w.vendor.person.id));
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${w.vendor.person.id}/clear-avatar`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/persons/${w.vendor.person.id}`, token: w.admin.token });
      expect(read.json().has_avatar).toBe(false);
    }],
    fails: ["rejects an artist clearing another person", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${w.vendor.person.id}/clear-avatar`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("task subscriptions and shared assets", () => {
  kitsuRoute("DELETE", "/actions/user/tasks/{task_id}/unsubscribe", {
    succeeds: ["stops following the task", async () => {
      await t.db.orm.insert(subscription).values({ personId: w.artist.person.id, taskId: task.id });
      const response = await t.request({ method: "DELETE", url: `/api/actions/user/tasks/${task.id}/unsubscribe`, token: w.artist.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/user/tasks/${task.id}/subscribed`, token: w.artist.token });
      expect(read.json()).toBe(false);
    }],
    // Zou returns 204 even for a malformed id, where Kumiki applies its 400 rule.
    fails: ["rejects a malformed task id", async () => {
      const response = await t.request({ method: "DELETE", url: "/api/actions/user/tasks/nope/unsubscribe", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("POST", "/actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share", {
    succeeds: ["shares the assets of the type", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/asset-types/${asset.entityTypeId}/assets/share`, token: w.manager.token, payload: { is_shared: true } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: asset.id, is_shared: true })]);
      const read = await t.request({ method: "GET", url: `/api/data/assets/${asset.id}`, token: w.manager.token });
      expect(read.json().is_shared).toBe(true);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/asset-types/${asset.entityTypeId}/assets/share`, token: w.artist.token, payload: { is_shared: false } });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("production task types and statuses", () => {
  let taskTypeIds: string[];
  let taskStatusIds: string[];

  beforeAll(async () => {
    taskTypeIds = [(await t.make.makeTaskType({ name: "Layout" })).id, (await t.make.makeTaskType({ name: "Lighting" })).id];
    taskStatusIds = [(await t.make.makeTaskStatus({ name: "Retake", shortName: "rtk" })).id, (await t.make.makeTaskStatus({ name: "Approved", shortName: "apr" })).id];
  });

  kitsuRoute("POST", "/data/task-type-links", {
    succeeds: ["adds task types to the production", async () => {
      for (const [priority, taskTypeId] of taskTypeIds.entries()) {
        const response = await t.request({ method: "POST", url: "/api/data/task-type-links", token: w.manager.token, payload: { project_id: w.project.id, task_type_id: taskTypeId, priority } });
        expect(response.statusCode).toBe(201);
        expect(response.json()).toMatchObject({ project_id: w.project.id, task_type_id: taskTypeId });
      }
      const read = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}`, token: w.manager.token });
      expect(read.json().task_types).toEqual(expect.arrayContaining(taskTypeIds));
    }],
    fails: ["rejects an unknown task type", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/task-type-links", token: w.manager.token, payload: { project_id: w.project.id, task_type_id: UNKNOWN_ID } });
      expect(response.statusCode).toBe(400);
      const read = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}`, token: w.manager.token });
      expect(read.json().task_types).not.toContain(UNKNOWN_ID);
    }],
  });

  kitsuRoute("POST", "/data/task-status-links", {
    succeeds: ["adds task statuses to the production", async () => {
      for (const [priority, taskStatusId] of taskStatusIds.entries()) {
        const response = await t.request({ method: "POST", url: "/api/data/task-status-links", token: w.manager.token, payload: { project_id: w.project.id, task_status_id: taskStatusId, priority } });
        expect(response.statusCode).toBe(201);
        expect(response.json()).toMatchObject({ project_id: w.project.id, task_status_id: taskStatusId });
      }
      const read = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}`, token: w.manager.token });
      expect(read.json().task_statuses).toEqual(expect.arrayContaining(taskStatusIds));
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/task-status-links", token: w.artist.token, payload: { project_id: w.project.id, task_status_id: taskStatusIds[0] } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("POST", "/actions/projects/{project_id}/task-type-links/reorder", {
    succeeds: ["reorders the production's task types", async () => {
      const reversed = [...taskTypeIds].reverse();
      const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/task-type-links/reorder`, token: w.manager.token, payload: { task_type_ids: reversed } });
      expect(response.statusCode).toBe(200);
      const links = await t.db.query<{ task_type_id: string; priority: number }>("select task_type_id, priority from project_task_type_link where project_id = $1 order by priority", [w.project.id]);
      expect(links.filter((link) => taskTypeIds.includes(link.task_type_id)).map((link) => link.task_type_id)).toEqual(reversed);
    }],
    fails: ["rejects a body without the id list", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/task-type-links/reorder`, token: w.manager.token, payload: {} });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("POST", "/actions/projects/{project_id}/task-status-links/reorder", {
    succeeds: ["reorders the production's task statuses", async () => {
      const reversed = [...taskStatusIds].reverse();
      const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/task-status-links/reorder`, token: w.manager.token, payload: { task_status_ids: reversed } });
      expect(response.statusCode).toBe(200);
      const links = await t.db.query<{ task_status_id: string; priority: number }>("select task_status_id, priority from project_task_status_link where project_id = $1 order by priority", [w.project.id]);
      expect(links.filter((link) => taskStatusIds.includes(link.task_status_id)).map((link) => link.task_status_id)).toEqual(reversed);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/task-status-links/reorder`, token: w.artist.token, payload: { task_status_ids: taskStatusIds } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("POST", "/actions/task-types/reorder", {
    succeeds: ["reorders the studio's task types", async () => {
      const reversed = [...taskTypeIds].reverse();
      const response = await t.request({ method: "POST", url: "/api/actions/task-types/reorder", token: w.admin.token, payload: { task_type_ids: reversed } });
      expect(response.statusCode).toBe(200);
      const first = await t.request({ method: "GET", url: `/api/data/task-types/${reversed[0]}`, token: w.admin.token });
      const second = await t.request({ method: "GET", url: `/api/data/task-types/${reversed[1]}`, token: w.admin.token });
      expect(first.json().priority).toBeLessThan(second.json().priority);
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "POST", url: "/api/actions/task-types/reorder", token: w.manager.token, payload: { task_type_ids: taskTypeIds } });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("time spent export", () => {
  kitsuRoute("GET", "/export/csv/time-spents.csv", {
    succeeds: ["exports the time spent as CSV", async () => {
      await t.make.makeTimeSpent({ taskId: task.id, personId: w.artist.person.id, date: "2024-05-02", duration: 120 });
      const response = await t.request({ method: "GET", url: "/api/export/csv/time-spents.csv", token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
      const lines = response.body.trim().split("\r\n");
      expect(lines[0]).toBe("Project;Person;Entity Type Name;Entity;Task Type;Date;Time spent");
      expect(lines.some((line) => line.startsWith("Big Bunny;") && line.endsWith(";2024-05-02;120.0"))).toBe(true);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/export/csv/time-spents.csv", token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});
