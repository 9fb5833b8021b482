import { and, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { entity, entityType } from "../../schema/entities.js";
import { project, projectStatus, projectTaskTypeLink } from "../../schema/projects.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { idIn } from "../db/loader.js";
import { getEntityOfKindOrThrow, getReadableEntity } from "../entities/entities.service.js";
import { ForbiddenError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// Task and task type reads in Zou's JSON, for the Zou routes that list them
// by project, episode, sequence or the viewer's assignments.

function taskTypeJson(row: typeof taskType.$inferSelect): ZouJson {
  return toZouJson(taskType, row, "TaskType");
}

function taskJson(row: typeof task.$inferSelect): ZouJson {
  return toZouJson(task, row, "Task");
}

function compareText(a: string | null | undefined, b: string | null | undefined): number {
  return (a ?? "").localeCompare(b ?? "");
}

@Resolver()
export class TaskJsonResolver {
  @Query(() => JSON, { description: "Task types enabled in a project's settings, in Zou's JSON." })
  async projectTaskTypesJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const id = parseId(projectId);
    await getReadableProject(ctx, id);
    const rows = await ctx.db.orm
      .select({ taskType })
      .from(projectTaskTypeLink)
      .innerJoin(taskType, eq(taskType.id, projectTaskTypeLink.taskTypeId))
      .where(eq(projectTaskTypeLink.projectId, id));
    return rows.map((row) => taskTypeJson(row.taskType));
  }

  @Query(() => JSON, { description: "Task types of the tasks on the shots and scenes of an episode's sequences, in Zou's JSON." })
  async episodeTaskTypesJson(@Arg("episodeId", () => ID) episodeId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const episode = await getReadableEntity(ctx, "Episode", episodeId);
    const sequence = alias(entity, "sequence");
    const rows = await ctx.db.orm
      .selectDistinct({ taskType })
      .from(task)
      .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
      .innerJoin(entity, eq(entity.id, task.entityId))
      .innerJoin(sequence, eq(sequence.id, entity.parentId))
      .where(eq(sequence.parentId, episode.id));
    return rows.map((row) => taskTypeJson(row.taskType));
  }

  @Query(() => JSON, {
    description: "Tasks of the entities directly under a sequence (shots, scenes) in Zou's JSON, with display names. With `relations`, each task also lists its assignee ids. Vendors get FORBIDDEN.",
  })
  async sequenceShotTasksJson(
    @Arg("sequenceId", () => ID) sequenceId: string,
    @Arg("relations", () => Boolean, { nullable: true }) relations: boolean | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const sequence = await getReadableEntity(ctx, "Sequence", sequenceId);
    if ((await effectiveProjectRole(ctx, sequence.projectId)) === "vendor") throw new ForbiddenError();
    const rows = await ctx.db.orm
      .select({ task, projectName: project.name, taskTypeName: taskType.name, taskStatusName: taskStatus.name, entityTypeName: entityType.name, entityName: entity.name })
      .from(task)
      .innerJoin(entity, eq(entity.id, task.entityId))
      .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
      .innerJoin(project, eq(project.id, task.projectId))
      .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
      .innerJoin(taskStatus, eq(taskStatus.id, task.taskStatusId))
      .where(eq(entity.parentId, sequence.id));
    rows.sort(
      (a, b) =>
        compareText(a.task.name, b.task.name) ||
        compareText(a.projectName, b.projectName) ||
        compareText(a.taskTypeName, b.taskTypeName) ||
        compareText(a.entityTypeName, b.entityTypeName) ||
        compareText(a.entityName, b.entityName),
    );
    const assignees = new Map<string, string[]>();
    if (relations === true && rows.length > 0) {
      const links = await ctx.db.orm.select().from(taskPersonLink).where(idIn(taskPersonLink.taskId, rows.map((row) => row.task.id)));
      for (const link of links) assignees.set(link.taskId, [...(assignees.get(link.taskId) ?? []), link.personId]);
    }
    return rows.map((row) => ({
      ...taskJson(row.task),
      project_name: row.projectName,
      task_type_name: row.taskTypeName,
      task_status_name: row.taskStatusName,
      entity_type_name: row.entityTypeName,
      entity_name: row.entityName,
      ...(relations === true ? { assignees: assignees.get(row.task.id) ?? [] } : {}),
    }));
  }

  @Query(() => JSON, { description: "The viewer's tasks on a shot, in open projects, in Zou's JSON. Bots get FORBIDDEN." })
  async viewerShotTasksJson(@Arg("shotId", () => ID) shotId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const viewer = requireViewer(ctx);
    if (viewer.person.isBot === true) throw new ForbiddenError();
    const shot = await getEntityOfKindOrThrow(ctx, "Shot", shotId);
    const openProjects = ctx.db.orm
      .select({ id: project.id })
      .from(project)
      .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
      .where(eq(projectStatus.name, "Open"));
    const rows = await ctx.db.orm
      .select({ task })
      .from(task)
      .innerJoin(taskPersonLink, eq(taskPersonLink.taskId, task.id))
      .where(and(eq(task.entityId, shot.id), eq(taskPersonLink.personId, viewer.id), inArray(task.projectId, openProjects)));
    return rows.map((row) => taskJson(row.task)).sort((a, b) => compareText(a.name as string, b.name as string));
  }
}
