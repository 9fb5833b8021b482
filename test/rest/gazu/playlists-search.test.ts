import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeSeedWorld, type SeedWorld } from "../../support/seed-b.world.js";

// The quick search behind gazu's search_entities and Kitsu's search bar.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH_rabbit_010" });
  await t.make.makeAsset({ projectId: w.project.id, name: "Rabbit hero" });
  const elsewhere = await t.make.makeProject();
  await t.make.makeAsset({ projectId: elsewhere.id, name: "Rabbit double" });
});

afterAll(async () => {
  await t.close();
});

function search(token: string, payload: Record<string, unknown>) {
  return t.request({ method: "POST", url: "/api/data/search", token, payload });
}

describe("search", () => {
  gazuRoute("POST", "/data/search", {
    succeeds: ["finds assets and shots of the caller's projects by name", async () => {
      const response = await search(w.artist.token, { query: "rabbit", project_id: w.project.id, entity_types: ["Asset", "Shot"] });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.assets.map((asset: { name: string }) => asset.name)).toEqual(["Rabbit hero"]);
      expect(body.assets[0]).toMatchObject({ type: "Asset", project_name: w.project.name });
      expect(body.shots.map((shot: { name: string }) => shot.name)).toEqual(["SH_rabbit_010"]);
      expect(body.shots[0].sequence_name).toBe("SQ01");
      expect(Array.isArray(body.persons)).toBe(true);
    }],
    fails: ["rejects a body without query", async () => {
      const response = await search(w.artist.token, { project_id: w.project.id });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("returns nothing for a query under three characters", async () => {
    const response = await search(w.artist.token, { query: "ra" });
    expect(response.json()).toEqual({});
  });

  it("leaves out projects outside the caller's teams", async () => {
    const response = await search(w.outsider.token, { query: "rabbit" });
    expect(response.json().assets).toEqual([]);
    const admin = await search(w.admin.token, { query: "rabbit", index_names: ["assets"], limit: 10 });
    expect(admin.json().assets.map((asset: { name: string }) => asset.name)).toEqual(["Rabbit double", "Rabbit hero"]);
    expect(admin.json()).not.toHaveProperty("persons");
  });

  it("finds persons by full name without secrets", async () => {
    const response = await search(w.manager.token, { query: `${w.artist.person.firstName} ${w.artist.person.lastName}`, index_names: ["persons"] });
    const persons = response.json().persons as Record<string, unknown>[];
    expect(persons.map((found) => found.id)).toContain(w.artist.person.id);
    expect(persons[0]).not.toHaveProperty("password");
  });

  it("gives a vendor no entities", async () => {
    const response = await search(w.vendor.token, { query: "rabbit" });
    expect(response.json().assets).toEqual([]);
    expect(response.json().shots).toEqual([]);
  });
});
