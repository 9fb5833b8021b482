import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comment, previewFile } from "../../schema/comments.js";
import { person } from "../../schema/people.js";
import { playlistShareLink } from "../../schema/playlists.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince } from "../support/roles.js";
import { makeSharedWorld, postGuestComment, registerGuest, shareLink, type SharedWorld } from "../rest/kitsu/shared-playlists-world.js";

// Attacks on the guest review routes, where the share token is the only
// credential. Each test states the expected behavior.

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

describe("share token input", () => {
  it("rejects a NUL byte token", async () => {
    const response = await t.request({ method: "GET", url: base("%00") });
    expect([400, 404]).toContain(response.statusCode);
  });

  it("rejects a NUL byte token on registration", async () => {
    const response = await t.request({ method: "POST", url: `${base("abc%00")}/guest`, payload: { first_name: "X" } });
    expect([400, 404]).toContain(response.statusCode);
  });

  it("answers 404 for a NUL byte password", async () => {
    const protectedToken = await shareLink(t, w, { password: "secret" });
    const response = await t.request({ method: "GET", url: `${base(protectedToken)}?password=se%00cret` });
    expect(response.statusCode).toBe(404);
  });
});

describe("guest registration", () => {
  it("rejects a first name with a NUL byte", async () => {
    const response = await t.request({ method: "POST", url: `${base(token)}/guest`, payload: { first_name: "Ev\u0000il" } });
    expect(response.statusCode).toBe(400);
  });

  it("creates one guest under parallel registration", async () => {
    const payload = { first_name: "Twin", last_name: "Race" };
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => t.request({ method: "POST", url: `${base(token)}/guest`, payload })),
    );
    for (const response of responses) expect([200, 201]).toContain(response.statusCode);
    const rows = await t.db.orm
      .select({ id: person.id })
      .from(person)
      .where(and(eq(person.isGuest, true), eq(person.firstName, "Twin"), eq(person.lastName, "Race")));
    expect(rows).toHaveLength(1);
  });

  it("rejects a non-string first name", async () => {
    const response = await t.request({ method: "POST", url: `${base(token)}/guest`, payload: { first_name: { $ne: 1 } } });
    expect(response.statusCode).toBe(400);
  });
});

