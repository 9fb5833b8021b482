import { ChatJsonResolver } from "./chat-json.resolver.js";

// Resolvers of entity chats.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const chatResolvers: Function[] = [ChatJsonResolver];
