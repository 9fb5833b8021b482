import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { connectionType } from "../graphql/connection.js";
import { DateTime, JSON } from "../graphql/scalars.js";

@ObjectType({ description: "A unit of work: a task type applied to an entity, with a status, assignees, dates and an estimation." })
export class Task {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Int, { nullable: true })
  priority!: number | null;

  @Field(() => Int, { description: "From 1 to 5." })
  difficulty!: number;

  @Field(() => Float, { nullable: true, description: "Time spent, in minutes." })
  duration!: number | null;

  @Field(() => Float, { nullable: true, description: "Estimated time, in minutes." })
  estimation!: number | null;

  @Field(() => Int, { nullable: true })
  completionRate!: number | null;

  @Field(() => Int, { nullable: true })
  retakeCount!: number | null;

  @Field(() => Int, { nullable: true })
  sortOrder!: number | null;

  @Field(() => DateTime, { nullable: true })
  startDate!: Date | null;

  @Field(() => DateTime, { nullable: true })
  dueDate!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When work started: set by the first comment with a WIP status." })
  realStartDate!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When the task last moved to a feedback-request status." })
  endDate!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When the task last moved to a done status." })
  doneDate!: Date | null;

  @Field(() => DateTime, { nullable: true })
  lastCommentDate!: Date | null;

  @Field(() => Int, { nullable: true })
  nbAssetsReady!: number | null;

  @Field(() => JSON, { nullable: true })
  data!: unknown;

  @Field(() => Int, { nullable: true })
  nbDrawings!: number | null;

  @Field(() => Int, { nullable: true })
  shotgunId!: number | null;

  @Field(() => ID, { nullable: true })
  lastPreviewFileId!: string | null;

  @Field(() => ID, { nullable: true })
  projectId!: string | null;

  @Field(() => ID, { nullable: true })
  taskTypeId!: string | null;

  @Field(() => ID, { nullable: true })
  taskStatusId!: string | null;

  @Field(() => ID, { nullable: true })
  entityId!: string | null;

  @Field(() => ID, { nullable: true })
  assignerId!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType({ description: "A kind of task (Modeling, Animation...), for one kind of entity and optionally one department." })
export class TaskType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  shortName!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  color!: string | null;

  @Field(() => Int, { nullable: true })
  priority!: number | null;

  @Field(() => String, { nullable: true, description: "Asset, Shot, Sequence, Episode, Edit or Concept." })
  forEntity!: string | null;

  @Field(() => Boolean, { nullable: true })
  allowTimelog!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  archived!: boolean | null;

  @Field(() => ID, { nullable: true })
  departmentId!: string | null;

  @Field(() => Int, { nullable: true })
  shotgunId!: number | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType({ description: "A task status with its workflow flags and the roles that may set it." })
export class TaskStatus {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  shortName!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String)
  color!: string;

  @Field(() => Int, { nullable: true })
  priority!: number | null;

  @Field(() => Boolean, { nullable: true })
  archived!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isDone!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isArtistAllowed!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isClientAllowed!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isRetake!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isFeedbackRequest!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isDefault!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isWip!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  forConcept!: boolean | null;

  @Field(() => Int, { nullable: true })
  shotgunId!: number | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const TaskConnection = connectionType(Task, "Task");
