import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";

// Plain routes of shared playlists: guest attachments, downloads and built movies.

export function registerSharedPlaylistRoutes(_app: FastifyInstance, _services: AppServices): void {}
