import { effectiveProjectRole, getReadableProject, isAdmin, readableProjectIds } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError, ForbiddenError } from "../errors.js";
import { parseId } from "../ids.js";

// Kitsu's heaviest lists: every shot, asset or sequence of a production
// with all its tasks. One statement builds each entity's JSON with its tasks
// nested. The rows reach the client in batches through a cursor, so the
// production is never held in memory whole, and the statement count does not
// grow with the production.
// Field names and orders follow Zou's with-tasks views, including the
// compact encoding where values are positional and names go in a header.

/** Zou's field order of a shot in the compact encoding; clients read names from the header. */
export const SHOT_FIELDS = [
  "canceled", "data", "description", "entity_type_id", "episode_id", "episode_name", "fps", "frame_in", "frame_out",
  "id", "name", "nb_frames", "parent_id", "preview_file_id", "project_id", "project_name", "sequence_id",
  "sequence_name", "source_id", "nb_entities_out", "is_casting_standby", "type", "tasks",
] as const;

export const SHOT_TASK_FIELDS = [
  "id", "duration", "due_date", "end_date", "done_date", "entity_id", "estimation", "is_subscribed",
  "last_comment_date", "last_preview_file_id", "nb_assets_ready", "priority", "real_start_date", "retake_count",
  "start_date", "difficulty", "nb_drawings", "task_status_id", "task_type_id", "assignees", "data",
] as const;

export const ASSET_FIELDS = [
  "id", "name", "preview_file_id", "description", "asset_type_name", "asset_type_id", "canceled", "ready_for",
  "episode_id", "casting_episode_ids", "is_casting_standby", "is_shared", "data", "tasks",
] as const;

export const ASSET_TASK_FIELDS = [
  "id", "due_date", "done_date", "duration", "entity_id", "estimation", "end_date", "is_subscribed",
  "last_comment_date", "last_preview_file_id", "priority", "real_start_date", "retake_count", "start_date",
  "difficulty", "task_status_id", "task_type_id", "assignees", "data",
] as const;

export const ENTITY_FIELDS = [
  "id", "name", "status", "episode_id", "description", "frame_in", "frame_out", "fps", "preview_file_id", "canceled",
  "data", "tasks",
] as const;

export const ENTITY_TASK_FIELDS = [
  "id", "estimation", "entity_id", "end_date", "due_date", "done_date", "duration", "last_comment_date",
  "last_preview_file_id", "priority", "real_start_date", "retake_count", "start_date", "difficulty",
  "task_status_id", "task_type_id", "data", "is_subscribed", "assignees",
] as const;

/** Zou's fields of a concept in its with-tasks list. */
export const CONCEPT_FIELDS = [
  "canceled", "data", "description", "entity_type_id", "fps", "frame_in", "frame_out", "id", "name", "nb_frames",
  "parent_id", "preview_file_id", "project_id", "project_name", "source_id", "nb_entities_out", "is_casting_standby",
  "tasks", "entity_concept_links", "type", "updated_at", "created_at", "created_by",
] as const;

export const CONCEPT_TASK_FIELDS = [
  "id", "duration", "due_date", "end_date", "entity_id", "estimation", "last_comment_date", "nb_assets_ready",
  "priority", "real_start_date", "retake_count", "start_date", "task_status_id", "task_type_id", "data",
  "is_subscribed", "assignees",
] as const;

/** Zou's fields of an edit in its with-tasks list. */
export const EDIT_FIELDS = [
  "canceled", "data", "description", "entity_type_id", "episode_id", "episode_name", "id", "name", "parent_id",
  "preview_file_id", "project_id", "project_name", "source_id", "nb_entities_out", "tasks", "type",
] as const;

export const EDIT_TASK_FIELDS = [
  "id", "duration", "due_date", "entity_id", "end_date", "estimation", "last_comment_date", "last_preview_file_id",
  "nb_assets_ready", "priority", "real_start_date", "retake_count", "start_date", "task_status_id", "task_type_id",
  "data", "is_subscribed", "assignees",
] as const;

/** Entity types that are not asset types (Zou's temporal types). */
export const TEMPORAL_TYPES = ["Shot", "Sequence", "Episode", "Scene", "Edit", "Concept"];

const timestamp = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS')`;

