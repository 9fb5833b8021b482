import { beforeAll, describe, expect, it } from "vitest";

import { openTestDatabase } from "../support/database.js";
import { readZouModels, type ZouModels } from "../support/zou-models.js";
import {
  compareChecks,
  compareColumns,
  compareEnums,
  compareForeignKeys,
  compareIndexes,
  comparePrimaryKeys,
  compareTables,
  compareUniques,
  readCatalog,
  type Catalog,
} from "./catalog.js";

// The migrated database must have Zou's schema as zou-models.md describes it,
// so that Zou's JSON falls out of a row and a Zou database can be loaded.
// Each test lists every difference it finds, and passes on an empty list.

describe("database catalog", () => {
  let models: ZouModels;
  let catalog: Catalog;

  beforeAll(async () => {
    models = readZouModels();
    const db = await openTestDatabase();
    try {
      catalog = await readCatalog(db);
    } finally {
      await db.close();
    }
  });

  it("reference parses completely", () => {
    expect(models.tables.length).toBe(models.declaredTableCount);
  });

  it("has Zou's tables only", () => {
    expect(compareTables(models, catalog)).toEqual([]);
  });

  it("matches column types and nullability", () => {
    expect(compareColumns(models, catalog)).toEqual([]);
  });

  it("matches primary keys", () => {
    expect(comparePrimaryKeys(models, catalog)).toEqual([]);
  });

  it("matches foreign keys", () => {
    expect(compareForeignKeys(models, catalog)).toEqual([]);
  });

  it("matches unique constraints and indexes", () => {
    expect(compareUniques(models, catalog)).toEqual([]);
  });

  it("matches non-unique indexes", () => {
    expect(compareIndexes(models, catalog)).toEqual([]);
  });

  it("matches check constraints", () => {
    expect(compareChecks(models, catalog)).toEqual([]);
  });

  it("matches enum types", () => {
    expect(compareEnums(models, catalog)).toEqual([]);
  });
});
