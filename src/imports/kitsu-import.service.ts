import { and, eq, inArray } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { entity, entityLink, entityType } from "../../schema/entities.js";
import { project } from "../../schema/projects.js";
import { isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { zouColumns } from "../crud/crud.columns.js";
import { coerceValue } from "../crud/crud.values.js";
import type { Orm } from "../db/index.js";
import { translateDatabaseError } from "../db/errors.js";
import { entityColumns, kindOfTypeName, type EntityRow } from "../entities/entities.loaders.js";
import { entityJson } from "../entities/entity-json.resolver.js";
import { AppError, BadRequestError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// The Kitsu-to-Kitsu import that gazu's sync module drives: raw rows read
// from one Kitsu are upserted by id into this one. Zou writes only the
// entries of admins and skips the others silently. Kumiki writes every entry
// of a request in one transaction, so a bad entry (named by its position)
// leaves nothing half imported.

/** Maximum number of entries in one request. */
const MAX_ENTRIES = 10_000;

/** Timestamps kept from the source rows, so both servers show the same history. */
const COPIED_TIMESTAMPS = ["created_at", "updated_at"];

function entryError(index: number, message: string): BadRequestError {
  return new BadRequestError(`Entry ${index + 1}: ${message}`, { entryIndex: index });
}

function readEntries(entries: unknown): Record<string, unknown>[] {
  if (!Array.isArray(entries)) throw new BadRequestError("A list of entities is expected.");
  if (entries.length > MAX_ENTRIES) throw new BadRequestError(`Too many entries: at most ${MAX_ENTRIES} per request.`);
  return entries.map((entry, index) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw entryError(index, "expected a JSON object.");
    return entry as Record<string, unknown>;
  });
}

/**
 * Types the entry's values for the table's columns, keyed by drizzle
 * property. Keys that are not columns (`type`, Zou's relation lists) are
 * left out.
 */
function rowValues(table: PgTable, entry: Record<string, unknown>, index: number, required: string[]): Record<string, unknown> {
  for (const name of required) {
    if (entry[name] === undefined || entry[name] === null || entry[name] === "") throw entryError(index, `${name} is missing.`);
  }
  if (!isUuid(entry.id)) throw entryError(index, "id is not a valid id.");
  const values: Record<string, unknown> = {};
  for (const { name, property, column } of zouColumns(table).values()) {
    if (!(name in entry)) continue;
    try {
      values[property] = coerceValue(column, name, entry[name]);
    } catch (error) {
      if (error instanceof AppError) throw entryError(index, `${name}: ${error.message}`);
      throw error;
    }
  }
  for (const name of COPIED_TIMESTAMPS) {
    const property = zouColumns(table).get(name)?.property;
    if (property !== undefined && values[property] === null) delete values[property];
  }
  return values;
}

/** Runs the writes in one transaction, turning a database failure into an error naming the entry. */
async function writeEntries<T>(ctx: RequestContext, count: number, write: (tx: Orm, index: number) => Promise<T>): Promise<T[]> {
  let index = 0;
  try {
    return await ctx.db.transaction(async (tx) => {
      const results: T[] = [];
      for (index = 0; index < count; index += 1) results.push(await write(tx, index));
      return results;
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const translated = translateDatabaseError(error);
    if (translated !== undefined) throw entryError(index, translated.message);
    throw error;
  }
}

async function assertIdsExist(tx: Orm, table: typeof project | typeof entityType | typeof entity, ids: string[], label: string): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await tx.select({ id: table.id }).from(table).where(inArray(table.id, wanted));
  const known = new Set(found.map((row) => row.id));
  const missing = wanted.find((id) => !known.has(id));
  if (missing !== undefined) throw new BadRequestError(`Unknown ${label} ${missing}: import it first.`);
}

/**
 * Upserts entity rows (assets, episodes, sequences, shots...) by id and
 * returns them in Zou's JSON. Event `<kind>:new` or `<kind>:update` for each.
 * Admins only; the entries of anyone else are skipped, as in Zou.
 */
export async function importKitsuEntities(ctx: RequestContext, entries: unknown): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  const list = readEntries(entries);
  if (!isAdmin(viewer)) return [];
  const rows = list.map((entry, index) => rowValues(entity, entry, index, ["id", "name", "project_id", "entity_type_id"]));

  const imported = await writeEntries(ctx, rows.length, async (tx, index) => {
    if (index === 0) {
      await assertIdsExist(tx, project, rows.map((row) => row.projectId as string), "project");
      await assertIdsExist(tx, entityType, rows.map((row) => row.entityTypeId as string), "entity type");
    }
    const values = rows[index];
    const id = values.id as string;
    const [existing] = await tx.select({ id: entity.id }).from(entity).where(eq(entity.id, id));
    if (existing === undefined) await tx.insert(entity).values(values as typeof entity.$inferInsert);
    else await tx.update(entity).set({ ...values, id: undefined }).where(eq(entity.id, id));

    const [row] = await tx.select(entityColumns).from(entity).innerJoin(entityType, eq(entityType.id, entity.entityTypeId)).where(eq(entity.id, id));
    const kind = kindOfTypeName(row.entityTypeName).toLowerCase();
    await recordEvent(tx, ctx, { name: `${kind}:${existing === undefined ? "new" : "update"}`, projectId: row.projectId, data: { [`${kind}_id`]: id } });
    return row;
  });
  return imported.map((row: EntityRow) => entityJson(row));
}

/**
 * Upserts casting links (entity_link rows) by id, or by their pair of
 * entities when that pair is already linked under another id. Event
 * entity-link:new or entity-link:update for each. Admins only, as above.
 */
export async function importKitsuEntityLinks(ctx: RequestContext, entries: unknown): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  const list = readEntries(entries);
  if (!isAdmin(viewer)) return [];
  const rows = list.map((entry, index) => rowValues(entityLink, entry, index, ["id", "entity_in_id", "entity_out_id"]));

  return writeEntries(ctx, rows.length, async (tx, index) => {
    if (index === 0) await assertIdsExist(tx, entity, rows.flatMap((row) => [row.entityInId as string, row.entityOutId as string]), "entity");
    const values = rows[index];
    const [existing] = await tx
      .select({ id: entityLink.id })
      .from(entityLink)
      .where(and(eq(entityLink.entityInId, values.entityInId as string), eq(entityLink.entityOutId, values.entityOutId as string)));
    const [byId] = existing === undefined ? await tx.select({ id: entityLink.id }).from(entityLink).where(eq(entityLink.id, values.id as string)) : [existing];

    let saved: typeof entityLink.$inferSelect;
    if (byId === undefined) [saved] = await tx.insert(entityLink).values(values as typeof entityLink.$inferInsert).returning();
    else [saved] = await tx.update(entityLink).set({ ...values, id: undefined }).where(eq(entityLink.id, byId.id)).returning();

    const [source] = await tx.select({ projectId: entity.projectId }).from(entity).where(eq(entity.id, saved.entityInId));
    await recordEvent(tx, ctx, { name: `entity-link:${byId === undefined ? "new" : "update"}`, projectId: source.projectId, data: { entity_link_id: saved.id } });
    return toZouJson(entityLink, saved as unknown as Record<string, unknown>, "EntityLink");
  });
}
