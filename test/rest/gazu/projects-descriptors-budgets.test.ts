import { afterAll, beforeAll, describe, expect } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { call, type Json } from "./projects-support.js";

// gazu's metadata descriptor and budget calls of a project.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

let descriptorCount = 0;

async function makeDescriptor(values: Json = {}): Promise<Json> {
  descriptorCount += 1;
  const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/metadata-descriptors`, w.manager.token, {
    name: `Column ${descriptorCount}`,
    entity_type: "Asset",
    data_type: "string",
    ...values,
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

describe("metadata descriptors", () => {
  gazuRoute("POST", "/data/projects/{project_id}/metadata-descriptors", {
    succeeds: [
      "creates a descriptor with a derived field name",
      async () => {
        const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/metadata-descriptors`, w.manager.token, {
          name: "Lighting Rig",
          entity_type: "Shot",
          data_type: "list",
          choices: ["day", "night"],
          for_client: false,
        });
        expect(status).toBe(201);
        expectZouObject(body, "MetadataDescriptor");
        expect(body).toMatchObject({ name: "Lighting Rig", field_name: "lighting_rig", entity_type: "Shot", choices: ["day", "night"] });
      },
    ],
    fails: [
      "forbids an artist of the team",
      async () => {
        const { status } = await call(t, "POST", `/data/projects/${w.project.id}/metadata-descriptors`, w.artist.token, { name: "Sneaky" });
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}/metadata-descriptors", {
    succeeds: [
      "lists the descriptors with their departments",
      async () => {
        const descriptor = await makeDescriptor();
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/metadata-descriptors`, w.artist.token);
        expect(status).toBe(200);
        const item = body.find((row) => row.id === descriptor.id);
        expect(item).toMatchObject({ type: "MetadataDescriptor", entity_type: "Asset", departments: [] });
      },
    ],
    fails: [
      "shows clients only the descriptors marked for them",
      async () => {
        const hidden = await makeDescriptor({ for_client: false });
        const forClient = await makeDescriptor({ for_client: true });
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/metadata-descriptors`, w.client.token);
        expect(status).toBe(200);
        const ids = body.map((row) => row.id);
        expect(ids).toContain(forClient.id);
        expect(ids).not.toContain(hidden.id);
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}", {
    succeeds: [
      "returns one descriptor",
      async () => {
        const descriptor = await makeDescriptor();
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/metadata-descriptors/${descriptor.id as string}`, w.artist.token);
        expect(status).toBe(200);
        expectZouObject(body, "MetadataDescriptor");
        expect(body).toMatchObject({ id: descriptor.id, name: descriptor.name, field_name: descriptor.field_name, departments: [] });
      },
    ],
    fails: [
      "returns 404 for a descriptor of another project",
      async () => {
        const other = await t.make.makeProject({ team: [{ id: w.manager.person.id, role: "manager" }] });
        const foreign = await call(t, "POST", `/data/projects/${other.id}/metadata-descriptors`, w.manager.token, { name: "Elsewhere", entity_type: "Asset" });
        expect(foreign.status).toBe(201);
        const { status } = await call(t, "GET", `/data/projects/${w.project.id}/metadata-descriptors/${foreign.body.id as string}`, w.manager.token);
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("PUT", "/data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}", {
    succeeds: [
      "updates the descriptor from gazu's whole dict",
      async () => {
        const descriptor = await makeDescriptor();
        const department = await t.make.makeDepartment({ name: "Lighting dept" });
        const { status, body } = await call(t, "PUT", `/data/projects/${w.project.id}/metadata-descriptors/${descriptor.id as string}`, w.manager.token, {
          ...descriptor,
          name: "Renamed column",
          choices: ["a", "b"],
          departments: [department.id],
        });
        expect(status, JSON.stringify(body)).toBe(200);
        expect(body).toMatchObject({ id: descriptor.id, name: "Renamed column", field_name: descriptor.field_name, choices: ["a", "b"], departments: [department.id] });
      },
    ],
    fails: [
      "forbids an artist of the team",
      async () => {
        const descriptor = await makeDescriptor();
        const { status } = await call(t, "PUT", `/data/projects/${w.project.id}/metadata-descriptors/${descriptor.id as string}`, w.artist.token, { name: "Artist name" });
        expect(status).toBe(403);
        const unchanged = await call(t, "GET", `/data/projects/${w.project.id}/metadata-descriptors/${descriptor.id as string}`, w.manager.token);
        expect(unchanged.body.name).toBe(descriptor.name);
      },
    ],
  });

  gazuRoute("DELETE", "/data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}", {
    succeeds: [
      "deletes the descriptor",
      async () => {
        const descriptor = await makeDescriptor();
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/metadata-descriptors/${descriptor.id as string}?force=True`, w.manager.token);
        expect(status).toBe(204);
        const afterDelete = await call(t, "GET", `/data/projects/${w.project.id}/metadata-descriptors/${descriptor.id as string}`, w.manager.token);
        expect(afterDelete.status).toBe(404);
      },
    ],
    fails: [
      "returns 404 for an unknown descriptor",
      async () => {
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/metadata-descriptors/${UNKNOWN_ID}`, w.manager.token);
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("POST", "/data/projects/{project_id}/metadata-descriptors/reorder", {
    succeeds: [
      "orders the descriptors of one entity type",
      async () => {
        const first = await makeDescriptor({ entity_type: "Edit" });
        const second = await makeDescriptor({ entity_type: "Edit" });
        const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/metadata-descriptors/reorder`, w.manager.token, {
          entity_type: "Edit",
          descriptor_ids: [second.id, first.id],
        });
        expect(status, JSON.stringify(body)).toBe(200);
        expect(body.map((row) => row.id)).toEqual([second.id, first.id]);
        expect(body.map((row) => row.position)).toEqual([1, 2]);
      },
    ],
    fails: [
      "rejects a descriptor of another entity type",
      async () => {
        const asset = await makeDescriptor({ entity_type: "Asset" });
        const { status } = await call(t, "POST", `/data/projects/${w.project.id}/metadata-descriptors/reorder`, w.manager.token, {
          entity_type: "Shot",
          descriptor_ids: [asset.id],
        });
        expect(status).toBe(400);
      },
    ],
  });
});

