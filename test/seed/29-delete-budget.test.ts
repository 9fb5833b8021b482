import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

async function countRows(table: string, column: string, id: string): Promise<number> {
  const [row] = await t.db.query<{ count: number }>(`select count(*)::int as count from ${table} where ${column} = $1`, [id]);
  return row.count;
}

function deleteBudget(token: string, projectId: string, budgetId: string) {
  return t.request({ method: "DELETE", url: `/api/data/projects/${projectId}/budgets/${budgetId}`, token });
}

describe("DELETE /data/projects/{project_id}/budgets/{budget_id}", () => {
  it("deletes the budget and its entries with 204 and records budget:delete", async () => {
    const budget = await t.make.makeBudget({ projectId: w.project.id });
    const department = await t.make.makeDepartment();
    await t.make.makeBudgetEntry({ budgetId: budget.id, departmentId: department.id });

    const response = await deleteBudget(w.manager.token, w.project.id, budget.id);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect(await countRows("budget", "id", budget.id)).toBe(0);
    expect(await countRows("budget_entry", "budget_id", budget.id)).toBe(0);
    const events = await t.db.query<{ project_id: string; data: Record<string, unknown> }>("select project_id, data from api_event where name = 'budget:delete'");
    expect(events).toEqual([{ project_id: w.project.id, data: expect.objectContaining({ budget_id: budget.id }) }]);
  });

  it("answers 400 'Wrong UUID format.' when either id is malformed", async () => {
    const budget = await t.make.makeBudget({ projectId: w.project.id });
    for (const [projectId, budgetId] of [["bad", budget.id], [w.project.id, "bad"]]) {
      const response = await deleteBudget(w.outsider.token, projectId, budgetId);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "Wrong UUID format.", data: null });
    }
    expect(await countRows("budget", "id", budget.id)).toBe(1);
  });

  it("forbids members who do not manage the project", async () => {
    const budget = await t.make.makeBudget({ projectId: w.project.id });
    for (const session of [w.supervisor, w.artist, w.outsider]) {
      expect((await deleteBudget(session.token, w.project.id, budget.id)).statusCode).toBe(403);
    }
    expect(await countRows("budget", "id", budget.id)).toBe(1);
  });

  it("answers 404 for an unknown budget and for a budget of another project", async () => {
    const other = await t.make.makeProject({ team: [{ id: w.manager.person.id }] });
    const budget = await t.make.makeBudget({ projectId: other.id });

    expect((await deleteBudget(w.manager.token, w.project.id, UNKNOWN_ID)).statusCode).toBe(404);
    expect((await deleteBudget(w.manager.token, w.project.id, budget.id)).statusCode).toBe(404);
    expect((await deleteBudget(w.outsider.token, UNKNOWN_ID, budget.id)).statusCode).toBe(404);
    expect(await countRows("budget", "id", budget.id)).toBe(1);
  });
});
