import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

// GET /data/file-status/ and GET /data/output-files: generic lists with filters and pages.

let t: TestApp;
let adminToken: string;
let artistToken: string;
let vendorToken: string;
const fileStatusIds: string[] = [];
let openOutputId: string;
let workingFileId: string;
let otherProjectOutputId: string;
let closedProjectOutputId: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.make.makePerson({ role: "admin" });
  const artist = await t.make.makePerson({ role: "user" });
  const vendor = await t.make.makePerson({ role: "vendor" });
  for (const name of ["To review", "Approved", "Rejected"]) fileStatusIds.push((await t.make.makeFileStatus({ name })).id);

  const project = await t.make.makeProject({ team: [{ id: artist.id }, { id: vendor.id }] });
  const otherProject = await t.make.makeProject();
  const closedStatusId = await t.make.makeProjectStatus("Closed");
  const closedProject = await t.make.makeProject({ projectStatusId: closedStatusId, team: [{ id: artist.id }] });

  const asset = await t.make.makeAsset({ projectId: project.id });
  const task = await t.make.makeTask({ entity: asset, assignees: [vendor.id] });
  const workingFile = await t.make.makeWorkingFile({ taskId: task.id, entityId: asset.id });
  workingFileId = workingFile.id;
  const outputType = await t.make.makeOutputType();
  openOutputId = (await t.make.makeOutputFile({ entityId: asset.id, fileStatusId: fileStatusIds[0], outputTypeId: outputType.id, sourceFileId: workingFile.id, extension: ".abc" })).id;
  const otherAsset = await t.make.makeAsset({ projectId: otherProject.id });
  otherProjectOutputId = (await t.make.makeOutputFile({ entityId: otherAsset.id, fileStatusId: fileStatusIds[0] })).id;
  const closedAsset = await t.make.makeAsset({ projectId: closedProject.id });
  closedProjectOutputId = (await t.make.makeOutputFile({ entityId: closedAsset.id, fileStatusId: fileStatusIds[0] })).id;

  adminToken = await t.login(admin.email ?? "");
  artistToken = await t.login(artist.email ?? "");
  vendorToken = await t.login(vendor.email ?? "");
});

afterAll(async () => {
  await t.close();
});

describe("GET /data/file-status/", () => {
  it("lists every file status with or without the trailing slash", async () => {
    for (const url of ["/api/data/file-status/", "/data/file-status"]) {
      const response = await t.request({ method: "GET", url, token: vendorToken });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { id: string; type: string; color: string }[];
      expect(body.map((row) => row.id).sort()).toEqual([...fileStatusIds].sort());
      expect(body[0].type).toBe("FileStatus");
      expect(body[0].color).toBe("#FFFFFF");
    }
  });

  it("filters by name without regard to case", async () => {
    const response = await t.request({ method: "GET", url: "/data/file-status/?name=to%20REVIEW", token: artistToken });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((row: { id: string }) => row.id)).toEqual([fileStatusIds[0]]);
  });

  it("reads a bracketed value as an id list", async () => {
    const ids = encodeURIComponent(JSON.stringify([fileStatusIds[1], fileStatusIds[2]]));
    const response = await t.request({ method: "GET", url: `/data/file-status/?id=${ids}`, token: artistToken });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((row: { id: string }) => row.id).sort()).toEqual([fileStatusIds[1], fileStatusIds[2]].sort());
  });

  it("returns a page object when page is given", async () => {
    const response = await t.request({ method: "GET", url: "/data/file-status/?page=1&limit=2", token: artistToken });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.data).toHaveLength(2);
    expect(body).toMatchObject({ total: 3, nb_pages: 2, limit: 2, offset: 0, page: 1 });
  });

  it("keeps only the requested fields, with id and type", async () => {
    const response = await t.request({ method: "GET", url: "/data/file-status/?fields=name", token: artistToken });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json()[0]).sort()).toEqual(["id", "name", "type"]);
  });

  it("rejects a non-UUID value on an id filter", async () => {
    const response = await t.request({ method: "GET", url: "/data/file-status/?id=x", token: artistToken });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Invalid UUID value: x");
  });

  it("rejects a malformed list filter", async () => {
    const response = await t.request({ method: "GET", url: "/data/file-status/?id=%5Bnot-json", token: artistToken });
    expect(response.statusCode).toBe(400);
  });

  it("rejects a page that is not a whole number", async () => {
    const response = await t.request({ method: "GET", url: "/data/file-status/?page=one", token: artistToken });
    expect(response.statusCode).toBe(400);
  });

  it("refuses a request without a token", async () => {
    const response = await t.request({ method: "GET", url: "/data/file-status/" });
    expect(response.statusCode).toBe(401);
  });
});

describe("GET /data/output-files", () => {
  it("lists every output file to an admin, with the source file embedded", async () => {
    const response = await t.request({ method: "GET", url: "/api/data/output-files", token: adminToken });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { id: string; source_file: { id: string; type: string } | null; type: string }[];
    expect(body.map((row) => row.id).sort()).toEqual([openOutputId, otherProjectOutputId, closedProjectOutputId].sort());
    const open = body.find((row) => row.id === openOutputId);
    expect(open?.type).toBe("OutputFile");
    expect(open?.source_file?.id).toBe(workingFileId);
    expect(open?.source_file?.type).toBe("WorkingFile");
    expect(body.find((row) => row.id === otherProjectOutputId)?.source_file).toBeNull();
  });

  it("keeps a member's list to open projects of their team", async () => {
    const response = await t.request({ method: "GET", url: "/data/output-files", token: artistToken });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((row: { id: string }) => row.id)).toEqual([openOutputId]);
  });

  it("filters by a column", async () => {
    const response = await t.request({ method: "GET", url: "/data/output-files?extension=.abc", token: adminToken });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((row: { id: string }) => row.id)).toEqual([openOutputId]);
  });

  it("returns a page object when page is given", async () => {
    const response = await t.request({ method: "GET", url: "/data/output-files?page=1", token: adminToken });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: 3, nb_pages: 1, limit: 100, offset: 0, page: 1 });
  });

  it("rejects a non-UUID entity filter", async () => {
    const response = await t.request({ method: "GET", url: "/data/output-files?entity_id=abc", token: adminToken });
    expect(response.statusCode).toBe(400);
  });

  it("refuses a vendor", async () => {
    const response = await t.request({ method: "GET", url: "/data/output-files", token: vendorToken });
    expect(response.statusCode).toBe(403);
  });
});
