import { and, eq, ne, sql } from "drizzle-orm";
import { loginLog, desktopLoginLog, department, departmentLink, organisation, person, studio } from "../../schema/people.js";
import { projectPersonLink } from "../../schema/projects.js";
import { notification, subscription } from "../../schema/notifications.js";
import { taskPersonLink } from "../../schema/tasks.js";
import { dayOff } from "../../schema/schedules.js";
import { searchFilter, searchFilterGroup } from "../../schema/misc.js";
import { hashPassword } from "../auth/passwords.js";
import { assertAdmin, isAdmin } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { definedFields, optionalId, optionalText, requireColor, requireOneOf, requireText, requireWholeNumber } from "../misc/input-checks.js";
import { getOrCreateOrganisation, type OrganisationRow } from "./organisation.service.js";
import type { PersonRow } from "./person.json.js";
import type { DepartmentRow, StudioRow } from "./people.loaders.js";
import type { CreatePersonInput, NamedColorInput, UpdateNamedColorInput, UpdatePersonInput } from "./person.type.js";

// Writes of the people domain: persons, departments, studios and the
// organisation. Each runs in one transaction and records Zou's event.

const ROLES = ["admin", "manager", "supervisor", "user", "client", "vendor"] as const;
const CONTRACT_TYPES = ["open-ended", "fixed-term", "short-term", "freelance", "apprentice", "internship"] as const;
const POSITIONS = ["supervisor", "lead", "artist"] as const;
const SENIORITIES = ["senior", "mid", "junior"] as const;

// NOTE(compat): Zou's defaults for DEFAULT_TIMEZONE and DEFAULT_LOCALE; Kumiki
// has no setting for them yet.
const DEFAULT_TIMEZONE = "Europe/Paris";
const DEFAULT_LOCALE = "en_US";

/** Fields a person may change on their own account; the rest needs an admin. */
const SELF_EDITABLE = new Set(["firstName", "lastName", "phone", "timezone", "locale", "desktopLogin"]);

function checkEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 255) throw new BadRequestError(`Invalid email address: ${value.slice(0, 80)}`, { field: "email" });
  return email;
}

async function checkPassword(value: string): Promise<Buffer> {
  if (value.length < 8) throw new BadRequestError("Password is too short: it needs at least 8 characters.", { field: "password" });
  return hashPassword(value);
}

async function assertStudioExists(ctx: RequestContext, studioId: string | null | undefined): Promise<void> {
  if (studioId === undefined || studioId === null) return;
  if ((await ctx.loaders.studioById.load(studioId)) === null) throw new NotFoundError("Studio not found.");
}

async function checkDepartmentIds(ctx: RequestContext, ids: string[] | null | undefined): Promise<string[] | undefined> {
  if (ids === undefined || ids === null) return undefined;
  const parsed = [...new Set(ids.map(parseId))];
  const rows = await ctx.loaders.departmentById.loadMany(parsed);
  if (rows.some((row) => row === null || row instanceof Error)) throw new NotFoundError("Department not found.");
  return parsed;
}

async function replaceDepartments(tx: Orm, personId: string, departmentIds: string[]): Promise<void> {
  await tx.delete(departmentLink).where(eq(departmentLink.personId, personId));
  if (departmentIds.length > 0) await tx.insert(departmentLink).values(departmentIds.map((departmentId) => ({ personId, departmentId })));
}

