import { and, asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { entity, entityConceptLink, entityType } from "../../schema/entities.js";
import { subscription } from "../../schema/notifications.js";
import { project, projectPersonLink, projectTemplateTaskTypeLink } from "../../schema/projects.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { crudModelByPath } from "../crud/crud.models.js";
import { serializeRows } from "../crud/crud.json.js";
import { kindCondition, kindOfTypeName, type EntityKind } from "../entities/entities.loaders.js";
import { getEntityOfKindOrThrow, getReadableEntity } from "../entities/entities.service.js";
import { entityJson } from "../entities/entity-json.resolver.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { personToZouJson } from "../people/person.json.js";
import { getReadableTemplate } from "../projects/project-templates.service.js";
import { formatZouTimestamp, toZouJson, type ZouJson } from "../rest/zou-json.js";
import { assigneeIdsByTaskId, listDetailedTasksJson, openProjectIds, listPersonTasksJson, taskJson, taskTypeJson, listTaskTypesOfTasksJson } from "./task-lists.json.js";
import { getReadableTask } from "./tasks.service.js";

// Task lists of Zou's REST API in Zou's JSON: the tasks and task types of an
// entity, of an episode's shots and assets, of a project, of a person, and
// the logged-in person's own assigned tasks.

const ENTITY_KINDS: readonly EntityKind[] = ["Asset", "Shot", "Scene", "Sequence", "Episode", "Edit", "Concept"];

/** Kinds whose task lists ignore the `relations` flag and never list assignees, as in Zou. */
const KINDS_WITHOUT_RELATIONS: readonly EntityKind[] = ["Scene", "Episode"];

/** Zou's page size for paginated lists (its NB_RECORDS_PER_PAGE default). */
const PAGE_SIZE = 100;

function parseKind(kind: string): EntityKind {
  if (!(ENTITY_KINDS as readonly string[]).includes(kind)) throw new BadRequestError(`Invalid entity kind "${kind.slice(0, 40)}": expected one of ${ENTITY_KINDS.join(", ")}.`);
  return kind as EntityKind;
}

/** Loads an entity of a kind the viewer may read. Clients may not read a concept's tasks, as in Zou. */
async function getEntityForTaskList(ctx: RequestContext, kind: EntityKind, entityId: string) {
  const row = await getReadableEntity(ctx, kind, entityId);
  if (kind === "Concept" && (await effectiveProjectRole(ctx, row.projectId)) === "client") throw new ForbiddenError();
  return row;
}

/** Loads a readable episode and rejects vendors, who may not list a whole episode's tasks. */
async function getEpisodeForTaskList(ctx: RequestContext, episodeId: string) {
  const episode = await getReadableEntity(ctx, "Episode", episodeId);
  if ((await effectiveProjectRole(ctx, episode.projectId)) === "vendor") throw new ForbiddenError();
  return episode;
}

/** Returns the viewer's id, or throws FORBIDDEN for a bot, because assigned-task lists are for persons. */
function requirePerson(ctx: RequestContext): string {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot === true) throw new ForbiddenError();
  return viewer.id;
}

/** Builds a subquery of the ids of the open projects whose team the person is on. */
function openTeamProjectIds(ctx: RequestContext, personId: string) {
  return ctx.db.orm
    .select({ id: projectPersonLink.projectId })
    .from(projectPersonLink)
    .where(and(eq(projectPersonLink.personId, personId), inArray(projectPersonLink.projectId, openProjectIds(ctx))));
}

@Resolver()
export class TaskListsResolver {
  @Query(() => JSON, {
    description:
      "Tasks of one entity in Zou's JSON, with display names; `kind` is Asset, Shot, Scene, Sequence, Episode, Edit or Concept. With `relations` (ignored for scenes and episodes, as in Zou), each task lists its assignee ids. A vendor sees only the tasks assigned to them; clients may not list a concept's tasks.",
  })
  async entityTasksJson(
    @Arg("kind", () => String) kind: string,
    @Arg("entityId", () => ID) entityId: string,
    @Arg("relations", () => Boolean, { nullable: true }) relations: boolean | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const entityKind = parseKind(kind);
    const row = await getEntityForTaskList(ctx, entityKind, entityId);
    const scope = await ctx.loaders.viewerAccess();
    const withRelations = relations === true && !KINDS_WITHOUT_RELATIONS.includes(entityKind);
    return listDetailedTasksJson(ctx, and(eq(task.entityId, row.id), scope.taskCondition(task.projectId, task.id)), withRelations);
  }

