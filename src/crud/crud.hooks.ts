import { and, eq, ilike, ne, sql, type SQL } from "drizzle-orm";
import { comment, commentAcknoledgments, commentDepartmentMentions, commentMentions, commentPreviewLink } from "../../schema/comments.js";
import { entity, entityType, taskTypeAssetTypeLink } from "../../schema/entities.js";
import { news, notification, subscription } from "../../schema/notifications.js";
import { person } from "../../schema/people.js";
import { projectStatus, projectStatusAutomationLink, projectTaskTypeLink } from "../../schema/projects.js";
import { dayOff, productionScheduleVersion, scheduleItem, timeSpent } from "../../schema/schedules.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import { previewBackgroundFile } from "../../schema/comments.js";
import { hashPassword } from "../auth/passwords.js";
import { isAdmin } from "../auth/permissions.js";
import { requireViewer } from "../context.js";
import { BadRequestError, ForbiddenError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { escapeLikePattern } from "./crud.filters.js";
import type { CrudHooks, WriteContext, ZouRecord } from "./crud.types.js";
import { messageOnlyError } from "./crud.values.js";
import { asObject, isPlainObject } from "../misc/input-checks.js";

// Zou's per-model behaviour around the generic writes (its update_data,
// check_creation_integrity, pre/post hooks), one hook set per model.

const ENTITY_STATUSES = ["standby", "running", "complete", "canceled"];
const PROJECT_STYLES = ["2d", "2dpaper", "3d", "2d3d", "ar", "vfx", "stop-motion", "motion-design", "commercial", "catalog", "immersive", "nft", "video-game", "vr"];
const METADATA_TYPES = ["string", "number", "list", "taglist", "boolean", "checklist", "date", "url", "textarea", "person"];
const ROLES = ["admin", "manager", "supervisor", "user", "client", "vendor"];

/** Person columns only admins change (Zou's person resource drops them for others). */
const ADMIN_ONLY_PERSON_COLUMNS = ["role", "active", "is_bot", "archived", "login_failed_attemps", "last_login_failed", "is_generated_from_ldap", "ldap_uid", "last_presence", "studio_id", "expiration_date"];

function checkOneOf(value: unknown, allowed: readonly string[], message: string): void {
  if (value !== undefined && value !== null && !allowed.includes(value as string)) throw new BadRequestError(message);
}

/**
 * Merges an update's `data` into the stored object, as Zou does for entities
 * and tasks. Anything but an object is rejected: spread into the stored
 * object, a string or an array would turn into numbered keys.
 */
function mergedData(stored: unknown, update: unknown): Record<string, unknown> {
  if (!isPlainObject(update)) throw new BadRequestError("data must be a JSON object.");
  return { ...asObject(stored), ...update };
}

export const entityHooks: CrudHooks = {
  async beforeCreate({ ctx }, data) {
    checkOneOf(data.status, ENTITY_STATUSES, "Invalid status");
    data.created_by = requireViewer(ctx).id;
  },
  async beforeUpdate(_write, stored, changes) {
    checkOneOf(changes.status, ENTITY_STATUSES, "Invalid status");
    // Zou merges the data JSON of an entity instead of replacing it.
    if ("data" in changes) changes.data = mergedData(stored.data, changes.data ?? {});
  },
  eventOf(action, json) {
    const kind = String(json.type).toLowerCase();
    return { name: `${kind}:${action}`, data: { [`${kind}_id`]: json.id } };
  },
};

export const entityTypeHooks: CrudHooks = {
  async beforeCreate({ tx }, data) {
    if (typeof data.name !== "string") return;
    const [existing] = await tx.select({ id: entityType.id }).from(entityType).where(ilike(entityType.name, escapeLikePattern(data.name))).limit(1);
    if (existing !== undefined) throw new BadRequestError("Entity type with this name already exists");
  },
  async afterUpdate({ tx }, updated, _changes, json) {
    const links = await tx.select({ id: taskTypeAssetTypeLink.taskTypeId }).from(taskTypeAssetTypeLink).where(eq(taskTypeAssetTypeLink.assetTypeId, updated.id as string));
    json.task_types = links.map((link) => link.id);
  },
  eventOf(action, json) {
    return { name: `asset-type:${action}`, data: { asset_type_id: json.id } };
  },
};

async function assertTaskTypeNameFree(write: WriteContext, name: unknown, exceptId?: string): Promise<void> {
  if (typeof name !== "string") return;
  const conditions: SQL[] = [eq(taskType.name, name)];
  if (exceptId !== undefined) conditions.push(ne(taskType.id, exceptId));
  const [existing] = await write.tx.select({ id: taskType.id }).from(taskType).where(and(...conditions)).limit(1);
  if (existing !== undefined) throw new BadRequestError("A task type with similar name already exists");
}

export const taskTypeHooks: CrudHooks = {
  async beforeCreate(write, data) {
    await assertTaskTypeNameFree(write, data.name);
  },
  async beforeUpdate(write, stored, changes) {
    await assertTaskTypeNameFree(write, changes.name, stored.id as string);
  },
  async beforeDelete({ tx }, stored, force) {
    const id = stored.id as string;
    if (force) {
      await tx.delete(scheduleItem).where(eq(scheduleItem.taskTypeId, id));
      await tx.delete(projectTaskTypeLink).where(eq(projectTaskTypeLink.taskTypeId, id));
      return;
    }
    const blockers: string[] = [];
    if ((await tx.select({ id: scheduleItem.id }).from(scheduleItem).where(eq(scheduleItem.taskTypeId, id)).limit(1)).length > 0) blockers.push("schedule items");
    if ((await tx.select({ id: projectTaskTypeLink.id }).from(projectTaskTypeLink).where(eq(projectTaskTypeLink.taskTypeId, id)).limit(1)).length > 0) blockers.push("projects");
    if (blockers.length > 0) {
      throw new BadRequestError(`Task type is attached to ${blockers.join(" and ")}. Re-issue the request with force=true to detach.`);
    }
  },
};

/** A new default task status replaces the previous default. */
async function unsetDefaultTaskStatus(write: WriteContext, values: ZouRecord): Promise<void> {
  if (values.is_default === true) await write.tx.update(taskStatus).set({ isDefault: false }).where(eq(taskStatus.isDefault, true));
}

export const taskStatusHooks: CrudHooks = {
  beforeCreate: unsetDefaultTaskStatus,
  beforeUpdate: (write, _stored, changes) => unsetDefaultTaskStatus(write, changes),
};

const previousAssignees = new WeakMap<WriteContext, Set<string>>();

async function assigneesOf(write: WriteContext, taskId: string): Promise<Set<string>> {
  const rows = await write.tx.select({ personId: taskPersonLink.personId }).from(taskPersonLink).where(eq(taskPersonLink.taskId, taskId));
  return new Set(rows.map((row) => row.personId));
}

export const taskHooks: CrudHooks = {
  async beforeCreate(_write, data) {
    if (typeof data.name !== "string" || data.name === "") data.name = "main";
  },
  async beforeUpdate(write, stored, changes, links) {
    if (links.has("assignees")) previousAssignees.set(write, await assigneesOf(write, stored.id as string));
    if (changes.data !== undefined && changes.data !== null) changes.data = mergedData(stored.data, changes.data);
  },
  async afterUpdate(write, updated) {
    const before = previousAssignees.get(write);
    if (before === undefined) return;
    const after = await assigneesOf(write, updated.id as string);
    const projectId = updated.project_id as string | null;
    for (const personId of after) {
      if (!before.has(personId)) await recordEvent(write.tx, write.ctx, { name: "task:assign", projectId, data: { task_id: updated.id, person_id: personId } });
    }
    for (const personId of before) {
      if (!after.has(personId)) await recordEvent(write.tx, write.ctx, { name: "task:unassign", projectId, data: { task_id: updated.id, person_id: personId } });
    }
  },
  async beforeDelete({ tx }, stored, force) {
    if (!force) return;
    // NOTE: force purges the task's comments, time spents, subscriptions, news
    // and notifications; preview files still block the deletion with a 400.
    const id = stored.id as string;
    const comments = sql`(select ${comment.id} from ${comment} where ${eq(comment.objectId, id)})`;
    await tx.delete(notification).where(eq(notification.taskId, id));
    await tx.delete(news).where(eq(news.taskId, id));
    await tx.delete(commentPreviewLink).where(sql`${commentPreviewLink.comment} in ${comments}`);
    await tx.delete(commentMentions).where(sql`${commentMentions.comment} in ${comments}`);
    await tx.delete(commentDepartmentMentions).where(sql`${commentDepartmentMentions.comment} in ${comments}`);
    await tx.delete(commentAcknoledgments).where(sql`${commentAcknoledgments.comment} in ${comments}`);
    await tx.delete(comment).where(eq(comment.objectId, id));
    await tx.delete(timeSpent).where(eq(timeSpent.taskId, id));
    await tx.delete(subscription).where(eq(subscription.taskId, id));
  },
};

const CONTRACT_TYPES = ["open-ended", "fixed-term", "short-term", "freelance", "apprentice", "internship"];
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const LOCALE_PATTERN = /^[a-z]{2,3}(_[A-Z]{2})?$/;

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** Tells whether a locale code such as fr_FR names a known language (and region), as Zou checks with Babel. */
function isKnownLocale(value: unknown): boolean {
  if (typeof value !== "string" || !LOCALE_PATTERN.test(value)) return false;
  const [language, region] = value.split("_");
  if (languageNames.of(language) === undefined) return false;
  const regionName = region === undefined ? "" : regionNames.of(region);
  return regionName !== undefined && regionName !== "Unknown Region";
}

/** Rejects the person values Zou's person resource rejects: email, contract type and locale. */
function checkPersonValues(values: Record<string, unknown>): void {
  if (typeof values.email === "string" && !EMAIL_PATTERN.test(values.email.trim())) throw new BadRequestError("Invalid email");
  checkOneOf(values.contract_type, CONTRACT_TYPES, "Invalid contract type");
  if (values.locale !== undefined && values.locale !== null && !isKnownLocale(values.locale)) throw new BadRequestError("Invalid locale");
}

export const personHooks: CrudHooks = {
  // Share-link guests are people too, but studio lists leave them out unless asked for.
  extraFilters(_ctx, params) {
    return params.is_guest === undefined ? [sql`${person.isGuest} is not true`] : [];
  },
  async beforeCreate({ tx, body }, data) {
    checkOneOf(data.role, ROLES, "Invalid role");
    checkPersonValues(data);
    if (typeof body.password === "string" && body.password !== "") data.password = await hashPassword(body.password);
    if (typeof data.email === "string") {
      data.email = data.email.trim().toLowerCase();
      if (data.is_bot !== true) {
        const [existing] = await tx.select({ id: person.id }).from(person).where(and(eq(person.email, data.email as string), sql`${person.isBot} is not true`)).limit(1);
        if (existing !== undefined) throw new BadRequestError("Email already in use.");
      }
    }
  },
  async beforeUpdate({ ctx, tx }, stored, changes, links) {
    if (!isAdmin(requireViewer(ctx))) {
      for (const column of ADMIN_ONLY_PERSON_COLUMNS) delete changes[column];
      links.delete("departments");
    }
    checkOneOf(changes.role, ROLES, "Invalid role");
    checkPersonValues(changes);
    if (typeof changes.email === "string") {
      changes.email = changes.email.trim().toLowerCase();
      const [existing] = await tx
        .select({ id: person.id })
        .from(person)
        .where(and(eq(person.email, changes.email as string), ne(person.id, stored.id as string), sql`${person.isBot} is not true`))
        .limit(1);
      if (existing !== undefined && stored.is_bot !== true) throw new BadRequestError("Email already in use.");
    }
  },
};

async function openStatusId(write: WriteContext): Promise<string> {
  const [open] = await write.tx.select({ id: projectStatus.id }).from(projectStatus).where(eq(projectStatus.name, "Open")).limit(1);
  if (open !== undefined) return open.id;
  const [created] = await write.tx.insert(projectStatus).values({ name: "Open", color: "#000000" }).returning({ id: projectStatus.id });
  return created.id;
}

export const projectHooks: CrudHooks = {
  async beforeCreate(write, data) {
    if (data.production_style === null) data.production_style = "2d3d";
    checkOneOf(data.production_style, PROJECT_STYLES, "Invalid production_style");
    data.project_status_id ??= await openStatusId(write);
  },
  async beforeUpdate(_write, _stored, changes) {
    if (changes.production_style === null) changes.production_style = "2d3d";
    checkOneOf(changes.production_style, PROJECT_STYLES, "Invalid production_style");
  },
  async beforeDelete({ tx }, stored) {
    const [status] = await tx.select({ name: projectStatus.name }).from(projectStatus).where(eq(projectStatus.id, stored.project_status_id as string));
    if (status?.name === "Open") throw new BadRequestError("Only closed projects can be deleted");
    // TODO: force=true should purge the project's entities, tasks and files,
    // as Zou's remove_project does; today a project with data gets a 400.
  },
  async decorateOne(ctx, json) {
    if (!isUuid(json.project_status_id)) return;
    const status = await ctx.loaders.projectStatusById.load(json.project_status_id);
    json.project_status_name = status?.name ?? null;
  },
};

export const commentHooks: CrudHooks = {
  async beforeUpdate({ ctx }, _stored, changes) {
    changes.editor_id = requireViewer(ctx).id;
  },
  eventOf(action, json) {
    return action === "update" ? { name: "comment:update", data: { comment_id: json.id, task_id: json.object_id } } : undefined;
  },
};

/** Zou keeps a task's duration as the sum of its time spents and announces the change. */
async function refreshTaskDuration(write: WriteContext, record: ZouRecord): Promise<void> {
  const taskId = record.task_id as string;
  const [row] = await write.tx
    .update(task)
    .set({ duration: sql`(select coalesce(sum(${timeSpent.duration}), 0) from ${timeSpent} where ${eq(timeSpent.taskId, taskId)})`, updatedAt: new Date() })
    .where(eq(task.id, taskId))
    .returning({ projectId: task.projectId });
  if (row !== undefined) await recordEvent(write.tx, write.ctx, { name: "task:update", projectId: row.projectId, data: { task_id: taskId } });
}

export const timeSpentHooks: CrudHooks = {
  afterCreate: refreshTaskDuration,
  afterUpdate: (write, updated) => refreshTaskDuration(write, updated),
  afterDelete: refreshTaskDuration,
  extraFilters(_ctx, params) {
    const start = params.start_date;
    const end = params.end_date;
    if (start === undefined && end === undefined) return undefined;
    if (start === undefined || end === undefined) {
      throw new BadRequestError("If querying for a range of dates, both a `start_date` and an `end_date` must be given.");
    }
    if (!/^\d{4}-\d{2}-\d{2}/.test(start) || !/^\d{4}-\d{2}-\d{2}/.test(end)) throw new BadRequestError("Invalid date range: expected YYYY-MM-DD dates.");
    return [sql`${timeSpent.date} between ${start.slice(0, 10)}::date and ${end.slice(0, 10)}::date`];
  },
};

async function assertNoOverlappingDayOff(write: WriteContext, values: ZouRecord, exceptId?: string): Promise<void> {
  if (typeof values.date !== "string" || typeof values.end_date !== "string" || typeof values.person_id !== "string") return;
  const conditions: SQL[] = [eq(dayOff.personId, values.person_id), sql`${dayOff.date} <= ${values.end_date}::date`, sql`${dayOff.endDate} >= ${values.date}::date`];
  if (exceptId !== undefined) conditions.push(ne(dayOff.id, exceptId));
  const [existing] = await write.tx.select({ id: dayOff.id }).from(dayOff).where(and(...conditions)).limit(1);
  if (existing !== undefined) throw new BadRequestError("Day off already exists for this period");
}

/** Zou deletes the time spents a day off covers. */
async function removeCoveredTimeSpents(write: WriteContext, record: ZouRecord): Promise<void> {
  await write.tx
    .delete(timeSpent)
    .where(and(eq(timeSpent.personId, record.person_id as string), sql`${timeSpent.date} between ${record.date}::date and ${record.end_date}::date`));
}

export const dayOffHooks: CrudHooks = {
  async beforeCreate(write, data) {
    await assertNoOverlappingDayOff(write, data);
  },
  afterCreate: removeCoveredTimeSpents,
  async beforeUpdate(write, stored, changes) {
    if ("person_id" in changes && changes.person_id !== stored.person_id && !isAdmin(requireViewer(write.ctx))) throw new ForbiddenError();
    await assertNoOverlappingDayOff(write, { ...stored, ...changes }, stored.id as string);
  },
  afterUpdate: (write, updated) => removeCoveredTimeSpents(write, updated),
};

export const customActionHooks: CrudHooks = {
  async beforeCreate(_write, data) {
    if (data.name === undefined || data.name === null) throw new BadRequestError("The 'name' field is required and cannot be None.");
  },
  async beforeUpdate(write, _stored, changes) {
    if ("name" in write.body && write.body.name === null) throw new BadRequestError("The 'name' field cannot be set to None.");
    if (changes.name === null) delete changes.name;
  },
};

export const statusAutomationHooks: CrudHooks = {
  async beforeDelete({ tx }, stored) {
    const [link] = await tx.select({ projectId: projectStatusAutomationLink.projectId }).from(projectStatusAutomationLink).where(eq(projectStatusAutomationLink.statusAutomationId, stored.id as string)).limit(1);
    if (link !== undefined) throw messageOnlyError("This automation is used in a project.");
  },
};

export const playlistHooks: CrudHooks = {
  async beforeCreate({ ctx }, data) {
    data.created_by = requireViewer(ctx).id;
  },
};

async function assertBackgroundNameFree(write: WriteContext, name: unknown, exceptId?: string): Promise<void> {
  if (typeof name !== "string") return;
  const conditions: SQL[] = [eq(previewBackgroundFile.name, name)];
  if (exceptId !== undefined) conditions.push(ne(previewBackgroundFile.id, exceptId));
  const [existing] = await write.tx.select({ id: previewBackgroundFile.id }).from(previewBackgroundFile).where(and(...conditions)).limit(1);
  if (existing !== undefined) throw new BadRequestError("A preview background file with similar name already exists");
}

/** A new default background file replaces the previous default. */
async function resetDefaultBackground(write: WriteContext, record: ZouRecord): Promise<void> {
  if (record.is_default !== true) return;
  await write.tx.update(previewBackgroundFile).set({ isDefault: false }).where(and(eq(previewBackgroundFile.isDefault, true), ne(previewBackgroundFile.id, record.id as string)));
}

export const previewBackgroundFileHooks: CrudHooks = {
  beforeCreate: (write, data) => assertBackgroundNameFree(write, data.name),
  afterCreate: resetDefaultBackground,
  beforeUpdate: (write, stored, changes) => assertBackgroundNameFree(write, changes.name, stored.id as string),
  afterUpdate: (write, updated) => resetDefaultBackground(write, updated),
};

export const scheduleItemHooks: CrudHooks = {
  async beforeCreate({ tx }, data) {
    const conditions: SQL[] = [];
    for (const [column, name] of [
      [scheduleItem.projectId, "project_id"],
      [scheduleItem.taskTypeId, "task_type_id"],
      [scheduleItem.objectId, "object_id"],
    ] as const) {
      const value = data[name];
      conditions.push(typeof value === "string" ? eq(column, value) : sql`${column} is null`);
    }
    const [existing] = await tx.select({ id: scheduleItem.id }).from(scheduleItem).where(and(...conditions)).limit(1);
    if (existing !== undefined) throw new BadRequestError("A similar schedule item already exists");
  },
  async beforeUpdate(_write, _stored, changes) {
    // Zou drops a man_days sent as text.
    if (typeof changes.man_days === "string") delete changes.man_days;
  },
};

export const metadataDescriptorHooks: CrudHooks = {
  beforeCreate: async (_write, data) => checkOneOf(data.data_type, METADATA_TYPES, "Invalid data_type"),
  beforeUpdate: async (_write, _stored, changes) => checkOneOf(changes.data_type, METADATA_TYPES, "Invalid data_type"),
};

export const scheduleVersionTaskLinkHooks: CrudHooks = {
  async beforeCreate({ tx }, data) {
    if (!isUuid(data.production_schedule_version_id) || !isUuid(data.task_id)) return;
    const [version] = await tx.select({ projectId: productionScheduleVersion.projectId }).from(productionScheduleVersion).where(eq(productionScheduleVersion.id, data.production_schedule_version_id));
    const [taskRow] = await tx.select({ projectId: task.projectId }).from(task).where(eq(task.id, data.task_id));
    if (version !== undefined && taskRow !== undefined && version.projectId !== taskRow.projectId) {
      throw new BadRequestError("The task and the production schedule version must be in the same project.");
    }
  },
  extraFilters(_ctx, params) {
    const projectId = params.project_id;
    if (projectId === undefined) return undefined;
    if (!isUuid(projectId)) throw new BadRequestError(`Invalid UUID value: ${String(projectId).slice(0, 80)}`);
    return [sql`task_id in (select ${task.id} from ${task} where ${eq(task.projectId, projectId)})`];
  },
};

export const taskListHooks: CrudHooks = {
  ...taskHooks,
  extraFilters(_ctx, params) {
    const episodeId = params.episode_id;
    if (episodeId === undefined) return undefined;
    if (!isUuid(episodeId)) throw new BadRequestError(`Invalid UUID value: ${String(episodeId).slice(0, 80)}`);
    // Tasks of the shots whose sequence belongs to the episode, as Zou filters them.
    return [
      sql`${task.entityId} in (select shot.id from ${entity} shot join ${entity} sequence on shot.parent_id = sequence.id where sequence.parent_id = ${episodeId}::uuid)`,
    ];
  },
};
