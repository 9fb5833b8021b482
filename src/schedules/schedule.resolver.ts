import { and, eq, gte, lte, or, sql, type SQL } from "drizzle-orm";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { budget, dayOff, scheduleItem, timeSpent } from "../../schema/schedules.js";
import { task } from "../../schema/tasks.js";
import { assertProjectManager, effectiveProjectRole, isManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { NotFoundError } from "../errors.js";
import { idIn } from "../db/loader.js";
import { PageArgs } from "../graphql/connection.js";
import { LocalDate } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { requireDate } from "../misc/input-checks.js";
import { pageOfTable, projectIdsWhereRole } from "../misc/lists.js";
import { Person } from "../people/person.type.js";
import type { PersonRow } from "../people/person.json.js";
import { Project } from "../projects/project.type.js";
import type { ProjectRow } from "../projects/projects.loaders.js";
import { getManagedBudget } from "./budgets.service.js";
import {
  Budget,
  BudgetConnection,
  BudgetEntry,
  BudgetEntryInput,
  DayOff,
  DayOffConnection,
  DayOffInput,
  Milestone,
  MilestoneInput,
  ScheduleItem,
  ScheduleItemConnection,
  ScheduleItemInput,
  TimeSpent,
  TimeSpentConnection,
} from "./schedule.type.js";
import type { BudgetRow, DayOffRow, ScheduleItemRow, TimeSpentRow } from "./schedules.loaders.js";
import {
  addTimeSpent,
  assertCanReadSchedule,
  canReadSchedule,
  createBudget,
  createBudgetEntry,
  createDayOff,
  createMilestone,
  createScheduleItem,
  deleteBudget,
  deleteBudgetEntry,
  deleteDayOff,
  deleteMilestone,
  deleteScheduleItem,
  deleteTimeSpent,
  getReadableMilestone,
  getReadableScheduleItem,
  setTimeSpent,
  updateBudget,
  updateBudgetEntry,
  updateDayOff,
  updateMilestone,
  updateScheduleItem,
} from "./schedules.service.js";
import { canReadDaysOff, canReadTimeSpent, getReadableDayOff, getReadableTimeSpent } from "./time-spents.service.js";

function tasksOfProjects(projectIds: string[]): SQL {
  return sql`${timeSpent.taskId} in (select ${task.id} from ${task} where ${idIn(task.projectId, projectIds)})`;
}

@ArgsType()
class ScheduleItemsArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  projectId?: string;

  @Field(() => ID, { nullable: true })
  taskTypeId?: string;

  @Field(() => Boolean, { nullable: true, description: "true: only project-level items (no object); false: only items of an object." })
  topLevel?: boolean;
}

@ArgsType()
class DateRangeArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  personId?: string;

  @Field(() => LocalDate, { nullable: true, description: "First date included." })
  from?: string;

  @Field(() => LocalDate, { nullable: true, description: "Last date included." })
  to?: string;
}

@ArgsType()
class TimeSpentsArgs extends DateRangeArgs {
  @Field(() => ID, { nullable: true })
  projectId?: string;

  @Field(() => ID, { nullable: true })
  taskId?: string;
}

@ArgsType()
class BudgetsArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  projectId?: string;
}

@Resolver(() => ScheduleItem)
export class ScheduleItemResolver {
  @Query(() => ScheduleItem, { description: "One schedule item; FORBIDDEN outside its project's team and for vendors." })
  async scheduleItem(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getReadableScheduleItem(ctx, parseId(id));
  }

  @Query(() => ScheduleItemConnection, { description: "Schedule items of the projects whose schedule the logged-in person may read, by start date." })
  async scheduleItems(@Args(() => ScheduleItemsArgs) args: ScheduleItemsArgs, @Ctx() ctx: RequestContext) {
    const projectIds = await projectIdsWhereRole(ctx, canReadSchedule);
    const conditions: (SQL | undefined)[] = [projectIds === undefined ? undefined : idIn(scheduleItem.projectId, projectIds)];
    if (args.projectId != null) conditions.push(eq(scheduleItem.projectId, parseId(args.projectId)));
    if (args.taskTypeId != null) conditions.push(eq(scheduleItem.taskTypeId, parseId(args.taskTypeId)));
    if (args.topLevel != null) conditions.push(args.topLevel ? sql`${scheduleItem.objectId} is null` : sql`${scheduleItem.objectId} is not null`);
    return pageOfTable<ScheduleItemRow>(ctx, args, {
      table: scheduleItem,
      sortColumn: sql`coalesce(${scheduleItem.startDate}::text, '')` as unknown as typeof scheduleItem.startDate,
      idColumn: scheduleItem.id,
      sortKey: (row) => row.startDate ?? "",
      where: and(...conditions),
    });
  }

