import { afterAll, beforeAll, describe, expect } from "vitest";
import { hardwareItem } from "../../../schema/misc.js";
import { salaryScale } from "../../../schema/schedules.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// The generic model routes behind Kitsu's admin pages: hardware items,
// software, salary scales, status automations, custom actions, studios,
// milestones and the organisation settings.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

/** Creates a row of a model as the admin and returns its id. */
async function createAsAdmin(model: string, payload: Record<string, unknown>): Promise<string> {
  const response = await t.request({ method: "POST", url: `/api/data/${model}`, token: w.admin.token, payload });
  expect(response.statusCode).toBe(201);
  return response.json().id as string;
}

describe("hardware items", () => {
  let hardwareId: string;

  beforeAll(async () => {
    const [row] = await t.db.orm.insert(hardwareItem).values({ name: "Cintiq", shortName: "cin" }).returning();
    hardwareId = row.id;
  });

  kitsuRoute("GET", "/data/hardware-items", {
    succeeds: ["lists the hardware items", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/hardware-items", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const item = response.json().find((row: { id: string }) => row.id === hardwareId);
      expectZouObject(item, "HardwareItem");
      expect(item).toMatchObject({ name: "Cintiq", short_name: "cin" });
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/hardware-items?no_such_column=1", token: w.admin.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/hardware-items/{instance_id}", {
    succeeds: ["returns one hardware item", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/hardware-items/${hardwareId}`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: hardwareId, name: "Cintiq", type: "HardwareItem" });
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/hardware-items/${UNKNOWN_ID}`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("POST", "/data/hardware-items", {
    succeeds: ["creates a hardware item with 201", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/hardware-items", token: w.admin.token, payload: { name: "Mouse", short_name: "mou" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "HardwareItem");
      const read = await t.request({ method: "GET", url: `/api/data/hardware-items/${response.json().id}`, token: w.admin.token });
      expect(read.json().name).toBe("Mouse");
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/hardware-items", token: w.artist.token, payload: { name: "Pen", short_name: "pen" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/hardware-items/{instance_id}", {
    succeeds: ["renames the hardware item", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/hardware-items/${hardwareId}`, token: w.admin.token, payload: { name: "Cintiq Pro" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: hardwareId, name: "Cintiq Pro" });
      const read = await t.request({ method: "GET", url: `/api/data/hardware-items/${hardwareId}`, token: w.admin.token });
      expect(read.json().name).toBe("Cintiq Pro");
    }],
    fails: ["rejects a malformed id", async () => {
      const response = await t.request({ method: "PUT", url: "/api/data/hardware-items/nope", token: w.admin.token, payload: { name: "X" } });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("DELETE", "/data/hardware-items/{instance_id}", {
    succeeds: ["deletes the hardware item", async () => {
      const id = await createAsAdmin("hardware-items", { name: "Scanner", short_name: "scn" });
      const response = await t.request({ method: "DELETE", url: `/api/data/hardware-items/${id}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/hardware-items/${id}`, token: w.admin.token });
      expect(read.statusCode).toBe(404);
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/hardware-items/${hardwareId}`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("software", () => {
  kitsuRoute("DELETE", "/data/softwares/{instance_id}", {
    succeeds: ["deletes the software", async () => {
      const id = await createAsAdmin("softwares", { name: "Krita", short_name: "kr", file_extension: ".kra" });
      const response = await t.request({ method: "DELETE", url: `/api/data/softwares/${id}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/softwares/${id}`, token: w.admin.token });
      expect(read.statusCode).toBe(404);
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/softwares/${UNKNOWN_ID}`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

// Zou returns the linked equipment grouped by department id, for admins only.
describe("department equipment lists", () => {
  let departmentId: string;
  let softwareId: string;
  let hardwareId: string;

  beforeAll(async () => {
    departmentId = (await t.make.makeDepartment({ name: "Modeling" })).id;
    softwareId = (await t.make.makeSoftware({ name: "Maya", shortName: "ma", fileExtension: "ma" })).id;
    hardwareId = await createAsAdmin("hardware-items", { name: "Workstation", short_name: "ws" });
    const software = await t.request({ method: "POST", url: `/api/data/departments/${departmentId}/software-licenses`, token: w.admin.token, payload: { software_id: softwareId } });
    expect(software.statusCode).toBe(201);
    const hardware = await t.request({ method: "POST", url: `/api/data/departments/${departmentId}/hardware-items`, token: w.admin.token, payload: { hardware_item_id: hardwareId } });
    expect(hardware.statusCode).toBe(201);
  });

  kitsuRoute("GET", "/data/departments/software-licenses", {
    succeeds: ["lists the software of each department", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/departments/software-licenses", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const software = response.json()[departmentId];
      expect(software.map((row: { id: string }) => row.id)).toContain(softwareId);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/departments/software-licenses", token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/departments/hardware-items", {
    succeeds: ["lists the hardware of each department", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/departments/hardware-items", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const hardware = response.json()[departmentId];
      expect(hardware.map((row: { id: string }) => row.id)).toContain(hardwareId);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/departments/hardware-items", token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("salary scales", () => {
  let scaleId: string;

  beforeAll(async () => {
    const departmentId = (await t.make.makeDepartment({ name: "Lighting" })).id;
    const [row] = await t.db.orm.insert(salaryScale).values({ departmentId, position: "artist", seniority: "junior" }).returning();
    scaleId = row.id;
  });

  kitsuRoute("GET", "/data/salary-scales", {
    succeeds: ["lists the salary scales", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/salary-scales", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const scale = response.json().find((row: { id: string }) => row.id === scaleId);
      expectZouObject(scale, "SalaryScale");
      expect(scale).toMatchObject({ position: "artist", seniority: "junior" });
      expect(scale).toHaveProperty("salary");
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/salary-scales", token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/salary-scales/{instance_id}", {
    succeeds: ["sets the salary", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/salary-scales/${scaleId}`, token: w.admin.token, payload: { salary: 42000 } });
      expect(response.statusCode).toBe(200);
      expect(response.json().salary).toBe(42000);
      const list = await t.request({ method: "GET", url: "/api/data/salary-scales", token: w.admin.token });
      expect(list.json().find((row: { id: string }) => row.id === scaleId).salary).toBe(42000);
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/salary-scales/${scaleId}`, token: w.manager.token, payload: { salary: 1 } });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("status automations", () => {
  let automationId: string;
  let statusId: string;
  let taskTypeId: string;

  function automationBody(): Record<string, unknown> {
    return { entity_type: "asset", in_task_type_id: taskTypeId, in_task_status_id: statusId, out_field_type: "status", out_task_type_id: taskTypeId, out_task_status_id: statusId };
  }

  beforeAll(async () => {
    statusId = (await t.make.makeTaskStatus({ name: "Done", shortName: "done" })).id;
    taskTypeId = (await t.make.makeTaskType({ name: "Modeling" })).id;
    automationId = await createAsAdmin("status-automations", automationBody());
  });

  kitsuRoute("GET", "/data/status-automations", {
    succeeds: ["lists the status automations", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/status-automations", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const automation = response.json().find((row: { id: string }) => row.id === automationId);
      expectZouObject(automation, "StatusAutomation");
      expect(automation).toMatchObject({ entity_type: "asset", in_task_status_id: statusId, out_field_type: "status" });
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/status-automations?no_such_column=1", token: w.admin.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/status-automations/{instance_id}", {
    succeeds: ["returns one status automation", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/status-automations/${automationId}`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: automationId, in_task_type_id: taskTypeId, type: "StatusAutomation" });
    }],
    fails: ["rejects a malformed id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/status-automations/nope", token: w.admin.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("POST", "/data/status-automations", {
    succeeds: ["creates a status automation with 201", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/status-automations", token: w.admin.token, payload: { ...automationBody(), entity_type: "shot" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "StatusAutomation");
      expect(response.json().entity_type).toBe("shot");
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/status-automations", token: w.artist.token, payload: automationBody() });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/status-automations/{instance_id}", {
    succeeds: ["updates the automation", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/status-automations/${automationId}`, token: w.admin.token, payload: { out_field_type: "ready_for" } });
      expect(response.statusCode).toBe(200);
      const read = await t.request({ method: "GET", url: `/api/data/status-automations/${automationId}`, token: w.admin.token });
      expect(read.json().out_field_type).toBe("ready_for");
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/status-automations/${UNKNOWN_ID}`, token: w.admin.token, payload: { out_field_type: "status" } });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("DELETE", "/data/status-automations/{instance_id}", {
    succeeds: ["deletes the automation", async () => {
      const id = await createAsAdmin("status-automations", automationBody());
      const response = await t.request({ method: "DELETE", url: `/api/data/status-automations/${id}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/status-automations/${id}`, token: w.admin.token });
      expect(read.statusCode).toBe(404);
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/status-automations/${automationId}`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("custom actions", () => {
  let actionId: string;

  beforeAll(async () => {
    actionId = await createAsAdmin("custom-actions", { name: "Open in tracker", url: "https://tracker.example.com", entity_type: "all" });
  });

  kitsuRoute("GET", "/data/custom-actions", {
    succeeds: ["lists the custom actions", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/custom-actions", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const action = response.json().find((row: { id: string }) => row.id === actionId);
      expectZouObject(action, "CustomAction");
      expect(action).toMatchObject({ name: "Open in tracker", url: "https://tracker.example.com" });
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/custom-actions?no_such_column=1", token: w.admin.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("POST", "/data/custom-actions", {
    succeeds: ["creates a custom action with 201", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/custom-actions", token: w.admin.token, payload: { name: "Render", url: "https://farm.example.com" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "CustomAction");
      expect(response.json().name).toBe("Render");
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/custom-actions", token: w.artist.token, payload: { name: "Render", url: "https://farm.example.com" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/custom-actions/{instance_id}", {
    succeeds: ["renames the custom action", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/custom-actions/${actionId}`, token: w.admin.token, payload: { name: "Open ticket" } });
      expect(response.statusCode).toBe(200);
      const read = await t.request({ method: "GET", url: `/api/data/custom-actions/${actionId}`, token: w.admin.token });
      expect(read.json().name).toBe("Open ticket");
    }],
    fails: ["rejects a malformed id", async () => {
      const response = await t.request({ method: "PUT", url: "/api/data/custom-actions/nope", token: w.admin.token, payload: { name: "X" } });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("DELETE", "/data/custom-actions/{instance_id}", {
    succeeds: ["deletes the custom action", async () => {
      const id = await createAsAdmin("custom-actions", { name: "Temp", url: "https://temp.example.com" });
      const response = await t.request({ method: "DELETE", url: `/api/data/custom-actions/${id}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/custom-actions/${id}`, token: w.admin.token });
      expect(read.statusCode).toBe(404);
    }],
    fails: ["rejects a supervisor", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/custom-actions/${actionId}`, token: w.supervisor.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("studios and organisation", () => {
  kitsuRoute("POST", "/data/studios", {
    succeeds: ["creates a studio with 201", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/studios", token: w.admin.token, payload: { name: "North Studio", color: "#123456" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Studio");
      expect(response.json()).toMatchObject({ name: "North Studio", color: "#123456" });
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/studios", token: w.manager.token, payload: { name: "South Studio", color: "#654321" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/organisations/{instance_id}", {
    succeeds: ["updates the organisation settings", async () => {
      const context = await t.request({ method: "GET", url: "/api/data/user/context", token: w.admin.token });
      expect(context.statusCode).toBe(200);
      const organisationId = context.json().organisation?.id ?? (await t.request({ method: "GET", url: "/api/data/organisations", token: w.admin.token })).json()[0].id;
      const response = await t.request({ method: "PUT", url: `/api/data/organisations/${organisationId}`, token: w.admin.token, payload: { hours_by_day: 7 } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: organisationId, hours_by_day: 7, type: "Organisation" });
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/organisations/${UNKNOWN_ID}`, token: w.admin.token, payload: { hours_by_day: 7 } });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("milestones", () => {
  let milestoneId: string;

  beforeAll(async () => {
    milestoneId = (await t.make.makeMilestone({ projectId: w.project.id, name: "Teaser", date: "2030-03-01" })).id;
  });

  kitsuRoute("POST", "/data/milestones", {
    succeeds: ["creates a milestone with 201", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/milestones", token: w.manager.token, payload: { name: "Trailer", project_id: w.project.id, date: "2030-05-01" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Milestone");
      expect(response.json()).toMatchObject({ name: "Trailer", project_id: w.project.id, date: "2030-05-01" });
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/milestones", token: w.artist.token, payload: { name: "Trailer", project_id: w.project.id, date: "2030-05-01" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/milestones/{instance_id}", {
    succeeds: ["moves the milestone", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/milestones/${milestoneId}`, token: w.manager.token, payload: { date: "2030-04-01" } });
      expect(response.statusCode).toBe(200);
      const read = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/milestones`, token: w.manager.token });
      expect(read.json().find((row: { id: string }) => row.id === milestoneId).date).toBe("2030-04-01");
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/milestones/${UNKNOWN_ID}`, token: w.manager.token, payload: { date: "2030-04-01" } });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("DELETE", "/data/milestones/{instance_id}", {
    succeeds: ["deletes the milestone", async () => {
      const id = (await t.make.makeMilestone({ projectId: w.project.id, name: "Wrap" })).id;
      const response = await t.request({ method: "DELETE", url: `/api/data/milestones/${id}`, token: w.manager.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/milestones`, token: w.manager.token });
      expect(read.json().map((row: { id: string }) => row.id)).not.toContain(id);
    }],
    fails: ["rejects a client", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/milestones/${milestoneId}`, token: w.client.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});
