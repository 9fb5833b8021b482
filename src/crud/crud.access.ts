import { and, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { chat, chatMessage, comment } from "../../schema/comments.js";
import { entity } from "../../schema/entities.js";
import { project, projectStatus } from "../../schema/projects.js";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { effectiveProjectRole, isAdmin, isManager } from "../auth/permissions.js";
import { requireViewer, type GlobalRole, type RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { idIn } from "../db/loader.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { zouColumn } from "./crud.columns.js";
import type { AccessRule, CrudModel, ProjectScope, VendorScope, ZouRecord } from "./crud.types.js";

// Permission checks of the generic CRUD routes, following the hooks of Zou's
// per-model resources (check_read_permissions, add_project_permission_filter…).
// Where Zou lets a role see rows of productions it is not on the team of,
// these checks narrow the rows anyway.

const PROJECT_RULES: ReadonlySet<AccessRule> = new Set([
  "project-member",
  "project-member-not-vendor",
  "project-staff",
  "entity-access",
  "project-supervisor",
  "project-manager",
  "task-actor",
  "creator-or-project-manager",
  "owner-or-project-manager",
]);

function scopeTable(name: "entity" | "task") {
  return name === "entity" ? { table: entity as PgTable, id: entity.id, projectId: entity.projectId } : { table: task as PgTable, id: task.id, projectId: task.projectId };
}

/** Returns the project a row (or a creation payload) belongs to, or null when it has none. */
export async function projectIdOf(ctx: RequestContext, model: CrudModel, record: ZouRecord, orm: Orm = ctx.db.orm): Promise<string | null> {
  const scope = model.scope;
  if (scope === undefined) return null;
  switch (scope.kind) {
    case "project":
      return typeof record.id === "string" ? record.id : null;
    case "column": {
      const value = record[scope.column];
      return typeof value === "string" ? value : null;
    }
    case "through": {
      const value = record[scope.column];
      if (!isUuid(value)) return null;
      const target = scopeTable(scope.table);
      const [row] = await orm.select({ projectId: target.projectId }).from(target.table).where(eq(target.id, value));
      return (row?.projectId as string | null | undefined) ?? null;
    }
    case "attachment":
      return attachmentProjectId(orm, record);
  }
}

async function attachmentProjectId(orm: Orm, record: ZouRecord): Promise<string | null> {
  if (isUuid(record.comment_id)) {
    const [row] = await orm
      .select({ projectId: task.projectId })
      .from(comment)
      .innerJoin(task, eq(task.id, comment.objectId))
      .where(eq(comment.id, record.comment_id));
    return row?.projectId ?? null;
  }
  if (isUuid(record.chat_message_id)) {
    const [row] = await orm
      .select({ projectId: entity.projectId })
      .from(chatMessage)
      .innerJoin(chat, eq(chat.id, chatMessage.chatId))
      .innerJoin(entity, eq(entity.id, chat.objectId))
      .where(eq(chatMessage.id, record.chat_message_id));
    return row?.projectId ?? null;
  }
  return null;
}

/** The viewer's role in the project: null when off its team; 404 when the project does not exist. */
async function projectRole(ctx: RequestContext, projectId: string): Promise<GlobalRole | null> {
  const role = await effectiveProjectRole(ctx, projectId);
  // A team link references its project (foreign key), so the project is read
  // only when the viewer has no link to it: to tell 404 from 403.
  if (role !== null && role !== "admin") return role;
  const project = await ctx.loaders.projectById.load(projectId);
  if (project === null) throw new NotFoundError("Project not found.");
  return role;
}

/** The entity an attachment ($1) hangs on: its comment's task entity, else its chat message's chat entity. */
const ATTACHMENT_ENTITY_SQL = `select coalesce(
  (select t.entity_id from attachment_file a join comment c on c.id = a.comment_id join task t on t.id = c.object_id where a.id = $1),
  (select ch.object_id from attachment_file a join chat_message m on m.id = a.chat_message_id join chat ch on ch.id = m.chat_id where a.id = $1))`;

async function isAssigned(ctx: RequestContext, vendorScope: VendorScope | undefined, record: ZouRecord): Promise<boolean> {
  if (vendorScope === undefined) return false;
  const viewer = requireViewer(ctx);
  const target = record[vendorScope.column];
  if (!isUuid(target)) return false;
  const rows =
    vendorScope.kind === "task"
      ? await ctx.db.query("select 1 from task_person_link where task_id = $1 and person_id = $2 limit 1", [target, viewer.id])
      : vendorScope.kind === "attachment"
        ? await ctx.db.query(`select 1 from task t join task_person_link l on l.task_id = t.id where l.person_id = $2 and t.entity_id = (${ATTACHMENT_ENTITY_SQL}) limit 1`, [target, viewer.id])
        : await ctx.db.query(
            "select 1 from task t join task_person_link l on l.task_id = t.id where t.entity_id = $1 and l.person_id = $2 limit 1",
            [target, viewer.id],
          );
  return rows.length > 0;
}

function ownerOf(model: CrudModel, record: ZouRecord): unknown {
  return model.type === "Person" ? record.id : record.person_id;
}

/**
 * Checks a rule against one row (read, update, delete) or one creation
 * payload; throws FORBIDDEN (or NOT_FOUND for an unknown project, as Zou).
 */
export async function assertRowAccess(ctx: RequestContext, model: CrudModel, rule: AccessRule, record: ZouRecord): Promise<void> {
  const viewer = requireViewer(ctx);
  if (rule === "never") throw new BadRequestError(`${model.type} records cannot be created through this route.`);
  if (rule === "logged-in") return;
  if (rule === "not-vendor") {
    if (viewer.role === "vendor") throw new ForbiddenError();
    return;
  }
  if (rule === "manager") {
    if (!isManager(viewer)) throw new ForbiddenError();
    return;
  }
  if (rule === "admin-not-self") {
    if (record.id === viewer.id) throw new ForbiddenError();
    if (!isAdmin(viewer)) throw new ForbiddenError();
    return;
  }
  if (isAdmin(viewer)) return;
  if (rule === "admin") throw new ForbiddenError();
  if (rule === "self-or-admin") {
    if (ownerOf(model, record) !== viewer.id) throw new ForbiddenError();
    return;
  }
  if (!PROJECT_RULES.has(rule)) throw new ForbiddenError();

  const projectId = await projectIdOf(ctx, model, record);
  if (projectId === null || !isUuid(projectId)) throw new ForbiddenError();
  const role = await projectRole(ctx, projectId);
  if (role === null) throw new ForbiddenError();

  // Clients read only the rows made for them (playlists marked for clients).
  if (role === "client" && model.clientColumn !== undefined && record[model.clientColumn] !== true) throw new ForbiddenError();

  // Creators and owners keep their rights only while they are on the team.
  if (rule === "creator-or-project-manager" && record.created_by === viewer.id) return;
  if (rule === "owner-or-project-manager" && record.person_id === viewer.id) return;

  switch (rule) {
    case "project-member":
      return;
    case "project-member-not-vendor":
      if (role === "vendor") throw new ForbiddenError();
      return;
    case "project-staff":
      if (role === "vendor" || role === "client") throw new ForbiddenError();
      return;
    case "entity-access":
      if (role === "vendor" && !(await isAssigned(ctx, model.vendorScope, record))) throw new ForbiddenError();
      return;
    case "project-supervisor":
      if (role !== "manager" && role !== "supervisor") throw new ForbiddenError();
      return;
    case "task-actor":
      // NOTE(compat): Zou limits supervisors to the departments of the task type; every supervisor passes here.
      if (role === "manager" || role === "supervisor" || role === "client") return;
      if (!(await isAssigned(ctx, { column: "task_id", kind: "task" }, record))) throw new ForbiddenError();
      return;
    default:
      if (role !== "manager") throw new ForbiddenError();
  }
}

// Columns that tie a row to a project through another row, with the table
// that contains that row's project.
const PROJECT_LINK_COLUMNS: Record<string, "entity" | "task"> = {
  entity_id: "entity",
  parent_id: "entity",
  source_id: "entity",
  temporal_entity_id: "entity",
  asset_instance_entity_id: "entity",
  task_id: "task",
};

/**
 * Checks that a row written by a non-admin stays in one project: every
 * entity or task it points at belongs to the project the row is in, and an
 * update does not move the row to another project.
 */
export async function assertSingleProject(ctx: RequestContext, model: CrudModel, record: ZouRecord, previousProjectId?: string | null): Promise<void> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer) || model.scope === undefined || model.scope.kind === "project") return;
  const projectId = await projectIdOf(ctx, model, record);
  if (previousProjectId !== undefined && previousProjectId !== projectId) throw new ForbiddenError();
  if (projectId === null) return;

  for (const [column, tableName] of Object.entries(PROJECT_LINK_COLUMNS)) {
    const value = record[column];
    if (!isUuid(value) || !(column in getTableColumnsByName(model))) continue;
    const target = scopeTable(tableName);
    const [row] = await ctx.db.orm.select({ projectId: target.projectId }).from(target.table).where(eq(target.id, value));
    if (row !== undefined && row.projectId !== projectId) throw new ForbiddenError();
  }
}

