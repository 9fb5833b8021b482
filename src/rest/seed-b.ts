import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { bodyObject, queryBoolean, type RestRoute } from "./route-table.js";
import { ZOU_ERRORS, pathId, strictPathId, validationError } from "./inputs.js";

// Zou routes for entity, task, comment, team, schedule and subscription data.
// Each route runs one query or mutation of its domain. The reads return Zou's
// JSON built from the rows (the *Json queries, and the zouJson fields of
// Project and MetadataDescriptor), so the entries here only set status codes.

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw validationError(field, "Not a valid string.");
  return value;
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") throw validationError(field, "Not a valid boolean.");
  return value;
}

function optionalStringList(body: Record<string, unknown>, field: string): string[] | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) throw validationError(field, "Not a valid list of strings.");
  return value;
}

const TEAM_ROLES = ["user", "supervisor", "manager", "client", "vendor"];

export const seedRoutesB: readonly RestRoute[] = [
  {
    method: "GET",
    path: "/data/playlists/entities/{entity_id}/preview-files",
    operation: "query EntityPreviewFiles($entityId: ID!) { entityPreviewFilesJson(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: pathId(params.entity_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/projects/{project_id}/team",
    status: 201,
    operation: `mutation AddTeamMember($projectId: ID!, $personId: ID!, $role: String) {
      addTeamMember(projectId: $projectId, personId: $personId, role: $role) { zouJson }
    }`,
    // Zou validates the body before it loads the project.
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      const personId = data.person_id;
      if (typeof personId !== "string" || personId === "") throw validationError("person_id", personId === undefined ? "Field required" : "Not a valid string.");
      const role = optionalString(data, "role");
      if (role !== null && !TEAM_ROLES.includes(role)) throw validationError("role", `Input should be ${TEAM_ROLES.map((name) => `'${name}'`).join(", ")}`);
      return { projectId: pathId(params.project_id), personId, role };
    },
    shape: (data) => (data.addTeamMember as { zouJson: unknown }).zouJson,
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/task-types",
    operation: "query ProjectTaskTypes($projectId: ID!) { projectTaskTypesJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/projects/{project_id}/metadata-descriptors",
    status: 201,
    operation: `mutation CreateMetadataDescriptor($projectId: ID!, $input: CreateMetadataDescriptorInput!) {
      createMetadataDescriptor(projectId: $projectId, input: $input) { zouJson }
    }`,
    // Zou loads the project before it reads the body: an unknown project is
    // 404 whatever the body holds.
    variables: async ({ params, body, ctx }) => {
      const projectId = pathId(params.project_id);
      if ((await ctx.loaders.projectById.load(projectId)) === null) throw new NotFoundError();
      const data = bodyObject(body);
      const name = data.name;
      if (typeof name !== "string" || name.trim() === "") throw validationError("name", name === undefined ? "Field required" : "Not a valid string.");
      const departments = optionalStringList(data, "departments");
      return {
        projectId,
        input: {
          name,
          entityType: optionalString(data, "entity_type"),
          dataType: optionalString(data, "data_type"),
          choices: optionalStringList(data, "choices"),
          forClient: optionalBoolean(data, "for_client"),
          departmentIds: departments,
          taskTypeId: optionalString(data, "task_type_id"),
        },
      };
    },
    shape: (data) => (data.createMetadataDescriptor as { zouJson: unknown }).zouJson,
    errors: ZOU_ERRORS,
  },
  {
    // Zou creates the missing items when the schedule page reads them, so this GET runs a mutation.
    method: "GET",
    path: "/data/projects/{project_id}/schedule-items/task-types",
    operation: `mutation TaskTypeScheduleItems($projectId: ID!) {
      taskTypeScheduleItems(projectId: $projectId) {
        id start_date: startDate end_date: endDate man_days: manDays project_id: projectId task_type_id: taskTypeId object_id: objectId
      }
    }`,
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/projects/{project_id}/budgets/{budget_id}",
    status: 204,
    operation: "mutation DeleteBudget($id: ID!, $projectId: ID) { deleteBudget(id: $id, projectId: $projectId) }",
    variables: ({ params }) => {
      if (!isUuid(params.project_id) || !isUuid(params.budget_id)) throw new BadRequestError("Wrong UUID format.");
      return { id: params.budget_id.toLowerCase(), projectId: params.project_id.toLowerCase() };
    },
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/scenes/{scene_id}",
    operation: "query Scene($id: ID!) { sceneJson(id: $id) }",
    variables: ({ params }) => ({ id: pathId(params.scene_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/episodes/{episode_id}",
    status: 204,
    operation: "mutation DeleteEpisode($id: ID!, $force: Boolean) { deleteEpisode(id: $id, force: $force) { id } }",
    variables: ({ params, query }) => ({ id: pathId(params.episode_id), force: queryBoolean(query.force, "force") ?? false }),
    shape: () => undefined,
    errors: {
      ...ZOU_ERRORS,
      // Without force, any row still under or referencing the episode blocks the deletion.
      BAD_USER_INPUT: () => ({ status: 400, body: { error: true, message: "Some data are still linked to this episode." } }),
      CONFLICT: () => ({ status: 400, body: { error: true, message: "Some data are still linked to this episode." } }),
    },
  },
  {
    method: "GET",
    path: "/data/episodes/{episode_id}/task-types",
    operation: "query EpisodeTaskTypes($episodeId: ID!) { episodeTaskTypesJson(episodeId: $episodeId) }",
    variables: ({ params }) => ({ episodeId: pathId(params.episode_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/sequences/{sequence_id}/scenes",
    operation: "query SequenceScenes($sequenceId: ID!) { sequenceScenesJson(sequenceId: $sequenceId) }",
    variables: ({ params }) => ({ sequenceId: pathId(params.sequence_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/sequences/{sequence_id}/shot-tasks",
    operation: "query SequenceShotTasks($sequenceId: ID!, $relations: Boolean) { sequenceShotTasksJson(sequenceId: $sequenceId, relations: $relations) }",
    variables: ({ params, query }) => ({ sequenceId: pathId(params.sequence_id), relations: queryBoolean(query.relations, "relations") ?? false }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/tasks/{task_id}/comments/{comment_id}",
    operation: "query TaskComment($taskId: ID!, $commentId: ID!) { taskCommentJson(taskId: $taskId, commentId: $commentId) }",
    variables: ({ params }) => ({ taskId: params.task_id, commentId: pathId(params.comment_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/shots/{shot_id}/tasks",
    operation: "query ViewerShotTasks($shotId: ID!) { viewerShotTasksJson(shotId: $shotId) }",
    variables: ({ params }) => ({ shotId: pathId(params.shot_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/projects/{project_id}/sequences",
    operation: "query ViewerSequences($projectId: ID!) { viewerSequencesJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/sequences/{sequence_id}/scenes",
    operation: "query ViewerSequenceScenes($sequenceId: ID!) { viewerSequenceScenesJson(sequenceId: $sequenceId) }",
    variables: ({ params }) => ({ sequenceId: pathId(params.sequence_id) }),
    errors: ZOU_ERRORS,
  },
  {
    // Zou returns 204 for any id, even a malformed one. Kumiki rejects a
    // malformed id with 400 "Malformed ID." and still returns 204 for an unknown one.
    method: "DELETE",
    path: "/actions/user/tasks/{task_id}/unsubscribe",
    status: 204,
    operation: "mutation Unsubscribe($taskId: ID!) { unsubscribeFromTask(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: strictPathId(params.task_id) }),
    shape: () => undefined,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/concepts",
    operation: "query ProjectConcepts($projectId: ID!) { projectConceptsJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
];
