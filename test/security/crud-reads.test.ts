import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// Single-row reads of the generic routes compared with the graph's rules
// for the same row.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("internal playlist read by a client", () => {
  it("is rejected on both APIs", async () => {
    const client = await loginAs(t, "client");
    const project = await t.make.makeProject({ team: [{ id: client.person.id }] });
    const internal = await t.make.makePlaylist({ projectId: project.id, name: "Internal dailies", forClient: false });

    // The graph hides playlists not made for clients.
    const { body } = await t.graphql(`query($id: ID!) { playlist(id: $id) { id name } }`, { token: client.token, variables: { id: internal.id } });
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    // The generic list hides them too (for_client filter).
    const list = await t.request({ method: "GET", url: `/api/data/playlists?project_id=${project.id}`, token: client.token });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([]);

    const single = await t.request({ method: "GET", url: `/api/data/playlists/${internal.id}`, token: client.token });
    expect(single.statusCode, single.body).toBe(403);
  });
});

describe("comment read by a vendor", () => {
  it("is rejected on unassigned tasks", async () => {
    const vendor = await loginAs(t, "vendor");
    const artist = await t.make.makePerson({ role: "user" });
    const project = await t.make.makeProject({ team: [{ id: vendor.person.id }, { id: artist.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, assignees: [artist.id] });
    const comment = await t.make.makeComment({ task, personId: artist.id, text: "Internal retake notes" });

    // Zou's check_comment_access runs check_entity_access, which limits a
    // vendor to entities with a task assigned to them; the graph agrees.
    const { body } = await t.graphql(`query($id: ID!) { comment(id: $id) { text } }`, { token: vendor.token, variables: { id: comment.id } });
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const single = await t.request({ method: "GET", url: `/api/data/comments/${comment.id}`, token: vendor.token });
    expect(single.statusCode, single.body).toBe(403);
  });

  it("is rejected for its attachments", async () => {
    const vendor = await loginAs(t, "vendor");
    const artist = await t.make.makePerson({ role: "user" });
    const project = await t.make.makeProject({ team: [{ id: vendor.person.id }, { id: artist.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, assignees: [artist.id] });
    const comment = await t.make.makeComment({ task, personId: artist.id, text: "Internal retake notes" });
    const [attachment] = await t.db.query<{ id: string }>(
      "insert into attachment_file (id, name, extension, mimetype, comment_id) values (gen_random_uuid(), 'notes', 'pdf', 'application/pdf', $1) returning id",
      [comment.id],
    );

    // The row embeds the whole comment, text included.
    const single = await t.request({ method: "GET", url: `/api/data/attachment-files/${attachment.id}`, token: vendor.token });
    expect(single.statusCode, single.body).toBe(403);
  });
});
