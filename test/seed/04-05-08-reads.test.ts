import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetInstance, entityConceptLink, entityLink } from "../../schema/entities.js";
import { createTestApp, type TestApp } from "../support/app.js";
import type { EntityRow } from "../support/entities.builders.js";

// GET /data/entities/{id}, GET /data/departments/{id} and GET /data/output-types/{id}.

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let t: TestApp;
let adminToken: string;
let artistToken: string;
let outsiderToken: string;
let vendorToken: string;
let assignedVendorToken: string;
let shot: EntityRow;
let asset: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.make.makePerson({ role: "admin" });
  const artist = await t.make.makePerson({ role: "user" });
  const outsider = await t.make.makePerson({ role: "user" });
  const vendor = await t.make.makePerson({ role: "vendor" });
  const assignedVendor = await t.make.makePerson({ role: "vendor" });
  const project = await t.make.makeProject({ team: [{ id: artist.id }, { id: vendor.id }, { id: assignedVendor.id }] });
  const sequence = await t.make.makeSequence({ projectId: project.id });
  shot = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, name: "SH010", nbFrames: 48 });
  asset = await t.make.makeAsset({ projectId: project.id, assetType: "Prop" });
  await t.db.orm.insert(entityLink).values({ entityInId: shot.id, entityOutId: asset.id });
  await t.make.makeTask({ entity: shot, assignees: [assignedVendor.id] });
  adminToken = await t.login(admin.email ?? "");
  artistToken = await t.login(artist.email ?? "");
  outsiderToken = await t.login(outsider.email ?? "");
  vendorToken = await t.login(vendor.email ?? "");
  assignedVendorToken = await t.login(assignedVendor.email ?? "");
});

afterAll(async () => {
  await t.close();
});

describe("GET /data/entities/{instance_id}", () => {
  it("returns a shot with its relation lists", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}`, token: artistToken });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.type).toBe("Shot");
    expect(body.name).toBe("SH010");
    expect(body.nb_frames).toBe(48);
    expect(body.parent_id).toBe(shot.parentId);
    expect(body.entities_out).toEqual([asset.id]);
    expect(body.entities_in).toEqual([]);
    expect(body.instance_casting).toEqual([]);
    expect(body.entity_concept_links).toEqual([]);
    expect(body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it("types any asset type as Asset", async () => {
    const response = await t.request({ method: "GET", url: `/data/entities/${asset.id}`, token: artistToken });
    expect(response.statusCode).toBe(200);
    expect(response.json().type).toBe("Asset");
    expect(response.json().entities_in).toEqual([shot.id]);
  });

  it("lists instance casting and concept links", async () => {
    const concept = await t.make.makeConcept({ projectId: shot.projectId });
    await t.db.orm.insert(entityConceptLink).values({ entityInId: asset.id, entityOutId: concept.id });
    const [instance] = await t.db.orm.insert(assetInstance).values({ assetId: asset.id, number: 1, name: "prop_0001" }).returning();
    await t.db.query("insert into asset_instance_link (entity_id, asset_instance_id) values ($1, $2)", [shot.id, instance.id]);

    const assetBody = (await t.request({ method: "GET", url: `/data/entities/${asset.id}`, token: artistToken })).json();
    expect(assetBody.entity_concept_links).toEqual([concept.id]);
    const shotBody = (await t.request({ method: "GET", url: `/data/entities/${shot.id}`, token: artistToken })).json();
    expect(shotBody.instance_casting).toEqual([instance.id]);
  });

  it("omits the relation lists when relations=false", async () => {
    const response = await t.request({ method: "GET", url: `/data/entities/${shot.id}?relations=False`, token: artistToken });
    expect(response.statusCode).toBe(200);
    expect(response.json()).not.toHaveProperty("entities_out");
    expect(response.json()).not.toHaveProperty("instance_casting");
  });

  it("rejects a malformed id with 400", async () => {
    const response = await t.request({ method: "GET", url: "/data/entities/not-a-uuid", token: adminToken });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: true, message: "Malformed ID.", data: null });
  });

  it("answers 404 for an unknown id", async () => {
    const response = await t.request({ method: "GET", url: `/data/entities/${UNKNOWN_ID}`, token: outsiderToken });
    expect(response.statusCode).toBe(404);
  });

  it("refuses a person off the team", async () => {
    const response = await t.request({ method: "GET", url: `/data/entities/${shot.id}`, token: outsiderToken });
    expect(response.statusCode).toBe(403);
  });

  it("refuses a vendor without an assigned task", async () => {
    const response = await t.request({ method: "GET", url: `/data/entities/${shot.id}`, token: vendorToken });
    expect(response.statusCode).toBe(403);
  });

  it("lets a vendor read an entity of an assigned task", async () => {
    const response = await t.request({ method: "GET", url: `/data/entities/${shot.id}`, token: assignedVendorToken });
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(shot.id);
  });

  it("refuses a request without a token", async () => {
    const response = await t.request({ method: "GET", url: `/data/entities/${shot.id}` });
    expect(response.statusCode).toBe(401);
  });
});

describe("GET /data/departments/{instance_id}", () => {
  it("returns the department to any role", async () => {
    const department = await t.make.makeDepartment({ name: "Animation", color: "#FF5733" });
    const response = await t.request({ method: "GET", url: `/api/data/departments/${department.id}?relations=true`, token: vendorToken });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: department.id, name: "Animation", color: "#FF5733", archived: false, type: "Department" });
    expect(body.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it("rejects a malformed id with 400", async () => {
    const response = await t.request({ method: "GET", url: "/data/departments/abc", token: artistToken });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Malformed ID.");
  });

  it("answers 404 for an unknown id", async () => {
    const response = await t.request({ method: "GET", url: `/data/departments/${UNKNOWN_ID}`, token: artistToken });
    expect(response.statusCode).toBe(404);
  });
});

describe("GET /data/output-types/{instance_id}", () => {
  it("returns the output type", async () => {
    const outputType = await t.make.makeOutputType({ name: "Cache", shortName: "cch" });
    const response = await t.request({ method: "GET", url: `/api/data/output-types/${outputType.id}`, token: vendorToken });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: outputType.id, name: "Cache", short_name: "cch", type: "OutputType" });
  });

  it("answers 404 for an unknown id", async () => {
    const response = await t.request({ method: "GET", url: `/data/output-types/${UNKNOWN_ID}`, token: artistToken });
    expect(response.statusCode).toBe(404);
  });

  it("answers 404 for a malformed id", async () => {
    const response = await t.request({ method: "GET", url: "/data/output-types/not-a-uuid", token: artistToken });
    expect(response.statusCode).toBe(404);
  });

  it("refuses a request without a token", async () => {
    const response = await t.request({ method: "GET", url: `/data/output-types/${UNKNOWN_ID}` });
    expect(response.statusCode).toBe(401);
  });
});
