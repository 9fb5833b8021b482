import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plugin } from "../../schema/misc.js";
import { createTestApp, type TestApp } from "../support/app.js";

// POST /data/studios, DELETE /data/studios/{instance_id} and GET /data/plugins.

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let t: TestApp;
let adminToken: string;
let managerToken: string;

async function eventsNamed(name: string): Promise<{ data: Record<string, unknown> }[]> {
  return t.db.query<{ data: Record<string, unknown> }>("select data from api_event where name = $1 order by created_at", [name]);
}

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.make.makePerson({ role: "admin" });
  const manager = await t.make.makePerson({ role: "manager" });
  adminToken = await t.login(admin.email ?? "");
  managerToken = await t.login(manager.email ?? "");
});

afterAll(async () => {
  await t.close();
});

describe("POST /data/studios", () => {
  it("creates a studio and records studio:new", async () => {
    const response = await t.request({ method: "POST", url: "/api/data/studios", token: adminToken, payload: { name: "Lyon", color: "#12AB34", id: "ignored" } });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ name: "Lyon", color: "#12AB34", archived: false, type: "Studio" });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const events = await eventsNamed("studio:new");
    expect(events.map((event) => event.data.studio_id)).toContain(body.id);
  });

  it("rejects a duplicate name", async () => {
    await t.request({ method: "POST", url: "/data/studios", token: adminToken, payload: { name: "Paris", color: "#000000" } });
    const response = await t.request({ method: "POST", url: "/data/studios", token: adminToken, payload: { name: "Paris", color: "#000000" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "A record with the same unique values already exists." });
  });

  it("rejects a missing color", async () => {
    const response = await t.request({ method: "POST", url: "/data/studios", token: adminToken, payload: { name: "Berlin" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "A required field is missing." });
  });

  it("rejects a color longer than 7 characters", async () => {
    const response = await t.request({ method: "POST", url: "/data/studios", token: adminToken, payload: { name: "Madrid", color: "#1234567" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "One of the provided values has an invalid format." });
  });

  it("rejects an unknown field", async () => {
    const response = await t.request({ method: "POST", url: "/data/studios", token: adminToken, payload: { name: "Rome", color: "#000000", city: "Rome" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "'city' is an invalid keyword argument for Studio" });
  });

  it("rejects a JSON null body", async () => {
    const response = await t.request({ method: "POST", url: "/data/studios", token: adminToken, headers: { "content-type": "application/json" }, payload: "null" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe(true);
    expect(response.json().message).toMatch(/^Data are empty/);
  });

  it("refuses a manager", async () => {
    const response = await t.request({ method: "POST", url: "/data/studios", token: managerToken, payload: { name: "Oslo", color: "#000000" } });
    expect(response.statusCode).toBe(403);
  });

  it("answers 415 to a body not sent as JSON", async () => {
    const response = await t.request({ method: "POST", url: "/data/studios", token: adminToken, headers: { "content-type": "text/plain" }, payload: "name=Oslo" });
    expect(response.statusCode).toBe(415);
  });
});

describe("DELETE /data/studios/{instance_id}", () => {
  it("deletes a studio and records studio:delete", async () => {
    const studio = await t.make.makeStudio();
    const response = await t.request({ method: "DELETE", url: `/api/data/studios/${studio.id}`, token: adminToken });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    const rows = await t.db.query("select id from studio where id = $1", [studio.id]);
    expect(rows).toHaveLength(0);
    const events = await eventsNamed("studio:delete");
    expect(events.map((event) => event.data.studio_id)).toContain(studio.id);
  });

  it("refuses a studio people still belong to", async () => {
    const studio = await t.make.makeStudio();
    await t.make.makePerson({ studioId: studio.id });
    const response = await t.request({ method: "DELETE", url: `/data/studios/${studio.id}`, token: adminToken });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "The change conflicts with records referencing this one." });
  });

  it("refuses a manager on an existing studio", async () => {
    const studio = await t.make.makeStudio();
    const response = await t.request({ method: "DELETE", url: `/data/studios/${studio.id}`, token: managerToken });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 to a manager for an unknown id", async () => {
    const response = await t.request({ method: "DELETE", url: `/data/studios/${UNKNOWN_ID}`, token: managerToken });
    expect(response.statusCode).toBe(404);
  });

  it("rejects a malformed id with 400", async () => {
    const response = await t.request({ method: "DELETE", url: "/data/studios/nope", token: adminToken });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Malformed ID.");
  });
});

describe("GET /data/plugins", () => {
  it("returns an empty list when no plugin is installed", async () => {
    const response = await t.request({ method: "GET", url: "/data/plugins", token: adminToken });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it("lists installed plugins to an admin", async () => {
    const [row] = await t.db.orm.insert(plugin).values({ pluginId: "hello", name: "Hello", version: "0.1.0", maintainerName: "Jo", maintainerEmail: "jo@studio.tld", license: "MIT" }).returning();
    const response = await t.request({ method: "GET", url: "/api/data/plugins", token: adminToken });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toHaveLength(1);
    expect(response.json()[0]).toMatchObject({ id: row.id, plugin_id: "hello", name: "Hello", version: "0.1.0", license: "MIT", frontend_project_enabled: false, frontend_studio_enabled: false, type: "Plugin" });
  });

  it("refuses a manager", async () => {
    const response = await t.request({ method: "GET", url: "/data/plugins", token: managerToken });
    expect(response.statusCode).toBe(403);
  });
});
