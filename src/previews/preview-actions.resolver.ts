import { PreviewPositionResolver } from "./preview-position.resolver.js";

// Resolvers of preview actions. Annotated frames, frame tiles and 3D
// backgrounds send files, so they are Fastify routes in preview-media.routes.ts.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const previewActionResolvers: Function[] = [PreviewPositionResolver];
