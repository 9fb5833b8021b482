import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeMovie, makePicture } from "../../support/media.js";
import { loginAs } from "../../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { countRows, formBody, makeCommentedTask } from "./comments-support.js";

// Commenting a task (JSON and Kitsu's multipart form), a task's comments
// and previews, add-preview followed by the upload, and acknowledgements.

const UPLOAD_LIMIT = 64 * 1024;

let t: TestApp;
let world: SeedWorld;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-comments-"));
  t = await createTestApp({
    env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp"), MAX_UPLOAD_SIZE: String(UPLOAD_LIMIT) },
  });
  world = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

async function storedAttachmentCount(): Promise<number> {
  const folder = path.join(scratch, "files");
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)])));
    return nested.flat();
  };
  return (await walk(folder)).filter((file) => file.includes("attachments")).length;
}

describe("commenting a task", () => {
  gazuRoute("POST", "/actions/tasks/{task_id}/comment", {
    succeeds: [
      "creates the comment and moves the task to its status",
      async () => {
        const { task, wip } = await makeCommentedTask(t, world);
        const response = await t.request({
          method: "POST",
          url: `/api/actions/tasks/${task.id}/comment`,
          token: world.artist.token,
          payload: { task_status_id: wip.id, comment: "Blocking done", checklist: [{ text: "arms", checked: false }], links: [] },
        });
        expect(response.statusCode).toBe(201);
        const body = response.json();
        expect(body.type).toBe("Comment");
        expect(body.task_status_id).toBe(wip.id);
        expect(body.person_id).toBe(world.artist.person.id);
        expect(body.text).toBe("Blocking done");
        expect(body.checklist).toEqual([{ text: "arms", checked: false }]);
        const [row] = await t.db.query<{ task_status_id: string }>("select task_status_id from task where id = $1", [task.id]);
        expect(row.task_status_id).toBe(wip.id);
      },
    ],
    fails: [
      "rejects an artist not on the task",
      async () => {
        const { task, wip } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: world.outsider.token, payload: { task_status_id: wip.id, comment: "hi" } });
        expect(response.statusCode).toBe(403);
        expect(await countRows(t, "comment", "object_id = $1", [task.id])).toBe(0);
      },
    ],
  });

  it("requires a task status", async () => {
    const { task } = await makeCommentedTask(t, world);
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: world.artist.token, payload: { comment: "no status" } });
    expect(response.statusCode).toBe(400);
    expect(await countRows(t, "comment", "object_id = $1", [task.id])).toBe(0);
  });

  it("lets a manager post for another person", async () => {
    const { task, wip } = await makeCommentedTask(t, world);
    const response = await t.request({
      method: "POST",
      url: `/api/actions/tasks/${task.id}/comment`,
      token: world.manager.token,
      payload: { task_status_id: wip.id, comment: "synced", person_id: world.artist.person.id, created_at: "2024-03-01T10:00:00" },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().person_id).toBe(world.artist.person.id);
    expect(response.json().created_at).toBe("2024-03-01T10:00:00");
  });

  it("ignores person_id sent by an artist", async () => {
    const { task, wip } = await makeCommentedTask(t, world);
    const response = await t.request({
      method: "POST",
      url: `/api/actions/tasks/${task.id}/comment`,
      token: world.artist.token,
      payload: { task_status_id: wip.id, comment: "mine", person_id: world.manager.person.id },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().person_id).toBe(world.artist.person.id);
  });
});

describe("replying after a mention", () => {
  it("lets a mentioned artist reply without a status change", async () => {
    const { task, wip } = await makeCommentedTask(t, world);
    const mention = await t.make.makeComment({ task, personId: world.supervisor.person.id, text: "@someone please check" });
    const mentioned = await loginAs(t, "user");
    await t.make.addToTeam(world.project.id, mentioned.person.id);
    await t.db.query("insert into comment_mentions (comment, person) values ($1, $2)", [mention.id, mentioned.person.id]);

    const reply = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: mentioned.token, payload: { task_status_id: task.taskStatusId, comment: "checked" } });
    expect(reply.statusCode).toBe(201);
    const statusChange = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: mentioned.token, payload: { task_status_id: wip.id, comment: "wip now" } });
    expect(statusChange.statusCode).toBe(403);
    expect(await countRows(t, "comment", "object_id = $1 and person_id = $2", [task.id, mentioned.person.id])).toBe(1);
  });
});

