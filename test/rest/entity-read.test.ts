import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetInstance, assetInstanceLink, entityConceptLink, entityLink } from "../../schema/entities.js";
import { countStatements } from "../../src/db/statements.js";
import { createTestApp, type TestApp } from "../support/app.js";

// GET /data/entities/{id}: the row with its four link lists, read with a
// fixed number of statements whatever the number of links; the GraphQL
// entity by id likewise. Once a token's person is known to the instance,
// a read sends one statement.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

async function buildCasting(artistId: string) {
  const project = await t.make.makeProject({ team: [{ id: artistId }] });
  const shot = await t.make.makeShot({ projectId: project.id });
  const user = await t.make.makeShot({ projectId: project.id });
  const assets = [await t.make.makeAsset({ projectId: project.id }), await t.make.makeAsset({ projectId: project.id })];
  const concept = await t.make.makeConcept({ projectId: project.id });
  await t.db.orm.insert(entityLink).values([
    ...assets.map((asset) => ({ entityInId: shot.id, entityOutId: asset.id })),
    { entityInId: user.id, entityOutId: shot.id },
  ]);
  await t.db.orm.insert(entityConceptLink).values({ entityInId: shot.id, entityOutId: concept.id });
  const [instance] = await t.db.orm.insert(assetInstance).values({ assetId: assets[0].id, number: 1, name: "instance 1" }).returning();
  await t.db.orm.insert(assetInstanceLink).values({ entityId: shot.id, assetInstanceId: instance.id });
  return { project, shot, user, assets, concept, instance };
}

