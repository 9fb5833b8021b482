import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import { bodyObject, queryInteger, type QueryValue, type RestRoute } from "./route-table.js";
import { formatZouTimestamp } from "./zou-json.js";
import { ZOU_ERRORS, pathDate, pathId, validationError, queryText } from "./inputs.js";

// Zou's comments routes that gazu and Kitsu call: task comments, previews
// and time spents, and actions on a comment. The comment and add-attachment
// routes take uploads, so they are plain Fastify routes in
// src/comments/comments.routes.ts.

function readDuration(body: unknown): number {
  const data = bodyObject(body);
  const duration = data.duration;
  if (duration === undefined || duration === null) throw validationError("duration", "Field required");
  if (typeof duration !== "number" || !Number.isFinite(duration)) throw validationError("duration", "Not a valid number.");
  return duration;
}

/** Reads the task_ids list of Zou's batch assignation bodies. */
function readTaskIds(body: unknown): string[] {
  const taskIds = bodyObject(body).task_ids;
  if (taskIds === undefined || taskIds === null) throw validationError("task_ids", "Field required");
  if (!Array.isArray(taskIds) || !taskIds.every((id) => typeof id === "string")) throw validationError("task_ids", "Not a valid list of strings.");
  return taskIds;
}

/** Reads a whole number of the path (a year, month or week), or throws a 400 with Zou's message. */
function pathNumber(value: string | undefined, message: string): number {
  if (value === undefined || !/^\d{1,4}$/.test(value)) throw new BadRequestError(message);
  return Number(value);
}

function queryProjectId(value: QueryValue): string | null {
  const text = queryText(value);
  if (text === null) return null;
  if (!isUuid(text)) throw new BadRequestError("Malformed ID.");
  return text.toLowerCase();
}

const TIME_SPENT_FIELDS = "id task_id: taskId person_id: personId date duration created_at: createdAt updated_at: updatedAt";

/** Builds a time spent's JSON from the GraphQL fields, with Zou's timestamps and model type. */
function timeSpentJson(value: unknown): Record<string, unknown> {
  const row = value as Record<string, unknown>;
  return {
    ...row,
    created_at: formatZouTimestamp(row.created_at as string | null),
    updated_at: formatZouTimestamp(row.updated_at as string | null),
    type: "TimeSpent",
  };
}

function timeSpentRoute(path: string, mutation: "setTimeSpent" | "addTimeSpent"): RestRoute {
  return {
    method: "POST",
    path,
    status: 201,
    jsonBody: true,
    operation: `mutation TimeSpent($taskId: ID!, $personId: ID!, $date: LocalDate!, $duration: Float!) {
      ${mutation}(taskId: $taskId, personId: $personId, date: $date, duration: $duration) { ${TIME_SPENT_FIELDS} }
    }`,
    variables: ({ params, body }) => ({
      taskId: pathId(params.task_id),
      personId: pathId(params.person_id),
      date: pathDate(params.date),
      duration: readDuration(body),
    }),
    shape: (data) => timeSpentJson(data[mutation]),
    errors: ZOU_ERRORS,
  };
}

