import { and, count, desc, asc, eq, sql, type SQL } from "drizzle-orm";
import { deleteComment } from "../comments/comments.service.js";
import { requireViewer, type RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { preparedOnce } from "../db/prepared.js";
import { AppError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { assertCommentChanges, assertListAccess, assertRowAccess, assertSingleProject, listNarrowing, projectIdOf } from "./crud.access.js";
import { tableNameOf, toProperties, toRecord, zouColumn } from "./crud.columns.js";
import { buildFilterConditions } from "./crud.filters.js";
import { MINIMAL_PERSON_FILTERS, ORGANISATION_SECRETS, pickFields, serializeRows, variantFor, type Row } from "./crud.json.js";
import { crudModelByPath } from "./crud.models.js";
import { loadRowWithExtras } from "./crud.read-one.js";
import type { CrudModel, WriteContext, ZouRecord } from "./crud.types.js";
import { prepareCreate, prepareUpdate, requireBody, translateCrudDatabaseError } from "./crud.values.js";

// Zou's generic CRUD over any registered model: list with filters and
// paging, read one, create, update, delete. Each write checks the model's
// rule, runs in one transaction and records Zou's event.

/** Zou's NB_RECORDS_PER_PAGE default. */
export const DEFAULT_PAGE_SIZE = 100;

export interface ListOptions {
  /** Query-string filters, without page, limit, relations and fields. */
  filters: Record<string, string>;
  page?: number;
  limit?: number;
  relations?: boolean;
  fields?: string[];
}

export interface Page {
  data: ZouJson[];
  total: number;
  nb_pages: number;
  limit: number;
  offset: number;
  page: number;
}

export type CrudAction = "new" | "update" | "delete";

export function getCrudModel(path: string): CrudModel {
  const model = crudModelByPath.get(path);
  if (model === undefined) throw new NotFoundError(`Unknown model: ${path.slice(0, 80)}.`);
  return model;
}

function filterableColumns(ctx: RequestContext, model: CrudModel): ReadonlySet<string> | undefined {
  const variant = variantFor(ctx, model, false);
  if (variant !== "minimal") return undefined;
  if (model.type === "Person") return MINIMAL_PERSON_FILTERS;
  if (model.type === "Organisation") {
    return new Set([...zouColumnsNames(model)].filter((name) => !ORGANISATION_SECRETS.includes(name)));
  }
  return undefined;
}

function zouColumnsNames(model: CrudModel): string[] {
  return Object.keys(toRecord(model.table, {}));
}

/** Lists a model's rows the viewer may see: a plain array, or Zou's page object when `page` is given. */
export async function listRecords(ctx: RequestContext, path: string, options: ListOptions): Promise<ZouJson[] | Page> {
  const model = getCrudModel(path);
  await assertListAccess(ctx, model, options.filters);

  const conditions: SQL[] = buildFilterConditions(model, options.filters, filterableColumns(ctx, model));
  const extra = model.hooks?.extraFilters?.(ctx, options.filters);
  if (extra !== undefined) conditions.push(...extra);
  const narrowing = await listNarrowing(ctx, model);
  if (narrowing !== undefined) conditions.push(narrowing);
  const where = conditions.length > 0 ? and(...conditions) : undefined;

  const relations = options.relations ?? false;
  const variant = variantFor(ctx, model, false);

  if (options.page === undefined) {
    const query = ctx.db.orm.select().from(model.table).where(where);
    const rows = (model.maxRows === undefined ? await query : await query.limit(model.maxRows)) as Row[];
    const items = await serializeRows(ctx, model, rows, { relations, variant });
    return pickFields(items, options.fields);
  }

  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const offset = (options.page - 1) * limit;
  const [{ total }] = await ctx.db.orm.select({ total: count() }).from(model.table).where(where);
  const rows = (await ctx.db.orm
    .select()
    .from(model.table)
    .where(where)
    .orderBy(desc(zouColumn(model.table, "updated_at")), desc(zouColumn(model.table, "created_at")), asc(zouColumn(model.table, "id")))
    .limit(limit)
    .offset(offset)) as Row[];
  const items = await serializeRows(ctx, model, rows, { relations, variant });
  return { data: pickFields(items, options.fields), total, nb_pages: Math.ceil(total / limit), limit, offset, page: options.page };
}

/** Loads one row by id: 400 Malformed ID., 404 when unknown. */
async function loadRow(orm: Orm, model: CrudModel, id: string): Promise<Row> {
  const parsed = parseId(id);
  const name = `crud_row_${model.path}`;
  const statement = preparedOnce(orm, name, () =>
    orm.select().from(model.table).where(eq(zouColumn(model.table, "id"), sql.placeholder("id"))).prepare(name),
  );
  const [row] = (await statement.execute({ id: parsed })) as Row[];
  if (row === undefined) throw new NotFoundError();
  return row;
}

/** Reads one row, with relations unless `relations` is false (Zou's default for single objects). */
export async function getRecord(ctx: RequestContext, path: string, id: string, relations = true): Promise<ZouJson> {
  requireViewer(ctx);
  const model = getCrudModel(path);
  const loaded = await loadRowWithExtras(ctx.db, model, parseId(id), relations);
  if (loaded === undefined) throw new NotFoundError();
  const { row, extras } = loaded;
  // The access check and the JSON are independent, run together; the JSON is
  // dropped unread when the check fails, and its error comes first.
  const [access, serialized] = await Promise.allSettled([
    assertRowAccess(ctx, model, model.read, toRecord(model.table, row)),
    serializeRows(ctx, model, [row], { relations, variant: variantFor(ctx, model, true), extras }),
  ]);
  if (access.status === "rejected") throw access.reason;
  if (serialized.status === "rejected") throw serialized.reason;

  const [json] = serialized.value;
  await model.hooks?.decorateOne?.(ctx, json);
  return json;
}

async function replaceLinks(write: WriteContext, id: string, links: Map<string, string[]>): Promise<void> {
  for (const [key, ids] of links) {
    const relation = write.model.relations?.find((candidate) => candidate.key === key);
    if (relation === undefined) continue;
    await write.tx.delete(relation.table).where(eq(zouColumn(relation.table, relation.ownColumn), id));
    if (ids.length === 0) continue;
    const rows = ids.map((other) => toProperties(relation.table, { [relation.ownColumn]: id, [relation.otherColumn]: other }));
    await write.tx.insert(relation.table).values(rows);
  }
}

/** Zou's event for a generic write: `<table-with-dashes>:<action>` with `{<table>_id}`, unless the model names its own. */
export async function recordCrudEvent(write: WriteContext, action: CrudAction, record: ZouRecord, json: ZouJson): Promise<void> {
  const { ctx, tx, model } = write;
  const custom = model.hooks?.eventOf?.(action, json);
  const table = tableNameOf(model.table);
  const name = custom?.name ?? `${model.eventPrefix ?? table.replace(/_/g, "-")}:${action}`;
  const data = custom?.data ?? { [`${table}_id`]: json.id };
  const projectId = await projectIdOf(ctx, model, record, tx);
  await recordEvent(tx, ctx, { name, projectId, data });
}

/** Runs a write in one transaction; database constraint errors become Zou's bare 400s. */
async function inTransaction<T>(ctx: RequestContext, fn: (tx: Orm) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction(fn);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const translated = translateCrudDatabaseError(error);
    if (translated !== undefined) throw translated;
    throw error;
  }
}

/** Creates a row from a Zou body and returns it with its relations (201 on the REST route). */
export async function createRecord(ctx: RequestContext, path: string, data: unknown): Promise<ZouJson> {
  requireViewer(ctx);
  const model = getCrudModel(path);
  const body = requireBody(data);
  await assertRowAccess(ctx, model, model.create, body);
  await assertSingleProject(ctx, model, body);

  const prepared = prepareCreate(model, body, model.writeOnly);

  return inTransaction(ctx, async (tx) => {
    const write: WriteContext = { ctx, tx, model, body };
    await model.hooks?.beforeCreate?.(write, prepared.values);
    const [row] = (await tx.insert(model.table).values(toProperties(model.table, prepared.values)).returning()) as Row[];
    const record = toRecord(model.table, row);
    await replaceLinks(write, record.id as string, prepared.links);
    await model.hooks?.afterCreate?.(write, record);

    const [json] = await serializeRowsIn(write, row, true);
    await recordCrudEvent(write, "new", record, json);
    return json;
  });
}

/** Serializes a row inside a write, reading relations through the transaction. */
async function serializeRowsIn(write: WriteContext, row: Row, relations: boolean): Promise<ZouJson[]> {
  const txCtx = { ...write.ctx, db: { ...write.ctx.db, orm: write.tx } } as RequestContext;
  return serializeRows(txCtx, write.model, [row], { relations, variant: variantFor(write.ctx, write.model, true) });
}

/** Updates a row from a Zou body (read-only and unknown keys ignored) and returns it. */
export async function updateRecord(ctx: RequestContext, path: string, id: string, data: unknown): Promise<ZouJson> {
  requireViewer(ctx);
  const model = getCrudModel(path);
  const body = requireBody(data);
  const stored = await loadRow(ctx.db.orm, model, id);
  const storedRecord = toRecord(model.table, stored);
  await assertRowAccess(ctx, model, model.update, storedRecord);

  const prepared = prepareUpdate(model, body);
  await assertCommentChanges(ctx, model, storedRecord, prepared.values);
  await assertSingleProject(ctx, model, { ...storedRecord, ...prepared.values }, await projectIdOf(ctx, model, storedRecord));

  return inTransaction(ctx, async (tx) => {
    const write: WriteContext = { ctx, tx, model, body };
    await model.hooks?.beforeUpdate?.(write, storedRecord, prepared.values, prepared.links);
    const changes = { ...prepared.values, updated_at: new Date() };
    const [row] = (await tx
      .update(model.table)
      .set(toProperties(model.table, changes))
      .where(eq(zouColumn(model.table, "id"), storedRecord.id as string))
      .returning()) as Row[];
    const record = toRecord(model.table, row);
    await replaceLinks(write, record.id as string, prepared.links);

    const [json] = await serializeRowsIn(write, row, false);
    await model.hooks?.afterUpdate?.(write, record, prepared.values, json);
    await recordCrudEvent(write, "update", record, json);
    return json;
  });
}

/** Deletes a row, its link-table rows, and with `force` what the model's hook purges. */
export async function deleteRecord(ctx: RequestContext, path: string, id: string, force = false): Promise<boolean> {
  requireViewer(ctx);
  const model = getCrudModel(path);
  const stored = await loadRow(ctx.db.orm, model, id);
  const record = toRecord(model.table, stored);
  await assertRowAccess(ctx, model, model.delete, record);

  // A comment's removal also clears its news and notifications and puts the
  // task back to its previous status: the comments service does all of it.
  if (model.type === "Comment") {
    await deleteComment(ctx, record.id as string);
    return true;
  }

  await inTransaction(ctx, async (tx) => {
    const write: WriteContext = { ctx, tx, model, body: {} };
    await model.hooks?.beforeDelete?.(write, record, force);
    for (const relation of model.relations ?? []) {
      if (relation.children === true) continue;
      await tx.delete(relation.table).where(eq(zouColumn(relation.table, relation.ownColumn), record.id as string));
    }
    const json = (await serializeRowsIn(write, stored, false))[0];
    await tx.delete(model.table).where(eq(zouColumn(model.table, "id"), record.id as string));
    await model.hooks?.afterDelete?.(write, record);
    await recordCrudEvent(write, "delete", record, json);
  });
  return true;
}