function getTableColumnsByName(model: CrudModel): Record<string, true> {
  return Object.fromEntries(Object.values(getTableColumns(model.table)).map((column) => [column.name, true]));
}

// Comment columns an author may not change alone: who wrote it, whether
// clients see it (managers only) and whether it is pinned (supervisors too).
const COMMENT_GUARDED_COLUMNS: Record<string, readonly GlobalRole[]> = {
  person_id: ["manager"],
  for_client: ["manager"],
  pinned: ["manager", "supervisor"],
};

/** Rejects changes to guarded comment columns by those Zou does not allow to make them. */
export async function assertCommentChanges(ctx: RequestContext, model: CrudModel, stored: ZouRecord, changes: Record<string, unknown>): Promise<void> {
  const viewer = requireViewer(ctx);
  if (model.type !== "Comment" || isAdmin(viewer)) return;
  const projectId = await projectIdOf(ctx, model, stored);
  const role = projectId === null ? null : await projectRole(ctx, projectId);
  for (const [column, allowed] of Object.entries(COMMENT_GUARDED_COLUMNS)) {
    if (!(column in changes) || changes[column] === stored[column]) continue;
    if (column === "person_id" && changes[column] === viewer.id) continue;
    if (role === null || !allowed.includes(role)) throw new ForbiddenError();
  }
}

