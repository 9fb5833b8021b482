import type { RestRoute } from "./route-table.js";

// Quotas and per-person time totals of the Quotas and Timesheets pages.

export const quotasRoutes: RestRoute[] = [];
