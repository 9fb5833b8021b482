import { asc } from "drizzle-orm";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { taskStatus, taskType } from "../../schema/tasks.js";
import { requireViewer, type RequestContext } from "../context.js";
import { Entity } from "../entities/entity.type.js";
import { ListOrderBy } from "../entities/entity.inputs.js";
import { PageArgs } from "../graphql/connection.js";
import { DateTime, JSON } from "../graphql/scalars.js";
import { BadRequestError } from "../errors.js";
import { Person } from "../people/person.type.js";
import type { PersonRow } from "../people/person.json.js";
import { Project } from "../projects/project.type.js";
import type { ProjectRow } from "../projects/projects.loaders.js";
import { EntityTasksResolver } from "./entity-tasks.resolver.js";
import { TaskImportResolver } from "./task-import.resolver.js";
import { TaskListsResolver } from "./task-lists.resolver.js";
import { listTasks } from "./tasks.lists.js";
import type { TaskRow } from "./tasks.loaders.js";
import * as service from "./tasks.service.js";
import { Task, TaskConnection, TaskStatus, TaskType } from "./task.type.js";

@ArgsType()
class TaskListArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  projectId?: string;

  @Field(() => ID, { nullable: true })
  entityId?: string;

  @Field(() => ID, { nullable: true })
  taskTypeId?: string;

  @Field(() => ID, { nullable: true })
  taskStatusId?: string;

  @Field(() => ID, { nullable: true })
  assigneeId?: string;

  @Field(() => String, { nullable: true, description: "Only tasks whose name contains this text (case-insensitive)." })
  name?: string;

  @Field(() => DateTime, { nullable: true })
  dueAfter?: Date;

  @Field(() => DateTime, { nullable: true })
  dueBefore?: Date;

  @Field(() => DateTime, { nullable: true })
  updatedSince?: Date;

  @Field(() => ListOrderBy, { nullable: true, defaultValue: ListOrderBy.NAME })
  orderBy?: ListOrderBy;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  descending?: boolean;
}

@InputType()
class TaskFieldsInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => Int, { nullable: true })
  priority?: number;

  @Field(() => Int, { nullable: true })
  difficulty?: number;

  @Field(() => Float, { nullable: true })
  estimation?: number;

  @Field(() => Float, { nullable: true })
  duration?: number;

  @Field(() => Int, { nullable: true })
  completionRate?: number;

  @Field(() => Int, { nullable: true })
  sortOrder?: number;

  @Field(() => Int, { nullable: true })
  nbDrawings?: number;

  @Field(() => DateTime, { nullable: true })
  startDate?: Date;

  @Field(() => DateTime, { nullable: true })
  dueDate?: Date;

  @Field(() => JSON, { nullable: true })
  data?: Record<string, unknown>;
}

@InputType()
class CreateTaskInput extends TaskFieldsInput {
  @Field(() => ID)
  entityId!: string;

  @Field(() => ID)
  taskTypeId!: string;

  @Field(() => ID, { nullable: true, description: "The default status when absent." })
  taskStatusId?: string;

  @Field(() => [ID], { nullable: true })
  assigneeIds?: string[];
}

@InputType({ description: "Changes to a task; absent fields stay as they are, and `data` is merged key by key." })
class UpdateTaskInput extends TaskFieldsInput {
  @Field(() => ID, { nullable: true })
  taskStatusId?: string;

  @Field(() => DateTime, { nullable: true })
  realStartDate?: Date;

  @Field(() => DateTime, { nullable: true })
  endDate?: Date;

  @Field(() => DateTime, { nullable: true })
  lastCommentDate?: Date;

  @Field(() => Int, { nullable: true })
  retakeCount?: number;
}

@InputType({ description: "The fields task types and task statuses share." })
class TaskSettingInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  shortName?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => String, { nullable: true })
  color?: string;

  @Field(() => Int, { nullable: true })
  priority?: number;

  @Field(() => Boolean, { nullable: true })
  archived?: boolean;
}

