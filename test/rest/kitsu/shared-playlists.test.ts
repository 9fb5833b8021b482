import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comment, previewFile } from "../../../schema/comments.js";
import { notification } from "../../../schema/notifications.js";
import { person } from "../../../schema/people.js";
import { playlistShareLink } from "../../../schema/playlists.js";
import { task } from "../../../schema/tasks.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { eventNamesSince } from "../../support/roles.js";
import { UNKNOWN_ID } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";
import { makeSharedWorld, postGuestComment, registerGuest, shareLink, type SharedWorld } from "./shared-playlists-world.js";

// Kitsu's guest review page: a person without an account opens a playlist
// through its share link, registers a name, reads and writes comments and
// drawings. The link is the only credential, and nothing outside the
// playlist is reachable through it.

let t: TestApp;
let w: SharedWorld;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSharedWorld(t);
  token = await shareLink(t, w);
});

afterAll(async () => {
  await t.close();
});

const base = (linkToken: string) => `/api/shared/playlists/${linkToken}`;

describe("shared playlist reads", () => {
  kitsuRoute("GET", "/shared/playlists/{token}", {
    succeeds: ["returns the playlist with its entries' names and positioned preview", async () => {
      const response = await t.request({ method: "GET", url: base(token) });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.type).toBe("Playlist");
      expect(body.id).toBe(w.playlistId);
      expect(body.project_name).toBe(w.project.name);
      expect(body.shots).toHaveLength(1);
      const [entry] = body.shots;
      expect(entry.id).toBe(w.shot.id);
      expect(entry.name).toBe("SH010");
      expect(entry.parent_name).toBe("SQ01");
      expect(entry.preview_file_id).toBe(w.preview.id);
      expect(entry.preview_file_task_id).toBe(w.task.id);
      expect(entry.preview_file_previews.map((item: { id: string }) => item.id)).toEqual([w.sibling.id]);
      expect(entry.preview_file_task_type_name).toBe("Animation");
      expect(entry.preview_file_task_type.color).toBe("#112233");
      expect(entry.task_status_color).toBe(w.closedStatus.color);
    }],
    fails: ["answers 404 for an unknown token", async () => {
      const response = await t.request({ method: "GET", url: base(UNKNOWN_ID) });
      expect(response.statusCode).toBe(404);
    }],
  });

  it("lists only the positioned revision in preview_files", async () => {
    const response = await t.request({ method: "GET", url: base(token) });
    const previewFiles = response.json().shots[0].preview_files as Record<string, { id: string }[]>;
    const ids = Object.values(previewFiles).flat().map((item) => item.id);
    expect(ids).toEqual([w.preview.id]);
    expect(ids).not.toContain(w.olderPreview.id);
  });

  it("answers 404 once the link is revoked", async () => {
    const revoked = await shareLink(t, w);
    await t.request({ method: "DELETE", url: `/api/data/playlists/${w.playlistId}/share/${revoked}`, token: w.manager.token });
    const response = await t.request({ method: "GET", url: base(revoked) });
    expect(response.statusCode).toBe(404);
  });

  it("answers 404 once the link has expired", async () => {
    const expired = await shareLink(t, w, { expiration_date: "2999-01-01" });
    await t.db.orm.update(playlistShareLink).set({ expirationDate: new Date(Date.now() - 1000) }).where(eq(playlistShareLink.token, expired));
    const response = await t.request({ method: "GET", url: base(expired) });
    expect(response.statusCode).toBe(404);
  });

  it("requires the password of a protected link", async () => {
    const protectedToken = await shareLink(t, w, { password: "open sesame" });
    const missing = await t.request({ method: "GET", url: base(protectedToken) });
    expect(missing.statusCode).toBe(404);
    const wrong = await t.request({ method: "GET", url: `${base(protectedToken)}?password=nope` });
    expect(wrong.statusCode).toBe(404);
    const right = await t.request({ method: "GET", url: `${base(protectedToken)}?password=open%20sesame` });
    expect(right.statusCode).toBe(200);
    expect(right.json().id).toBe(w.playlistId);
  });

  kitsuRoute("GET", "/shared/playlists/{token}/context", {
    succeeds: ["returns the project, task types, statuses and entities", async () => {
      const response = await t.request({ method: "GET", url: `${base(token)}/context` });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.project).toMatchObject({ id: w.project.id, name: w.project.name, team: [] });
      expect(body.task_types.map((item: { name: string }) => item.name)).toEqual(["Animation"]);
      expect(body.task_types[0]).not.toHaveProperty("department_id");
      const open = body.task_statuses.find((item: { id: string }) => item.id === w.openStatus.id);
      expect(open).toMatchObject({ short_name: "crev", is_client_allowed: true });
      const closed = body.task_statuses.find((item: { id: string }) => item.id === w.closedStatus.id);
      expect(closed.is_client_allowed).toBe(false);
      expect(body.entities).toEqual([{ id: w.shot.id, name: "SH010", preview_file_id: null }]);
    }],
    fails: ["answers 404 for a protected link without its password", async () => {
      const protectedToken = await shareLink(t, w, { password: "pw" });
      const response = await t.request({ method: "GET", url: `${base(protectedToken)}/context` });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("GET", "/shared/playlists/{token}/preview-files/{preview_file_id}", {
    succeeds: ["returns a preview file of the playlist", async () => {
      const response = await t.request({ method: "GET", url: `${base(token)}/preview-files/${w.sibling.id}` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ type: "PreviewFile", id: w.sibling.id, revision: 2 });
    }],
    fails: ["answers 403 for a preview of another playlist", async () => {
      const other = await t.make.makePlaylist({ projectId: w.project.id, name: "Other dailies" });
      await t.request({ method: "PUT", url: `/api/data/playlists/${other.id}`, token: w.manager.token, payload: { shots: [{ entity_id: w.foreignTask.entityId, preview_file_id: w.foreignPreview.id }] } });
      const response = await t.request({ method: "GET", url: `${base(token)}/preview-files/${w.foreignPreview.id}` });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("rejects an older revision of the positioned preview's task", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/preview-files/${w.olderPreview.id}` });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 for an unknown preview id", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/preview-files/${UNKNOWN_ID}` });
    expect(response.statusCode).toBe(404);
  });
});

describe("shared playlist guests", () => {
  kitsuRoute("POST", "/shared/playlists/{token}/guest", {
    succeeds: ["registers a guest client bound to the link", async () => {
      const response = await t.request({ method: "POST", url: `${base(token)}/guest`, payload: { first_name: "Ada", last_name: "Review" } });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toMatchObject({ type: "Person", first_name: "Ada", last_name: "Review", role: "client", is_guest: true });
      expect(body).not.toHaveProperty("password");
      const [row] = await t.db.orm.select().from(person).where(eq(person.id, body.id));
      expect(row.isGuest).toBe(true);
      expect((row.data as Record<string, unknown>).share_link_id).toBeTypeOf("string");
    }],
    fails: ["rejects a guest_id that is not a UUID", async () => {
      const response = await t.request({ method: "POST", url: `${base(token)}/guest`, payload: { first_name: "Ada", guest_id: "nope" } });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("returns the known guest with 200 for its id", async () => {
    const guestId = await registerGuest(t, token, "Known");
    const response = await t.request({ method: "POST", url: `${base(token)}/guest`, payload: { guest_id: guestId } });
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(guestId);
  });

  it("does not reuse a guest of another link", async () => {
    const otherToken = await shareLink(t, w);
    const foreignGuest = await registerGuest(t, otherToken, "Mallory");
    const response = await t.request({ method: "POST", url: `${base(token)}/guest`, payload: { guest_id: foreignGuest, first_name: "Mallory" } });
    expect(response.statusCode).toBe(201);
    expect(response.json().id).not.toBe(foreignGuest);
  });

  it("names an anonymous guest Guest", async () => {
    const response = await t.request({ method: "POST", url: `${base(token)}/guest` });
    expect(response.statusCode).toBe(201);
    expect(response.json().first_name).toBe("Guest");
  });

  it("returns the same guest for the same names on one link", async () => {
    const first = await registerGuest(t, token, "Twin");
    const response = await t.request({ method: "POST", url: `${base(token)}/guest`, payload: { first_name: "Twin", last_name: "Client" } });
    expect(response.statusCode).toBe(201);
    expect(response.json().id).toBe(first);
  });

  it("records person:new for a new guest", async () => {
    const since = new Date();
    await registerGuest(t, token, "Newcomer");
    expect(await eventNamesSince(t, since)).toContain("person:new");
  });

  it("rejects a revoked link", async () => {
    const revoked = await shareLink(t, w);
    await t.request({ method: "DELETE", url: `/api/data/playlists/${w.playlistId}/share/${revoked}`, token: w.manager.token });
    const response = await t.request({ method: "POST", url: `${base(revoked)}/guest`, payload: { first_name: "Late" } });
    expect(response.statusCode).toBe(404);
  });
});

describe("shared playlist comments", () => {
  kitsuRoute("POST", "/shared/playlists/{token}/comments", {
    succeeds: ["posts the guest's comment and moves the task to its status", async () => {
      const guestId = await registerGuest(t, token, "Poster");
      const since = new Date();
      const response = await postGuestComment(t, w, token, guestId, "Nice timing");
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toMatchObject({ type: "Comment", text: "Nice timing", person_id: guestId, object_id: w.task.id, task_status_id: w.openStatus.id });
      expect(body.person.id).toBe(guestId);
      const [taskRow] = await t.db.orm.select().from(task).where(eq(task.id, w.task.id));
      expect(taskRow.taskStatusId).toBe(w.openStatus.id);
      const events = await eventNamesSince(t, since);
      expect(events).toContain("comment:new");
      expect(events).toContain("task:status-changed");
    }],
    fails: ["rejects a status closed to clients", async () => {
      const guestId = await registerGuest(t, token, "Closed");
      const response = await t.request({
        method: "POST",
        url: `${base(token)}/comments`,
        payload: { guest_id: guestId, task_id: w.task.id, task_status_id: w.closedStatus.id, text: "x" },
      });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("notifies the task's assignees of a guest comment", async () => {
    const guestId = await registerGuest(t, token, "Notifier");
    const posted = (await postGuestComment(t, w, token, guestId, "Please check")).json();
    const rows = await t.db.orm.select().from(notification).where(eq(notification.commentId, posted.id));
    expect(rows.map((row) => row.personId)).toEqual([w.artist.person.id]);
    expect(rows[0].authorId).toBe(guestId);
  });

  it("rejects a missing task_id", async () => {
    const guestId = await registerGuest(t, token, "Missing");
    const response = await t.request({ method: "POST", url: `${base(token)}/comments`, payload: { guest_id: guestId, task_status_id: w.openStatus.id } });
    expect(response.statusCode).toBe(400);
  });

  it("rejects a task outside the playlist", async () => {
    const guestId = await registerGuest(t, token, "Outside");
    const response = await t.request({
      method: "POST",
      url: `${base(token)}/comments`,
      payload: { guest_id: guestId, task_id: w.foreignTask.id, task_status_id: w.openStatus.id, text: "sneaky" },
    });
    expect(response.statusCode).toBe(403);
    const rows = await t.db.orm.select().from(comment).where(eq(comment.objectId, w.foreignTask.id));
    expect(rows).toHaveLength(0);
  });

  it("rejects a guest of another link", async () => {
    const otherToken = await shareLink(t, w);
    const foreignGuest = await registerGuest(t, otherToken, "Other");
    const response = await postGuestComment(t, w, token, foreignGuest);
    expect(response.statusCode).toBe(403);
  });

  it("rejects a studio person's id as guest", async () => {
    const response = await postGuestComment(t, w, token, w.manager.person.id);
    expect(response.statusCode).toBe(403);
  });

  it("rejects posting through a link without comments", async () => {
    const readOnly = await shareLink(t, w, { can_comment: false });
    const guestId = await registerGuest(t, readOnly, "Reader");
    const response = await postGuestComment(t, w, readOnly, guestId);
    expect(response.statusCode).toBe(403);
  });

  kitsuRoute("GET", "/shared/playlists/{token}/comments", {
    succeeds: ["lists client comments and guest comments of the playlist's tasks", async () => {
      const guestId = await registerGuest(t, token, "Lister");
      const posted = (await postGuestComment(t, w, token, guestId, "From the guest")).json();
      const clientComment = await t.make.makeComment({ task: w.task, personId: w.manager.person.id, text: "For the client", forClient: true });
      const internal = await t.make.makeComment({ task: w.task, personId: w.artist.person.id, text: "Internal note" });
      const elsewhere = await t.make.makeComment({ task: w.foreignTask, personId: w.manager.person.id, text: "Other shot", forClient: true });

      const response = await t.request({ method: "GET", url: `${base(token)}/comments` });
      expect(response.statusCode).toBe(200);
      const list = response.json() as { id: string; person: { is_guest: boolean } | null }[];
      const ids = list.map((item) => item.id);
      expect(ids).toContain(posted.id);
      expect(ids).toContain(clientComment.id);
      expect(ids).not.toContain(internal.id);
      expect(ids).not.toContain(elsewhere.id);
      expect(list.find((item) => item.id === posted.id)?.person?.is_guest).toBe(true);
    }],
    fails: ["answers 404 for an unknown token", async () => {
      const response = await t.request({ method: "GET", url: `${base(UNKNOWN_ID)}/comments` });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("PUT", "/shared/playlists/{token}/comments/{comment_id}", {
    succeeds: ["edits the guest's own comment", async () => {
      const guestId = await registerGuest(t, token, "Editor");
      const posted = (await postGuestComment(t, w, token, guestId, "First take")).json();
      const response = await t.request({ method: "PUT", url: `${base(token)}/comments/${posted.id}`, payload: { guest_id: guestId, text: "Second take", checklist: [{ text: "fix hands", checked: false }] } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: posted.id, text: "Second take", editor_id: guestId });
      const [row] = await t.db.orm.select().from(comment).where(eq(comment.id, posted.id));
      expect(row.text).toBe("Second take");
      expect(row.checklist).toEqual([{ text: "fix hands", checked: false }]);
    }],
    fails: ["rejects another guest's comment", async () => {
      const author = await registerGuest(t, token, "Author");
      const intruder = await registerGuest(t, token, "Intruder");
      const posted = (await postGuestComment(t, w, token, author, "Mine")).json();
      const response = await t.request({ method: "PUT", url: `${base(token)}/comments/${posted.id}`, payload: { guest_id: intruder, text: "Hijacked" } });
      expect(response.statusCode).toBe(403);
      const [row] = await t.db.orm.select().from(comment).where(eq(comment.id, posted.id));
      expect(row.text).toBe("Mine");
    }],
  });

  it("rejects editing a studio comment", async () => {
    const guestId = await registerGuest(t, token, "Studio");
    const studio = await t.make.makeComment({ task: w.task, personId: w.manager.person.id, text: "Studio note", forClient: true });
    const response = await t.request({ method: "PUT", url: `${base(token)}/comments/${studio.id}`, payload: { guest_id: guestId, text: "changed" } });
    expect(response.statusCode).toBe(403);
  });

  it("rejects a status closed to clients on edit", async () => {
    const guestId = await registerGuest(t, token, "Status");
    const posted = (await postGuestComment(t, w, token, guestId)).json();
    const response = await t.request({ method: "PUT", url: `${base(token)}/comments/${posted.id}`, payload: { guest_id: guestId, task_status_id: w.closedStatus.id } });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 for an unknown comment", async () => {
    const guestId = await registerGuest(t, token, "Unknown");
    const response = await t.request({ method: "PUT", url: `${base(token)}/comments/${UNKNOWN_ID}`, payload: { guest_id: guestId, text: "x" } });
    expect(response.statusCode).toBe(404);
  });

  kitsuRoute("DELETE", "/shared/playlists/{token}/comments/{comment_id}", {
    succeeds: ["deletes the guest's own comment with guest_id in the query", async () => {
      const guestId = await registerGuest(t, token, "Deleter");
      const posted = (await postGuestComment(t, w, token, guestId, "Oops")).json();
      const response = await t.request({ method: "DELETE", url: `${base(token)}/comments/${posted.id}?guest_id=${guestId}` });
      expect(response.statusCode).toBe(204);
      const rows = await t.db.orm.select().from(comment).where(eq(comment.id, posted.id));
      expect(rows).toHaveLength(0);
    }],
    fails: ["rejects a missing guest_id", async () => {
      const guestId = await registerGuest(t, token, "Forgetful");
      const posted = (await postGuestComment(t, w, token, guestId)).json();
      const response = await t.request({ method: "DELETE", url: `${base(token)}/comments/${posted.id}` });
      expect(response.statusCode).toBe(400);
      const rows = await t.db.orm.select().from(comment).where(eq(comment.id, posted.id));
      expect(rows).toHaveLength(1);
    }],
  });

  it("rejects deleting through a link without comments", async () => {
    const guestId = await registerGuest(t, token, "Keeper");
    const posted = (await postGuestComment(t, w, token, guestId)).json();
    const readOnly = await shareLink(t, w, { can_comment: false });
    const response = await t.request({ method: "DELETE", url: `${base(readOnly)}/comments/${posted.id}?guest_id=${guestId}` });
    expect(response.statusCode).toBe(403);
  });
});

describe("shared playlist annotations", () => {
  const drawing = (id: string) => ({ time: 1.5, drawing: { objects: [{ id, type: "path" }] } });

  kitsuRoute("PUT", "/shared/playlists/{token}/annotations", {
    succeeds: ["adds the guest's drawing to the preview", async () => {
      const guestId = await registerGuest(t, token, "Drawer");
      const response = await t.request({
        method: "PUT",
        url: `${base(token)}/annotations`,
        payload: { guest_id: guestId, preview_file_id: w.preview.id, additions: [drawing("stroke-1")], updates: [], deletions: [] },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ type: "PreviewFile", id: w.preview.id });
      const [row] = await t.db.orm.select().from(previewFile).where(eq(previewFile.id, w.preview.id));
      expect(JSON.stringify(row.annotations)).toContain("stroke-1");
    }],
    fails: ["rejects a preview outside the playlist", async () => {
      const guestId = await registerGuest(t, token, "Vandal");
      const response = await t.request({
        method: "PUT",
        url: `${base(token)}/annotations`,
        payload: { guest_id: guestId, preview_file_id: w.foreignPreview.id, additions: [drawing("stroke-2")] },
      });
      expect(response.statusCode).toBe(403);
      const [row] = await t.db.orm.select().from(previewFile).where(eq(previewFile.id, w.foreignPreview.id));
      expect(JSON.stringify(row.annotations ?? [])).not.toContain("stroke-2");
    }],
  });

  it("rejects drawing through a link without comments", async () => {
    const readOnly = await shareLink(t, w, { can_comment: false });
    const guestId = await registerGuest(t, readOnly, "Viewer");
    const response = await t.request({ method: "PUT", url: `${base(readOnly)}/annotations`, payload: { guest_id: guestId, preview_file_id: w.preview.id, additions: [drawing("stroke-3")] } });
    expect(response.statusCode).toBe(403);
  });

  it("rejects a missing preview_file_id", async () => {
    const guestId = await registerGuest(t, token, "Sketcher");
    const response = await t.request({ method: "PUT", url: `${base(token)}/annotations`, payload: { guest_id: guestId, additions: [] } });
    expect(response.statusCode).toBe(400);
  });
});
