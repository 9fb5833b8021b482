import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { bodyObject, queryBoolean, queryInteger, type QueryValue, type RestRoute } from "./route-table.js";
import { ZOU_ERRORS, pathDate, pathId, strictPathId, validationError, queryText, queryId, queryTimestamp, queryNewsFilters } from "./inputs.js";

// Zou routes that Kitsu's web client calls and gazu does not: the task page
// and its comment panel, the entity pages' tabs, the news feed, production
// statistics and settings, timesheets, schedules, second factors and admin
// pages. Each entry runs one operation of its domain, and permissions live in
// the services.

/** Reads a non-empty list of id strings from the body, as Zou's schemas with `min_length=1` require. */
function readIdList(body: unknown, field: string): string[] {
  const value = bodyObject(body)[field];
  if (value === undefined || value === null) throw validationError(field, "Field required");
  if (!Array.isArray(value) || !value.every((id) => typeof id === "string")) throw validationError(field, "Not a valid list of strings.");
  if (value.length === 0) throw validationError(field, "List should have at least 1 item after validation, not 0");
  if (!value.every((id) => isUuid(id))) throw new BadRequestError("Malformed ID.");
  return value.map((id) => id.toLowerCase());
}

const taskPageRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/user/tasks/{task_id}/subscribed",
    operation: "query IsSubscribed($taskId: ID!) { isSubscribedToTask(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: strictPathId(params.task_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/actions/user/tasks/{task_id}/subscribe",
    status: 201,
    operation: "mutation SubscribeToTask($taskIds: [ID!]!) { subscribeToTasksJson(taskIds: $taskIds) }",
    variables: ({ params }) => ({ taskIds: [pathId(params.task_id)] }),
    shape: (data) => (data.subscribeToTasksJson as unknown[])[0],
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/actions/user/tasks/subscribe",
    status: 201,
    jsonBody: true,
    operation: "mutation SubscribeToTasks($taskIds: [ID!]!) { subscribeToTasksJson(taskIds: $taskIds) }",
    variables: ({ body }) => ({ taskIds: readIdList(body, "task_ids") }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/actions/user/tasks/unsubscribe",
    jsonBody: true,
    operation: "mutation UnsubscribeFromTasks($taskIds: [ID!]!) { unsubscribeFromTasks(taskIds: $taskIds) }",
    variables: ({ body }) => ({ taskIds: readIdList(body, "task_ids") }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/tasks-to-check",
    operation: "query TasksToCheck { viewerTasksToCheckJson }",
  },
  {
    method: "POST",
    path: "/actions/user/notifications/mark-all-as-read",
    operation: "mutation MarkAllRead { markAllNotificationsRead }",
    shape: () => ({ success: true }),
  },
  {
    method: "GET",
    path: "/data/playlists/preview-files/running",
    operation: "query RunningPreviewFiles($cursor: String, $limit: Int) { runningPreviewFilesJson(cursorPreviewFileId: $cursor, limit: $limit) }",
    variables: ({ query }) => ({ cursor: queryText(query.cursor_preview_file_id), limit: queryInteger(query.limit, "limit") ?? null }),
  },
  {
    method: "DELETE",
    path: "/actions/user/clear-avatar",
    status: 204,
    operation: "mutation ClearViewerAvatar { clearViewerAvatar }",
    shape: () => undefined,
  },
  {
    method: "DELETE",
    path: "/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}",
    status: 201,
    operation: `mutation DeleteTimeSpentOfDay($taskId: ID!, $personId: ID!, $date: String!) {
      deleteTimeSpentOfDayJson(taskId: $taskId, personId: $personId, date: $date)
    }`,
    variables: ({ params }) => ({ taskId: pathId(params.task_id), personId: pathId(params.person_id), date: pathDate(params.date) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/actions/tasks/set-priority",
    jsonBody: true,
    operation: "mutation SetTasksPriority($taskIds: [ID!]!, $priority: Int!) { setTasksPriorityJson(taskIds: $taskIds, priority: $priority) }",
    variables: ({ body }) => {
      const data = bodyObject(body);
      const taskIds = data.task_ids;
      if (taskIds === undefined || taskIds === null) throw validationError("task_ids", "Field required");
      if (!Array.isArray(taskIds) || !taskIds.every((id) => typeof id === "string")) throw validationError("task_ids", "Not a valid list of strings.");
      if (taskIds.length === 0) throw validationError("task_ids", "Tasks list required.");
      const priority = data.priority;
      if (priority === undefined || priority === null) throw validationError("priority", "Field required");
      if (typeof priority !== "number" || !Number.isInteger(priority)) throw validationError("priority", "Input should be a valid integer");
      if (priority < 0) throw validationError("priority", "Input should be greater than or equal to 0");
      // Unknown and malformed ids are skipped, as Zou skips tasks it cannot find.
      return { taskIds: taskIds.filter((id) => isUuid(id)), priority };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/actions/tasks/{task_id}/set-main-preview",
    operation: "mutation SetTaskMainPreview($taskId: ID!) { setTaskMainPreviewJson(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: pathId(params.task_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/actions/tasks/set-main-preview",
    jsonBody: true,
    operation: "mutation SetTasksMainPreview($taskIds: [ID!]!) { setTasksMainPreviewJson(taskIds: $taskIds) }",
    variables: ({ body }) => ({ taskIds: readIdList(body, "task_ids") }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/tasks/{task_id}/comments/{comment_id}/reply",
    operation: "mutation ReplyToComment($taskId: ID!, $commentId: ID!, $text: String) { replyToCommentJson(taskId: $taskId, commentId: $commentId, text: $text) }",
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      const text = data.text ?? "";
      if (typeof text !== "string") throw validationError("text", "Input should be a valid string");
      return { taskId: pathId(params.task_id), commentId: pathId(params.comment_id), text };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/tasks/{task_id}/comments/{comment_id}/reply/{reply_id}",
    operation: `mutation DeleteCommentReply($taskId: ID!, $commentId: ID!, $replyId: ID!) {
      deleteCommentReplyJson(taskId: $taskId, commentId: $commentId, replyId: $replyId)
    }`,
    variables: ({ params }) => ({ taskId: pathId(params.task_id), commentId: pathId(params.comment_id), replyId: pathId(params.reply_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}",
    status: 204,
    operation: `mutation DeleteCommentAttachment($taskId: ID!, $commentId: ID!, $attachmentFileId: ID!) {
      deleteCommentAttachment(taskId: $taskId, commentId: $commentId, attachmentFileId: $attachmentFileId)
    }`,
    variables: ({ params }) => ({ taskId: pathId(params.task_id), commentId: pathId(params.comment_id), attachmentFileId: pathId(params.attachment_file_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
];

const entityPageRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/entities/{entity_id}/preview-files",
    operation: "query EntityPreviewFiles($entityId: ID!) { entityTaskPreviewFilesJson(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: pathId(params.entity_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/time-spents",
    operation: "query EntityTimeSpents($entityId: ID!) { entityTimeSpentsJson(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: pathId(params.entity_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/news",
    operation: "query EntityNews($entityId: ID!) { entityNewsJson(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: pathId(params.entity_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/news",
    operation: `query ProjectNews($projectId: ID!, $onlyPreview: Boolean, $taskTypeId: ID, $taskStatusId: ID, $episodeId: ID, $authorId: ID, $after: String, $before: String, $page: Int, $limit: Int) {
      projectNewsJson(projectId: $projectId, onlyPreview: $onlyPreview, taskTypeId: $taskTypeId, taskStatusId: $taskStatusId, episodeId: $episodeId, authorId: $authorId, after: $after, before: $before, page: $page, limit: $limit)
    }`,
    variables: ({ params, query }) => ({ projectId: pathId(params.project_id), ...queryNewsFilters(query) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/news/{news_id}",
    operation: "query ProjectNewsItem($projectId: ID!, $newsId: ID!) { projectNewsItemJson(projectId: $projectId, newsId: $newsId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id), newsId: pathId(params.news_id) }),
    errors: ZOU_ERRORS,
  },
];

/** Reads an optional list of id strings from the batch settings body. */
function optionalIdList(data: Record<string, unknown>, field: string): string[] {
  const value = data[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((id) => typeof id === "string")) throw validationError(field, "Input should be a valid list of strings");
  if (!value.every((id) => isUuid(id))) throw new BadRequestError("Malformed ID.");
  return value.map((id) => id.toLowerCase());
}

function readTaskTypeSettings(data: Record<string, unknown>): { taskTypeId: string; priority: number | null }[] {
  const value = data.task_types;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError("task_types", "Input should be a valid list");
  return value.map((entry: unknown, index) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw validationError(`task_types.${index}`, "Input should be a valid object");
    const { task_type_id: taskTypeId, priority } = entry as Record<string, unknown>;
    if (typeof taskTypeId !== "string" || taskTypeId === "") throw validationError(`task_types.${index}.task_type_id`, taskTypeId === undefined ? "Field required" : "Input should be a valid string");
    if (!isUuid(taskTypeId)) throw new BadRequestError("Malformed ID.");
    if (priority !== undefined && priority !== null && (typeof priority !== "number" || !Number.isInteger(priority))) {
      throw validationError(`task_types.${index}.priority`, "Input should be a valid integer");
    }
    return { taskTypeId: taskTypeId.toLowerCase(), priority: (priority as number | null | undefined) ?? null };
  });
}

const productionRoutes: RestRoute[] = [
  {
    method: "POST",
    path: "/data/projects/{project_id}/settings/batch",
    jsonBody: true,
    operation: `mutation UpdateProjectSettings($projectId: ID!, $input: ProjectSettingsBatchInput!) {
      updateProjectSettings(projectId: $projectId, input: $input) { zouJson }
    }`,
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      const replace = data.replace_task_types ?? false;
      if (typeof replace !== "boolean") throw validationError("replace_task_types", "Input should be a valid boolean");
      return {
        projectId: pathId(params.project_id),
        input: {
          taskTypes: readTaskTypeSettings(data),
          taskStatusIds: optionalIdList(data, "task_status_ids"),
          assetTypeIds: optionalIdList(data, "asset_type_ids"),
          replaceTaskTypes: replace,
        },
      };
    },
    shape: (data) => (data.updateProjectSettings as { zouJson: unknown }).zouJson,
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/projects/{project_id}/settings/asset-types/{asset_type_id}",
    status: 204,
    operation: `mutation RemoveProjectAssetType($projectId: ID!, $assetTypeId: ID!) {
      removeProjectSetting(projectId: $projectId, setting: "assetType", targetId: $assetTypeId) { id }
    }`,
    variables: ({ params }) => ({ projectId: pathId(params.project_id), assetTypeId: pathId(params.asset_type_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/episodes/stats",
    operation: "query EpisodeStats($projectId: ID!) { episodeStatsJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/episodes/retake-stats",
    operation: "query EpisodeRetakeStats($projectId: ID!) { episodeRetakeStatsJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/tasks/open-tasks/stats",
    operation: "query OpenTasksStats { openTasksStatsJson }",
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/assets/shared-used",
    operation: "query SharedAssetsUsed($projectId: ID!) { sharedAssetsUsedInProjectJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/episodes/{episode_id}/assets/shared-used",
    operation: "query EpisodeSharedAssetsUsed($projectId: ID!, $episodeId: String) { sharedAssetsUsedInProjectJson(projectId: $projectId, episodeId: $episodeId) }",
    variables: ({ params }) => {
      const episode = params.episode_id === "main" || params.episode_id === "all" ? params.episode_id : pathId(params.episode_id);
      return { projectId: pathId(params.project_id), episodeId: episode };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/data/projects/{project_id}/entities/casting",
    jsonBody: true,
    operation: "mutation ReplaceCastings($projectId: ID!, $castings: JSON!) { replaceCastingsJson(projectId: $projectId, castings: $castings) }",
    // Zou checks the body's shape before the role.
    variables: ({ params, body }) => {
      const isCastingMap = typeof body === "object" && body !== null && !Array.isArray(body) && Object.values(body).every((casting) => Array.isArray(casting));
      if (!isCastingMap) throw new BadRequestError("Request body must be a JSON object mapping entity ids to casting arrays");
      return { projectId: pathId(params.project_id), castings: body };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/episodes/{episode_id}/sequences/all/casting",
    operation: "query EpisodeShotsCasting($projectId: ID!, $episodeId: ID!) { episodeShotsCastingJson(projectId: $projectId, episodeId: $episodeId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id), episodeId: params.episode_id === "main" ? "main" : pathId(params.episode_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/schedule-items",
    operation: "query ProjectScheduleItems($projectId: ID!) { projectScheduleItemsJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/shots/{shot_id}/versions",
    operation: "query ShotVersions($shotId: ID!) { shotVersionsJson(shotId: $shotId) }",
    variables: ({ params }) => ({ shotId: pathId(params.shot_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/edits/{edit_id}/versions",
    operation: "query EditVersions($editId: ID!) { editVersionsJson(editId: $editId) }",
    variables: ({ params }) => ({ editId: pathId(params.edit_id) }),
    errors: ZOU_ERRORS,
  },
];

/** Reads a year or month of the path; throws Zou's "Wrong date format." when it is invalid. */
function pathWholeNumber(value: string | undefined): number {
  if (value === undefined || !/^\d{1,4}$/.test(value)) throw new BadRequestError("Wrong date format.");
  return Number(value);
}

/** Checks an optional date of the query string; throws Zou's message naming both dates when it is invalid. */
function queryDate(value: QueryValue, pair: string): string | null {
  const text = queryText(value);
  if (text === null) return null;
  const parsed = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d\d-\d\d$/.test(text) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) {
    throw new BadRequestError(`Wrong date format for ${pair}`);
  }
  return text;
}

const TABLE_OPERATION = `query TimeSpentTable($unit: String!, $year: Int, $month: Int, $projectId: ID, $departmentId: ID, $studioId: ID) {
  timeSpentTableJson(unit: $unit, year: $year, month: $month, projectId: $projectId, departmentId: $departmentId, studioId: $studioId)
}`;

/** Reads the optional project_id, department_id and studio_id filters of the timesheet tables. */
function tableFilters(query: Record<string, QueryValue>) {
  return { projectId: queryId(query.project_id), departmentId: queryId(query.department_id), studioId: queryId(query.studio_id) };
}

/** Reads a year or month of a timesheet table's path; throws Zou's "Invalid month or year." when it is invalid. */
function tablePathNumber(value: string | undefined): number {
  if (value === undefined || !/^\d{1,4}$/.test(value)) throw new BadRequestError("Invalid month or year.");
  return Number(value);
}

const timesheetRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/persons/time-spents/day-table/{year}/{month}",
    operation: TABLE_OPERATION,
    variables: ({ params, query }) => ({ unit: "day", year: tablePathNumber(params.year), month: tablePathNumber(params.month), ...tableFilters(query) }),
  },
  {
    method: "GET",
    path: "/data/persons/time-spents/week-table/{year}",
    operation: TABLE_OPERATION,
    variables: ({ params, query }) => ({ unit: "week", year: tablePathNumber(params.year), ...tableFilters(query) }),
  },
  {
    method: "GET",
    path: "/data/persons/time-spents/month-table/{year}",
    operation: TABLE_OPERATION,
    variables: ({ params, query }) => ({ unit: "month", year: tablePathNumber(params.year), ...tableFilters(query) }),
  },
  {
    method: "GET",
    path: "/data/persons/time-spents/year-table",
    operation: TABLE_OPERATION,
    variables: ({ query }) => ({ unit: "year", ...tableFilters(query) }),
  },

  {
    method: "GET",
    path: "/data/user/time-spents/{date}",
    operation: "query ViewerTimeSpentsOfDay($date: String!) { viewerTimeSpentsJson(startDate: $date, endDate: $date) }",
    variables: ({ params }) => ({ date: pathDate(params.date) }),
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/time-spents/{date}",
    operation: "query PersonTimeSpentsOfDay($personId: ID!, $date: String!) { personTimeSpentsOfDayJson(personId: $personId, date: $date) }",
    variables: ({ params }) => ({ personId: pathId(params.person_id), date: pathDate(params.date) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/day-offs/{year}/{month}",
    operation: "query DayOffsOfMonth($year: Int!, $month: Int!) { dayOffsOfMonthJson(year: $year, month: $month) }",
    variables: ({ params }) => ({ year: pathWholeNumber(params.year), month: pathWholeNumber(params.month) }),
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/day-offs/{date}",
    operation: "query PersonDayOffOfDate($personId: ID!, $date: String!) { personDayOffOfDateJson(personId: $personId, date: $date) }",
    variables: ({ params }) => ({ personId: pathId(params.person_id), date: pathDate(params.date) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/task-types/{task_type_id}/time-spents",
    operation: `query ProjectTaskTypeTimeSpents($projectId: ID!, $taskTypeId: ID!, $startDate: String, $endDate: String) {
      projectTaskTypeTimeSpentsJson(projectId: $projectId, taskTypeId: $taskTypeId, startDate: $startDate, endDate: $endDate)
    }`,
    variables: ({ params, query }) => {
      const pair = `${queryText(query.start_date) ?? "None"} and/or ${queryText(query.end_date) ?? "None"}`;
      return {
        projectId: pathId(params.project_id),
        taskTypeId: strictPathId(params.task_type_id),
        startDate: queryDate(query.start_date, pair),
        endDate: queryDate(query.end_date, pair),
      };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/production-schedule-versions/{production_schedule_version_id}/task-links",
    operation: "query ScheduleVersionTaskLinks($versionId: ID!, $taskTypeId: ID) { scheduleVersionTaskLinksJson(versionId: $versionId, taskTypeId: $taskTypeId) }",
    variables: ({ params, query }) => ({ versionId: pathId(params.production_schedule_version_id), taskTypeId: queryId(query.task_type_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/day-offs",
    operation: "query ProjectDayOffs($projectId: ID!, $startDate: String, $endDate: String) { projectDayOffsJson(projectId: $projectId, startDate: $startDate, endDate: $endDate) }",
    variables: ({ params, query }) => {
      const pair = `${queryText(query.start_date) ?? "None"} and/or ${queryText(query.end_date) ?? "None"}`;
      return { projectId: pathId(params.project_id), startDate: queryDate(query.start_date, pair), endDate: queryDate(query.end_date, pair) };
    },
    errors: ZOU_ERRORS,
  },
];

/** Zou's second-factor errors: the message, plus the wrong_OTP flag when a code check failed. */
const SECOND_FACTOR_ERRORS: RestRoute["errors"] = {
  BAD_USER_INPUT: (error) => {
    if (error.message === "Validation error.") return { status: 400, body: { error: true, message: error.message, data: { errors: error.details?.errors } } };
    const flag = error.details?.wrong_OTP === true ? { wrong_OTP: true } : {};
    return { status: 400, body: { error: true, message: error.message, ...flag } };
  },
};

function requireNonEmptyText(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (value === undefined || value === null) throw validationError(field, "Field required");
  if (typeof value !== "string") throw validationError(field, "Input should be a valid string");
  if (value === "") throw validationError(field, "String should have at least 1 character");
  return value;
}

const secondFactorRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/auth/fido",
    auth: "public",
    operation: "query FidoChallenge($email: String!) { fidoChallenge(email: $email) }",
    variables: ({ query }) => {
      const email = queryText(query.email);
      if (email === null) throw new BadRequestError("email is required.");
      return { email };
    },
    errors: SECOND_FACTOR_ERRORS,
  },
  {
    method: "PUT",
    path: "/auth/fido",
    operation: "mutation PreRegisterFido { preRegisterFido }",
    errors: SECOND_FACTOR_ERRORS,
  },
  {
    method: "POST",
    path: "/auth/fido",
    jsonBody: true,
    operation: "mutation RegisterFido { registerFido }",
    variables: ({ body }) => {
      const data = bodyObject(body);
      const response = data.registration_response;
      if (response === undefined || response === null) throw validationError("registration_response", "Field required");
      if (typeof response !== "object" || Array.isArray(response)) throw validationError("registration_response", "Input should be a valid dictionary");
      requireNonEmptyText(data, "device_name");
      return {};
    },
    errors: SECOND_FACTOR_ERRORS,
  },
  {
    method: "DELETE",
    path: "/auth/fido",
    operation: "mutation UnregisterFido { unregisterFido }",
    variables: ({ body }) => {
      requireNonEmptyText(bodyObject(body), "device_name");
      return {};
    },
    errors: SECOND_FACTOR_ERRORS,
  },
  {
    method: "PUT",
    path: "/auth/email-otp",
    operation: "mutation PreEnableEmailOtp { preEnableEmailOtp }",
    errors: SECOND_FACTOR_ERRORS,
  },
  {
    method: "POST",
    path: "/auth/email-otp",
    jsonBody: true,
    operation: "mutation EnableEmailOtp { enableEmailOtp }",
    variables: ({ body }) => {
      requireNonEmptyText(bodyObject(body), "email_otp");
      return {};
    },
    errors: SECOND_FACTOR_ERRORS,
  },
  {
    method: "DELETE",
    path: "/actions/persons/{person_id}/disable-two-factor-authentication",
    operation: "mutation DisableTwoFactor($personId: String!) { disableTwoFactorForPerson(personId: $personId) }",
    variables: ({ params }) => ({ personId: pathId(params.person_id) }),
    shape: () => ({ success: true }),
    errors: { ...ZOU_ERRORS, ...SECOND_FACTOR_ERRORS },
  },
  {
    method: "DELETE",
    path: "/auth/email-otp",
    operation: "mutation DisableEmailOtp { disableEmailOtp }",
    errors: SECOND_FACTOR_ERRORS,
  },
];

function optionalTextField(data: Record<string, unknown>, field: string): string | null {
  const value = data[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw validationError(field, "Input should be a valid string");
  return value;
}

function optionalStringList(data: Record<string, unknown>, field: string): string[] {
  const value = data[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) throw validationError(field, "Input should be a valid list of strings");
  return value;
}

/** Reads the descriptor fields of the all-projects routes; `requireEntityType` is set where Zou's schema requires it. */
function readDescriptorBody(body: unknown, requireEntityType: boolean): Record<string, unknown> {
  const data = bodyObject(body);
  const entityType = requireEntityType ? requireNonEmptyText(data, "entity_type") : optionalTextField(data, "entity_type");
  const forClient = data.for_client ?? false;
  if (typeof forClient !== "boolean") throw validationError("for_client", "Input should be a valid boolean");
  const departments = optionalStringList(data, "departments");
  if (!departments.every((id) => isUuid(id))) throw new BadRequestError("Malformed ID.");
  return {
    entityType: entityType ?? "Asset",
    name: optionalTextField(data, "name"),
    dataType: optionalTextField(data, "data_type") ?? "string",
    choices: optionalStringList(data, "choices"),
    forClient,
    departmentIds: departments,
  };
}

const allProjectsDescriptorRoutes: RestRoute[] = [
  {
    method: "POST",
    path: "/data/metadata-descriptors/all-projects",
    status: 201,
    jsonBody: true,
    operation: "mutation AddDescriptorToAllProjects($input: AllProjectsDescriptorInput!) { addMetadataDescriptorToAllProjects(input: $input) }",
    variables: ({ body }) => {
      const input = readDescriptorBody(body, false);
      requireNonEmptyText(bodyObject(body), "name");
      return { input };
    },
  },
  {
    method: "PUT",
    path: "/data/metadata-descriptors/all-projects/{field_name}",
    jsonBody: true,
    operation: `mutation UpdateDescriptorOnAllProjects($fieldName: String!, $input: AllProjectsDescriptorInput!) {
      updateMetadataDescriptorOnAllProjects(fieldName: $fieldName, input: $input)
    }`,
    variables: ({ params, body }) => ({ fieldName: params.field_name, input: readDescriptorBody(body, true) }),
  },
  {
    method: "DELETE",
    path: "/data/metadata-descriptors/all-projects/{field_name}",
    operation: "mutation DeleteDescriptorFromAllProjects($entityType: String!, $fieldName: String!) { deleteMetadataDescriptorFromAllProjects(entityType: $entityType, fieldName: $fieldName) }",
    variables: ({ params, query }) => ({ fieldName: params.field_name, entityType: queryText(query.entity_type) ?? "" }),
  },
  {
    method: "POST",
    path: "/actions/metadata-descriptors/all-projects/reorder",
    jsonBody: true,
    operation: "mutation ReorderDescriptorsOnAllProjects($entityType: String!, $fieldOrder: [String!]!) { reorderMetadataDescriptorsOnAllProjects(entityType: $entityType, fieldOrder: $fieldOrder) }",
    variables: ({ body }) => {
      const data = bodyObject(body);
      const entityType = requireNonEmptyText(data, "entity_type");
      const fieldOrder = data.field_order;
      if (fieldOrder === undefined || fieldOrder === null) throw validationError("field_order", "Field required");
      if (!Array.isArray(fieldOrder) || !fieldOrder.every((item) => typeof item === "string")) throw validationError("field_order", "Input should be a valid list of strings");
      if (fieldOrder.length === 0) throw validationError("field_order", "List should have at least 1 item after validation, not 0");
      return { entityType, fieldOrder };
    },
  },
];

/** Builds a department equipment route; a malformed id gets 400 "Malformed ID." as in Zou, checked here before the service's admin check. */
function departmentEquipmentRoute(method: "POST" | "DELETE", path: string, kind: "software" | "hardwareItem", bodyField: string, pathField: string | null): RestRoute {
  const link = method === "POST";
  return {
    method,
    path,
    status: link ? 201 : 204,
    jsonBody: link,
    operation: link
      ? "mutation LinkDepartmentEquipment($departmentId: ID!, $kind: String!, $equipmentId: ID!) { linkDepartmentEquipment(departmentId: $departmentId, kind: $kind, equipmentId: $equipmentId) }"
      : "mutation UnlinkDepartmentEquipment($departmentId: ID!, $kind: String!, $equipmentId: ID!) { unlinkDepartmentEquipment(departmentId: $departmentId, kind: $kind, equipmentId: $equipmentId) }",
    variables: ({ params, body }) => {
      let equipmentId: string;
      if (pathField === null) {
        const value = bodyObject(body)[bodyField];
        if (value === undefined || value === null) throw validationError(bodyField, "Field required");
        if (!isUuid(value)) throw validationError(bodyField, "Input should be a valid UUID");
        equipmentId = value.toLowerCase();
      } else {
        equipmentId = strictPathId(params[pathField]);
      }
      return { departmentId: strictPathId(params.department_id), kind, equipmentId };
    },
    shape: link ? undefined : () => undefined,
    errors: ZOU_ERRORS,
  };
}

/** Reads the repeated person_ids filter of the login logs; Zou's message for a malformed id. */
function queryIdList(value: QueryValue): string[] {
  const values = value === undefined ? [] : [value].flat();
  if (!values.every((id) => isUuid(id))) throw new BadRequestError("The person_ids parameter contains an invalid id");
  return values.map((id) => id.toLowerCase());
}

const departmentRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/events/login-logs/last",
    operation: `query LastLoginLogs($after: String, $before: String, $cursor: ID, $limit: Int, $personIds: [ID!]) {
      lastLoginLogsJson(after: $after, before: $before, cursorLoginLogId: $cursor, limit: $limit, personIds: $personIds)
    }`,
    variables: ({ query }) => {
      const cursor = queryText(query.cursor_login_log_id);
      if (cursor !== null && !isUuid(cursor)) throw new BadRequestError("The cursor_login_log_id parameter is not a valid id");
      return {
        after: queryTimestamp(query.after, "after"),
        before: queryTimestamp(query.before, "before"),
        cursor,
        limit: queryInteger(query.limit, "limit") ?? 100,
        personIds: queryIdList(query.person_ids),
      };
    },
  },
  departmentEquipmentRoute("POST", "/data/departments/{department_id}/software-licenses", "software", "software_id", null),
  departmentEquipmentRoute("DELETE", "/data/departments/{department_id}/software-licenses/{software_id}", "software", "software_id", "software_id"),
  departmentEquipmentRoute("POST", "/data/departments/{department_id}/hardware-items", "hardwareItem", "hardware_item_id", null),
  departmentEquipmentRoute("DELETE", "/data/departments/{department_id}/hardware-items/{hardware_item_id}", "hardwareItem", "hardware_item_id", "hardware_item_id"),
];

/** Zou's 404 body for a template id that is malformed or unknown: the service's message. */
const TEMPLATE_ERRORS: RestRoute["errors"] = { NOT_FOUND: (error) => ({ status: 404, body: { error: true, message: error.message } }) };

function templateReorderRoute(path: string, kind: "taskType" | "taskStatus", field: string): RestRoute {
  return {
    method: "POST",
    path,
    jsonBody: true,
    operation: "mutation ReorderTemplateLinks($templateId: String!, $kind: String!, $ids: [String!]!) { reorderProjectTemplateLinks(templateId: $templateId, kind: $kind, ids: $ids) }",
    variables: ({ params, body }) => {
      const ids = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[field] : undefined;
      if (!Array.isArray(ids)) throw new BadRequestError(`Request body must be a JSON object with a '${field}' list.`);
      return { templateId: params.project_template_id, kind, ids: ids.map((id) => (typeof id === "string" ? id : "")) };
    },
    errors: TEMPLATE_ERRORS,
  };
}

const templateRoutes: RestRoute[] = [
  templateReorderRoute("/actions/project-templates/{project_template_id}/task-types/reorder", "taskType", "task_type_ids"),
  templateReorderRoute("/actions/project-templates/{project_template_id}/task-statuses/reorder", "taskStatus", "task_status_ids"),
];

const TEAM_ROLES = ["user", "supervisor", "manager", "client", "vendor"];

/** Changing a member's project role and deleting a comment from the task page. */
const teamAndCommentRoutes: RestRoute[] = [
  {
    method: "PUT",
    path: "/data/projects/{project_id}/team/{person_id}",
    operation: `mutation SetTeamMemberRole($projectId: ID!, $personId: ID!, $role: String) {
      setTeamMemberRole(projectId: $projectId, personId: $personId, role: $role) { id }
    }`,
    variables: ({ params, body }) => {
      const role = bodyObject(body).role ?? null;
      if (role !== null && (typeof role !== "string" || !TEAM_ROLES.includes(role))) {
        throw validationError("role", `Input should be ${TEAM_ROLES.map((name) => `'${name}'`).join(", ")}`);
      }
      return { projectId: pathId(params.project_id), personId: pathId(params.person_id), role };
    },
    shape: (_data, { params, body }) => ({
      project_id: params.project_id.toLowerCase(),
      person_id: params.person_id.toLowerCase(),
      role: bodyObject(body).role ?? null,
    }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/tasks/{task_id}/comments/{comment_id}",
    status: 204,
    operation: "mutation DeleteTaskComment($id: ID!) { deleteComment(id: $id) { id } }",
    // The comment must belong to the task of the path; its author or a
    // manager of the project may delete it.
    variables: async ({ params, ctx }) => {
      const taskId = pathId(params.task_id);
      const commentId = pathId(params.comment_id);
      const row = await ctx.loaders.commentById.load(commentId);
      if (row === null || row.objectId !== taskId) throw new NotFoundError();
      return { id: commentId };
    },
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
];

/** Reads Kitsu's add-entities body: a list of `{entity_id, preview_file_id?}`, bare or as `entities`. */
function readPlaylistEntries(body: unknown): { entityId: string; previewFileId: string | null }[] {
  const list = Array.isArray(body) ? body : bodyObject(body).entities;
  if (list === undefined || list === null) throw validationError("entities", "Field required");
  if (!Array.isArray(list)) throw validationError("entities", "Input should be a valid list");
  if (list.length === 0) throw validationError("entities", "List should have at least 1 item after validation, not 0");
  return list.map((item: unknown, index) => {
    const data = typeof item === "object" && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : null;
    if (data === null) throw validationError(`entities.${index}`, "Input should be a valid object");
    if (!isUuid(data.entity_id)) throw validationError(`entities.${index}.entity_id`, data.entity_id === undefined ? "Field required" : "Input should be a valid UUID");
    const previewFileId = data.preview_file_id ?? null;
    if (previewFileId !== null && !isUuid(previewFileId)) throw validationError(`entities.${index}.preview_file_id`, "Input should be a valid UUID");
    return { entityId: data.entity_id.toLowerCase(), previewFileId: previewFileId === null ? null : previewFileId.toLowerCase() };
  });
}

/** Kitsu's playlist page, adding several entities to a playlist, and removing a preview from a comment. */
const playlistPageRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/projects/{project_id}/playlists/{playlist_id}",
    operation: "query ProjectPlaylistPage($projectId: ID!, $playlistId: ID!) { projectPlaylistPageJson(projectId: $projectId, playlistId: $playlistId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id), playlistId: pathId(params.playlist_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/actions/playlists/{playlist_id}/add-entities",
    jsonBody: true,
    operation: "mutation AddEntitiesToPlaylist($playlistId: ID!, $entries: [PlaylistEntryInput!]!) { addEntitiesToPlaylistJson(playlistId: $playlistId, entries: $entries) }",
    variables: ({ params, body }) => ({ playlistId: pathId(params.playlist_id), entries: readPlaylistEntries(body) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/actions/tasks/{task_id}/comments/{comment_id}/preview-files/{preview_file_id}",
    status: 204,
    operation: `mutation RemoveCommentPreview($taskId: ID!, $commentId: ID!, $previewFileId: ID!) {
      removeCommentPreview(taskId: $taskId, commentId: $commentId, previewFileId: $previewFileId)
    }`,
    // NOTE(compat): Zou's `force` query parameter also purges the stored files; Kumiki keeps them either way.
    variables: ({ params, query }) => {
      queryBoolean(query.force, "force");
      return { taskId: strictPathId(params.task_id), commentId: strictPathId(params.comment_id), previewFileId: strictPathId(params.preview_file_id) };
    },
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
];

export const kitsuRoutes: readonly RestRoute[] = [...templateRoutes, ...departmentRoutes, ...allProjectsDescriptorRoutes, ...taskPageRoutes, ...entityPageRoutes, ...productionRoutes, ...timesheetRoutes, ...secondFactorRoutes, ...teamAndCommentRoutes, ...playlistPageRoutes];
