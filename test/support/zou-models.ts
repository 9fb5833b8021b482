import { readFileSync } from "node:fs";

// Parser of the Zou data model reference (zou-models.md), which describes
// every table of Zou's database in PostgreSQL terms. The parser turns each
// table section into the catalog facts a migrated database must show, with
// types spelled the way PostgreSQL's format_type() spells them.

/** The reference lives in the folder `shared`, a sibling of the repository. */
export const ZOU_MODELS_PATH = new URL("../../../shared/reference/zou-models.md", import.meta.url);

export interface ZouForeignKey {
  table: string;
  column: string;
  /** The ON DELETE rule the reference states (`CASCADE`...), or null when it states none. */
  onDelete: string | null;
}

export interface ZouColumn {
  name: string;
  /** The type as format_type() prints it: `character varying(80)`, `jsonb[]`... */
  type: string;
  nullable: boolean;
  /** The database DEFAULT expression (`false`), or null when the column has none. */
  serverDefault: string | null;
  references: ZouForeignKey | null;
  /** Flags of the reference's `flags` column: `pk`, `index`, `unique`. */
  flags: Set<string>;
}

export interface ZouUnique {
  /** The constraint or index name, when the reference gives one. */
  name: string | null;
  columns: string[];
  /** A UNIQUE constraint, or a unique index that backs no constraint. */
  kind: "constraint" | "index";
  /** The predicate of a partial unique index, as the reference writes it. */
  where: string | null;
}

export interface ZouIndex {
  name: string | null;
  columns: string[];
}

export interface ZouCheck {
  name: string;
  expression: string;
}

export interface ZouTable {
  name: string;
  hasBaseColumns: boolean;
  columns: ZouColumn[];
  primaryKey: string[];
  uniques: ZouUnique[];
  /** Non-unique indexes. */
  indexes: ZouIndex[];
  checks: ZouCheck[];
}

export interface ZouModels {
  /** The table count stated in the reference's introduction. */
  declaredTableCount: number;
  tables: ZouTable[];
  /** PostgreSQL enum types by name, with their labels in order. */
  enums: Map<string, string[]>;
}

/** Reads and parses the reference from the `shared` folder next to the repository. */
export function readZouModels(): ZouModels {
  return parseZouModels(readFileSync(ZOU_MODELS_PATH, "utf8"));
}

const BASE_COLUMNS: ZouColumn[] = [
  { name: "id", type: "uuid", nullable: false, serverDefault: null, references: null, flags: new Set(["pk"]) },
  {
    name: "created_at",
    type: "timestamp without time zone",
    nullable: true,
    serverDefault: null,
    references: null,
    flags: new Set(),
  },
  {
    name: "updated_at",
    type: "timestamp without time zone",
    nullable: true,
    serverDefault: null,
    references: null,
    flags: new Set(),
  },
];

const SCALAR_TYPES = new Map([
  ["uuid", "uuid"],
  ["text", "text"],
  ["integer", "integer"],
  ["bigint", "bigint"],
  ["boolean", "boolean"],
  ["double precision", "double precision"],
  ["real", "real"],
  ["numeric", "numeric"],
  ["date", "date"],
  ["timestamp", "timestamp without time zone"],
  ["jsonb", "jsonb"],
  ["bytea", "bytea"],
  ["varchar", "character varying"],
]);

/**
 * Parses the reference. Throws on a table row, a type or a key line it cannot
 * read, so that a change of the reference's format fails loudly instead of
 * checking less.
 */
