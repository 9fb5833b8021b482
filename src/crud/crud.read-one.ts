import { eq, fillPlaceholders, getTableColumns, getTableName, sql, type Column, type SQL } from "drizzle-orm";
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
  /** The select list's fields: the table's columns first, then the subqueries. */
  keys: string[];
  /** The table's columns, the first fields of the select list. */
  columns: Column[];
  /** An object with the table's properties, copied for each row (see objectTemplate). */
  template: Row;
}

function buildReadOne(orm: Orm, model: CrudModel, relations: boolean, name: string): ReadOne {
  const idColumn = zouColumn(model.table, "id");
  const outerId = qualified(model.table, "id");
  const columns = getTableColumns(model.table);
  const fields: Record<string, unknown> = { ...columns };
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
  return {
    statement,
    text: query.sql,
    params: query.params,
    keys: Object.keys(fields),
    columns: Object.values(columns),
    template: objectTemplate(Object.keys(columns)),
  };
}

/**
 * Builds the table's row from the select list's values, decoding them with
 * the columns' decoders as drizzle does unless `decoded` says they already are.
 */
function tableRow(readOne: ReadOne, values: unknown[], decoded: boolean): Row {
  const row: Row = { ...readOne.template };
  readOne.columns.forEach((column, index) => {
    const value = values[index];
    row[readOne.keys[index]] = decoded || value === null ? value : column.mapFromDriverValue(value);
  });
  return row;
}

/** Reads one row by (parsed) id with its extras in one statement; undefined when no row has that id. */
export async function loadRowWithExtras(db: Database, model: CrudModel, id: string, relations: boolean): Promise<{ row: Row; extras: RowExtras } | undefined> {
  const name = `crud_read_one_${model.path}${relations ? "_with_relations" : ""}`;
  const readOne = preparedOnce(db.orm, name, () => buildReadOne(db.orm, model, relations, name));
  // Drizzle's row mapping took a tenth of the CPU time of a read by id under
  // load, so outside transactions on a server the values are decoded here.
  const pending = db.readValues(readOne.text, fillPlaceholders(readOne.params, { id }));
  let values: unknown[] | undefined;
  if (pending === undefined) {
    const [result] = (await readOne.statement.execute({ id })) as Row[];
    values = result === undefined ? undefined : readOne.keys.map((key) => result[key]);
  } else {
    [values] = await pending;
  }
  if (values === undefined) return undefined;

  const row = tableRow(readOne, values, pending === undefined);
  const valueOf = (key: string) => values[readOne.keys.indexOf(key)];
  const extras: RowExtras = {};
  if (model.type === "Entity") {
    const typeName = valueOf(TYPE_NAME);
    extras.typeNames = new Map(typeof typeName === "string" ? [[row.entityTypeId as string, typeName]] : []);
  }
  const inlined = inlinedRelations(model, relations);
  if (inlined.length > 0) extras.relationLists = inlined.map((_, index) => [idArray(valueOf(relationField(index)))]);
  return { row, extras };
}
