import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { metadataDescriptor } from "../../../schema/projects.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { ProjectRow } from "../../support/builders.js";
import { makeSeedWorld, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Production-level custom fields managed in every open production at once.

let t: TestApp;
let w: SeedWorld;
let second: ProjectRow;
let unmanaged: ProjectRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  second = await t.make.makeProject({ name: "Second", team: [{ id: w.manager.person.id }] });
  unmanaged = await t.make.makeProject({ name: "Unmanaged" });
});

afterAll(async () => {
  await t.close();
});

async function descriptorsNamed(fieldName: string) {
  return t.db.orm.select().from(metadataDescriptor).where(eq(metadataDescriptor.fieldName, fieldName));
}

describe("descriptors on all projects", () => {
  kitsuRoute("POST", "/data/metadata-descriptors/all-projects", {
    succeeds: ["creates the descriptor in every managed open project", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/metadata-descriptors/all-projects", token: w.manager.token, payload: { name: "Studio Code", entity_type: "Shot", data_type: "string" } });
      expect(response.statusCode).toBe(201);
      const body = response.json() as { project_id: string; field_name: string; type: string; entity_type: string }[];
      expect(body.map((item) => item.project_id).sort()).toEqual([w.project.id, second.id].sort());
      expect(body[0]).toMatchObject({ type: "MetadataDescriptor", field_name: "studio_code", entity_type: "Shot" });
      const stored = await descriptorsNamed("studio_code");
      expect(stored.map((row) => row.projectId)).not.toContain(unmanaged.id);
    }],
    fails: ["rejects a supervisor", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/metadata-descriptors/all-projects", token: w.supervisor.token, payload: { name: "Budget Line", entity_type: "Shot" } });
      expect(response.statusCode).toBe(403);
      expect(await descriptorsNamed("budget_line")).toHaveLength(0);
    }],
  });

  kitsuRoute("POST", "/data/metadata-descriptors/all-projects", {
    succeeds: ["skips projects that already have the field", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/metadata-descriptors/all-projects", token: w.admin.token, payload: { name: "Studio Code", entity_type: "Shot" } });
      expect(response.statusCode).toBe(201);
      expect(response.json().map((item: { project_id: string }) => item.project_id)).toEqual([unmanaged.id]);
    }],
    fails: ["rejects a Task entity type", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/metadata-descriptors/all-projects", token: w.admin.token, payload: { name: "Check", entity_type: "Task" } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, or Project.");
    }],
  });

  kitsuRoute("PUT", "/data/metadata-descriptors/all-projects/{field_name}", {
    succeeds: ["updates the field in the managed projects", async () => {
      const response = await t.request({
        method: "PUT",
        url: "/api/data/metadata-descriptors/all-projects/studio_code",
        token: w.manager.token,
        payload: { entity_type: "Shot", name: "Code", data_type: "list", choices: ["A", "B"] },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { name: string; data_type: string; choices: string[]; field_name: string }[];
      expect(body).toHaveLength(2);
      expect(body[0]).toMatchObject({ name: "Code", data_type: "list", choices: ["A", "B"], field_name: "studio_code" });
      const [untouched] = await t.db.orm.select().from(metadataDescriptor).where(and(eq(metadataDescriptor.projectId, unmanaged.id), eq(metadataDescriptor.fieldName, "studio_code")));
      expect(untouched.name).toBe("Studio Code");
    }],
    fails: ["rejects a body without an entity type", async () => {
      const response = await t.request({ method: "PUT", url: "/api/data/metadata-descriptors/all-projects/studio_code", token: w.manager.token, payload: { name: "Code" } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Validation error.");
    }],
  });

  kitsuRoute("POST", "/actions/metadata-descriptors/all-projects/reorder", {
    succeeds: ["orders the fields in every managed project", async () => {
      await t.request({ method: "POST", url: "/api/data/metadata-descriptors/all-projects", token: w.manager.token, payload: { name: "Difficulty", entity_type: "Shot" } });
      const response = await t.request({ method: "POST", url: "/api/actions/metadata-descriptors/all-projects/reorder", token: w.manager.token, payload: { entity_type: "Shot", field_order: ["difficulty", "studio_code", "unknown"] } });
      expect(response.statusCode).toBe(200);
      const [difficulty] = await t.db.orm.select().from(metadataDescriptor).where(and(eq(metadataDescriptor.projectId, second.id), eq(metadataDescriptor.fieldName, "difficulty")));
      const [code] = await t.db.orm.select().from(metadataDescriptor).where(and(eq(metadataDescriptor.projectId, second.id), eq(metadataDescriptor.fieldName, "studio_code")));
      expect(difficulty.position).toBe(1);
      expect(code.position).toBe(2);
    }],
    fails: ["rejects an empty field order", async () => {
      const response = await t.request({ method: "POST", url: "/api/actions/metadata-descriptors/all-projects/reorder", token: w.manager.token, payload: { entity_type: "Shot", field_order: [] } });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("DELETE", "/data/metadata-descriptors/all-projects/{field_name}", {
    succeeds: ["deletes the field from the managed projects", async () => {
      const response = await t.request({ method: "DELETE", url: "/api/data/metadata-descriptors/all-projects/studio_code?entity_type=Shot", token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveLength(2);
      const left = await descriptorsNamed("studio_code");
      expect(left.map((row) => row.projectId)).toEqual([unmanaged.id]);
    }],
    fails: ["rejects a missing entity type", async () => {
      const response = await t.request({ method: "DELETE", url: "/api/data/metadata-descriptors/all-projects/difficulty", token: w.manager.token });
      expect(response.statusCode).toBe(400);
      expect(await descriptorsNamed("difficulty")).toHaveLength(2);
    }],
  });
});
