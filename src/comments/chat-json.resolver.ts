import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import type { ZouJson } from "../rest/zou-json.js";
import {
  chatWithParticipantsJson,
  deleteChatMessage,
  getChatMessageJson,
  getEntityChat,
  joinEntityChat,
  leaveEntityChat,
  listChatMessagesJson,
  postChatMessage,
  readChatMessageText,
} from "./chats.service.js";

// Entity chats in Zou's JSON, for the REST layer and GraphQL alike. Every
// field needs read access to the entity: its project's team, and for a
// vendor a task of it assigned to them.

@Resolver()
export class ChatJsonResolver {
  @Query(() => JSON, { description: "The chat of an entity in Zou's JSON, with its participants' ids and all its messages. Creates the chat on first read, as Zou does." })
  async entityChatJson(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    const { chat } = await getEntityChat(ctx, entityId);
    // NOTE(compat): Zou looks the messages up by the entity id in place of the chat id, so its list is always empty.
    // Kumiki lists the chat's messages.
    const json = await chatWithParticipantsJson(ctx, chat);
    return { ...json, messages: await listChatMessagesJson(ctx, chat.id) };
  }

  @Query(() => JSON, { description: "The messages of an entity's chat in Zou's JSON, oldest first, each with its attachment files (id, name, extension)." })
  async entityChatMessagesJson(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const { chat } = await getEntityChat(ctx, entityId);
    return listChatMessagesJson(ctx, chat.id);
  }

  @Query(() => JSON, { description: "One message of an entity's chat in Zou's JSON. NOT_FOUND when the message belongs to another chat." })
  async entityChatMessageJson(
    @Arg("entityId", () => ID) entityId: string,
    @Arg("chatMessageId", () => ID) chatMessageId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return getChatMessageJson(ctx, entityId, chatMessageId);
  }

  @Mutation(() => JSON, { description: "Posts a text message in an entity's chat; the viewer must have joined it (BAD_USER_INPUT otherwise). Files go through the REST multipart route." })
  async postEntityChatMessage(@Arg("entityId", () => ID) entityId: string, @Arg("message", () => String) message: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return postChatMessage(ctx, entityId, readChatMessageText(message), []);
  }

  @Mutation(() => Boolean, { description: "Deletes a message of an entity's chat with its attachments. Its author or an admin only." })
  async deleteEntityChatMessage(
    @Arg("entityId", () => ID) entityId: string,
    @Arg("chatMessageId", () => ID) chatMessageId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await deleteChatMessage(ctx, entityId, chatMessageId);
    return true;
  }

  @Mutation(() => JSON, { description: "Adds the viewer to the participants of an entity's chat and returns the chat in Zou's JSON (without participants, as Zou does)." })
  async joinEntityChat(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return joinEntityChat(ctx, entityId);
  }

  @Mutation(() => Boolean, { description: "Removes the viewer from the participants of an entity's chat." })
  async leaveEntityChat(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await leaveEntityChat(ctx, entityId);
    return true;
  }
}
