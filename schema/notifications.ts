import {
  boolean,
  foreignKey,
  index,
  pgTable,
  type PgTableExtraConfigValue,
  unique,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

import { baseColumns, jsonb } from "./columns.js";
import { comment, previewFile } from "./comments.js";
import { entity } from "./entities.js";
import { person } from "./people.js";
import { playlist } from "./playlists.js";
import { project } from "./projects.js";
import { task, taskType } from "./tasks.js";

// Notifications and events: per-person notifications, task subscriptions,
// the news feed and the persisted API events.

/** A notification for one person: a comment, a mention, an assignation, a reply or a ready playlist. */
export const notification = pgTable(
  "notification",
  {
    read: boolean("read")
      .notNull()
      .$default(() => false),
    change: boolean("change")
      .notNull()
      .$default(() => false),
    // One of: comment, mention, assignation, reply, reply-mention, playlist-ready.
    // Zou's JSON sends it as `notification_type`.
    type: varchar("type", { length: 255 }).notNull(),
    personId: uuid("person_id").notNull(),
    authorId: uuid("author_id").notNull(),
    commentId: uuid("comment_id"),
    taskId: uuid("task_id"),
    playlistId: uuid("playlist_id"),
    // NOTE(compat): the id of a reply inside comment.replies, so no foreign key.
    replyId: uuid("reply_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("notification_uc").on(
      table.personId,
      table.authorId,
      table.commentId,
      table.replyId,
      table.playlistId,
      table.type,
    ),
    index("ix_notification_person_id").on(table.personId),
    index("ix_notification_author_id").on(table.authorId),
    index("ix_notification_comment_id").on(table.commentId),
    index("ix_notification_task_id").on(table.taskId),
    index("ix_notification_playlist_id").on(table.playlistId),
    index("ix_notification_reply_id").on(table.replyId),
    foreignKey({
      name: "notification_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
    foreignKey({
      name: "notification_author_id_fkey",
      columns: [table.authorId],
      foreignColumns: [person.id],
    }),
    foreignKey({
      name: "notification_comment_id_fkey",
      columns: [table.commentId],
      foreignColumns: [comment.id],
    }),
    foreignKey({ name: "notification_task_id_fkey", columns: [table.taskId], foreignColumns: [task.id] }),
    foreignKey({
      name: "notification_playlist_id_fkey",
      columns: [table.playlistId],
      foreignColumns: [playlist.id],
    }),
  ],
);

/**
 * A person following a task, or following an entity (a sequence...) for one
 * task type. The GraphQL schema calls it TaskSubscription.
 */
export const subscription = pgTable(
  "subscription",
  {
    personId: uuid("person_id").notNull(),
    taskId: uuid("task_id"),
    entityId: uuid("entity_id"),
    taskTypeId: uuid("task_type_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("subscription_task_uc").on(table.personId, table.taskId),
    unique("subscription_entity_uc").on(table.personId, table.taskTypeId, table.entityId),
    index("ix_subscription_person_id").on(table.personId),
    index("ix_subscription_task_id").on(table.taskId),
    index("ix_subscription_entity_id").on(table.entityId),
    index("ix_subscription_task_type_id").on(table.taskTypeId),
    foreignKey({
      name: "subscription_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
    foreignKey({ name: "subscription_task_id_fkey", columns: [table.taskId], foreignColumns: [task.id] }),
    foreignKey({
      name: "subscription_entity_id_fkey",
      columns: [table.entityId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "subscription_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
  ],
);

/** An activity feed item, created when a task is commented or changes status. */
export const news = pgTable(
  "news",
  {
    change: boolean("change")
      .notNull()
      .$default(() => false),
    authorId: uuid("author_id").notNull(),
    commentId: uuid("comment_id"),
    taskId: uuid("task_id").notNull(),
    previewFileId: uuid("preview_file_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_news_author_id").on(table.authorId),
    index("ix_news_comment_id").on(table.commentId),
    index("ix_news_task_id").on(table.taskId),
    index("ix_news_preview_file_id").on(table.previewFileId),
    foreignKey({ name: "news_author_id_fkey", columns: [table.authorId], foreignColumns: [person.id] }),
    foreignKey({ name: "news_comment_id_fkey", columns: [table.commentId], foreignColumns: [comment.id] }),
    foreignKey({ name: "news_task_id_fkey", columns: [table.taskId], foreignColumns: [task.id] }),
    foreignKey({
      name: "news_preview_file_id_fkey",
      columns: [table.previewFileId],
      foreignColumns: [previewFile.id],
    }),
  ],
);

/** An event emitted by the API (a name such as `task:update`) with its payload. */
export const apiEvent = pgTable(
  "api_event",
  {
    name: varchar("name", { length: 80 }).notNull(),
    userId: uuid("user_id"),
    projectId: uuid("project_id"),
    data: jsonb("data"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_api_event_name").on(table.name),
    index("ix_api_event_user_id").on(table.userId),
    index("ix_api_event_project_id").on(table.projectId),
    index("ix_api_event_project_id_created_at").on(table.projectId, table.createdAt),
    foreignKey({ name: "api_event_user_id_fkey", columns: [table.userId], foreignColumns: [person.id] }),
    foreignKey({
      name: "api_event_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
  ],
);
