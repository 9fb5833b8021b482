import { eq } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { dataImportError } from "../../schema/imports.js";
import { timeSpent } from "../../schema/schedules.js";
import { task, taskStatus, taskType } from "../../schema/tasks.js";
import type { Database } from "../../src/db/index.js";

// Builders of the rows the ShotGrid import and the CSV exports work on:
// import errors, entities of any type, tasks and time spents, written
// directly with drizzle.

export type EntityRow = typeof entity.$inferSelect;
export type TaskRow = typeof task.$inferSelect;

export function makeImportBuilders(db: Database) {
  let counter = 0;
  const next = () => (counter += 1);

  async function entityTypeId(name: string): Promise<string> {
    const [existing] = await db.orm.select({ id: entityType.id }).from(entityType).where(eq(entityType.name, name));
    if (existing !== undefined) return existing.id;
    const [row] = await db.orm.insert(entityType).values({ name }).returning({ id: entityType.id });
    return row.id;
  }

  async function taskTypeId(name: string, forEntity = "Shot"): Promise<string> {
    const [existing] = await db.orm.select({ id: taskType.id }).from(taskType).where(eq(taskType.name, name));
    if (existing !== undefined) return existing.id;
    const [row] = await db.orm.insert(taskType).values({ name, forEntity }).returning({ id: taskType.id });
    return row.id;
  }

  async function todoStatusId(): Promise<string> {
    const [existing] = await db.orm.select({ id: taskStatus.id }).from(taskStatus).where(eq(taskStatus.shortName, "todo"));
    if (existing !== undefined) return existing.id;
    const [row] = await db.orm.insert(taskStatus).values({ name: "Todo", shortName: "todo", color: "#f5f5f5", isDefault: true }).returning({ id: taskStatus.id });
    return row.id;
  }

  return {
    entityTypeId,
    taskTypeId,

    async makeImportError(eventData: Record<string, unknown> = { id: next(), type: "Shot" }) {
      const [row] = await db.orm.insert(dataImportError).values({ eventData, source: "shotgun" }).returning();
      return row;
    },

    /** An entity of the named type (Shot, Sequence, Episode, or an asset type such as Character). */
    async makeEntityRow(values: { projectId: string; type: string; name?: string; parentId?: string | null; shotgunId?: number | null }): Promise<EntityRow> {
      const [row] = await db.orm
        .insert(entity)
        .values({
          name: values.name ?? `${values.type} ${next()}`,
          projectId: values.projectId,
          entityTypeId: await entityTypeId(values.type),
          parentId: values.parentId ?? null,
          shotgunId: values.shotgunId ?? null,
        })
        .returning();
      return row;
    },

    async makeTaskRow(values: { projectId: string; entityId: string; taskType?: string }): Promise<TaskRow> {
      const [row] = await db.orm
        .insert(task)
        .values({
          name: "main",
          projectId: values.projectId,
          entityId: values.entityId,
          taskTypeId: await taskTypeId(values.taskType ?? "Animation"),
          taskStatusId: await todoStatusId(),
        })
        .returning();
      return row;
    },

    async makeTimeSpentRow(values: { taskId: string; personId: string; date: string; duration: number }) {
      const [row] = await db.orm.insert(timeSpent).values(values).returning();
      return row;
    },
  };
}

export type ImportBuilders = ReturnType<typeof makeImportBuilders>;
