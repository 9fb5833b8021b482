import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../context.js";
import { Entity, EntityType } from "../entities/entity.type.js";
import type { EntityRow } from "../entities/entities.loaders.js";
import { OutputFile, WorkingFile } from "../files/file.type.js";
import { Notification, TaskSubscription } from "../notifications/notification.type.js";
import { Department, Person } from "../people/person.type.js";
import { Playlist, PlaylistEntry } from "../playlists/playlist.type.js";
import { playlistEntries } from "../playlists/playlists.service.js";
import type { PlaylistRow } from "../playlists/playlists.loaders.js";
import { ProjectAssetTypeSetting, ProjectTaskStatusSetting, ProjectTaskTypeSetting } from "../projects/project.type.js";
import { BudgetEntry, DayOff, Milestone, ScheduleItem, TimeSpent } from "../schedules/schedule.type.js";
import { Task, TaskStatus, TaskType } from "../tasks/task.type.js";

// Object fields from the people, projects, playlists, schedules,
// notifications and files types to the entities and tasks types. Tasks and
// entities go through the viewer's access scope, so a field shows null (or
// leaves an item out) where the viewer may not read the target.

async function readableTask(ctx: RequestContext, taskId: string | null) {
  if (taskId === null) return null;
  const row = await ctx.loaders.taskById.load(taskId);
  if (row === null) return null;
  const scope = await ctx.loaders.viewerAccess();
  return scope.isAdmin || scope.canReadTask(row) ? row : null;
}

async function readableEntity(ctx: RequestContext, entityId: string | null): Promise<EntityRow | null> {
  if (entityId === null) return null;
  const row = await ctx.loaders.entityById.load(entityId);
  if (row === null) return null;
  const scope = await ctx.loaders.viewerAccess();
  return scope.isAdmin || scope.canReadEntity(row) ? row : null;
}

async function loadPerson(ctx: RequestContext, personId: string | null) {
  return personId === null ? null : ctx.loaders.personById.load(personId);
}

async function loadTaskType(ctx: RequestContext, taskTypeId: string | null) {
  return taskTypeId === null ? null : ctx.loaders.taskTypeById.load(taskTypeId);
}

@Resolver(() => TimeSpent)
export class TimeSpentLinksResolver {
  @FieldResolver(() => Task, { nullable: true })
  task(@Root() row: { taskId: string | null }, @Ctx() ctx: RequestContext) {
    return readableTask(ctx, row.taskId);
  }

  @FieldResolver(() => Person, { nullable: true })
  person(@Root() row: { personId: string | null }, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, row.personId);
  }
}

@Resolver(() => WorkingFile)
export class WorkingFileLinksResolver {
  @FieldResolver(() => Task, { nullable: true })
  task(@Root() row: { taskId: string | null }, @Ctx() ctx: RequestContext) {
    return readableTask(ctx, row.taskId);
  }

  @FieldResolver(() => Entity, { nullable: true })
  entity(@Root() row: { entityId: string | null }, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, row.entityId);
  }

  @FieldResolver(() => Person, { nullable: true })
  person(@Root() row: { personId: string | null }, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, row.personId);
  }
}

@Resolver(() => OutputFile)
export class OutputFileLinksResolver {
  @FieldResolver(() => Entity, { nullable: true })
  entity(@Root() row: { entityId: string | null }, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, row.entityId);
  }

  @FieldResolver(() => Entity, { nullable: true, description: "The shot or scene an asset instance's output belongs to." })
  temporalEntity(@Root() row: { temporalEntityId: string | null }, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, row.temporalEntityId);
  }

  @FieldResolver(() => TaskType, { nullable: true })
  taskType(@Root() row: { taskTypeId: string | null }, @Ctx() ctx: RequestContext) {
    return loadTaskType(ctx, row.taskTypeId);
  }

  @FieldResolver(() => Person, { nullable: true })
  person(@Root() row: { personId: string | null }, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, row.personId);
  }
}

@Resolver(() => PlaylistEntry)
export class PlaylistEntryLinksResolver {
  @FieldResolver(() => Entity, { nullable: true })
  entity(@Root() row: PlaylistEntry, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, row.entityId);
  }
}

