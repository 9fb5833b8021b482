import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs, type LoggedIn } from "../support/roles.js";

// Who reads which comment of a task, through GraphQL (task.comments, the
// root comments list, comment by id) and REST (GET /data/tasks/{id}/comments).

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

interface GraphqlComment {
  id: string;
  text: string | null;
  checklist: unknown;
  attachments: { id: string }[];
}

async function makeWorld(isClientsIsolated: boolean) {
  const manager = await loginAs(t, "manager");
  const supervisor = await loginAs(t, "supervisor");
  const artist = await loginAs(t, "user");
  const vendor = await loginAs(t, "vendor");
  const client = await loginAs(t, "client");
  const otherClient = await loginAs(t, "client");
  const team = [manager, supervisor, artist, vendor, client, otherClient].map((session) => ({ id: session.person.id }));
  const project = await t.make.makeProject({ isClientsIsolated, team });
  const shot = await t.make.makeShot({ projectId: project.id });
  const status = await t.make.makeTaskStatus({ name: "WIP" });
  const task = await t.make.makeTask({ entity: shot, status, assignees: [artist.person.id, vendor.person.id] });

  const studioNote = await t.make.makeComment({ task, personId: artist.person.id, text: "internal note" });
  const studioPreview = await t.make.makeComment({ task, personId: artist.person.id, text: "v2 with the fix", withPreview: true });
  const forClient = await t.make.makeComment({ task, personId: manager.person.id, text: "for the client", forClient: true });
  const own = await t.make.makeComment({ task, personId: client.person.id, text: "my feedback" });
  const otherClientNote = await t.make.makeComment({ task, personId: otherClient.person.id, text: "other client feedback" });
  const otherClientPreview = await t.make.makeComment({ task, personId: otherClient.person.id, text: "other client drawover", withPreview: true });
  await t.db.query("update comment set checklist = $1 where id = $2", [JSON.stringify([{ text: "fix the hands", checked: false }]), studioPreview.id]);
  await t.db.query("insert into attachment_file (id, name, extension, size, comment_id) values (gen_random_uuid(), 'notes', 'txt', 5, $1)", [studioPreview.id]);

  const comments = { studioNote, studioPreview, forClient, own, otherClientNote, otherClientPreview };
  return { manager, supervisor, artist, vendor, client, otherClient, project, task, comments };
}

async function graphqlComments(session: LoggedIn, taskId: string): Promise<GraphqlComment[]> {
  const { body } = await t.graphql(`query ($id: ID!) { task(id: $id) { comments { id text checklist attachments { id } } } }`, {
    token: session.token,
    variables: { id: taskId },
  });
  expect(body.errors).toBeUndefined();
  return (body.data?.task as { comments: GraphqlComment[] }).comments;
}

async function rootListIds(session: LoggedIn, taskId: string): Promise<string[]> {
  const { body } = await t.graphql(`query ($taskId: ID!) { comments(taskId: $taskId, first: 50) { totalCount nodes { id text } } }`, {
    token: session.token,
    variables: { taskId },
  });
  expect(body.errors).toBeUndefined();
  const connection = body.data?.comments as { totalCount: number; nodes: { id: string }[] };
  expect(connection.totalCount).toBe(connection.nodes.length);
  return connection.nodes.map((node) => node.id).sort();
}

async function restComments(session: LoggedIn, taskId: string) {
  const response = await t.request({ method: "GET", url: `/api/data/tasks/${taskId}/comments`, token: session.token });
  expect(response.statusCode).toBe(200);
  return response.json() as { id: string; text: string; checklist: unknown; attachment_files: unknown[] }[];
}

const sorted = (ids: string[]) => [...ids].sort();

describe.each([false, true])("comment visibility (clients isolated: %s)", (isolated) => {
  it("shows a client their own, for-client and preview comments only", async () => {
    const world = await makeWorld(isolated);
    const { comments } = world;
    const expected = sorted([comments.own.id, comments.forClient.id, comments.studioPreview.id, comments.otherClientPreview.id]);

    const viaGraphql = await graphqlComments(world.client, world.task.id);
    expect(sorted(viaGraphql.map((row) => row.id))).toEqual(expected);
    const viaRest = await restComments(world.client, world.task.id);
    expect(sorted(viaRest.map((row) => row.id))).toEqual(expected);
    expect(await rootListIds(world.client, world.task.id)).toEqual(expected);
  });

  it("blanks the text of other people's preview comments for a client", async () => {
    const world = await makeWorld(isolated);
    const { comments } = world;
    const byId = new Map((await graphqlComments(world.client, world.task.id)).map((row) => [row.id, row]));
    expect(byId.get(comments.studioPreview.id)?.text).toBe("");
    expect(byId.get(comments.studioPreview.id)?.checklist).toEqual([]);
    expect(byId.get(comments.studioPreview.id)?.attachments).toEqual([]);
    expect(byId.get(comments.otherClientPreview.id)?.text).toBe("");
    expect(byId.get(comments.own.id)?.text).toBe("my feedback");
    expect(byId.get(comments.forClient.id)?.text).toBe("for the client");

    const restById = new Map((await restComments(world.client, world.task.id)).map((row) => [row.id, row]));
    expect(restById.get(comments.studioPreview.id)?.text).toBe("");
    expect(restById.get(comments.studioPreview.id)?.checklist).toEqual([]);
    expect(restById.get(comments.studioPreview.id)?.attachment_files).toEqual([]);
    expect(restById.get(comments.own.id)?.text).toBe("my feedback");

    const one = await t.graphql(`query ($id: ID!) { comment(id: $id) { text attachments { id } } }`, { token: world.client.token, variables: { id: comments.studioPreview.id } });
    expect(one.body.data?.comment).toEqual({ text: "", attachments: [] });
  });

  it("rejects other plain comments for clients", async () => {
    const world = await makeWorld(isolated);
    for (const id of [world.comments.studioNote.id, world.comments.otherClientNote.id]) {
      const { body } = await t.graphql(`query ($id: ID!) { comment(id: $id) { id } }`, { token: world.client.token, variables: { id } });
      expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
  });

  it("hides comments written by clients from artists and vendors", async () => {
    const world = await makeWorld(isolated);
    const { comments } = world;
    const studio = sorted([comments.studioNote.id, comments.studioPreview.id, comments.forClient.id]);
    for (const session of [world.artist, world.vendor]) {
      expect(sorted((await graphqlComments(session, world.task.id)).map((row) => row.id))).toEqual(studio);
      expect(sorted((await restComments(session, world.task.id)).map((row) => row.id))).toEqual(studio);
      expect(await rootListIds(session, world.task.id)).toEqual(studio);
      const { body } = await t.graphql(`query ($id: ID!) { comment(id: $id) { id } }`, { token: session.token, variables: { id: comments.own.id } });
      expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    // The studio preview comment keeps its text for the studio.
    const artistView = await graphqlComments(world.artist, world.task.id);
    expect(artistView.find((row) => row.id === comments.studioPreview.id)?.text).toBe("v2 with the fix");
    expect(artistView.find((row) => row.id === comments.studioPreview.id)?.attachments).toHaveLength(1);
  });

  it("shows every comment to supervisors and managers", async () => {
    const world = await makeWorld(isolated);
    const all = sorted(Object.values(world.comments).map((row) => row.id));
    for (const session of [world.supervisor, world.manager]) {
      expect(sorted((await graphqlComments(session, world.task.id)).map((row) => row.id))).toEqual(all);
      expect(sorted((await restComments(session, world.task.id)).map((row) => row.id))).toEqual(all);
      expect(await rootListIds(session, world.task.id)).toEqual(all);
    }
  });
});
