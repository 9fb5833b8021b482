import { asc } from "drizzle-orm";
import { apiEvent } from "../../schema/notifications.js";
import { assertManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";

// The names found in the event log, which Kitsu's event log page offers as
// filters. As in Zou, the list is the same for every manager: it contains event
// names only, no production data.

/** Lists the distinct event names of the log, sorted; FORBIDDEN below the manager role. */
export async function listEventNames(ctx: RequestContext): Promise<string[]> {
  assertManager(ctx);
  const rows = await ctx.db.orm.selectDistinct({ name: apiEvent.name }).from(apiEvent).orderBy(asc(apiEvent.name));
  return rows.map((row) => row.name);
}
