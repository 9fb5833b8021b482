import { and, eq, inArray } from "drizzle-orm";
import { subscription } from "../../schema/notifications.js";
import { task } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// Following several tasks at once (Kitsu's action bar). Unlike Zou, which
// returns 500 when one id is unknown, every id is checked before anything is
// written: an unknown task is NOT_FOUND, one the viewer may not read is
// FORBIDDEN, and then no subscription is created.

function subscriptionJson(row: typeof subscription.$inferSelect): ZouJson {
  return toZouJson(subscription, row, "Subscription");
}

/** Returns the viewer's id, or throws FORBIDDEN for a bot, as Zou refuses bots on the user routes. */
function requirePersonViewer(ctx: RequestContext): string {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot === true) throw new ForbiddenError();
  return viewer.id;
}

/** Throws NOT_FOUND for an unknown task and FORBIDDEN for a task the viewer may not read, in two queries for the whole list. */
async function assertFollowableTasks(ctx: RequestContext, taskIds: readonly string[]): Promise<void> {
  const rows = await ctx.db.orm.select().from(task).where(inArray(task.id, [...taskIds]));
  if (rows.length !== taskIds.length) throw new NotFoundError("Task not found.");
  const scope = await ctx.loaders.viewerAccess();
  if (!rows.every((row) => scope.canReadTask(row))) throw new ForbiddenError();
}

/** Subscribes the viewer to each listed task, keeping existing subscriptions; returns them in the order of the ids. */
export async function subscribeToTasks(ctx: RequestContext, taskIds: readonly unknown[]): Promise<ZouJson[]> {
  const personId = requirePersonViewer(ctx);
  const ids = [...new Set(taskIds.map(parseId))];
  await assertFollowableTasks(ctx, ids);

  return ctx.db.transaction(async (tx) => {
    await tx
      .insert(subscription)
      .values(ids.map((taskId) => ({ personId, taskId })))
      .onConflictDoNothing();
    const rows = await tx.select().from(subscription).where(and(eq(subscription.personId, personId), inArray(subscription.taskId, ids)));
    const byTask = new Map(rows.map((row) => [row.taskId, row]));
    return ids.flatMap((taskId) => {
      const row = byTask.get(taskId);
      return row === undefined ? [] : [subscriptionJson(row)];
    });
  });
}

/** Removes the viewer's subscriptions to the listed tasks; ids without a subscription are ignored, as in Zou. */
export async function unsubscribeFromTasks(ctx: RequestContext, taskIds: readonly unknown[]): Promise<string[]> {
  const personId = requirePersonViewer(ctx);
  const ids = [...new Set(taskIds.map(parseId))];

  await ctx.db.transaction(async (tx) => {
    await tx.delete(subscription).where(and(eq(subscription.personId, personId), inArray(subscription.taskId, ids)));
  });
  return ids;
}