export function parseZouModels(markdown: string): ZouModels {
  const countMatch = /^(\d+) tables:/m.exec(markdown);
  if (countMatch === null) throw new Error("zou-models.md: missing the 'N tables:' line of the introduction");

  const tablesStart = markdown.indexOf("\n## Tables\n");
  if (tablesStart < 0) throw new Error("zou-models.md: missing the '## Tables' section");

  const enums = new Map<string, string[]>();
  const sections = markdown.slice(tablesStart).split(/^#### /m).slice(1);
  const tables = sections.map((section) => parseTableSection(section, enums));

  return { declaredTableCount: Number(countMatch[1]), tables, enums };
}

function parseTableSection(section: string, enums: Map<string, string[]>): ZouTable {
  const lines = section.split("\n");
  const nameMatch = /^`(\w+)`\s*$/.exec(lines[0]);
  if (nameMatch === null) throw new Error(`zou-models.md: unreadable table heading '${lines[0]}'`);
  const tableName = nameMatch[1];

  const table: ZouTable = {
    name: tableName,
    hasBaseColumns: false,
    columns: [],
    primaryKey: [],
    uniques: [],
    indexes: [],
    checks: [],
  };
  let primaryKeyLine: string[] | null = null;

  for (const line of lines.slice(1)) {
    if (line.startsWith("|")) {
      parseColumnRow(table, line, enums);
    } else if (line.startsWith("- ")) {
      const stated = parseKeyLine(tableName, line);
      if (stated?.primaryKey !== undefined) primaryKeyLine = stated.primaryKey;
      if (stated?.unique !== undefined) addUnique(table, stated.unique);
      if (stated?.index !== undefined) addIndex(table, stated.index);
      if (stated?.check !== undefined) table.checks.push(stated.check);
    }
  }

  table.primaryKey = primaryKeyLine ?? impliedPrimaryKey(table);
  assertPrimaryKeyFlags(table);
  return table;
}

/** Reads one row of a column table, including header, separator and base-column rows. */
function parseColumnRow(table: ZouTable, line: string, enums: Map<string, string[]>): void {
  const cells = line
    .split("|")
    .slice(1, -1)
    .map((cell) => cell.trim());
  if (cells[0] === "column" || /^-+$/.test(cells[0])) return;
  if (cells[0] === "*(id, created_at, updated_at)*") {
    table.hasBaseColumns = true;
    table.columns.push(...BASE_COLUMNS.map((column) => ({ ...column, flags: new Set(column.flags) })));
    return;
  }
  if (cells.length !== 6) throw new Error(`zou-models.md: ${table.name}: expected 6 cells in '${line}'`);

  const [name, typeText, nullText, defaultText, referencesText, flagsText] = cells;
  const column: ZouColumn = {
    name,
    type: catalogType(`${table.name}.${name}`, typeText, enums),
    nullable: parseNullable(`${table.name}.${name}`, nullText),
    serverDefault: /server:\s*(.+)$/.exec(defaultText)?.[1].trim() ?? null,
    references: parseReferences(`${table.name}.${name}`, referencesText),
    flags: new Set(flagsText.split(/\s+/).filter((flag) => flag !== "")),
  };
  table.columns.push(column);

  // A column-level `index` flag is SQLAlchemy's index=True: with `unique` it
  // makes a unique index, without it a plain one. `unique` alone makes a
  // UNIQUE constraint.
  if (column.flags.has("unique") && column.flags.has("index")) {
    addUnique(table, { name: null, columns: [name], kind: "index", where: null });
  } else if (column.flags.has("unique")) {
    addUnique(table, { name: null, columns: [name], kind: "constraint", where: null });
  } else if (column.flags.has("index")) {
    addIndex(table, { name: null, columns: [name] });
  }
}

/**
 * Converts a reference type such as `varchar(255) enum[a, b][]` or
 * `varchar(50) (tz name)` to format_type() spelling.
 */
function catalogType(where: string, typeText: string, enums: Map<string, string[]>): string {
  const enumType = /^enum (\w+) \((.*)\)$/.exec(typeText);
  if (enumType !== null) {
    const labels = enumType[2].split(",").map((label) => label.trim().replace(/^'|'$/g, ""));
    enums.set(enumType[1], labels);
    return enumType[1];
  }

  // Drop the value list of enumerated columns and the notes in brackets,
  // such as "(email, lower-cased)", keeping the array suffix.
  const bare = typeText
    .replace(/\s+enum\[[^\]]*\]/, "")
    .replace(/\s+\([^)]*\)/g, "")
    .trim();
  const typeMatch = /^([a-z ]+?)(?:\((\d+)\))?((?:\[\])*)$/.exec(bare);
  const scalar = typeMatch === null ? undefined : SCALAR_TYPES.get(typeMatch[1]);
  if (typeMatch === null || scalar === undefined) {
    throw new Error(`zou-models.md: ${where}: unknown type '${typeText}'`);
  }

  const length = typeMatch[2] === undefined ? "" : `(${typeMatch[2]})`;
  return `${scalar}${length}${typeMatch[3]}`;
}

