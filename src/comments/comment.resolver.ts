import { and, count, eq, gte, type SQL } from "drizzle-orm";
import { sortColumnFor } from "../entities/entities.lists.js";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Mutation, Query, Resolver, Root } from "type-graphql";
import { comment } from "../../schema/comments.js";
import { task } from "../../schema/tasks.js";
import { getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { PageArgs, paginate } from "../graphql/connection.js";
import { DateTime, JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { Department, Person } from "../people/person.type.js";
import type { PersonRow } from "../people/person.json.js";
import { Task, TaskStatus } from "../tasks/task.type.js";
import type { TaskRow } from "../tasks/tasks.loaders.js";
import { AttachmentFile, Comment, CommentConnection, PreviewFile } from "./comment.type.js";
import { redactComment, selectComments, type CommentRow, type DepartmentRow } from "./comments.loaders.js";
import * as service from "./comments.service.js";
import { CommentActionsResolver } from "./comment-actions.resolver.js";

@ArgsType()
class CommentListArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  projectId?: string;

  @Field(() => ID, { nullable: true })
  taskId?: string;

  @Field(() => ID, { nullable: true, description: "Only comments written by this person." })
  personId?: string;

  @Field(() => ID, { nullable: true })
  taskStatusId?: string;

  @Field(() => DateTime, { nullable: true })
  since?: Date;
}

@InputType()
class CommentTaskInput {
  @Field(() => ID)
  taskId!: string;

  @Field(() => ID, { nullable: true, description: "The status to set with the comment; the task keeps its status when absent." })
  taskStatusId?: string;

  @Field(() => String, { nullable: true })
  text?: string;

  @Field(() => JSON, { nullable: true, description: "A list of checklist items." })
  checklist?: unknown[];

  @Field(() => [String], { nullable: true })
  links?: string[];

  @Field(() => Boolean, { nullable: true })
  forClient?: boolean;
}

@InputType()
class UpdateCommentInput {
  @Field(() => String, { nullable: true })
  text?: string;

  @Field(() => JSON, { nullable: true })
  checklist?: unknown[];

  @Field(() => Boolean, { nullable: true })
  pinned?: boolean;

  @Field(() => Boolean, { nullable: true })
  forClient?: boolean;

  @Field(() => [String], { nullable: true })
  links?: string[];
}

@Resolver(() => Comment)
export class CommentResolver {
  @FieldResolver(() => Person, { nullable: true, description: "The author." })
  author(@Root() row: CommentRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.personById.load(row.personId);
  }

  @FieldResolver(() => Person, { nullable: true })
  editor(@Root() row: CommentRow, @Ctx() ctx: RequestContext) {
    return row.editorId === null ? null : ctx.loaders.personById.load(row.editorId);
  }

  @FieldResolver(() => TaskStatus, { nullable: true, description: "The status set with the comment." })
  taskStatus(@Root() row: CommentRow, @Ctx() ctx: RequestContext) {
    return row.taskStatusId === null ? null : ctx.loaders.taskStatusById.load(row.taskStatusId);
  }

  @FieldResolver(() => Task, { nullable: true, description: "The commented task; readable whenever the comment is." })
  task(@Root() row: CommentRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.taskById.load(row.objectId);
  }

  @FieldResolver(() => [PreviewFile])
  previews(@Root() row: CommentRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.previewsByCommentId.load(row.id);
  }

  @FieldResolver(() => [AttachmentFile], { description: "Empty for a client who reads someone else's comment only for its previews." })
  attachments(@Root() row: CommentRow, @Ctx() ctx: RequestContext) {
    if (row.isRedacted === true) return [];
    return ctx.loaders.attachmentsByCommentId.load(row.id);
  }

  @FieldResolver(() => [Person], { description: "People mentioned with @Full Name." })
  mentions(@Root() row: CommentRow, @Ctx() ctx: RequestContext): Promise<PersonRow[]> {
    return ctx.loaders.mentionsByCommentId.load(row.id);
  }

  @FieldResolver(() => [Department], { description: "Departments mentioned with @Department Name, by name." })
  departmentMentions(@Root() row: CommentRow, @Ctx() ctx: RequestContext): Promise<DepartmentRow[]> {
    return ctx.loaders.departmentMentionsByCommentId.load(row.id);
  }

  @FieldResolver(() => [Person], { description: "People who acknowledged the comment." })
  acknowledgements(@Root() row: CommentRow, @Ctx() ctx: RequestContext): Promise<PersonRow[]> {
    return ctx.loaders.acknowledgementsByCommentId.load(row.id);
  }

  @Query(() => Comment, { description: "One comment; NOT_FOUND, or FORBIDDEN when the viewer may not read it." })
  comment(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableComment(ctx, id);
  }

  @Query(() => CommentConnection, { description: "Comments the viewer may read, newest first." })
  async comments(@Args(() => CommentListArgs) args: CommentListArgs, @Ctx() ctx: RequestContext) {
    const scope = await ctx.loaders.viewerAccess();
    if (args.projectId) await getReadableProject(ctx, parseId(args.projectId));

    const conditions: (SQL | undefined)[] = [
      scope.taskCondition(task.projectId, task.id),
      scope.clientCommentCondition(task.projectId, comment.id, comment.personId, comment.forClient),
    ];
    if (args.projectId) conditions.push(eq(task.projectId, parseId(args.projectId)));
    if (args.taskId) conditions.push(eq(comment.objectId, parseId(args.taskId)));
    if (args.personId) conditions.push(eq(comment.personId, parseId(args.personId)));
    if (args.taskStatusId) conditions.push(eq(comment.taskStatusId, parseId(args.taskStatusId)));
    if (args.since) conditions.push(gte(comment.createdAt, args.since));
    const where = and(...conditions);

    return paginate<CommentRow>({
      ctx,
      args,
      sortColumn: sortColumnFor("CREATED_AT", { name: comment.id, createdAt: comment.createdAt, updatedAt: comment.updatedAt }),
      idColumn: comment.id,
      descending: true,
      sortKey: (row) => row.createdAt,
      fetch: async (keyset, order, limit) => {
        const rows = await selectComments(ctx)
          .where(and(where, keyset))
          .orderBy(...order)
          .limit(limit);
        return rows.map((row) => redactComment(scope, row));
      },
      count: async () => {
        const [row] = await ctx.db.orm.select({ total: count() }).from(comment).leftJoin(task, eq(task.id, comment.objectId)).where(where);
        return row?.total ?? 0;
      },
    });
  }

  @Mutation(() => Comment, {
    description:
      "Comments a task and moves it to the comment's status; notifies assignees, followers and people mentioned. Records comment:new, task:update and task:status-changed.",
  })
  commentTask(@Arg("input", () => CommentTaskInput) input: CommentTaskInput, @Ctx() ctx: RequestContext) {
    return service.commentTask(ctx, input);
  }

  @Mutation(() => Comment, { description: "Its author or a manager of the project. Records comment:update." })
  updateComment(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateCommentInput) patch: UpdateCommentInput, @Ctx() ctx: RequestContext) {
    return service.updateComment(ctx, id, patch);
  }

  @Mutation(() => Comment, { description: "Its author or a manager of the project; the task goes back to its latest remaining comment's status. Records comment:delete." })
  deleteComment(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteComment(ctx, id);
  }
}

@Resolver(() => Task)
export class TaskCommentsResolver {
  @FieldResolver(() => [Comment], { description: "The task's comments the viewer may read, newest first." })
  comments(@Root() row: TaskRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.commentsByTaskId.load(row.id);
  }

  @FieldResolver(() => Comment, { nullable: true, description: "The newest comment the viewer may read." })
  async lastComment(@Root() row: TaskRow, @Ctx() ctx: RequestContext) {
    const comments = await ctx.loaders.commentsByTaskId.load(row.id);
    return comments[0] ?? null;
  }
}

export const commentResolvers = [CommentResolver, TaskCommentsResolver, CommentActionsResolver] as const;
