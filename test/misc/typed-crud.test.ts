import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince, loginAs, type LoggedIn } from "../support/roles.js";

// Typed create, update and delete mutations for asset types, asset
// instances, plugins and news, with the roles Zou refuses.

let t: TestApp;
let admin: LoggedIn;
let manager: LoggedIn;
let artist: LoggedIn;
let outsider: LoggedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, "admin");
  manager = await loginAs(t, "manager");
  artist = await loginAs(t, "user");
  outsider = await loginAs(t, "user");
});

afterAll(async () => {
  await t.close();
});

async function run(session: LoggedIn, query: string, variables: Record<string, unknown> = {}) {
  const { body } = await t.graphql(query, { token: session.token, variables });
  return body;
}

async function ok<T>(session: LoggedIn, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await run(session, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

async function errorCode(session: LoggedIn, query: string, variables: Record<string, unknown> = {}) {
  return (await run(session, query, variables)).errors?.[0]?.extensions?.code;
}

describe("asset type mutations", () => {
  it("creates, updates and deletes an asset type as an admin", async () => {
    const since = new Date(Date.now() - 1000);
    const created = await ok<{ createAssetType: { id: string; name: string; shortName: string } }>(
      admin,
      `mutation { createAssetType(input: { name: "Vehicle typed", shortName: "VEH" }) { id name shortName } }`,
    );
    expect(created.createAssetType).toMatchObject({ name: "Vehicle typed", shortName: "VEH" });
    const id = created.createAssetType.id;

    const updated = await ok<{ updateAssetType: { name: string; description: string } }>(admin, `mutation ($id: ID!) { updateAssetType(id: $id, input: { name: "Vehicles typed", description: "cars" }) { name description } }`, { id });
    expect(updated.updateAssetType).toEqual({ name: "Vehicles typed", description: "cars" });

    expect((await ok<{ deleteAssetType: string }>(admin, `mutation ($id: ID!) { deleteAssetType(id: $id) }`, { id })).deleteAssetType).toBe(id);
    const rows = await t.db.query("select id from entity_type where id = $1", [id]);
    expect(rows).toEqual([]);
    const events = await eventNamesSince(t, since);
    expect(events.filter((name) => name.startsWith("asset-type:")).sort()).toEqual(["asset-type:delete", "asset-type:new", "asset-type:update"]);
  });

  it("rejects managers and artists, and built-in kinds", async () => {
    for (const session of [manager, artist]) {
      expect(await errorCode(session, `mutation { createAssetType(input: { name: "Refused type" }) { id } }`)).toBe("FORBIDDEN");
    }
    const shotType = await t.make.makeEntityType("Shot");
    expect(await errorCode(admin, `mutation ($id: ID!) { updateAssetType(id: $id, input: { name: "Renamed" }) { id } }`, { id: shotType })).toBe("NOT_FOUND");
    expect(await errorCode(admin, `mutation ($id: ID!) { deleteAssetType(id: $id) }`, { id: shotType })).toBe("NOT_FOUND");
    expect(await errorCode(admin, `mutation { deleteAssetType(id: "not-an-id") }`)).toBe("BAD_USER_INPUT");
    expect(await errorCode(admin, `mutation { createAssetType(input: { name: "Sequence" }) { id } }`)).toBe("BAD_USER_INPUT");
  });
});

describe("asset instance mutations", () => {
  async function makeInstance() {
    const project = await t.make.makeProject({ team: [{ id: manager.person.id }, { id: artist.person.id }] });
    const asset = await t.make.makeAsset({ projectId: project.id });
    const rows = await t.db.query<{ id: string }>(
      "insert into asset_instance (id, asset_id, name, number, active) values (gen_random_uuid(), $1, 'chair_0001', 1, true) returning id",
      [asset.id],
    );
    return rows[0].id;
  }

  it("updates an instance for a team member and deletes it as an admin", async () => {
    const id = await makeInstance();
    const updated = await ok<{ updateAssetInstance: { name: string; active: boolean; number: number } }>(
      artist,
      `mutation ($id: ID!) { updateAssetInstance(id: $id, patch: { name: "chair_hero", active: false }) { name active number } }`,
      { id },
    );
    expect(updated.updateAssetInstance).toEqual({ name: "chair_hero", active: false, number: 1 });
    expect((await ok<{ deleteAssetInstance: string }>(admin, `mutation ($id: ID!) { deleteAssetInstance(id: $id) }`, { id })).deleteAssetInstance).toBe(id);
    expect(await t.db.query("select id from asset_instance where id = $1", [id])).toEqual([]);
  });

  it("rejects outsiders and non-admin deletes", async () => {
    const id = await makeInstance();
    expect(await errorCode(outsider, `mutation ($id: ID!) { updateAssetInstance(id: $id, patch: { name: "x" }) { id } }`, { id })).toBe("FORBIDDEN");
    expect(await errorCode(manager, `mutation ($id: ID!) { deleteAssetInstance(id: $id) }`, { id })).toBe("FORBIDDEN");
    expect(await t.db.query("select name from asset_instance where id = $1", [id])).toEqual([{ name: "chair_0001" }]);
  });
});

describe("plugin mutations", () => {
  it("registers, updates, lists and deletes a plugin as an admin", async () => {
    const created = await ok<{ createPlugin: { id: string; pluginId: string } }>(
      admin,
      `mutation { createPlugin(input: { pluginId: "typed-crud-plugin", name: "Typed", version: "1.0.0", maintainerName: "Kumiki", license: "MIT" }) { id pluginId } }`,
    );
    const id = created.createPlugin.id;
    expect(created.createPlugin.pluginId).toBe("typed-crud-plugin");
    const updated = await ok<{ updatePlugin: { version: string } }>(admin, `mutation ($id: ID!) { updatePlugin(id: $id, input: { version: "1.1.0" }) { version } }`, { id });
    expect(updated.updatePlugin.version).toBe("1.1.0");
    const listed = await ok<{ plugins: { id: string; version: string }[] }>(admin, `{ plugins { id version } }`);
    expect(listed.plugins).toContainEqual({ id, version: "1.1.0" });
    expect((await ok<{ deletePlugin: string }>(admin, `mutation ($id: ID!) { deletePlugin(id: $id) }`, { id })).deletePlugin).toBe(id);
    expect(await errorCode(admin, `mutation ($id: ID!) { deletePlugin(id: $id) }`, { id })).toBe("NOT_FOUND");
  });

  it("rejects every role but admin", async () => {
    for (const session of [manager, artist]) {
      expect(await errorCode(session, `mutation { createPlugin(input: { pluginId: "refused", name: "R", version: "1", maintainerName: "M", license: "MIT" }) { id } }`)).toBe("FORBIDDEN");
    }
    expect(await t.db.query("select id from plugin where plugin_id = 'refused'")).toEqual([]);
  });
});

describe("news mutations", () => {
  it("writes news for admins only", async () => {
    const project = await t.make.makeProject({ team: [{ id: manager.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, status: await t.make.makeTaskStatus() });
    const input = { taskId: task.id, authorId: manager.person.id, change: false };
    expect(await errorCode(manager, `mutation ($input: NewsInput!) { createNews(input: $input) { id } }`, { input })).toBe("FORBIDDEN");

    const created = await ok<{ createNews: { id: string; taskId: string; change: boolean } }>(admin, `mutation ($input: NewsInput!) { createNews(input: $input) { id taskId change } }`, { input });
    expect(created.createNews).toMatchObject({ taskId: task.id, change: false });
    const id = created.createNews.id;
    const updated = await ok<{ updateNews: { change: boolean } }>(admin, `mutation ($id: ID!) { updateNews(id: $id, input: { change: true }) { change } }`, { id });
    expect(updated.updateNews.change).toBe(true);
    expect(await errorCode(manager, `mutation ($id: ID!) { deleteNews(id: $id) }`, { id })).toBe("FORBIDDEN");
    expect((await ok<{ deleteNews: string }>(admin, `mutation ($id: ID!) { deleteNews(id: $id) }`, { id })).deleteNews).toBe(id);
    expect(await t.db.query("select id from news where id = $1", [id])).toEqual([]);
  });
});
