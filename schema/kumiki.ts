import { index, integer, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { jsonb } from "./columns.js";

// Kumiki's own state lives in kumiki_* tables so that Zou's tables keep
// exactly Zou's shape and a Zou database can be loaded beside them.

/** Revoked JWTs, checked on every request by every instance sharing the database. */
export const kumikiTokenRevocation = pgTable(
  "kumiki_token_revocation",
  {
    jti: varchar("jti", { length: 64 }).primaryKey(),
    personId: uuid("person_id"),
    revokedAt: timestamp("revoked_at", { mode: "date" }).notNull().defaultNow(),
    // Past this instant the token is expired anyway, so the row can be purged.
    expiresAt: timestamp("expires_at", { mode: "date" }).notNull(),
  },
  (table) => [index("kumiki_token_revocation_expires_at_idx").on(table.expiresAt)],
);

/** Background jobs (movie transcodes and the like), claimed with FOR UPDATE SKIP LOCKED. */
export const kumikiJob = pgTable(
  "kumiki_job",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: varchar("kind", { length: 80 }).notNull(),
    payload: jsonb("payload").notNull().default({}),
    status: varchar("status", { length: 20 }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    runAfter: timestamp("run_after", { mode: "date" }).notNull().defaultNow(),
    lockedBy: varchar("locked_by", { length: 120 }),
    lockedAt: timestamp("locked_at", { mode: "date" }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { mode: "date" }).notNull().defaultNow(),
  },
  (table) => [index("kumiki_job_status_run_after_idx").on(table.status, table.runAfter)],
);

/** SAML assertion ids already consumed, kept until the assertion expires, to stop replays. */
export const kumikiSamlAssertion = pgTable(
  "kumiki_saml_assertion",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    expiresAt: timestamp("expires_at", { mode: "date" }).notNull(),
  },
  (table) => [index("kumiki_saml_assertion_expires_at_idx").on(table.expiresAt)],
);

/** Instance-wide settings that must be shared by every instance. */
export const kumikiSetting = pgTable("kumiki_setting", {
  key: varchar("key", { length: 120 }).primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { mode: "date" }).notNull().defaultNow(),
});
