import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "../../src/db/statements.js";
import { ASSET_FIELDS, SHOT_FIELDS, SHOT_TASK_FIELDS } from "../../src/lists/with-tasks.service.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeProduction, type Production } from "./production.js";

let t: TestApp;
let artistToken: string;
let artistId: string;
let outsiderToken: string;
let small: Production;

beforeAll(async () => {
  t = await createTestApp();
  const artist = await t.make.makePerson({ role: "user" });
  const outsider = await t.make.makePerson({ role: "user" });
  artistId = artist.id;
  artistToken = await t.login(artist.email!);
  outsiderToken = await t.login(outsider.email!);
  small = await makeProduction(t.db, { shots: 3, assets: 2, tasksPerEntity: 2, assigneeIds: [artist.id], teamIds: [artist.id] });
});

afterAll(async () => {
  await t.close();
});

interface ShotJson {
  id: string;
  name: string;
  type: string;
  project_id: string;
  sequence_name: string;
  episode_name: string;
  fps: number;
  tasks: { id: string; assignees: string[]; is_subscribed: boolean; entity_id: string; priority: number; last_comment_date: string | null }[];
}

describe("the shots with tasks list", () => {
  it("lists a project's shots with their tasks in Zou's shape", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/shots/with-tasks?project_id=${small.projectId}`, token: artistToken });
    expect(response.statusCode).toBe(200);
    const shots = response.json() as ShotJson[];
    expect(shots.map((shot) => shot.name)).toEqual(["SH0001", "SH0002", "SH0003"]);
    expect(Object.keys(shots[0])).toEqual([...SHOT_FIELDS]);
    expect(shots[0]).toMatchObject({ type: "Shot", project_id: small.projectId, sequence_name: "SQ01", episode_name: "E01", fps: 24 });
    expect(shots[0].tasks).toHaveLength(2);
    expect(Object.keys(shots[0].tasks[0])).toEqual([...SHOT_TASK_FIELDS]);
    expect(shots[0].tasks[0]).toMatchObject({ entity_id: shots[0].id, assignees: [artistId], is_subscribed: false, priority: 0, last_comment_date: null });
  });

  it("sends the compact encoding with field names in the header", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/shots/with-tasks?project_id=${small.projectId}&compact=true`, token: artistToken });
    const body = response.json() as { compact: boolean; shot_fields: string[]; task_fields: string[]; rows: unknown[][] };
    expect(body.compact).toBe(true);
    expect(body.shot_fields).toEqual([...SHOT_FIELDS]);
    expect(body.rows).toHaveLength(3);
    expect(body.rows[0][body.shot_fields.indexOf("name")]).toBe("SH0001");
    const tasks = body.rows[0][body.shot_fields.indexOf("tasks")] as unknown[][];
    expect(tasks[0][body.task_fields.indexOf("assignees")]).toEqual([artistId]);
  });

  it("streams NDJSON: the header line first, then one shot per line", async () => {
    const response = await t.request({
      method: "GET",
      url: `/api/data/shots/with-tasks?project_id=${small.projectId}&stream=true`,
      token: artistToken,
      headers: { accept: "application/x-ndjson" },
    });
    expect(response.headers["content-type"]).toContain("application/x-ndjson");
    const lines = response.body.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual({ compact: false });
    expect(lines.slice(1).map((line) => line.name)).toEqual(["SH0001", "SH0002", "SH0003"]);
  });

  it("rejects outsiders, unknown projects, malformed ids and unknown filters", async () => {
    const outsider = await t.request({ method: "GET", url: `/api/data/shots/with-tasks?project_id=${small.projectId}`, token: outsiderToken });
    expect(outsider.statusCode).toBe(403);
    const unknown = await t.request({ method: "GET", url: "/api/data/shots/with-tasks?project_id=00000000-0000-4000-8000-000000000000", token: artistToken });
    expect(unknown.statusCode).toBe(404);
    const malformed = await t.request({ method: "GET", url: "/api/data/shots/with-tasks?project_id=nope", token: artistToken });
    expect(malformed.statusCode).toBe(400);
    const unknownFilter = await t.request({ method: "GET", url: `/api/data/shots/with-tasks?project_id=${small.projectId}&nme=x`, token: artistToken });
    expect(unknownFilter.statusCode).toBe(400);
  });

  it("requires a project filter from non-admins", async () => {
    const response = await t.request({ method: "GET", url: "/api/data/shots/with-tasks", token: artistToken });
    expect(response.statusCode).toBe(403);
  });

  it("shows a vendor only the shots and tasks assigned to them", async () => {
    const vendor = await t.make.makePerson({ role: "vendor" });
    const production = await makeProduction(t.db, { shots: 3, tasksPerEntity: 2, teamIds: [vendor.id] });
    const [taskOfSecondShot] = await t.db.query<{ id: string }>("select id from task where entity_id = $1 limit 1", [production.shotIds[1]]);
    await t.db.query("insert into task_person_link (task_id, person_id) values ($1, $2)", [taskOfSecondShot.id, vendor.id]);
    const token = await t.login(vendor.email!);

    const response = await t.request({ method: "GET", url: `/api/data/shots/with-tasks?project_id=${production.projectId}`, token });
    const shots = response.json() as ShotJson[];
    expect(shots.map((shot) => shot.id)).toEqual([production.shotIds[1]]);
    expect(shots[0].tasks.map((task) => task.id)).toEqual([taskOfSecondShot.id]);
  });
});