  @Query(() => JSON, { description: "Tasks of the shots (and scenes) in an episode's sequences, in Zou's JSON with display names. Vendors get FORBIDDEN." })
  async episodeShotTasksJson(
    @Arg("episodeId", () => ID) episodeId: string,
    @Arg("relations", () => Boolean, { nullable: true }) relations: boolean | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const episode = await getEpisodeForTaskList(ctx, episodeId);
    const sequenceIds = ctx.db.orm.select({ id: entity.id }).from(entity).where(eq(entity.parentId, episode.id));
    return listDetailedTasksJson(ctx, inArray(entity.parentId, sequenceIds), relations === true);
  }

  @Query(() => JSON, { description: "Tasks of the assets whose source episode is this one, in Zou's JSON with display names. Vendors get FORBIDDEN." })
  async episodeAssetTasksJson(
    @Arg("episodeId", () => ID) episodeId: string,
    @Arg("relations", () => Boolean, { nullable: true }) relations: boolean | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const episode = await getEpisodeForTaskList(ctx, episodeId);
    return listDetailedTasksJson(ctx, and(eq(entity.sourceId, episode.id), kindCondition("Asset")), relations === true);
  }

  @Query(() => JSON, {
    description:
      "Task types used by the tasks of one entity, in Zou's JSON, by name. For a sequence, as in Zou, these are the task types of its shots' tasks. A vendor sees only the task types of the tasks assigned to them.",
  })
  async entityTaskTypesJson(@Arg("kind", () => String) kind: string, @Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const entityKind = parseKind(kind);
    const row = await getEntityForTaskList(ctx, entityKind, entityId);
    const scope = await ctx.loaders.viewerAccess();
    const onEntity = entityKind === "Sequence" ? eq(entity.parentId, row.id) : eq(task.entityId, row.id);
    return listTaskTypesOfTasksJson(ctx, and(onEntity, scope.taskCondition(task.projectId, task.id)));
  }

  @Query(() => JSON, { description: "Tasks of one task type on an entity of any kind, in Zou's JSON, by name." })
  async entityTaskTypeTasksJson(@Arg("entityId", () => ID) entityId: string, @Arg("taskTypeId", () => ID) taskTypeId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const row = await getReadableEntity(ctx, undefined, entityId);
    const typeId = parseId(taskTypeId);
    const scope = await ctx.loaders.viewerAccess();
    const rows = await ctx.db.orm
      .select()
      .from(task)
      .where(and(eq(task.entityId, row.id), eq(task.taskTypeId, typeId), scope.taskCondition(task.projectId, task.id)))
      .orderBy(asc(task.name));
    return rows.map(taskJson);
  }

