import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

async function buildProject() {
  const artist = await t.make.makePerson({ role: "user" });
  const project = await t.make.makeProject({ team: [{ id: artist.id }] });
  const episode = await t.make.makeEpisode({ projectId: project.id });
  const sequence = await t.make.makeSequence({ projectId: project.id, episodeId: episode.id });
  const shot = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id });
  const asset = await t.make.makeAsset({ projectId: project.id });
  const task = await t.make.makeTask({ entity: shot, assignees: [artist.id] });
  const assetTask = await t.make.makeTask({ entity: asset });
  const comment = await t.make.makeComment({ task, personId: artist.id });
  return { artist, project, episode, sequence, shot, asset, task, assetTask, comment };
}

describe("a person not on the team", () => {
  it("sees no entity, task or comment anywhere", async () => {
    const { artist, project, episode, sequence, shot, asset, task, comment } = await buildProject();
    const outsider = await t.make.makePerson({ role: "user" });
    const ownProject = await t.make.makeProject({ team: [{ id: outsider.id }, { id: artist.id }] });
    const ownShot = await t.make.makeShot({ projectId: ownProject.id });
    const ownTask = await t.make.makeTask({ entity: ownShot, assignees: [artist.id] });
    const token = await t.login(outsider.email!);

    const lists = await t.graphql(
      `{ shots { totalCount nodes { id } } assets { totalCount } sequences { totalCount } episodes { totalCount } entities { totalCount }
         tasks { totalCount nodes { id } } comments { totalCount } }`,
      { token },
    );
    expect(lists.body.errors).toBeUndefined();
    expect(lists.body.data).toEqual({
      shots: { totalCount: 1, nodes: [{ id: ownShot.id }] },
      assets: { totalCount: 0 },
      sequences: { totalCount: 0 },
      episodes: { totalCount: 0 },
      entities: { totalCount: 1 },
      tasks: { totalCount: 1, nodes: [{ id: ownTask.id }] },
      comments: { totalCount: 0 },
    });

    const filtered = await t.graphql(`{ shots(projectId: "${project.id}") { nodes { id } } }`, { token });
    expect(filtered.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");

    for (const [field, id] of [
      ["entity", shot.id],
      ["shot", shot.id],
      ["asset", asset.id],
      ["sequence", sequence.id],
      ["episode", episode.id],
      ["task", task.id],
      ["comment", comment.id],
      ["project", project.id],
    ] as const) {
      const { body } = await t.graphql(`{ ${field}(id: "${id}") { id } }`, { token });
      expect(body.errors?.[0].extensions?.code, field).toBe("FORBIDDEN");
      expect(body.data, field).toBeNull();
    }

    // Through a shared person: the artist's tasks in a project the outsider is not on stay hidden.
    const viaPerson = await t.graphql(`{ task(id: "${ownTask.id}") { assignees { tasks { id } assignedTasks { id } } } }`, { token });
    expect(viaPerson.body.data?.task).toEqual({ assignees: [{ tasks: [{ id: ownTask.id }], assignedTasks: [{ id: ownTask.id }] }] });
  });
});

describe("vendor narrowing", () => {
  it("shows a vendor only the entities and tasks assigned to them", async () => {
    const { project, shot, asset, task, assetTask, comment } = await buildProject();
    const vendor = await t.make.makePerson({ role: "vendor" });
    await t.make.addToTeam(project.id, vendor.id);
    const vendorTask = await t.make.makeTask({ entity: shot, name: "vendor work", assignees: [vendor.id] });
    const token = await t.login(vendor.email!);

    const lists = await t.graphql(`{ shots { nodes { id tasks { id } } } assets { totalCount } tasks { nodes { id } } comments { totalCount } project(id: "${project.id}") { shots { id } assets { id } tasks { id } } }`, {
      token,
    });
    expect(lists.body.errors).toBeUndefined();
    expect(lists.body.data).toEqual({
      shots: { nodes: [{ id: shot.id, tasks: [{ id: vendorTask.id }] }] },
      assets: { totalCount: 0 },
      tasks: { nodes: [{ id: vendorTask.id }] },
      comments: { totalCount: 0 },
      project: { shots: [{ id: shot.id }], assets: [], tasks: [{ id: vendorTask.id }] },
    });

    for (const [field, id] of [
      ["asset", asset.id],
      ["task", task.id],
      ["task", assetTask.id],
      ["comment", comment.id],
    ] as const) {
      const { body } = await t.graphql(`{ ${field}(id: "${id}") { id } }`, { token });
      expect(body.errors?.[0].extensions?.code, `${field} ${id}`).toBe("FORBIDDEN");
    }
  });

  it("applies a vendor project role over an artist's global role", async () => {
    const { project, shot } = await buildProject();
    const person = await t.make.makePerson({ role: "user" });
    await t.make.addToTeam(project.id, person.id, "vendor");
    const { body } = await t.graphql(`{ shot(id: "${shot.id}") { id } }`, { token: await t.login(person.email!) });
    expect(body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});

describe("client narrowing", () => {
  it("shows a client their own comments, comments for clients and comments with previews", async () => {
    const { artist, project, task } = await buildProject();
    const client = await t.make.makePerson({ role: "client" });
    await t.make.addToTeam(project.id, client.id);
    const hidden = await t.make.makeComment({ task, personId: artist.id, text: "internal" });
    const withPreview = await t.make.makeComment({ task, personId: artist.id, text: "preview", withPreview: true });
    const forClient = await t.make.makeComment({ task, personId: artist.id, text: "for you", forClient: true });
    const own = await t.make.makeComment({ task, personId: client.id, text: "mine" });
    const token = await t.login(client.email!);

    const expected = [withPreview.id, forClient.id, own.id].sort();
    const { body } = await t.graphql(`{ comments(taskId: "${task.id}") { totalCount nodes { id } } task(id: "${task.id}") { comments { id } } }`, { token });
    expect(body.errors).toBeUndefined();
    const list = body.data?.comments as { totalCount: number; nodes: { id: string }[] };
    expect(list.totalCount).toBe(3);
    expect(list.nodes.map((node) => node.id).sort()).toEqual(expected);
    expect((body.data?.task as { comments: { id: string }[] }).comments.map((node) => node.id).sort()).toEqual(expected);

    const direct = await t.graphql(`{ comment(id: "${hidden.id}") { id } }`, { token });
    expect(direct.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
