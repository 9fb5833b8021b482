import type { RestRoute } from "./route-table.js";

// Cross-production lists of Kitsu's overview pages: open tasks, task dates per person, all projects, news and event names.

export const overviewListsRoutes: RestRoute[] = [];
