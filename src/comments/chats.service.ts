import { and, asc, eq, inArray } from "drizzle-orm";
import { attachmentFile, chat, chatMessage, chatParticipant } from "../../schema/comments.js";
import { isAdmin } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { lockTransactionOn } from "../db/advisory-lock.js";
import type { Orm } from "../db/index.js";
import { getReadableEntity } from "../entities/entities.service.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { formatZouTimestamp, toZouJson, type ZouJson } from "../rest/zou-json.js";
import { attachmentKey, type StoredAttachment } from "./comment-attachments.js";
import { getMediaServices } from "../previews/media.js";

// Entity chats, as Zou serves them: one chat per entity, created on first
// read, whose participants may post messages with attached files. Readers
// need access to the entity (its project, and for a vendor an assigned task).

type ChatRow = typeof chat.$inferSelect;
type ChatMessageRow = typeof chatMessage.$inferSelect;
type AttachmentRow = typeof attachmentFile.$inferSelect;

/** Maximum length of a chat message, in characters. Zou sets none, because the column is unbounded text. */
export const MAX_CHAT_MESSAGE_LENGTH = 20_000;

/** Loads the entity the viewer may read, and its chat, creating the chat row the first time as Zou does. */
export async function getEntityChat(ctx: RequestContext, entityId: string): Promise<{ chat: ChatRow; projectId: string }> {
  const entityRow = await getReadableEntity(ctx, undefined, parseId(entityId));
  const [existing] = await ctx.db.orm.select().from(chat).where(eq(chat.objectId, entityRow.id)).orderBy(asc(chat.createdAt)).limit(1);
  if (existing !== undefined) return { chat: existing, projectId: entityRow.projectId };

  const created = await ctx.db.transaction(async (tx) => {
    // Two first reads of one entity wait here, so only one chat row is created.
    await lockTransactionOn(tx, `entity-chat:${entityRow.id}`);
    const [found] = await tx.select().from(chat).where(eq(chat.objectId, entityRow.id)).orderBy(asc(chat.createdAt)).limit(1);
    if (found !== undefined) return found;
    const [row] = await tx.insert(chat).values({ objectId: entityRow.id, objectType: "entity" }).returning();
    return row;
  });
  return { chat: created, projectId: entityRow.projectId };
}

function chatJson(row: ChatRow): ZouJson {
  return toZouJson(chat, row as unknown as Record<string, unknown>, "Chat");
}

/** Serializes a chat in Zou's JSON with its participants' ids, as Zou does with its relations. */
export async function chatWithParticipantsJson(ctx: RequestContext, row: ChatRow): Promise<ZouJson> {
  const participants = await ctx.db.orm.select({ personId: chatParticipant.personId }).from(chatParticipant).where(eq(chatParticipant.chatId, row.id));
  return { ...chatJson(row), participants: participants.map((participant) => participant.personId) };
}

/** Serializes a message in Zou's JSON with the short attachment entries Zou lists under it (id, name, extension). */
function messageJson(row: ChatMessageRow, attachments: readonly AttachmentRow[]): ZouJson {
  return {
    ...toZouJson(chatMessage, row as unknown as Record<string, unknown>, "ChatMessage"),
    attachment_files: attachments.map((file) => ({ id: file.id, name: file.name, extension: file.extension })),
  };
}

