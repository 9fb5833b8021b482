import type { RestRoute } from "./route-table.js";

// Entity chats: rooms, messages, joining and leaving.

export const chatsRoutes: RestRoute[] = [];