  @Query(() => JSON, {
    description:
      "Tasks of a project in Zou's JSON with their assignee ids, most recently updated first, optionally of one task type or in one episode. Without `page` (or with 0) the whole list; with a page number, Zou's page object of 100 tasks.",
  })
  async projectTasksJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("taskTypeId", () => ID, { nullable: true }) taskTypeId: string | undefined,
    @Arg("episodeId", () => ID, { nullable: true }) episodeId: string | undefined,
    @Arg("page", () => Int, { nullable: true }) page: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<unknown> {
    const id = parseId(projectId);
    await getReadableProject(ctx, id);
    const scope = await ctx.loaders.viewerAccess();

    const sequence = alias(entity, "sequence");
    const conditions: (SQL | undefined)[] = [eq(task.projectId, id), scope.taskCondition(task.projectId, task.id)];
    if (taskTypeId !== undefined && taskTypeId !== null) conditions.push(eq(task.taskTypeId, parseId(taskTypeId)));
    if (episodeId !== undefined && episodeId !== null) {
      const inEpisode = ctx.db.orm
        .select({ id: entity.id })
        .from(entity)
        .innerJoin(sequence, eq(sequence.id, entity.parentId))
        .where(eq(sequence.parentId, parseId(episodeId)));
      conditions.push(inArray(task.entityId, inEpisode));
    }
    const where = and(...conditions);

    const model = crudModelByPath.get("tasks")!;
    const query = ctx.db.orm.select().from(task).where(where).orderBy(desc(task.updatedAt), asc(task.id));
    if (page === undefined || page === null || page < 1) {
      return serializeRows(ctx, model, await query, { relations: true, variant: "full" });
    }

    const offset = (page - 1) * PAGE_SIZE;
    const [{ total }] = await ctx.db.orm.select({ total: count() }).from(task).where(where);
    const rows = total < offset ? [] : await query.limit(PAGE_SIZE).offset(offset);
    return {
      data: await serializeRows(ctx, model, rows, { relations: true, variant: "full" }),
      total: total < offset ? 0 : total,
      nb_pages: Math.ceil(total / PAGE_SIZE),
      limit: PAGE_SIZE,
      offset,
      page,
    };
  }

  @Query(() => JSON, {
    description:
      "A task in Zou's JSON with its assignee ids and, as Zou's task page reads them, its entity, entity type, project, task type, task status, assignees, assigner, sequence, episode and whether the viewer is subscribed to it.",
  })
  async taskFullJson(@Arg("taskId", () => ID) taskId: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    const viewer = requireViewer(ctx);
    const row = await getReadableTask(ctx, taskId);
    const [json] = await serializeRows(ctx, crudModelByPath.get("tasks")!, [row], { relations: true, variant: "full" });

    const [taskTypeRow, taskStatusRow, projectRow, entityRow, assignees] = await Promise.all([
      ctx.loaders.taskTypeById.load(row.taskTypeId!),
      ctx.loaders.taskStatusById.load(row.taskStatusId!),
      ctx.loaders.projectById.load(row.projectId!),
      ctx.loaders.entityById.load(row.entityId!),
      ctx.loaders.assigneesByTaskId.load(row.id),
    ]);
    if (entityRow === null) throw new NotFoundError("Entity not found.");
    const entityTypeRow = await ctx.loaders.entityTypeById.load(entityRow.entityTypeId);
    const [subscribed] = await ctx.db.orm
      .select({ id: subscription.id })
      .from(subscription)
      .where(and(eq(subscription.personId, viewer.id), eq(subscription.taskId, row.id)))
      .limit(1);

    const full: ZouJson = {
      ...json,
      entity: entityJson(entityRow),
      entity_type: entityTypeRow === null ? null : toZouJson(entityType, entityTypeRow, "EntityType"),
      is_subscribed: subscribed !== undefined,
      persons: assignees.map((assignee) => personToZouJson(assignee)),
      project: projectRow === null ? null : toZouJson(project, projectRow, "Project"),
      task_status: taskStatusRow === null ? null : toZouJson(taskStatus, taskStatusRow, "TaskStatus"),
      task_type: taskTypeRow === null ? null : taskTypeJson(taskTypeRow),
      type: "Task",
    };

    if (row.assignerId !== null) {
      const assigner = await ctx.loaders.personById.load(row.assignerId);
      if (assigner !== null) full.assigner = personToZouJson(assigner);
    }

    // Shots and scenes hang under a sequence, itself under an episode; a
    // sequence hangs under its episode. Assets carry neither.
    const kind = kindOfTypeName(entityRow.entityTypeName);
    let sequenceRow: typeof entityRow | null = null;
    if (kind === "Sequence") {
      sequenceRow = entityRow;
    } else if ((kind === "Shot" || kind === "Scene") && entityRow.parentId !== null) {
      sequenceRow = await ctx.loaders.entityById.load(entityRow.parentId);
    }
    if (sequenceRow !== null && entityRow.parentId !== null) {
      full.sequence = entityJson(sequenceRow);
      if (sequenceRow.parentId !== null) {
        const episodeRow = await ctx.loaders.entityById.load(sequenceRow.parentId);
        if (episodeRow !== null) full.episode = entityJson(episodeRow);
      }
    }
    return full;
  }

