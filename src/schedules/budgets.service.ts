import { eq, sql } from "drizzle-orm";
import { lockTransactionOn } from "../db/advisory-lock.js";
import { budget, budgetEntry } from "../../schema/schedules.js";
import { assertProjectManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { optionalId, parseIdList, requireDate, requireOneOf, requireText, requireWholeNumber } from "../misc/input-checks.js";
import type { BudgetEntryInput } from "./schedule.type.js";
import type { BudgetEntryRow, BudgetRow } from "./schedules.loaders.js";

// Budgets and their entries: managers of the project only, for reading as
// well as writing, because entries carry salaries. Event names are Zou's
// (budget:create, budget-entry:create...).

const POSITIONS = ["supervisor", "lead", "artist"] as const;
const SENIORITIES = ["senior", "mid", "junior"] as const;

function checkCurrency(value: string): string {
  if (!/^[A-Za-z]{3}$/.test(value)) throw new BadRequestError("currency must be a three-letter ISO 4217 code, such as USD.", { field: "currency" });
  return value.toUpperCase();
}

/** Loads a budget for a manager of its project: NOT_FOUND when unknown (or not in `projectId` when given), FORBIDDEN otherwise. */
export async function getManagedBudget(ctx: RequestContext, budgetId: string, projectId?: string): Promise<BudgetRow & { projectId: string }> {
  const row = await ctx.loaders.budgetById.load(budgetId);
  if (row === null || row.projectId === null || (projectId !== undefined && row.projectId !== projectId)) throw new NotFoundError("Budget not found.");
  await assertProjectManager(ctx, row.projectId);
  return row as BudgetRow & { projectId: string };
}

/** Creates a budget revision, numbered after the project's last one (manager of the project); event budget:create. */
export async function createBudget(ctx: RequestContext, projectId: string, name: string, currency?: string | null): Promise<BudgetRow> {
  const checkedName = requireText(name, "name", 255);
  const checkedCurrency = currency == null ? "USD" : checkCurrency(currency);
  await assertProjectManager(ctx, projectId);

  return ctx.db.transaction(async (tx) => {
    await lockTransactionOn(tx, `budget-revision:${projectId}`);
    const [last] = await tx.select({ revision: sql<number>`coalesce(max(${budget.revision}), 0)::int` }).from(budget).where(eq(budget.projectId, projectId));
    const [row] = await tx
      .insert(budget)
      .values({ projectId, name: checkedName, currency: checkedCurrency, revision: (last?.revision ?? 0) + 1 })
      .returning();
    await recordEvent(tx, ctx, { name: "budget:create", projectId, data: { budget_id: row.id } });
    return row;
  });
}

/** Renames a budget or changes its currency (manager of the project); event budget:update. */
export async function updateBudget(ctx: RequestContext, budgetId: string, changes: { name?: string | null; currency?: string | null }): Promise<BudgetRow> {
  const existing = await getManagedBudget(ctx, budgetId);
  const values: Partial<typeof budget.$inferInsert> = {};
  if (changes.name != null) values.name = requireText(changes.name, "name", 255);
  if (changes.currency != null) values.currency = checkCurrency(changes.currency);

  return ctx.db.transaction(async (tx) => {
    const [row] = Object.keys(values).length > 0 ? await tx.update(budget).set(values).where(eq(budget.id, budgetId)).returning() : [existing];
    await recordEvent(tx, ctx, { name: "budget:update", projectId: existing.projectId, data: { budget_id: budgetId } });
    return row;
  });
}

/** Deletes a budget and its entries (manager of the project); event budget:delete. */
export async function deleteBudget(ctx: RequestContext, budgetId: string, projectId?: string): Promise<BudgetRow> {
  const existing = await getManagedBudget(ctx, budgetId, projectId);

  return ctx.db.transaction(async (tx) => {
    await tx.delete(budgetEntry).where(eq(budgetEntry.budgetId, budgetId));
    await tx.delete(budget).where(eq(budget.id, budgetId));
    await recordEvent(tx, ctx, { name: "budget:delete", projectId: existing.projectId, data: { budget_id: budgetId } });
    return existing;
  });
}

async function checkEntryFields(ctx: RequestContext, input: BudgetEntryInput): Promise<Partial<typeof budgetEntry.$inferInsert>> {
  const values: Partial<typeof budgetEntry.$inferInsert> = {};
  if (input.departmentId != null) {
    const [departmentId] = parseIdList([input.departmentId]);
    if ((await ctx.loaders.departmentById.load(departmentId)) === null) throw new NotFoundError("Department not found.");
    values.departmentId = departmentId;
  }
  if (input.personId !== undefined) {
    values.personId = optionalId(input.personId) ?? null;
    if (values.personId !== null && (await ctx.loaders.personById.load(values.personId)) === null) throw new NotFoundError("Person not found.");
  }
  if (input.startDate != null) values.startDate = requireDate(input.startDate, "startDate");
  if (input.monthsDuration != null) values.monthsDuration = requireWholeNumber(input.monthsDuration, "monthsDuration", 1);
  if (input.dailySalary != null) {
    if (!Number.isFinite(input.dailySalary) || input.dailySalary < 0) throw new BadRequestError("dailySalary must be 0 or more.", { field: "dailySalary" });
    values.dailySalary = input.dailySalary;
  }
  if (input.position != null) values.position = requireOneOf(input.position, POSITIONS, "position");
  if (input.seniority != null) values.seniority = requireOneOf(input.seniority, SENIORITIES, "seniority");
  if (input.exceptions !== undefined) values.exceptions = input.exceptions;
  return values;
}

/** Adds an entry to a budget (manager of the project); event budget-entry:create. */
export async function createBudgetEntry(ctx: RequestContext, budgetId: string, input: BudgetEntryInput): Promise<BudgetEntryRow> {
  for (const field of ["departmentId", "startDate", "monthsDuration", "dailySalary"] as const) {
    if (input[field] == null) throw new BadRequestError(`${field} is required.`, { field });
  }
  const existing = await getManagedBudget(ctx, budgetId);
  const values = await checkEntryFields(ctx, input);

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(budgetEntry).values({ ...(values as typeof budgetEntry.$inferInsert), budgetId }).returning();
    await recordEvent(tx, ctx, { name: "budget-entry:create", projectId: existing.projectId, data: { budget_entry_id: row.id, budget_id: budgetId } });
    return row;
  });
}

