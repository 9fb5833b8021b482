import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { departmentMetadataDescriptorLink, metadataDescriptor } from "../../schema/projects.js";
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

describe("GET /data/sequences/{sequence_id}/scenes", () => {
  it("lists the scenes of the sequence by name", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC02" });
    await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC01" });
    await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH01" });
    await t.make.makeScene({ projectId: w.project.id, sequenceId: (await t.make.makeSequence({ projectId: w.project.id })).id, name: "SC00" });

    const response = await t.request({ method: "GET", url: `/api/data/sequences/${sequence.id}/scenes`, token: w.client.token });

    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>[];
    expect(body.map((item) => item.name)).toEqual(["SC01", "SC02"]);
    expectZouObject(body[0], "Scene");
    expect(body[0].parent_id).toBe(sequence.id);
  });

  it("answers an empty list for a sequence without scenes", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    const response = await t.request({ method: "GET", url: `/api/data/sequences/${sequence.id}/scenes`, token: w.admin.token });
    expect(response.json()).toEqual([]);
  });

  it("hides from vendors the metadata restricted to departments they are not in", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, data: { secret: "s", shared: "d", free: "f" } });
    await t.make.makeTask({ entity: sequence, assignees: [w.vendor.person.id] });
    const vendorDepartment = await t.make.makeDepartment({ members: [w.vendor.person.id] });
    const otherDepartment = await t.make.makeDepartment();
    const descriptors = await t.db.orm
      .insert(metadataDescriptor)
      .values([
        { projectId: w.project.id, entityType: "Scene", name: "Secret", fieldName: "secret", dataType: "string", choices: [] },
        { projectId: w.project.id, entityType: "Scene", name: "Shared", fieldName: "shared", dataType: "string", choices: [] },
      ])
      .returning();
    await t.db.orm.insert(departmentMetadataDescriptorLink).values([
      { metadataDescriptorId: descriptors[0].id, departmentId: otherDepartment.id },
      { metadataDescriptorId: descriptors[1].id, departmentId: vendorDepartment.id },
    ]);

    const vendor = await t.request({ method: "GET", url: `/api/data/sequences/${sequence.id}/scenes`, token: w.vendor.token });
    const artist = await t.request({ method: "GET", url: `/api/data/sequences/${sequence.id}/scenes`, token: w.artist.token });

    expect(vendor.statusCode).toBe(200);
    expect(vendor.json()[0].data).toEqual({ shared: "d", free: "f" });
    expect(artist.json()[0].data).toEqual({ secret: "s", shared: "d", free: "f" });
  });

  it("forbids people outside the team and unassigned vendors", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    for (const session of [w.outsider, w.vendor]) {
      expect((await t.request({ method: "GET", url: `/api/data/sequences/${sequence.id}/scenes`, token: session.token })).statusCode).toBe(403);
    }
  });

  it("answers 404 for an unknown id, a malformed id and an id that is not a sequence", async () => {
    const episode = await t.make.makeEpisode({ projectId: w.project.id });
    for (const id of [UNKNOWN_ID, "not-an-id", episode.id]) {
      expect((await t.request({ method: "GET", url: `/api/data/sequences/${id}/scenes`, token: w.admin.token })).statusCode, id).toBe(404);
    }
  });
});
