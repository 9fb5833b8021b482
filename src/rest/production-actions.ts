import type { RestRoute } from "./route-table.js";

// Schedule versions, bulk task creation and deletion, casting and estimation imports.

export const productionActionsRoutes: RestRoute[] = [];