async function getManagedEntry(ctx: RequestContext, entryId: string): Promise<{ entry: BudgetEntryRow; projectId: string }> {
  const entry = await ctx.loaders.budgetEntryById.load(entryId);
  if (entry === null) throw new NotFoundError("Budget entry not found.");
  const parent = await getManagedBudget(ctx, entry.budgetId);
  return { entry, projectId: parent.projectId };
}

/** Updates a budget entry (manager of the project); event budget-entry:update. */
export async function updateBudgetEntry(ctx: RequestContext, entryId: string, input: BudgetEntryInput): Promise<BudgetEntryRow> {
  const { entry, projectId } = await getManagedEntry(ctx, entryId);
  const values = await checkEntryFields(ctx, input);

  return ctx.db.transaction(async (tx) => {
    const [row] = Object.keys(values).length > 0 ? await tx.update(budgetEntry).set(values).where(eq(budgetEntry.id, entryId)).returning() : [entry];
    await recordEvent(tx, ctx, { name: "budget-entry:update", projectId, data: { budget_entry_id: entryId, budget_id: entry.budgetId } });
    return row;
  });
}

/** Deletes a budget entry (manager of the project); event budget-entry:delete. */
export async function deleteBudgetEntry(ctx: RequestContext, entryId: string): Promise<BudgetEntryRow> {
  const { entry, projectId } = await getManagedEntry(ctx, entryId);

  return ctx.db.transaction(async (tx) => {
    await tx.delete(budgetEntry).where(eq(budgetEntry.id, entryId));
    await recordEvent(tx, ctx, { name: "budget-entry:delete", projectId, data: { budget_entry_id: entryId, budget_id: entry.budgetId } });
    return entry;
  });
}
