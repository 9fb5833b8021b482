import { and, desc, eq, gt, inArray, lt, type SQL } from "drizzle-orm";
import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { apiEvent } from "../../schema/notifications.js";
import { effectiveProjectRole, isManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { ForbiddenError } from "../errors.js";
import { DateTime, JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// The event log read by gazu's sync module (get_last_events), which replays
// one Kitsu's changes onto another.

/** Maximum number of events in one response, as Zou caps it. */
export const MAX_EVENTS = 1000;

/** Events that carry file changes, kept by the only_files filter. */
// NOTE(compat): the list follows Zou's events service as read; events Kumiki adds are not in it.
const FILE_EVENT_NAMES = ["preview-file:add-file", "preview-file:update", "organisation:set-thumbnail", "person:set-thumbnail", "project:set-thumbnail"];

/** Global managers and admins read every event; a project's managers read that project's events. */
async function assertCanReadEvents(ctx: RequestContext, projectId: string | null): Promise<void> {
  const viewer = requireViewer(ctx);
  if (isManager(viewer)) return;
  if (projectId !== null && (await effectiveProjectRole(ctx, projectId)) === "manager") return;
  throw new ForbiddenError();
}

@Resolver()
export class EventJsonResolver {
  @Query(() => JSON, { description: "The latest events in Zou's JSON, newest first, at most 1000. Managers only (a project's managers for that project)." })
  async lastEventsJson(
    @Arg("limit", () => Int, { nullable: true }) limit: number | null,
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Arg("after", () => DateTime, { nullable: true, description: "Only events created after this time." }) after: Date | null,
    @Arg("before", () => DateTime, { nullable: true, description: "Only events created before this time." }) before: Date | null,
    @Arg("name", () => String, { nullable: true, description: "Only events of this name, such as task:update." }) name: string | null,
    @Arg("personId", () => ID, { nullable: true, description: "Only events caused by this person." }) personId: string | null,
    @Arg("onlyFiles", () => Boolean, { nullable: true }) onlyFiles: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const project = projectId == null ? null : parseId(projectId);
    await assertCanReadEvents(ctx, project);

    const conditions: (SQL | undefined)[] = [];
    if (project !== null) conditions.push(eq(apiEvent.projectId, project));
    if (after !== null) conditions.push(gt(apiEvent.createdAt, after));
    if (before !== null) conditions.push(lt(apiEvent.createdAt, before));
    if (name !== null) conditions.push(eq(apiEvent.name, name));
    if (personId != null) conditions.push(eq(apiEvent.userId, parseId(personId)));
    if (onlyFiles === true) conditions.push(inArray(apiEvent.name, FILE_EVENT_NAMES));
    const rows = await ctx.db.orm
      .select()
      .from(apiEvent)
      .where(and(...conditions))
      .orderBy(desc(apiEvent.createdAt), desc(apiEvent.id))
      .limit(Math.min(Math.max(limit ?? 100, 1), MAX_EVENTS));
    return rows.map((row) => toZouJson(apiEvent, row as unknown as Record<string, unknown>, "ApiEvent"));
  }
}
