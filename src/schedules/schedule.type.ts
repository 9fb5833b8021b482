import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { connectionType } from "../graphql/connection.js";
import { DateTime, JSON, LocalDate } from "../graphql/scalars.js";

@ObjectType({ description: "Planned dates and man-days of a task type in a project, optionally for one object (an asset type, an episode, a sequence...)." })
export class ScheduleItem {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  projectId!: string | null;

  @Field(() => ID, { nullable: true })
  taskTypeId!: string | null;

  @Field(() => ID, { nullable: true })
  objectId!: string | null;

  @Field(() => LocalDate, { nullable: true })
  startDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  endDate!: string | null;

  @Field(() => Int, { nullable: true })
  manDays!: number | null;
}

export const ScheduleItemConnection = connectionType(ScheduleItem, "ScheduleItem");

@ObjectType({ description: "A dated milestone of a project schedule." })
export class Milestone {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  projectId!: string | null;

  @Field(() => ID, { nullable: true })
  taskTypeId!: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => LocalDate, { nullable: true })
  date!: string | null;
}

@ObjectType({ description: "A day-off period of a person, both dates included." })
export class DayOff {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field(() => LocalDate)
  date!: string;

  @Field(() => LocalDate)
  endDate!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

export const DayOffConnection = connectionType(DayOff, "DayOff");

@ObjectType({ description: "Time a person logged on a task for one date." })
export class TimeSpent {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  taskId!: string | null;

  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field(() => LocalDate)
  date!: string;

  @Field(() => Float, { description: "Duration in minutes, as Zou stores it." })
  duration!: number;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const TimeSpentConnection = connectionType(TimeSpent, "TimeSpent");

@ObjectType({ description: "A revision of a project budget; managers only." })
export class Budget {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  projectId!: string | null;

  @Field(() => Int)
  revision!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  currency!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const BudgetConnection = connectionType(Budget, "Budget");

@ObjectType({ description: "A budget line: a department, an optional person, a period and a daily salary." })
export class BudgetEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  budgetId!: string;

  @Field(() => ID)
  departmentId!: string;

  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field(() => LocalDate)
  startDate!: string;

  @Field(() => Int)
  monthsDuration!: number;

  @Field(() => Float)
  dailySalary!: number;

  @Field(() => String, { nullable: true })
  position!: string | null;

  @Field(() => String, { nullable: true })
  seniority!: string | null;

  @Field(() => JSON, { nullable: true })
  exceptions!: unknown;
}

@InputType()
export class ScheduleItemInput {
  @Field(() => LocalDate, { nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true })
  endDate?: string | null;

  @Field(() => Int, { nullable: true })
  manDays?: number | null;
}

@InputType()
export class MilestoneInput {
  @Field(() => String, { nullable: true, description: "Required on creation." })
  name?: string;

  @Field(() => LocalDate, { nullable: true, description: "Required on creation." })
  date?: string;

  @Field(() => ID, { nullable: true })
  taskTypeId?: string | null;
}

@InputType()
export class DayOffInput {
  @Field(() => LocalDate, { nullable: true, description: "First day; required on creation." })
  date?: string;

  @Field(() => LocalDate, { nullable: true, description: "Last day, included; defaults to date." })
  endDate?: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class BudgetEntryInput {
  @Field(() => ID, { nullable: true, description: "Required on creation." })
  departmentId?: string;

  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Required on creation." })
  startDate?: string;

  @Field(() => Int, { nullable: true, description: "Required on creation." })
  monthsDuration?: number;

  @Field(() => Float, { nullable: true, description: "Required on creation." })
  dailySalary?: number;

  @Field(() => String, { nullable: true })
  position?: string;

  @Field(() => String, { nullable: true })
  seniority?: string;

  @Field(() => JSON, { nullable: true })
  exceptions?: unknown;
}