/** SQL for each task field; $1 is always the viewer's id (for is_subscribed). */
const TASK_SQL: Record<string, string> = {
  id: "t.id",
  duration: "t.duration",
  due_date: timestamp("t.due_date"),
  end_date: timestamp("t.end_date"),
  done_date: timestamp("t.done_date"),
  entity_id: "t.entity_id",
  estimation: "t.estimation",
  is_subscribed: "exists(select 1 from subscription s where s.task_id = t.id and s.person_id = $1)",
  last_comment_date: timestamp("t.last_comment_date"),
  last_preview_file_id: "t.last_preview_file_id",
  nb_assets_ready: "t.nb_assets_ready",
  priority: "coalesce(t.priority, 0)",
  real_start_date: timestamp("t.real_start_date"),
  retake_count: "t.retake_count",
  start_date: timestamp("t.start_date"),
  difficulty: "t.difficulty",
  nb_drawings: "t.nb_drawings",
  task_status_id: "t.task_status_id",
  task_type_id: "t.task_type_id",
  assignees: "coalesce((select json_agg(l.person_id order by l.person_id) from task_person_link l where l.task_id = t.id), '[]'::json)",
  data: "t.data",
};

const SHOT_SQL: Record<string, string> = {
  canceled: "e.canceled",
  data: "coalesce(e.data, '{}'::jsonb)",
  description: "e.description",
  entity_type_id: "e.entity_type_id",
  episode_id: "ep.id",
  episode_name: "coalesce(ep.name, '')",
  fps: "e.data->'fps'",
  frame_in: "e.data->'frame_in'",
  frame_out: "e.data->'frame_out'",
  id: "e.id",
  name: "e.name",
  nb_frames: "e.nb_frames",
  parent_id: "e.parent_id",
  preview_file_id: "e.preview_file_id",
  project_id: "e.project_id",
  project_name: "p.name",
  sequence_id: "sq.id",
  sequence_name: "sq.name",
  source_id: "e.source_id",
  nb_entities_out: "e.nb_entities_out",
  is_casting_standby: "e.is_casting_standby",
  type: "'Shot'",
};

const ASSET_SQL: Record<string, string> = {
  id: "e.id",
  name: "e.name",
  preview_file_id: "coalesce(e.preview_file_id::text, '')",
  description: "e.description",
  asset_type_name: "et.name",
  asset_type_id: "e.entity_type_id",
  canceled: "e.canceled",
  // NOTE(compat): Zou sends the Python text of ready_for, "None" when unset, and Kitsu is built on that.
  ready_for: "coalesce(e.ready_for::text, 'None')",
  episode_id: "coalesce(e.source_id::text, '')",
  casting_episode_ids:
    "coalesce((select json_agg(link.entity_in_id order by episode.name) from entity_link link join entity episode on episode.id = link.entity_in_id where link.entity_out_id = e.id and episode.entity_type_id = (select id from entity_type where name = 'Episode')), '[]'::json)",
  is_casting_standby: "e.is_casting_standby",
  is_shared: "e.is_shared",
  data: "coalesce(e.data, '{}'::jsonb)",
};

const ENTITY_SQL: Record<string, string> = {
  id: "e.id",
  name: "e.name",
  status: "coalesce(e.status, 'running')",
  episode_id: "coalesce(e.parent_id::text, 'None')",
  description: "e.description",
  frame_in: "e.data->'frame_in'",
  frame_out: "e.data->'frame_out'",
  fps: "e.data->'fps'",
  preview_file_id: "coalesce(e.preview_file_id::text, '')",
  canceled: "e.canceled",
  data: "coalesce(e.data, '{}'::jsonb)",
};

const CONCEPT_SQL: Record<string, string> = {
  canceled: "e.canceled",
  data: "coalesce(e.data, '{}'::jsonb)",
  description: "e.description",
  entity_type_id: "e.entity_type_id",
  fps: "e.data->'fps'",
  frame_in: "e.data->'frame_in'",
  frame_out: "e.data->'frame_out'",
  id: "e.id",
  name: "e.name",
  nb_frames: "e.nb_frames",
  parent_id: "e.parent_id",
  preview_file_id: "e.preview_file_id",
  project_id: "e.project_id",
  project_name: "p.name",
  source_id: "e.source_id",
  nb_entities_out: "e.nb_entities_out",
  is_casting_standby: "e.is_casting_standby",
  entity_concept_links:
    "coalesce((select json_agg(cl.entity_out_id order by cl.entity_out_id) from entity_concept_link cl where cl.entity_in_id = e.id), '[]'::json)",
  type: "'Concept'",
  updated_at: timestamp("e.updated_at"),
  created_at: timestamp("e.created_at"),
  created_by: "e.created_by",
};

