import {
  boolean,
  foreignKey,
  index,
  pgTable,
  type PgTableExtraConfigValue,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

import { baseColumns, jsonb } from "./columns.js";
import { entity } from "./entities.js";
import { person } from "./people.js";
import { project } from "./projects.js";
import { taskType } from "./tasks.js";

// Playlists: review playlists, the jobs that build their movies and
// archives, and their public share links.

/** A review playlist. */
export const playlist = pgTable(
  "playlist",
  {
    name: varchar("name", { length: 80 }).notNull(),
    // The entries in playlist order, each `{ entity_id, preview_file_id }`.
    shots: jsonb("shots"),
    projectId: uuid("project_id"),
    episodeId: uuid("episode_id"),
    taskTypeId: uuid("task_type_id"),
    forClient: boolean("for_client").$default(() => false),
    forEntity: varchar("for_entity", { length: 10 }).$default(() => "shot"),
    isForAll: boolean("is_for_all").$default(() => false),
    createdBy: uuid("created_by"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("playlist_uc").on(table.name, table.projectId, table.episodeId),
    index("ix_playlist_project_id").on(table.projectId),
    index("ix_playlist_episode_id").on(table.episodeId),
    index("ix_playlist_task_type_id").on(table.taskTypeId),
    index("ix_playlist_for_client").on(table.forClient),
    index("ix_playlist_for_entity").on(table.forEntity),
    foreignKey({
      name: "playlist_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({ name: "playlist_episode_id_fkey", columns: [table.episodeId], foreignColumns: [entity.id] }),
    foreignKey({
      name: "playlist_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
    foreignKey({ name: "playlist_created_by_fkey", columns: [table.createdBy], foreignColumns: [person.id] }),
  ],
);

/** A job building a playlist's movie or archive. */
export const buildJob = pgTable(
  "build_job",
  {
    // One of: running, failed, succeeded.
    status: varchar("status", { length: 255 })
      .notNull()
      .$default(() => "running"),
    // One of: archive, movie.
    jobType: varchar("job_type", { length: 255 })
      .notNull()
      .$default(() => "movie"),
    endedAt: timestamp("ended_at", { mode: "date" }),
    playlistId: uuid("playlist_id").notNull(),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_build_job_playlist_id").on(table.playlistId),
    foreignKey({
      name: "build_job_playlist_id_fkey",
      columns: [table.playlistId],
      foreignColumns: [playlist.id],
    }),
  ],
);

/**
 * A public share token (a UUID v4 string) for a playlist, with an expiry, a
 * comment permission and an optional password stored as a bcrypt hash.
 */
export const playlistShareLink = pgTable(
  "playlist_share_link",
  {
    token: varchar("token", { length: 64 }).notNull(),
    playlistId: uuid("playlist_id").notNull(),
    createdBy: uuid("created_by").notNull(),
    expirationDate: timestamp("expiration_date", { mode: "date" }),
    isActive: boolean("is_active")
      .notNull()
      .$default(() => true),
    canComment: boolean("can_comment")
      .notNull()
      .$default(() => true),
    password: varchar("password", { length: 255 }),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    uniqueIndex("ix_playlist_share_link_token").on(table.token),
    index("ix_playlist_share_link_playlist_id").on(table.playlistId),
    index("ix_playlist_share_link_playlist_active").on(table.playlistId, table.isActive),
    foreignKey({
      name: "playlist_share_link_playlist_id_fkey",
      columns: [table.playlistId],
      foreignColumns: [playlist.id],
    }),
    foreignKey({
      name: "playlist_share_link_created_by_fkey",
      columns: [table.createdBy],
      foreignColumns: [person.id],
    }),
  ],
);
