import { department, departmentLink, studio } from "../../schema/people.js";
import type { Database } from "../../src/db/index.js";

// Departments and studios, for the people domain's tests.

export function makePeopleBuilders(db: Database) {
  let counter = 0;
  const next = () => (counter += 1);
  return {
    async makeDepartment(values: Partial<typeof department.$inferInsert> & { members?: string[] } = {}) {
      const { members = [], ...rest } = values;
      const [row] = await db.orm.insert(department).values({ name: `Department ${next()}`, color: "#112233", ...rest }).returning();
      for (const personId of members) await db.orm.insert(departmentLink).values({ personId, departmentId: row.id });
      return row;
    },

    async makeStudio(values: Partial<typeof studio.$inferInsert> = {}) {
      const [row] = await db.orm.insert(studio).values({ name: `Studio ${next()}`, color: "#445566", ...values }).returning();
      return row;
    },
  };
}
