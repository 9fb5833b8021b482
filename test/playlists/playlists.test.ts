import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "../../src/db/statements.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince, graphqlData, graphqlErrorCode, loginAs, type LoggedIn } from "../support/roles.js";

let t: TestApp;
let admin: LoggedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, "admin");
});

afterAll(async () => {
  await t.close();
});

const CREATE = `mutation ($input: CreatePlaylistInput!) { createPlaylist(input: $input) { id name createdBy entityIds } }`;

describe("playlists", () => {
  it("go through their whole life by a supervisor", async () => {
    const supervisor = await loginAs(t, "supervisor");
    const project = await t.make.makeProject({ team: [{ id: supervisor.person.id }] });
    const shotA = await t.make.makeShot({ projectId: project.id });
    const shotB = await t.make.makeShot({ projectId: project.id });
    const since = new Date();

    const created = await graphqlData<{ createPlaylist: { id: string; createdBy: string; entityIds: string[] } }>(t, supervisor, CREATE, { input: { projectId: project.id, name: "Dailies" } });
    const id = created.createPlaylist.id;
    expect(created.createPlaylist.createdBy).toBe(supervisor.person.id);
    expect(created.createPlaylist.entityIds).toEqual([]);

    const add = `mutation ($id: ID!, $entity: ID!) { addEntityToPlaylist(playlistId: $id, entityId: $entity) { entityIds } }`;
    await graphqlData(t, supervisor, add, { id, entity: shotA.id });
    const added = await graphqlData<{ addEntityToPlaylist: { entityIds: string[] } }>(t, supervisor, add, { id, entity: shotB.id });
    expect(added.addEntityToPlaylist.entityIds).toEqual([shotA.id, shotB.id]);
    const withEntities = await graphqlData<{ playlist: { entities: { id: string; __typename: string }[] } }>(t, supervisor, `query ($id: ID!) { playlist(id: $id) { entities { id __typename } } }`, { id });
    expect(withEntities.playlist.entities).toEqual([{ id: shotA.id, __typename: "Shot" }, { id: shotB.id, __typename: "Shot" }]);

    const nested = await graphqlData<{ project: { playlists: { name: string; entries: { entityId: string; previewFileId: string | null }[] }[] } }>(
      t,
      supervisor,
      `query ($id: ID!) { project(id: $id) { playlists { name entries { entityId previewFileId } } } }`,
      { id: project.id },
    );
    expect(nested.project.playlists).toEqual([{ name: "Dailies", entries: [{ entityId: shotA.id, previewFileId: null }, { entityId: shotB.id, previewFileId: null }] }]);

    const removed = await graphqlData<{ removeEntityFromPlaylist: { entityIds: string[] } }>(t, supervisor, `mutation ($id: ID!, $entity: ID!) { removeEntityFromPlaylist(playlistId: $id, entityId: $entity) { entityIds } }`, { id, entity: shotA.id });
    expect(removed.removeEntityFromPlaylist.entityIds).toEqual([shotB.id]);
    const renamed = await graphqlData<{ updatePlaylist: { name: string } }>(t, supervisor, `mutation ($id: ID!) { updatePlaylist(id: $id, input: { name: "Weekly" }) { name } }`, { id });
    expect(renamed.updatePlaylist.name).toBe("Weekly");
    await graphqlData(t, supervisor, `mutation ($id: ID!) { deletePlaylist(id: $id) }`, { id });
    expect(await graphqlErrorCode(t, supervisor, `query ($id: ID!) { playlist(id: $id) { id } }`, { id })).toBe("NOT_FOUND");

    const events = await eventNamesSince(t, since);
    expect(events).toEqual(expect.arrayContaining(["playlist:new", "playlist:update", "playlist:delete"]));
  });

  it("cannot be built by artists, clients, vendors or outsiders", async () => {
    const project = await t.make.makeProject();
    for (const role of ["user", "client", "vendor"]) {
      const member = await loginAs(t, role);
      await t.make.addToTeam(project.id, member.person.id);
      expect(await graphqlErrorCode(t, member, CREATE, { input: { projectId: project.id, name: `By ${role}` } }), role).toBe("FORBIDDEN");
    }
    const outsider = await loginAs(t, "manager");
    expect(await graphqlErrorCode(t, outsider, CREATE, { input: { projectId: project.id, name: "Outsider" } })).toBe("FORBIDDEN");
    const [row] = await t.db.query<{ count: number }>("select count(*)::int as count from playlist where project_id = $1", [project.id]);
    expect(row.count).toBe(0);
  });

  it("refuse an entity of another project and a duplicate name", async () => {
    const project = await t.make.makeProject();
    const elsewhere = await t.make.makeShot({ projectId: (await t.make.makeProject()).id });
    const created = await graphqlData<{ createPlaylist: { id: string } }>(t, admin, CREATE, { input: { projectId: project.id, name: "Review" } });
    expect(await graphqlErrorCode(t, admin, `mutation ($id: ID!, $entity: ID!) { addEntityToPlaylist(playlistId: $id, entityId: $entity) { id } }`, { id: created.createPlaylist.id, entity: elsewhere.id })).toBe("NOT_FOUND");
    expect(await graphqlErrorCode(t, admin, CREATE, { input: { projectId: project.id, name: "Review" } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, CREATE, { input: { projectId: project.id } })).toBe("BAD_USER_INPUT");
  });

  it("show clients only client playlists and vendors none", async () => {
    const client = await loginAs(t, "client");
    const vendor = await loginAs(t, "vendor");
    const project = await t.make.makeProject({ team: [{ id: client.person.id }, { id: vendor.person.id }] });
    const internal = await t.make.makePlaylist({ projectId: project.id, name: "Internal" });
    const forClient = await t.make.makePlaylist({ projectId: project.id, name: "Client review", forClient: true });

    const list = `query ($p: ID!) { playlists(projectId: $p) { nodes { id } } }`;
    const asClient = await graphqlData<{ playlists: { nodes: { id: string }[] } }>(t, client, list, { p: project.id });
    expect(asClient.playlists.nodes).toEqual([{ id: forClient.id }]);
    expect(await graphqlErrorCode(t, client, `query ($id: ID!) { playlist(id: $id) { id } }`, { id: internal.id })).toBe("FORBIDDEN");

    const asVendor = await graphqlData<{ playlists: { nodes: unknown[] } }>(t, vendor, list, { p: project.id });
    expect(asVendor.playlists.nodes).toEqual([]);
    expect(await graphqlErrorCode(t, vendor, `query ($id: ID!) { playlist(id: $id) { id } }`, { id: forClient.id })).toBe("FORBIDDEN");
  });

  it("hide a project's playlists from outsiders", async () => {
    const outsider = await loginAs(t, "manager");
    const project = await t.make.makeProject();
    const playlist = await t.make.makePlaylist({ projectId: project.id });
    const list = await graphqlData<{ playlists: { totalCount: number } }>(t, outsider, `query ($p: ID!) { playlists(projectId: $p) { totalCount } }`, { p: project.id });
    expect(list.playlists.totalCount).toBe(0);
    expect(await graphqlErrorCode(t, outsider, `query ($id: ID!) { playlist(id: $id) { id } }`, { id: playlist.id })).toBe("FORBIDDEN");
  });

  it("load the playlists of many projects in one query", async () => {
    const projects = [await t.make.makeProject(), await t.make.makeProject(), await t.make.makeProject()];
    for (const project of projects) await t.make.makePlaylist({ projectId: project.id });
    const { statements } = await countStatements(() => t.graphql("{ projects(first: 50) { nodes { playlists { id } } } }", { token: admin.token }));
    expect(statements.filter((statement) => /from "playlist"/.test(statement))).toHaveLength(1);
  });
});