  @Mutation(() => ScheduleItem, { description: "Creates a schedule item of a task type, optionally for an object (manager of the project); event schedule-item:new." })
  async createScheduleItem(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("taskTypeId", () => ID) taskTypeId: string,
    @Arg("objectId", () => ID, { nullable: true }) objectId: string | null,
    @Arg("input", () => ScheduleItemInput, { nullable: true }) input: ScheduleItemInput | null,
    @Ctx() ctx: RequestContext,
  ) {
    return createScheduleItem(ctx, parseId(projectId), parseId(taskTypeId), objectId == null ? null : parseId(objectId), input ?? {});
  }

  @Mutation(() => ScheduleItem, { description: "Changes a schedule item's dates or man-days (manager or supervisor of the project); event schedule-item:update." })
  async updateScheduleItem(@Arg("id", () => ID) id: string, @Arg("input", () => ScheduleItemInput) input: ScheduleItemInput, @Ctx() ctx: RequestContext) {
    return updateScheduleItem(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a schedule item (manager of the project); event schedule-item:delete." })
  async deleteScheduleItem(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteScheduleItem(ctx, parseId(id))).id;
  }
}

@Resolver(() => Milestone)
export class MilestoneResolver {
  @Query(() => Milestone, { description: "One milestone; FORBIDDEN outside its project's team and for vendors." })
  async milestone(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getReadableMilestone(ctx, parseId(id));
  }

  @Mutation(() => Milestone, { description: "Creates a milestone (manager of the project); event milestone:new." })
  async createMilestone(@Arg("projectId", () => ID) projectId: string, @Arg("input", () => MilestoneInput) input: MilestoneInput, @Ctx() ctx: RequestContext) {
    return createMilestone(ctx, parseId(projectId), input);
  }

  @Mutation(() => Milestone, { description: "Updates a milestone (manager of the project); event milestone:update." })
  async updateMilestone(@Arg("id", () => ID) id: string, @Arg("input", () => MilestoneInput) input: MilestoneInput, @Ctx() ctx: RequestContext) {
    return updateMilestone(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a milestone (manager of the project); event milestone:delete." })
  async deleteMilestone(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteMilestone(ctx, parseId(id))).id;
  }
}

@Resolver(() => TimeSpent)
export class TimeSpentResolver {
  @Query(() => TimeSpent, { description: "One time spent: the logged-in person's own, or any in a project they manage or supervise." })
  async timeSpent(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getReadableTimeSpent(ctx, parseId(id));
  }

  @Query(() => TimeSpentConnection, { description: "Time spents the logged-in person may read, by date then id." })
  async timeSpents(@Args(() => TimeSpentsArgs) args: TimeSpentsArgs, @Ctx() ctx: RequestContext) {
    const viewer = requireViewer(ctx);
    const overseen = await projectIdsWhereRole(ctx, (role) => role === "manager" || role === "supervisor");
    const conditions: (SQL | undefined)[] = [];
    if (overseen !== undefined) {
      const readable = (await projectIdsWhereRole(ctx, () => true)) ?? [];
      conditions.push(or(and(eq(timeSpent.personId, viewer.id), tasksOfProjects(readable)), tasksOfProjects(overseen)));
    }
    if (args.personId != null) conditions.push(eq(timeSpent.personId, parseId(args.personId)));
    if (args.taskId != null) conditions.push(eq(timeSpent.taskId, parseId(args.taskId)));
    if (args.projectId != null) conditions.push(tasksOfProjects([parseId(args.projectId)]));
    if (args.from != null) conditions.push(gte(timeSpent.date, requireDate(args.from, "from")));
    if (args.to != null) conditions.push(lte(timeSpent.date, requireDate(args.to, "to")));
    const page = await pageOfTable<TimeSpentRow>(ctx, args, {
      table: timeSpent,
      sortColumn: timeSpent.date,
      idColumn: timeSpent.id,
      sortKey: (row) => row.date,
      where: and(...conditions),
    });
    return page;
  }