/** Creates a person (admin only); the password, when given, is stored as a bcrypt hash. */
export async function createPerson(ctx: RequestContext, input: CreatePersonInput): Promise<PersonRow> {
  assertAdmin(ctx);

  const isBot = input.isBot ?? false;
  const values: typeof person.$inferInsert = {
    firstName: requireText(input.firstName, "firstName", 80),
    lastName: optionalText(input.lastName, "lastName", 80) ?? "",
    isBot,
    role: input.role === undefined || input.role === null ? "user" : requireOneOf(input.role, ROLES, "role"),
    active: input.active ?? true,
    phone: optionalText(input.phone, "phone", 30),
    desktopLogin: optionalText(input.desktopLogin, "desktopLogin", 80),
    timezone: optionalText(input.timezone, "timezone", 50) ?? DEFAULT_TIMEZONE,
    locale: optionalText(input.locale, "locale", 10) ?? DEFAULT_LOCALE,
    studioId: optionalId(input.studioId),
  };
  if (input.email !== undefined && input.email !== null) values.email = checkEmail(input.email);
  else if (!isBot) throw new BadRequestError("email is required for a person who is not a bot.", { field: "email" });
  if (input.contractType != null) values.contractType = requireOneOf(input.contractType, CONTRACT_TYPES, "contractType");
  if (input.position != null) values.position = requireOneOf(input.position, POSITIONS, "position");
  if (input.seniority != null) values.seniority = requireOneOf(input.seniority, SENIORITIES, "seniority");
  if (input.dailySalary != null) values.dailySalary = requireWholeNumber(input.dailySalary, "dailySalary");
  if (input.password != null) values.password = await checkPassword(input.password);
  await assertStudioExists(ctx, values.studioId);
  const departmentIds = await checkDepartmentIds(ctx, input.departmentIds);

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(person).values(values).returning();
    if (departmentIds !== undefined) await replaceDepartments(tx, row.id, departmentIds);
    await recordEvent(tx, ctx, { name: "person:new", data: { person_id: row.id } });
    return row;
  });
}

export async function getPersonOrThrow(ctx: RequestContext, personId: string): Promise<PersonRow> {
  const row = await ctx.loaders.personById.load(personId);
  if (row === null) throw new NotFoundError("Person not found.");
  return row;
}

/** Updates a person: admins change anything, a person changes a few fields of their own account. */
export async function updatePerson(ctx: RequestContext, personId: string, input: UpdatePersonInput): Promise<PersonRow> {
  const viewer = requireViewer(ctx);
  const existing = await getPersonOrThrow(ctx, personId);
  const changes = definedFields(input);
  if (!isAdmin(viewer)) {
    const onlyOwnFields = existing.id === viewer.id && Object.keys(changes).every((key) => SELF_EDITABLE.has(key));
    if (!onlyOwnFields) throw new ForbiddenError();
  }

  const values: Partial<typeof person.$inferInsert> = {};
  if (changes.firstName !== undefined) values.firstName = requireText(changes.firstName, "firstName", 80);
  if (changes.lastName !== undefined) values.lastName = optionalText(changes.lastName, "lastName", 80) ?? "";
  if (changes.email !== undefined) values.email = checkEmail(changes.email);
  if (changes.password !== undefined) values.password = await checkPassword(changes.password);
  if (changes.phone !== undefined) values.phone = optionalText(changes.phone, "phone", 30);
  if (changes.role !== undefined) values.role = requireOneOf(changes.role, ROLES, "role");
  if (changes.contractType !== undefined) values.contractType = requireOneOf(changes.contractType, CONTRACT_TYPES, "contractType");
  if (changes.position !== undefined) values.position = requireOneOf(changes.position, POSITIONS, "position");
  if (changes.seniority !== undefined) values.seniority = requireOneOf(changes.seniority, SENIORITIES, "seniority");
  if (changes.dailySalary !== undefined) values.dailySalary = requireWholeNumber(changes.dailySalary, "dailySalary");
  if (changes.active !== undefined) values.active = changes.active;
  if (changes.archived !== undefined) values.archived = changes.archived;
  if (changes.desktopLogin !== undefined) values.desktopLogin = optionalText(changes.desktopLogin, "desktopLogin", 80);
  if (changes.timezone !== undefined) values.timezone = requireText(changes.timezone, "timezone", 50);
  if (changes.locale !== undefined) values.locale = requireText(changes.locale, "locale", 10);
  if (changes.studioId !== undefined) {
    values.studioId = optionalId(changes.studioId);
    await assertStudioExists(ctx, values.studioId);
  }
  if (viewer.id === existing.id && values.role !== undefined && values.role !== existing.role) {
    // Zou's rule: an admin cannot demote themselves and lock the studio out.
    throw new BadRequestError("You cannot change your own role.", { field: "role" });
  }
  const departmentIds = await checkDepartmentIds(ctx, changes.departmentIds);

  return ctx.db.transaction(async (tx) => {
    const [row] = Object.keys(values).length > 0 ? await tx.update(person).set(values).where(eq(person.id, personId)).returning() : [existing];
    if (departmentIds !== undefined) await replaceDepartments(tx, personId, departmentIds);
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: personId } });
    return row;
  });
}

