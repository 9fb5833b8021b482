import { notification, subscription } from "../../schema/notifications.js";
import type { RequestContext } from "../context.js";
import { groupLoader, idIn, rowLoader } from "../db/loader.js";

export type NotificationRow = typeof notification.$inferSelect;
export type SubscriptionRow = typeof subscription.$inferSelect;

export function createNotificationLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;
  return {
    notificationById: rowLoader(
      (ids) => orm.select().from(notification).where(idIn(notification.id, ids)),
      (row) => row.id,
    ),
    subscriptionsByPersonId: groupLoader(
      (ids) => orm.select().from(subscription).where(idIn(subscription.personId, ids)),
      (row) => row.personId,
    ),
    subscriptionsByTaskId: groupLoader(
      (ids) => orm.select().from(subscription).where(idIn(subscription.taskId, ids)),
      (row) => row.taskId ?? "",
    ),
  };
}
