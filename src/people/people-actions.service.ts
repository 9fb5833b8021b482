import { getOrCreateOrganisation } from "./organisation.service.js";
import { issueResetToken, RESET_TOKEN_LIFETIME_MS } from "../auth/reset-tokens.js";
import { passwordResetUrl } from "../auth/account-passwords.service.js";
import { sendMail } from "../mail/outbox.js";
import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { chat, chatParticipant } from "../../schema/comments.js";
import { entity } from "../../schema/entities.js";
import { departmentLink, desktopLoginLog, person } from "../../schema/people.js";
import { project, projectStatus } from "../../schema/projects.js";
import { dayOff } from "../../schema/schedules.js";
import { hashPassword } from "../auth/passwords.js";
import { assertAdmin, isAdmin } from "../auth/permissions.js";
import { requireViewer, type RequestContext, type Viewer } from "../context.js";
import { BadRequestError, ForbiddenError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { fullEntityNames } from "../entities/entity-names.service.js";
import { formatZouTimestamp, toZouJson, type ZouJson } from "../rest/zou-json.js";
import { personToZouJson, type PersonRow } from "./person.json.js";
import { getDepartmentOrThrow, getPersonOrThrow } from "./people.writes.js";

// Person actions of Zou's persons and user blueprints: department
// membership, a password set by an admin, desktop login logs, the day-off
// lists of one person and the viewer's chats.

// NOTE(compat): Zou's default MIN_PASSWORD_LENGTH; Kumiki has no setting for it.
const MIN_PASSWORD_LENGTH = 8;

/** Returns the viewer, or throws FORBIDDEN for a bot: the user routes are for persons. */
export function requirePerson(ctx: RequestContext): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot) throw new ForbiddenError();
  return viewer;
}

/** Loads a person who is not a bot (FORBIDDEN for a bot, as Zou's check_person_is_not_bot). */
async function getHumanOrThrow(ctx: RequestContext, personId: string): Promise<PersonRow> {
  const row = await getPersonOrThrow(ctx, personId);
  if (row.isBot) throw new ForbiddenError();
  return row;
}

/** Serializes a person with the ids of their departments, read in one statement. */
export async function personWithDepartmentsJson(ctx: RequestContext, personId: string): Promise<ZouJson> {
  const [row] = await ctx.db.orm.select().from(person).where(eq(person.id, personId));
  const links = await ctx.db.orm.select({ departmentId: departmentLink.departmentId }).from(departmentLink).where(eq(departmentLink.personId, personId));
  return personToZouJson(row, links.map((link) => link.departmentId));
}

/**
 * Adds a person to a department (admins only); event person:update. An
 * unknown department is a BAD_USER_INPUT, as in Zou; adding a member again
 * changes nothing.
 */
export async function addPersonToDepartment(ctx: RequestContext, personId: string, departmentId: string): Promise<ZouJson> {
  assertAdmin(ctx);
  await assertDepartmentExists(ctx, departmentId);
  await getPersonOrThrow(ctx, personId);

  await ctx.db.transaction(async (tx) => {
    await tx.insert(departmentLink).values({ personId, departmentId }).onConflictDoNothing();
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: personId } });
  });
  return personWithDepartmentsJson(ctx, personId);
}

/** Removes a person from a department (admins only); event person:update. Not being a member is not an error. */
export async function removePersonFromDepartment(ctx: RequestContext, personId: string, departmentId: string): Promise<boolean> {
  assertAdmin(ctx);
  await assertDepartmentExists(ctx, departmentId);
  await getPersonOrThrow(ctx, personId);

  await ctx.db.transaction(async (tx) => {
    await tx.delete(departmentLink).where(and(eq(departmentLink.personId, personId), eq(departmentLink.departmentId, departmentId)));
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: personId } });
  });
  return true;
}

async function assertDepartmentExists(ctx: RequestContext, departmentId: string): Promise<void> {
  try {
    await getDepartmentOrThrow(ctx, departmentId);
  } catch {
    throw new BadRequestError("Department ID matches no department");
  }
}

/**
 * Sets another person's password (admins only, never for a bot). As in Zou,
 * an admin cannot replace the password of another admin who has one, both
 * copies must match and an inactive person is rejected.
 */
export async function setPasswordForPerson(ctx: RequestContext, personId: string, password: string, confirmation: string): Promise<boolean> {
  const target = await getHumanOrThrow(ctx, personId);
  const viewer = assertAdmin(ctx);
  if (target.id !== viewer.id && target.role === "admin" && target.password !== null) {
    throw new BadRequestError("An admin can't change another admin's password.");
  }
  if (password.length < MIN_PASSWORD_LENGTH) throw new BadRequestError("Password is too short.");
  if (password !== confirmation) throw new BadRequestError("Confirmation password doesn't match.");
  if (!target.active) throw new BadRequestError("User is unactive.");
  const hash = await hashPassword(password);

  // NOTE(compat): Zou also emails the person that an admin changed their
  // password; Kumiki sends no email yet.
  await ctx.db.transaction(async (tx) => {
    await tx.update(person).set({ password: hash }).where(eq(person.id, personId));
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: personId } });
  });
  ctx.log.warn({ personId, adminId: viewer.id }, "an admin set the password of another person");
  return true;
}

/** Lists the viewer's desktop login logs, newest first. */
export async function listDesktopLoginLogs(ctx: RequestContext): Promise<ZouJson[]> {
  const viewer = requirePerson(ctx);
  const rows = await ctx.db.orm.select().from(desktopLoginLog).where(eq(desktopLoginLog.personId, viewer.id)).orderBy(desc(desktopLoginLog.date));
  return rows.map((row) => toZouJson(desktopLoginLog, row as unknown as Record<string, unknown>, "DesktopLoginLog"));
}

