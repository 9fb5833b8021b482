import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";

// Plain routes of playlist movie builds: the built movie download.

export function registerPlaylistBuildRoutes(_app: FastifyInstance, _services: AppServices): void {}
