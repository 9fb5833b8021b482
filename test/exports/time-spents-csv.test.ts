import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCsvRow, formatPythonFloat } from "../../src/exports/csv.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeImportBuilders, type ImportBuilders } from "../support/imports.builders.js";

const URL_PATH = "/api/export/csv/time-spents.csv";
const HEADER = "Project;Person;Entity Type Name;Entity;Task Type;Date;Time spent";

let t: TestApp;
let rows: ImportBuilders;
let managerToken: string;

beforeAll(async () => {
  t = await createTestApp();
  rows = makeImportBuilders(t.db);
  const manager = await t.make.makePerson({ role: "manager" });
  managerToken = await t.login(manager.email!);
});

afterAll(async () => {
  await t.close();
});

function lines(body: string): string[] {
  expect(body.endsWith("\r\n")).toBe(true);
  return body.slice(0, -2).split("\r\n");
}

describe("GET /export/csv/time-spents.csv", () => {
  it("exports the time spents of open projects as Zou's CSV", async () => {
    const ana = await t.make.makePerson({ firstName: "Ana", lastName: "Lopez" });
    const bob = await t.make.makePerson({ firstName: "Bob", lastName: "" });
    const open = await t.make.makeProject({ name: "Big Bunny" });
    const closedStatus = await t.make.makeProjectStatus("Closed");
    const closed = await t.make.makeProject({ name: "Old Show", projectStatusId: closedStatus });

    const episode = await rows.makeEntityRow({ projectId: open.id, type: "Episode", name: "EP01" });
    const sequence = await rows.makeEntityRow({ projectId: open.id, type: "Sequence", name: "SQ01", parentId: episode.id });
    const shot = await rows.makeEntityRow({ projectId: open.id, type: "Shot", name: "SH010", parentId: sequence.id });
    const flatSequence = await rows.makeEntityRow({ projectId: open.id, type: "Sequence", name: "SQ02" });
    const flatShot = await rows.makeEntityRow({ projectId: open.id, type: "Shot", name: "SH020", parentId: flatSequence.id });
    const asset = await rows.makeEntityRow({ projectId: open.id, type: "Character", name: "Hero; \"the\" rabbit" });
    const closedShot = await rows.makeEntityRow({ projectId: closed.id, type: "Shot", name: "SH999" });

    const shotTask = await rows.makeTaskRow({ projectId: open.id, entityId: shot.id, taskType: "Animation" });
    const flatTask = await rows.makeTaskRow({ projectId: open.id, entityId: flatShot.id, taskType: "Animation" });
    const assetTask = await rows.makeTaskRow({ projectId: open.id, entityId: asset.id, taskType: "Modeling" });
    const closedTask = await rows.makeTaskRow({ projectId: closed.id, entityId: closedShot.id });

    await rows.makeTimeSpentRow({ taskId: shotTask.id, personId: ana.id, date: "2024-05-02", duration: 120 });
    await rows.makeTimeSpentRow({ taskId: assetTask.id, personId: ana.id, date: "2024-05-01", duration: 90.5 });
    await rows.makeTimeSpentRow({ taskId: flatTask.id, personId: bob.id, date: "2024-05-02", duration: 30 });
    await rows.makeTimeSpentRow({ taskId: closedTask.id, personId: ana.id, date: "2024-05-01", duration: 60 });

    const response = await t.request({ method: "GET", url: URL_PATH, token: managerToken });

    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(/^attachment; filename=kitsu_\d{4}_\d{2}_\d{2}_open_projects_time_spents_export\.csv$/);
    // Ordered by date, then last name: Bob's empty last name sorts before Lopez.
    expect(lines(response.body)).toEqual([
      HEADER,
      'Big Bunny;Ana Lopez;Character;"Hero; ""the"" rabbit";Modeling;2024-05-01;90.5',
      "Big Bunny;Bob;Shot;SQ02 / SH020;Animation;2024-05-02;30.0",
      "Big Bunny;Ana Lopez;Shot;EP01 / SQ01 / SH010;Animation;2024-05-02;120.0",
    ]);
  });

  it("dates the file name in the viewer's time zone", async () => {
    const admin = await t.make.makePerson({ role: "admin", timezone: "Pacific/Kiritimati" });
    const token = await t.login(admin.email!);
    const response = await t.request({ method: "GET", url: "/export/csv/time-spents.csv", token });

    const kiritimatiToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Kiritimati" }).format(new Date()).replace(/-/g, "_");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-disposition"]).toBe(`attachment; filename=kitsu_${kiritimatiToday}_open_projects_time_spents_export.csv`);
  });

  it("forbids roles other than admin and manager", async () => {
    for (const role of ["supervisor", "user", "client", "vendor"]) {
      const someone = await t.make.makePerson({ role });
      const response = await t.request({ method: "GET", url: URL_PATH, token: await t.login(someone.email!) });
      expect(response.statusCode, role).toBe(403);
      expect(response.json().error).toBe(true);
    }
  });

  it("ignores a project manager role of a supervisor", async () => {
    const supervisor = await t.make.makePerson({ role: "supervisor" });
    await t.make.makeProject({ team: [{ id: supervisor.id, role: "manager" }] });
    const response = await t.request({ method: "GET", url: URL_PATH, token: await t.login(supervisor.email!) });
    expect(response.statusCode).toBe(403);
  });

  it("requires a token", async () => {
    const response = await t.request({ method: "GET", url: URL_PATH });
    expect(response.statusCode).toBe(401);
  });
});

describe("CSV formatting", () => {
  it("quotes only fields with a delimiter, quote or line break", () => {
    expect(formatCsvRow(["plain", "semi;colon", 'say "hi"', "two\nlines", "", null])).toBe('plain;"semi;colon";"say ""hi""";"two\nlines";;\r\n');
  });

  it("writes durations as Python floats", () => {
    expect(formatPythonFloat(120)).toBe("120.0");
    expect(formatPythonFloat(0.25)).toBe("0.25");
  });
});
