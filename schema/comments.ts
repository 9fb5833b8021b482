import {
  bigint,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  type PgTableExtraConfigValue,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

import { baseColumns, jsonb } from "./columns.js";
import { outputFile } from "./files.js";
import { department, person } from "./people.js";
import { task, taskStatus } from "./tasks.js";

// Comments, review media (previews, preview backgrounds, attachments) and
// entity chats. The comment link tables name their columns `comment`,
// `person`... without an `_id` suffix, as in Zou.

/**
 * A comment on a task (`object_id`, with `object_type` = `Task`), carrying
 * the status set with it, a checklist, replies, mentions and attached previews.
 */
export const comment = pgTable(
  "comment",
  {
    shotgunId: integer("shotgun_id"),
    // NOTE(compat): polymorphic, so no foreign key, as in Zou.
    objectId: uuid("object_id").notNull(),
    objectType: varchar("object_type", { length: 80 }).notNull(),
    text: text("text"),
    data: jsonb("data"),
    // Reply objects: id, date, created_at, person_id, text, mentions, department_mentions.
    replies: jsonb("replies").$default(() => []),
    checklist: jsonb("checklist"),
    pinned: boolean("pinned"),
    forClient: boolean("for_client").$default(() => false),
    links: varchar("links").array(),
    taskStatusId: uuid("task_status_id"),
    personId: uuid("person_id").notNull(),
    editorId: uuid("editor_id"),
    previewFileId: uuid("preview_file_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_comment_object_id").on(table.objectId),
    index("ix_comment_object_type").on(table.objectType),
    index("ix_comment_task_status_id").on(table.taskStatusId),
    index("ix_comment_person_id").on(table.personId),
    index("ix_comment_editor_id").on(table.editorId),
    foreignKey({
      name: "comment_task_status_id_fkey",
      columns: [table.taskStatusId],
      foreignColumns: [taskStatus.id],
    }),
    foreignKey({ name: "comment_person_id_fkey", columns: [table.personId], foreignColumns: [person.id] }),
    foreignKey({ name: "comment_editor_id_fkey", columns: [table.editorId], foreignColumns: [person.id] }),
    foreignKey({
      name: "comment_preview_file_id_fkey",
      columns: [table.previewFileId],
      foreignColumns: [previewFile.id],
    }),
  ],
);

/** A preview file attached to a comment. */
export const commentPreviewLink = pgTable(
  "comment_preview_link",
  {
    comment: uuid("comment").notNull(),
    previewFile: uuid("preview_file").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "comment_preview_link_pkey", columns: [table.comment, table.previewFile] }),
    index("ix_comment_preview_link_comment").on(table.comment),
    index("ix_comment_preview_link_preview_file").on(table.previewFile),
    foreignKey({
      name: "comment_preview_link_comment_fkey",
      columns: [table.comment],
      foreignColumns: [comment.id],
    }),
    foreignKey({
      name: "comment_preview_link_preview_file_fkey",
      columns: [table.previewFile],
      foreignColumns: [previewFile.id],
    }),
  ],
);

/** A person mentioned in a comment. */
export const commentMentions = pgTable(
  "comment_mentions",
  {
    comment: uuid("comment").notNull(),
    person: uuid("person").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "comment_mentions_pkey", columns: [table.comment, table.person] }),
    foreignKey({
      name: "comment_mentions_comment_fkey",
      columns: [table.comment],
      foreignColumns: [comment.id],
    }),
    foreignKey({
      name: "comment_mentions_person_fkey",
      columns: [table.person],
      foreignColumns: [person.id],
    }),
  ],
);

/** A department mentioned in a comment. */
export const commentDepartmentMentions = pgTable(
  "comment_department_mentions",
  {
    comment: uuid("comment").notNull(),
    department: uuid("department").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "comment_department_mentions_pkey", columns: [table.comment, table.department] }),
    foreignKey({
      name: "comment_department_mentions_comment_fkey",
      columns: [table.comment],
      foreignColumns: [comment.id],
    }),
    foreignKey({
      name: "comment_department_mentions_department_fkey",
      columns: [table.department],
      foreignColumns: [department.id],
    }),
  ],
);

/** A person who acknowledged a comment. The table name keeps Zou's spelling. */
export const commentAcknoledgments = pgTable(
  "comment_acknoledgments",
  {
    comment: uuid("comment").notNull(),
    person: uuid("person").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "comment_acknoledgments_pkey", columns: [table.comment, table.person] }),
    foreignKey({
      name: "comment_acknoledgments_comment_fkey",
      columns: [table.comment],
      foreignColumns: [comment.id],
    }),
    foreignKey({
      name: "comment_acknoledgments_person_fkey",
      columns: [table.person],
      foreignColumns: [person.id],
    }),
  ],
);

