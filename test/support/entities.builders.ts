import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { comment, commentPreviewLink, previewFile } from "../../schema/comments.js";
import { entity, entityType } from "../../schema/entities.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import type { Database } from "../../src/db/index.js";

// Builders of entities, tasks and comments, written straight to the tables.

export type EntityRow = typeof entity.$inferSelect;
export type TaskRow = typeof task.$inferSelect;
export type TaskTypeRow = typeof taskType.$inferSelect;
export type TaskStatusRow = typeof taskStatus.$inferSelect;
export type CommentRow = typeof comment.$inferSelect;

type EntityValues = Partial<typeof entity.$inferInsert> & { projectId: string };

export function makeEntityBuilders(db: Database) {
  let counter = 0;
  const next = () => (counter += 1);

  async function makeEntityType(name: string): Promise<string> {
    const [existing] = await db.orm.select({ id: entityType.id }).from(entityType).where(eq(entityType.name, name));
    if (existing !== undefined) return existing.id;
    const [row] = await db.orm.insert(entityType).values({ name }).returning();
    return row.id;
  }

  async function makeEntity(typeName: string, values: EntityValues): Promise<EntityRow> {
    const entityTypeId = values.entityTypeId ?? (await makeEntityType(typeName));
    const [row] = await db.orm
      .insert(entity)
      .values({ name: `${typeName} ${next()}`, data: {}, ...values, entityTypeId })
      .returning();
    return row;
  }

  async function makeTaskStatus(values: Partial<typeof taskStatus.$inferInsert> = {}): Promise<TaskStatusRow> {
    const n = next();
    const [row] = await db.orm
      .insert(taskStatus)
      .values({ name: `Status ${n}`, shortName: `s${n}`, color: "#000000", ...values })
      .returning();
    return row;
  }

  return {
    makeEntityType,
    makeEpisode: (values: EntityValues) => makeEntity("Episode", values),
    makeSequence: (values: EntityValues & { episodeId?: string }) => makeEntity("Sequence", { parentId: values.episodeId, ...values }),
    makeShot: (values: EntityValues & { sequenceId?: string }) => makeEntity("Shot", { parentId: values.sequenceId, ...values }),
    makeScene: (values: EntityValues & { sequenceId?: string }) => makeEntity("Scene", { parentId: values.sequenceId, ...values }),
    makeEdit: (values: EntityValues) => makeEntity("Edit", values),
    makeConcept: (values: EntityValues) => makeEntity("Concept", values),
    /** An asset of the given asset type name ("Character" by default). */
    makeAsset: (values: EntityValues & { assetType?: string }) => makeEntity(values.assetType ?? "Character", values),

    async makeTaskType(values: Partial<typeof taskType.$inferInsert> = {}): Promise<TaskTypeRow> {
      const [row] = await db.orm
        .insert(taskType)
        .values({ name: `Task type ${next()}`, forEntity: "Shot", ...values })
        .returning();
      return row;
    },

    makeTaskStatus,

    /** A task on an entity; `status` is a status row or its values, `assignees` person ids. */
    async makeTask(values: {
      entity: EntityRow;
      taskTypeId?: string;
      status?: TaskStatusRow | Partial<typeof taskStatus.$inferInsert>;
      assignees?: string[];
      name?: string;
    }): Promise<TaskRow> {
      const status = values.status !== undefined && "id" in values.status && values.status.id !== undefined ? (values.status as TaskStatusRow) : await makeTaskStatus(values.status ?? {});
      const taskTypeId = values.taskTypeId ?? (await db.orm.insert(taskType).values({ name: `Task type ${next()}` }).returning())[0].id;
      const [row] = await db.orm
        .insert(task)
        .values({
          name: values.name ?? "main",
          projectId: values.entity.projectId,
          entityId: values.entity.id,
          taskTypeId,
          taskStatusId: status.id,
        })
        .returning();
      for (const personId of values.assignees ?? []) await db.orm.insert(taskPersonLink).values({ taskId: row.id, personId });
      return row;
    },

    /** Inserts a comment on a task; `withPreview` attaches a preview file to it. */
    async makeComment(values: { task: TaskRow; personId: string; text?: string; forClient?: boolean; withPreview?: boolean }): Promise<CommentRow> {
      const [row] = await db.orm
        .insert(comment)
        .values({
          objectId: values.task.id,
          objectType: "Task",
          personId: values.personId,
          text: values.text ?? `Comment ${next()}`,
          taskStatusId: values.task.taskStatusId,
          forClient: values.forClient ?? false,
          replies: [],
        })
        .returning();
      if (values.withPreview === true) {
        const [preview] = await db.orm.insert(previewFile).values({ name: randomUUID().slice(0, 8), taskId: values.task.id }).returning();
        await db.orm.insert(commentPreviewLink).values({ comment: row.id, previewFile: preview.id });
      }
      return row;
    },
  };
}
