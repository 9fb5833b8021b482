import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { countRows, formBody, makeCommentedTask } from "./comments-support.js";

// Time spents of a task, comment reads and edits, attachments added to a
// comment, batch assignations and a project's comments.

let t: TestApp;
let world: SeedWorld;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-comment-actions-"));
  t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp"), MAX_UPLOAD_SIZE: "65536" } });
  world = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

function logTime(taskId: string, date: string, personId: string, token: string, duration: unknown, add = false) {
  const url = `/api/actions/tasks/${taskId}/time-spents/${date}/persons/${personId}${add ? "/add" : ""}`;
  return t.request({ method: "POST", url, token, payload: { duration } });
}

describe("time spents of a task", () => {
  gazuRoute("POST", "/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}", {
    succeeds: [
      "sets the assignee's time for the day",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const first = await logTime(task.id, "2024-05-02", world.artist.person.id, world.artist.token, 60);
        expect(first.statusCode).toBe(201);
        expect(first.json()).toMatchObject({ type: "TimeSpent", task_id: task.id, person_id: world.artist.person.id, date: "2024-05-02", duration: 60 });
        expect(first.json().created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
        const second = await logTime(task.id, "2024-05-02", world.artist.person.id, world.artist.token, 90);
        expect(second.json().duration).toBe(90);
        expect(second.json().id).toBe(first.json().id);
      },
    ],
    fails: [
      "rejects time for a person not assigned",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await logTime(task.id, "2024-05-02", world.supervisor.person.id, world.manager.token, 60);
        expect(response.statusCode).toBe(403);
        expect(await countRows(t, "time_spent", "task_id = $1", [task.id])).toBe(0);
      },
    ],
  });

  it("rejects a malformed date", async () => {
    const { task } = await makeCommentedTask(t, world);
    const response = await logTime(task.id, "2024-13-45", world.artist.person.id, world.artist.token, 60);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Wrong date format.");
  });

  gazuRoute("POST", "/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}/add", {
    succeeds: [
      "adds to the assignee's time for the day",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        await logTime(task.id, "2024-05-03", world.artist.person.id, world.artist.token, 30, true);
        const response = await logTime(task.id, "2024-05-03", world.artist.person.id, world.artist.token, 45, true);
        expect(response.statusCode).toBe(201);
        expect(response.json().duration).toBe(75);
      },
    ],
    fails: [
      "rejects a missing duration",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await logTime(task.id, "2024-05-03", world.artist.person.id, world.artist.token, undefined, true);
        expect(response.statusCode).toBe(400);
        expect(await countRows(t, "time_spent", "task_id = $1", [task.id])).toBe(0);
      },
    ],
  });

  gazuRoute("GET", "/actions/tasks/{task_id}/time-spents", {
    succeeds: [
      "returns the entries keyed by person with the total",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        await logTime(task.id, "2024-05-02", world.artist.person.id, world.artist.token, 60);
        await logTime(task.id, "2024-05-03", world.artist.person.id, world.artist.token, 30);
        const response = await t.request({ method: "GET", url: `/api/actions/tasks/${task.id}/time-spents`, token: world.manager.token });
        expect(response.statusCode).toBe(200);
        const body = response.json();
        expect(body.total).toBe(90);
        expect(body[world.artist.person.id]).toHaveLength(2);
      },
    ],
    fails: [
      "rejects a person outside the project",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "GET", url: `/api/actions/tasks/${task.id}/time-spents`, token: world.outsider.token });
        expect(response.statusCode).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/actions/tasks/{task_id}/time-spents/{date}", {
    succeeds: [
      "returns the entries of that day only",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        await logTime(task.id, "2024-05-02", world.artist.person.id, world.artist.token, 60);
        await logTime(task.id, "2024-05-03", world.artist.person.id, world.artist.token, 30);
        const response = await t.request({ method: "GET", url: `/api/actions/tasks/${task.id}/time-spents/2024-05-03`, token: world.artist.token });
        expect(response.statusCode).toBe(200);
        expect(response.json().total).toBe(30);
        expect(response.json()[world.artist.person.id][0].date).toBe("2024-05-03");
      },
    ],
    fails: [
      "rejects a malformed date",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "GET", url: `/api/actions/tasks/${task.id}/time-spents/May-3`, token: world.artist.token });
        expect(response.statusCode).toBe(400);
      },
    ],
  });

  gazuRoute("DELETE", "/data/time-spents/{instance_id}", {
    succeeds: [
      "deletes the entry and updates the task duration",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const created = await logTime(task.id, "2024-05-04", world.artist.person.id, world.artist.token, 50);
        const response = await t.request({ method: "DELETE", url: `/api/data/time-spents/${created.json().id}`, token: world.artist.token });
        expect(response.statusCode).toBe(204);
        expect(await countRows(t, "time_spent", "task_id = $1", [task.id])).toBe(0);
      },
    ],
    fails: [
      "rejects another artist",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const created = await logTime(task.id, "2024-05-04", world.artist.person.id, world.artist.token, 50);
        const response = await t.request({ method: "DELETE", url: `/api/data/time-spents/${created.json().id}`, token: world.outsider.token });
        expect([403, 404]).toContain(response.statusCode);
        expect(await countRows(t, "time_spent", "task_id = $1", [task.id])).toBe(1);
      },
    ],
  });
});

