// The whole database: Zou's tables, one file per domain, and Kumiki's own
// kumiki_* tables.
//
// Conventions of the domain files, chosen so that a database created by these
// migrations has the catalog PostgreSQL gives a database created by Zou:
// - Indexes carry SQLAlchemy's names (`ix_<table>_<column>`). PostgreSQL cuts
//   identifiers to 63 bytes, so the few longer names are written cut.
// - Unnamed keys carry PostgreSQL's default names: `<table>_pkey`,
//   `<table>_<column>_key` and `<table>_<column>_fkey`, the last shortened the
//   way PostgreSQL shortens it when it exceeds 63 bytes.
// - Foreign keys are declared in each table's extra config, because drizzle's
//   inline `.references()` cannot name them. Such a callback declares its
//   return type when it references another table, because TypeScript cannot
//   infer the types of tables that reference each other in a cycle.
export * from "./columns.js";
export * from "./comments.js";
export * from "./entities.js";
export * from "./files.js";
export * from "./imports.js";
export * from "./kumiki.js";
export * from "./misc.js";
export * from "./notifications.js";
export * from "./people.js";
export * from "./playlists.js";
export * from "./projects.js";
export * from "./schedules.js";
export * from "./tasks.js";
