import type { AppError } from "../errors.js";
import { bodyObject, queryBoolean, queryInteger, type ErrorAnswer, type QueryValue, type RestRoute } from "./route-table.js";
import { ZOU_ERRORS, pathId, validationError } from "./inputs.js";

// Zou's tasks routes that gazu and Kitsu call: the tasks and task types of
// an entity, of an episode, of a project and of a person, the viewer's own
// assigned tasks, and the full task of the task page. Each entry runs one
// query of src/tasks/task-lists.resolver.ts, which builds Zou's JSON.

/** Reads a required id field of the body. An empty or missing one fails Zou's schema validation. */
function requiredBodyText(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || value === "") throw validationError(field, "Field required");
  if (typeof value !== "string") throw validationError(field, "Not a valid string.");
  return value;
}

/** Reads an optional whole-number priority of the body. */
function optionalPriority(body: Record<string, unknown>): number | null {
  const value = body.priority;
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value)) throw validationError("priority", "Input should be a valid integer");
  return value;
}

/** Sends errors in the bare `{"message": …}` body of Zou's project template routes. */
function messageOnly(error: AppError): ErrorAnswer {
  return { status: error.status === 409 ? 400 : error.status, body: { message: error.message } };
}

const TEMPLATE_ERRORS: RestRoute["errors"] = { NOT_FOUND: messageOnly, BAD_USER_INPUT: messageOnly, CONFLICT: messageOnly };

function queryText(value: QueryValue): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === "" ? undefined : text;
}

/** Zou's path segment of each entity kind whose tasks it lists, with the name of its id parameter. */
const ENTITY_TASK_PATHS = [
  { segment: "assets", param: "asset_id", kind: "Asset" },
  { segment: "shots", param: "shot_id", kind: "Shot" },
  { segment: "scenes", param: "scene_id", kind: "Scene" },
  { segment: "sequences", param: "sequence_id", kind: "Sequence" },
  { segment: "episodes", param: "episode_id", kind: "Episode" },
  { segment: "edits", param: "edit_id", kind: "Edit" },
  { segment: "concepts", param: "concept_id", kind: "Concept" },
] as const;

/** The entity kinds of the viewer's "my tasks on this entity" routes. */
const VIEWER_ENTITY_PATHS = ENTITY_TASK_PATHS.filter((path) => ["Asset", "Shot", "Scene", "Sequence"].includes(path.kind));

const entityTaskRoutes: RestRoute[] = ENTITY_TASK_PATHS.map(({ segment, param, kind }) => ({
  method: "GET",
  path: `/data/${segment}/{${param}}/tasks`,
  operation: "query EntityTasks($kind: String!, $entityId: ID!, $relations: Boolean) { entityTasksJson(kind: $kind, entityId: $entityId, relations: $relations) }",
  variables: ({ params, query }) => ({ kind, entityId: pathId(params[param]), relations: queryBoolean(query.relations, "relations") ?? false }),
  errors: ZOU_ERRORS,
}));

// The episode's task types are served by the founding routes, with Zou's
// own rule (the task types of its shots), so that entry stays there.
const entityTaskTypeRoutes: RestRoute[] = ENTITY_TASK_PATHS.filter((path) => path.kind !== "Episode").map(({ segment, param, kind }) => ({
  method: "GET",
  path: `/data/${segment}/{${param}}/task-types`,
  operation: "query EntityTaskTypes($kind: String!, $entityId: ID!) { entityTaskTypesJson(kind: $kind, entityId: $entityId) }",
  variables: ({ params }) => ({ kind, entityId: pathId(params[param]) }),
  errors: ZOU_ERRORS,
}));

// The viewer's shot tasks are a founding route, so that kind is left out here.
const viewerEntityTaskRoutes: RestRoute[] = VIEWER_ENTITY_PATHS.filter((path) => path.kind !== "Shot").map(({ segment, param, kind }) => ({
  method: "GET",
  path: `/data/user/${segment}/{${param}}/tasks`,
  operation: "query ViewerEntityTasks($kind: String!, $entityId: ID!) { viewerEntityTasksJson(kind: $kind, entityId: $entityId) }",
  variables: ({ params }) => ({ kind, entityId: pathId(params[param]) }),
  errors: ZOU_ERRORS,
}));

const viewerEntityTaskTypeRoutes: RestRoute[] = VIEWER_ENTITY_PATHS.map(({ segment, param, kind }) => ({
  method: "GET",
  path: `/data/user/${segment}/{${param}}/task-types`,
  operation: "query ViewerEntityTaskTypes($kind: String!, $entityId: ID!) { viewerEntityTaskTypesJson(kind: $kind, entityId: $entityId) }",
  variables: ({ params }) => ({ kind, entityId: pathId(params[param]) }),
  errors: ZOU_ERRORS,
}));