describe("one comment", () => {
  gazuRoute("GET", "/data/comments/{instance_id}", {
    succeeds: [
      "returns the comment",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.artist.person.id, text: "look" });
        const response = await t.request({ method: "GET", url: `/api/data/comments/${comment.id}`, token: world.supervisor.token });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ id: comment.id, type: "Comment", text: "look", object_id: task.id });
      },
    ],
    fails: [
      "answers 404 for an unknown comment",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/comments/${UNKNOWN_ID}`, token: world.manager.token });
        expect(response.statusCode).toBe(404);
      },
    ],
  });

  gazuRoute("PUT", "/data/comments/{instance_id}", {
    succeeds: [
      "lets the author change the text",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.artist.person.id, text: "typo" });
        const response = await t.request({ method: "PUT", url: `/api/data/comments/${comment.id}`, token: world.artist.token, payload: { text: "fixed" } });
        expect(response.statusCode).toBe(200);
        expect(response.json().text).toBe("fixed");
      },
    ],
    fails: [
      "rejects another artist",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.supervisor.person.id, text: "keep" });
        const response = await t.request({ method: "PUT", url: `/api/data/comments/${comment.id}`, token: world.artist.token, payload: { text: "changed" } });
        expect(response.statusCode).toBe(403);
        const [row] = await t.db.query<{ text: string }>("select text from comment where id = $1", [comment.id]);
        expect(row.text).toBe("keep");
      },
    ],
  });

  gazuRoute("DELETE", "/data/comments/{instance_id}", {
    succeeds: [
      "deletes the author's comment",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
        const response = await t.request({ method: "DELETE", url: `/api/data/comments/${comment.id}`, token: world.artist.token });
        expect(response.statusCode).toBe(204);
        expect(await countRows(t, "comment", "id = $1", [comment.id])).toBe(0);
      },
    ],
    fails: [
      "rejects another artist",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.supervisor.person.id });
        const response = await t.request({ method: "DELETE", url: `/api/data/comments/${comment.id}`, token: world.artist.token });
        expect(response.statusCode).toBe(403);
        expect(await countRows(t, "comment", "id = $1", [comment.id])).toBe(1);
      },
    ],
  });
});

describe("attaching files to a comment", () => {
  gazuRoute("POST", "/actions/tasks/{task_id}/comments/{comment_id}/add-attachment", {
    succeeds: [
      "stores the files and returns their entries",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
        const form = formBody({}, [{ field: "file", fileName: "notes.md", content: Buffer.from("# notes"), contentType: "text/markdown" }]);
        const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-attachment`, token: world.artist.token, ...form });
        expect(response.statusCode).toBe(201);
        const body = response.json() as Record<string, unknown>[];
        expect(body).toHaveLength(1);
        expect(body[0]).toMatchObject({ type: "AttachmentFile", name: "notes.md", extension: "md", comment_id: comment.id, size: 7 });
      },
    ],
    fails: [
      "rejects an artist who did not write the comment",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.supervisor.person.id });
        const form = formBody({}, [{ field: "file", fileName: "notes.md", content: Buffer.from("# notes") }]);
        const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-attachment`, token: world.artist.token, ...form });
        expect(response.statusCode).toBe(403);
        expect(await countRows(t, "attachment_file", "comment_id = $1", [comment.id])).toBe(0);
      },
    ],
  });

  it("answers 413 for an oversized attachment and stores nothing", async () => {
    const { task } = await makeCommentedTask(t, world);
    const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
    const form = formBody({}, [{ field: "file", fileName: "big.bin", content: Buffer.alloc(70_000, 3) }]);
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/add-attachment`, token: world.artist.token, ...form });
    expect(response.statusCode).toBe(413);
    expect(await countRows(t, "attachment_file", "comment_id = $1", [comment.id])).toBe(0);
  });
});

