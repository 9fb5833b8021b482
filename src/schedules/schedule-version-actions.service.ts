import { eq, sql } from "drizzle-orm";
import { productionScheduleVersion } from "../../schema/schedules.js";
import { project } from "../../schema/projects.js";
import { assertProjectManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent, recordEvents } from "../events/events.service.js";
import { parseId } from "../ids.js";

// The actions of Kitsu's "what if" schedules: fill a production schedule
// version with the planned dates of the real tasks or of another version,
// and write a version's dates back onto the tasks. The copies run as
// INSERT ... SELECT, so their cost does not grow with round trips.

type ScheduleVersionRow = typeof productionScheduleVersion.$inferSelect;

export interface TaskLinksCopySummary {
  success: boolean;
  task_link_count: number;
}

export interface ApplyScheduleVersionSummary {
  success: boolean;
  task_count: number;
}

/** Loads a schedule version and checks that the viewer manages its project. */
async function getManagedScheduleVersion(ctx: RequestContext, versionId: string): Promise<ScheduleVersionRow> {
  const [version] = await ctx.db.orm.select().from(productionScheduleVersion).where(eq(productionScheduleVersion.id, parseId(versionId))).limit(1);
  if (version === undefined) throw new NotFoundError("Production schedule version not found.");
  await assertProjectManager(ctx, version.projectId);
  return version;
}

/** Marks a version as changed: updated_at and the production_schedule_version:update event. */
async function touchScheduleVersion(tx: Orm, ctx: RequestContext, version: ScheduleVersionRow, values: Partial<typeof productionScheduleVersion.$inferInsert>): Promise<void> {
  await tx.update(productionScheduleVersion).set({ ...values, updatedAt: new Date() }).where(eq(productionScheduleVersion.id, version.id));
  await recordEvent(tx, ctx, { name: "production_schedule_version:update", projectId: version.projectId, data: { production_schedule_version_id: version.id } });
}

/**
 * Copies the start date, due date and estimation of every task of the
 * version's project into the version's task links (creating missing links,
 * updating existing ones) and replaces the links' assignees with the tasks'
 * assignees. Needs the manager role on the project, as in Zou.
 */
export async function setTaskLinksFromProduction(ctx: RequestContext, versionId: string): Promise<TaskLinksCopySummary> {
  const version = await getManagedScheduleVersion(ctx, versionId);

  return ctx.db.transaction(async (tx) => {
    const copied = await tx.execute(sql`
      insert into production_schedule_version_task_link
        (id, production_schedule_version_id, task_id, start_date, due_date, estimation, created_at, updated_at)
      select gen_random_uuid(), ${version.id}::uuid, t.id, t.start_date, t.due_date, t.estimation,
             now() at time zone 'utc', now() at time zone 'utc'
      from task t
      where t.project_id = ${version.projectId}::uuid
      on conflict (production_schedule_version_id, task_id) do update
        set start_date = excluded.start_date, due_date = excluded.due_date,
            estimation = excluded.estimation, updated_at = excluded.updated_at
      returning id`);

    // Every task of the project was a source, so every link of the version gets its task's assignees.
    await tx.execute(sql`
      delete from production_schedule_version_task_link_person_link
      where production_schedule_version_task_link_id in
        (select id from production_schedule_version_task_link where production_schedule_version_id = ${version.id}::uuid)`);
    await tx.execute(sql`
      insert into production_schedule_version_task_link_person_link (production_schedule_version_task_link_id, person_id)
      select link.id, assignee.person_id
      from production_schedule_version_task_link link
      join task_person_link assignee on assignee.task_id = link.task_id
      where link.production_schedule_version_id = ${version.id}::uuid
      on conflict do nothing`);

    await touchScheduleVersion(tx, ctx, version, {});
    return { success: true, task_link_count: rowCount(copied) };
  });
}

/**
 * Copies the task links of another version of the same project into this
 * one, with their assignees, and records the source version as
 * production_schedule_from. Links of this version whose task is absent from
 * the source keep their dates and assignees.
 */
