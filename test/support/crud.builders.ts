import { chat, comment } from "../../schema/comments.js";
import { entity, entityType } from "../../schema/entities.js";
import { department } from "../../schema/people.js";
import { budget, productionScheduleVersion } from "../../schema/schedules.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import type { Database } from "../../src/db/index.js";
import { makeBuilders, type PersonRow, type ProjectRow } from "./builders.js";

// A small production for the generic CRUD tests: people of every kind, one
// project with an asset, a shot and a task, and the rows other models point
// at. Rows are written directly; the tests then drive the REST routes.

export interface CrudWorld {
  admin: PersonRow;
  manager: PersonRow;
  artist: PersonRow;
  vendor: PersonRow;
  outsider: PersonRow;
  project: ProjectRow;
  otherProject: ProjectRow;
  assetTypeId: string;
  shotTypeId: string;
  assetId: string;
  shotId: string;
  otherAssetId: string;
  taskTypeId: string;
  taskStatusId: string;
  taskId: string;
  otherTaskId: string;
  commentId: string;
  chatId: string;
  departmentId: string;
  budgetId: string;
  scheduleVersionId: string;
}

export function makeCrudBuilders(db: Database) {
  const make = makeBuilders(db);
  let counter = 0;
  const next = () => (counter += 1);

  async function makeEntity(projectId: string, entityTypeId: string, name: string) {
    const [row] = await db.orm.insert(entity).values({ name, projectId, entityTypeId }).returning();
    return row;
  }

  return {
    /** Builds the production of the CRUD tests: the artist and the vendor are on the project's team, the outsider only on another. */
    async makeCrudWorld(): Promise<CrudWorld> {
      const n = next();
      const admin = await make.makePerson({ role: "admin" });
      const manager = await make.makePerson({ role: "manager" });
      const artist = await make.makePerson({ role: "user" });
      const vendor = await make.makePerson({ role: "vendor" });
      const outsider = await make.makePerson({ role: "user" });
      const project = await make.makeProject({ team: [{ id: manager.id }, { id: artist.id }, { id: vendor.id }] });
      const otherProject = await make.makeProject({ team: [{ id: outsider.id }] });

      const [assetType] = await db.orm.insert(entityType).values({ name: `Character ${n}` }).returning();
      const [shotType] = await db.orm
        .insert(entityType)
        .values({ name: "Shot" })
        .onConflictDoNothing()
        .returning();
      const shotTypeId = shotType?.id ?? (await db.query<{ id: string }>("select id from entity_type where name = 'Shot'"))[0].id;
      const asset = await makeEntity(project.id, assetType.id, `Hero ${n}`);
      const shot = await makeEntity(project.id, shotTypeId, `SH${n}`);
      const otherAsset = await makeEntity(otherProject.id, assetType.id, `Villain ${n}`);

      const [type] = await db.orm.insert(taskType).values({ name: `Modeling ${n}` }).returning();
      const [status] = await db.orm.insert(taskStatus).values({ name: `Todo ${n}`, shortName: `todo${n}`, color: "#ffffff" }).returning();
      const [taskRow] = await db.orm
        .insert(task)
        .values({ name: "main", projectId: project.id, entityId: asset.id, taskTypeId: type.id, taskStatusId: status.id })
        .returning();
      const [otherTask] = await db.orm
        .insert(task)
        .values({ name: "main", projectId: otherProject.id, entityId: otherAsset.id, taskTypeId: type.id, taskStatusId: status.id })
        .returning();
      await db.orm.insert(taskPersonLink).values({ taskId: taskRow.id, personId: vendor.id });

      const [commentRow] = await db.orm
        .insert(comment)
        .values({ objectId: taskRow.id, objectType: "Task", personId: artist.id, text: "first pass", taskStatusId: status.id })
        .returning();
      const [chatRow] = await db.orm.insert(chat).values({ objectId: asset.id }).returning();
      const [departmentRow] = await db.orm.insert(department).values({ name: `Modeling dept ${n}`, color: "#123456" }).returning();
      const [budgetRow] = await db.orm.insert(budget).values({ name: `Budget ${n}`, projectId: project.id }).returning();
      const [version] = await db.orm.insert(productionScheduleVersion).values({ name: `Plan ${n}`, projectId: project.id }).returning();

      return {
        admin,
        manager,
        artist,
        vendor,
        outsider,
        project,
        otherProject,
        assetTypeId: assetType.id,
        shotTypeId,
        assetId: asset.id,
        shotId: shot.id,
        otherAssetId: otherAsset.id,
        taskTypeId: type.id,
        taskStatusId: status.id,
        taskId: taskRow.id,
        otherTaskId: otherTask.id,
        commentId: commentRow.id,
        chatId: chatRow.id,
        departmentId: departmentRow.id,
        budgetId: budgetRow.id,
        scheduleVersionId: version.id,
      };
    },
  };
}
