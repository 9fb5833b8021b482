import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { attachmentFile, comment, commentMentions, previewFile } from "../../../schema/comments.js";
import { entity } from "../../../schema/entities.js";
import { notification, subscription } from "../../../schema/notifications.js";
import { timeSpent } from "../../../schema/schedules.js";
import { task } from "../../../schema/tasks.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { eventNamesSince } from "../../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// The task panel and comment panel of Kitsu: following tasks, replies,
// attachments, time logged by day and the action bar's priority.

let t: TestApp;
let w: SeedWorld;
let shot: EntityRow;
let otherShot: EntityRow;
let taskTypeId: string;
let taskId: string;
let otherTaskId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  otherShot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
  taskTypeId = (await t.make.makeTaskType({ name: "Animation" })).id;
  taskId = (await t.make.makeTask({ entity: shot, taskTypeId, assignees: [w.artist.person.id] })).id;
  otherTaskId = (await t.make.makeTask({ entity: otherShot, taskTypeId })).id;
});

afterAll(async () => {
  await t.close();
});

async function taskRow(id: string) {
  const [row] = await t.db.orm.select().from(task).where(eq(task.id, id));
  return row;
}

describe("task subscriptions", () => {
  kitsuRoute("GET", "/data/user/tasks/{task_id}/subscribed", {
    succeeds: ["returns whether the caller follows the task", async () => {
      const before = await t.request({ method: "GET", url: `/api/data/user/tasks/${otherTaskId}/subscribed`, token: w.supervisor.token });
      expect(before.statusCode).toBe(200);
      expect(before.json()).toBe(false);
      await t.db.orm.insert(subscription).values({ personId: w.supervisor.person.id, taskId: otherTaskId });
      const after = await t.request({ method: "GET", url: `/api/data/user/tasks/${otherTaskId}/subscribed`, token: w.supervisor.token });
      expect(after.json()).toBe(true);
    }],
    fails: ["rejects a malformed task id with 400", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/tasks/not-an-id/subscribed", token: w.artist.token });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: true, message: "Malformed ID." });
    }],
  });

  kitsuRoute("POST", "/actions/user/tasks/{task_id}/subscribe", {
    succeeds: ["creates the subscription with 201", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/user/tasks/${taskId}/subscribe`, token: w.artist.token });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ type: "Subscription", person_id: w.artist.person.id, task_id: taskId });
      expect(response.json().id).toEqual(expect.any(String));
    }],
    fails: ["rejects a person outside the project", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/user/tasks/${taskId}/subscribe`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
      const rows = await t.db.orm.select().from(subscription).where(eq(subscription.personId, w.outsider.person.id));
      expect(rows).toHaveLength(0);
    }],
  });

  kitsuRoute("POST", "/actions/user/tasks/subscribe", {
    succeeds: ["subscribes the caller to every listed task", async () => {
      const response = await t.request({ method: "POST", url: "/api/actions/user/tasks/subscribe", token: w.manager.token, payload: { task_ids: [taskId, otherTaskId] } });
      expect(response.statusCode).toBe(201);
      const body = response.json() as { task_id: string; person_id: string; type: string }[];
      expect(body.map((item) => item.task_id)).toEqual([taskId, otherTaskId]);
      expect(body.every((item) => item.person_id === w.manager.person.id && item.type === "Subscription")).toBe(true);
    }],
    fails: ["writes nothing when one task is unknown", async () => {
      const response = await t.request({ method: "POST", url: "/api/actions/user/tasks/subscribe", token: w.client.token, payload: { task_ids: [taskId, UNKNOWN_ID] } });
      expect(response.statusCode).toBe(404);
      const rows = await t.db.orm.select().from(subscription).where(eq(subscription.personId, w.client.person.id));
      expect(rows).toHaveLength(0);
    }],
  });

  kitsuRoute("POST", "/actions/user/tasks/unsubscribe", {
    succeeds: ["removes the subscriptions and returns the ids", async () => {
      await t.db.orm.insert(subscription).values({ personId: w.admin.person.id, taskId }).onConflictDoNothing();
      const response = await t.request({ method: "POST", url: "/api/actions/user/tasks/unsubscribe", token: w.admin.token, payload: { task_ids: [taskId, otherTaskId] } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([taskId, otherTaskId]);
      const rows = await t.db.orm.select().from(subscription).where(eq(subscription.personId, w.admin.person.id));
      expect(rows).toHaveLength(0);
    }],
    fails: ["rejects an empty task list", async () => {
      const response = await t.request({ method: "POST", url: "/api/actions/user/tasks/unsubscribe", token: w.admin.token, payload: { task_ids: [] } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Validation error.");
    }],
  });
});

describe("notifications", () => {
  kitsuRoute("POST", "/actions/user/notifications/mark-all-as-read", {
    succeeds: ["marks every notification of the caller read", async () => {
      await t.make.makeNotification({ personId: w.artist.person.id, authorId: w.manager.person.id, read: false });
      const others = await t.make.makeNotification({ personId: w.supervisor.person.id, authorId: w.manager.person.id, read: false });
      const response = await t.request({ method: "POST", url: "/api/actions/user/notifications/mark-all-as-read", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true });
      const unread = await t.db.orm.select().from(notification).where(and(eq(notification.personId, w.artist.person.id), eq(notification.read, false)));
      expect(unread).toHaveLength(0);
      const [kept] = await t.db.orm.select().from(notification).where(eq(notification.id, others.id));
      expect(kept.read).toBe(false);
    }],
    fails: ["rejects a bot account", async () => {
      const note = await t.make.makeNotification({ personId: w.bot.person.id, authorId: w.manager.person.id, read: false });
      const response = await t.request({ method: "POST", url: "/api/actions/user/notifications/mark-all-as-read", token: w.bot.token });
      expect(response.statusCode).toBe(403);
      const [kept] = await t.db.orm.select().from(notification).where(eq(notification.id, note.id));
      expect(kept.read).toBe(false);
    }],
  });
});

describe("time spent of a day", () => {
  kitsuRoute("DELETE", "/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}", {
    succeeds: ["deletes the entry and updates the task duration", async () => {
      await t.make.makeTimeSpent({ taskId, personId: w.artist.person.id, date: "2024-03-04", duration: 120 });
      await t.db.orm.update(task).set({ duration: 120 }).where(eq(task.id, taskId));
      const response = await t.request({ method: "DELETE", url: `/api/actions/tasks/${taskId}/time-spents/2024-03-04/persons/${w.artist.person.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ type: "TimeSpent", task_id: taskId, person_id: w.artist.person.id, date: "2024-03-04", duration: 0 });
      const rows = await t.db.orm.select().from(timeSpent).where(eq(timeSpent.taskId, taskId));
      expect(rows).toHaveLength(0);
      expect((await taskRow(taskId)).duration).toBe(0);
    }],
    fails: ["rejects a malformed date", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/actions/tasks/${taskId}/time-spents/2024-13-45/persons/${w.artist.person.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Wrong date format.");
    }],
  });

  kitsuRoute("DELETE", "/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}", {
    succeeds: ["lets a manager clear an artist's day", async () => {
      await t.make.makeTimeSpent({ taskId, personId: w.artist.person.id, date: "2024-03-05", duration: 60 });
      const response = await t.request({ method: "DELETE", url: `/api/actions/tasks/${taskId}/time-spents/2024-03-05/persons/${w.artist.person.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(201);
    }],
    fails: ["rejects another artist clearing it", async () => {
      await t.make.makeTimeSpent({ taskId, personId: w.artist.person.id, date: "2024-03-06", duration: 60 });
      const response = await t.request({ method: "DELETE", url: `/api/actions/tasks/${taskId}/time-spents/2024-03-06/persons/${w.artist.person.id}`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
      const rows = await t.db.orm.select().from(timeSpent).where(and(eq(timeSpent.taskId, taskId), eq(timeSpent.date, "2024-03-06")));
      expect(rows).toHaveLength(1);
    }],
  });
});

describe("task priority", () => {
  kitsuRoute("PUT", "/actions/tasks/set-priority", {
    succeeds: ["updates the tasks the caller may edit", async () => {
      const response = await t.request({ method: "PUT", url: "/api/actions/tasks/set-priority", token: w.manager.token, payload: { task_ids: [taskId, otherTaskId, UNKNOWN_ID], priority: 3 } });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { id: string; priority: number; type: string }[];
      expect(body.map((item) => item.id)).toEqual([taskId, otherTaskId]);
      expect(body.every((item) => item.priority === 3 && item.type === "Task")).toBe(true);
      expect((await taskRow(otherTaskId)).priority).toBe(3);
    }],
    fails: ["skips every task for an artist", async () => {
      const response = await t.request({ method: "PUT", url: "/api/actions/tasks/set-priority", token: w.artist.token, payload: { task_ids: [taskId], priority: 1 } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([]);
      expect((await taskRow(taskId)).priority).toBe(3);
    }],
  });

  kitsuRoute("PUT", "/actions/tasks/set-priority", {
    succeeds: ["accepts a priority of zero", async () => {
      const response = await t.request({ method: "PUT", url: "/api/actions/tasks/set-priority", token: w.admin.token, payload: { task_ids: [taskId], priority: 0 } });
      expect(response.statusCode).toBe(200);
      expect(response.json()[0].priority).toBe(0);
    }],
    fails: ["rejects a negative priority", async () => {
      const response = await t.request({ method: "PUT", url: "/api/actions/tasks/set-priority", token: w.admin.token, payload: { task_ids: [taskId], priority: -1 } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Validation error.");
    }],
  });
});

describe("comment replies", () => {
  kitsuRoute("POST", "/data/tasks/{task_id}/comments/{comment_id}/reply", {
    succeeds: ["adds the reply and notifies the comment's author", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.manager.person.id });
      const since = new Date(Date.now() - 1000);
      const response = await t.request({ method: "POST", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply`, token: w.artist.token, payload: { text: "On it" } });
      expect(response.statusCode).toBe(200);
      const reply = response.json();
      expect(reply).toMatchObject({ text: "On it", person_id: w.artist.person.id, mentions: [] });
      expect(reply.person).toMatchObject({ id: w.artist.person.id, type: "Person" });
      expect(reply.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      const [stored] = await t.db.orm.select().from(comment).where(eq(comment.id, parent.id));
      expect((stored.replies as { id: string }[]).map((item) => item.id)).toEqual([reply.id]);
      const notes = await t.db.orm.select().from(notification).where(eq(notification.replyId, reply.id));
      expect(notes.map((note) => [note.personId, note.type])).toContainEqual([w.manager.person.id, "reply"]);
      expect(await eventNamesSince(t, since)).toContain("comment:reply");
    }],
    fails: ["rejects a person who may not act on the task", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.manager.person.id });
      const response = await t.request({ method: "POST", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply`, token: w.vendor.token, payload: { text: "Hi" } });
      expect(response.statusCode).toBe(403);
      const [stored] = await t.db.orm.select().from(comment).where(eq(comment.id, parent.id));
      expect(stored.replies).toEqual([]);
    }],
  });

  kitsuRoute("POST", "/data/tasks/{task_id}/comments/{comment_id}/reply", {
    succeeds: ["lets a person mentioned on the task reply", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(otherTaskId), personId: w.manager.person.id });
      await t.db.orm.insert(commentMentions).values({ comment: parent.id, person: w.artist.person.id });
      const response = await t.request({ method: "POST", url: `/api/data/tasks/${otherTaskId}/comments/${parent.id}/reply`, token: w.artist.token, payload: { text: "Seen" } });
      expect(response.statusCode).toBe(200);
    }],
    fails: ["rejects a comment of another task", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(otherTaskId), personId: w.manager.person.id });
      const response = await t.request({ method: "POST", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply`, token: w.manager.token, payload: { text: "Wrong task" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("DELETE", "/data/tasks/{task_id}/comments/{comment_id}/reply/{reply_id}", {
    succeeds: ["removes the reply with its attachments and notifications", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.manager.person.id });
      const created = await t.request({ method: "POST", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply`, token: w.artist.token, payload: { text: "Draft" } });
      const replyId = created.json().id as string;
      await t.db.orm.insert(attachmentFile).values({ name: "ref.png", extension: "png", mimetype: "image/png", size: 1, commentId: parent.id, replyId });
      const response = await t.request({ method: "DELETE", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply/${replyId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: parent.id, type: "Comment", replies: [] });
      expect(await t.db.orm.select().from(attachmentFile).where(eq(attachmentFile.commentId, parent.id))).toHaveLength(0);
      expect(await t.db.orm.select().from(notification).where(eq(notification.replyId, replyId))).toHaveLength(0);
    }],
    fails: ["rejects someone else's reply for a non-admin", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.manager.person.id });
      const created = await t.request({ method: "POST", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply`, token: w.artist.token, payload: { text: "Mine" } });
      const replyId = created.json().id as string;
      const response = await t.request({ method: "DELETE", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply/${replyId}`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
      const [stored] = await t.db.orm.select().from(comment).where(eq(comment.id, parent.id));
      expect(stored.replies).toHaveLength(1);
    }],
  });

  kitsuRoute("DELETE", "/data/tasks/{task_id}/comments/{comment_id}/reply/{reply_id}", {
    succeeds: ["lets an admin delete any reply", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.manager.person.id });
      const created = await t.request({ method: "POST", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply`, token: w.artist.token, payload: { text: "Off topic" } });
      const response = await t.request({ method: "DELETE", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply/${created.json().id}`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
    }],
    fails: ["answers 404 for an unknown reply", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.manager.person.id });
      const response = await t.request({ method: "DELETE", url: `/api/data/tasks/${taskId}/comments/${parent.id}/reply/${UNKNOWN_ID}`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("comment attachments", () => {
  kitsuRoute("DELETE", "/data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}", {
    succeeds: ["lets the comment's author remove an attachment", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.artist.person.id });
      const [file] = await t.db.orm.insert(attachmentFile).values({ name: "ref.png", extension: "png", mimetype: "image/png", size: 1, commentId: parent.id }).returning();
      const response = await t.request({ method: "DELETE", url: `/api/data/tasks/${taskId}/comments/${parent.id}/attachments/${file.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(attachmentFile).where(eq(attachmentFile.id, file.id))).toHaveLength(0);
    }],
    fails: ["rejects a supervisor who is not the author", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.artist.person.id });
      const [file] = await t.db.orm.insert(attachmentFile).values({ name: "ref.png", extension: "png", mimetype: "image/png", size: 1, commentId: parent.id }).returning();
      const response = await t.request({ method: "DELETE", url: `/api/data/tasks/${taskId}/comments/${parent.id}/attachments/${file.id}`, token: w.supervisor.token });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(attachmentFile).where(eq(attachmentFile.id, file.id))).toHaveLength(1);
    }],
  });

  kitsuRoute("DELETE", "/data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}", {
    succeeds: ["lets a manager remove an attachment", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.artist.person.id });
      const [file] = await t.db.orm.insert(attachmentFile).values({ name: "ref.pdf", extension: "pdf", mimetype: "application/pdf", size: 1, commentId: parent.id }).returning();
      const response = await t.request({ method: "DELETE", url: `/api/data/tasks/${taskId}/comments/${parent.id}/attachments/${file.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(204);
    }],
    fails: ["answers 404 for an unknown attachment", async () => {
      const parent = await t.make.makeComment({ task: await taskRow(taskId), personId: w.artist.person.id });
      const response = await t.request({ method: "DELETE", url: `/api/data/tasks/${taskId}/comments/${parent.id}/attachments/${UNKNOWN_ID}`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("main preview from tasks", () => {
  async function entityPreviewId(id: string) {
    const [row] = await t.db.orm.select({ previewFileId: entity.previewFileId }).from(entity).where(eq(entity.id, id));
    return row.previewFileId;
  }

  kitsuRoute("PUT", "/actions/tasks/{task_id}/set-main-preview", {
    succeeds: ["uses the task's last preview as the entity thumbnail", async () => {
      await t.db.orm.insert(previewFile).values({ name: "v1", taskId, revision: 1, extension: "png" });
      const [latest] = await t.db.orm.insert(previewFile).values({ name: "v2", taskId, revision: 2, extension: "png" }).returning();
      const response = await t.request({ method: "PUT", url: `/api/actions/tasks/${taskId}/set-main-preview`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: shot.id, type: "Shot", preview_file_id: latest.id });
      expect(await entityPreviewId(shot.id)).toBe(latest.id);
    }],
    fails: ["answers 400 when the task has no preview", async () => {
      const response = await t.request({ method: "PUT", url: `/api/actions/tasks/${otherTaskId}/set-main-preview`, token: w.manager.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("This task has no preview file to set as the main preview.");
    }],
  });

  kitsuRoute("PUT", "/actions/tasks/set-main-preview", {
    succeeds: ["sets the thumbnails of the tasks that have previews", async () => {
      const response = await t.request({ method: "PUT", url: "/api/actions/tasks/set-main-preview", token: w.manager.token, payload: { task_ids: [taskId, otherTaskId] } });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { id: string; type: string }[];
      expect(body.map((item) => item.id)).toEqual([shot.id]);
      expect(await entityPreviewId(otherShot.id)).toBeNull();
    }],
    fails: ["rejects a client and changes nothing", async () => {
      const [preview] = await t.db.orm.insert(previewFile).values({ name: "o1", taskId: otherTaskId, revision: 1, extension: "png" }).returning();
      const response = await t.request({ method: "PUT", url: "/api/actions/tasks/set-main-preview", token: w.client.token, payload: { task_ids: [otherTaskId] } });
      expect(response.statusCode).toBe(403);
      expect(await entityPreviewId(otherShot.id)).not.toBe(preview.id);
    }],
  });
});

describe("tasks to check", () => {
  kitsuRoute("GET", "/data/user/tasks-to-check", {
    succeeds: ["lists the tasks waiting for feedback", async () => {
      const review = await t.make.makeTaskStatus({ name: "Waiting for approval", shortName: "wfa", isFeedbackRequest: true });
      const thirdShot = await t.make.makeShot({ projectId: w.project.id, name: "SH030" });
      const pending = await t.make.makeTask({ entity: thirdShot, taskTypeId, status: review, assignees: [w.artist.person.id] });
      const response = await t.request({ method: "GET", url: "/api/data/user/tasks-to-check", token: w.supervisor.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as Record<string, unknown>[];
      expect(body.map((item) => item.id)).toEqual([pending.id]);
      expect(body[0]).toMatchObject({
        type: "Task",
        entity_name: "SH030",
        project_name: "Big Bunny",
        task_status_short_name: "wfa",
        task_type_name: "Animation",
        assignees: [w.artist.person.id],
      });
    }],
    fails: ["returns nothing to an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/tasks-to-check", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([]);
    }],
  });
});
