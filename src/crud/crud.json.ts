import { sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { entityType } from "../../schema/entities.js";
import { isAdmin, isManager } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { groupByKey, idIn } from "../db/loader.js";
import { idInPlaceholder, preparedOnce } from "../db/prepared.js";
import { personToZouJson, type PersonRow } from "../people/person.json.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { zouColumn, zouColumns } from "./crud.columns.js";
import type { CrudModel, RelationSpec } from "./crud.types.js";

// Zou's JSON for rows of the generic routes. Relations (link tables as id
// lists) and embedded many-to-one objects are read with one statement per
// link table for the whole page of rows, never one per row.

/** Entity types whose name is the JSON `type` of their entities; any other entity is an Asset. */
const TEMPORAL_TYPE_NAMES = new Set(["Shot", "Sequence", "Episode", "Edit", "Scene", "Concept"]);

/** Keys of Zou's minimal person view, sent to non-managers. */
const MINIMAL_PERSON_KEYS = ["id", "type", "first_name", "last_name", "full_name", "has_avatar", "active", "departments", "studio_id", "role", "desktop_login", "is_bot"];

/** Columns of the person view non-admins may filter on (Zou's minimal filter set). */
export const MINIMAL_PERSON_FILTERS: ReadonlySet<string> = new Set(["id", "first_name", "last_name", "has_avatar", "active", "studio_id", "role", "desktop_login", "email", "is_bot", "departments"]);

/** Organisation columns only admins see (chat integration secrets). */
export const ORGANISATION_SECRETS = ["chat_token_slack", "chat_webhook_mattermost", "chat_token_discord"];

export type Row = Record<string, unknown>;

/** Which variant of a model's JSON the viewer gets. */
export type Variant = "full" | "minimal";

/** Persons: safe view for admins in lists and managers on one record, minimal otherwise. Organisations: without secrets for non-admins. */
export function variantFor(ctx: RequestContext, model: CrudModel, single: boolean): Variant {
  const viewer = requireViewer(ctx);
  if (model.type === "Person") return (single ? isManager(viewer) : isAdmin(viewer)) ? "full" : "minimal";
  if (model.type === "Organisation") return isAdmin(viewer) ? "full" : "minimal";
  return "full";
}

function baseJson(model: CrudModel, row: Row, variant: Variant): ZouJson {
  if (model.type === "Person") return personToZouJson(row as PersonRow);
  const omit = [...(model.hiddenColumns ?? []), ...(model.type === "Organisation" && variant === "minimal" ? ORGANISATION_SECRETS : [])];
  return toZouJson(model.table, row, model.type, omit);
}

/**
 * Reads every relation of a model for a page of rows in one statement: one
 * `union all` branch per link table, each row tagged with its relation's index.
 */
async function loadRelations(ctx: RequestContext, model: CrudModel, relations: RelationSpec[], ids: string[]): Promise<string[][][]> {
  const orm = ctx.db.orm;
  const name = `crud_relations_${model.path}`;
  const statement = preparedOnce(orm, name, () => {
    const selects = relations.map((relation, index) => {
      const own = zouColumn(relation.table, relation.ownColumn);
      const other = zouColumn(relation.table, relation.otherColumn);
      return orm
        .select({ relation: sql<number>`${sql.raw(String(index))}`.as("relation"), own: sql<string>`${own}`.as("own"), other: sql<string>`${other}`.as("other") })
        .from(relation.table)
        .where(idInPlaceholder(own));
    });
    const [first, second, ...rest] = selects;
    return (second === undefined ? first : unionAll(first, second, ...rest)).prepare(name);
  });
  const rows = await statement.execute({ ids });
  return relations.map((_, index) =>
    groupByKey(
      ids,
      rows.filter((row) => Number(row.relation) === index),
      (row) => row.own,
    ).map((group) => group.map((row) => row.other)),
  );
}

async function entityTypeNames(ctx: RequestContext, rows: Row[]): Promise<Map<string, string>> {
  const typeIds = [...new Set(rows.map((row) => row.entityTypeId).filter((id): id is string => typeof id === "string"))];
  if (typeIds.length === 0) return new Map();
  const orm = ctx.db.orm;
  const statement = preparedOnce(orm, "entity_type_names", () =>
    orm.select({ id: entityType.id, name: entityType.name }).from(entityType).where(idInPlaceholder(entityType.id)).prepare("entity_type_names"),
  );
  const types = await statement.execute({ ids: typeIds });
  return new Map(types.map((type) => [type.id, type.name]));
}

/** Returns the JSON `type` of an entity: its type's name for temporal kinds, else Asset. */
export function entityKind(typeName: string | undefined): string {
  return typeName !== undefined && TEMPORAL_TYPE_NAMES.has(typeName) ? typeName : "Asset";
}

/** Values the JSON of rows needs beyond their columns, when the caller read them with the rows. */
export interface RowExtras {
  /** Entity type names by id (Entity model only). */
  typeNames?: Map<string, string>;
  /** Per relation of the model, per row: the ids of the other side. */
  relationLists?: string[][][];
}

/** Serializes rows of one model, with their relations when asked, in the order given. */
export async function serializeRows(
  ctx: RequestContext,
  model: CrudModel,
  rows: Row[],
  options: { relations: boolean; variant: Variant; extras?: RowExtras },
): Promise<ZouJson[]> {
  if (rows.length === 0) return [];
  const idProperty = zouColumns(model.table).get("id")?.property ?? "id";
  const ids = rows.map((row) => row[idProperty] as string);
  const items = rows.map((row) => baseJson(model, row, options.variant));

  // The entity type names and the relations are independent reads: run them together.
  const relations = options.relations ? (model.relations ?? []) : [];
  const extras = options.extras;
  const [names, lists] = await Promise.all([
    model.type === "Entity" ? (extras?.typeNames ?? entityTypeNames(ctx, rows)) : undefined,
    relations.length > 0 ? (extras?.relationLists ?? loadRelations(ctx, model, relations, ids)) : undefined,
  ]);

  // The registry's "Entity" names the model in messages; each entity is labelled by its kind.
  if (names !== undefined) {
    rows.forEach((row, index) => {
      items[index].type = entityKind(names.get(row.entityTypeId as string));
    });
  }

  relations.forEach((relation, position) => {
    items.forEach((item, index) => {
      item[relation.key] = lists![position][index];
    });
  });

  for (const embed of model.embeds ?? []) {
    const column = zouColumns(model.table).get(embed.column);
    if (column === undefined) continue;
    const targetIds = [...new Set(rows.map((row) => row[column.property]).filter((id): id is string => typeof id === "string"))];
    const targets = targetIds.length === 0 ? [] : await ctx.db.orm.select().from(embed.table).where(idIn(zouColumn(embed.table, "id"), targetIds));
    const byId = new Map(targets.map((target) => [(target as Row).id as string, target as Row]));
    items.forEach((item, index) => {
      const target = byId.get(rows[index][column.property] as string);
      item[embed.key] = target === undefined ? null : toZouJson(embed.table, target, embed.type);
    });
  }

  if (options.variant === "minimal" && model.type === "Person") {
    return items.map((item) => Object.fromEntries(MINIMAL_PERSON_KEYS.filter((key) => key in item).map((key) => [key, item[key]])));
  }
  return items;
}

/** Keeps the listed keys of each item (Zou's `fields` parameter); id and type are always kept. */
export function pickFields(items: ZouJson[], fields: string[] | undefined): ZouJson[] {
  if (fields === undefined || fields.length === 0) return items;
  const keep = new Set(["id", "type", ...fields]);
  return items.map((item) => Object.fromEntries(Object.entries(item).filter(([key]) => keep.has(key))));
}
