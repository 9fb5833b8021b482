import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entity, entityLink } from "../../../schema/entities.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeSeedWorld, type SeedWorld } from "../../support/seed-b.world.js";

// The Kitsu-to-Kitsu import that gazu's sync module (push_assets,
// push_shots, push_entity_links...) sends to the target server.

let t: TestApp;
let w: SeedWorld;
let shotTypeId: string;
let propTypeId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  shotTypeId = await t.make.makeEntityType("Shot");
  propTypeId = await t.make.makeEntityType("Prop");
});

afterAll(async () => {
  await t.close();
});

function post(path: string, token: string, payload: unknown) {
  return t.request({ method: "POST", url: `/api/import/kitsu/${path}`, token, payload: payload as Record<string, unknown> });
}

function assetEntry(values: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type: "Asset",
    name: `Lamp ${randomUUID().slice(0, 6)}`,
    project_id: w.project.id,
    entity_type_id: propTypeId,
    data: { rig: "high" },
    created_at: "2024-01-02T03:04:05",
    updated_at: "2024-01-02T03:04:05",
    ...values,
  };
}

async function entityById(id: string) {
  const [row] = await t.db.orm.select().from(entity).where(eq(entity.id, id));
  return row;
}

describe("Kitsu entity import", () => {
  gazuRoute("POST", "/import/kitsu/entities", {
    succeeds: ["creates then updates entities under their source ids", async () => {
      const entry = assetEntry();
      const created = await post("entities", w.admin.token, [entry]);
      expect(created.statusCode).toBe(200);
      expect(created.json()).toHaveLength(1);
      expect(created.json()[0]).toMatchObject({ id: entry.id, type: "Asset", name: entry.name, created_at: "2024-01-02T03:04:05" });

      const updated = await post("entities", w.admin.token, [{ ...entry, name: "Lamp renamed" }]);
      expect(updated.json()[0].name).toBe("Lamp renamed");
      expect((await entityById(entry.id)).name).toBe("Lamp renamed");
    }],
    fails: ["skips the entries of a manager who is not admin", async () => {
      const entry = assetEntry();
      const response = await post("entities", w.manager.token, [entry]);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([]);
      expect(await entityById(entry.id)).toBeUndefined();
    }],
  });

  it("writes nothing when one entry names an unknown entity type", async () => {
    const good = assetEntry();
    const bad = assetEntry({ entity_type_id: randomUUID() });
    const response = await post("entities", w.admin.token, [good, bad]);
    expect(response.statusCode).toBe(400);
    expect(await entityById(good.id)).toBeUndefined();
  });

  it("names the entry with a missing name", async () => {
    const response = await post("entities", w.admin.token, [assetEntry(), assetEntry({ name: "" })]);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain("Entry 2");
  });

  it("rejects a body that is not a list", async () => {
    const response = await post("entities", w.admin.token, { id: randomUUID() });
    expect(response.statusCode).toBe(400);
  });

  it("records shot events for shots", async () => {
    const sequenceTypeId = await t.make.makeEntityType("Sequence");
    const sequenceId = randomUUID();
    const shotId = randomUUID();
    const response = await post("entities", w.admin.token, [
      { id: sequenceId, name: "SQ01", project_id: w.project.id, entity_type_id: sequenceTypeId },
      { id: shotId, name: "SH010", project_id: w.project.id, entity_type_id: shotTypeId, parent_id: sequenceId, nb_frames: 24 },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json()[1]).toMatchObject({ type: "Shot", parent_id: sequenceId, nb_frames: 24 });
    const events = await t.db.query<{ name: string }>("select name from api_event where data->>'shot_id' = $1", [shotId]);
    expect(events.map((event) => event.name)).toEqual(["shot:new"]);
  });
});

describe("Kitsu entity link import", () => {
  gazuRoute("POST", "/import/kitsu/entity-links", {
    succeeds: ["creates a casting link and updates it by its pair", async () => {
      const shot = await t.make.makeShot({ projectId: w.project.id });
      const prop = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop" });
      const link = { id: randomUUID(), entity_in_id: shot.id, entity_out_id: prop.id, nb_occurences: 2, label: "" };
      const created = await post("entity-links", w.admin.token, [link]);
      expect(created.statusCode).toBe(200);
      expect(created.json()[0]).toMatchObject({ id: link.id, type: "EntityLink", nb_occurences: 2 });
      const updated = await post("entity-links", w.admin.token, [{ ...link, id: randomUUID(), nb_occurences: 3 }]);
      expect(updated.json()[0]).toMatchObject({ id: link.id, nb_occurences: 3 });
      const rows = await t.db.orm.select().from(entityLink).where(eq(entityLink.entityInId, shot.id));
      expect(rows).toHaveLength(1);
    }],
    fails: ["rejects a link to an unknown entity", async () => {
      const shot = await t.make.makeShot({ projectId: w.project.id });
      const response = await post("entity-links", w.admin.token, [{ id: randomUUID(), entity_in_id: shot.id, entity_out_id: randomUUID() }]);
      expect(response.statusCode).toBe(400);
      expect(await t.db.orm.select().from(entityLink).where(eq(entityLink.entityInId, shot.id))).toEqual([]);
    }],
  });
});