/** Records a desktop login of the viewer at `date` (now when null) and updates their last presence. */
export async function logDesktopLogin(ctx: RequestContext, date: Date | null): Promise<ZouJson> {
  const viewer = requirePerson(ctx);
  const loggedAt = date ?? new Date();

  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx.insert(desktopLoginLog).values({ personId: viewer.id, date: loggedAt }).returning();
    // The last presence only moves forward: a login logged late keeps a later presence.
    const day = loggedAt.toISOString().slice(0, 10);
    await tx
      .update(person)
      .set({ lastPresence: sql`greatest(coalesce(${person.lastPresence}, ${day}::date), ${day}::date)` })
      .where(eq(person.id, viewer.id));
    return inserted;
  });
  return toZouJson(desktopLoginLog, row as unknown as Record<string, unknown>, "DesktopLoginLog");
}

export interface DayOffPeriod {
  /** First day, YYYY-MM-DD, inclusive. */
  start: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  end: string;
}

/**
 * Lists a person's days off, all of them or those overlapping a period.
 * Only the person and admins may read them; a bot has none (FORBIDDEN), as in Zou.
 */
export async function listPersonDayOffs(ctx: RequestContext, personId: string, period: DayOffPeriod | null): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  await getHumanOrThrow(ctx, personId);
  if (!isAdmin(viewer) && viewer.id !== personId) throw new ForbiddenError();

  const conditions: SQL[] = [eq(dayOff.personId, personId)];
  if (period !== null) conditions.push(gte(dayOff.endDate, period.start), lte(dayOff.date, period.end));
  const rows = await ctx.db.orm.select().from(dayOff).where(and(...conditions)).orderBy(dayOff.date);
  return rows.map((row) => toZouJson(dayOff, row as unknown as Record<string, unknown>, "DayOff"));
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Returns the first and last day of a year, or throws BAD_USER_INPUT outside 1..9999. */
export function yearPeriod(year: number): DayOffPeriod {
  checkYear(year);
  const padded = String(year).padStart(4, "0");
  return { start: `${padded}-01-01`, end: `${padded}-12-31` };
}

/** Returns the first and last day of a month (1-12). */
export function monthPeriod(year: number, month: number): DayOffPeriod {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new BadRequestError("Wrong date format: the month must be between 1 and 12.");
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lastDay = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  const prefix = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
  return { start: `${prefix}-01`, end: `${prefix}-${lastDay}` };
}

/** Returns Monday and Sunday of an ISO 8601 week (1-53). */
export function isoWeekPeriod(year: number, week: number): DayOffPeriod {
  checkYear(year);
  if (!Number.isInteger(week) || week < 1 || week > 53) throw new BadRequestError("Wrong date format: the week must be between 1 and 53.");
  // The ISO week 1 is the week holding January 4th.
  const january4 = new Date(Date.UTC(2000, 0, 4));
  january4.setUTCFullYear(year);
  const dayOfWeek = (january4.getUTCDay() + 6) % 7;
  const monday = new Date(january4.getTime() + ((week - 1) * 7 - dayOfWeek) * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { start: isoDate(monday), end: isoDate(sunday) };
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new BadRequestError("Wrong date format: the year must be between 1 and 9999.");
}

/**
 * Lists the entity chats the viewer takes part in, in open projects, each
 * with the entity's full name, project and preview, as Zou's user chats.
 */
export async function listViewerChats(ctx: RequestContext): Promise<ZouJson[]> {
  const viewer = requirePerson(ctx);
  const rows = await ctx.db.orm
    .select({ id: chat.id, objectId: chat.objectId, lastMessage: chat.lastMessage, projectId: entity.projectId, previewFileId: entity.previewFileId })
    .from(chat)
    .innerJoin(chatParticipant, and(eq(chatParticipant.chatId, chat.id), eq(chatParticipant.personId, viewer.id)))
    .innerJoin(entity, eq(entity.id, chat.objectId))
    .innerJoin(project, eq(project.id, entity.projectId))
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(eq(projectStatus.name, "Open"))
    .orderBy(desc(chat.lastMessage), chat.id);
  const names = await fullEntityNames(ctx, rows.map((row) => row.objectId));
  return rows.map((row) => ({
    id: row.id,
    object_id: row.objectId,
    last_message: formatZouTimestamp(row.lastMessage),
    entity_name: names.get(row.objectId)?.name ?? "",
    project_id: row.projectId,
    preview_file_id: row.previewFileId,
  }));
}

/**
 * Emails a person a link to choose their password and log in (admins only,
 * never for a bot). The link carries a password reset token, so it works once
 * and expires as reset links do.
 */
export async function invitePerson(ctx: RequestContext, personId: string): Promise<boolean> {
  const target = await getHumanOrThrow(ctx, personId);
  const viewer = assertAdmin(ctx);
  if (target.email === null || target.email === "") throw new BadRequestError("The person has no email address to send the invitation to.");

  const token = await issueResetToken(ctx.db, target.id);
  const organisation = await getOrCreateOrganisation(ctx.db);
  const hours = RESET_TOKEN_LIFETIME_MS / 3_600_000;
  await sendMail(ctx.config, ctx.log, {
    to: target.email,
    subject: `${organisation.name}: you are invited to Kitsu`,
    text: [
      `Hello ${target.firstName},`,
      "",
      `${viewer.person.firstName} ${viewer.person.lastName} invites you to join ${organisation.name} on Kitsu. To choose your password, open this link within ${hours} hours:`,
      "",
      passwordResetUrl(ctx, target.email, token),
      "",
      `Then log in with your email address, ${target.email}. If the link has expired, use "Forgot password" on the login page.`,
    ].join("\n"),
  });
  return true;
}
