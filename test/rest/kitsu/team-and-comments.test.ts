import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comment } from "../../../schema/comments.js";
import { projectPersonLink } from "../../../schema/projects.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { TaskRow } from "../../support/entities.builders.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// The team page's role menu and the comment panel's delete action.

let t: TestApp;
let w: SeedWorld;
let taskRow: TaskRow;
let otherTask: TaskRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const shot = await t.make.makeShot({ projectId: w.project.id, name: "SH010" });
  const otherShot = await t.make.makeShot({ projectId: w.project.id, name: "SH020" });
  const taskTypeId = (await t.make.makeTaskType({ name: "Layout" })).id;
  taskRow = await t.make.makeTask({ entity: shot, taskTypeId, assignees: [w.artist.person.id] });
  otherTask = await t.make.makeTask({ entity: otherShot, taskTypeId });
});

afterAll(async () => {
  await t.close();
});

async function projectRole(personId: string): Promise<string | null> {
  const [link] = await t.db.orm.select().from(projectPersonLink).where(eq(projectPersonLink.personId, personId));
  return link.role;
}

async function commentExists(id: string): Promise<boolean> {
  return (await t.db.orm.select().from(comment).where(eq(comment.id, id))).length === 1;
}

describe("project team roles", () => {
  const url = (personId: string, projectId = w.project.id) => `/api/data/projects/${projectId}/team/${personId}`;

  kitsuRoute("PUT", "/data/projects/{project_id}/team/{person_id}", {
    succeeds: ["sets the member's project role", async () => {
      const response = await t.request({ method: "PUT", url: url(w.artist.person.id), token: w.manager.token, payload: { role: "supervisor" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ project_id: w.project.id, person_id: w.artist.person.id, role: "supervisor" });
      expect(await projectRole(w.artist.person.id)).toBe("supervisor");
    }],
    fails: ["rejects an artist changing roles", async () => {
      const response = await t.request({ method: "PUT", url: url(w.client.person.id), token: w.artist.token, payload: { role: "manager" } });
      expect(response.statusCode).toBe(403);
      expect(await projectRole(w.client.person.id)).not.toBe("manager");
    }],
  });

  it("clears the role with null", async () => {
    const response = await t.request({ method: "PUT", url: url(w.artist.person.id), token: w.manager.token, payload: { role: null } });
    expect(response.statusCode).toBe(200);
    expect(await projectRole(w.artist.person.id)).toBeNull();
  });

  it("rejects an unknown role with 400", async () => {
    const response = await t.request({ method: "PUT", url: url(w.artist.person.id), token: w.manager.token, payload: { role: "director" } });
    expect(response.statusCode).toBe(400);
  });

  it("answers 404 for a person outside the team and an unknown project", async () => {
    const outsider = await t.request({ method: "PUT", url: url(w.outsider.person.id), token: w.admin.token, payload: { role: "user" } });
    expect(outsider.statusCode).toBe(404);
    const unknown = await t.request({ method: "PUT", url: url(w.artist.person.id, UNKNOWN_ID), token: w.admin.token, payload: { role: "user" } });
    expect(unknown.statusCode).toBe(404);
  });
});

describe("deleting a task comment", () => {
  const url = (taskId: string, commentId: string) => `/api/data/tasks/${taskId}/comments/${commentId}`;

  kitsuRoute("DELETE", "/data/tasks/{task_id}/comments/{comment_id}", {
    succeeds: ["lets the author delete their comment", async () => {
      const own = await t.make.makeComment({ task: taskRow, personId: w.artist.person.id, text: "typo" });
      const response = await t.request({ method: "DELETE", url: url(taskRow.id, own.id), token: w.artist.token });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe("");
      expect(await commentExists(own.id)).toBe(false);
    }],
    fails: ["rejects another artist's deletion", async () => {
      const others = await t.make.makeComment({ task: taskRow, personId: w.supervisor.person.id, text: "keep" });
      const response = await t.request({ method: "DELETE", url: url(taskRow.id, others.id), token: w.artist.token });
      expect(response.statusCode).toBe(403);
      expect(await commentExists(others.id)).toBe(true);
    }],
  });

  it("lets a project manager delete any comment", async () => {
    const note = await t.make.makeComment({ task: taskRow, personId: w.artist.person.id, text: "old" });
    const response = await t.request({ method: "DELETE", url: url(taskRow.id, note.id), token: w.manager.token });
    expect(response.statusCode).toBe(204);
    expect(await commentExists(note.id)).toBe(false);
  });

  it("answers 404 for a comment of another task, an unknown or a malformed id", async () => {
    const elsewhere = await t.make.makeComment({ task: otherTask, personId: w.manager.person.id, text: "other" });
    for (const [taskId, commentId] of [[taskRow.id, elsewhere.id], [taskRow.id, UNKNOWN_ID], [taskRow.id, "not-an-id"]]) {
      const response = await t.request({ method: "DELETE", url: url(taskId, commentId), token: w.manager.token });
      expect(response.statusCode, commentId).toBe(404);
    }
    expect(await commentExists(elsewhere.id)).toBe(true);
  });
});
