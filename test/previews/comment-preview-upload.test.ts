import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { makePicture } from "../support/media.js";
import { loginAs, type LoggedIn } from "../support/roles.js";

// The addCommentPreviewFile mutation over real GraphQL multipart requests
// (the GraphQL multipart request spec), as Kitsu-like front ends send them.

const MUTATION = `mutation ($taskId: ID!, $commentId: ID!, $file: Upload!) {
  addCommentPreviewFile(taskId: $taskId, commentId: $commentId, file: $file) { id revision position extension status originalName width height }
}`;

interface UploadOptions {
  preflight?: boolean;
}

/** Builds a multipart GraphQL request: operations, the map, then the file under field "0". */
function graphqlMultipart(variables: Record<string, unknown>, fileName: string, content: Buffer) {
  const boundary = `----kumiki${randomUUID().replace(/-/g, "")}`;
  const field = (name: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const operations = JSON.stringify({ query: MUTATION, variables: { ...variables, file: null } });
  const map = JSON.stringify({ "0": ["variables.file"] });
  const fileHead = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const body = Buffer.concat([field("operations", operations), field("map", map), fileHead, content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-comment-preview-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function makeWorld(t: TestApp) {
  const manager = await loginAs(t, "manager");
  const artist = await loginAs(t, "user");
  const otherArtist = await loginAs(t, "user");
  const outsider = await loginAs(t, "user");
  const project = await t.make.makeProject({ team: [{ id: manager.person.id }, { id: artist.person.id }, { id: otherArtist.person.id }] });
  const shot = await t.make.makeShot({ projectId: project.id });
  const status = await t.make.makeTaskStatus({ name: "WIP" });
  const task = await t.make.makeTask({ entity: shot, status, assignees: [artist.person.id] });
  const otherTask = await t.make.makeTask({ entity: shot, status, assignees: [artist.person.id] });
  return { manager, artist, otherArtist, outsider, project, task, otherTask, status };
}

async function commentAs(t: TestApp, session: LoggedIn, taskId: string): Promise<string> {
  const { body } = await t.graphql(`mutation ($taskId: ID!) { commentTask(input: { taskId: $taskId, text: "take" }) { id } }`, {
    token: session.token,
    variables: { taskId },
  });
  expect(body.errors).toBeUndefined();
  return (body.data?.commentTask as { id: string }).id;
}

async function countPreviewRows(t: TestApp, taskId: string) {
  const [previews] = await t.db.query<{ total: number }>("select count(*)::int as total from preview_file where task_id = $1", [taskId]);
  const [events] = await t.db.query<{ total: number }>("select count(*)::int as total from api_event where name like 'preview-file:%'");
  return { previews: previews.total, previewEvents: events.total };
}

function sendUpload(t: TestApp, session: LoggedIn, variables: Record<string, unknown>, fileName: string, content: Buffer, options: UploadOptions = {}) {
  const { body, contentType } = graphqlMultipart(variables, fileName, content);
  const headers: Record<string, string> = { "content-type": contentType };
  if (options.preflight !== false) headers["apollo-require-preflight"] = "true";
  return t.request({ method: "POST", url: "/graphql", token: session.token, payload: body, headers });
}

describe("adding a preview file to a comment over GraphQL", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp"), MAX_UPLOAD_SIZE: "200000" } });
  });

  afterAll(async () => {
    await t.close();
  });

  it("stores a PNG revision and makes it the task's last preview", async () => {
    const world = await makeWorld(t);
    const commentId = await commentAs(t, world.artist, world.task.id);
    const png = await makePicture({ format: "png", width: 320, height: 200 });

    const response = await sendUpload(t, world.artist, { taskId: world.task.id, commentId }, "layout.png", png);
    expect(response.statusCode).toBe(200);
    const body = response.json() as { data?: { addCommentPreviewFile: Record<string, unknown> }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const preview = body.data!.addCommentPreviewFile;
    expect(preview.revision).toBe(1);
    expect(preview.position).toBe(1);
    expect(preview.extension).toBe("png");
    expect(preview.status).toBe("ready");
    expect(preview.originalName).toBe("layout");
    expect([preview.width, preview.height]).toEqual([320, 200]);

    const thumbnail = await t.request({ method: "GET", url: `/pictures/thumbnails/preview-files/${String(preview.id)}.png`, token: world.artist.token });
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers["content-type"]).toBe("image/png");
    const metadata = await sharp(thumbnail.rawPayload).metadata();
    expect([metadata.width, metadata.height]).toEqual([150, 100]);

    const read = await t.graphql(`query ($id: ID!) { task(id: $id) { lastPreviewFileId comments { id previews { id revision } } } }`, {
      token: world.manager.token,
      variables: { id: world.task.id },
    });
    expect(read.body.errors).toBeUndefined();
    const taskData = read.body.data?.task as { lastPreviewFileId: string; comments: { id: string; previews: { id: string; revision: number }[] }[] };
    expect(taskData.lastPreviewFileId).toBe(preview.id);
    expect(taskData.comments.find((row) => row.id === commentId)?.previews).toEqual([{ id: preview.id, revision: 1 }]);

    const rest = await t.request({ method: "GET", url: `/api/data/tasks/${world.task.id}`, token: world.manager.token });
    expect(rest.json().last_preview_file_id).toBe(preview.id);
  });

  it("opens the next revision on a second comment", async () => {
    const world = await makeWorld(t);
    const png = await makePicture({ format: "png", width: 64, height: 64 });
    const first = await commentAs(t, world.artist, world.task.id);
    const second = await commentAs(t, world.artist, world.task.id);
    const one = await sendUpload(t, world.artist, { taskId: world.task.id, commentId: first }, "a.png", png);
    const two = await sendUpload(t, world.artist, { taskId: world.task.id, commentId: second }, "b.png", png);
    expect(one.json().data.addCommentPreviewFile.revision).toBe(1);
    expect(two.json().data.addCommentPreviewFile.revision).toBe(2);
  });

  it("needs the preflight header for Apollo's CSRF guard", async () => {
    const world = await makeWorld(t);
    const commentId = await commentAs(t, world.artist, world.task.id);
    const png = await makePicture({ format: "png", width: 64, height: 64 });
    const response = await sendUpload(t, world.artist, { taskId: world.task.id, commentId }, "layout.png", png, { preflight: false });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/apollo-require-preflight/);
    expect(await countPreviewRows(t, world.task.id)).toMatchObject({ previews: 0 });
  });

  describe("rejections that write nothing", () => {
    const cases: [string, string, (world: Awaited<ReturnType<typeof makeWorld>>, commentId: string, otherCommentId: string) => { session: LoggedIn; commentId: string; fileName: string; content: () => Promise<Buffer> }][] = [
      ["an artist not assigned to the task", "FORBIDDEN", (world, commentId) => ({ session: world.otherArtist, commentId, fileName: "a.png", content: () => makePicture({ format: "png" }) })],
      ["a person outside the project", "FORBIDDEN", (world, commentId) => ({ session: world.outsider, commentId, fileName: "a.png", content: () => makePicture({ format: "png" }) })],
      ["a comment of another task", "NOT_FOUND", (world, _commentId, otherCommentId) => ({ session: world.artist, commentId: otherCommentId, fileName: "a.png", content: () => makePicture({ format: "png" }) })],
      ["a wrong file type", "BAD_USER_INPUT", (world, commentId) => ({ session: world.artist, commentId, fileName: "notes.exe", content: async () => Buffer.from("MZ not a picture") })],
      ["a corrupt picture", "BAD_USER_INPUT", (world, commentId) => ({ session: world.artist, commentId, fileName: "broken.png", content: async () => Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n"), Buffer.alloc(300, 7)]) })],
      ["a file over the upload limit", "PAYLOAD_TOO_LARGE", (world, commentId) => ({ session: world.artist, commentId, fileName: "huge.png", content: async () => Buffer.alloc(300_000, 1) })],
    ];

    it.each(cases)("rejects %s", async (_label, code, pick) => {
      const world = await makeWorld(t);
      const commentId = await commentAs(t, world.artist, world.task.id);
      const otherCommentId = await commentAs(t, world.artist, world.otherTask.id);
      const before = await countPreviewRows(t, world.task.id);
      const beforeOther = await countPreviewRows(t, world.otherTask.id);
      const chosen = pick(world, commentId, otherCommentId);

      const response = await sendUpload(t, chosen.session, { taskId: world.task.id, commentId: chosen.commentId }, chosen.fileName, await chosen.content());
      const body = response.json() as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe(code);

      expect(await countPreviewRows(t, world.task.id)).toEqual(before);
      expect(await countPreviewRows(t, world.otherTask.id)).toEqual(beforeOther);
      const [taskRow] = await t.db.query<{ last_preview_file_id: string | null }>("select last_preview_file_id from task where id = $1", [world.task.id]);
      expect(taskRow.last_preview_file_id).toBeNull();
    });
  });
});