function parseNullable(where: string, nullText: string): boolean {
  if (nullText.startsWith("yes")) return true;
  if (nullText.startsWith("no")) return false;
  throw new Error(`zou-models.md: ${where}: unreadable null cell '${nullText}'`);
}

function parseReferences(where: string, referencesText: string): ZouForeignKey | null {
  if (referencesText === "") return null;
  const match = /^(\w+)\.(\w+)(?:\s+ondelete=([A-Z ]+))?$/.exec(referencesText);
  if (match === null) throw new Error(`zou-models.md: ${where}: unreadable reference '${referencesText}'`);
  return { table: match[1], column: match[2], onDelete: match[3]?.trim() ?? null };
}

interface KeyLine {
  primaryKey?: string[];
  unique?: ZouUnique;
  index?: ZouIndex;
  check?: ZouCheck;
}

/** Reads a bullet that states a key, an index or a check, and returns null for other bullets. */
function parseKeyLine(tableName: string, line: string): KeyLine | null {
  const columnList = (text: string) => text.split(",").map((column) => column.trim());

  const primaryKey = /^- Primary key: \((.+)\)\.$/.exec(line);
  if (primaryKey !== null) return { primaryKey: columnList(primaryKey[1]) };

  const uniqueIndex = /^- Unique index `(\w+)`: \((.+?)\)(?: where `(.+)`)?\.$/.exec(line);
  if (uniqueIndex !== null) {
    const [, name, columns, where] = uniqueIndex;
    return { unique: { name, columns: columnList(columns), kind: "index", where: where ?? null } };
  }

  const unique = /^- Unique `(\w+)`: \((.+)\)\.$/.exec(line);
  if (unique !== null) {
    return { unique: { name: unique[1], columns: columnList(unique[2]), kind: "constraint", where: null } };
  }

  const index = /^- Index `(\w+)`: \((.+)\)\.$/.exec(line);
  if (index !== null) return { index: { name: index[1], columns: columnList(index[2]) } };

  const check = /^- Check `(\w+)`: `(.+)`\.$/.exec(line);
  if (check !== null) return { check: { name: check[1], expression: check[2] } };

  if (/^- (Primary key|Unique|Index|Check)\b/.test(line)) {
    throw new Error(`zou-models.md: ${tableName}: unreadable key line '${line}'`);
  }
  return null;
}

/** Adds a unique key, merging it with one already implied by a column flag on the same columns. */
function addUnique(table: ZouTable, unique: ZouUnique): void {
  const same = table.uniques.find(
    (existing) => existing.kind === unique.kind && sameColumns(existing.columns, unique.columns),
  );
  if (same === undefined) {
    table.uniques.push(unique);
    return;
  }
  same.name ??= unique.name;
  same.where ??= unique.where;
}

function addIndex(table: ZouTable, index: ZouIndex): void {
  const same = table.indexes.find((existing) => sameColumns(existing.columns, index.columns));
  if (same === undefined) {
    table.indexes.push(index);
    return;
  }
  same.name ??= index.name;
}

/**
 * Returns the key of a table whose section states none: `id` for base-mixin
 * tables, else its `pk` columns.
 */
function impliedPrimaryKey(table: ZouTable): string[] {
  if (table.hasBaseColumns) return ["id"];
  return table.columns.filter((column) => column.flags.has("pk")).map((column) => column.name);
}

function assertPrimaryKeyFlags(table: ZouTable): void {
  for (const column of table.columns) {
    const flagged = column.flags.has("pk");
    const inKey = table.primaryKey.includes(column.name);
    if (flagged !== inKey) {
      throw new Error(
        `zou-models.md: ${table.name}.${column.name}: the pk flag and the primary key (${table.primaryKey.join(", ")}) disagree`,
      );
    }
  }
}

export function sameColumns(left: string[], right: string[]): boolean {
  return left.length === right.length && left.every((column, position) => column === right[position]);
}
