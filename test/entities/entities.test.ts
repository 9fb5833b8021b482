import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

async function eventNames(projectId: string): Promise<string[]> {
  const rows = await t.db.query<{ name: string }>("select name from api_event where project_id = $1 order by created_at", [projectId]);
  return rows.map((row) => row.name);
}

async function setup() {
  const manager = await t.make.makePerson({ role: "manager" });
  const artist = await t.make.makePerson({ role: "user" });
  const project = await t.make.makeProject({ team: [{ id: manager.id }, { id: artist.id }] });
  return { manager, artist, project, managerToken: await t.login(manager.email!), artistToken: await t.login(artist.email!) };
}

describe("entity kinds", () => {
  const kinds = [
    { kind: "Episode", create: "createEpisode", update: "updateEpisode", remove: "deleteEpisode", extra: "" },
    { kind: "Concept", create: "createConcept", update: "updateConcept", remove: "deleteConcept", extra: "" },
    { kind: "Sequence", create: "createSequence", update: "updateSequence", remove: "deleteSequence", extra: "episodeId" },
    { kind: "Edit", create: "createEdit", update: "updateEdit", remove: "deleteEdit", extra: "episodeId" },
    { kind: "Shot", create: "createShot", update: "updateShot", remove: "deleteShot", extra: "sequenceId" },
    { kind: "Scene", create: "createScene", update: "updateScene", remove: "deleteScene", extra: "sequenceId" },
    { kind: "Asset", create: "createAsset", update: "updateAsset", remove: "deleteAsset", extra: "assetTypeId" },
  ];

  for (const spec of kinds) {
    it(`${spec.kind}: create, read, update, delete`, async () => {
      const { project, managerToken } = await setup();
      const parents: Record<string, string> = {
        episodeId: (await t.make.makeEpisode({ projectId: project.id })).id,
        sequenceId: (await t.make.makeSequence({ projectId: project.id })).id,
        assetTypeId: await t.make.makeEntityType("Prop"),
      };
      const extra = spec.extra === "" ? "" : `, ${spec.extra}: "${parents[spec.extra]}"`;

      const created = await t.graphql(
        `mutation { ${spec.create}(input: { projectId: "${project.id}", name: "E1", data: { frame_in: 1 }${extra} }) { __typename id name data projectId } }`,
        { token: managerToken },
      );
      expect(created.body.errors).toBeUndefined();
      const row = created.body.data?.[spec.create] as { __typename: string; id: string; name: string; data: unknown };
      expect(row.__typename).toBe(spec.kind);
      expect(row.name).toBe("E1");

      const read = await t.graphql(`{ entity(id: "${row.id}") { __typename name project { id } } }`, { token: managerToken });
      expect(read.body.data?.entity).toEqual({ __typename: spec.kind, name: "E1", project: { id: project.id } });

      const updated = await t.graphql(`mutation { ${spec.update}(id: "${row.id}", patch: { name: "E2", data: { frame_out: 9 } }) { name data } }`, {
        token: managerToken,
      });
      expect(updated.body.errors).toBeUndefined();
      expect(updated.body.data?.[spec.update]).toEqual({ name: "E2", data: { frame_in: 1, frame_out: 9 } });

      const removed = await t.graphql(`mutation { ${spec.remove}(id: "${row.id}") { id } }`, { token: managerToken });
      expect(removed.body.errors).toBeUndefined();
      const gone = await t.graphql(`{ entity(id: "${row.id}") { id } }`, { token: managerToken });
      expect(gone.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");

      const prefix = spec.kind.toLowerCase();
      expect(await eventNames(project.id)).toEqual([`${prefix}:new`, `${prefix}:update`, `${prefix}:delete`]);
    });

    it(`${spec.kind}: creation rejected for an artist`, async () => {
      const { project, artistToken } = await setup();
      const parents: Record<string, string> = {
        episodeId: (await t.make.makeEpisode({ projectId: project.id })).id,
        sequenceId: (await t.make.makeSequence({ projectId: project.id })).id,
        assetTypeId: await t.make.makeEntityType("Prop"),
      };
      const extra = spec.extra === "" ? "" : `, ${spec.extra}: "${parents[spec.extra]}"`;
      const { body } = await t.graphql(`mutation { ${spec.create}(input: { projectId: "${project.id}", name: "E1"${extra} }) { id } }`, { token: artistToken });
      expect(body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });
  }

  it("rejects a manager who is not on the team", async () => {
    const { project } = await setup();
    const outsider = await t.make.makePerson({ role: "manager" });
    const { body } = await t.graphql(`mutation { createEpisode(input: { projectId: "${project.id}", name: "E" }) { id } }`, {
      token: await t.login(outsider.email!),
    });
    expect(body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("rejects a duplicate name under the same parent with CONFLICT", async () => {
    const { project, managerToken } = await setup();
    const query = `mutation { createEpisode(input: { projectId: "${project.id}", name: "Same" }) { id } }`;
    await t.graphql(query, { token: managerToken });
    const { body } = await t.graphql(query, { token: managerToken });
    expect(body.errors?.[0].extensions?.code).toBe("CONFLICT");
  });

  it("cancels a shot with tasks unless force is set", async () => {
    const { project, managerToken } = await setup();
    const shot = await t.make.makeShot({ projectId: project.id });
    await t.make.makeTask({ entity: shot });
    const soft = await t.graphql(`mutation { deleteShot(id: "${shot.id}") { canceled } }`, { token: managerToken });
    expect(soft.body.data?.deleteShot).toEqual({ canceled: true });
    await t.graphql(`mutation { deleteShot(id: "${shot.id}", force: true) { id } }`, { token: managerToken });
    const rows = await t.db.query("select id from task where entity_id = $1", [shot.id]);
    expect(rows).toHaveLength(0);
  });
});

describe("entity reads", () => {
  it("answers NOT_FOUND, BAD_USER_INPUT and FORBIDDEN as fits", async () => {
    const { artistToken } = await setup();
    const other = await t.make.makeProject();
    const foreign = await t.make.makeShot({ projectId: other.id });

    const unknown = await t.graphql('{ shot(id: "00000000-0000-4000-8000-000000000000") { id } }', { token: artistToken });
    expect(unknown.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const malformed = await t.graphql('{ shot(id: "nope") { id } }', { token: artistToken });
    expect(malformed.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const forbidden = await t.graphql(`{ shot(id: "${foreign.id}") { id } }`, { token: artistToken });
    expect(forbidden.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("answers NOT_FOUND when the id names another kind", async () => {
    const { project, artistToken } = await setup();
    const sequence = await t.make.makeSequence({ projectId: project.id });
    const { body } = await t.graphql(`{ shot(id: "${sequence.id}") { id } }`, { token: artistToken });
    expect(body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("walks the tree both ways", async () => {
    const { project, artistToken } = await setup();
    const episode = await t.make.makeEpisode({ projectId: project.id, name: "EP01" });
    const sequence = await t.make.makeSequence({ projectId: project.id, episodeId: episode.id, name: "SQ01" });
    const shot = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, name: "SH010" });
    const query = `{ project(id: "${project.id}") { episodes { name sequences { name episode { name } shots { name sequence { name } } } } } shot(id: "${shot.id}") { sequence { episode { name } } } }`;
    const { body } = await t.graphql(query, { token: artistToken });
    expect(body.errors).toBeUndefined();
    expect(body.data?.project).toEqual({
      episodes: [{ name: "EP01", sequences: [{ name: "SQ01", episode: { name: "EP01" }, shots: [{ name: "SH010", sequence: { name: "SQ01" } }] }] }],
    });
    expect(body.data?.shot).toEqual({ sequence: { episode: { name: "EP01" } } });
  });

  it("lists shots with filters, cursors and a total", async () => {
    const { project, artistToken } = await setup();
    const sequence = await t.make.makeSequence({ projectId: project.id });
    for (const name of ["SH030", "SH010", "SH020", "XX"]) await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, name });
    const first = await t.graphql(
      `{ shots(projectId: "${project.id}", sequenceId: "${sequence.id}", name: "SH", first: 2) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`,
      { token: artistToken },
    );
    const page = first.body.data?.shots as { totalCount: number; nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    expect(page.totalCount).toBe(3);
    expect(page.nodes.map((node) => node.name)).toEqual(["SH010", "SH020"]);
    expect(page.pageInfo.hasNextPage).toBe(true);

    const second = await t.graphql(`{ shots(projectId: "${project.id}", name: "SH", first: 2, after: "${page.pageInfo.endCursor}") { nodes { name } } }`, { token: artistToken });
    expect((second.body.data?.shots as { nodes: { name: string }[] }).nodes.map((node) => node.name)).toEqual(["SH030"]);
  });

  it("orders by creation date, newest first, across pages", async () => {
    const { project, artistToken } = await setup();
    for (const name of ["A", "B", "C"]) await t.make.makeEpisode({ projectId: project.id, name, createdAt: new Date(Date.UTC(2024, 0, name.charCodeAt(0) - 60)) });
    const first = await t.graphql(`{ episodes(projectId: "${project.id}", orderBy: CREATED_AT, descending: true, first: 2) { nodes { name } pageInfo { endCursor } } }`, {
      token: artistToken,
    });
    const page = first.body.data?.episodes as { nodes: { name: string }[]; pageInfo: { endCursor: string } };
    expect(page.nodes.map((node) => node.name)).toEqual(["C", "B"]);
    const second = await t.graphql(
      `{ episodes(projectId: "${project.id}", orderBy: CREATED_AT, descending: true, first: 2, after: "${page.pageInfo.endCursor}") { nodes { name } } }`,
      { token: artistToken },
    );
    expect(second.body.errors).toBeUndefined();
    expect((second.body.data?.episodes as { nodes: { name: string }[] }).nodes.map((node) => node.name)).toEqual(["A"]);
  });

  it("types metadata by the project's descriptor", async () => {
    const { project, artistToken } = await setup();
    await t.db.query(
      "insert into metadata_descriptor (id, project_id, entity_type, name, field_name, data_type) values (gen_random_uuid(), $1, 'Shot', 'Difficulty', 'difficulty', 'number')",
      [project.id],
    );
    const shot = await t.make.makeShot({ projectId: project.id, data: { difficulty: "4", other: "x" } });
    const { body } = await t.graphql(`{ shot(id: "${shot.id}") { difficulty: metadata(fieldName: "difficulty") other: metadata(fieldName: "other") } }`, {
      token: artistToken,
    });
    expect(body.data?.shot).toEqual({ difficulty: 4, other: null });
  });

  it("exposes an asset's type", async () => {
    const { project, artistToken } = await setup();
    const asset = await t.make.makeAsset({ projectId: project.id, assetType: "Vehicle", name: "Car" });
    const { body } = await t.graphql(`{ asset(id: "${asset.id}") { name assetType { name } } }`, { token: artistToken });
    expect(body.data?.asset).toEqual({ name: "Car", assetType: { name: "Vehicle" } });
  });
});

describe("casting", () => {
  it("casts, updates and removes an asset in a shot", async () => {
    const { project, managerToken, artistToken } = await setup();
    const shot = await t.make.makeShot({ projectId: project.id, name: "SH010" });
    const asset = await t.make.makeAsset({ projectId: project.id, name: "Hero" });

    const cast = await t.graphql(`mutation { castAsset(input: { entityId: "${shot.id}", assetId: "${asset.id}", nbOccurences: 2, label: "animate" }) { nbOccurences label } }`, {
      token: managerToken,
    });
    expect(cast.body.data?.castAsset).toEqual({ nbOccurences: 2, label: "animate" });
    await t.graphql(`mutation { castAsset(input: { entityId: "${shot.id}", assetId: "${asset.id}", nbOccurences: 3 }) { id } }`, { token: managerToken });

    const read = await t.graphql(
      `{ shot(id: "${shot.id}") { nbEntitiesOut casting { nbOccurences entityOut { name } } } asset(id: "${asset.id}") { castIn { entityIn { name } } } }`,
      { token: artistToken },
    );
    expect(read.body.data?.shot).toEqual({ nbEntitiesOut: 1, casting: [{ nbOccurences: 3, entityOut: { name: "Hero" } }] });
    expect(read.body.data?.asset).toEqual({ castIn: [{ entityIn: { name: "SH010" } }] });

    const removed = await t.graphql(`mutation { uncastAsset(entityId: "${shot.id}", assetId: "${asset.id}") }`, { token: managerToken });
    expect(removed.body.data?.uncastAsset).toBe(true);
    const events = await eventNames(project.id);
    expect(events).toEqual(["entity-link:new", "shot:casting-update", "entity-link:update", "shot:casting-update", "entity-link:delete", "shot:casting-update"]);
  });

  it("rejects casting by an artist", async () => {
    const { project, artistToken } = await setup();
    const shot = await t.make.makeShot({ projectId: project.id });
    const asset = await t.make.makeAsset({ projectId: project.id });
    const { body } = await t.graphql(`mutation { castAsset(input: { entityId: "${shot.id}", assetId: "${asset.id}" }) { id } }`, { token: artistToken });
    expect(body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
