import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { connectionType } from "../graphql/connection.js";
import { DateTime, JSON } from "../graphql/scalars.js";

@ObjectType({ description: "A comment on a task, carrying the status set with it, a checklist, replies and attached previews." })
export class Comment {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The commented task (Zou's object_id)." })
  objectId!: string;

  @Field(() => String, { description: "Always Task for task comments." })
  objectType!: string;

  @Field(() => String, { nullable: true })
  text!: string | null;

  @Field(() => JSON, { nullable: true })
  data!: unknown;

  @Field(() => JSON, { nullable: true, description: "Replies: objects with id, date, person_id, text and mentions." })
  replies!: unknown;

  @Field(() => JSON, { nullable: true })
  checklist!: unknown;

  @Field(() => Boolean, { nullable: true })
  pinned!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Shown to clients even when it carries no preview." })
  forClient!: boolean | null;

  @Field(() => [String], { nullable: true })
  links!: string[] | null;

  @Field(() => ID, { nullable: true })
  taskStatusId!: string | null;

  @Field(() => ID)
  personId!: string;

  @Field(() => ID, { nullable: true })
  editorId!: string | null;

  @Field(() => ID, { nullable: true })
  previewFileId!: string | null;

  @Field(() => Int, { nullable: true })
  shotgunId!: number | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType({ description: "A review media revision (picture, movie, model, document) of a task." })
export class PreviewFile {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  originalName!: string | null;

  @Field(() => Int, { nullable: true })
  revision!: number | null;

  @Field(() => Int, { nullable: true })
  position!: number | null;

  @Field(() => String, { nullable: true })
  extension!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  source!: string | null;

  @Field(() => Float, { nullable: true, description: "Size in bytes." })
  fileSize!: number | null;

  @Field(() => String, { description: "processing, ready, broken or missing." })
  status!: string;

  @Field(() => String, { description: "validated, rejected or neutral." })
  validationStatus!: string;

  @Field(() => JSON, { nullable: true })
  annotations!: unknown;

  @Field(() => Int, { nullable: true })
  width!: number | null;

  @Field(() => Int, { nullable: true })
  height!: number | null;

  @Field(() => Float, { nullable: true, description: "Duration in seconds, for movies." })
  duration!: number | null;

  @Field(() => JSON, { nullable: true })
  data!: unknown;

  @Field(() => ID, { nullable: true })
  taskId!: string | null;

  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field(() => Boolean, { nullable: true })
  isMovie!: boolean | null;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType({ description: "A file attached to a comment or to one of its replies." })
export class AttachmentFile {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => Float, { nullable: true, description: "Size in bytes." })
  size!: number | null;

  @Field(() => String, { nullable: true })
  extension!: string | null;

  @Field(() => String, { nullable: true })
  mimetype!: string | null;

  @Field(() => ID, { nullable: true })
  commentId!: string | null;

  @Field(() => ID, { nullable: true, description: "The reply inside comment.replies the file belongs to." })
  replyId!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const CommentConnection = connectionType(Comment, "Comment");
