import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";

// Plain routes of entity chats: messages with files.

export function registerChatRoutes(_app: FastifyInstance, _services: AppServices): void {}
