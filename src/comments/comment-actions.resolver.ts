import { count, desc, eq } from "drizzle-orm";
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { comment } from "../../schema/comments.js";
import { timeSpent } from "../../schema/schedules.js";
import { entity, entityType } from "../../schema/entities.js";
import { project } from "../../schema/projects.js";
import { task } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { ForbiddenError } from "../errors.js";
import { requireViewer, type RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { personToZouJson } from "../people/person.json.js";
import { requireDate } from "../misc/input-checks.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { canReadTimeSpent } from "../schedules/time-spents.service.js";
import { getReadableTask } from "../tasks/tasks.service.js";
import { addPreviewToComment, listTaskPreviewFiles, moveCommentToTask, sendTaskToReview, toggleCommentAcknowledgement } from "./comment-actions.service.js";
import { commentRelationsJson, commentsRelationsJson, previewFileJson, taskCommentListJson } from "./comment.json.js";
import { selectComments } from "./comments.loaders.js";

// Task comments, previews and time spents in Zou's JSON, and the comment
// actions of Zou's task routes, for the REST layer and GraphQL alike.

/** Zou's NB_RECORDS_PER_PAGE default. */
const PROJECT_COMMENTS_PAGE_SIZE = 100;

@Resolver()
export class CommentActionsResolver {
  @Query(() => JSON, {
    description:
      "A task's comments in Zou's JSON, newest first, with author, status, previews, mentions, acknowledgements and attachments. Clients read their own comments, those for clients and, without text or files, those with previews; artists and vendors do not see comments written by clients.",
  })
  async taskCommentsJson(@Arg("taskId", () => ID) taskId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const taskRow = await getReadableTask(ctx, parseId(taskId));
    const scope = await ctx.loaders.viewerAccess();
    const rows = await ctx.loaders.commentsByTaskId.load(taskRow.id);
    return taskCommentListJson(ctx, rows, { asClient: scope.roleIn(taskRow.projectId) === "client" });
  }

  @Query(() => JSON, {
    description:
      "A project's comments in Zou's JSON, last updated first, with relation ids. Without `page` every comment; with `page` (from 1) Zou's page object: data, total, nb_pages, limit (default 100), offset, page. Vendors and clients get FORBIDDEN.",
  })
  async projectCommentsJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("page", () => Int, { nullable: true }) page: number | null,
    @Arg("limit", () => Int, { nullable: true }) limit: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<unknown> {
    const id = parseId(projectId);
    await getReadableProject(ctx, id);
    const role = await effectiveProjectRole(ctx, id);
    if (role === null || role === "vendor" || role === "client") throw new ForbiddenError();
    const where = eq(task.projectId, id);
    const ordered = () => selectComments(ctx).where(where).orderBy(desc(comment.updatedAt), desc(comment.id));

    if (page === null || page === undefined || page < 1) return commentsRelationsJson(ctx, await ordered());

    const pageSize = limit !== null && limit !== undefined && limit > 0 ? limit : PROJECT_COMMENTS_PAGE_SIZE;
    const offset = (page - 1) * pageSize;
    const [counted] = await ctx.db.orm.select({ total: count() }).from(comment).innerJoin(task, eq(task.id, comment.objectId)).where(where);
    const total = counted?.total ?? 0;
    const rows = total < offset ? [] : await ordered().limit(pageSize).offset(offset);
    return {
      data: await commentsRelationsJson(ctx, rows),
      total: total < offset ? 0 : total,
      nb_pages: Math.ceil(total / pageSize),
      limit: pageSize,
      offset,
      page,
    };
  }

  @Query(() => JSON, { description: "A task's preview files in Zou's JSON, newest revision first." })
  async taskPreviewFilesJson(@Arg("taskId", () => ID) taskId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const rows = await listTaskPreviewFiles(ctx, parseId(taskId));
    return rows.map(previewFileJson);
  }

  @Query(() => JSON, {
    description:
      "A task's time spents in Zou's shape: an object keyed by person id, each a list of entries, plus `total` in minutes. Only the entries the viewer may read: their own, or all for managers and supervisors of the project. With `date` (YYYY-MM-DD), that day only.",
  })
  async taskTimeSpentsJson(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("date", () => String, { nullable: true }) date: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const viewer = requireViewer(ctx);
    const day = date === null || date === undefined ? null : requireDate(date, "date");
    const taskRow = await getReadableTask(ctx, parseId(taskId));
    const scope = await ctx.loaders.viewerAccess();
    const role = scope.roleIn(taskRow.projectId);
    const rows = await ctx.loaders.timeSpentsByTaskId.load(taskRow.id);

    const result: ZouJson = { total: 0 };
    for (const row of rows) {
      if (day !== null && row.date !== day) continue;
      if (!canReadTimeSpent(viewer, role, row)) continue;
      const key = row.personId ?? "";
      result[key] = [...((result[key] as ZouJson[] | undefined) ?? []), toZouJson(timeSpent, row as unknown as Record<string, unknown>, "TimeSpent")];
      result.total = (result.total as number) + row.duration;
    }
    return result;
  }

  @Mutation(() => JSON, {
    description:
      "Adds an empty preview file to a comment, in the comment's revision or the task's next one (or `revision`), and returns it in Zou's JSON; the file is then uploaded to /pictures/preview-files/{id}. Needs task action access. Records preview-file:new and comment:update.",
  })
  async addCommentPreview(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("commentId", () => ID) commentId: string,
    @Arg("revision", () => Int, { nullable: true }) revision: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const row = await addPreviewToComment(ctx, parseId(taskId), commentId, revision ?? null);
    return previewFileJson(row);
  }

  @Mutation(() => JSON, {
    description: "Adds the viewer's acknowledgement to a comment, or removes it when present, and returns the comment in Zou's JSON. Records comment:acknowledge or comment:unacknowledge.",
  })
  async toggleCommentAcknowledgement(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("commentId", () => ID) commentId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const row = await toggleCommentAcknowledgement(ctx, parseId(taskId), commentId);
    return commentRelationsJson(ctx, row);
  }

  @Mutation(() => JSON, {
    description:
      "Moves a comment to another task of the same entity (admins and managers of the project; never a comment with previews) and returns it in Zou's JSON. Records comment:delete and comment:new.",
  })
  async moveCommentToTask(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("commentId", () => ID) commentId: string,
    @Arg("targetTaskId", () => ID) targetTaskId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const row = await moveCommentToTask(ctx, parseId(taskId), commentId, targetTaskId);
    return commentRelationsJson(ctx, row);
  }

  @Mutation(() => JSON, {
    description:
      "Zou's deprecated to-review action: moves the task to the To review status (unless changeStatus is false) and returns the task in Zou's JSON with its project, entity, entity type, the person and the comment. Needs task action access. Records task:to-review.",
  })
  async sendTaskToReview(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("personId", () => ID, { nullable: true }) personId: string | null,
    @Arg("comment", () => String, { nullable: true }) commentText: string | null,
    @Arg("changeStatus", () => Boolean, { nullable: true }) changeStatus: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const result = await sendTaskToReview(ctx, parseId(taskId), { personId: personId ?? null, comment: commentText ?? null, changeStatus: changeStatus ?? true });
    const row = result.task;
    const projectRow = row.projectId === null ? null : await ctx.loaders.projectById.load(row.projectId);
    const entityRow = row.entityId === null ? null : await ctx.loaders.entityById.load(row.entityId);
    const typeRow = entityRow?.entityTypeId == null ? null : await ctx.loaders.entityTypeById.load(entityRow.entityTypeId);
    return {
      ...toZouJson(task, row as unknown as Record<string, unknown>, "Task"),
      project: projectRow === null ? null : toZouJson(project, projectRow as unknown as Record<string, unknown>, "Project"),
      entity: entityRow === null ? null : toZouJson(entity, entityRow as unknown as Record<string, unknown>, "Entity"),
      entity_type: typeRow === null ? null : toZouJson(entityType, typeRow as unknown as Record<string, unknown>, "EntityType"),
      person: personToZouJson(result.person),
      comment: commentText ?? "",
      // NOTE(compat): Zou fills preview_path from the project's file tree; without a preview template it sends empty strings, as here.
      preview_path: { folder_path: "", file_name: "" },
    };
  }
}
