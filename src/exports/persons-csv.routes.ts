import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";

// The People page's CSV export.

export function registerPersonsCsvRoutes(_app: FastifyInstance, _services: AppServices): void {}
