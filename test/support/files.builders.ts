import { fileStatus, outputFile, outputType, software, workingFile } from "../../schema/files.js";
import type { Database } from "../../src/db/index.js";

export function makeFileBuilders(db: Database) {
  let counter = 0;
  const next = () => (counter += 1);
  return {
    async makeOutputType(values: Partial<typeof outputType.$inferInsert> = {}) {
      const n = next();
      const [row] = await db.orm.insert(outputType).values({ name: `Output type ${n}`, shortName: `ot${n}`, ...values }).returning();
      return row;
    },

    async makeFileStatus(values: Partial<typeof fileStatus.$inferInsert> = {}) {
      const [row] = await db.orm.insert(fileStatus).values({ name: `File status ${next()}`, color: "#FFFFFF", ...values }).returning();
      return row;
    },

    async makeSoftware(values: Partial<typeof software.$inferInsert> = {}) {
      const n = next();
      const [row] = await db.orm.insert(software).values({ name: `Software ${n}`, shortName: `sw${n}`, fileExtension: ".ma", ...values }).returning();
      return row;
    },

    async makeWorkingFile(values: Partial<typeof workingFile.$inferInsert> & { taskId: string; entityId: string }) {
      const [row] = await db.orm.insert(workingFile).values({ name: "main", revision: 1, ...values }).returning();
      return row;
    },

    async makeOutputFile(values: Partial<typeof outputFile.$inferInsert> & { entityId: string; fileStatusId: string }) {
      const [row] = await db.orm.insert(outputFile).values({ name: "main", revision: 1, ...values }).returning();
      return row;
    },
  };
}
