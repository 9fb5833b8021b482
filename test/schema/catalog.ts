import { sameColumns, type ZouModels, type ZouTable } from "../support/zou-models.js";

// Reads the catalog of a migrated database and lists every difference from
// Zou's data model, one sentence per difference, in the form
// "table.column: expected X, found Y".

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface CatalogColumn {
  table: string;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

export interface CatalogConstraint {
  table: string;
  name: string;
  /** pg_constraint.contype: p (primary key), u (unique), f (foreign key), c (check). */
  kind: string;
  columns: string[];
  foreignTable: string | null;
  foreignColumns: string[];
  deleteRule: string | null;
  definition: string;
}

export interface CatalogIndex {
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  columns: string[];
  predicate: string | null;
  /** True when the index backs a PRIMARY KEY or UNIQUE constraint. */
  backsConstraint: boolean;
}

export interface Catalog {
  tables: string[];
  columns: CatalogColumn[];
  constraints: CatalogConstraint[];
  indexes: CatalogIndex[];
  enums: Map<string, string[]>;
}

const DELETE_RULES: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/** Tables Kumiki adds for its own state; the comparison skips them. */
export function isKumikiTable(table: string): boolean {
  return table.startsWith("kumiki_");
}

function splitList(list: string | null): string[] {
  return list === null || list === "" ? [] : list.split(",");
}

/** Reads the tables, columns, constraints, indexes and enum types of the `public` schema. */
export async function readCatalog(db: Queryable): Promise<Catalog> {
  const tables = await db.query<{ name: string }>(
    `select c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by 1`,
  );

  const columns = await db.query<CatalogColumn>(
    `select c.relname as "table", a.attname as name,
            format_type(a.atttypid, a.atttypmod) as type,
            not a.attnotnull as nullable,
            pg_get_expr(d.adbin, d.adrelid) as "default"
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`,
  );

  const constraintRows = await db.query<{
    table: string;
    name: string;
    kind: string;
    columns: string | null;
    foreign_table: string | null;
    foreign_columns: string | null;
    delete_rule: string | null;
    definition: string;
  }>(
    `select c.relname as "table", con.conname as name, con.contype::text as kind,
            (select string_agg(a.attname, ',' order by k.position)
               from unnest(con.conkey) with ordinality as k(attnum, position)
               join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns,
            f.relname as foreign_table,
            (select string_agg(a.attname, ',' order by k.position)
               from unnest(con.confkey) with ordinality as k(attnum, position)
               join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum) as foreign_columns,
            case when con.contype = 'f' then con.confdeltype::text end as delete_rule,
            pg_get_constraintdef(con.oid) as definition
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_class f on f.oid = con.confrelid
      where n.nspname = 'public'
      order by 1, 2`,
  );

  const indexRows = await db.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    columns: string | null;
    predicate: string | null;
    backs_constraint: boolean;
  }>(
    `select t.relname as "table", i.relname as name, ix.indisunique as "unique", ix.indisprimary as "primary",
            (select string_agg(a.attname, ',' order by k.position)
               from generate_series(0, ix.indnatts - 1) as k(position)
               join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = ix.indkey[k.position]) as columns,
            pg_get_expr(ix.indpred, ix.indrelid) as predicate,
            exists (select 1 from pg_constraint con
                     where con.conindid = ix.indexrelid and con.contype in ('p', 'u')) as backs_constraint
       from pg_index ix
       join pg_class i on i.oid = ix.indexrelid
       join pg_class t on t.oid = ix.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public'
      order by 1, 2`,
  );

  const enumRows = await db.query<{ name: string; labels: string }>(
    `select t.typname as name, string_agg(e.enumlabel, ',' order by e.enumsortorder) as labels
       from pg_type t
       join pg_enum e on e.enumtypid = t.oid
       join pg_namespace n on n.oid = t.typnamespace
      where n.nspname = 'public'
      group by t.typname`,
  );

  return {
    tables: tables.map((row) => row.name),
    columns,
    constraints: constraintRows.map((row) => ({
      table: row.table,
      name: row.name,
      kind: row.kind,
      columns: splitList(row.columns),
      foreignTable: row.foreign_table,
      foreignColumns: splitList(row.foreign_columns),
      deleteRule: row.delete_rule === null ? null : (DELETE_RULES[row.delete_rule] ?? row.delete_rule),
      definition: row.definition,
    })),
    indexes: indexRows.map((row) => ({
      table: row.table,
      name: row.name,
      unique: row.unique,
      primary: row.primary,
      columns: splitList(row.columns),
      predicate: row.predicate,
      backsConstraint: row.backs_constraint,
    })),
    enums: new Map(enumRows.map((row) => [row.name, row.labels.split(",")])),
  };
}

