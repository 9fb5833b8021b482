import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";

// Plain routes of the casting and estimation CSV imports.

export function registerProductionImportRoutes(_app: FastifyInstance, _services: AppServices): void {}
