import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince, graphqlData, graphqlErrorCode, loginAs, type LoggedIn } from "../support/roles.js";

let t: TestApp;
let admin: LoggedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, "admin");
});

afterAll(async () => {
  await t.close();
});

describe("budgets", () => {
  it("are numbered per project, hold entries, are read nested and deleted with them", async () => {
    const manager = await loginAs(t, "manager");
    const project = await t.make.makeProject({ team: [{ id: manager.person.id }] });
    const department = await t.make.makeDepartment();
    const since = new Date();
    const create = `mutation ($p: ID!, $name: String!) { createBudget(projectId: $p, name: $name) { id revision currency } }`;
    const first = await graphqlData<{ createBudget: { id: string; revision: number; currency: string } }>(t, manager, create, { p: project.id, name: "Draft" });
    const second = await graphqlData<{ createBudget: { id: string; revision: number } }>(t, manager, create, { p: project.id, name: "Final" });
    expect(first.createBudget).toMatchObject({ revision: 1, currency: "USD" });
    expect(second.createBudget.revision).toBe(2);

    const entry = await graphqlData<{ createBudgetEntry: { id: string; dailySalary: number } }>(
      t,
      manager,
      `mutation ($b: ID!, $d: ID!) { createBudgetEntry(budgetId: $b, input: { departmentId: $d, startDate: "2024-01-01", monthsDuration: 3, dailySalary: 350.5, position: "lead" }) { id dailySalary } }`,
      { b: first.createBudget.id, d: department.id },
    );
    expect(entry.createBudgetEntry.dailySalary).toBe(350.5);

    const nested = await graphqlData<{ project: { budgets: { revision: number; entries: { monthsDuration: number }[] }[] } }>(
      t,
      manager,
      `query ($id: ID!) { project(id: $id) { budgets { revision entries { monthsDuration } } } }`,
      { id: project.id },
    );
    expect(nested.project.budgets).toEqual([
      { revision: 1, entries: [{ monthsDuration: 3 }] },
      { revision: 2, entries: [] },
    ]);

    const renamed = await graphqlData<{ updateBudget: { name: string; currency: string } }>(t, manager, `mutation ($id: ID!) { updateBudget(id: $id, name: "Draft 2", currency: "eur") { name currency } }`, { id: first.createBudget.id });
    expect(renamed.updateBudget).toEqual({ name: "Draft 2", currency: "EUR" });
    await graphqlData(t, manager, `mutation ($id: ID!) { deleteBudget(id: $id) }`, { id: first.createBudget.id });
    const [left] = await t.db.query<{ count: number }>("select count(*)::int as count from budget_entry where budget_id = $1", [first.createBudget.id]);
    expect(left.count).toBe(0);
    expect(await eventNamesSince(t, since)).toEqual(expect.arrayContaining(["budget:create", "budget-entry:create", "budget:update", "budget:delete"]));
  });

  it("are for managers only: supervisors, artists, clients and outsiders are refused", async () => {
    const project = await t.make.makeProject();
    const budget = await t.make.makeBudget({ projectId: project.id });
    for (const role of ["supervisor", "user", "client", "vendor"]) {
      const member = await loginAs(t, role);
      await t.make.addToTeam(project.id, member.person.id);
      expect(await graphqlErrorCode(t, member, `query ($id: ID!) { budget(id: $id) { id } }`, { id: budget.id }), role).toBe("FORBIDDEN");
      expect(await graphqlErrorCode(t, member, `query ($id: ID!) { project(id: $id) { budgets { id } } }`, { id: project.id }), role).toBe("FORBIDDEN");
      const list = await graphqlData<{ budgets: { totalCount: number } }>(t, member, `{ budgets { totalCount } }`);
      expect(list.budgets.totalCount, role).toBe(0);
    }
    const outsider = await loginAs(t, "manager");
    expect(await graphqlErrorCode(t, outsider, `mutation ($id: ID!) { deleteBudget(id: $id) }`, { id: budget.id })).toBe("FORBIDDEN");
  });

  it("refuse deleting a budget through another project, and an invalid entry", async () => {
    const project = await t.make.makeProject();
    const other = await t.make.makeProject();
    const budget = await t.make.makeBudget({ projectId: project.id });
    expect(await graphqlErrorCode(t, admin, `mutation ($id: ID!, $p: ID!) { deleteBudget(id: $id, projectId: $p) }`, { id: budget.id, p: other.id })).toBe("NOT_FOUND");
    const department = await t.make.makeDepartment();
    const add = `mutation ($b: ID!, $input: BudgetEntryInput!) { createBudgetEntry(budgetId: $b, input: $input) { id } }`;
    expect(await graphqlErrorCode(t, admin, add, { b: budget.id, input: { departmentId: department.id, startDate: "2024-01-01", monthsDuration: 2 } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, add, { b: budget.id, input: { departmentId: department.id, startDate: "2024-01-01", monthsDuration: 2, dailySalary: -5 } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, add, { b: budget.id, input: { departmentId: department.id, startDate: "soon", monthsDuration: 2, dailySalary: 5 } })).toBe("BAD_USER_INPUT");
    const [row] = await t.db.query<{ count: number }>("select count(*)::int as count from budget_entry where budget_id = $1", [budget.id]);
    expect(row.count).toBe(0);
  });
});
