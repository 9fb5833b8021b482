import { pgEnum, pgTable } from "drizzle-orm/pg-core";

import { baseColumns, jsonb } from "./columns.js";

/** The origin of a failed import, and the only PostgreSQL enum type in Zou's schema. */
export const importSourceEnum = pgEnum("import_source_enum", ["csv", "shotgun"]);

/** A failed import payload (from ShotGrid or a CSV file), kept for inspection. */
export const dataImportError = pgTable("data_import_error", {
  eventData: jsonb("event_data").notNull(),
  source: importSourceEnum("source"),
  ...baseColumns(),
});