  @Mutation(() => TimeSpent, { description: "Sets the minutes a person assigned to a task spent on it on a date (that person, an admin, or a manager of the project); events time-spent:new or time-spent:update, task:update." })
  async setTimeSpent(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("personId", () => ID) personId: string,
    @Arg("date", () => LocalDate) date: string,
    @Arg("duration", () => Float, { description: "Minutes, more than 0." }) duration: number,
    @Ctx() ctx: RequestContext,
  ) {
    return setTimeSpent(ctx, parseId(taskId), parseId(personId), date, duration);
  }

  @Mutation(() => TimeSpent, { description: "Adds minutes to a person's time on a task for a date, under the same rules as setTimeSpent." })
  async addTimeSpent(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("personId", () => ID) personId: string,
    @Arg("date", () => LocalDate) date: string,
    @Arg("duration", () => Float, { description: "Minutes, more than 0." }) duration: number,
    @Ctx() ctx: RequestContext,
  ) {
    return addTimeSpent(ctx, parseId(taskId), parseId(personId), date, duration);
  }

  @Mutation(() => ID, { description: "Deletes a time spent under the same rules as setTimeSpent; events time-spent:delete, task:update." })
  async deleteTimeSpent(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteTimeSpent(ctx, parseId(id))).id;
  }
}

@Resolver(() => DayOff)
export class DayOffResolver {
  @Query(() => DayOff, { description: "One day off: the logged-in person's own, or anyone's for admins and managers." })
  async dayOff(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getReadableDayOff(ctx, parseId(id));
  }

  @Query(() => DayOffConnection, { description: "Days off the logged-in person may read (their own; everyone's for admins and managers), by date." })
  async dayOffs(@Args(() => DateRangeArgs) args: DateRangeArgs, @Ctx() ctx: RequestContext) {
    const viewer = requireViewer(ctx);
    const conditions: (SQL | undefined)[] = [isManager(viewer) ? undefined : eq(dayOff.personId, viewer.id)];
    if (args.personId != null) conditions.push(eq(dayOff.personId, parseId(args.personId)));
    // A period overlaps the range when it starts before its end and ends after its start.
    if (args.from != null) conditions.push(gte(dayOff.endDate, requireDate(args.from, "from")));
    if (args.to != null) conditions.push(lte(dayOff.date, requireDate(args.to, "to")));
    return pageOfTable<DayOffRow>(ctx, args, { table: dayOff, sortColumn: dayOff.date, idColumn: dayOff.id, sortKey: (row) => row.date, where: and(...conditions) });
  }

  @Mutation(() => DayOff, { description: "Creates a day off for a person (that person or an admin); time logged on those days is removed, as in Zou. Event day-off:new." })
  async createDayOff(@Arg("personId", () => ID) personId: string, @Arg("input", () => DayOffInput) input: DayOffInput, @Ctx() ctx: RequestContext) {
    return createDayOff(ctx, parseId(personId), input);
  }

  @Mutation(() => DayOff, { description: "Changes a day off (its person or an admin); event day-off:update." })
  async updateDayOff(@Arg("id", () => ID) id: string, @Arg("input", () => DayOffInput) input: DayOffInput, @Ctx() ctx: RequestContext) {
    return updateDayOff(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a day off (its person or an admin); event day-off:delete." })
  async deleteDayOff(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteDayOff(ctx, parseId(id))).id;
  }
}

@Resolver(() => Budget)
export class BudgetResolver {
  @Query(() => Budget, { description: "One budget; managers of its project only." })
  async budget(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getManagedBudget(ctx, parseId(id));
  }

  @Query(() => BudgetConnection, { description: "Budgets of the projects the logged-in person manages, by project then revision." })
  async budgets(@Args(() => BudgetsArgs) args: BudgetsArgs, @Ctx() ctx: RequestContext) {
    const managed = await projectIdsWhereRole(ctx, (role) => role === "manager");
    const conditions: (SQL | undefined)[] = [managed === undefined ? undefined : idIn(budget.projectId, managed)];
    if (args.projectId != null) conditions.push(eq(budget.projectId, parseId(args.projectId)));
    return pageOfTable<BudgetRow>(ctx, args, { table: budget, sortColumn: budget.revision, idColumn: budget.id, sortKey: (row) => row.revision, where: and(...conditions) });
  }

  @Query(() => BudgetEntry, { description: "One budget entry; managers of its project only." })
  async budgetEntry(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    const entry = await ctx.loaders.budgetEntryById.load(parseId(id));
    if (entry === null) throw new NotFoundError("Budget entry not found.");
    await getManagedBudget(ctx, entry.budgetId);
    return entry;
  }