async function makeBudget(name = "Main budget"): Promise<Json> {
  const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/budgets`, w.manager.token, { name, currency: "EUR" });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function makeEntry(budgetId: string): Promise<Json> {
  const department = await t.make.makeDepartment();
  const { status, body } = await call(t, "POST", `/data/projects/${w.project.id}/budgets/${budgetId}/entries`, w.manager.token, {
    department_id: department.id,
    start_date: "2025-01-01",
    months_duration: 3,
    daily_salary: 320,
    position: "lead",
    seniority: "senior",
  });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

describe("budgets", () => {
  gazuRoute("GET", "/data/projects/{project_id}/budgets", {
    succeeds: [
      "lists the budgets by revision",
      async () => {
        const budget = await makeBudget("Listed budget");
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/budgets`, w.manager.token);
        expect(status).toBe(200);
        expect(body.find((row) => row.id === budget.id)).toMatchObject({ type: "Budget", name: "Listed budget", currency: "EUR" });
        const revisions = body.map((row) => row.revision as number);
        expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      },
    ],
    fails: [
      "forbids a supervisor of the team",
      async () => {
        const { status } = await call(t, "GET", `/data/projects/${w.project.id}/budgets`, w.supervisor.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("POST", "/data/projects/{project_id}/budgets", {
    succeeds: [
      "creates the next budget revision",
      async () => {
        const first = await makeBudget("Revision A");
        const second = await makeBudget("Revision B");
        expectZouObject(second, "Budget");
        expect(second.revision).toBe((first.revision as number) + 1);
        expect(second).toMatchObject({ project_id: w.project.id, currency: "EUR" });
      },
    ],
    fails: [
      "rejects a budget without a name",
      async () => {
        const { status } = await call(t, "POST", `/data/projects/${w.project.id}/budgets`, w.manager.token, { currency: "EUR" });
        expect(status).toBe(400);
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}/budgets/{budget_id}", {
    succeeds: [
      "returns one budget",
      async () => {
        const budget = await makeBudget("Single budget");
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/budgets/${budget.id as string}`, w.manager.token);
        expect(status).toBe(200);
        expect(body).toMatchObject({ id: budget.id, name: "Single budget", type: "Budget" });
      },
    ],
    fails: [
      "returns 404 for a budget of another project",
      async () => {
        const budget = await makeBudget("Other project's budget");
        const other = await t.make.makeProject();
        const { status } = await call(t, "GET", `/data/projects/${other.id}/budgets/${budget.id as string}`, w.admin.token);
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("PUT", "/data/projects/{project_id}/budgets/{budget_id}", {
    succeeds: [
      "renames the budget and changes its currency",
      async () => {
        const budget = await makeBudget("Before");
        const { status, body } = await call(t, "PUT", `/data/projects/${w.project.id}/budgets/${budget.id as string}`, w.manager.token, { name: "After", currency: "usd" });
        expect(status).toBe(200);
        expect(body).toMatchObject({ id: budget.id, name: "After", currency: "USD" });
      },
    ],
    fails: [
      "rejects a currency that is not an ISO code",
      async () => {
        const budget = await makeBudget("Kept currency");
        const { status } = await call(t, "PUT", `/data/projects/${w.project.id}/budgets/${budget.id as string}`, w.manager.token, { currency: "euros" });
        expect(status).toBe(400);
      },
    ],
  });

  gazuRoute("DELETE", "/data/projects/{project_id}/budgets/{budget_id}", {
    succeeds: [
      "deletes the budget and its entries",
      async () => {
        const budget = await makeBudget("Doomed budget");
        await makeEntry(budget.id as string);
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/budgets/${budget.id as string}`, w.manager.token);
        expect(status).toBe(204);
        expect(await t.db.query("select id from budget_entry where budget_id = $1", [budget.id])).toHaveLength(0);
      },
    ],
    fails: [
      "rejects a malformed budget id",
      async () => {
        const { status, body } = await call(t, "DELETE", `/data/projects/${w.project.id}/budgets/not-an-id`, w.manager.token);
        expect(status).toBe(400);
        expect(body.message).toBe("Wrong UUID format.");
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}/budgets/{budget_id}/entries", {
    succeeds: [
      "lists the entries of the budget",
      async () => {
        const budget = await makeBudget("With entries");
        const entry = await makeEntry(budget.id as string);
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/budgets/${budget.id as string}/entries`, w.manager.token);
        expect(status).toBe(200);
        expect(body.map((row) => row.id)).toEqual([entry.id]);
        expect(body[0]).toMatchObject({ type: "BudgetEntry", months_duration: 3, daily_salary: 320, position: "lead" });
      },
    ],
    fails: [
      "forbids an artist of the team",
      async () => {
        const budget = await makeBudget("Secret salaries");
        const { status } = await call(t, "GET", `/data/projects/${w.project.id}/budgets/${budget.id as string}/entries`, w.artist.token);
        expect(status).toBe(403);
      },
    ],
  });

  gazuRoute("POST", "/data/projects/{project_id}/budgets/{budget_id}/entries", {
    succeeds: [
      "creates an entry",
      async () => {
        const budget = await makeBudget("Growing");
        const entry = await makeEntry(budget.id as string);
        expectZouObject(entry, "BudgetEntry");
        expect(entry).toMatchObject({ budget_id: budget.id, start_date: "2025-01-01", seniority: "senior" });
      },
    ],
    fails: [
      "rejects an entry without a department",
      async () => {
        const budget = await makeBudget("No department");
        const { status } = await call(t, "POST", `/data/projects/${w.project.id}/budgets/${budget.id as string}/entries`, w.manager.token, { months_duration: 2 });
        expect(status).toBe(400);
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}/budgets/{budget_id}/entries/{entry_id}", {
    succeeds: [
      "returns one entry",
      async () => {
        const budget = await makeBudget("Read entry");
        const entry = await makeEntry(budget.id as string);
        const { status, body } = await call(t, "GET", `/data/projects/${w.project.id}/budgets/${budget.id as string}/entries/${entry.id as string}`, w.manager.token);
        expect(status).toBe(200);
        expect(body).toMatchObject({ id: entry.id, type: "BudgetEntry" });
      },
    ],
    fails: [
      "returns 404 for an entry of another budget",
      async () => {
        const budget = await makeBudget("First");
        const entry = await makeEntry(budget.id as string);
        const other = await makeBudget("Second");
        const { status } = await call(t, "GET", `/data/projects/${w.project.id}/budgets/${other.id as string}/entries/${entry.id as string}`, w.manager.token);
        expect(status).toBe(404);
      },
    ],
  });

  gazuRoute("PUT", "/data/projects/{project_id}/budgets/{budget_id}/entries/{entry_id}", {
    succeeds: [
      "updates an entry",
      async () => {
        const budget = await makeBudget("Updated entry");
        const entry = await makeEntry(budget.id as string);
        const { status, body } = await call(t, "PUT", `/data/projects/${w.project.id}/budgets/${budget.id as string}/entries/${entry.id as string}`, w.manager.token, {
          months_duration: 6,
          daily_salary: 400.5,
        });
        expect(status, JSON.stringify(body)).toBe(200);
        expect(body).toMatchObject({ id: entry.id, months_duration: 6, daily_salary: 400.5 });
      },
    ],
    fails: [
      "rejects an unknown position",
      async () => {
        const budget = await makeBudget("Bad position");
        const entry = await makeEntry(budget.id as string);
        const { status } = await call(t, "PUT", `/data/projects/${w.project.id}/budgets/${budget.id as string}/entries/${entry.id as string}`, w.manager.token, { position: "intern" });
        expect(status).toBe(400);
      },
    ],
  });

  gazuRoute("DELETE", "/data/projects/{project_id}/budgets/{budget_id}/entries/{entry_id}", {
    succeeds: [
      "deletes an entry",
      async () => {
        const budget = await makeBudget("Shrinking");
        const entry = await makeEntry(budget.id as string);
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/budgets/${budget.id as string}/entries/${entry.id as string}`, w.manager.token);
        expect(status).toBe(204);
        expect(await t.db.query("select id from budget_entry where id = $1", [entry.id])).toHaveLength(0);
      },
    ],
    fails: [
      "forbids a supervisor of the team",
      async () => {
        const budget = await makeBudget("Guarded");
        const entry = await makeEntry(budget.id as string);
        const { status } = await call(t, "DELETE", `/data/projects/${w.project.id}/budgets/${budget.id as string}/entries/${entry.id as string}`, w.supervisor.token);
        expect(status).toBe(403);
        expect(await t.db.query("select id from budget_entry where id = $1", [entry.id])).toHaveLength(1);
      },
    ],
  });
});