/**
 * Deletes a person (admin only, never oneself) with their memberships,
 * subscriptions, notifications, days off and saved filters. A person who
 * authored work (comments, time spent, files...) stays referenced, so the
 * database refuses and the call fails with BAD_USER_INPUT: archive them instead.
 */
export async function deletePerson(ctx: RequestContext, personId: string): Promise<PersonRow> {
  const viewer = assertAdmin(ctx);
  const existing = await getPersonOrThrow(ctx, personId);
  if (existing.id === viewer.id) throw new ForbiddenError("You cannot delete your own account.");

  return ctx.db.transaction(async (tx) => {
    await tx.delete(departmentLink).where(eq(departmentLink.personId, personId));
    await tx.delete(projectPersonLink).where(eq(projectPersonLink.personId, personId));
    await tx.delete(taskPersonLink).where(eq(taskPersonLink.personId, personId));
    await tx.delete(subscription).where(eq(subscription.personId, personId));
    await tx.delete(notification).where(eq(notification.personId, personId));
    await tx.delete(dayOff).where(eq(dayOff.personId, personId));
    await tx.delete(searchFilter).where(eq(searchFilter.personId, personId));
    await tx.delete(searchFilterGroup).where(eq(searchFilterGroup.personId, personId));
    await tx.delete(loginLog).where(eq(loginLog.personId, personId));
    await tx.delete(desktopLoginLog).where(eq(desktopLoginLog.personId, personId));
    await tx.delete(person).where(eq(person.id, personId));
    await recordEvent(tx, ctx, { name: "person:delete", data: { person_id: personId } });
    return existing;
  });
}

function checkNamedColor(input: Partial<NamedColorInput>) {
  const values: { name?: string; color?: string; archived?: boolean } = {};
  if (input.name !== undefined) values.name = requireText(input.name, "name", 80);
  if (input.color !== undefined) values.color = requireColor(input.color);
  if (input.archived !== undefined) values.archived = input.archived;
  return values;
}

async function assertNameFree(ctx: RequestContext, table: typeof department | typeof studio, name: string, exceptId?: string) {
  const condition = exceptId === undefined ? eq(sql`lower(${table.name})`, name.toLowerCase()) : and(eq(sql`lower(${table.name})`, name.toLowerCase()), ne(table.id, exceptId));
  const rows = await ctx.db.orm.select({ id: table.id }).from(table).where(condition).limit(1);
  if (rows.length > 0) throw new BadRequestError(`The name ${name} is already used.`, { field: "name" });
}

export async function createDepartment(ctx: RequestContext, input: NamedColorInput): Promise<DepartmentRow> {
  assertAdmin(ctx);
  const values = checkNamedColor(input) as Required<NamedColorInput>;
  await assertNameFree(ctx, department, values.name);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(department).values(values).returning();
    await recordEvent(tx, ctx, { name: "department:new", data: { department_id: row.id } });
    return row;
  });
}

export async function getDepartmentOrThrow(ctx: RequestContext, departmentId: string): Promise<DepartmentRow> {
  const row = await ctx.loaders.departmentById.load(departmentId);
  if (row === null) throw new NotFoundError("Department not found.");
  return row;
}