describe("batch assignations", () => {
  gazuRoute("PUT", "/actions/persons/{person_id}/assign", {
    succeeds: [
      "assigns the person and returns the tasks",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "PUT", url: `/api/actions/persons/${world.supervisor.person.id}/assign`, token: world.manager.token, payload: { task_ids: [task.id, UNKNOWN_ID] } });
        expect(response.statusCode).toBe(200);
        const body = response.json() as { id: string; type: string; assignees: string[] }[];
        expect(body.map((row) => row.id)).toEqual([task.id]);
        expect(body[0].type).toBe("Task");
        expect(body[0].assignees.sort()).toEqual([world.artist.person.id, world.supervisor.person.id].sort());
      },
    ],
    fails: [
      "skips tasks an artist may not assign",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "PUT", url: `/api/actions/persons/${world.outsider.person.id}/assign`, token: world.artist.token, payload: { task_ids: [task.id] } });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual([]);
        expect(await countRows(t, "task_person_link", "task_id = $1 and person_id = $2", [task.id, world.outsider.person.id])).toBe(0);
      },
    ],
  });

  it("answers 400 for an unknown assignee", async () => {
    const { task } = await makeCommentedTask(t, world);
    const response = await t.request({ method: "PUT", url: `/api/actions/persons/${UNKNOWN_ID}/assign`, token: world.manager.token, payload: { task_ids: [task.id] } });
    expect(response.statusCode).toBe(400);
  });

  gazuRoute("PUT", "/actions/tasks/clear-assignation", {
    succeeds: [
      "removes the assignee and returns the task ids",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "PUT", url: "/api/actions/tasks/clear-assignation", token: world.manager.token, payload: { task_ids: [task.id], person_id: world.artist.person.id } });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual([task.id]);
        expect(await countRows(t, "task_person_link", "task_id = $1", [task.id])).toBe(0);
      },
    ],
    fails: [
      "keeps assignees an artist may not remove",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "PUT", url: "/api/actions/tasks/clear-assignation", token: world.outsider.token, payload: { task_ids: [task.id] } });
        expect(response.json()).toEqual([]);
        expect(await countRows(t, "task_person_link", "task_id = $1", [task.id])).toBe(1);
      },
    ],
  });

  it("lets an assignee remove themselves", async () => {
    const { task } = await makeCommentedTask(t, world);
    const response = await t.request({ method: "PUT", url: "/api/actions/tasks/clear-assignation", token: world.artist.token, payload: { task_ids: [task.id], person_id: world.artist.person.id } });
    expect(response.json()).toEqual([task.id]);
    expect(await countRows(t, "task_person_link", "task_id = $1", [task.id])).toBe(0);
  });
});