  @Query(() => JSON, {
    description:
      "A person's assigned tasks in open projects, not done or done, in the shape of Zou's to-do list. A non-admin sees only the projects whose team they are on; vendors may list only their own tasks and, like clients, get an empty list.",
  })
  async personTasksJson(@Arg("personId", () => ID) personId: string, @Arg("done", () => Boolean) done: boolean, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const viewer = requireViewer(ctx);
    const id = parseId(personId);
    const target = await ctx.loaders.personById.load(id);
    if (target === null) throw new NotFoundError("Person not found.");
    // Zou returns 403 for a bot's task list.
    if (target.isBot === true) throw new ForbiddenError();
    if (viewer.role === "vendor" && id !== viewer.id) throw new ForbiddenError();
    if (viewer.role === "vendor" || viewer.role === "client") return [];

    const projectIds = viewer.role === "admin" ? openProjectIds(ctx) : openTeamProjectIds(ctx, viewer.id);
    return listPersonTasksJson(ctx, id, inArray(task.projectId, projectIds), done);
  }

  @Query(() => JSON, { description: "The viewer's assigned tasks, not done or done, in the open projects whose team they are on, in the shape of Zou's to-do list. Bots get FORBIDDEN." })
  async viewerTasksJson(@Arg("done", () => Boolean) done: boolean, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const viewerId = requirePerson(ctx);
    return listPersonTasksJson(ctx, viewerId, inArray(task.projectId, openTeamProjectIds(ctx, viewerId)), done);
  }

  @Query(() => JSON, { description: "The viewer's assigned tasks on one entity (Asset, Shot, Scene or Sequence), in open projects, in Zou's JSON. Bots get FORBIDDEN." })
  async viewerEntityTasksJson(@Arg("kind", () => String) kind: string, @Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const viewerId = requirePerson(ctx);
    const row = await getEntityOfKindOrThrow(ctx, parseKind(kind), entityId);
    const rows = await ctx.db.orm
      .select({ task })
      .from(task)
      .innerJoin(taskPersonLink, eq(taskPersonLink.taskId, task.id))
      .where(and(eq(task.entityId, row.id), eq(taskPersonLink.personId, viewerId), inArray(task.projectId, openProjectIds(ctx))))
      .orderBy(asc(task.name));
    return rows.map((item) => taskJson(item.task));
  }

  @Query(() => JSON, { description: "Task types of the viewer's assigned tasks on one entity (Asset, Shot, Scene or Sequence), in open projects, in Zou's JSON. Bots get FORBIDDEN." })
  async viewerEntityTaskTypesJson(@Arg("kind", () => String) kind: string, @Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const viewerId = requirePerson(ctx);
    const row = await getEntityOfKindOrThrow(ctx, parseKind(kind), entityId);
    const assigned = ctx.db.orm.select({ id: taskPersonLink.taskId }).from(taskPersonLink).where(eq(taskPersonLink.personId, viewerId));
    return listTaskTypesOfTasksJson(ctx, and(eq(task.entityId, row.id), inArray(task.id, assigned), inArray(task.projectId, openProjectIds(ctx))));
  }

