import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityConceptLink } from "../../schema/entities.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

function concepts(token: string, projectId = w.project.id) {
  return t.request({ method: "GET", url: `/api/data/projects/${projectId}/concepts`, token });
}

describe("GET /data/projects/{project_id}/concepts", () => {
  it("lists the project's concepts by name, each with the ids of its linked entities", async () => {
    const forest = await t.make.makeConcept({ projectId: w.project.id, name: "Forest mood", createdBy: w.artist.person.id });
    const castle = await t.make.makeConcept({ projectId: w.project.id, name: "Castle" });
    const asset = await t.make.makeAsset({ projectId: w.project.id });
    await t.db.orm.insert(entityConceptLink).values({ entityInId: forest.id, entityOutId: asset.id });
    await t.make.makeConcept({ projectId: (await t.make.makeProject()).id, name: "Elsewhere" });
    await t.make.makeAsset({ projectId: w.project.id, name: "Not a concept" });

    const response = await concepts(w.artist.token);

    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>[];
    expect(body.map((item) => item.id)).toEqual([castle.id, forest.id]);
    expectZouObject(body[1], "Concept");
    expect(body[1]).toMatchObject({ name: "Forest mood", project_id: w.project.id, preview_file_id: null, created_by: w.artist.person.id, entity_concept_links: [asset.id] });
    expect(body[0].entity_concept_links).toEqual([]);
  });

  it("forbids vendors, clients and people outside the team", async () => {
    for (const session of [w.vendor, w.client, w.outsider]) expect((await concepts(session.token)).statusCode).toBe(403);
  });

  it("answers 404 for an unknown or malformed project, for everyone", async () => {
    for (const id of [UNKNOWN_ID, "not-a-project"]) {
      expect((await concepts(w.admin.token, id)).statusCode, id).toBe(404);
      expect((await concepts(w.outsider.token, id)).statusCode, id).toBe(404);
    }
  });
});
