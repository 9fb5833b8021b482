import { and, eq, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { task, taskPersonLink } from "../../schema/tasks.js";
import type { GlobalRole, RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { idIn } from "../db/loader.js";

// What the viewer may read across entities, tasks and comments, computed once
// per request from the viewer's team links (and, for vendors, their assigned
// tasks). Loaders filter rows with the `canRead*` checks in memory, so a
// nested field never sends a permission query of its own; root lists turn the
// same rules into SQL conditions so that pages and counts stay exact.
//
// Zou's rules: admins read everything; others read the projects whose team
// they are on; a vendor (global or project role) reads only the tasks
// assigned to them and the entities of those tasks; a client reads their own
// comments, comments marked for clients and comments that carry previews.
// Kumiki is stricter than Zou on comments: a client never reads another
// client's comment unless it carries previews or is marked for clients, and
// the text of a preview comment by someone else is blanked (see
// isCommentRedacted). Artists and vendors never read comments written by
// clients, as in Zou's task comment list.
// NOTE(compat): the single-comment route (taskCommentJson) still applies
// Zou's own rule, which lets a client read other clients' comments.

export interface AccessRow {
  id: string;
  projectId: string | null;
}

export interface CommentAccessRow {
  objectId: string;
  personId: string;
  forClient: boolean | null;
  projectId: string | null;
  hasPreviews: boolean;
  /** The global role of the comment's author. */
  authorRole: string | null;
}

export interface AccessScope {
  readonly viewerId: string;
  readonly isAdmin: boolean;
  /** Effective role per readable project; empty for admins, who read every project. */
  readonly roles: ReadonlyMap<string, GlobalRole>;
  readonly assignedTaskIds: ReadonlySet<string>;
  readonly assignedEntityIds: ReadonlySet<string>;
  roleIn(projectId: string | null): GlobalRole | null;
  canReadProject(projectId: string | null): boolean;
  canReadEntity(row: AccessRow): boolean;
  canReadTask(row: AccessRow): boolean;
  canReadComment(row: CommentAccessRow): boolean;
  /** True when the viewer reads the comment only for its previews, so its text, checklist, replies and attachments are hidden. */
  isCommentRedacted(row: CommentAccessRow): boolean;
  /** SQL condition on an entity-like table; undefined when everything is readable. */
  entityCondition(projectColumn: AnyColumn, idColumn: AnyColumn): SQL | undefined;
  taskCondition(projectColumn: AnyColumn, idColumn: AnyColumn): SQL | undefined;
  /** Extra condition on comments joined with their task: the client and artist rules of canReadComment, in SQL. */
  clientCommentCondition(projectColumn: AnyColumn, commentIdColumn: AnyColumn, personColumn: AnyColumn, forClientColumn: AnyColumn): SQL | undefined;
}

const NOTHING = sql`false`;

/** Builds the viewer's access scope: one query for team links, one more for vendors' assignments. */
export async function loadAccessScope(ctx: RequestContext): Promise<AccessScope> {
  const viewer = requireViewer(ctx);
  const isAdmin = viewer.role === "admin";
  const roles = new Map<string, GlobalRole>();
  if (!isAdmin) {
    const links = await ctx.loaders.viewerTeamLinks();
    for (const [projectId, link] of links) roles.set(projectId, (link.role as GlobalRole | null) ?? viewer.role);
  }

  const fullProjectIds: string[] = [];
  const vendorProjectIds: string[] = [];
  const clientProjectIds: string[] = [];
  const artistProjectIds: string[] = [];
  for (const [projectId, role] of roles) {
    if (role === "vendor") vendorProjectIds.push(projectId);
    else fullProjectIds.push(projectId);
    if (role === "client") clientProjectIds.push(projectId);
    if (role === "user" || role === "vendor") artistProjectIds.push(projectId);
  }

  const assignedTaskIds = new Set<string>();
  const assignedEntityIds = new Set<string>();
  if (vendorProjectIds.length > 0) {
    const assigned = await ctx.db.orm
      .select({ id: task.id, entityId: task.entityId })
      .from(taskPersonLink)
      .innerJoin(task, eq(task.id, taskPersonLink.taskId))
      .where(and(eq(taskPersonLink.personId, viewer.id), idIn(task.projectId, vendorProjectIds)));
    for (const row of assigned) {
      assignedTaskIds.add(row.id);
      if (row.entityId !== null) assignedEntityIds.add(row.entityId);
    }
  }

  const roleIn = (projectId: string | null): GlobalRole | null => {
    if (isAdmin) return "admin";
    if (projectId === null) return null;
    return roles.get(projectId) ?? null;
  };

  const narrowed = (projectColumn: AnyColumn, idColumn: AnyColumn, ids: ReadonlySet<string>): SQL | undefined => {
    if (isAdmin) return undefined;
    const conditions: SQL[] = [];
    if (fullProjectIds.length > 0) conditions.push(idIn(projectColumn, fullProjectIds));
    if (vendorProjectIds.length > 0 && ids.size > 0) {
      conditions.push(and(idIn(projectColumn, vendorProjectIds), idIn(idColumn, [...ids])) as SQL);
    }
    if (conditions.length === 0) return NOTHING;
    return conditions.length === 1 ? conditions[0] : (or(...conditions) as SQL);
  };

  return {
    viewerId: viewer.id,
    isAdmin,
    roles,
    assignedTaskIds,
    assignedEntityIds,
    roleIn,
    canReadProject: (projectId) => roleIn(projectId) !== null,
    canReadEntity(row) {
      const role = roleIn(row.projectId);
      if (role === null) return false;
      return role !== "vendor" || assignedEntityIds.has(row.id);
    },
    canReadTask(row) {
      const role = roleIn(row.projectId);
      if (role === null) return false;
      return role !== "vendor" || assignedTaskIds.has(row.id);
    },
    canReadComment(row) {
      const role = roleIn(row.projectId);
      if (role === null) return false;
      if (role === "vendor" && !assignedTaskIds.has(row.objectId)) return false;
      if (role === "user" || role === "vendor") return row.authorRole !== "client";
      if (role === "client") return row.personId === viewer.id || row.forClient === true || row.hasPreviews;
      return true;
    },
    isCommentRedacted(row) {
      if (roleIn(row.projectId) !== "client") return false;
      return row.personId !== viewer.id && row.forClient !== true;
    },
    entityCondition: (projectColumn, idColumn) => narrowed(projectColumn, idColumn, assignedEntityIds),
    taskCondition: (projectColumn, idColumn) => narrowed(projectColumn, idColumn, assignedTaskIds),
    clientCommentCondition(projectColumn, commentIdColumn, personColumn, forClientColumn) {
      const conditions: SQL[] = [];
      if (clientProjectIds.length > 0) {
        conditions.push(
          sql`(not (${idIn(projectColumn, clientProjectIds)}) or ${personColumn} = ${viewer.id} or ${forClientColumn} = true or exists (select 1 from comment_preview_link where comment_preview_link.comment = ${commentIdColumn}))`,
        );
      }
      if (artistProjectIds.length > 0) {
        conditions.push(
          sql`(not (${idIn(projectColumn, artistProjectIds)}) or not exists (select 1 from person where person.id = ${personColumn} and person.role = 'client'))`,
        );
      }
      return conditions.length === 0 ? undefined : (and(...conditions) as SQL);
    },
  };
}
