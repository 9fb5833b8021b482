import { Field, ID, ObjectType } from "type-graphql";
import { connectionType } from "../graphql/connection.js";
import { DateTime } from "../graphql/scalars.js";

@ObjectType({ description: "A notification for the logged-in person: a comment, a mention, an assignation, a reply or a ready playlist." })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean)
  read!: boolean;

  @Field(() => Boolean, { description: "Whether the comment changed the task's status." })
  change!: boolean;

  @Field(() => String, { description: "comment, mention, assignation, reply, reply-mention or playlist-ready (Zou's notification_type)." })
  type!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => ID)
  authorId!: string;

  @Field(() => ID, { nullable: true })
  commentId!: string | null;

  @Field(() => ID, { nullable: true })
  taskId!: string | null;

  @Field(() => ID, { nullable: true })
  playlistId!: string | null;

  @Field(() => ID, { nullable: true })
  replyId!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const NotificationConnection = connectionType(Notification, "Notification");

@ObjectType({ description: "A person following a task, or an entity for one task type (Zou's subscription model)." })
export class TaskSubscription {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => ID, { nullable: true })
  taskId!: string | null;

  @Field(() => ID, { nullable: true })
  entityId!: string | null;

  @Field(() => ID, { nullable: true })
  taskTypeId!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;
}

@ObjectType({ description: "An activity feed item: a task commented or moved to another status." })
export class News {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean)
  change!: boolean;

  @Field(() => ID)
  authorId!: string;

  @Field(() => ID, { nullable: true })
  commentId!: string | null;

  @Field(() => ID)
  taskId!: string;

  @Field(() => ID, { nullable: true })
  previewFileId!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;
}

export const NewsConnection = connectionType(News, "News");
