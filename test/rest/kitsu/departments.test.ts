import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { softwareDepartmentLink } from "../../../schema/files.js";
import { hardwareItem, hardwareItemDepartmentLink } from "../../../schema/misc.js";
import { loginLog } from "../../../schema/people.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Software and hardware linked to departments on Kitsu's Departments page,
// and the admin page of login logs.

let t: TestApp;
let w: SeedWorld;
let departmentId: string;
let softwareId: string;
let hardwareId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  departmentId = (await t.make.makeDepartment({ name: "Animation" })).id;
  softwareId = (await t.make.makeSoftware({ name: "Blender", shortName: "bl", fileExtension: "blend" })).id;
  const [item] = await t.db.orm.insert(hardwareItem).values({ name: "Wacom", shortName: "wac" }).returning();
  hardwareId = item.id;
});

afterAll(async () => {
  await t.close();
});

describe("department software", () => {
  kitsuRoute("POST", "/data/departments/{department_id}/software-licenses", {
    succeeds: ["links the software with 201", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/departments/${departmentId}/software-licenses`, token: w.admin.token, payload: { software_id: softwareId } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ department_id: departmentId, software_id: softwareId, type: "SoftwareDepartmentLink" });
      expect(await t.db.orm.select().from(softwareDepartmentLink).where(eq(softwareDepartmentLink.departmentId, departmentId))).toHaveLength(1);
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/departments/${departmentId}/software-licenses`, token: w.manager.token, payload: { software_id: softwareId } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("DELETE", "/data/departments/{department_id}/software-licenses/{software_id}", {
    succeeds: ["unlinks the software", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/departments/${departmentId}/software-licenses/${softwareId}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(softwareDepartmentLink).where(eq(softwareDepartmentLink.departmentId, departmentId))).toHaveLength(0);
    }],
    fails: ["answers 404 for an unknown software", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/departments/${departmentId}/software-licenses/${UNKNOWN_ID}`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("department hardware", () => {
  kitsuRoute("POST", "/data/departments/{department_id}/hardware-items", {
    succeeds: ["links the hardware item with 201", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/departments/${departmentId}/hardware-items`, token: w.admin.token, payload: { hardware_item_id: hardwareId } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ department_id: departmentId, hardware_item_id: hardwareId, type: "HardwareItemDepartmentLink" });
    }],
    fails: ["rejects a body without the hardware item", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/departments/${departmentId}/hardware-items`, token: w.admin.token, payload: {} });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Validation error.");
    }],
  });

  kitsuRoute("DELETE", "/data/departments/{department_id}/hardware-items/{hardware_item_id}", {
    succeeds: ["unlinks the hardware item", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/departments/${departmentId}/hardware-items/${hardwareId}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(hardwareItemDepartmentLink).where(eq(hardwareItemDepartmentLink.departmentId, departmentId))).toHaveLength(0);
    }],
    fails: ["rejects a malformed department id", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/departments/nope/hardware-items/${hardwareId}`, token: w.admin.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Malformed ID.");
    }],
  });
});

describe("login logs", () => {
  kitsuRoute("GET", "/data/events/login-logs/last", {
    succeeds: ["lists the latest logins with filters", async () => {
      await t.db.orm.insert(loginLog).values([
        { personId: w.artist.person.id, ipAddress: "10.0.0.1", origin: "web", createdAt: new Date("2024-01-01T08:00:00Z") },
        { personId: w.manager.person.id, ipAddress: "10.0.0.2", origin: "script", createdAt: new Date("2024-01-02T08:00:00Z") },
      ]);
      const response = await t.request({ method: "GET", url: `/api/data/events/login-logs/last?person_ids=${w.artist.person.id}&before=2024-06-01`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as Record<string, unknown>[];
      expect(body).toHaveLength(1);
      expect(body[0]).toMatchObject({ person_id: w.artist.person.id, ip_address: "10.0.0.1", origin: "web", created_at: "2024-01-01T08:00:00" });
    }],
    fails: ["rejects a malformed person id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/events/login-logs/last?person_ids=someone", token: w.admin.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("The person_ids parameter contains an invalid id");
    }],
  });

  kitsuRoute("GET", "/data/events/login-logs/last", {
    succeeds: ["pages with a cursor", async () => {
      const first = await t.request({ method: "GET", url: "/api/data/events/login-logs/last?limit=1", token: w.admin.token });
      const newest = (first.json() as { id: string }[])[0];
      const next = await t.request({ method: "GET", url: `/api/data/events/login-logs/last?cursor_login_log_id=${newest.id}`, token: w.admin.token });
      expect(next.statusCode).toBe(200);
      expect(next.json().map((item: { id: string }) => item.id)).not.toContain(newest.id);
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/events/login-logs/last", token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});