const EDIT_SQL: Record<string, string> = {
  canceled: "e.canceled",
  data: "coalesce(e.data, '{}'::jsonb)",
  description: "e.description",
  entity_type_id: "e.entity_type_id",
  episode_id: "ep.id",
  episode_name: "coalesce(ep.name, '')",
  id: "e.id",
  name: "e.name",
  parent_id: "e.parent_id",
  preview_file_id: "e.preview_file_id",
  project_id: "e.project_id",
  project_name: "p.name",
  source_id: "e.source_id",
  nb_entities_out: "e.nb_entities_out",
  type: "'Edit'",
};

/** Builds `json_build_object(name, expr, ...)` or, compact, `json_build_array(expr, ...)`. */
function jsonOf(fields: readonly string[], sqlOf: Record<string, string>, compact: boolean, nested: Record<string, string> = {}): string {
  const expressions = fields.map((field) => nested[field] ?? sqlOf[field]);
  if (compact) return `json_build_array(${expressions.join(", ")})`;
  // json (not jsonb) keeps Zou's key order. json_build_object takes at most
  // 100 arguments, and the longest object here has 23 fields (46 arguments).
  return `json_build_object(${fields.map((field, index) => `'${field}', ${expressions[index]}`).join(", ")})`;
}

/** Builds the tasks of an entity; where `restrict` holds for a task, it is listed only if assigned to the viewer ($1). */
function tasksSubquery(taskFields: readonly string[], compact: boolean, restrict: string): string {
  const assigned =
    restrict === "false" ? "" : ` and (not (${restrict}) or exists(select 1 from task_person_link al where al.task_id = t.id and al.person_id = $1))`;
  return `coalesce((select json_agg(${jsonOf(taskFields, TASK_SQL, compact)} order by t.created_at, t.id) from task t where t.entity_id = e.id${assigned}), '[]'::json)`;
}

export type WithTasksKind = "shots" | "assets" | "sequences" | "episodes" | "concepts" | "edits";

export interface WithTasksQuery {
  projectId?: string;
  episodeId?: string;
  id?: string;
  assignedTo: boolean;
  compact: boolean;
}

export interface PreparedList {
  header: Record<string, unknown>;
  text: string;
  params: unknown[];
}

const KNOWN_PARAMETERS = new Set(["project_id", "episode_id", "id", "assigned_to", "stream", "compact", "relations"]);

/** Reads and checks the query string of a with-tasks route. Unknown filters are rejected: a dropped filter would widen the list. */
export function readWithTasksQuery(query: Record<string, string | string[] | undefined>): WithTasksQuery & { stream: boolean } {
  for (const key of Object.keys(query)) {
    if (!KNOWN_PARAMETERS.has(key)) throw new BadRequestError(`Unknown filter: ${key}. Accepted: project_id, episode_id, id, assigned_to, stream, compact.`);
  }
  const single = (name: string) => {
    const value = query[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const flag = (name: string) => ["true", "1"].includes((single(name) ?? "").toLowerCase());
  const episode = single("episode_id");
  return {
    projectId: single("project_id") === undefined ? undefined : parseId(single("project_id")),
    episodeId: episode === undefined || episode === "all" || episode === "main" ? episode : parseId(episode),
    id: single("id") === undefined ? undefined : parseId(single("id")),
    assignedTo: single("assigned_to") !== undefined,
    compact: flag("compact"),
    stream: flag("stream"),
  };
}

/**
 * Checks access and returns the project ids the list may cover. A project
 * filter must name a project the viewer can read: 404 when unknown, 403 when
 * the viewer is not on its team. Without a filter, non-admins get their own
 * projects, or a 403 on the routes where Zou requires the filter.
 */
async function scopeProjects(ctx: RequestContext, query: WithTasksQuery, requireProjectForNonAdmins: boolean): Promise<string[] | undefined> {
  const viewer = requireViewer(ctx);
  if (query.projectId !== undefined) {
    await getReadableProject(ctx, query.projectId);
    return [query.projectId];
  }
  if (isAdmin(viewer)) return undefined;
  if (requireProjectForNonAdmins) throw new ForbiddenError();
  return (await readableProjectIds(ctx)) ?? [];
}

/**
 * Returns the projects of the list where the viewer acts as a vendor. A
 * project role, when set, replaces the global role in that project, so an
 * artist can be a vendor on one production and a vendor an artist on another.
 */
async function vendorProjectIds(ctx: RequestContext, projects: string[] | undefined): Promise<string[]> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer)) return [];
  const links = await ctx.loaders.viewerTeamLinks();
  const candidates = projects ?? [...links.keys()];
  return candidates.filter((projectId) => (links.get(projectId)?.role ?? viewer.role) === "vendor");
}

