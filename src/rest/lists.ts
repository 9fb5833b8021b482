import type { RestRoute } from "./route-table.js";

// Zou's user context route: Kitsu's start-up bundle.
export const listRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/user/context",
    operation: "query UserContext { userContext }",
  },
];
