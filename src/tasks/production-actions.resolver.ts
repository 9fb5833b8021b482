import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { importCastingCsv } from "../imports/casting-csv.service.js";
import { importEstimationsCsv } from "../imports/estimations-csv.service.js";
import type { ZouJson } from "../rest/zou-json.js";
import {
  applyScheduleVersionToProduction,
  setTaskLinksFromProduction,
  setTaskLinksFromScheduleVersion,
  type ApplyScheduleVersionSummary,
  type TaskLinksCopySummary,
} from "../schedules/schedule-version-actions.service.js";
import { createTasksForEntityType, deleteProjectTasks, deleteTasksOfTaskType } from "./bulk-tasks.service.js";

// Resolvers of schedule versions, bulk tasks and CSV imports of casting and estimations.

@Resolver()
export class ScheduleVersionActionsResolver {
  @Mutation(() => JSON, {
    description:
      "Copies the start date, due date, estimation and assignees of every task of the project into the schedule version's task links. Returns {success, task_link_count}. Needs the manager role on the project.",
  })
  setScheduleVersionTaskLinksFromProduction(@Arg("versionId", () => ID) versionId: string, @Ctx() ctx: RequestContext): Promise<TaskLinksCopySummary> {
    return setTaskLinksFromProduction(ctx, versionId);
  }

  @Mutation(() => JSON, {
    description:
      "Copies the task links and their assignees of another schedule version of the same project into this one. Returns {success, task_link_count}. Needs the manager role on the project.",
  })
  setScheduleVersionTaskLinksFromScheduleVersion(
    @Arg("versionId", () => ID) versionId: string,
    @Arg("sourceVersionId", () => ID) sourceVersionId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskLinksCopySummary> {
    return setTaskLinksFromScheduleVersion(ctx, versionId, sourceVersionId);
  }

  @Mutation(() => JSON, {
    description:
      "Writes the schedule version's task link dates and estimations onto the real tasks, then locks the version. Returns {success, task_count}. Needs the manager role on the project.",
  })
  applyScheduleVersionToProduction(@Arg("versionId", () => ID) versionId: string, @Ctx() ctx: RequestContext): Promise<ApplyScheduleVersionSummary> {
    return applyScheduleVersionToProduction(ctx, versionId);
  }
}

@Resolver()
export class BulkTasksResolver {
  @Mutation(() => JSON, {
    description:
      "Creates a main task of a task type on each entity of an entity type (named as in Zou's path, e.g. episode), for the listed entities or every entity of the project (of one episode with episodeId). Entities that already have a task of that type are skipped. Returns the new tasks in Zou's JSON. Needs the manager role on the project.",
  })
  createTasksForEntityType(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("taskTypeId", () => ID) taskTypeId: string,
    @Arg("entityType", () => String) entityType: string,
    @Arg("entityIds", () => [ID], { nullable: true }) entityIds: string[] | null,
    @Arg("episodeId", () => ID, { nullable: true }) episodeId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return createTasksForEntityType(ctx, { projectId, taskTypeId, entityTypeName: entityType, entityIds: entityIds ?? null, episodeId: episodeId ?? null });
  }

  @Mutation(() => [ID], {
    description: "Deletes every task of a task type in a project with their comments, previews and other dependents. Returns the deleted task ids. Admins only.",
  })
  deleteTasksOfTaskType(@Arg("projectId", () => ID) projectId: string, @Arg("taskTypeId", () => ID) taskTypeId: string, @Ctx() ctx: RequestContext): Promise<string[]> {
    return deleteTasksOfTaskType(ctx, projectId, taskTypeId);
  }

  @Mutation(() => [ID], {
    description:
      "Deletes the listed tasks of a project with their dependents; ids of tasks outside the project are ignored. Returns the deleted task ids. Needs the manager role on the project.",
  })
  deleteProjectTasks(@Arg("projectId", () => ID) projectId: string, @Arg("taskIds", () => [ID]) taskIds: string[], @Ctx() ctx: RequestContext): Promise<string[]> {
    return deleteProjectTasks(ctx, projectId, taskIds);
  }
}

@Resolver()
export class ProductionCsvImportsResolver {
  @Mutation(() => JSON, {
    description:
      "Imports a casting CSV (Kitsu's breakdown export columns) into a project. Returns one entry per row: the written entity link, or null for a row whose asset or target is unknown. Needs the manager role on the project.",
  })
  importCastingCsv(@Arg("projectId", () => ID) projectId: string, @Arg("csv", () => String) csv: string, @Ctx() ctx: RequestContext): Promise<(ZouJson | null)[]> {
    return importCastingCsv(ctx, projectId, csv);
  }

  @Mutation(() => JSON, {
    description:
      "Imports the estimations CSV of a task type (Parent, Entity, Estimation in days, Drawings, Start date, Due date, Difficulty) into a project, optionally for one episode. Returns the updated tasks. Needs the manager role, or a supervisor of the task type's department.",
  })
  importTaskTypeEstimationsCsv(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("taskTypeId", () => ID) taskTypeId: string,
    @Arg("episodeId", () => String, { nullable: true }) episodeId: string | null,
    @Arg("csv", () => String) csv: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return importEstimationsCsv(ctx, { projectId, taskTypeId, episodeId: episodeId ?? null }, csv);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const productionActionResolvers: Function[] = [ScheduleVersionActionsResolver, BulkTasksResolver, ProductionCsvImportsResolver];
