import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetInstance } from "../../../schema/entities.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";

// Output files, output types and file statuses: the entity, asset instance
// and project lists, the next revision, and the generic records gazu reads.

let t: TestApp;
let w: SeedWorld;
let asset: EntityRow;
let shot: EntityRow;
let instanceId: string;
let cache: { id: string };
let movie: { id: string };
let taskTypeId: string;
let statusId: string;

const ids = (body: { id: string }[]) => body.map((item) => item.id);

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  asset = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop" });
  shot = await t.make.makeShot({ projectId: w.project.id });
  const [instance] = await t.db.orm.insert(assetInstance).values({ assetId: asset.id, number: 1, entityId: shot.id }).returning();
  instanceId = instance.id;
  cache = await t.make.makeOutputType({ name: "Cache" });
  movie = await t.make.makeOutputType({ name: "Movie" });
  taskTypeId = (await t.make.makeTaskType({ name: "Modeling" })).id;
  statusId = (await t.make.makeFileStatus({ name: "Approved" })).id;
});

afterAll(async () => {
  await t.close();
});

let outputCount = 0;

async function makeOutput(values: { entity?: EntityRow; outputTypeId?: string; name?: string; revision?: number; representation?: string; instance?: boolean } = {}) {
  outputCount += 1;
  return t.make.makeOutputFile({
    entityId: (values.entity ?? asset).id,
    fileStatusId: statusId,
    outputTypeId: values.outputTypeId ?? cache.id,
    taskTypeId,
    name: values.name ?? `out${outputCount}`,
    revision: values.revision ?? 1,
    representation: values.representation ?? "abc",
    ...(values.instance === true ? { assetInstanceId: instanceId, temporalEntityId: shot.id } : {}),
  });
}