/** A file attached to a comment, to a comment reply (`reply_id`) or to a chat message. */
export const attachmentFile = pgTable(
  "attachment_file",
  {
    name: varchar("name", { length: 250 }),
    size: bigint("size", { mode: "number" }).$default(() => 1),
    extension: varchar("extension", { length: 6 }),
    mimetype: varchar("mimetype", { length: 255 }),
    commentId: uuid("comment_id"),
    // NOTE(compat): the id of a reply inside comment.replies, so no foreign key.
    replyId: uuid("reply_id"),
    chatMessageId: uuid("chat_message_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_attachment_file_comment_id").on(table.commentId),
    index("ix_attachment_file_chat_message_id").on(table.chatMessageId),
    foreignKey({
      name: "attachment_file_comment_id_fkey",
      columns: [table.commentId],
      foreignColumns: [comment.id],
    }),
    foreignKey({
      name: "attachment_file_chat_message_id_fkey",
      columns: [table.chatMessageId],
      foreignColumns: [chatMessage.id],
    }),
  ],
);

/**
 * A review media revision (picture, movie, model, document) of a task, with
 * its processing status and annotations.
 */
export const previewFile = pgTable(
  "preview_file",
  {
    name: varchar("name", { length: 250 }),
    originalName: varchar("original_name", { length: 250 }),
    revision: integer("revision").$default(() => 1),
    position: integer("position").$default(() => 1),
    extension: varchar("extension", { length: 6 }),
    description: text("description"),
    path: varchar("path", { length: 400 }),
    source: varchar("source", { length: 40 }),
    fileSize: bigint("file_size", { mode: "number" }).$default(() => 0),
    // One of: processing, ready, broken, missing.
    status: varchar("status", { length: 255 })
      .notNull()
      .$default(() => "processing"),
    // One of: validated, rejected, neutral.
    validationStatus: varchar("validation_status", { length: 255 })
      .notNull()
      .$default(() => "neutral"),
    annotations: jsonb("annotations"),
    width: integer("width").$default(() => 0),
    height: integer("height").$default(() => 0),
    duration: doublePrecision("duration").$default(() => 0),
    data: jsonb("data"),
    tokenIn: integer("token_in"),
    tokenOut: integer("token_out"),
    taskId: uuid("task_id"),
    personId: uuid("person_id"),
    sourceFileId: uuid("source_file_id"),
    shotgunId: integer("shotgun_id").unique("preview_file_shotgun_id_key"),
    isMovie: boolean("is_movie").$default(() => false),
    url: varchar("url", { length: 600 }),
    uploadedMovieUrl: varchar("uploaded_movie_url", { length: 600 }),
    uploadedMovieName: varchar("uploaded_movie_name", { length: 150 }),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("preview_uc").on(table.name, table.taskId, table.revision),
    index("ix_preview_file_task_id").on(table.taskId),
    index("ix_preview_file_source_file_id").on(table.sourceFileId),
    foreignKey({ name: "preview_file_task_id_fkey", columns: [table.taskId], foreignColumns: [task.id] }),
    foreignKey({
      name: "preview_file_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
    foreignKey({
      name: "preview_file_source_file_id_fkey",
      columns: [table.sourceFileId],
      foreignColumns: [outputFile.id],
    }),
  ],
);

/** An HDR environment file usable as the background of 3D previews. */
export const previewBackgroundFile = pgTable(
  "preview_background_file",
  {
    name: varchar("name", { length: 40 }).notNull(),
    archived: boolean("archived").$default(() => false),
    isDefault: boolean("is_default").$default(() => false),
    originalName: varchar("original_name", { length: 250 }),
    extension: varchar("extension", { length: 6 }),
    fileSize: bigint("file_size", { mode: "number" }).$default(() => 0),
    ...baseColumns(),
  },
  (table) => [index("ix_preview_background_file_is_default").on(table.isDefault)],
);

/** A chat room attached to an entity (`object_id`). */
export const chat = pgTable(
  "chat",
  {
    // NOTE(compat): an entity id with no foreign key, as in Zou.
    objectId: uuid("object_id").notNull(),
    objectType: varchar("object_type", { length: 80 })
      .notNull()
      .$default(() => "entity"),
    lastMessage: timestamp("last_message", { mode: "date" }),
    ...baseColumns(),
  },
  (table) => [
    index("ix_chat_object_id").on(table.objectId),
    index("ix_chat_object_type").on(table.objectType),
  ],
);

/** A message posted in an entity chat. */
export const chatMessage = pgTable(
  "chat_message",
  {
    chatId: uuid("chat_id").notNull(),
    personId: uuid("person_id").notNull(),
    text: text("text"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_chat_message_chat_id").on(table.chatId),
    index("ix_chat_message_person_id").on(table.personId),
    foreignKey({ name: "chat_message_chat_id_fkey", columns: [table.chatId], foreignColumns: [chat.id] }),
    foreignKey({
      name: "chat_message_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
  ],
);

/** A person who joined an entity chat. */
export const chatParticipant = pgTable(
  "chat_participant",
  {
    chatId: uuid("chat_id").notNull(),
    personId: uuid("person_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "chat_participant_pkey", columns: [table.chatId, table.personId] }),
    foreignKey({ name: "chat_participant_chat_id_fkey", columns: [table.chatId], foreignColumns: [chat.id] }),
    foreignKey({
      name: "chat_participant_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
  ],
);
