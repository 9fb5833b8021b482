import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { multipartBody } from "../../support/media.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";

// Working files: the content upload and download, the task and entity
// lists, and the comment and modification-date actions.

let t: TestApp;
let w: SeedWorld;
let shot: EntityRow;
let task: TaskRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  shot = await t.make.makeShot({ projectId: w.project.id });
  task = await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });
});

afterAll(async () => {
  await t.close();
});

let fileCount = 0;

/** Makes a working file; without a name, each file gets its own, so revisions never collide. */
async function makeWorkingFile(values: { name?: string; revision?: number; taskRow?: TaskRow } = {}) {
  const owner = values.taskRow ?? task;
  fileCount += 1;
  return t.make.makeWorkingFile({ taskId: owner.id, entityId: owner.entityId!, name: values.name ?? `file${fileCount}`, revision: values.revision ?? 1 });
}

async function upload(id: string, token: string, content: Buffer) {
  const { body, headers } = multipartBody("file", "scene.ma", content);
  return t.request({ method: "POST", url: `/api/data/working-files/${id}/file`, token, payload: body, headers });
}

describe("working file content", () => {
  gazuRoute("POST", "/data/working-files/{working_file_id}/file", {
    succeeds: ["stores the content and returns the working file", async () => {
      const file = await makeWorkingFile();
      const response = await upload(file.id, w.artist.token, Buffer.from("maya scene v1"));
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "WorkingFile");
      expect(response.json().id).toBe(file.id);
      const download = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: w.artist.token });
      expect(download.body).toBe("maya scene v1");
    }],
    fails: ["rejects a client and stores nothing", async () => {
      const file = await makeWorkingFile();
      const response = await upload(file.id, w.client.token, Buffer.from("nope"));
      expect(response.statusCode).toBe(403);
      const download = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: w.manager.token });
      expect(download.statusCode).toBe(404);
    }],
  });

  it("replaces earlier content on a second upload", async () => {
    const file = await makeWorkingFile();
    await upload(file.id, w.manager.token, Buffer.from("first"));
    await upload(file.id, w.manager.token, Buffer.from("second"));
    const download = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: w.manager.token });
    expect(download.body).toBe("second");
  });

  it("rejects an upload without a file part", async () => {
    const file = await makeWorkingFile();
    const response = await t.request({ method: "POST", url: `/api/data/working-files/${file.id}/file`, token: w.manager.token, payload: {} });
    expect(response.statusCode).toBe(400);
  });

  it("returns 404 for an upload to an unknown working file", async () => {
    const response = await upload(UNKNOWN_ID, w.admin.token, Buffer.from("x"));
    expect(response.statusCode).toBe(404);
  });

  gazuRoute("GET", "/data/working-files/{working_file_id}/file", {
    succeeds: ["sends the stored bytes with cache headers", async () => {
      const file = await makeWorkingFile();
      await upload(file.id, w.manager.token, Buffer.from("0123456789"));
      const response = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: w.supervisor.token });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe("0123456789");
      expect(response.headers["content-type"]).toBe("application/octet-stream");
      expect(response.headers["cache-control"]).toBe("public, max-age=604800");
      expect(response.headers["last-modified"]).toBe(new Date(Math.floor(file.updatedAt!.getTime() / 1000) * 1000).toUTCString());
      expect(response.headers.etag).toBeDefined();
    }],
    fails: ["returns 404 with the id when no content was uploaded", async () => {
      const file = await makeWorkingFile();
      const response = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: true, message: `Working file not found for: ${file.id}` });
    }],
  });

  it("answers 304 to a matching If-None-Match and 206 to a range", async () => {
    const file = await makeWorkingFile();
    await upload(file.id, w.manager.token, Buffer.from("0123456789"));
    const first = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: w.manager.token });
    const cached = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: w.manager.token, headers: { "if-none-match": first.headers.etag as string } });
    expect(cached.statusCode).toBe(304);
    const partial = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: w.manager.token, headers: { range: "bytes=2-4" } });
    expect(partial.statusCode).toBe(206);
    expect(partial.body).toBe("234");
  });

  it("forbids the download to a client, an outsider and an unassigned vendor", async () => {
    const file = await makeWorkingFile();
    await upload(file.id, w.manager.token, Buffer.from("secret"));
    for (const session of [w.client, w.outsider, w.vendor]) {
      const response = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: session.token });
      expect(response.statusCode, session.person.role ?? "").toBe(403);
    }
  });

  it("lets a vendor assigned to the task download", async () => {
    const vendorTask = await t.make.makeTask({ entity: shot, assignees: [w.vendor.person.id] });
    const file = await makeWorkingFile({ taskRow: vendorTask });
    await upload(file.id, w.manager.token, Buffer.from("for the vendor"));
    const response = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}/file`, token: w.vendor.token });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("for the vendor");
  });

  it("returns 404 for an unknown or malformed id", async () => {
    for (const id of [UNKNOWN_ID, "not-a-uuid"]) {
      const response = await t.request({ method: "GET", url: `/api/data/working-files/${id}/file`, token: w.admin.token });
      expect(response.statusCode, id).toBe(404);
      expect(response.json().error).toBe(true);
    }
  });
});

describe("working file lists", () => {
  gazuRoute("GET", "/data/working-files/{instance_id}", {
    succeeds: ["returns the working file record", async () => {
      const file = await makeWorkingFile();
      const response = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "WorkingFile");
      expect(response.json()).toMatchObject({ id: file.id, task_id: task.id, revision: 1 });
    }],
    fails: ["forbids a person outside the project", async () => {
      const file = await makeWorkingFile();
      const response = await t.request({ method: "GET", url: `/api/data/working-files/${file.id}`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/tasks/{task_id}/working-files", {
    succeeds: ["lists the task's working files, highest revision first", async () => {
      const own = await t.make.makeTask({ entity: shot });
      const first = await makeWorkingFile({ taskRow: own, name: "main", revision: 1 });
      const second = await makeWorkingFile({ taskRow: own, name: "main", revision: 2 });
      const response = await t.request({ method: "GET", url: `/api/data/tasks/${own.id}/working-files`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { id: string }) => item.id)).toEqual([second.id, first.id]);
      expectZouObject(response.json()[0], "WorkingFile");
    }],
    fails: ["forbids a client", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/working-files`, token: w.client.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/tasks/{task_id}/working-files/last-revisions", {
    succeeds: ["returns the last revision of each name, keyed by name", async () => {
      const own = await t.make.makeTask({ entity: shot });
      await makeWorkingFile({ taskRow: own, name: "main", revision: 1 });
      const lastMain = await makeWorkingFile({ taskRow: own, name: "main", revision: 3 });
      const cache = await makeWorkingFile({ taskRow: own, name: "cache", revision: 1 });
      const response = await t.request({ method: "GET", url: `/api/data/tasks/${own.id}/working-files/last-revisions`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(Object.keys(response.json()).sort()).toEqual(["cache", "main"]);
      expect(response.json().main.id).toBe(lastMain.id);
      expect(response.json().main.revision).toBe(3);
      expect(response.json().cache.id).toBe(cache.id);
    }],
    fails: ["returns 404 for an unknown task", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/tasks/${UNKNOWN_ID}/working-files/last-revisions`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/entities/{entity_id}/working-files", {
    succeeds: ["lists the entity's working files, filtered by task and name", async () => {
      const asset = await t.make.makeAsset({ projectId: w.project.id });
      const modeling = await t.make.makeTask({ entity: asset });
      const rigging = await t.make.makeTask({ entity: asset });
      const main = await makeWorkingFile({ taskRow: modeling, name: "main" });
      const other = await makeWorkingFile({ taskRow: modeling, name: "other" });
      const rig = await makeWorkingFile({ taskRow: rigging, name: "main" });
      const all = await t.request({ method: "GET", url: `/api/data/entities/${asset.id}/working-files`, token: w.artist.token });
      expect(all.statusCode).toBe(200);
      expect(all.json().map((item: { id: string }) => item.id).sort()).toEqual([main.id, other.id, rig.id].sort());
      const filtered = await t.request({ method: "GET", url: `/api/data/entities/${asset.id}/working-files?task_id=${modeling.id}&name=main`, token: w.artist.token });
      expect(filtered.json().map((item: { id: string }) => item.id)).toEqual([main.id]);
    }],
    fails: ["forbids a person outside the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}/working-files`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("gives a vendor only the working files of tasks assigned to them", async () => {
    const asset = await t.make.makeAsset({ projectId: w.project.id });
    const theirs = await t.make.makeTask({ entity: asset, assignees: [w.vendor.person.id] });
    const others = await t.make.makeTask({ entity: asset });
    const visible = await makeWorkingFile({ taskRow: theirs });
    await makeWorkingFile({ taskRow: others });
    const response = await t.request({ method: "GET", url: `/api/data/entities/${asset.id}/working-files`, token: w.vendor.token });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((item: { id: string }) => item.id)).toEqual([visible.id]);
  });
});

describe("working file actions", () => {
  gazuRoute("PUT", "/actions/working-files/{working_file_id}/comment", {
    succeeds: ["sets the comment and returns the working file", async () => {
      const file = await makeWorkingFile();
      const response = await t.request({ method: "PUT", url: `/api/actions/working-files/${file.id}/comment`, token: w.artist.token, payload: { comment: "fixed the rig" } });
      expect(response.statusCode).toBe(200);
      expect(response.json().comment).toBe("fixed the rig");
      expectZouObject(response.json(), "WorkingFile");
    }],
    fails: ["rejects a body without comment", async () => {
      const file = await makeWorkingFile();
      const response = await t.request({ method: "PUT", url: `/api/actions/working-files/${file.id}/comment`, token: w.artist.token, payload: {} });
      expect(response.statusCode).toBe(400);
      expect(response.json().data.errors[0].field).toBe("comment");
    }],
  });

  it("forbids the comment action to an artist not assigned to the task", async () => {
    const other = await t.make.makeTask({ entity: shot });
    const file = await makeWorkingFile({ taskRow: other });
    const response = await t.request({ method: "PUT", url: `/api/actions/working-files/${file.id}/comment`, token: w.artist.token, payload: { comment: "x" } });
    expect(response.statusCode).toBe(403);
  });

  gazuRoute("PUT", "/actions/working-files/{working_file_id}/modified", {
    succeeds: ["moves updated_at to now", async () => {
      const file = await makeWorkingFile();
      await t.db.query("update working_file set updated_at = '2020-01-01T00:00:00' where id = $1", [file.id]);
      const response = await t.request({ method: "PUT", url: `/api/actions/working-files/${file.id}/modified`, token: w.manager.token, payload: {} });
      expect(response.statusCode).toBe(200);
      expect(response.json().updated_at > "2020-01-01T00:00:00").toBe(true);
      expect(response.json().id).toBe(file.id);
    }],
    fails: ["returns 404 for an unknown working file", async () => {
      const response = await t.request({ method: "PUT", url: `/api/actions/working-files/${UNKNOWN_ID}/modified`, token: w.admin.token, payload: {} });
      expect(response.statusCode).toBe(404);
    }],
  });
});