describe("entity output files", () => {
  gazuRoute("GET", "/data/entities/{entity_id}/output-files", {
    succeeds: ["lists the entity's own output files, filtered by output type", async () => {
      const entity = await t.make.makeAsset({ projectId: w.project.id });
      const first = await makeOutput({ entity, name: "main", revision: 1 });
      const second = await makeOutput({ entity, name: "main", revision: 2 });
      const other = await makeOutput({ entity, outputTypeId: movie.id });
      const response = await t.request({ method: "GET", url: `/api/data/entities/${entity.id}/output-files`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(ids(response.json()).sort()).toEqual([first.id, second.id, other.id].sort());
      expectZouObject(response.json()[0], "OutputFile");
      const filtered = await t.request({ method: "GET", url: `/api/data/entities/${entity.id}/output-files?output_type_id=${cache.id}`, token: w.artist.token });
      expect(ids(filtered.json())).toEqual([second.id, first.id]);
    }],
    fails: ["forbids a vendor", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${asset.id}/output-files`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/entities/{entity_id}/output-files/last-revisions", {
    succeeds: ["returns the last revision of each output", async () => {
      const entity = await t.make.makeAsset({ projectId: w.project.id });
      await makeOutput({ entity, name: "main", revision: 1 });
      const last = await makeOutput({ entity, name: "main", revision: 4 });
      const lone = await makeOutput({ entity, name: "hair", revision: 1 });
      const response = await t.request({ method: "GET", url: `/api/data/entities/${entity.id}/output-files/last-revisions`, token: w.supervisor.token });
      expect(response.statusCode).toBe(200);
      expect(ids(response.json()).sort()).toEqual([last.id, lone.id].sort());
    }],
    fails: ["returns 404 for an unknown entity", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${UNKNOWN_ID}/output-files/last-revisions`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/entities/{entity_id}/output-types", {
    succeeds: ["lists the output types of the entity's output files once each, by name", async () => {
      const entity = await t.make.makeAsset({ projectId: w.project.id });
      await makeOutput({ entity, outputTypeId: movie.id });
      await makeOutput({ entity, outputTypeId: cache.id });
      await makeOutput({ entity, outputTypeId: cache.id });
      const response = await t.request({ method: "GET", url: `/api/data/entities/${entity.id}/output-types`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { name: string }) => item.name)).toEqual(["Cache", "Movie"]);
      expectZouObject(response.json()[0], "OutputType");
    }],
    fails: ["forbids a person outside the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${asset.id}/output-types`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("POST", "/data/entities/{entity_id}/output-files/next-revision", {
    succeeds: ["returns the revision after the last one of that output", async () => {
      const entity = await t.make.makeAsset({ projectId: w.project.id });
      await makeOutput({ entity, name: "main", revision: 2 });
      const response = await t.request({
        method: "POST",
        url: `/api/data/entities/${entity.id}/output-files/next-revision`,
        token: w.artist.token,
        payload: { name: "main", output_type_id: cache.id, task_type_id: taskTypeId },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ next_revision: 3 });
      const fresh = await t.request({
        method: "POST",
        url: `/api/data/entities/${entity.id}/output-files/next-revision`,
        token: w.artist.token,
        payload: { name: "other", output_type_id: cache.id, task_type_id: taskTypeId },
      });
      expect(fresh.json()).toEqual({ next_revision: 1 });
    }],
    fails: ["rejects a body without output_type_id", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/entities/${asset.id}/output-files/next-revision`, token: w.artist.token, payload: { task_type_id: taskTypeId } });
      expect(response.statusCode).toBe(400);
      expect(response.json().data.errors[0].field).toBe("output_type_id");
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/output-files", {
    succeeds: ["lists the project's output files for its manager", async () => {
      const entity = await t.make.makeAsset({ projectId: w.project.id });
      const own = await makeOutput({ entity });
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/output-files`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(ids(response.json())).toContain(own.id);
      expect(response.json().every((item: { asset_instance_id: string | null }) => item.asset_instance_id === null)).toBe(true);
    }],
    fails: ["forbids an artist", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/output-files`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("asset instance output files", () => {
  gazuRoute("GET", "/data/asset-instances/{asset_instance_id}/output-files", {
    succeeds: ["lists the instance's output files in a temporal entity", async () => {
      const own = await makeOutput({ instance: true });
      await makeOutput();
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances/${instanceId}/output-files?temporal_entity_id=${shot.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(ids(response.json())).toContain(own.id);
      expect(response.json().every((item: { asset_instance_id: string }) => item.asset_instance_id === instanceId)).toBe(true);
    }],
    fails: ["returns 404 for an unknown asset instance", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances/${UNKNOWN_ID}/output-files`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-files/last-revisions", {
    succeeds: ["returns the last revision of each instance output", async () => {
      await makeOutput({ instance: true, name: "anim", revision: 1 });
      const last = await makeOutput({ instance: true, name: "anim", revision: 2 });
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances/${instanceId}/entities/${shot.id}/output-files/last-revisions?name=anim`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(ids(response.json())).toEqual([last.id]);
    }],
    fails: ["forbids a client", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances/${instanceId}/entities/${shot.id}/output-files/last-revisions`, token: w.client.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-types", {
    succeeds: ["lists the output types of the instance's output files", async () => {
      await makeOutput({ instance: true, outputTypeId: movie.id });
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances/${instanceId}/entities/${shot.id}/output-types`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { name: string }) => item.name)).toContain("Movie");
    }],
    fails: ["returns 404 for a malformed temporal entity id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances/${instanceId}/entities/not-an-id/output-types`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("POST", "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-files/next-revision", {
    succeeds: ["returns the revision after the instance's last one", async () => {
      await makeOutput({ instance: true, name: "layout", revision: 5 });
      const response = await t.request({
        method: "POST",
        url: `/api/data/asset-instances/${instanceId}/entities/${shot.id}/output-files/next-revision`,
        token: w.artist.token,
        payload: { name: "layout", output_type_id: cache.id, task_type_id: taskTypeId },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ next_revision: 6 });
    }],
    fails: ["returns 404 for an unknown output type", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/data/asset-instances/${instanceId}/entities/${shot.id}/output-files/next-revision`,
        token: w.artist.token,
        payload: { name: "layout", output_type_id: UNKNOWN_ID, task_type_id: taskTypeId },
      });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("POST", "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-files/new", {
    succeeds: ["publishes an output file with its paths", async () => {
      const tree = {
        output: {
          mountpoint: "/mnt",
          root: "prod",
          folder_path: { instance: "<Project>/<Asset>", style: "lowercase" },
          file_name: { instance: "<Asset>_<OutputType>_v<Version>", style: "lowercase" },
        },
      };
      await t.db.query("update project set file_tree = $1 where id = $2", [JSON.stringify(tree), w.project.id]);
      const response = await t.request({
        method: "POST",
        url: `/api/data/asset-instances/${instanceId}/entities/${shot.id}/output-files/new`,
        token: w.artist.token,
        payload: { output_type_id: cache.id, task_type_id: taskTypeId, name: "published" },
      });
      expect(response.statusCode).toBe(201);
      expect(typeof response.json().folder_path).toBe("string");
      expect(typeof response.json().file_name).toBe("string");
      expect(response.json().revision).toBe(1);
    }],
    fails: ["rejects a body without task_type_id", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/data/asset-instances/${instanceId}/entities/${shot.id}/output-files/new`,
        token: w.artist.token,
        payload: { output_type_id: cache.id },
      });
      expect(response.statusCode).toBe(400);
    }],
  });
});

describe("output file records", () => {
  gazuRoute("GET", "/data/output-files/{instance_id}", {
    succeeds: ["returns the output file", async () => {
      const own = await makeOutput();
      const response = await t.request({ method: "GET", url: `/api/data/output-files/${own.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "OutputFile");
      expect(response.json().id).toBe(own.id);
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/output-files/${UNKNOWN_ID}`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/output-files", {
    succeeds: ["finds an output file by path", async () => {
      const own = await makeOutput();
      await t.db.query("update output_file set path = '/mnt/prod/find-me.abc' where id = $1", [own.id]);
      const response = await t.request({ method: "GET", url: "/api/data/output-files?path=/mnt/prod/find-me.abc", token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(ids(response.json())).toEqual([own.id]);
    }],
    fails: ["forbids a vendor", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/output-files", token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("PUT", "/data/output-files/{instance_id}", {
    succeeds: ["updates the output file's comment", async () => {
      const own = await makeOutput();
      const response = await t.request({ method: "PUT", url: `/api/data/output-files/${own.id}`, token: w.manager.token, payload: { comment: "approved take" } });
      expect(response.statusCode).toBe(200);
      expect(response.json().comment).toBe("approved take");
    }],
    fails: ["forbids a client", async () => {
      const own = await makeOutput();
      const response = await t.request({ method: "PUT", url: `/api/data/output-files/${own.id}`, token: w.client.token, payload: { comment: "x" } });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("output types and file statuses", () => {
  gazuRoute("GET", "/data/output-types", {
    succeeds: ["lists output types, filtered by name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/output-types?name=Cache", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(ids(response.json())).toEqual([cache.id]);
      expectZouObject(response.json()[0], "OutputType");
    }],
    fails: ["returns an empty list for an unknown name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/output-types?name=Nothing", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([]);
    }],
  });

  gazuRoute("GET", "/data/output-types/{instance_id}", {
    succeeds: ["returns the output type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/output-types/${movie.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: movie.id, name: "Movie", type: "OutputType" });
    }],
    fails: ["returns 404 for a malformed id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/output-types/not-an-id", token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("POST", "/data/output-types", {
    succeeds: ["creates an output type for an admin", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/output-types", token: w.admin.token, payload: { name: "Rig", short_name: "rig" } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ name: "Rig", short_name: "rig", type: "OutputType" });
    }],
    fails: ["forbids a manager", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/output-types", token: w.manager.token, payload: { name: "Nope", short_name: "nop" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/file-status", {
    succeeds: ["lists file statuses, filtered by name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/file-status?name=Approved", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(ids(response.json())).toEqual([statusId]);
    }],
    fails: ["returns an empty list for an unknown name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/file-status?name=Nothing", token: w.artist.token });
      expect(response.json()).toEqual([]);
    }],
  });

  gazuRoute("POST", "/data/file-status", {
    succeeds: ["creates a file status for an admin", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/file-status", token: w.admin.token, payload: { name: "Retake", color: "#FF0000" } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ name: "Retake", color: "#FF0000", type: "FileStatus" });
    }],
    fails: ["forbids an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/file-status", token: w.artist.token, payload: { name: "Nope", color: "#000000" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/file-status/{instance_id}", {
    succeeds: ["returns the file status", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/file-status/${statusId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: statusId, name: "Approved", type: "FileStatus" });
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/file-status/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});