describe("guest comments", () => {
  it("rejects comment text with a NUL byte", async () => {
    const guestId = await registerGuest(t, token, "Nul");
    const response = await postGuestComment(t, w, token, guestId, "bad\u0000text");
    expect(response.statusCode).toBe(400);
  });

  it("rejects editing another guest's comment", async () => {
    const author = await registerGuest(t, token, "Author");
    const intruder = await registerGuest(t, token, "Intruder");
    const posted = await postGuestComment(t, w, token, author, "original");
    expect(posted.statusCode).toBe(201);
    const commentId = posted.json().id as string;
    const response = await t.request({ method: "PUT", url: `${base(token)}/comments/${commentId}`, payload: { guest_id: intruder, text: "defaced" } });
    expect(response.statusCode).toBe(403);
    const [row] = await t.db.orm.select({ text: comment.text }).from(comment).where(eq(comment.id, commentId));
    expect(row.text).toBe("original");
  });

  it("rejects a comment through an expired link", async () => {
    const expiring = await shareLink(t, w);
    const guestId = await registerGuest(t, expiring, "Late");
    await t.db.orm.update(playlistShareLink).set({ expirationDate: new Date(Date.now() - 60_000) }).where(eq(playlistShareLink.token, expiring));
    const response = await postGuestComment(t, w, expiring, guestId, "too late");
    expect(response.statusCode).toBe(404);
  });

  it("rejects a comment without the password", async () => {
    const protectedToken = await shareLink(t, w, { password: "secret" });
    const guestId = await registerGuest(t, protectedToken, "Locked", "secret");
    const response = await postGuestComment(t, w, protectedToken, guestId, "no password");
    expect(response.statusCode).toBe(404);
  });

  it("rejects a checklist that is not a list", async () => {
    const guestId = await registerGuest(t, token, "Checker");
    const response = await t.request({
      method: "POST",
      url: `${base(token)}/comments`,
      payload: { guest_id: guestId, task_id: w.task.id, task_status_id: w.openStatus.id, text: "x", checklist: "oops" },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe("guest comment races", () => {
  it("deletes a comment once under parallel deletion", async () => {
    const guestId = await registerGuest(t, token, "Twice");
    const posted = await postGuestComment(t, w, token, guestId, "delete me twice");
    expect(posted.statusCode).toBe(201);
    const commentId = posted.json().id as string;
    const since = new Date();
    const url = `${base(token)}/comments/${commentId}?guest_id=${guestId}`;
    const responses = await Promise.all([t.request({ method: "DELETE", url }), t.request({ method: "DELETE", url })]);
    const statuses = responses.map((response) => response.statusCode).sort();
    expect.soft(statuses).toEqual([204, 404]);
    const deletions = (await eventNamesSince(t, since)).filter((name) => name === "comment:delete");
    expect(deletions).toHaveLength(1);
  });
});

describe("guest annotations", () => {
  const put = (guestId: string, additions: unknown) =>
    t.request({ method: "PUT", url: `${base(token)}/annotations`, payload: { guest_id: guestId, preview_file_id: w.preview.id, additions } });

  it("rejects drawing objects that are strings", async () => {
    const guestId = await registerGuest(t, token, "Stringy");
    const response = await put(guestId, [{ time: 1, drawing: { objects: ["not-an-object"] } }]);
    expect(response.statusCode).toBe(400);
  });

  it("rejects drawing objects that are null", async () => {
    const guestId = await registerGuest(t, token, "Nully");
    const response = await put(guestId, [{ time: 2, drawing: { objects: [null] } }]);
    expect(response.statusCode).toBe(400);
  });

  it("keeps script text as inert data", async () => {
    const guestId = await registerGuest(t, token, "Scripter");
    const response = await put(guestId, [{ time: 3, drawing: { objects: [{ id: "s1", type: "i-text", text: "<script>alert(1)</script>" }] } }]);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("application/json");
  });

  it("accepts thousands of drawing objects", async () => {
    const guestId = await registerGuest(t, token, "Bulk");
    const objects = Array.from({ length: 5000 }, (_, index) => ({ id: `o${index}`, type: "path", left: 1e308, top: -1e308 }));
    const response = await put(guestId, [{ time: 4, drawing: { objects } }]);
    expect(response.statusCode).toBeLessThan(500);
  });

  it("handles a deeply nested time", async () => {
    const guestId = await registerGuest(t, token, "Deep");
    let time: unknown = 1;
    for (let depth = 0; depth < 2000; depth += 1) time = { t: time };
    const response = await put(guestId, [{ time, drawing: { objects: [{ id: "d1" }] } }]);
    expect(response.statusCode).toBeLessThan(500);
  });
});

describe("guest media", () => {
  it("answers 404 for a traversal file name", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/attachment-files/${w.preview.id}/file/..%2F..%2Fetc%2Fpasswd` });
    expect(response.statusCode).toBe(404);
  });

  it("rejects a traversal extension on originals", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/pictures/originals/preview-files/${w.preview.id}.png%2F..%2F..%2Fsecret` });
    expect([400, 404]).toContain(response.statusCode);
  });

  it("rejects downloading another task's preview", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/preview-files/${w.foreignPreview.id}/download` });
    expect(response.statusCode).toBe(403);
  });
});


describe("guest registration volume", () => {
  it("creates one person per distinct name", async () => {
    const flood = await shareLink(t, w);
    const before = await t.db.orm.select({ id: person.id }).from(person).where(eq(person.isGuest, true));
    for (let index = 0; index < 60; index += 1) {
      const response = await t.request({ method: "POST", url: `${base(flood)}/guest`, payload: { first_name: `Bot${index}` } });
      expect(response.statusCode).toBe(201);
    }
    const after = await t.db.orm.select({ id: person.id }).from(person).where(eq(person.isGuest, true));
    expect(after.length - before.length).toBe(60);
  });

  it("keeps guests out of the studio people list", async () => {
    const guestId = await registerGuest(t, token, "Listed");
    const response = await t.request({ method: "GET", url: "/api/data/persons", token: w.manager.token });
    expect(response.statusCode).toBe(200);
    const ids = (response.json() as { id: string }[]).map((item) => item.id);
    expect(ids).not.toContain(guestId);
  });
});

describe("previews of another project", () => {
  async function foreignProjectPreview() {
    const otherProject = await t.make.makeProject({ name: `Secret show ${Math.random().toString(36).slice(2, 8)}`, team: [] });
    const sequence = await t.make.makeSequence({ projectId: otherProject.id, name: "SQ99" });
    const shot = await t.make.makeShot({ projectId: otherProject.id, sequenceId: sequence.id, name: "SH990" });
    const secretTask = await t.make.makeTask({ entity: shot, status: w.closedStatus });
    const [row] = await t.db.orm
      .insert(previewFile)
      .values({ name: "secret", taskId: secretTask.id, revision: 1, position: 1, extension: "mp4", status: "ready" })
      .returning();
    return { preview: row, secretTask };
  }

  it("rejects adding a preview of another project to a playlist", async () => {
    const { preview } = await foreignProjectPreview();
    const response = await t.request({
      method: "POST",
      url: `/api/actions/playlists/${w.playlistId}/add-entity`,
      token: w.manager.token,
      payload: { entity_id: w.shot.id, preview_file_id: preview.id },
    });
    expect([400, 403, 404]).toContain(response.statusCode);
  });

  it("hides another project's preview from guests", async () => {
    const created = await t.make.makePlaylist({ projectId: w.project.id, name: `Smuggler ${Math.random().toString(36).slice(2, 8)}`, forClient: true });
    const { preview, secretTask } = await foreignProjectPreview();
    await t.request({
      method: "POST",
      url: `/api/actions/playlists/${created.id}/add-entity`,
      token: w.manager.token,
      payload: { entity_id: w.shot.id, preview_file_id: preview.id },
    });
    const smuggled = await shareLink(t, w, {}, created.id);
    const read = await t.request({ method: "GET", url: `${base(smuggled)}/preview-files/${preview.id}` });
    expect.soft(read.statusCode).not.toBe(200);
    const guestId = await registerGuest(t, smuggled, "Smuggler");
    const posted = await t.request({
      method: "POST",
      url: `${base(smuggled)}/comments`,
      payload: { guest_id: guestId, task_id: secretTask.id, task_status_id: w.openStatus.id, text: "changed your status" },
    });
    expect.soft(posted.statusCode).toBe(403);
    const comments = await t.db.orm.select({ id: comment.id }).from(comment).where(eq(comment.objectId, secretTask.id));
    expect(comments).toHaveLength(0);
  });
});