export async function setTaskLinksFromScheduleVersion(ctx: RequestContext, versionId: string, sourceVersionId: string): Promise<TaskLinksCopySummary> {
  const version = await getManagedScheduleVersion(ctx, versionId);
  const [source] = await ctx.db.orm.select().from(productionScheduleVersion).where(eq(productionScheduleVersion.id, parseId(sourceVersionId))).limit(1);
  if (source === undefined) throw new NotFoundError("Production schedule version not found.");
  if (source.projectId !== version.projectId) throw new BadRequestError("Production schedule versions must belong to the same project.");
  if (source.id === version.id) throw new BadRequestError("A production schedule version cannot be copied onto itself.");

  return ctx.db.transaction(async (tx) => {
    const copied = await tx.execute(sql`
      insert into production_schedule_version_task_link
        (id, production_schedule_version_id, task_id, start_date, due_date, estimation, created_at, updated_at)
      select gen_random_uuid(), ${version.id}::uuid, other.task_id, other.start_date, other.due_date, other.estimation,
             now() at time zone 'utc', now() at time zone 'utc'
      from production_schedule_version_task_link other
      where other.production_schedule_version_id = ${source.id}::uuid
      on conflict (production_schedule_version_id, task_id) do update
        set start_date = excluded.start_date, due_date = excluded.due_date,
            estimation = excluded.estimation, updated_at = excluded.updated_at
      returning id`);

    const refreshedLinks = sql`
      select link.id from production_schedule_version_task_link link
      where link.production_schedule_version_id = ${version.id}::uuid
        and link.task_id in (select task_id from production_schedule_version_task_link where production_schedule_version_id = ${source.id}::uuid)`;
    await tx.execute(sql`delete from production_schedule_version_task_link_person_link where production_schedule_version_task_link_id in (${refreshedLinks})`);
    await tx.execute(sql`
      insert into production_schedule_version_task_link_person_link (production_schedule_version_task_link_id, person_id)
      select link.id, assignee.person_id
      from production_schedule_version_task_link link
      join production_schedule_version_task_link other
        on other.task_id = link.task_id and other.production_schedule_version_id = ${source.id}::uuid
      join production_schedule_version_task_link_person_link assignee
        on assignee.production_schedule_version_task_link_id = other.id
      where link.production_schedule_version_id = ${version.id}::uuid
      on conflict do nothing`);

    await touchScheduleVersion(tx, ctx, version, { productionScheduleFrom: source.id });
    return { success: true, task_link_count: rowCount(copied) };
  });
}

/**
 * Writes the start date, due date and estimation of each task link of the
 * version onto its task, then locks the version and records it as the
 * project's from_schedule_version_id. Records task:update for each task.
 */
export async function applyScheduleVersionToProduction(ctx: RequestContext, versionId: string): Promise<ApplyScheduleVersionSummary> {
  const version = await getManagedScheduleVersion(ctx, versionId);

  return ctx.db.transaction(async (tx) => {
    const updated = await tx.execute(sql`
      update task
      set start_date = link.start_date, due_date = link.due_date, estimation = link.estimation,
          updated_at = now() at time zone 'utc'
      from production_schedule_version_task_link link
      where task.id = link.task_id and link.production_schedule_version_id = ${version.id}::uuid
        and task.project_id = ${version.projectId}::uuid
      returning task.id`);
    const taskIds = resultRows<{ id: string }>(updated).map((row) => row.id);

    await recordEvents(
      tx,
      ctx,
      taskIds.map((taskId) => ({ name: "task:update", projectId: version.projectId, data: { task_id: taskId } })),
    );
    await touchScheduleVersion(tx, ctx, version, { locked: true });
    await tx.update(project).set({ fromScheduleVersionId: version.id }).where(eq(project.id, version.projectId));
    await recordEvent(tx, ctx, { name: "project:update", projectId: version.projectId, data: { project_id: version.projectId } });
    return { success: true, task_count: taskIds.length };
  });
}

/** Returns the rows of a raw statement: PGlite wraps them in `rows`, postgres.js returns an array. */
function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

function rowCount(result: unknown): number {
  return resultRows(result).length;
}
