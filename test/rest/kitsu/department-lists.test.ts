import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// The equipment lists of every department and the time spent of a
// production's budget page: response shapes and input checks.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

describe("department equipment lists", () => {
  it("groups software by department", async () => {
    const modeling = (await t.make.makeDepartment({ name: "Lists modeling" })).id;
    const unequipped = (await t.make.makeDepartment({ name: "Lists unequipped" })).id;
    const blender = (await t.make.makeSoftware({ name: "Lists Blender", shortName: "lbl", fileExtension: "blend" })).id;
    const linked = await t.request({ method: "POST", url: `/api/data/departments/${modeling}/software-licenses`, token: w.admin.token, payload: { software_id: blender } });
    expect(linked.statusCode).toBe(201);

    const response = await t.request({ method: "GET", url: "/api/data/departments/software-licenses", token: w.admin.token });
    expect(response.statusCode).toBe(200);
    const byDepartment = response.json() as Record<string, { id: string; type: string; name: string }[]>;
    expect(byDepartment[modeling]).toEqual([expect.objectContaining({ id: blender, type: "Software", name: "Lists Blender" })]);
    expect(byDepartment).not.toHaveProperty(unequipped);
  });

  it("rejects a manager", async () => {
    const software = await t.request({ method: "GET", url: "/api/data/departments/software-licenses", token: w.manager.token });
    expect(software.statusCode).toBe(403);
    const hardware = await t.request({ method: "GET", url: "/api/data/departments/hardware-items", token: w.manager.token });
    expect(hardware.statusCode).toBe(403);
  });
});

describe("budget time spents", () => {
  it("rejects a malformed project id", async () => {
    const response = await t.request({ method: "GET", url: "/api/data/projects/nope/budgets/time-spents", token: w.admin.token });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Malformed ID.");
  });

  it("returns 404 for an unknown project", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/projects/${UNKNOWN_ID}/budgets/time-spents`, token: w.admin.token });
    expect(response.statusCode).toBe(404);
  });

  it("returns an empty object without time spent", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/budgets/time-spents`, token: w.admin.token });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
  });
});
