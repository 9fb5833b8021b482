import { and, desc, gt, inArray, lt, eq, type SQL } from "drizzle-orm";
import { loginLog } from "../../schema/people.js";
import { assertAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { formatZouTimestamp, type ZouJson } from "../rest/zou-json.js";

export interface LoginLogFilters {
  /** Timestamps written YYYY-MM-DDTHH:MM:SS, UTC. */
  after: string | null;
  before: string | null;
  cursorLoginLogId: string | null;
  limit: number;
  personIds: string[];
}

/** Lists the latest logins (admins), newest first, older than the cursor log when given; at most 1000, as in Zou. */
export async function listLastLoginLogs(ctx: RequestContext, filters: LoginLogFilters): Promise<ZouJson[]> {
  assertAdmin(ctx);
  const conditions: SQL[] = [];
  if (filters.personIds.length > 0) conditions.push(inArray(loginLog.personId, filters.personIds));
  if (filters.after !== null) conditions.push(gt(loginLog.createdAt, new Date(`${filters.after}Z`)));
  if (filters.before !== null) conditions.push(lt(loginLog.createdAt, new Date(`${filters.before}Z`)));
  if (filters.cursorLoginLogId !== null) {
    const [cursor] = await ctx.db.orm.select({ createdAt: loginLog.createdAt }).from(loginLog).where(eq(loginLog.id, filters.cursorLoginLogId)).limit(1);
    if (cursor === undefined) throw new BadRequestError(`No login log found with id: ${filters.cursorLoginLogId}`);
    if (cursor.createdAt !== null) conditions.push(lt(loginLog.createdAt, cursor.createdAt));
  }

  const rows = await ctx.db.orm
    .select()
    .from(loginLog)
    .where(and(...conditions))
    .orderBy(desc(loginLog.createdAt), desc(loginLog.id))
    .limit(Math.min(filters.limit, 1000));
  return rows.map((row) => ({ id: row.id, created_at: formatZouTimestamp(row.createdAt), ip_address: row.ipAddress, person_id: row.personId, origin: row.origin }));
}