describe("GET /data/entities/{id}", () => {
  it("returns the four link lists", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const world = await buildCasting(artist.id);

    const response = await t.request({ method: "GET", url: `/data/entities/${world.shot.id}`, token });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.type).toBe("Shot");
    expect([...body.entities_out].sort()).toEqual(world.assets.map((asset) => asset.id).sort());
    expect(body.entities_in).toEqual([world.user.id]);
    expect(body.entity_concept_links).toEqual([world.concept.id]);
    expect(body.instance_casting).toEqual([world.instance.id]);

    const bare = await t.request({ method: "GET", url: `/data/entities/${world.concept.id}`, token });
    expect(bare.json()).toMatchObject({ type: "Concept", entities_out: [], entities_in: [], entity_concept_links: [], instance_casting: [] });
  });

  it("reads an entity in two statements on the token's first request", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const world = await buildCasting(artist.id);

    const { result, count, statements } = await countStatements(async () => await t.request({ method: "GET", url: `/data/entities/${world.shot.id}`, token }));
    expect(result.statusCode).toBe(200);
    expect(result.json().entities_out).toHaveLength(2);
    // The token's person with the viewer's team links; the entity with its type name and its four link lists.
    expect(count).toBe(2);
    expect(statements[0]).toContain("project_person_link");
    expect(statements[1]).toContain("entity_type");
  });

  it("reads an entity in one statement once the person is known", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const world = await buildCasting(artist.id);
    await t.request({ method: "GET", url: `/data/entities/${world.shot.id}`, token });

    const { result, count, statements } = await countStatements(async () => await t.request({ method: "GET", url: `/data/entities/${world.shot.id}`, token }));
    expect(result.statusCode).toBe(200);
    expect(result.json().entities_out).toHaveLength(2);
    expect(count).toBe(1);
    expect(statements[0]).toContain("entity_type");
  });

  it("reads the GraphQL entity in two statements", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const world = await buildCasting(artist.id);

    const query = `query EntityById($id: ID!) { entity(id: $id) { id name projectId } }`;
    const { result, count } = await countStatements(() => t.graphql(query, { token, variables: { id: world.shot.id } }));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.entity).toMatchObject({ id: world.shot.id, projectId: world.project.id });
    // The token's person with the viewer's team links; the entity joined with its type.
    expect(count).toBe(2);

    const again = await countStatements(() => t.graphql(query, { token, variables: { id: world.shot.id } }));
    expect(again.result.body.data?.entity).toMatchObject({ id: world.shot.id });
    expect(again.count).toBe(1);
  });

  it("reads an entity as admin in two statements", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const token = await t.login(admin.email!);
    const world = await buildCasting(admin.id);

    const { result, count } = await countStatements(async () => await t.request({ method: "GET", url: `/data/entities/${world.shot.id}`, token }));
    expect(result.statusCode).toBe(200);
    // Admins pass the access check without reading their role or the project.
    expect(count).toBe(2);
  });

  it("returns the same JSON as the zouRecord field", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const world = await buildCasting(artist.id);

    const rest = await t.request({ method: "GET", url: `/data/entities/${world.shot.id}`, token });
    const graphql = await t.graphql("query ($id: String!) { zouRecord(model: \"entities\", id: $id) }", { token, variables: { id: world.shot.id } });
    expect(graphql.body.errors).toBeUndefined();
    expect(rest.json()).toEqual(graphql.body.data?.zouRecord);
  });

  it("returns the same values as the list, which reads through drizzle's row mapping", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const world = await buildCasting(artist.id);
    await t.db.query("update entity set data = $2, nb_frames = 48, description = null, updated_at = '2024-03-05 06:07:08.123456' where id = $1", [
      world.shot.id,
      JSON.stringify({ frame_in: 1001, notes: ["first", { nested: true }] }),
    ]);

    const one = await t.request({ method: "GET", url: `/data/entities/${world.shot.id}`, token });
    const list = await t.request({ method: "GET", url: `/data/entities?id=${world.shot.id}&relations=true`, token });
    expect(one.statusCode).toBe(200);
    expect(list.json()).toHaveLength(1);
    const fromList = (list.json() as Record<string, unknown>[])[0];
    for (const key of Object.keys(fromList)) expect({ [key]: one.json()[key] }).toEqual({ [key]: fromList[key] });
    expect(one.json()).toMatchObject({ data: { frame_in: 1001, notes: ["first", { nested: true }] }, nb_frames: 48, description: null, updated_at: "2024-03-05T06:07:08" });
  });

  it("answers a malformed id and an unknown id as Zou does", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);

    const malformed = await t.request({ method: "GET", url: "/data/entities/not-an-id", token });
    expect(malformed.statusCode).toBe(400);
    const unknown = await t.request({ method: "GET", url: "/data/entities/5f1d8e0a-8f0e-4a56-9d55-7f1f0a6f2b11", token });
    expect(unknown.statusCode).toBe(404);
  });

  it("rejects an outsider with 403", async () => {
    const member = await t.make.makePerson({ role: "user" });
    const outsider = await t.make.makePerson({ role: "user" });
    const world = await buildCasting(member.id);
    const response = await t.request({ method: "GET", url: `/data/entities/${world.shot.id}`, token: await t.login(outsider.email!) });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain(world.assets[0].id);
  });
});

describe("project role of generic routes", () => {
  it("answers 404 for an unknown project and 403 off the team", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const other = await t.make.makeProject();
    const unknownId = "8f1c2a9e-4b7d-4c1e-9a55-0e2b7f3d6a10";

    const unknown = await t.request({ method: "GET", url: `/data/production-schedule-versions?project_id=${unknownId}`, token });
    expect(unknown.statusCode).toBe(404);
    const offTeam = await t.request({ method: "GET", url: `/data/production-schedule-versions?project_id=${other.id}`, token });
    expect(offTeam.statusCode).toBe(403);
  });

  it("lets a team member list without reading the project", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const project = await t.make.makeProject({ team: [{ id: artist.id }] });

    const { result, statements } = await countStatements(
      async () => await t.request({ method: "GET", url: `/data/production-schedule-versions?project_id=${project.id}`, token }),
    );
    expect(result.statusCode).toBe(200);
    expect(statements.some((statement) => /from "project" where/.test(statement))).toBe(false);
  });
});
