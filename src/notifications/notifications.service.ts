import { and, eq } from "drizzle-orm";
import { notification, subscription } from "../../schema/notifications.js";
import { task } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import type { NotificationRow, SubscriptionRow } from "./notifications.loaders.js";

// Notifications belong to one person and only that person reads or marks
// them. Task subscriptions are the viewer's own too: following a task needs
// read access to it; unfollowing always succeeds, as in Zou.

/** Loads one of the viewer's notifications: NOT_FOUND when unknown, FORBIDDEN when it is someone else's. */
export async function getOwnNotification(ctx: RequestContext, notificationId: string): Promise<NotificationRow> {
  const viewer = requireViewer(ctx);
  const row = await ctx.loaders.notificationById.load(notificationId);
  if (row === null) throw new NotFoundError("Notification not found.");
  if (row.personId !== viewer.id) throw new ForbiddenError();
  return row;
}

/** Marks one of the viewer's notifications read or unread; event notification:read or notification:unread. */
export async function markNotificationRead(ctx: RequestContext, notificationId: string, read: boolean): Promise<NotificationRow> {
  const viewer = requireViewer(ctx);
  await getOwnNotification(ctx, notificationId);

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(notification).set({ read }).where(eq(notification.id, notificationId)).returning();
    await recordEvent(tx, ctx, { name: read ? "notification:read" : "notification:unread", data: { notification_id: notificationId, person_id: viewer.id } });
    return row;
  });
}

/** Marks every unread notification of the viewer read and returns how many changed; event notification:all-read. Bots are refused, as in Zou. */
export async function markAllNotificationsRead(ctx: RequestContext): Promise<number> {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot === true) throw new ForbiddenError();

  return ctx.db.transaction(async (tx) => {
    const changed = await tx
      .update(notification)
      .set({ read: true })
      .where(and(eq(notification.personId, viewer.id), eq(notification.read, false)))
      .returning({ id: notification.id });
    await recordEvent(tx, ctx, { name: "notification:all-read", data: { person_id: viewer.id } });
    return changed.length;
  });
}

/** Loads a task the viewer may read: NOT_FOUND when unknown, FORBIDDEN outside its project or, for vendors, when not assigned. */
async function getFollowableTask(ctx: RequestContext, taskId: string): Promise<{ id: string; projectId: string }> {
  const rows = await ctx.db.orm.select({ id: task.id, projectId: task.projectId }).from(task).where(eq(task.id, taskId)).limit(1);
  const row = rows[0];
  if (row === undefined || row.projectId === null) throw new NotFoundError("Task not found.");
  await getReadableProject(ctx, row.projectId);
  if ((await effectiveProjectRole(ctx, row.projectId)) === "vendor") {
    const assignees = await ctx.loaders.assigneesByTaskId.load(row.id);
    if (!assignees.some((person) => person.id === ctx.viewer?.id)) throw new ForbiddenError();
  }
  return { id: row.id, projectId: row.projectId };
}

/** Subscribes the viewer to a task's notifications; returns the existing subscription when already subscribed. Bots are refused, as in Zou. */
export async function subscribeToTask(ctx: RequestContext, taskId: string): Promise<SubscriptionRow> {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot) throw new ForbiddenError();
  await getFollowableTask(ctx, taskId);

  return ctx.db.transaction(async (tx) => {
    await tx.insert(subscription).values({ personId: viewer.id, taskId }).onConflictDoNothing();
    const [row] = await tx.select().from(subscription).where(and(eq(subscription.personId, viewer.id), eq(subscription.taskId, taskId)));
    return row;
  });
}

/** Removes the viewer's subscription to a task, if any; succeeds for any task id, as Zou does. */
export async function unsubscribeFromTask(ctx: RequestContext, taskId: string): Promise<boolean> {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot) throw new ForbiddenError();
  await ctx.db.transaction(async (tx) => {
    await tx.delete(subscription).where(and(eq(subscription.personId, viewer.id), eq(subscription.taskId, taskId)));
  });
  return true;
}
