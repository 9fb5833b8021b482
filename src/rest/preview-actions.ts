import type { RestRoute } from "./route-table.js";

// Preview positions, annotated frames, frame tiles and 3D backgrounds.

export const previewActionsRoutes: RestRoute[] = [];