describe("a project's comments", () => {
  gazuRoute("GET", "/data/projects/{project_id}/comments", {
    succeeds: [
      "lists the project's comments with relation ids",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.artist.person.id, text: "in project" });
        const response = await t.request({ method: "GET", url: `/api/data/projects/${world.project.id}/comments`, token: world.supervisor.token });
        expect(response.statusCode).toBe(200);
        const found = (response.json() as Record<string, unknown>[]).find((row) => row.id === comment.id);
        expect(found).toMatchObject({ type: "Comment", text: "in project", previews: [], acknowledgements: [], mentions: [] });
      },
    ],
    fails: [
      "rejects a client of the project",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/projects/${world.project.id}/comments`, token: world.client.token });
        expect(response.statusCode).toBe(403);
      },
    ],
  });

  it("returns Zou's page object when a page is asked for", async () => {
    const { task } = await makeCommentedTask(t, world);
    await t.make.makeComment({ task, personId: world.artist.person.id });
    await t.make.makeComment({ task, personId: world.artist.person.id });
    const response = await t.request({ method: "GET", url: `/api/data/projects/${world.project.id}/comments?page=1&limit=1`, token: world.manager.token });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.data).toHaveLength(1);
    expect(body.limit).toBe(1);
    expect(body.page).toBe(1);
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.nb_pages).toBe(body.total);
  });
});

describe("moving a comment", () => {
  gazuRoute("POST", "/actions/tasks/{task_id}/comments/{comment_id}/move", {
    succeeds: [
      "moves the comment to another task of the entity",
      async () => {
        const { shot, task } = await makeCommentedTask(t, world);
        const target = await t.make.makeTask({ entity: shot, name: "layout" });
        const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
        const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/move`, token: world.manager.token, payload: { target_task_id: target.id } });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ id: comment.id, object_id: target.id, type: "Comment" });
        expect(await countRows(t, "comment", "object_id = $1", [target.id])).toBe(1);
      },
    ],
    fails: [
      "refuses a task of another entity",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const other = await makeCommentedTask(t, world);
        const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
        const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/move`, token: world.manager.token, payload: { target_task_id: other.task.id } });
        expect(response.statusCode).toBe(400);
        expect(await countRows(t, "comment", "object_id = $1", [task.id])).toBe(1);
      },
    ],
  });

  it("rejects an artist", async () => {
    const { shot, task } = await makeCommentedTask(t, world);
    const target = await t.make.makeTask({ entity: shot, name: "layout" });
    const comment = await t.make.makeComment({ task, personId: world.artist.person.id });
    const response = await t.request({ method: "POST", url: `/api/actions/tasks/${task.id}/comments/${comment.id}/move`, token: world.artist.token, payload: { target_task_id: target.id } });
    expect(response.statusCode).toBe(403);
  });
});

describe("sending a task to review", () => {
  gazuRoute("PUT", "/actions/tasks/{task_id}/to-review", {
    succeeds: [
      "moves the task to the To review status",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "PUT", url: `/api/actions/tasks/${task.id}/to-review`, token: world.artist.token, payload: { comment: "ready", change_status: true } });
        expect(response.statusCode).toBe(200);
        const body = response.json();
        expect(body.id).toBe(task.id);
        expect(body.comment).toBe("ready");
        expect(body.person.id).toBe(world.artist.person.id);
        expect(body.person.password).toBeUndefined();
        const [status] = await t.db.query<{ name: string }>("select s.name from task join task_status s on s.id = task.task_status_id where task.id = $1", [task.id]);
        expect(status.name).toBe("To review");
      },
    ],
    fails: [
      "rejects an artist not on the task",
      async () => {
        const { task } = await makeCommentedTask(t, world);
        const response = await t.request({ method: "PUT", url: `/api/actions/tasks/${task.id}/to-review`, token: world.outsider.token, payload: { comment: "ready" } });
        expect(response.statusCode).toBe(403);
        const [row] = await t.db.query<{ task_status_id: string }>("select task_status_id from task where id = $1", [task.id]);
        expect(row.task_status_id).toBe(task.taskStatusId);
      },
    ],
  });
});
