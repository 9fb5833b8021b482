import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import { strictPathId, validationError } from "./inputs.js";
import { bodyObject, type QueryValue, type RestRoute } from "./route-table.js";

// Schedule versions, bulk task creation and deletion, casting and estimation imports.
// The CSV imports are multipart routes, registered in src/tasks/production-imports.routes.ts.

/**
 * Reads a body that is a JSON array of ids, as Zou's validate_id_list does.
 * With `required` false, an absent body, `{}` or `[]` returns null: every
 * entity of the scope.
 */
function bodyIdList(body: unknown, required: boolean): string[] | null {
  const empty = body === undefined || body === null || body === "" || (typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 0);
  if (!Array.isArray(body)) {
    if (!required && empty) return null;
    throw new BadRequestError("Request body must be a JSON array.");
  }
  if (!body.every((id) => isUuid(id))) throw new BadRequestError("Request body must only contain valid UUIDs.");
  if (!required && body.length === 0) return null;
  return (body as string[]).map((id) => id.toLowerCase());
}

function optionalQueryId(value: QueryValue, name: string): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === "") return null;
  if (!isUuid(text)) throw new BadRequestError(`Invalid ${name}: expected an id, got "${String(text).slice(0, 40)}".`);
  return text.toLowerCase();
}

const VERSION_PATH = "/actions/production-schedule-versions/{production_schedule_version_id}";

export const productionActionsRoutes: RestRoute[] = [
  {
    method: "POST",
    path: `${VERSION_PATH}/set-task-links-from-production`,
    operation: "mutation SetTaskLinksFromProduction($versionId: ID!) { setScheduleVersionTaskLinksFromProduction(versionId: $versionId) }",
    variables: ({ params }) => ({ versionId: strictPathId(params.production_schedule_version_id) }),
  },
  {
    method: "POST",
    path: `${VERSION_PATH}/set-task-links-from-production-schedule-version`,
    jsonBody: true,
    operation: `mutation SetTaskLinksFromScheduleVersion($versionId: ID!, $sourceVersionId: ID!) {
      setScheduleVersionTaskLinksFromScheduleVersion(versionId: $versionId, sourceVersionId: $sourceVersionId)
    }`,
    variables: ({ params, body }) => {
      const versionId = strictPathId(params.production_schedule_version_id);
      const source = bodyObject(body).production_schedule_version_id;
      if (source === undefined || source === null || source === "") throw validationError("production_schedule_version_id", "Field required");
      if (typeof source !== "string") throw validationError("production_schedule_version_id", "Input should be a valid string");
      if (!isUuid(source)) throw new BadRequestError("Malformed ID.");
      return { versionId, sourceVersionId: source.toLowerCase() };
    },
  },
  {
    method: "POST",
    path: `${VERSION_PATH}/apply-to-production`,
    operation: "mutation ApplyScheduleVersion($versionId: ID!) { applyScheduleVersionToProduction(versionId: $versionId) }",
    variables: ({ params }) => ({ versionId: strictPathId(params.production_schedule_version_id) }),
  },
  {
    method: "POST",
    path: "/actions/projects/{project_id}/task-types/{task_type_id}/create-tasks/{entity_type}",
    status: 201,
    operation: `mutation CreateTasksForEntityType($projectId: ID!, $taskTypeId: ID!, $entityType: String!, $entityIds: [ID!], $episodeId: ID) {
      createTasksForEntityType(projectId: $projectId, taskTypeId: $taskTypeId, entityType: $entityType, entityIds: $entityIds, episodeId: $episodeId)
    }`,
    variables: ({ params, query, body }) => ({
      projectId: strictPathId(params.project_id),
      taskTypeId: strictPathId(params.task_type_id),
      entityType: params.entity_type,
      entityIds: bodyIdList(body, false),
      episodeId: optionalQueryId(query.episode_id, "episode_id"),
    }),
  },
  {
    // Zou allows this to admins only, while deleting listed tasks needs only the project's manager role.
    method: "DELETE",
    path: "/actions/projects/{project_id}/task-types/{task_type_id}/delete-tasks",
    status: 204,
    operation: "mutation DeleteTasksOfTaskType($projectId: ID!, $taskTypeId: ID!) { deleteTasksOfTaskType(projectId: $projectId, taskTypeId: $taskTypeId) }",
    variables: ({ params }) => ({ projectId: strictPathId(params.project_id), taskTypeId: strictPathId(params.task_type_id) }),
    shape: () => undefined,
  },
  {
    method: "POST",
    path: "/actions/projects/{project_id}/delete-tasks",
    operation: "mutation DeleteProjectTasks($projectId: ID!, $taskIds: [ID!]!) { deleteProjectTasks(projectId: $projectId, taskIds: $taskIds) }",
    variables: ({ params, body }) => ({ projectId: strictPathId(params.project_id), taskIds: bodyIdList(body, true) }),
  },
];