export const tasksRoutes: readonly RestRoute[] = [
  ...entityTaskRoutes,
  ...entityTaskTypeRoutes,
  ...viewerEntityTaskRoutes,
  ...viewerEntityTaskTypeRoutes,
  {
    method: "GET",
    path: "/data/episodes/{episode_id}/shot-tasks",
    operation: "query EpisodeShotTasks($episodeId: ID!, $relations: Boolean) { episodeShotTasksJson(episodeId: $episodeId, relations: $relations) }",
    variables: ({ params, query }) => ({ episodeId: pathId(params.episode_id), relations: queryBoolean(query.relations, "relations") ?? false }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/episodes/{episode_id}/asset-tasks",
    operation: "query EpisodeAssetTasks($episodeId: ID!, $relations: Boolean) { episodeAssetTasksJson(episodeId: $episodeId, relations: $relations) }",
    variables: ({ params, query }) => ({ episodeId: pathId(params.episode_id), relations: queryBoolean(query.relations, "relations") ?? false }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/task-types/{task_type_id}/tasks",
    operation: "query EntityTaskTypeTasks($entityId: ID!, $taskTypeId: ID!) { entityTaskTypeTasksJson(entityId: $entityId, taskTypeId: $taskTypeId) }",
    variables: ({ params }) => ({ entityId: pathId(params.entity_id), taskTypeId: pathId(params.task_type_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/tasks",
    operation: `query ProjectTasks($projectId: ID!, $taskTypeId: ID, $episodeId: ID, $page: Int) {
      projectTasksJson(projectId: $projectId, taskTypeId: $taskTypeId, episodeId: $episodeId, page: $page)
    }`,
    variables: ({ params, query }) => ({
      projectId: pathId(params.project_id),
      taskTypeId: queryText(query.task_type_id),
      episodeId: queryText(query.episode_id),
      page: queryInteger(query.page, "page", 0),
    }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/entities-linked/with-tasks",
    operation: "query LinkedEntitiesWithTasks($entityId: ID!) { linkedEntitiesWithTasksJson(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: pathId(params.entity_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/tasks/{task_id}/full",
    operation: "query TaskFull($taskId: ID!) { taskFullJson(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: pathId(params.task_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/tasks",
    operation: "query PersonTasks($personId: ID!) { personTasksJson(personId: $personId, done: false) }",
    variables: ({ params }) => ({ personId: pathId(params.person_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/done-tasks",
    operation: "query PersonDoneTasks($personId: ID!) { personTasksJson(personId: $personId, done: true) }",
    variables: ({ params }) => ({ personId: pathId(params.person_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/tasks",
    operation: "query ViewerTasks { viewerTasksJson(done: false) }",
  },
  {
    method: "GET",
    path: "/data/user/done-tasks",
    operation: "query ViewerDoneTasks { viewerTasksJson(done: true) }",
  },
  {
    method: "POST",
    path: "/data/entities/{entity_id}/tasks",
    status: 201,
    jsonBody: true,
    operation: "mutation CreateEntityTasks($entityId: ID!, $taskTypeIds: [ID!]!) { createEntityTasks(entityId: $entityId, taskTypeIds: $taskTypeIds) }",
    variables: ({ params, body }) => {
      const ids = bodyObject(body).task_type_ids ?? [];
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) throw validationError("task_type_ids", "Input should be a valid list of strings");
      return { entityId: pathId(params.entity_id), taskTypeIds: ids.map((id) => pathId(id)) };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/projects/{project_id}/settings/task-types",
    status: 201,
    operation: `mutation AddProjectTaskType($projectId: ID!, $taskTypeId: ID!, $priority: Int) {
      addProjectTaskType(projectId: $projectId, taskTypeId: $taskTypeId, priority: $priority) { zouJson }
    }`,
    // Zou validates the body before it loads the project.
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      const taskTypeId = requiredBodyText(data, "task_type_id");
      const priority = optionalPriority(data);
      return { projectId: pathId(params.project_id), taskTypeId, priority };
    },
    shape: (data) => (data.addProjectTaskType as { zouJson: unknown }).zouJson,
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/project-templates/{project_template_id}/task-types",
    operation: "query TemplateTaskTypes($templateId: String!) { projectTemplateTaskTypesJson(templateId: $templateId) }",
    variables: ({ params }) => ({ templateId: params.project_template_id }),
    errors: TEMPLATE_ERRORS,
  },
  {
    method: "POST",
    path: "/data/project-templates/{project_template_id}/task-types",
    status: 201,
    operation: `mutation AddTemplateTaskType($templateId: String!, $targetId: String, $priority: Int) {
      addProjectTemplateLink(templateId: $templateId, link: "taskType", targetId: $targetId, priority: $priority)
    }`,
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      const target = data.task_type_id;
      return { templateId: params.project_template_id, targetId: typeof target === "string" ? target : null, priority: optionalPriority(data) };
    },
    errors: TEMPLATE_ERRORS,
  },
  {
    method: "POST",
    path: "/import/kitsu/tasks",
    jsonBody: true,
    operation: "mutation ImportKitsuTasks($entries: JSON!, $silent: Boolean) { importKitsuTasks(entries: $entries, silent: $silent) }",
    variables: ({ body, query }) => ({ entries: body ?? null, silent: queryBoolean(query.silent, "silent") ?? false }),
  },
];
