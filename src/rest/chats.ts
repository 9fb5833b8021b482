import { ZOU_ERRORS, strictPathId } from "./inputs.js";
import type { RestRoute } from "./route-table.js";

// Entity chats: rooms, messages, joining and leaving. Posting a message
// takes JSON or Kitsu's multipart form with files, so it is a plain route in
// src/comments/chats.routes.ts.

export const chatsRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/entities/{entity_id}/chat",
    operation: "query EntityChat($entityId: ID!) { entityChatJson(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: strictPathId(params.entity_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/chat/messages",
    operation: "query EntityChatMessages($entityId: ID!) { entityChatMessagesJson(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: strictPathId(params.entity_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/chat/messages/{chat_message_id}",
    // NOTE(compat): Zou returns any message by id, even one of another
    // entity's chat; Kumiki returns 404 for a message outside this chat.
    operation: "query EntityChatMessage($entityId: ID!, $chatMessageId: ID!) { entityChatMessageJson(entityId: $entityId, chatMessageId: $chatMessageId) }",
    variables: ({ params }) => ({ entityId: strictPathId(params.entity_id), chatMessageId: strictPathId(params.chat_message_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/entities/{entity_id}/chat/messages/{chat_message_id}",
    operation: "mutation DeleteEntityChatMessage($entityId: ID!, $chatMessageId: ID!) { deleteEntityChatMessage(entityId: $entityId, chatMessageId: $chatMessageId) }",
    variables: ({ params }) => ({ entityId: strictPathId(params.entity_id), chatMessageId: strictPathId(params.chat_message_id) }),
    shape: () => undefined,
    status: 204,
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/actions/user/chats/{entity_id}/join",
    operation: "mutation JoinEntityChat($entityId: ID!) { joinEntityChat(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: strictPathId(params.entity_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/actions/user/chats/{entity_id}/join",
    operation: "mutation LeaveEntityChat($entityId: ID!) { leaveEntityChat(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: strictPathId(params.entity_id) }),
    shape: () => undefined,
    status: 204,
    errors: ZOU_ERRORS,
  },
];