/**
 * ON DELETE rules Kumiki declares beyond the reference, which describes Zou
 * 1.0.67. Later Zou sets these two nullable references to a schedule version
 * to SET NULL (its migration d7a3e5b1c9f2), so that deleting a version does
 * not fail on the versions and projects that point to it.
 */
export const EXTRA_DELETE_RULES: Record<string, string> = {
  "production_schedule_version.production_schedule_from": "SET NULL",
  "project.from_schedule_version_id": "SET NULL",
};

/** Lowers case and removes quotes, brackets, casts, blanks and table qualifiers, to compare SQL expressions. */
function normalizeExpression(expression: string): string {
  return expression
    .toLowerCase()
    .replace(/::[a-z ]+(\[\])?/g, "")
    .replace(/"/g, "")
    .replace(/\b[a-z_]+\.(?=[a-z_])/g, "")
    .replace(/^check\s*/, "")
    .replace(/[()\s]/g, "");
}

function describeColumns(columns: string[]): string {
  return `(${columns.join(", ")})`;
}

/** Lists the tables missing from the database, and the tables it has beyond Zou's and Kumiki's. */
export function compareTables(models: ZouModels, catalog: Catalog): string[] {
  const expected = new Set(models.tables.map((table) => table.name));
  const found = new Set(catalog.tables);
  const mismatches: string[] = [];

  for (const table of expected) {
    if (!found.has(table)) mismatches.push(`${table}: expected table, found none`);
  }
  for (const table of found) {
    if (!expected.has(table) && !isKumikiTable(table)) {
      mismatches.push(`${table}: not in zou-models.md and not a kumiki_* table`);
    }
  }
  return mismatches;
}

/**
 * Compares every column's type, nullability and database default. A column
 * the reference does not list is allowed if it is nullable or has a default,
 * because Kumiki may add such columns to Zou's tables and Zou's inserts must
 * still succeed.
 */
export function compareColumns(models: ZouModels, catalog: Catalog): string[] {
  const mismatches: string[] = [];

  for (const table of zouTablesPresent(models, catalog)) {
    const found = new Map(
      catalog.columns.filter((column) => column.table === table.name).map((column) => [column.name, column]),
    );

    for (const expected of table.columns) {
      const where = `${table.name}.${expected.name}`;
      const actual = found.get(expected.name);
      if (actual === undefined) {
        mismatches.push(`${where}: expected column of type ${expected.type}, found none`);
        continue;
      }
      if (actual.type !== expected.type) {
        mismatches.push(`${where}: expected type ${expected.type}, found ${actual.type}`);
      }
      if (actual.nullable !== expected.nullable) {
        const describe = (nullable: boolean) => (nullable ? "nullable" : "NOT NULL");
        mismatches.push(`${where}: expected ${describe(expected.nullable)}, found ${describe(actual.nullable)}`);
      }
      const expectedDefault = expected.serverDefault === null ? null : normalizeExpression(expected.serverDefault);
      const actualDefault = actual.default === null ? null : normalizeExpression(actual.default);
      if (actualDefault !== expectedDefault) {
        mismatches.push(
          `${where}: expected ${expected.serverDefault === null ? "no database default" : `default ${expected.serverDefault}`}, ` +
            `found ${actual.default === null ? "none" : `default ${actual.default}`}`,
        );
      }
    }

    const listed = new Set(table.columns.map((column) => column.name));
    for (const actual of found.values()) {
      if (!listed.has(actual.name) && !actual.nullable && actual.default === null) {
        mismatches.push(
          `${table.name}.${actual.name}: not in zou-models.md, NOT NULL and without a default, so Zou's inserts would fail`,
        );
      }
    }
  }
  return mismatches;
}

export function comparePrimaryKeys(models: ZouModels, catalog: Catalog): string[] {
  const mismatches: string[] = [];

  for (const table of zouTablesPresent(models, catalog)) {
    const actual = catalog.constraints.find((constraint) => constraint.table === table.name && constraint.kind === "p");
    if (actual === undefined) {
      mismatches.push(`${table.name}: expected primary key ${describeColumns(table.primaryKey)}, found none`);
    } else if (!sameColumns(actual.columns, table.primaryKey)) {
      mismatches.push(
        `${table.name}: expected primary key ${describeColumns(table.primaryKey)}, found ${describeColumns(actual.columns)}`,
      );
    }
  }
  return mismatches;
}

/**
 * Compares foreign keys column by column: the referenced table and column,
 * and the ON DELETE rule where the reference states one (or EXTRA_DELETE_RULES
 * does). Elsewhere the rule must be NO ACTION, PostgreSQL's default.
 */
export function compareForeignKeys(models: ZouModels, catalog: Catalog): string[] {
  const mismatches: string[] = [];

  for (const table of zouTablesPresent(models, catalog)) {
    const foreignKeys = catalog.constraints.filter(
      (constraint) => constraint.table === table.name && constraint.kind === "f",
    );

    for (const column of table.columns) {
      const where = `${table.name}.${column.name}`;
      const actual = foreignKeys.filter((constraint) => sameColumns(constraint.columns, [column.name]));
      const targets = actual.map((constraint) => `${constraint.foreignTable}.${constraint.foreignColumns.join(",")}`);

      if (column.references === null) {
        if (actual.length > 0) mismatches.push(`${where}: expected no foreign key, found one to ${targets.join(", ")}`);
        continue;
      }

      const expectedTarget = `${column.references.table}.${column.references.column}`;
      if (actual.length !== 1 || targets[0] !== expectedTarget) {
        mismatches.push(
          `${where}: expected foreign key to ${expectedTarget}, found ${actual.length === 0 ? "none" : targets.join(", ")}`,
        );
        continue;
      }

      const expectedRule = column.references.onDelete ?? EXTRA_DELETE_RULES[where] ?? "NO ACTION";
      if (actual[0].deleteRule !== expectedRule) {
        mismatches.push(`${where}: expected ON DELETE ${expectedRule}, found ON DELETE ${actual[0].deleteRule}`);
      }
    }

    for (const constraint of foreignKeys) {
      if (constraint.columns.length !== 1) {
        mismatches.push(`${table.name}: unexpected multi-column foreign key ${constraint.name}`);
      }
    }
  }
  return mismatches;
}

/**
 * Compares unique keys by their ordered columns, their kind (a UNIQUE
 * constraint, or a unique index backing none), their partial-index predicate,
 * and their name where the reference gives one. A UNIQUE constraint on the
 * primary key's columns counts as present.
 */
export function compareUniques(models: ZouModels, catalog: Catalog): string[] {
  const mismatches: string[] = [];

  for (const table of zouTablesPresent(models, catalog)) {
    const remaining = catalog.indexes.filter((index) => index.table === table.name && index.unique && !index.primary);

    for (const expected of table.uniques) {
      // PostgreSQL merges a UNIQUE constraint that repeats the primary key
      // into the key when one CREATE TABLE declares both, so the primary key
      // enforces it.
      if (expected.kind === "constraint" && sameColumns(expected.columns, table.primaryKey)) continue;

      const expectedDescription = describeUnique(expected.kind, expected.name, expected.columns, expected.where);
      const candidates = remaining.filter((index) => sameColumns(index.columns, expected.columns));
      const match = candidates.find(
        (index) =>
          kindOf(index) === expected.kind &&
          (expected.name === null || index.name === expected.name) &&
          samePredicate(index.predicate, expected.where),
      );

      if (match !== undefined) {
        remaining.splice(remaining.indexOf(match), 1);
        continue;
      }
      // The candidates are reported here, so they are not reported again as unexpected.
      for (const candidate of candidates) remaining.splice(remaining.indexOf(candidate), 1);
      const found = candidates.map((index) => describeUnique(kindOf(index), index.name, index.columns, index.predicate));
      mismatches.push(`${table.name}: expected ${expectedDescription}, found ${found.length === 0 ? "none" : found.join("; ")}`);
    }

    for (const index of remaining) {
      mismatches.push(
        `${table.name}: unexpected ${describeUnique(kindOf(index), index.name, index.columns, index.predicate)}`,
      );
    }
  }
  return mismatches;
}

function kindOf(index: CatalogIndex): "constraint" | "index" {
  return index.backsConstraint ? "constraint" : "index";
}

function samePredicate(actual: string | null, expected: string | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  return normalizeExpression(actual) === normalizeExpression(expected);
}

function describeUnique(kind: string, name: string | null, columns: string[], where: string | null): string {
  const label = kind === "constraint" ? "unique constraint" : "unique index";
  const named = name === null ? "" : ` ${name}`;
  const partial = where === null ? "" : ` where ${where}`;
  return `${label}${named} ${describeColumns(columns)}${partial}`;
}

/** Compares non-unique indexes by their ordered columns, and by name where the reference gives one. */
export function compareIndexes(models: ZouModels, catalog: Catalog): string[] {
  const mismatches: string[] = [];

  for (const table of zouTablesPresent(models, catalog)) {
    const remaining = catalog.indexes.filter((index) => index.table === table.name && !index.unique);

    for (const expected of table.indexes) {
      const candidates = remaining.filter((index) => sameColumns(index.columns, expected.columns));
      const match = candidates.find((index) => expected.name === null || index.name === expected.name);
      const named = expected.name === null ? "" : ` ${expected.name}`;

      if (match !== undefined) {
        remaining.splice(remaining.indexOf(match), 1);
        continue;
      }
      for (const candidate of candidates) remaining.splice(remaining.indexOf(candidate), 1);
      const found = candidates.map((index) => `index ${index.name}`);
      mismatches.push(
        `${table.name}: expected index${named} ${describeColumns(expected.columns)}, found ${found.length === 0 ? "none" : found.join("; ")}`,
      );
    }

    for (const index of remaining) {
      mismatches.push(`${table.name}: unexpected index ${index.name} ${describeColumns(index.columns)}`);
    }
  }
  return mismatches;
}

export function compareChecks(models: ZouModels, catalog: Catalog): string[] {
  const mismatches: string[] = [];

  for (const table of zouTablesPresent(models, catalog)) {
    const remaining = catalog.constraints.filter(
      (constraint) => constraint.table === table.name && constraint.kind === "c",
    );

    for (const expected of table.checks) {
      const actual = remaining.find((constraint) => constraint.name === expected.name);
      if (actual === undefined) {
        mismatches.push(`${table.name}: expected check ${expected.name} (${expected.expression}), found none`);
        continue;
      }
      remaining.splice(remaining.indexOf(actual), 1);
      if (normalizeExpression(actual.definition) !== normalizeExpression(expected.expression)) {
        mismatches.push(
          `${table.name}: expected check ${expected.name} (${expected.expression}), found ${actual.definition}`,
        );
      }
    }

    for (const constraint of remaining) {
      mismatches.push(`${table.name}: unexpected check ${constraint.name} ${constraint.definition}`);
    }
  }
  return mismatches;
}

export function compareEnums(models: ZouModels, catalog: Catalog): string[] {
  const mismatches: string[] = [];

  for (const [name, labels] of models.enums) {
    const actual = catalog.enums.get(name);
    if (actual === undefined) {
      mismatches.push(`${name}: expected enum type (${labels.join(", ")}), found none`);
    } else if (!sameColumns(actual, labels)) {
      mismatches.push(`${name}: expected enum labels (${labels.join(", ")}), found (${actual.join(", ")})`);
    }
  }
  for (const name of catalog.enums.keys()) {
    if (!models.enums.has(name)) mismatches.push(`${name}: unexpected enum type`);
  }
  return mismatches;
}

/** Returns the Zou tables that exist in the database. compareTables reports the missing ones. */
function zouTablesPresent(models: ZouModels, catalog: Catalog): ZouTable[] {
  const found = new Set(catalog.tables);
  return models.tables.filter((table) => found.has(table.name));
}
