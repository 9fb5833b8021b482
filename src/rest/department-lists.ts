import type { RestRoute } from "./route-table.js";

// Department equipment lists and budget time spents.

export const departmentListsRoutes: RestRoute[] = [];