/** Rejects vendors and clients, as Zou's concept list does: by their role on the filtered project, else their global role. */
async function rejectVendorsAndClients(ctx: RequestContext, projectId: string | undefined): Promise<void> {
  const viewer = requireViewer(ctx);
  const role = projectId === undefined ? viewer.role : await effectiveProjectRole(ctx, projectId);
  if (role === "vendor" || role === "client") throw new ForbiddenError();
}

export async function prepareWithTasks(ctx: RequestContext, kind: WithTasksKind, query: WithTasksQuery): Promise<PreparedList> {
  const viewer = requireViewer(ctx);
  const projects = await scopeProjects(ctx, query, kind !== "assets");
  if (kind === "concepts") await rejectVendorsAndClients(ctx, query.projectId);
  const vendorProjects = await vendorProjectIds(ctx, projects);

  const params: unknown[] = [viewer.id];
  const conditions: string[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (projects !== undefined) conditions.push(`e.project_id = any(${bind(projects)}::uuid[])`);
  if (query.id !== undefined) conditions.push(`e.id = ${bind(query.id)}`);

  // Vendors see only the entities that have a task assigned to them, and only
  // those tasks. The assigned_to filter applies the same rule to anyone. For
  // sequences and episodes the assigned task may be on one of their shots, as in Zou.
  const assignedAnywhere = query.assignedTo;
  const vendorOnly = !assignedAnywhere && vendorProjects.length > 0 ? bind(vendorProjects) : undefined;
  let restrictTasks = "false";
  if (assignedAnywhere) restrictTasks = "true";
  else if (vendorOnly !== undefined) restrictTasks = `t.project_id = any(${vendorOnly}::uuid[])`;
  const holdsAssignedTask = (entityMatch: string) =>
    `exists(select 1 from task at join task_person_link al on al.task_id = at.id join entity holder on holder.id = at.entity_id where ${entityMatch} and al.person_id = $1)`;
  const onEntity = "holder.id = e.id";
  const onChild = "(holder.id = e.id or holder.parent_id = e.id)";
  const onGrandchild = "(holder.id = e.id or holder.parent_id = e.id or holder.parent_id in (select child.id from entity child where child.parent_id = e.id))";
  const holderMatchByKind: Record<WithTasksKind, string> = {
    shots: onEntity,
    assets: onEntity,
    sequences: onChild,
    episodes: onGrandchild,
    concepts: onEntity,
    edits: onEntity,
  };
  const holderMatch = holderMatchByKind[kind];
  if (assignedAnywhere) conditions.push(holdsAssignedTask(holderMatch));
  else if (vendorOnly !== undefined) conditions.push(`(e.project_id <> all(${vendorOnly}::uuid[]) or ${holdsAssignedTask(holderMatch)})`);

  const tasks = (fields: readonly string[], compact: boolean) => tasksSubquery(fields, compact, restrictTasks);

  if (kind === "shots") {
    if (query.episodeId === "all") return { header: shotHeader(query.compact), text: "select null::text as row where false", params: [] };
    if (query.episodeId !== undefined && query.episodeId !== "main") conditions.push(`sq.parent_id = ${bind(query.episodeId)}`);
    const row = jsonOf(SHOT_FIELDS, SHOT_SQL, query.compact, { tasks: tasks(SHOT_TASK_FIELDS, query.compact) });
    const text = `select ${row}::text as row
      from entity e
      join project p on p.id = e.project_id
      join entity sq on sq.id = e.parent_id
      left join entity ep on ep.id = sq.parent_id
      where e.entity_type_id = (select id from entity_type where name = 'Shot')
      ${conditions.map((condition) => `and ${condition}`).join(" ")}
      order by ep.name nulls first, sq.name, e.name, e.id`;
    return { header: shotHeader(query.compact), text, params };
  }

  if (kind === "assets") {
    if (query.episodeId === "main") conditions.push("e.source_id is null");
    else if (query.episodeId !== undefined && query.episodeId !== "all") {
      const episode = bind(query.episodeId);
      conditions.push(`(e.source_id = ${episode} or exists(select 1 from entity_link cl where cl.entity_out_id = e.id and cl.entity_in_id = ${episode}))`);
    }
    const row = jsonOf(ASSET_FIELDS, ASSET_SQL, query.compact, { tasks: tasks(ASSET_TASK_FIELDS, query.compact) });
    const text = `select ${row}::text as row
      from entity e
      join entity_type et on et.id = e.entity_type_id
      where et.name <> all(${bind(TEMPORAL_TYPES)}::text[])
      ${conditions.map((condition) => `and ${condition}`).join(" ")}
      order by et.name, e.name, e.id`;
    const header: Record<string, unknown> = { compact: query.compact };
    if (query.compact) Object.assign(header, { asset_fields: ASSET_FIELDS, task_fields: ASSET_TASK_FIELDS });
    return { header, text, params };
  }

  if (kind === "concepts") {
    const row = jsonOf(CONCEPT_FIELDS, CONCEPT_SQL, false, { tasks: tasks(CONCEPT_TASK_FIELDS, false) });
    const text = `select ${row}::text as row
      from entity e
      join project p on p.id = e.project_id
      where e.entity_type_id = (select id from entity_type where name = 'Concept')
      ${conditions.map((condition) => `and ${condition}`).join(" ")}
      order by e.name, e.id`;
    return { header: { compact: false }, text, params };
  }

  if (kind === "edits") {
    // NOTE: Zou compares episode_id with the parent id as given and has no
    // "all" or "main" value here. Kumiki reads "all" as every edit and "main"
    // as the edits outside any episode, as the asset list does.
    if (query.episodeId === "main") conditions.push("e.parent_id is null");
    else if (query.episodeId !== undefined && query.episodeId !== "all") conditions.push(`e.parent_id = ${bind(query.episodeId)}`);
    const row = jsonOf(EDIT_FIELDS, EDIT_SQL, false, { tasks: tasks(EDIT_TASK_FIELDS, false) });
    const text = `select ${row}::text as row
      from entity e
      join project p on p.id = e.project_id
      left join entity ep on ep.id = e.parent_id
      where e.entity_type_id = (select id from entity_type where name = 'Edit')
      ${conditions.map((condition) => `and ${condition}`).join(" ")}
      order by e.name, e.id`;
    return { header: { compact: false }, text, params };
  }

  const typeName = kind === "sequences" ? "Sequence" : "Episode";
  if (query.episodeId === "all") return { header: { compact: false }, text: "select null::text as row where false", params: [] };
  if (query.episodeId !== undefined && query.episodeId !== "main" && kind === "sequences") conditions.push(`e.parent_id = ${bind(query.episodeId)}`);
  const row = jsonOf(ENTITY_FIELDS, ENTITY_SQL, false, { tasks: tasks(ENTITY_TASK_FIELDS, false) });
  const text = `select ${row}::text as row
    from entity e
    where e.entity_type_id = (select id from entity_type where name = ${bind(typeName)})
    ${conditions.map((condition) => `and ${condition}`).join(" ")}
    order by e.name, e.id`;
  return { header: { compact: false }, text, params };
}

function shotHeader(compact: boolean): Record<string, unknown> {
  return compact ? { compact, shot_fields: SHOT_FIELDS, task_fields: SHOT_TASK_FIELDS } : { compact };
}

/** Yields the prepared list's rows as JSON texts, one batch at a time. */
export async function* streamRows(ctx: RequestContext, list: PreparedList, batchSize = 200): AsyncGenerator<string[]> {
  for await (const rows of ctx.db.stream<{ row: string }>(list.text, list.params, batchSize)) {
    yield rows.map((row) => row.row);
  }
}
