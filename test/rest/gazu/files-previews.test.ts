import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentFile, previewFile } from "../../../schema/comments.js";
import { organisation as organisationTable } from "../../../schema/people.js";
import { getMediaServices } from "../../../src/previews/media.js";
import { movieKey, pictureKey } from "../../../src/previews/previews.service.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeMovie, makePicture, multipartBody } from "../../support/media.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";

// Preview files, attachment files and thumbnails: the entity preview lists,
// the main preview, annotations, and the picture and movie downloads.

let t: TestApp;
let w: SeedWorld;
let scratch: string;
let shot: EntityRow;
let task: TaskRow;
let png: Buffer;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-files-previews-"));
  shot = await t.make.makeShot({ projectId: w.project.id });
  task = await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });
  png = await makePicture({ format: "png", width: 64, height: 48 });
});

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

async function makePreview(values: Partial<typeof previewFile.$inferInsert> = {}) {
  const [row] = await t.db.orm
    .insert(previewFile)
    .values({ name: randomUUID().slice(0, 8), taskId: task.id, revision: 1, extension: "png", status: "ready", annotations: [], ...values })
    .returning();
  return row;
}

async function storeBytes(key: { bucket: "pictures" | "movies" | "files"; prefix: string; id: string }, bytes: Buffer) {
  await getMediaServices(t.services).store.put(key, Readable.from([bytes]));
}

/** Makes a preview with its picture variants stored, as an upload leaves them. */
async function makePicturePreview() {
  const preview = await makePreview();
  for (const prefix of ["thumbnails", "original", "previews"]) await storeBytes(pictureKey(prefix, preview.id), png);
  return preview;
}

function upload(url: string, token: string, bytes: Buffer, fileName = "picture.png") {
  const { body, headers } = multipartBody("file", fileName, bytes, "image/png");
  return t.request({ method: "POST", url, token, payload: body, headers });
}