@Resolver(() => Playlist)
export class PlaylistLinksResolver {
  @FieldResolver(() => [Entity], { description: "The playlist's entities in order, leaving out those the logged-in person may not read." })
  async entities(@Root() row: PlaylistRow, @Ctx() ctx: RequestContext) {
    const entities = await Promise.all(playlistEntries(row).map((entry) => readableEntity(ctx, entry.entity_id)));
    return entities.filter((item): item is EntityRow => item !== null);
  }

  @FieldResolver(() => TaskType, { nullable: true })
  taskType(@Root() row: PlaylistRow, @Ctx() ctx: RequestContext) {
    return loadTaskType(ctx, row.taskTypeId);
  }
}

@Resolver(() => ProjectTaskTypeSetting)
export class ProjectTaskTypeSettingLinksResolver {
  @FieldResolver(() => TaskType, { nullable: true })
  taskType(@Root() row: ProjectTaskTypeSetting, @Ctx() ctx: RequestContext) {
    return loadTaskType(ctx, row.taskTypeId);
  }
}

@Resolver(() => ProjectTaskStatusSetting)
export class ProjectTaskStatusSettingLinksResolver {
  @FieldResolver(() => TaskStatus, { nullable: true })
  taskStatus(@Root() row: ProjectTaskStatusSetting, @Ctx() ctx: RequestContext) {
    return ctx.loaders.taskStatusById.load(row.taskStatusId);
  }
}

@Resolver(() => ProjectAssetTypeSetting)
export class ProjectAssetTypeSettingLinksResolver {
  @FieldResolver(() => EntityType, { nullable: true })
  assetType(@Root() row: ProjectAssetTypeSetting, @Ctx() ctx: RequestContext) {
    return ctx.loaders.entityTypeById.load(row.assetTypeId);
  }
}

@Resolver(() => ScheduleItem)
export class ScheduleItemLinksResolver {
  @FieldResolver(() => TaskType, { nullable: true })
  taskType(@Root() row: { taskTypeId: string | null }, @Ctx() ctx: RequestContext) {
    return loadTaskType(ctx, row.taskTypeId);
  }
}

@Resolver(() => Milestone)
export class MilestoneLinksResolver {
  @FieldResolver(() => TaskType, { nullable: true })
  taskType(@Root() row: { taskTypeId: string | null }, @Ctx() ctx: RequestContext) {
    return loadTaskType(ctx, row.taskTypeId);
  }
}

@Resolver(() => BudgetEntry)
export class BudgetEntryLinksResolver {
  @FieldResolver(() => Department, { nullable: true })
  department(@Root() row: { departmentId: string }, @Ctx() ctx: RequestContext) {
    return ctx.loaders.departmentById.load(row.departmentId);
  }

  @FieldResolver(() => Person, { nullable: true })
  person(@Root() row: { personId: string | null }, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, row.personId);
  }
}

@Resolver(() => DayOff)
export class DayOffLinksResolver {
  @FieldResolver(() => Person, { nullable: true })
  person(@Root() row: { personId: string | null }, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, row.personId);
  }
}

@Resolver(() => Notification)
export class NotificationLinksResolver {
  @FieldResolver(() => Task, { nullable: true })
  task(@Root() row: { taskId: string | null }, @Ctx() ctx: RequestContext) {
    return readableTask(ctx, row.taskId);
  }

  @FieldResolver(() => Person, { nullable: true })
  author(@Root() row: { authorId: string }, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, row.authorId);
  }
}

@Resolver(() => TaskSubscription)
export class TaskSubscriptionLinksResolver {
  @FieldResolver(() => Task, { nullable: true })
  task(@Root() row: { taskId: string | null }, @Ctx() ctx: RequestContext) {
    return readableTask(ctx, row.taskId);
  }
}

export const crossDomainResolvers = [
  TimeSpentLinksResolver,
  WorkingFileLinksResolver,
  OutputFileLinksResolver,
  PlaylistEntryLinksResolver,
  PlaylistLinksResolver,
  ProjectTaskTypeSettingLinksResolver,
  ProjectTaskStatusSettingLinksResolver,
  ProjectAssetTypeSettingLinksResolver,
  ScheduleItemLinksResolver,
  MilestoneLinksResolver,
  BudgetEntryLinksResolver,
  DayOffLinksResolver,
  NotificationLinksResolver,
  TaskSubscriptionLinksResolver,
] as const;