describe("the assets with tasks list", () => {
  it("lists the viewer's projects' assets in Zou's shape", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/assets/with-tasks?project_id=${small.projectId}`, token: artistToken });
    expect(response.statusCode).toBe(200);
    const assets = response.json() as Record<string, unknown>[];
    expect(assets).toHaveLength(2);
    expect(Object.keys(assets[0])).toEqual([...ASSET_FIELDS]);
    expect(assets[0]).toMatchObject({ asset_type_name: "Character", ready_for: "None", episode_id: "", casting_episode_ids: [] });
  });

  it("never lists assets of projects outside the viewer's teams", async () => {
    const response = await t.request({ method: "GET", url: "/api/data/assets/with-tasks", token: outsiderToken });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });
});

describe("the sequences with tasks list", () => {
  it("lists sequences of a project", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/sequences/with-tasks?project_id=${small.projectId}`, token: artistToken });
    expect(response.statusCode).toBe(200);
    expect((response.json() as { name: string }[]).map((sequence) => sequence.name)).toEqual(["SQ01"]);
  });
});

describe("statement counts of the heavy lists", () => {
  it("stays the same for 10 and for 1,000 shots", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const token = await t.login(admin.email!);
    const ten = await makeProduction(t.db, { shots: 10, tasksPerEntity: 2, assets: 10, assigneeIds: [admin.id] });
    const thousand = await makeProduction(t.db, { shots: 1000, tasksPerEntity: 2, assets: 1000, assigneeIds: [admin.id] });

    // The token's first request reads its person; the counts compare requests that find it cached.
    await t.request({ method: "GET", url: "/api/auth/authenticated", token });
    for (const path of ["shots", "assets", "sequences"]) {
      for (const format of ["", "&compact=true", "&stream=true"]) {
        const measure = async (projectId: string) =>
          (await countStatements(() => t.request({ method: "GET", url: `/api/data/${path}/with-tasks?project_id=${projectId}${format}`, token }))).count;
        const small = await measure(ten.projectId);
        const large = await measure(thousand.projectId);
        expect(small, `${path}${format}`).toBeGreaterThan(0);
        expect({ path, format, statements: large }).toEqual({ path, format, statements: small });
      }
    }

    const large = await t.request({ method: "GET", url: `/api/data/shots/with-tasks?project_id=${thousand.projectId}`, token });
    expect((large.json() as ShotJson[]).length).toBe(1000);
  });
});

describe("streaming over a real connection", () => {
  it("sends rows before reading the rest", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const token = await t.login(admin.email!);
    const production = await makeProduction(t.db, { shots: 600, tasksPerEntity: 1 });

    // Hold the database stream after its first batch until the client has
    // received data: if the server buffered the whole list, nothing would
    // arrive and the test would time out.
    const originalStream = t.db.stream.bind(t.db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let batchesRead = 0;
    t.db.stream = async function* (text, params, batchSize) {
      for await (const batch of originalStream(text, params, batchSize)) {
        batchesRead += 1;
        if (batchesRead === 2) await gate;
        yield batch;
      }
    } as typeof t.db.stream;

    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const response = await fetch(`${address}/api/data/shots/with-tasks?project_id=${production.projectId}&stream=true`, {
        headers: { authorization: `Bearer ${token}`, accept: "application/x-ndjson" },
      });
      const reader = response.body!.getReader();
      let received = "";
      while (received.split("\n").length < 3) received += new TextDecoder().decode((await reader.read()).value);
      // The server has read at most up to the held batch: rows arrived
      // while most of the list was still in the database.
      expect(batchesRead).toBeGreaterThanOrEqual(1);
      expect(batchesRead).toBeLessThanOrEqual(2);
      expect(JSON.parse(received.split("\n")[0])).toEqual({ compact: false });
      expect(JSON.parse(received.split("\n")[1]).name).toBe("SH0001");

      release();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += new TextDecoder().decode(value);
      }
      expect(received.trim().split("\n")).toHaveLength(601);
    } finally {
      release();
      t.db.stream = originalStream;
    }
  });
});
