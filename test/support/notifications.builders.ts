import { notification } from "../../schema/notifications.js";
import type { Database } from "../../src/db/index.js";

export function makeNotificationBuilders(db: Database) {
  return {
    async makeNotification(values: Partial<typeof notification.$inferInsert> & { personId: string; authorId: string }) {
      const [row] = await db.orm.insert(notification).values({ type: "comment", ...values }).returning();
      return row;
    },
  };
}