  @FieldResolver(() => [BudgetEntry])
  async entries(@Root() row: BudgetRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.budgetEntriesByBudgetId.load(row.id);
  }

  @Mutation(() => Budget, { description: "Creates a budget revision (manager of the project); currency defaults to USD. Event budget:create." })
  async createBudget(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("name", () => String) name: string,
    @Arg("currency", () => String, { nullable: true }) currency: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return createBudget(ctx, parseId(projectId), name, currency);
  }

  @Mutation(() => Budget, { description: "Renames a budget or changes its currency (manager of the project); event budget:update." })
  async updateBudget(
    @Arg("id", () => ID) id: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("currency", () => String, { nullable: true }) currency: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return updateBudget(ctx, parseId(id), { name, currency });
  }

  @Mutation(() => ID, { description: "Deletes a budget and its entries (manager of the project); NOT_FOUND when projectId is given and differs. Event budget:delete." })
  async deleteBudget(@Arg("id", () => ID) id: string, @Arg("projectId", () => ID, { nullable: true }) projectId: string | null, @Ctx() ctx: RequestContext) {
    return (await deleteBudget(ctx, parseId(id), projectId == null ? undefined : parseId(projectId))).id;
  }

  @Mutation(() => BudgetEntry, { description: "Adds an entry to a budget (manager of the project); event budget-entry:create." })
  async createBudgetEntry(@Arg("budgetId", () => ID) budgetId: string, @Arg("input", () => BudgetEntryInput) input: BudgetEntryInput, @Ctx() ctx: RequestContext) {
    return createBudgetEntry(ctx, parseId(budgetId), input);
  }

  @Mutation(() => BudgetEntry, { description: "Updates a budget entry (manager of the project); event budget-entry:update." })
  async updateBudgetEntry(@Arg("id", () => ID) id: string, @Arg("input", () => BudgetEntryInput) input: BudgetEntryInput, @Ctx() ctx: RequestContext) {
    return updateBudgetEntry(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a budget entry (manager of the project); event budget-entry:delete." })
  async deleteBudgetEntry(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteBudgetEntry(ctx, parseId(id))).id;
  }
}

@Resolver(() => Project)
export class ProjectScheduleResolver {
  @FieldResolver(() => [ScheduleItem], { description: "The project's schedule items; FORBIDDEN for vendors." })
  async scheduleItems(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    await assertCanReadSchedule(ctx, project.id);
    return ctx.loaders.scheduleItemsByProjectId.load(project.id);
  }

  @FieldResolver(() => [Milestone], { description: "The project's milestones by date; FORBIDDEN for vendors." })
  async milestones(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    await assertCanReadSchedule(ctx, project.id);
    const rows = await ctx.loaders.milestonesByProjectId.load(project.id);
    return [...rows].sort((a, b) => (a.date ?? "").localeCompare(b.date ?? ""));
  }

  @FieldResolver(() => [Budget], { description: "The project's budgets by revision; managers of the project only (FORBIDDEN otherwise)." })
  async budgets(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    await assertProjectManager(ctx, project.id);
    const rows = await ctx.loaders.budgetsByProjectId.load(project.id);
    return [...rows].sort((a, b) => a.revision - b.revision);
  }
}

@Resolver(() => Person)
export class PersonScheduleResolver {
  @FieldResolver(() => [TimeSpent], { description: "The person's time spents the logged-in person may read, by date." })
  async timeSpents(@Root() person: PersonRow, @Ctx() ctx: RequestContext) {
    const viewer = requireViewer(ctx);
    const rows = await ctx.loaders.timeSpentsByPersonId.load(person.id);
    const visible: TimeSpentRow[] = [];
    for (const row of rows) {
      const role = row.projectId === null ? null : await effectiveProjectRole(ctx, row.projectId);
      if (canReadTimeSpent(viewer, role, row)) visible.push(row);
    }
    return visible.sort((a, b) => a.date.localeCompare(b.date));
  }

  @FieldResolver(() => [DayOff], { description: "The person's days off; empty unless they are the logged-in person, or that person is an admin or manager." })
  async dayOffs(@Root() person: PersonRow, @Ctx() ctx: RequestContext) {
    if (!canReadDaysOff(requireViewer(ctx), person.id)) return [];
    const rows = await ctx.loaders.dayOffsByPersonId.load(person.id);
    return [...rows].sort((a, b) => a.date.localeCompare(b.date));
  }
}
