import type { SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";

// The vocabulary of the generic CRUD registry: how a model reaches its
// project, who may read and write it, and the hooks a model adds around
// Zou's generic create, update and delete.

/** A row keyed by Zou's column names (snake_case), with raw database values. */
export type ZouRecord = Record<string, unknown>;

/**
 * Who passes a check. Project rules use the row's project (see ProjectScope);
 * "vendor: assigned" rules also need the row's entity or task.
 */
export type AccessRule =
  | "logged-in"
  | "not-vendor"
  | "manager"
  | "admin"
  /** Admin, and never on one's own record (a person deleting themselves). */
  | "admin-not-self"
  /** The row's person_id (or the person row itself) is the viewer, or admin. */
  | "self-or-admin"
  | "project-member"
  | "project-member-not-vendor"
  /** Project member; vendors and clients are refused. */
  | "project-staff"
  /** Project member; a vendor must be assigned to a task of the row's entity or task. */
  | "entity-access"
  | "project-supervisor"
  | "project-manager"
  /** Zou's task actors: the task's assignees, supervisors, managers and clients of the project. */
  | "task-actor"
  /** The row's creator (created_by) or a project manager. */
  | "creator-or-project-manager"
  /** The row's person (person_id) or a project manager. */
  | "owner-or-project-manager"
  /** Always rejected with 400: Zou generates these rows itself. */
  | "never";

/** How rows of a model belong to a project, for checks and list narrowing. */
export type ProjectScope =
  /** The row is a project. */
  | { kind: "project" }
  /** The row carries a project_id column. */
  | { kind: "column"; column: string }
  /** The row points at a row of `table` (entity or task) that carries project_id. */
  | { kind: "through"; column: string; table: "entity" | "task" }
  /** Attachment files: through their comment's task, or their chat message's entity. */
  | { kind: "attachment" };

/** Which rows a vendor is limited to: those tied to a task assigned to them. */
export interface VendorScope {
  /** The column holding the task id or the entity id (`id` for tasks and entities themselves). */
  column: string;
  /** `attachment`: the entity of the comment's task, or of the chat message's chat. */
  kind: "task" | "entity" | "attachment";
}

/** A link table (or one-to-many table) serialized as an id list with relations. */
export interface RelationSpec {
  /** Zou's JSON key, such as `assignees`. */
  key: string;
  table: PgTable;
  /** Zou's column of `table` that points at this model's row. */
  ownColumn: string;
  /** Zou's column of `table` listed in the JSON. */
  otherColumn: string;
  /** Accepted as an id list on create and update (the link rows are replaced). */
  writable?: boolean;
  /** A one-to-many table (attachment files of a comment): its rows are not deleted with the parent. */
  children?: boolean;
}

/** A many-to-one link Zou embeds as a nested object even without relations. */
export interface EmbedSpec {
  key: string;
  column: string;
  table: PgTable;
  type: string;
}

export interface WriteContext {
  ctx: RequestContext;
  tx: Orm;
  model: CrudModel;
  /** The request body as sent, for hooks that read keys the generic code leaves alone. */
  body: Record<string, unknown>;
}

export interface CrudEvent {
  name: string;
  data: Record<string, unknown>;
}

export interface CrudHooks {
  /** Runs before the insert, after the role check: sets defaults, validates values. */
  beforeCreate?(write: WriteContext, data: ZouRecord): Promise<void>;
  afterCreate?(write: WriteContext, created: ZouRecord): Promise<void>;
  /** Runs before the update with the stored row and the cleaned changes. */
  beforeUpdate?(write: WriteContext, stored: ZouRecord, changes: ZouRecord, links: Map<string, string[]>): Promise<void>;
  afterUpdate?(write: WriteContext, updated: ZouRecord, changes: ZouRecord, json: ZouRecord): Promise<void>;
  /** Runs before the row's link rows and the row itself are deleted. */
  beforeDelete?(write: WriteContext, stored: ZouRecord, force: boolean): Promise<void>;
  afterDelete?(write: WriteContext, stored: ZouRecord): Promise<void>;
  /** Extra keys on a single GET (Zou's clean_get_result). */
  decorateOne?(ctx: RequestContext, json: ZouRecord): Promise<void>;
  /** Zou's event name and data when the model does not use `<table>:<action>` with `{<table>_id}`. */
  eventOf?(action: "new" | "update" | "delete", json: ZouRecord): CrudEvent | undefined;
  /** Query-string parameters that are not columns, turned into conditions. */
  extraFilters?(ctx: RequestContext, params: Record<string, string>): SQL[] | undefined;
}

export interface CrudModel {
  /** The path segment under /data, such as `task-types`. */
  path: string;
  table: PgTable;
  /** Zou's model class name: the JSON `type` and the name in "invalid keyword argument" messages. */
  type: string;
  /** Zou's event prefix; defaults to the table name with dashes (`task-type`). */
  eventPrefix?: string;
  list: AccessRule;
  read: AccessRule;
  create: AccessRule;
  update: AccessRule;
  delete: AccessRule;
  /** Non-admins' lists keep only rows of projects they are on the team of. */
  scope?: ProjectScope;
  /** Non-admins' lists also drop rows of closed projects (Zou's build_related_projects_filter). */
  openProjectsOnly?: boolean;
  vendorScope?: VendorScope;
  /** A boolean column clients are limited to (playlists shown to clients). */
  clientColumn?: string;
  /** Column names ignored on update, besides id, created_at, updated_at and project_id. */
  protectedColumns?: string[];
  /** Columns never sent, never filtered and never written through the generic routes. */
  hiddenColumns?: string[];
  /** Body keys accepted on create but written by the model's hook (a person's password). */
  writeOnly?: string[];
  /** Query-string parameters accepted besides columns, relations and paging (handled by extraFilters). */
  extraParameters?: string[];
  relations?: RelationSpec[];
  embeds?: EmbedSpec[];
  /** Maximum rows of an unpaged list (Zou caps events at 1000). */
  maxRows?: number;
  hooks?: CrudHooks;
}
