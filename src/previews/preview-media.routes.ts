import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";

// Plain routes of preview media: frame tiles, annotated frames and 3D backgrounds.

export function registerPreviewMediaRoutes(_app: FastifyInstance, _services: AppServices): void {}
