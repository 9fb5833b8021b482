import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetInstance, assetInstanceLink, entityConceptLink, entityLink } from "../../schema/entities.js";
import { countStatements } from "../../src/db/statements.js";
import { createTestApp, type TestApp } from "../support/app.js";

// GET /data/entities/{id}: the row with its four link lists, read with a
// fixed number of statements whatever the number of links.

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

  it("reads an entity in six statements", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const world = await buildCasting(artist.id);

    const { result, count } = await countStatements(async () => await t.request({ method: "GET", url: `/data/entities/${world.shot.id}`, token }));
    expect(result.statusCode).toBe(200);
    // The token's person, the entity, the viewer's team links, the project, the entity type and the link lists.
    expect(count).toBe(6);
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