async function attachmentsByMessage(ctx: RequestContext, messageIds: string[]): Promise<Map<string, AttachmentRow[]>> {
  const byMessage = new Map<string, AttachmentRow[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await ctx.db.orm.select().from(attachmentFile).where(inArray(attachmentFile.chatMessageId, messageIds)).orderBy(asc(attachmentFile.createdAt), asc(attachmentFile.id));
  for (const row of rows) {
    const key = row.chatMessageId as string;
    byMessage.set(key, [...(byMessage.get(key) ?? []), row]);
  }
  return byMessage;
}

/** Lists the messages of a chat, oldest first, in two queries whatever their number. */
export async function listChatMessagesJson(ctx: RequestContext, chatId: string): Promise<ZouJson[]> {
  const rows = await ctx.db.orm.select().from(chatMessage).where(eq(chatMessage.chatId, chatId)).orderBy(asc(chatMessage.createdAt), asc(chatMessage.id));
  const attachments = await attachmentsByMessage(ctx, rows.map((row) => row.id));
  return rows.map((row) => messageJson(row, attachments.get(row.id) ?? []));
}

/** Loads a message of the entity's chat, or throws NOT_FOUND (also for a message of another chat, which Zou would return). */
async function getMessageOfChat(ctx: RequestContext, chatId: string, messageId: string): Promise<ChatMessageRow> {
  const [row] = await ctx.db.orm.select().from(chatMessage).where(and(eq(chatMessage.id, parseId(messageId)), eq(chatMessage.chatId, chatId)));
  if (row === undefined) throw new NotFoundError("Chat message not found.");
  return row;
}

export async function getChatMessageJson(ctx: RequestContext, entityId: string, messageId: string): Promise<ZouJson> {
  const { chat: chatRow } = await getEntityChat(ctx, entityId);
  const row = await getMessageOfChat(ctx, chatRow.id, messageId);
  const attachments = await attachmentsByMessage(ctx, [row.id]);
  return messageJson(row, attachments.get(row.id) ?? []);
}

/** Reads the `message` field of a post: a string of at most MAX_CHAT_MESSAGE_LENGTH characters. */
export function readChatMessageText(value: unknown): string {
  if (value === undefined || value === null) throw new BadRequestError("Validation error.", { errors: [{ field: "message", message: "Field required" }] });
  if (typeof value !== "string") throw new BadRequestError("Validation error.", { errors: [{ field: "message", message: "Not a valid string." }] });
  if (value.length > MAX_CHAT_MESSAGE_LENGTH) {
    throw new BadRequestError("Validation error.", { errors: [{ field: "message", message: `Longer than ${MAX_CHAT_MESSAGE_LENGTH} characters.` }] });
  }
  return value;
}

/**
 * Checks the viewer may post in the entity's chat: entity access and being a
 * participant (Zou returns 400 to a non-participant). Returns the chat, so
 * the caller can check before it stores any uploaded file.
 */
export async function assertCanPostChatMessage(ctx: RequestContext, entityId: string): Promise<{ chat: ChatRow; projectId: string }> {
  const viewer = requireViewer(ctx);
  const found = await getEntityChat(ctx, entityId);
  const [participant] = await ctx.db.orm
    .select({ personId: chatParticipant.personId })
    .from(chatParticipant)
    .where(and(eq(chatParticipant.chatId, found.chat.id), eq(chatParticipant.personId, viewer.id)));
  if (participant === undefined) throw new BadRequestError("You are not a participant of this chat");
  return found;
}

/**
 * Posts a message in the entity's chat with files already in the store, in
 * one transaction: the message, its attachment rows, the chat's
 * last_message date and a chat:new-message event. Returns Zou's JSON of the
 * created message, where attachments carry their full record.
 */
export async function postChatMessage(ctx: RequestContext, entityId: string, text: string, files: readonly StoredAttachment[]): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  const { chat: chatRow, projectId } = await assertCanPostChatMessage(ctx, entityId);

  const { message, attachments } = await ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(chatMessage).values({ chatId: chatRow.id, personId: viewer.id, text }).returning();
    const rows = await insertChatAttachmentRows(tx, created.id, files);
    await tx.update(chat).set({ lastMessage: created.createdAt }).where(eq(chat.id, chatRow.id));
    // NOTE(compat): Zou only publishes its chat events, while Kumiki also stores them in api_event, as every event it records.
    await recordEvent(tx, ctx, {
      name: "chat:new-message",
      projectId,
      data: { chat_id: chatRow.id, chat_message_id: created.id, last_message: formatZouTimestamp(created.createdAt) },
    });
    return { message: created, attachments: rows };
  });

  const json = toZouJson(chatMessage, message as unknown as Record<string, unknown>, "ChatMessage");
  if (attachments.length > 0) json.attachment_files = attachments.map((row) => toZouJson(attachmentFile, row as unknown as Record<string, unknown>, "AttachmentFile"));
  return json;
}

async function insertChatAttachmentRows(tx: Orm, chatMessageId: string, files: readonly StoredAttachment[]): Promise<AttachmentRow[]> {
  if (files.length === 0) return [];
  return tx
    .insert(attachmentFile)
    .values(files.map((file) => ({ id: file.id, name: file.name, extension: file.extension, mimetype: file.mimetype, size: file.size, chatMessageId })))
    .returning();
}

/**
 * Deletes a message of the entity's chat with its attachments (rows, then
 * stored files) and records chat:deleted-message. Only its author or an
 * admin may delete it.
 */
export async function deleteChatMessage(ctx: RequestContext, entityId: string, messageId: string): Promise<void> {
  const viewer = requireViewer(ctx);
  const { chat: chatRow, projectId } = await getEntityChat(ctx, entityId);
  const row = await getMessageOfChat(ctx, chatRow.id, messageId);
  // NOTE(compat): Zou's check tests its admin-permission function without
  // calling it, so there only the author may delete. Kumiki lets admins
  // delete any message too, as the rule the check was written for states.
  if (row.personId !== viewer.id && !isAdmin(viewer)) throw new ForbiddenError();

  const removed = await ctx.db.transaction(async (tx) => {
    const attachments = await tx.delete(attachmentFile).where(eq(attachmentFile.chatMessageId, row.id)).returning({ id: attachmentFile.id });
    await tx.delete(chatMessage).where(eq(chatMessage.id, row.id));
    await recordEvent(tx, ctx, { name: "chat:deleted-message", projectId, data: { chat_id: chatRow.id, chat_message_id: row.id } });
    return attachments;
  });

  // The rows are gone, so a file that fails to delete is only an orphan in the store.
  const store = getMediaServices(ctx.services).store;
  await Promise.allSettled(removed.map((file) => store.delete(attachmentKey(file.id))));
}

/** Adds the viewer to the entity's chat participants (a second join changes nothing) and records chat:joined. */
export async function joinEntityChat(ctx: RequestContext, entityId: string): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  const { chat: chatRow, projectId } = await getEntityChat(ctx, entityId);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(chatParticipant).values({ chatId: chatRow.id, personId: viewer.id }).onConflictDoNothing();
    await recordEvent(tx, ctx, { name: "chat:joined", projectId, data: { chat_id: chatRow.id, person_id: viewer.id } });
  });
  return chatJson(chatRow);
}

/** Removes the viewer from the entity's chat participants, if present, and records chat:left. */
export async function leaveEntityChat(ctx: RequestContext, entityId: string): Promise<void> {
  const viewer = requireViewer(ctx);
  const { chat: chatRow, projectId } = await getEntityChat(ctx, entityId);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(chatParticipant).where(and(eq(chatParticipant.chatId, chatRow.id), eq(chatParticipant.personId, viewer.id)));
    await recordEvent(tx, ctx, { name: "chat:left", projectId, data: { chat_id: chatRow.id, person_id: viewer.id } });
  });
}