  @Query(() => JSON, { description: "Task types of a project template in Zou's JSON, each with the priority of its link, by priority then name (managers)." })
  async projectTemplateTaskTypesJson(@Arg("templateId", () => String) templateId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const template = await getReadableTemplate(ctx, templateId);
    const rows = await ctx.db.orm
      .select({ taskType, priority: projectTemplateTaskTypeLink.priority })
      .from(projectTemplateTaskTypeLink)
      .innerJoin(taskType, eq(taskType.id, projectTemplateTaskTypeLink.taskTypeId))
      .where(eq(projectTemplateTaskTypeLink.projectTemplateId, template.id));
    rows.sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.taskType.name.localeCompare(b.taskType.name));
    return rows.map((row) => ({ ...taskTypeJson(row.taskType), priority: row.priority }));
  }

  @Query(() => JSON, {
    description:
      "The concepts linked to an entity, each in Zou's brief entity JSON with its tasks (dates, status, type, assignee ids) and the ids of the entities it is linked to. A vendor sees only the tasks assigned to them.",
  })
  async linkedEntitiesWithTasksJson(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const row = await getReadableEntity(ctx, undefined, entityId);
    const scope = await ctx.loaders.viewerAccess();

    const linkedIds = ctx.db.orm.select({ id: entityConceptLink.entityInId }).from(entityConceptLink).where(eq(entityConceptLink.entityOutId, row.id));
    const entities = await ctx.db.orm
      .select({ entity, entityTypeName: entityType.name, projectName: project.name })
      .from(entity)
      .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
      .innerJoin(project, eq(project.id, entity.projectId))
      .where(inArray(entity.id, linkedIds))
      .orderBy(asc(entity.name));
    if (entities.length === 0) return [];

    const ids = entities.map((item) => item.entity.id);
    const [tasks, links] = await Promise.all([
      ctx.db.orm.select().from(task).where(and(inArray(task.entityId, ids), scope.taskCondition(task.projectId, task.id))).orderBy(asc(task.name)),
      ctx.db.orm.select().from(entityConceptLink).where(inArray(entityConceptLink.entityInId, ids)),
    ]);
    const assignees = await assigneeIdsByTaskId(ctx, tasks.map((item) => item.id));

    return entities.map(({ entity: linked, entityTypeName, projectName }) => {
      const data = (linked.data as Record<string, unknown> | null) ?? {};
      return {
        canceled: linked.canceled,
        data,
        description: linked.description,
        entity_type_id: linked.entityTypeId,
        fps: data.fps ?? null,
        frame_in: data.frame_in ?? null,
        frame_out: data.frame_out ?? null,
        id: linked.id,
        name: linked.name,
        nb_frames: linked.nbFrames,
        parent_id: linked.parentId,
        preview_file_id: linked.previewFileId,
        project_id: linked.projectId,
        project_name: projectName,
        source_id: linked.sourceId,
        nb_entities_out: linked.nbEntitiesOut,
        is_casting_standby: linked.isCastingStandby,
        tasks: tasks.filter((item) => item.entityId === linked.id).map((item) => linkedTaskJson(item, assignees.get(item.id) ?? [])),
        entity_concept_links: links.filter((link) => link.entityInId === linked.id).map((link) => link.entityOutId),
        type: kindOfTypeName(entityTypeName) === "Asset" ? "Asset" : entityTypeName,
        updated_at: formatZouTimestamp(linked.updatedAt),
        created_at: formatZouTimestamp(linked.createdAt),
        created_by: linked.createdBy,
      };
    });
  }
}

/** The brief task JSON of Zou's linked-entities list: schedule fields, status, type and assignee ids. */
function linkedTaskJson(row: typeof task.$inferSelect, assigneeIds: string[]): ZouJson {
  return {
    id: row.id,
    duration: row.duration,
    due_date: formatZouTimestamp(row.dueDate),
    end_date: formatZouTimestamp(row.endDate),
    entity_id: row.entityId,
    estimation: row.estimation,
    last_comment_date: formatZouTimestamp(row.lastCommentDate),
    nb_assets_ready: row.nbAssetsReady,
    priority: row.priority ?? 0,
    real_start_date: formatZouTimestamp(row.realStartDate),
    retake_count: row.retakeCount,
    start_date: formatZouTimestamp(row.startDate),
    task_status_id: row.taskStatusId,
    task_type_id: row.taskTypeId,
    assigner_id: row.assignerId,
    assignees: assigneeIds,
  };
}