@InputType()
class TaskTypeInput extends TaskSettingInput {
  @Field(() => String, { nullable: true, description: "Asset, Shot, Sequence, Episode, Edit, Scene or Concept." })
  forEntity?: string;

  @Field(() => Boolean, { nullable: true })
  allowTimelog?: boolean;

  @Field(() => ID, { nullable: true })
  departmentId?: string;
}

@InputType()
class TaskStatusInput extends TaskSettingInput {

  @Field(() => Boolean, { nullable: true })
  isDone?: boolean;

  @Field(() => Boolean, { nullable: true })
  isArtistAllowed?: boolean;

  @Field(() => Boolean, { nullable: true })
  isClientAllowed?: boolean;

  @Field(() => Boolean, { nullable: true })
  isRetake?: boolean;

  @Field(() => Boolean, { nullable: true })
  isFeedbackRequest?: boolean;

  @Field(() => Boolean, { nullable: true })
  isDefault?: boolean;

  @Field(() => Boolean, { nullable: true })
  isWip?: boolean;

  @Field(() => Boolean, { nullable: true })
  forConcept?: boolean;
}

function requiredText(value: string | undefined, field: string): string {
  if (value === undefined || value === null) throw new BadRequestError(`${field} is missing.`);
  return value;
}

@Resolver(() => Task)
export class TaskResolver {
  @FieldResolver(() => TaskType, { nullable: true })
  taskType(@Root() row: TaskRow, @Ctx() ctx: RequestContext) {
    return row.taskTypeId === null ? null : ctx.loaders.taskTypeById.load(row.taskTypeId);
  }

  @FieldResolver(() => TaskStatus, { nullable: true })
  taskStatus(@Root() row: TaskRow, @Ctx() ctx: RequestContext) {
    return row.taskStatusId === null ? null : ctx.loaders.taskStatusById.load(row.taskStatusId);
  }

  @FieldResolver(() => Project, { nullable: true })
  project(@Root() row: TaskRow, @Ctx() ctx: RequestContext) {
    return row.projectId === null ? null : ctx.loaders.projectById.load(row.projectId);
  }

  @FieldResolver(() => Entity, { nullable: true, description: "The entity the task is on; readable whenever the task is." })
  entity(@Root() row: TaskRow, @Ctx() ctx: RequestContext) {
    return row.entityId === null ? null : ctx.loaders.entityById.load(row.entityId);
  }

  @FieldResolver(() => [Person])
  assignees(@Root() row: TaskRow, @Ctx() ctx: RequestContext): Promise<PersonRow[]> {
    return ctx.loaders.assigneesByTaskId.load(row.id);
  }

  @FieldResolver(() => Person, { nullable: true })
  assigner(@Root() row: TaskRow, @Ctx() ctx: RequestContext) {
    return row.assignerId === null ? null : ctx.loaders.personById.load(row.assignerId);
  }

  @Query(() => Task, { description: "One task; NOT_FOUND for an unknown id, FORBIDDEN outside the viewer's projects or, for a vendor, unassigned." })
  task(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableTask(ctx, id);
  }

  @Query(() => TaskConnection, { description: "Tasks the viewer may read." })
  tasks(@Args(() => TaskListArgs) args: TaskListArgs, @Ctx() ctx: RequestContext) {
    return listTasks(ctx, args, args);
  }

  @Mutation(() => Task, { description: "Creates a task on an entity; needs the manager role on the project. Records task:new." })
  createTask(@Arg("input", () => CreateTaskInput) input: CreateTaskInput, @Ctx() ctx: RequestContext) {
    return service.createTask(ctx, input);
  }