export const commentsRoutes: readonly RestRoute[] = [
  {
    method: "GET",
    path: "/data/tasks/{task_id}/comments",
    operation: "query TaskComments($taskId: ID!) { taskCommentsJson(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: pathId(params.task_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/tasks/{task_id}/previews",
    operation: "query TaskPreviewFiles($taskId: ID!) { taskPreviewFilesJson(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: pathId(params.task_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/actions/tasks/{task_id}/time-spents",
    operation: "query TaskTimeSpents($taskId: ID!) { taskTimeSpentsJson(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: pathId(params.task_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/actions/tasks/{task_id}/time-spents/{date}",
    operation: "query TaskTimeSpents($taskId: ID!, $date: String) { taskTimeSpentsJson(taskId: $taskId, date: $date) }",
    variables: ({ params }) => ({ taskId: pathId(params.task_id), date: pathDate(params.date) }),
    errors: ZOU_ERRORS,
  },
  timeSpentRoute("/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}", "setTimeSpent"),
  timeSpentRoute("/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}/add", "addTimeSpent"),
  {
    method: "POST",
    path: "/actions/tasks/{task_id}/comments/{comment_id}/add-preview",
    status: 201,
    operation: `mutation AddCommentPreview($taskId: ID!, $commentId: ID!, $revision: Int) {
      addCommentPreview(taskId: $taskId, commentId: $commentId, revision: $revision)
    }`,
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      const revision = data.revision ?? null;
      if (revision !== null && (typeof revision !== "number" || !Number.isInteger(revision))) throw validationError("revision", "Not a valid integer.");
      return { taskId: pathId(params.task_id), commentId: pathId(params.comment_id), revision };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/tasks/{task_id}/comments/{comment_id}/ack",
    operation: "mutation AckComment($taskId: ID!, $commentId: ID!) { toggleCommentAcknowledgement(taskId: $taskId, commentId: $commentId) }",
    variables: ({ params }) => ({ taskId: pathId(params.task_id), commentId: pathId(params.comment_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/comments",
    operation: "query ProjectComments($projectId: ID!, $page: Int, $limit: Int) { projectCommentsJson(projectId: $projectId, page: $page, limit: $limit) }",
    variables: ({ params, query }) => ({
      projectId: pathId(params.project_id),
      page: queryInteger(query.page, "page", 0) ?? null,
      limit: queryInteger(query.limit, "limit", 0) ?? null,
    }),
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/actions/persons/{person_id}/assign",
    jsonBody: true,
    operation: "mutation AssignTasks($personId: ID!, $taskIds: [ID!]!) { assignPersonToTasks(personId: $personId, taskIds: $taskIds) }",
    variables: ({ params, body }) => ({ personId: pathId(params.person_id), taskIds: readTaskIds(body) }),
    errors: {
      ...ZOU_ERRORS,
      // Zou returns 400 for an unknown assignee, whether the id is malformed or missing.
      NOT_FOUND: () => ({ status: 400, body: { error: true, message: "Assignee doesn't exist in database." } }),
    },
  },
  {
    method: "PUT",
    path: "/actions/tasks/clear-assignation",
    jsonBody: true,
    operation: "mutation ClearAssignations($taskIds: [ID!]!, $personId: ID) { clearTaskAssignations(taskIds: $taskIds, personId: $personId) }",
    variables: ({ body }) => {
      const personId = bodyObject(body).person_id ?? null;
      if (personId !== null && typeof personId !== "string") throw validationError("person_id", "Not a valid string.");
      if (personId !== null && !isUuid(personId)) throw validationError("person_id", "Not a valid UUID.");
      return { taskIds: readTaskIds(body), personId };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/time-spents",
    operation: "query PersonTimeSpents($personId: ID!, $startDate: String, $endDate: String) { personTimeSpentsJson(personId: $personId, startDate: $startDate, endDate: $endDate) }",
    variables: ({ params, query }) => ({ personId: pathId(params.person_id), startDate: queryText(query.start_date), endDate: queryText(query.end_date) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/time-spents",
    operation: "query ViewerTimeSpents($startDate: String, $endDate: String) { viewerTimeSpentsJson(startDate: $startDate, endDate: $endDate) }",
    variables: ({ query }) => ({ startDate: queryText(query.start_date), endDate: queryText(query.end_date) }),
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/time-spents/month/all/{year}/{month}",
    operation: "query PersonMonthTimeSpents($personId: ID!, $year: Int!, $month: Int!) { personMonthTimeSpentsJson(personId: $personId, year: $year, month: $month) }",
    variables: ({ params }) => ({ personId: pathId(params.person_id), year: pathNumber(params.year, "Invalid month or year."), month: pathNumber(params.month, "Invalid month or year.") }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/time-spents/week/{year}/{week}",
    operation: `query PersonWeekTimeSpents($personId: ID!, $year: Int!, $week: Int!, $projectId: ID) {
      personWeekTimeSpentsJson(personId: $personId, year: $year, week: $week, projectId: $projectId)
    }`,
    variables: ({ params, query }) => ({
      personId: pathId(params.person_id),
      year: pathNumber(params.year, "Invalid date format."),
      week: pathNumber(params.week, "Invalid date format."),
      projectId: queryProjectId(query.project_id),
    }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/time-spents/year/{year}",
    operation: "query PersonYearTimeSpents($personId: ID!, $year: Int!, $projectId: ID) { personYearTimeSpentsJson(personId: $personId, year: $year, projectId: $projectId) }",
    variables: ({ params, query }) => ({ personId: pathId(params.person_id), year: pathNumber(params.year, "Invalid date format."), projectId: queryProjectId(query.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/actions/tasks/{task_id}/comments/{comment_id}/move",
    jsonBody: true,
    operation: "mutation MoveComment($taskId: ID!, $commentId: ID!, $targetTaskId: ID!) { moveCommentToTask(taskId: $taskId, commentId: $commentId, targetTaskId: $targetTaskId) }",
    variables: ({ params, body }) => {
      const target = bodyObject(body).target_task_id;
      if (target === undefined || target === null) throw validationError("target_task_id", "Field required");
      if (typeof target !== "string" || !isUuid(target)) throw validationError("target_task_id", "Not a valid UUID.");
      return { taskId: pathId(params.task_id), commentId: pathId(params.comment_id), targetTaskId: target };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/actions/tasks/{task_id}/to-review",
    operation: `mutation ToReview($taskId: ID!, $personId: ID, $comment: String, $changeStatus: Boolean) {
      sendTaskToReview(taskId: $taskId, personId: $personId, comment: $comment, changeStatus: $changeStatus)
    }`,
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      const personId = data.person_id ?? null;
      if (personId !== null && (typeof personId !== "string" || !isUuid(personId))) throw validationError("person_id", "Not a valid UUID.");
      const comment = data.comment ?? null;
      if (comment !== null && typeof comment !== "string") throw validationError("comment", "Not a valid string.");
      const changeStatus = data.change_status ?? true;
      if (typeof changeStatus !== "boolean") throw validationError("change_status", "Not a valid boolean.");
      return { taskId: pathId(params.task_id), personId, comment, changeStatus };
    },
    errors: ZOU_ERRORS,
  },
];