export async function updateDepartment(ctx: RequestContext, departmentId: string, input: UpdateNamedColorInput): Promise<DepartmentRow> {
  await getDepartmentOrThrow(ctx, departmentId);
  assertAdmin(ctx);
  const values = checkNamedColor(definedFields(input));
  if (values.name !== undefined) await assertNameFree(ctx, department, values.name, departmentId);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(department).set(values).where(eq(department.id, departmentId)).returning();
    await recordEvent(tx, ctx, { name: "department:update", data: { department_id: departmentId } });
    return row;
  });
}

/** Deletes a department and its memberships; other references (budgets, task types...) make it fail with BAD_USER_INPUT. */
export async function deleteDepartment(ctx: RequestContext, departmentId: string): Promise<DepartmentRow> {
  const existing = await getDepartmentOrThrow(ctx, departmentId);
  assertAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    await tx.delete(departmentLink).where(eq(departmentLink.departmentId, departmentId));
    await tx.delete(department).where(eq(department.id, departmentId));
    await recordEvent(tx, ctx, { name: "department:delete", data: { department_id: departmentId } });
    return existing;
  });
}

export async function createStudio(ctx: RequestContext, input: NamedColorInput): Promise<StudioRow> {
  assertAdmin(ctx);
  const values = checkNamedColor(input) as Required<NamedColorInput>;
  await assertNameFree(ctx, studio, values.name);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(studio).values(values).returning();
    await recordEvent(tx, ctx, { name: "studio:new", data: { studio_id: row.id } });
    return row;
  });
}

export async function getStudioOrThrow(ctx: RequestContext, studioId: string): Promise<StudioRow> {
  const row = await ctx.loaders.studioById.load(studioId);
  if (row === null) throw new NotFoundError("Studio not found.");
  return row;
}

export async function updateStudio(ctx: RequestContext, studioId: string, input: UpdateNamedColorInput): Promise<StudioRow> {
  await getStudioOrThrow(ctx, studioId);
  assertAdmin(ctx);
  const values = checkNamedColor(definedFields(input));
  if (values.name !== undefined) await assertNameFree(ctx, studio, values.name, studioId);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(studio).set(values).where(eq(studio.id, studioId)).returning();
    await recordEvent(tx, ctx, { name: "studio:update", data: { studio_id: studioId } });
    return row;
  });
}

/** Deletes a studio; Zou resolves the id before the role check, so outsiders get 404 for unknown ids. */
export async function deleteStudio(ctx: RequestContext, studioId: string): Promise<StudioRow> {
  const existing = await getStudioOrThrow(ctx, studioId);
  assertAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    await tx.delete(studio).where(eq(studio.id, studioId));
    await recordEvent(tx, ctx, { name: "studio:delete", data: { studio_id: studioId } });
    return existing;
  });
}

export interface OrganisationChanges {
  name?: string;
  hoursByDay?: number;
  useOriginalFileName?: boolean;
  timesheetsLocked?: boolean;
  formatDurationInHours?: boolean;
  hdByDefault?: boolean;
  darkThemeByDefault?: boolean;
}

export async function updateOrganisation(ctx: RequestContext, input: OrganisationChanges): Promise<OrganisationRow> {
  assertAdmin(ctx);
  const values = definedFields(input);
  if (values.name !== undefined) values.name = requireText(values.name, "name", 80);
  if (values.hoursByDay !== undefined && !(values.hoursByDay > 0 && values.hoursByDay <= 24)) {
    throw new BadRequestError("hoursByDay must be more than 0 and at most 24.", { field: "hoursByDay" });
  }
  const existing = await getOrCreateOrganisation(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(organisation).set(values).where(eq(organisation.id, existing.id)).returning();
    await recordEvent(tx, ctx, { name: "organisation:update", data: { organisation_id: existing.id } });
    return row;
  });
}