/**
 * Checks the list rule. Rules that need a row fall back, for lists, on the
 * `project_id` filter when one is given (Zou's production schedule
 * versions), else on admin.
 */
export async function assertListAccess(ctx: RequestContext, model: CrudModel, filters: Record<string, string>): Promise<void> {
  const viewer = requireViewer(ctx);
  const rule = model.list;
  if (!PROJECT_RULES.has(rule)) {
    await assertRowAccess(ctx, model, rule, {});
    return;
  }
  if (viewer.role === "vendor" || viewer.role === "client") throw new ForbiddenError();
  if (isAdmin(viewer)) return;
  const projectId = filters.project_id;
  if (projectId === undefined) throw new ForbiddenError();
  if (!isUuid(projectId)) throw new BadRequestError(`Invalid UUID value: ${String(projectId).slice(0, 80)}`);
  const role = await projectRole(ctx, projectId);
  if (role === null || role === "vendor" || role === "client") throw new ForbiddenError();
}

function scopeCondition(model: CrudModel, scope: ProjectScope, projectIds: string[]): SQL {
  switch (scope.kind) {
    case "project":
      return idIn(zouColumn(model.table, "id"), projectIds);
    case "column":
      return idIn(zouColumn(model.table, scope.column), projectIds);
    case "through": {
      const target = scopeTable(scope.table);
      return sql`${zouColumn(model.table, scope.column)} in (select ${target.id} from ${target.table} where ${idIn(target.projectId, projectIds)})`;
    }
    case "attachment":
      return sql`${zouColumn(model.table, "comment_id")} in (select c.id from comment c join task t on t.id = c.object_id where t.project_id = any(${sql.param(projectIds)}::uuid[]))`;
  }
}

function vendorCondition(model: CrudModel, vendorScope: VendorScope, viewerId: string): SQL {
  const column = zouColumn(model.table, vendorScope.column);
  const assignedTasks = sql`select ${taskPersonLink.taskId} from ${taskPersonLink} where ${eq(taskPersonLink.personId, viewerId)}`;
  if (vendorScope.kind === "task") return sql`${column} in (${assignedTasks})`;
  const assignedEntities = sql`select ${task.entityId} from ${task} where ${task.id} in (${assignedTasks})`;
  if (vendorScope.kind === "attachment") {
    return sql`(${zouColumn(model.table, "comment_id")} in (select c.id from comment c join task t on t.id = c.object_id where t.entity_id in (${assignedEntities}))
      or ${zouColumn(model.table, "chat_message_id")} in (select m.id from chat_message m join chat ch on ch.id = m.chat_id where ch.object_id in (${assignedEntities})))`;
  }
  return sql`${column} in (${assignedEntities})`;
}

async function openProjectIds(ctx: RequestContext, projectIds: string[]): Promise<string[]> {
  if (projectIds.length === 0) return [];
  const rows = await ctx.db.orm
    .select({ id: project.id })
    .from(project)
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(and(idIn(project.id, projectIds), eq(projectStatus.name, "Open")));
  return rows.map((row) => row.id);
}

/**
 * The condition narrowing a list for the viewer: nothing for admins; rows of
 * the viewer's team projects for others; and, for vendors, rows tied to a
 * task assigned to them.
 */
export async function listNarrowing(ctx: RequestContext, model: CrudModel): Promise<SQL | undefined> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer)) return undefined;
  const conditions: SQL[] = [];
  if (model.scope !== undefined) {
    const links = await ctx.loaders.viewerTeamLinks();
    const projectIds = model.openProjectsOnly === true ? await openProjectIds(ctx, [...links.keys()]) : [...links.keys()];
    conditions.push(scopeCondition(model, model.scope, projectIds));
  }
  if (model.vendorScope !== undefined && viewer.role === "vendor") {
    conditions.push(vendorCondition(model, model.vendorScope, viewer.id));
  }
  if (model.clientColumn !== undefined && viewer.role === "client") {
    conditions.push(eq(zouColumn(model.table, model.clientColumn), true));
  }
  return conditions.length > 0 ? and(...conditions) : undefined;
}