describe("showing a new comment to clients", () => {
  it("keeps for_client from a manager", async () => {
    const { task, wip } = await makeCommentedTask(t, world);
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: world.manager.token, payload: { task_status_id: wip.id, comment: "for the client", for_client: true } });
    expect(response.statusCode).toBe(201);
    expect(response.json().for_client).toBe(true);
  });

  it("drops for_client from an artist", async () => {
    const { task, wip } = await makeCommentedTask(t, world);
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: world.artist.token, payload: { task_status_id: wip.id, comment: "internal", for_client: true } });
    expect(response.statusCode).toBe(201);
    expect(response.json().for_client).toBe(false);
  });
});

describe("commenting with Kitsu's multipart form", () => {
  it("stores each attached file with the comment", async () => {
    const { task, wip } = await makeCommentedTask(t, world);
    const form = formBody(
      { task_status_id: wip.id, comment: "see the notes", checklist: JSON.stringify([{ text: "fix hands", checked: true }]), links: "[]" },
      [
        { field: "file", fileName: "notes.txt", content: Buffer.from("fix the hands"), contentType: "text/plain" },
        { field: "file-1", fileName: "ref.png", content: await makePicture({ format: "png", width: 40, height: 30 }), contentType: "image/png" },
      ],
    );
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: world.artist.token, ...form });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.text).toBe("see the notes");
    expect(body.checklist).toEqual([{ text: "fix hands", checked: true }]);
    const names = (body.attachment_files as { name: string }[]).map((file) => file.name).sort();
    expect(names).toEqual(["notes.txt", "ref.png"]);

    const attachment = (body.attachment_files as { id: string; name: string }[]).find((file) => file.name === "notes.txt")!;
    const download = await t.request({ method: "GET", url: `/api/data/attachment-files/${attachment.id}/file/notes.txt`, token: world.artist.token });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe("fix the hands");
  });

  it("answers 413 for an oversized file and writes nothing", async () => {
    const { task, wip } = await makeCommentedTask(t, world);
    const before = await storedAttachmentCount();
    const form = formBody({ task_status_id: wip.id, comment: "too big" }, [
      { field: "file", fileName: "small.txt", content: Buffer.from("small") },
      { field: "file-1", fileName: "huge.bin", content: Buffer.alloc(UPLOAD_LIMIT + 1024, 7) },
    ]);
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: world.artist.token, ...form });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toBe(true);
    expect(await countRows(t, "comment", "object_id = $1", [task.id])).toBe(0);
    expect(await storedAttachmentCount()).toBe(before);
  });

  it("removes the stored files when the comment is refused", async () => {
    const { task } = await makeCommentedTask(t, world);
    const before = await storedAttachmentCount();
    const form = formBody({ comment: "no status" }, [{ field: "file", fileName: "notes.txt", content: Buffer.from("orphan") }]);
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: world.artist.token, ...form });
    expect(response.statusCode).toBe(400);
    expect(await countRows(t, "comment", "object_id = $1", [task.id])).toBe(0);
    expect(await storedAttachmentCount()).toBe(before);
  });

  it("rejects a malformed checklist", async () => {
    const { task, wip } = await makeCommentedTask(t, world);
    const form = formBody({ task_status_id: wip.id, checklist: "{not json" }, []);
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comment`, token: world.artist.token, ...form });
    expect(response.statusCode).toBe(400);
  });
});

describe("a task's comments", () => {
  gazuRoute("GET", "/data/tasks/{task_id}/comments", {
    succeeds: [
      "lists the comments newest first with author and status",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        await t.make.makeComment({ task, personId: world.artist.person.id, text: "first" });
        await new Promise((resolve) => setTimeout(resolve, 5));
        await t.make.makeComment({ task, personId: world.supervisor.person.id, text: "second" });
        const response = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/comments`, token: world.artist.token });
        expect(response.statusCode).toBe(200);
        const body = response.json() as Record<string, unknown>[];
        expect(body.map((comment) => comment.text)).toEqual(["second", "first"]);
        expect((body[0].person as { id: string }).id).toBe(world.supervisor.person.id);
        expect((body[0].task_status as { id: string }).id).toBe(task.taskStatusId);
        for (const key of ["previews", "mentions", "acknowledgements", "attachment_files"]) expect(Array.isArray(body[0][key])).toBe(true);
      },
    ],
    fails: [
      "answers 404 for an unknown task",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/tasks/${UNKNOWN_ID}/comments`, token: world.manager.token });
        expect(response.statusCode).toBe(404);
      },
    ],
  });

  it("matches the GraphQL taskCommentsJson query", async () => {
    const { task } = await makeCommentedTask(t, world);
    await t.make.makeComment({ task, personId: world.artist.person.id, text: "same" });
    const rest = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/comments`, token: world.supervisor.token });
    const graph = await t.graphql("query($taskId: ID!) { taskCommentsJson(taskId: $taskId) }", { token: world.supervisor.token, variables: { taskId: task.id } });
    expect(graph.body.errors).toBeUndefined();
    expect(graph.body.data?.taskCommentsJson).toEqual(rest.json());
  });

  it("hides comments written by clients from artists", async () => {
    const { task } = await makeCommentedTask(t, world);
    await t.make.makeComment({ task, personId: world.client.person.id, text: "client note" });
    const artistView = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/comments`, token: world.artist.token });
    expect(artistView.json()).toEqual([]);
    const managerView = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/comments`, token: world.manager.token });
    expect(managerView.json()).toHaveLength(1);
  });

  it("rejects a person outside the project", async () => {
    const { task } = await makeCommentedTask(t, world);
    const response = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/comments`, token: world.outsider.token });
    expect(response.statusCode).toBe(403);
  });
});

describe("adding a preview to a comment", () => {
  gazuRoute("POST", "/actions/tasks/{task_id}/comments/{comment_id}/add-preview", {
    succeeds: [
      "creates the task's next revision on the comment",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
        const first = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-preview`, token: world.artist.token, payload: {} });
        expect(first.statusCode).toBe(201);
        expect(first.json().type).toBe("PreviewFile");
        expect(first.json().revision).toBe(1);
        expect(first.json().position).toBe(1);
        expect(first.json().task_id).toBe(task.id);
        const second = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-preview`, token: world.artist.token, payload: {} });
        expect(second.json().revision).toBe(1);
        expect(second.json().position).toBe(2);
        expect(await countRows(t, "comment_preview_link", "comment = $1", [comment.id])).toBe(2);
      },
    ],
    fails: [
      "rejects an artist not on the task",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
        const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-preview`, token: world.outsider.token, payload: {} });
        expect(response.statusCode).toBe(403);
        expect(await countRows(t, "preview_file", "task_id = $1", [task.id])).toBe(0);
      },
    ],
  });

  it("refuses a revision the task already has", async () => {
    const { task } = await makeCommentedTask(t, world);
    const first = await t.make.makeComment({ task, personId: world.artist.person.id });
    const second = await t.make.makeComment({ task, personId: world.artist.person.id });
    await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${first.id}/add-preview`, token: world.artist.token, payload: { revision: 3 } });
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${second.id}/add-preview`, token: world.artist.token, payload: { revision: 3 } });
    expect(response.statusCode).toBe(400);
  });

  it("answers 404 for a comment of another task", async () => {
    const { task } = await makeCommentedTask(t, world);
    const other = await makeCommentedTask(t, world);
    const comment = await t.make.makeComment({ task: other.task, personId: world.artist.person.id });
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-preview`, token: world.artist.token, payload: {} });
    expect(response.statusCode).toBe(404);
  });

  it("sets the task's last preview once the picture is uploaded", async () => {
    const { task } = await makeCommentedTask(t, world);
    const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
    const created = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-preview`, token: world.artist.token, payload: {} });
    const previewId = created.json().id as string;
    const [before] = await t.db.query<{ last_preview_file_id: string | null }>("select last_preview_file_id from task where id = $1", [task.id]);
    expect(before.last_preview_file_id).toBeNull();

    const form = formBody({}, [{ field: "file", fileName: "frame.png", content: await makePicture({ format: "png", width: 64, height: 48 }), contentType: "image/png" }]);
    const upload = await t.request({ method: "POST", url: `/api/pictures/preview-files/${previewId}`, token: world.artist.token, ...form });
    expect(upload.statusCode).toBe(201);
    expect(upload.json().status).toBe("ready");
    const [after] = await t.db.query<{ last_preview_file_id: string | null }>("select last_preview_file_id from task where id = $1", [task.id]);
    expect(after.last_preview_file_id).toBe(previewId);
  });

  it("sets the task's last preview once the movie is transcoded", async () => {
    const { task } = await makeCommentedTask(t, world);
    const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
    const created = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-preview`, token: world.artist.token, payload: {} });
    const previewId = created.json().id as string;
    const movie = await readFile(await makeMovie(scratch, { container: "mp4", codec: "h264", seconds: 1 }));
    const form = formBody({}, [{ field: "file", fileName: "shot.mp4", content: movie, contentType: "video/mp4" }]);
    const upload = await t.request({ method: "POST", url: `/api/pictures/preview-files/${previewId}`, token: world.artist.token, ...form });
    expect(upload.statusCode).toBe(201);
    const [queued] = await t.db.query<{ last_preview_file_id: string | null }>("select last_preview_file_id from task where id = $1", [task.id]);
    expect(queued.last_preview_file_id).toBeNull();

    const deadline = Date.now() + 60_000;
    let status = "processing";
    while (status === "processing" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      [{ status }] = await t.db.query<{ status: string }>("select status from preview_file where id = $1", [previewId]);
    }
    expect(status).toBe("ready");
    const [after] = await t.db.query<{ last_preview_file_id: string | null }>("select last_preview_file_id from task where id = $1", [task.id]);
    expect(after.last_preview_file_id).toBe(previewId);
  }, 90_000);

  it("keeps the last preview when the upload has a wrong file type", async () => {
    const { task } = await makeCommentedTask(t, world);
    const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
    const created = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-preview`, token: world.artist.token, payload: {} });
    const form = formBody({}, [{ field: "file", fileName: "script.exe", content: Buffer.from("MZ") }]);
    const upload = await t.request({ method: "POST", url: `/api/pictures/preview-files/${created.json().id}`, token: world.artist.token, ...form });
    expect(upload.statusCode).toBe(400);
    const [after] = await t.db.query<{ last_preview_file_id: string | null }>("select last_preview_file_id from task where id = $1", [task.id]);
    expect(after.last_preview_file_id).toBeNull();
  });

  it("answers 413 for an oversized preview and keeps the preview empty", async () => {
    const { task } = await makeCommentedTask(t, world);
    const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
    const created = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-preview`, token: world.artist.token, payload: {} });
    const form = formBody({}, [{ field: "file", fileName: "frame.png", content: Buffer.alloc(UPLOAD_LIMIT + 1024, 1) }]);
    const upload = await t.request({ method: "POST", url: `/api/pictures/preview-files/${created.json().id}`, token: world.artist.token, ...form });
    expect(upload.statusCode).toBe(413);
    const [row] = await t.db.query<{ original_name: string | null }>("select original_name from preview_file where id = $1", [created.json().id]);
    expect(row.original_name).toBeNull();
  });
});

describe("a task's preview files", () => {
  gazuRoute("GET", "/data/tasks/{task_id}/previews", {
    succeeds: [
      "lists the previews newest revision first",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const first = await t.make.makeComment({ task, personId: world.artist.person.id });
        const second = await t.make.makeComment({ task, personId: world.artist.person.id });
        await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${first.id}/add-preview`, token: world.artist.token, payload: {} });
        await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${second.id}/add-preview`, token: world.artist.token, payload: {} });
        const response = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/previews`, token: world.supervisor.token });
        expect(response.statusCode).toBe(200);
        const body = response.json() as { revision: number; type: string }[];
        expect(body.map((preview) => preview.revision)).toEqual([2, 1]);
        expect(body[0].type).toBe("PreviewFile");
      },
    ],
    fails: [
      "rejects a person outside the project",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/previews`, token: world.outsider.token });
        expect(response.statusCode).toBe(403);
      },
    ],
  });
});

describe("acknowledging a comment", () => {
  gazuRoute("POST", "/data/tasks/{task_id}/comments/{comment_id}/ack", {
    succeeds: [
      "adds then removes the caller's acknowledgement",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.supervisor.person.id });
        const url = `/api/data/tasks/${task.id}/comments/${comment.id}/ack`;
        const first = await t.request({ method: "POST", url, token: world.artist.token, payload: {} });
        expect(first.statusCode).toBe(200);
        expect(first.json().id).toBe(comment.id);
        expect(first.json().acknowledgements).toEqual([world.artist.person.id]);
        const second = await t.request({ method: "POST", url, token: world.artist.token, payload: {} });
        expect(second.json().acknowledgements).toEqual([]);
      },
    ],
    fails: [
      "answers 404 for an unknown comment",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "POST", url: `/api/data/tasks/${task.id}/comments/${UNKNOWN_ID}/ack`, token: world.artist.token, payload: {} });
        expect(response.statusCode).toBe(404);
      },
    ],
  });
});

describe("batch comments", () => {
  gazuRoute("POST", "/actions/tasks/batch-comment", {
    succeeds: [
      "comments each named task with its files",
      async () => {
        const first = await makeCommentedTask(t, world);
        const second = await makeCommentedTask(t, world);
        const comments = [
          { task_id: first.task.id, task_status_id: first.wip.id, text: "one" },
          { task_id: second.task.id, task_status_id: second.wip.id, text: "two" },
        ];
        const form = formBody({}, [
          { field: "comments", fileName: "comments.json", content: Buffer.from(JSON.stringify(comments)), contentType: "application/json" },
          { field: "attachment_file-1-0", fileName: "two.txt", content: Buffer.from("second") },
          { field: "preview_file-0-0", fileName: "one.png", content: await makePicture({ format: "png", width: 32, height: 32 }), contentType: "image/png" },
        ]);
        const response = await t.request({ method: "POST", url: "/api/actions/tasks/batch-comment", token: world.artist.token, ...form });
        expect(response.statusCode).toBe(201);
        const body = response.json() as Record<string, unknown>[];
        expect(body.map((comment) => comment.text)).toEqual(["one", "two"]);
        expect((body[0].preview_files as { status: string }[]).map((preview) => preview.status)).toEqual(["ready"]);
        expect((body[1].attachment_files as { name: string }[]).map((file) => file.name)).toEqual(["two.txt"]);
        const [row] = await t.db.query<{ last_preview_file_id: string | null }>("select last_preview_file_id from task where id = $1", [first.task.id]);
        expect(row.last_preview_file_id).toBe((body[0].preview_files as { id: string }[])[0].id);
      },
    ],
    fails: [
      "writes nothing when one task is not the caller's",
      async () => {
        const mine = await makeCommentedTask(t, world);
        const other = await makeCommentedTask(t, world);
        const before = await storedAttachmentCount();
        const comments = [
          { task_id: mine.task.id, task_status_id: mine.wip.id, text: "ok" },
          { task_id: other.task.id, task_status_id: other.wip.id, text: "not mine" },
        ];
        const form = formBody({ comments: JSON.stringify(comments) }, [{ field: "attachment_file-0-0", fileName: "a.txt", content: Buffer.from("a") }]);
        const response = await t.request({ method: "POST", url: "/api/actions/tasks/batch-comment", token: world.outsider.token, ...form });
        expect(response.statusCode).toBe(403);
        expect(await countRows(t, "comment", "object_id = $1 or object_id = $2", [mine.task.id, other.task.id])).toBe(0);
        expect(await storedAttachmentCount()).toBe(before);
      },
    ],
  });

  gazuRoute("POST", "/actions/tasks/{task_id}/batch-comment", {
    succeeds: [
      "adds several comments to the task",
      async () => {
        const { task, wip } = await makeCommentedTask(t, world);
        const comments = [{ task_status_id: wip.id, text: "a" }, { task_status_id: wip.id, text: "b" }];
        const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/batch-comment`, token: world.artist.token, ...formBody({ comments: JSON.stringify(comments) }, []) });
        expect(response.statusCode).toBe(201);
        expect((response.json() as { object_id: string }[]).map((comment) => comment.object_id)).toEqual([task.id, task.id]);
        expect(await countRows(t, "comment", "object_id = $1", [task.id])).toBe(2);
      },
    ],
    fails: [
      "rejects a preview of a wrong file type before writing",
      async () => {
        const { task, wip } = await makeCommentedTask(t, world);
        const comments = [{ task_status_id: wip.id, text: "with exe" }];
        const form = formBody({ comments: JSON.stringify(comments) }, [{ field: "preview_file-0-0", fileName: "tool.exe", content: Buffer.from("MZ") }]);
        const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/batch-comment`, token: world.artist.token, ...form });
        expect(response.statusCode).toBe(400);
        expect(await countRows(t, "comment", "object_id = $1", [task.id])).toBe(0);
        expect(await countRows(t, "preview_file", "task_id = $1", [task.id])).toBe(0);
      },
    ],
  });

  gazuRoute("POST", "/actions/projects/{project_id}/tasks/comment-many", {
    succeeds: [
      "comments the listed tasks of the project",
      async () => {
        const first = await makeCommentedTask(t, world);
        const second = await makeCommentedTask(t, world);
        const comments = [
          { object_id: first.task.id, task_status_id: first.wip.id, comment: "first" },
          { object_id: second.task.id, task_status_id: second.wip.id, comment: "second" },
        ];
        const response = await t.request({ method: "POST", url: `/api/actions/projects/${world.project.id}/tasks/comment-many`, token: world.manager.token, payload: comments });
        expect(response.statusCode).toBe(201);
        expect((response.json() as { text: string; person_id: string }[]).map((comment) => comment.text)).toEqual(["first", "second"]);
      },
    ],
    fails: [
      "skips the tasks an artist may not comment",
      async () => {
        const mine = await makeCommentedTask(t, world);
        const otherShot = await t.make.makeShot({ projectId: world.project.id });
        const notMine = await t.make.makeTask({ entity: otherShot, status: mine.todo });
        const comments = [
          { object_id: mine.task.id, task_status_id: mine.wip.id, comment: "mine" },
          { object_id: notMine.id, task_status_id: mine.wip.id, comment: "not mine" },
        ];
        const form = formBody({}, [{ field: "comments", fileName: "comments.json", content: Buffer.from(JSON.stringify(comments)) }]);
        const response = await t.request({ method: "POST", url: `/api/actions/projects/${world.project.id}/tasks/comment-many`, token: world.artist.token, ...form });
        expect(response.statusCode).toBe(201);
        expect((response.json() as { text: string }[]).map((comment) => comment.text)).toEqual(["mine"]);
        expect(await countRows(t, "comment", "object_id = $1", [notMine.id])).toBe(0);
      },
    ],
  });
});