  @Mutation(() => Task, { description: "Updates a task; needs the manager role, or supervisor of its department. Records task:update." })
  updateTask(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateTaskInput) patch: UpdateTaskInput, @Ctx() ctx: RequestContext) {
    return service.updateTask(ctx, id, patch);
  }

  @Mutation(() => Task, { description: "Deletes a task with its comments; needs the manager role. Records task:delete." })
  deleteTask(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteTask(ctx, id);
  }

  @Mutation(() => Task, { description: "Assigns a person to a task. Records task:assign and task:update." })
  assignTask(@Arg("taskId", () => ID) taskId: string, @Arg("personId", () => ID) personId: string, @Ctx() ctx: RequestContext) {
    return service.assignTask(ctx, taskId, personId);
  }

  @Mutation(() => Task, { description: "Removes one assignee, or all when personId is absent. Records task:unassign and task:update." })
  unassignTask(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("personId", () => ID, { nullable: true }) personId: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return service.unassignTask(ctx, taskId, personId);
  }
}

@Resolver(() => TaskType)
export class TaskTypeResolver {
  @Query(() => [TaskType], { description: "Every task type of the studio." })
  async taskTypes(@Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return ctx.db.orm.select().from(taskType).orderBy(asc(taskType.priority), asc(taskType.name));
  }

  @Query(() => TaskType)
  taskType(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return service.getTaskTypeOrThrow(ctx, id);
  }

  @Mutation(() => TaskType, { description: "Admins only. Records task-type:new." })
  createTaskType(@Arg("input", () => TaskTypeInput) input: TaskTypeInput, @Ctx() ctx: RequestContext) {
    return service.createTaskType(ctx, { ...input, name: requiredText(input.name, "name") });
  }

  @Mutation(() => TaskType, { description: "Admins only. Records task-type:update." })
  updateTaskType(@Arg("id", () => ID) id: string, @Arg("patch", () => TaskTypeInput) patch: TaskTypeInput, @Ctx() ctx: RequestContext) {
    return service.updateTaskType(ctx, id, patch);
  }

  @Mutation(() => TaskType, { description: "Admins only. Records task-type:delete." })
  deleteTaskType(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteTaskType(ctx, id);
  }
}

@Resolver(() => TaskStatus)
export class TaskStatusResolver {
  @Query(() => [TaskStatus], { description: "Every task status of the studio." })
  async taskStatuses(@Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return ctx.db.orm.select().from(taskStatus).orderBy(asc(taskStatus.priority), asc(taskStatus.name));
  }

  @Query(() => TaskStatus)
  taskStatus(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return service.getTaskStatusOrThrow(ctx, id);
  }

  @Mutation(() => TaskStatus, { description: "Admins only. Records task-status:new." })
  createTaskStatus(@Arg("input", () => TaskStatusInput) input: TaskStatusInput, @Ctx() ctx: RequestContext) {
    return service.createTaskStatus(ctx, {
      ...input,
      name: requiredText(input.name, "name"),
      shortName: requiredText(input.shortName, "shortName"),
      color: requiredText(input.color, "color"),
    });
  }

  @Mutation(() => TaskStatus, { description: "Admins only. Records task-status:update." })
  updateTaskStatus(@Arg("id", () => ID) id: string, @Arg("patch", () => TaskStatusInput) patch: TaskStatusInput, @Ctx() ctx: RequestContext) {
    return service.updateTaskStatus(ctx, id, patch);
  }

  @Mutation(() => TaskStatus, { description: "Admins only. Records task-status:delete." })
  deleteTaskStatus(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteTaskStatus(ctx, id);
  }
}

@Resolver(() => Project)
export class ProjectTasksResolver {
  @FieldResolver(() => [Task], { description: "The project's tasks the viewer may read." })
  tasks(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.tasksByProjectId.load(project.id);
  }
}

@Resolver(() => Person)
export class PersonTasksResolver {
  @FieldResolver(() => [Task], { description: "Tasks assigned to the person, limited to those the viewer may read." })
  tasks(@Root() person: PersonRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.tasksByAssigneeId.load(person.id);
  }

  @FieldResolver(() => [Task], { description: "Same as tasks: the tasks assigned to the person that the viewer may read." })
  assignedTasks(@Root() person: PersonRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.tasksByAssigneeId.load(person.id);
  }
}

export const taskResolvers = [TaskResolver, TaskTypeResolver, TaskStatusResolver, ProjectTasksResolver, PersonTasksResolver, TaskListsResolver, EntityTasksResolver, TaskImportResolver] as const;
