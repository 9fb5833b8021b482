import { budget, budgetEntry, dayOff, milestone, scheduleItem, timeSpent } from "../../schema/schedules.js";
import type { Database } from "../../src/db/index.js";

export function makeScheduleBuilders(db: Database) {
  return {
    async makeScheduleItem(values: typeof scheduleItem.$inferInsert) {
      const [row] = await db.orm.insert(scheduleItem).values({ startDate: "2024-01-01", endDate: "2024-02-01", ...values }).returning();
      return row;
    },

    async makeMilestone(values: Partial<typeof milestone.$inferInsert> & { projectId: string }) {
      const [row] = await db.orm.insert(milestone).values({ name: "Delivery", date: "2024-06-01", ...values }).returning();
      return row;
    },

    async makeBudget(values: Partial<typeof budget.$inferInsert> & { projectId: string }) {
      const [row] = await db.orm.insert(budget).values({ name: "Budget", currency: "EUR", revision: 1, ...values }).returning();
      return row;
    },

    async makeBudgetEntry(values: Partial<typeof budgetEntry.$inferInsert> & { budgetId: string; departmentId: string }) {
      const [row] = await db.orm.insert(budgetEntry).values({ startDate: "2024-01-01", monthsDuration: 2, dailySalary: 300, ...values }).returning();
      return row;
    },

    async makeTimeSpent(values: Partial<typeof timeSpent.$inferInsert> & { taskId: string; personId: string }) {
      const [row] = await db.orm.insert(timeSpent).values({ date: "2024-03-04", duration: 60, ...values }).returning();
      return row;
    },

    async makeDayOff(values: Partial<typeof dayOff.$inferInsert> & { personId: string }) {
      const [row] = await db.orm.insert(dayOff).values({ date: "2024-05-01", endDate: "2024-05-03", ...values }).returning();
      return row;
    },
  };
}
