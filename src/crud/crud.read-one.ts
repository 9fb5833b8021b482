import { Column, eq, fillPlaceholders, getTableColumns, getTableName, is, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { entityType } from "../../schema/entities.js";
import type { Database, Orm } from "../db/index.js";
import { preparedOnce } from "../db/prepared.js";
import { objectTemplate } from "../rest/zou-json.js";
import { zouColumn } from "./crud.columns.js";
import type { Row, RowExtras } from "./crud.json.js";
import type { CrudModel } from "./crud.types.js";

// One row of a generic model read by id together with what its JSON needs
// beyond its columns: the entity type name (entities) and the id list of each
// link-table relation, as correlated subqueries of one statement. A single
// GET then costs one round trip where a page of rows costs one per link table.

const TYPE_NAME = "__entityTypeName";
const relationField = (index: number) => `__relation${index}`;

/**
 * `"table"."column"`: drizzle leaves columns unqualified in a single-table
 * select, and inside a correlated subquery an unqualified `id` would name the
 * subquery's own column.
 */
function qualified(table: PgTable, column: string): SQL {
  return sql`${sql.identifier(getTableName(table))}.${sql.identifier(zouColumn(table, column).name)}`;
}

/** Reads a uuid[] value, which both drivers parse into an array of strings. */
function idArray(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [];
}

/**
 * Relations are inlined only when they read another table than the model's:
 * a subquery on the model's own table would shadow the outer row's name.
 */
function inlinedRelations(model: CrudModel, relations: boolean) {
  const list = relations ? (model.relations ?? []) : [];
  return list.every((relation) => relation.table !== model.table) ? list : [];
}

/** A read by id, built once: drizzle's prepared statement, and its text and field decoders for Database.readValues. */
interface ReadOne {
  statement: { execute(values: { id: string }): Promise<unknown> };
  text: string;
  params: unknown[];
  keys: string[];
  /** Per field of the select list: a column's decoder, or undefined for a subquery's raw value. */
  decoders: (Column | undefined)[];
  template: Row;
}

function buildReadOne(orm: Orm, model: CrudModel, relations: boolean, name: string): ReadOne {
  const idColumn = zouColumn(model.table, "id");
  const outerId = qualified(model.table, "id");
  const fields: Record<string, unknown> = { ...getTableColumns(model.table) };
  if (model.type === "Entity") {
    fields[TYPE_NAME] = sql`(select ${qualified(entityType, "name")} from ${entityType} where ${qualified(entityType, "id")} = ${qualified(model.table, "entity_type_id")})`;
  }
  inlinedRelations(model, relations).forEach((relation, index) => {
    const own = qualified(relation.table, relation.ownColumn);
    const other = qualified(relation.table, relation.otherColumn);
    // An array subquery costs PostgreSQL less than json_agg, and is never null.
    fields[relationField(index)] = sql`array(select ${other} from ${relation.table} where ${own} = ${outerId})`;
  });
  const statement = orm
    .select(fields as Record<string, SQL>)
    .from(model.table)
    .where(eq(idColumn, sql.placeholder("id")))
    .prepare(name);
  const query = statement.getQuery();
  const keys = Object.keys(fields);
  return {
    statement,
    text: query.sql,
    params: query.params,
    keys,
    decoders: keys.map((key) => (is(fields[key], Column) ? (fields[key] as Column) : undefined)),
    template: objectTemplate(keys),
  };
}

/** Turns one row of driver values into the row drizzle's execute returns, decoding the values as it does. */
function decodeRow(readOne: ReadOne, values: unknown[]): Row {
  const row: Row = { ...readOne.template };
  readOne.keys.forEach((key, index) => {
    const value = values[index];
    const decoder = readOne.decoders[index];
    row[key] = value === null || decoder === undefined ? value : decoder.mapFromDriverValue(value);
  });
  return row;
}

const rowShapes = new WeakMap<PgTable, { properties: string[]; template: Row }>();

/** Copies the table's own columns out of a result row, leaving out the extras (see objectTemplate). */
function tableRow(table: PgTable, result: Row): Row {
  let shape = rowShapes.get(table);
  if (shape === undefined) {
    const properties = Object.keys(getTableColumns(table));
    shape = { properties, template: objectTemplate(properties) };
    rowShapes.set(table, shape);
  }
  const row: Row = { ...shape.template };
  for (const property of shape.properties) row[property] = result[property];
  return row;
}

/** Reads one row by (parsed) id with its extras in one statement; undefined when no row has that id. */
export async function loadRowWithExtras(db: Database, model: CrudModel, id: string, relations: boolean): Promise<{ row: Row; extras: RowExtras } | undefined> {
  const name = `crud_read_one_${model.path}${relations ? "_with_relations" : ""}`;
  const readOne = preparedOnce(db.orm, name, () => buildReadOne(db.orm, model, relations, name));
  // Drizzle's row mapping took a tenth of the CPU time of a read by id under
  // load, so outside transactions on a server the values are decoded here.
  const values = db.readValues(readOne.text, fillPlaceholders(readOne.params, { id }));
  let result: Row | undefined;
  if (values === undefined) [result] = (await readOne.statement.execute({ id })) as Row[];
  else {
    const [first] = await values;
    result = first === undefined ? undefined : decodeRow(readOne, first);
  }
  if (result === undefined) return undefined;

  const row = tableRow(model.table, result);
  const extras: RowExtras = {};
  if (model.type === "Entity") {
    const typeName = result[TYPE_NAME];
    extras.typeNames = new Map(typeof typeName === "string" ? [[row.entityTypeId as string, typeName]] : []);
  }
  const inlined = inlinedRelations(model, relations);
  if (inlined.length > 0) extras.relationLists = inlined.map((_, index) => [idArray(result[relationField(index)])]);
  return { row, extras };
}