describe("entity preview lists", () => {
  /** Builds the cases of a kind's preview list. The gazuRoute calls stay literal, so the coverage test finds them. */
  function previewListCases(collection: "shots" | "edits" | "concepts", kind: "Shot" | "Edit" | "Concept") {
    return {
      succeeds: ["groups the previews by task type id", async () => {
        const target = kind === "Shot" ? await t.make.makeShot({ projectId: w.project.id }) : kind === "Edit" ? await t.make.makeEdit({ projectId: w.project.id }) : await t.make.makeConcept({ projectId: w.project.id });
        const own = await t.make.makeTask({ entity: target });
        const preview = await makePreview({ taskId: own.id, revision: 2 });
        const response = await t.request({ method: "GET", url: `/api/data/${collection}/${target.id}/preview-files`, token: w.supervisor.token });
        expect(response.statusCode).toBe(200);
        expect(Object.keys(response.json())).toEqual([own.taskTypeId]);
        expect(response.json()[own.taskTypeId!][0]).toMatchObject({ id: preview.id, revision: 2, task_id: own.id });
      }],
      fails: [`returns 404 for an id that is not a ${kind.toLowerCase()}`, async () => {
        const asset = await t.make.makeAsset({ projectId: w.project.id });
        const response = await t.request({ method: "GET", url: `/api/data/${collection}/${asset.id}/preview-files`, token: w.admin.token });
        expect(response.statusCode).toBe(404);
      }],
    } satisfies Parameters<typeof gazuRoute>[2];
  }

  gazuRoute("GET", "/data/shots/{shot_id}/preview-files", previewListCases("shots", "Shot"));
  gazuRoute("GET", "/data/edits/{edit_id}/preview-files", previewListCases("edits", "Edit"));
  gazuRoute("GET", "/data/concepts/{concept_id}/preview-files", previewListCases("concepts", "Concept"));

  it("forbids a client the previews of a concept", async () => {
    const concept = await t.make.makeConcept({ projectId: w.project.id });
    const response = await t.request({ method: "GET", url: `/api/data/concepts/${concept.id}/preview-files`, token: w.client.token });
    expect(response.statusCode).toBe(403);
  });

  gazuRoute("GET", "/data/playlists/entities/{entity_id}/preview-files", {
    succeeds: ["groups the entity's previews by task type id", async () => {
      const preview = await makePreview({ revision: 7 });
      const response = await t.request({ method: "GET", url: `/api/data/playlists/entities/${shot.id}/preview-files`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()[task.taskTypeId!].map((item: { id: string }) => item.id)).toContain(preview.id);
    }],
    fails: ["forbids a person outside the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/playlists/entities/${shot.id}/preview-files`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/preview-files", {
    succeeds: ["lists the project's preview files for an admin", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/preview-files`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { id: string }) => item.id)).toContain(preview.id);
      expectZouObject(response.json()[0], "PreviewFile");
      const page = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/preview-files?page=1`, token: w.admin.token });
      expect(page.json()).toMatchObject({ page: 1, limit: 100, offset: 0 });
      expect(page.json().total).toBe(response.json().length);
    }],
    fails: ["forbids a manager", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/preview-files`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("main preview", () => {
  gazuRoute("PUT", "/actions/preview-files/{preview_file_id}/set-main-preview", {
    succeeds: ["sets the entity's main preview and returns the entity", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "PUT", url: `/api/actions/preview-files/${preview.id}/set-main-preview`, token: w.artist.token, payload: {} });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: shot.id, preview_file_id: preview.id, type: "Shot" });
      const [event] = await t.db.query<{ name: string }>("select name from api_event where name = 'preview-file:set-main' and data->>'preview_file_id' = $1", [preview.id]);
      expect(event.name).toBe("preview-file:set-main");
    }],
    fails: ["forbids a client", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "PUT", url: `/api/actions/preview-files/${preview.id}/set-main-preview`, token: w.client.token, payload: {} });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("rejects a frame number on a picture preview", async () => {
    const preview = await makePreview();
    const response = await t.request({ method: "PUT", url: `/api/actions/preview-files/${preview.id}/set-main-preview`, token: w.manager.token, payload: { frame_number: 3 } });
    expect(response.statusCode).toBe(400);
  });

  it("replaces a movie preview's thumbnail with the given frame", async () => {
    const preview = await makePreview({ extension: "mp4" });
    const movie = await makeMovie(scratch, { container: "mp4", codec: "h264", seconds: 1, fps: 24 });
    await getMediaServices(t.services).store.put(movieKey("previews", preview.id), createReadStream(movie));
    const response = await t.request({ method: "PUT", url: `/api/actions/preview-files/${preview.id}/set-main-preview`, token: w.manager.token, payload: { frame_number: 5 } });
    expect(response.statusCode).toBe(200);
    expect(await getMediaServices(t.services).store.exists(pictureKey("thumbnails", preview.id))).toBe(true);
  });
});

describe("extra previews", () => {
  gazuRoute("POST", "/actions/tasks/{task_id}/comments/{comment_id}/preview-files/{preview_file_id}", {
    succeeds: ["adds an empty preview in the given preview's revision", async () => {
      const comment = await t.make.makeComment({ task, personId: w.artist.person.id, withPreview: true });
      const [link] = await t.db.query<{ preview_file: string }>("select preview_file from comment_preview_link where comment = $1", [comment.id]);
      const [first] = await t.db.query<{ revision: number }>("select revision from preview_file where id = $1", [link.preview_file]);
      const response = await t.request({
        method: "POST",
        url: `/api/actions/tasks/${task.id}/comments/${comment.id}/preview-files/${link.preview_file}`,
        token: w.artist.token,
        payload: {},
      });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "PreviewFile");
      expect(response.json().revision).toBe(first.revision);
      expect(response.json().id).not.toBe(link.preview_file);
      const links = await t.db.query("select preview_file from comment_preview_link where comment = $1", [comment.id]);
      expect(links).toHaveLength(2);
    }],
    fails: ["returns 404 for a preview of another task", async () => {
      const comment = await t.make.makeComment({ task, personId: w.artist.person.id });
      const otherTask = await t.make.makeTask({ entity: shot });
      const foreign = await makePreview({ taskId: otherTask.id });
      const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/preview-files/${foreign.id}`, token: w.manager.token, payload: {} });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("annotations", () => {
  gazuRoute("PUT", "/actions/preview-files/{preview_file_id}/update-annotations", {
    succeeds: ["adds, updates and deletes drawing objects", async () => {
      const preview = await makePreview({
        annotations: [{ time: 0, drawing: { objects: [{ id: "a", type: "path" }, { id: "b", type: "path" }] } }],
      });
      const response = await t.request({
        method: "PUT",
        url: `/api/actions/preview-files/${preview.id}/update-annotations`,
        token: w.manager.token,
        payload: {
          additions: [{ time: 0, drawing: { objects: [{ id: "c", type: "text" }] } }, { time: 2.5, drawing: { objects: [{ type: "circle" }] } }],
          updates: [{ time: 0, drawing: { objects: [{ id: "a", type: "rect" }] } }],
          deletions: [{ time: 0, objects: ["b"] }],
        },
      });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "PreviewFile");
      const [first, second] = response.json().annotations;
      expect(first.drawing.objects).toEqual([{ id: "c", type: "text" }, { id: "a", type: "rect" }]);
      expect(second.time).toBe(2.5);
      expect(typeof second.drawing.objects[0].id).toBe("string");
    }],
    fails: ["forbids an artist", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "PUT", url: `/api/actions/preview-files/${preview.id}/update-annotations`, token: w.artist.token, payload: { additions: [] } });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("drops a time whose last object is deleted", async () => {
    const preview = await makePreview({ annotations: [{ time: 1, drawing: { objects: [{ id: "x" }] } }] });
    const response = await t.request({ method: "PUT", url: `/api/actions/preview-files/${preview.id}/update-annotations`, token: w.client.token, payload: { deletions: [{ time: 1, objects: ["x"] }] } });
    expect(response.statusCode).toBe(200);
    expect(response.json().annotations).toEqual([]);
  });
});

describe("preview file records and media", () => {
  gazuRoute("POST", "/pictures/preview-files/{instance_id}", {
    succeeds: ["stores an uploaded picture and returns the preview file", async () => {
      const preview = await makePreview({ extension: null, status: "processing" });
      const response = await upload(`/api/pictures/preview-files/${preview.id}?normalize=false`, w.artist.token, png);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ id: preview.id, extension: "png", type: "PreviewFile" });
    }],
    fails: ["forbids a person outside the project", async () => {
      const preview = await makePreview({ extension: null, status: "processing" });
      const response = await upload(`/api/pictures/preview-files/${preview.id}`, w.outsider.token, png);
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/preview-files/{instance_id}", {
    succeeds: ["returns the preview file with its extension", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "GET", url: `/api/data/preview-files/${preview.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: preview.id, extension: "png", type: "PreviewFile" });
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/preview-files/${UNKNOWN_ID}`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/preview-files", {
    succeeds: ["lists the previews of a task", async () => {
      const own = await t.make.makeTask({ entity: shot });
      const preview = await makePreview({ taskId: own.id });
      const response = await t.request({ method: "GET", url: `/api/data/preview-files?task_id=${own.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { id: string }) => item.id)).toEqual([preview.id]);
    }],
    fails: ["shows an outsider none of the project's previews", async () => {
      await makePreview();
      const response = await t.request({ method: "GET", url: `/api/data/preview-files?task_id=${task.id}`, token: w.outsider.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([]);
    }],
  });

  gazuRoute("PUT", "/data/preview-files/{instance_id}", {
    succeeds: ["updates the preview file for a manager", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "PUT", url: `/api/data/preview-files/${preview.id}`, token: w.manager.token, payload: { description: "final take" } });
      expect(response.statusCode).toBe(200);
      expect(response.json().description).toBe("final take");
    }],
    fails: ["forbids an artist", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "PUT", url: `/api/data/preview-files/${preview.id}`, token: w.artist.token, payload: { description: "x" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("DELETE", "/data/preview-files/{instance_id}", {
    succeeds: ["deletes the preview file for a manager", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "DELETE", url: `/api/data/preview-files/${preview.id}?force=true`, token: w.manager.token });
      expect(response.statusCode).toBe(204);
      const rows = await t.db.query("select id from preview_file where id = $1", [preview.id]);
      expect(rows).toEqual([]);
    }],
    fails: ["forbids an artist", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "DELETE", url: `/api/data/preview-files/${preview.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/pictures/thumbnails/preview-files/{instance_id}.png", {
    succeeds: ["sends the thumbnail PNG", async () => {
      const preview = await makePicturePreview();
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/preview-files/${preview.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
      expect(response.rawPayload.equals(png)).toBe(true);
    }],
    fails: ["forbids a person outside the project", async () => {
      const preview = await makePicturePreview();
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/preview-files/${preview.id}.png`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/pictures/originals/preview-files/{instance_id}.png", {
    succeeds: ["sends the original PNG", async () => {
      const preview = await makePicturePreview();
      const response = await t.request({ method: "GET", url: `/api/pictures/originals/preview-files/${preview.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(png)).toBe(true);
    }],
    fails: ["returns 404 when nothing is stored", async () => {
      const preview = await makePreview();
      const response = await t.request({ method: "GET", url: `/api/pictures/originals/preview-files/${preview.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/pictures/originals/preview-files/{instance_id}.{extension}", {
    succeeds: ["sends the original file in its own extension", async () => {
      const preview = await makePreview({ extension: "pdf" });
      await storeBytes({ bucket: "files", prefix: "previews", id: preview.id }, Buffer.from("%PDF-1.4 test"));
      const response = await t.request({ method: "GET", url: `/api/pictures/originals/preview-files/${preview.id}.pdf`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/pdf");
      expect(response.body).toBe("%PDF-1.4 test");
    }],
    fails: ["returns 404 for another extension than the preview's", async () => {
      const preview = await makePreview({ extension: "pdf" });
      const response = await t.request({ method: "GET", url: `/api/pictures/originals/preview-files/${preview.id}.psd`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/movies/originals/preview-files/{instance_id}.mp4", {
    succeeds: ["streams the normalized movie", async () => {
      const preview = await makePreview({ extension: "mp4" });
      await storeBytes(movieKey("previews", preview.id), Buffer.from("fake movie bytes"));
      const response = await t.request({ method: "GET", url: `/api/movies/originals/preview-files/${preview.id}.mp4`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("video/mp4");
      expect(response.body).toBe("fake movie bytes");
    }],
    fails: ["returns 404 for a picture preview", async () => {
      const preview = await makePicturePreview();
      const response = await t.request({ method: "GET", url: `/api/movies/originals/preview-files/${preview.id}.mp4`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("attachment files", () => {
  async function makeAttachment(values: { taskRow?: TaskRow; mimetype?: string } = {}) {
    const comment = await t.make.makeComment({ task: values.taskRow ?? task, personId: w.artist.person.id });
    const [row] = await t.db.orm.insert(attachmentFile).values({ name: "ref.png", extension: "png", mimetype: values.mimetype ?? "image/png", commentId: comment.id }).returning();
    return row;
  }

  gazuRoute("GET", "/data/tasks/{task_id}/attachment-files", {
    succeeds: ["lists the attachments of the task's comments for an admin", async () => {
      const own = await t.make.makeTask({ entity: shot });
      const attachment = await makeAttachment({ taskRow: own });
      const response = await t.request({ method: "GET", url: `/api/data/tasks/${own.id}/attachment-files`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { id: string }) => item.id)).toEqual([attachment.id]);
      expectZouObject(response.json()[0], "AttachmentFile");
    }],
    fails: ["forbids a manager", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/attachment-files`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/attachment-files", {
    succeeds: ["lists the attachments of the project's comments for an admin", async () => {
      const attachment = await makeAttachment();
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/attachment-files`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { id: string }) => item.id)).toContain(attachment.id);
    }],
    fails: ["returns 404 for an unknown project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${UNKNOWN_ID}/attachment-files`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/attachment-files/{instance_id}", {
    succeeds: ["returns the attachment record", async () => {
      const attachment = await makeAttachment();
      const response = await t.request({ method: "GET", url: `/api/data/attachment-files/${attachment.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: attachment.id, name: "ref.png" });
    }],
    fails: ["forbids a person outside the project", async () => {
      const attachment = await makeAttachment();
      const response = await t.request({ method: "GET", url: `/api/data/attachment-files/${attachment.id}`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/attachment-files/{attachment_file_id}/file/{file_name}", {
    succeeds: ["sends the attachment's bytes", async () => {
      const attachment = await makeAttachment();
      await storeBytes({ bucket: "files", prefix: "attachments", id: attachment.id }, png);
      const response = await t.request({ method: "GET", url: `/api/data/attachment-files/${attachment.id}/file/ref.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(png)).toBe(true);
    }],
    fails: ["returns 404 for an unknown attachment", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/attachment-files/${UNKNOWN_ID}/file/ref.png`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/pictures/thumbnails/attachment-files/{attachment_file_id}.png", {
    succeeds: ["sends the attachment's thumbnail", async () => {
      const attachment = await makeAttachment();
      await storeBytes(pictureKey("thumbnails", attachment.id), png);
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/attachment-files/${attachment.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
      expect(response.rawPayload.equals(png)).toBe(true);
    }],
    fails: ["forbids a person outside the project", async () => {
      const attachment = await makeAttachment();
      await storeBytes(pictureKey("thumbnails", attachment.id), png);
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/attachment-files/${attachment.id}.png`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("returns 404 for an attachment thumbnail never stored", async () => {
    const attachment = await makeAttachment();
    const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/attachment-files/${attachment.id}.png`, token: w.artist.token });
    expect(response.statusCode).toBe(404);
  });
});

describe("thumbnails of projects, people and the studio", () => {
  gazuRoute("POST", "/pictures/thumbnails/projects/{instance_id}", {
    succeeds: ["stores the project thumbnail for its manager", async () => {
      const response = await upload(`/api/pictures/thumbnails/projects/${w.project.id}`, w.manager.token, png);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ thumbnail_path: `pictures/thumbnails/projects/${w.project.id}.png` });
      const [row] = await t.db.query<{ has_avatar: boolean }>("select has_avatar from project where id = $1", [w.project.id]);
      expect(row.has_avatar).toBe(true);
    }],
    fails: ["forbids an artist", async () => {
      const other = await t.make.makeProject({ team: [{ id: w.artist.person.id }] });
      const response = await upload(`/api/pictures/thumbnails/projects/${other.id}`, w.artist.token, png);
      expect(response.statusCode).toBe(403);
      const [row] = await t.db.query<{ has_avatar: boolean | null }>("select has_avatar from project where id = $1", [other.id]);
      expect(row.has_avatar).not.toBe(true);
    }],
  });

  gazuRoute("GET", "/pictures/thumbnails/projects/{instance_id}.png", {
    succeeds: ["sends the project thumbnail to a team member", async () => {
      await upload(`/api/pictures/thumbnails/projects/${w.project.id}`, w.admin.token, png);
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/projects/${w.project.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
      expect(response.rawPayload.length).toBeGreaterThan(0);
    }],
    fails: ["returns 404 for a project without thumbnail", async () => {
      const other = await t.make.makeProject({ team: [{ id: w.artist.person.id }] });
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/projects/${other.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  it("forbids a project thumbnail to a person outside the project", async () => {
    await upload(`/api/pictures/thumbnails/projects/${w.project.id}`, w.admin.token, png);
    const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/projects/${w.project.id}.png`, token: w.outsider.token });
    expect(response.statusCode).toBe(403);
  });

  gazuRoute("POST", "/pictures/thumbnails/persons/{instance_id}", {
    succeeds: ["stores the person's own avatar", async () => {
      const response = await upload(`/api/pictures/thumbnails/persons/${w.artist.person.id}`, w.artist.token, png);
      expect(response.statusCode).toBe(201);
      expect(response.json().thumbnail_path).toBe(`pictures/thumbnails/persons/${w.artist.person.id}.png`);
    }],
    fails: ["forbids setting another person's avatar", async () => {
      const response = await upload(`/api/pictures/thumbnails/persons/${w.manager.person.id}`, w.artist.token, png);
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/pictures/thumbnails/persons/{instance_id}.png", {
    succeeds: ["sends the person's avatar", async () => {
      await upload(`/api/pictures/thumbnails/persons/${w.supervisor.person.id}`, w.supervisor.token, png);
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/persons/${w.supervisor.person.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
    }],
    fails: ["returns 404 for a person without avatar", async () => {
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/persons/${w.client.person.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("POST", "/pictures/thumbnails/organisations/{instance_id}", {
    succeeds: ["stores the studio logo for an admin", async () => {
      const [organisation] = await t.db.orm.insert(organisationTable).values({ name: "Studio" }).returning();
      const response = await upload(`/api/pictures/thumbnails/organisations/${organisation.id}`, w.admin.token, png);
      expect(response.statusCode).toBe(201);
      expect(response.json().thumbnail_path).toBe(`pictures/thumbnails/organisations/${organisation.id}.png`);
      const download = await t.request({ method: "GET", url: `/api/pictures/thumbnails/organisations/${organisation.id}.png`, token: w.artist.token });
      expect(download.statusCode).toBe(200);
    }],
    fails: ["forbids a manager", async () => {
      const response = await upload(`/api/pictures/thumbnails/organisations/${UNKNOWN_ID}`, w.manager.token, png);
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/pictures/thumbnails/organisations/{instance_id}.png", {
    succeeds: ["sends the studio logo", async () => {
      const [organisation] = await t.db.orm.insert(organisationTable).values({ name: "Logo studio" }).returning();
      await upload(`/api/pictures/thumbnails/organisations/${organisation.id}`, w.admin.token, png);
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/organisations/${organisation.id}.png`, token: w.vendor.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
    }],
    fails: ["returns 404 for an unknown organisation", async () => {
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/organisations/${UNKNOWN_ID}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});
