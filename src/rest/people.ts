import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import { bodyObject, queryBoolean, type QueryValue, type RestRoute } from "./route-table.js";
import { NOT_FOUND_ANSWER, ZOU_ERRORS, pathId, validationError } from "./inputs.js";

// Zou's people routes that gazu and Kitsu call: person actions, days off,
// and the routes scoped to the logged-in person under /data/user.

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string") throw validationError(field, value === undefined || value === null ? "Field required" : "Input should be a valid string");
  return value;
}

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw validationError(field, "Input should be a valid string");
  return value;
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") throw validationError(field, "Input should be a valid boolean");
  return value;
}

/** Reads an id field sent bare or, as gazu sends a project, as an object carrying `id`. */
function optionalIdField(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return optionalString(value as Record<string, unknown>, "id");
  return optionalString(body, field);
}

function queryText(value: QueryValue): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** Reads a whole number from a path segment, or throws BAD_USER_INPUT. */
function pathNumber(value: string | undefined, name: string): number {
  if (value === undefined || !/^\d{1,4}$/.test(value)) throw new BadRequestError(`Wrong date format: the ${name} must be a whole number, not ${String(value).slice(0, 20)}.`);
  return Number(value);
}

/**
 * Reads the timestamp of a desktop login. gazu sends a local time without a
 * zone, which Zou stores as it is, so Kumiki takes a zone-less time as UTC.
 */
function loginDate(body: Record<string, unknown>): string | null {
  const text = optionalString(body, "date");
  if (text === null) return null;
  const hasZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text);
  const date = new Date(hasZone ? text : `${text.replace(" ", "T")}Z`);
  if (!/^\d{4}-\d\d-\d\d/.test(text) || Number.isNaN(date.getTime())) throw validationError("date", "Input should be a valid datetime");
  return date.toISOString();
}

const DAY_OFFS_OPERATION = `query PersonDayOffs($personId: ID!, $year: Int, $month: Int, $week: Int) {
  personDayOffsJson(personId: $personId, year: $year, month: $month, week: $week)
}`;

export const peopleRoutes: readonly RestRoute[] = [
  {
    // NOTE(compat): Kumiki sends no email, so it returns what Zou returns for
    // a person without email codes enabled: success, and nothing is sent.
    method: "GET",
    path: "/auth/email-otp",
    auth: "public",
    operation: "query EmailOtp { __typename }",
    variables: ({ query }) => {
      const email = queryText(query.email);
      if (email === null || email === "") throw new BadRequestError("email is required.");
      return {};
    },
    shape: () => ({ success: true }),
  },
  {
    method: "POST",
    path: "/actions/persons/{person_id}/change-password",
    jsonBody: true,
    operation: `mutation SetPasswordForPerson($personId: ID!, $password: String!, $confirmation: String!) {
      setPasswordForPerson(personId: $personId, password: $password, passwordConfirmation: $confirmation)
    }`,
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      return { personId: pathId(params.person_id), password: requiredString(data, "password"), confirmation: requiredString(data, "password_2") };
    },
    shape: () => ({ success: true }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/actions/persons/{person_id}/invite",
    operation: "mutation InvitePerson($personId: ID!) { invitePerson(personId: $personId) }",
    variables: ({ params }) => ({ personId: pathId(params.person_id) }),
    shape: () => ({ success: true, message: "Email sent" }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/day-offs",
    operation: DAY_OFFS_OPERATION,
    variables: ({ params }) => ({ personId: pathId(params.person_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/day-offs/week/{year}/{week}",
    operation: DAY_OFFS_OPERATION,
    variables: ({ params }) => ({ personId: pathId(params.person_id), year: pathNumber(params.year, "year"), week: pathNumber(params.week, "week") }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/day-offs/month/{year}/{month}",
    operation: DAY_OFFS_OPERATION,
    variables: ({ params }) => ({ personId: pathId(params.person_id), year: pathNumber(params.year, "year"), month: pathNumber(params.month, "month") }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/day-offs/year/{year}",
    operation: DAY_OFFS_OPERATION,
    variables: ({ params }) => ({ personId: pathId(params.person_id), year: pathNumber(params.year, "year") }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/actions/persons/{person_id}/departments/add",
    status: 201,
    jsonBody: true,
    operation: "mutation AddPersonToDepartment($personId: ID!, $departmentId: ID!) { addPersonToDepartment(personId: $personId, departmentId: $departmentId) }",
    variables: ({ params, body }) => {
      const departmentId = requiredString(bodyObject(body), "department_id");
      if (!isUuid(departmentId)) throw new BadRequestError("Department ID matches no department");
      return { personId: pathId(params.person_id), departmentId };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/actions/persons/{person_id}/departments/{department_id}",
    status: 204,
    operation: "mutation RemovePersonFromDepartment($personId: ID!, $departmentId: ID!) { removePersonFromDepartment(personId: $personId, departmentId: $departmentId) }",
    variables: ({ params }) => {
      if (!isUuid(params.department_id)) throw new BadRequestError("Department ID matches no department");
      return { personId: pathId(params.person_id), departmentId: params.department_id };
    },
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/projects/open",
    operation: "query ViewerOpenProjects($name: String) { viewerOpenProjectsJson(name: $name) }",
    variables: ({ query }) => ({ name: queryText(query.name) }),
  },
  {
    method: "GET",
    path: "/data/user/projects/{project_id}/asset-types",
    operation: "query ViewerAssetTypes($projectId: ID!) { viewerAssetTypesJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/projects/{project_id}/asset-types/{asset_type_id}/assets",
    operation: "query ViewerAssets($projectId: ID!, $assetTypeId: ID!) { viewerAssetsJson(projectId: $projectId, assetTypeId: $assetTypeId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id), assetTypeId: pathId(params.asset_type_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/projects/{project_id}/episodes",
    operation: "query ViewerEpisodes($projectId: ID!) { viewerEpisodesJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/sequences/{sequence_id}/shots",
    operation: "query ViewerSequenceShots($sequenceId: ID!) { viewerSequenceShotsJson(sequenceId: $sequenceId) }",
    variables: ({ params }) => ({ sequenceId: pathId(params.sequence_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/desktop-login-logs",
    operation: "query ViewerDesktopLoginLogs { viewerDesktopLoginLogsJson }",
  },
  {
    method: "POST",
    path: "/data/user/desktop-login-logs",
    status: 201,
    operation: "mutation LogDesktopLogin($date: DateTime) { logDesktopLogin(date: $date) }",
    variables: ({ body }) => ({ date: loginDate(bodyObject(body)) }),
  },
  {
    method: "GET",
    path: "/data/user/chats",
    operation: "query ViewerChats { viewerChatsJson }",
  },
  {
    method: "GET",
    path: "/data/user/filters",
    operation: "query ViewerSearchFilters { viewerSearchFiltersJson }",
  },
  {
    method: "POST",
    path: "/data/user/filters",
    status: 201,
    jsonBody: true,
    operation: "mutation CreateSearchFilter($input: CreateSearchFilterInput!) { createSearchFilter(input: $input) }",
    variables: ({ body }) => {
      const data = bodyObject(body);
      return {
        input: {
          name: requiredString(data, "name"),
          query: requiredString(data, "query"),
          listType: optionalString(data, "list_type"),
          projectId: optionalIdField(data, "project_id"),
          entityType: optionalString(data, "entity_type"),
          isShared: optionalBoolean(data, "is_shared"),
          searchFilterGroupId: optionalIdField(data, "search_filter_group_id"),
          departmentId: optionalIdField(data, "department_id"),
        },
      };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/data/user/filters/{filter_id}",
    jsonBody: true,
    operation: "mutation UpdateSearchFilter($id: ID!, $input: UpdateSearchFilterInput!) { updateSearchFilter(id: $id, input: $input) }",
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      // Zou detaches the filter when the body sends search_filter_group_id as null.
      const groupSent = "search_filter_group_id" in data;
      const groupId = optionalIdField(data, "search_filter_group_id");
      return {
        id: pathId(params.filter_id),
        input: {
          name: optionalString(data, "name"),
          searchQuery: optionalString(data, "search_query"),
          searchFilterGroupId: groupId,
          clearSearchFilterGroup: groupSent && groupId === null,
          isShared: optionalBoolean(data, "is_shared"),
          projectId: optionalIdField(data, "project_id"),
          departmentId: optionalIdField(data, "department_id"),
        },
      };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/user/filters/{filter_id}",
    status: 204,
    operation: "mutation DeleteSearchFilter($id: ID!) { deleteSearchFilter(id: $id) }",
    variables: ({ params }) => ({ id: pathId(params.filter_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/filter-groups",
    operation: "query ViewerSearchFilterGroups { viewerSearchFilterGroupsJson }",
  },
  {
    method: "POST",
    path: "/data/user/filter-groups",
    status: 201,
    jsonBody: true,
    operation: "mutation CreateSearchFilterGroup($input: CreateSearchFilterGroupInput!) { createSearchFilterGroup(input: $input) }",
    variables: ({ body }) => {
      const data = bodyObject(body);
      return {
        input: {
          name: requiredString(data, "name"),
          color: optionalString(data, "color"),
          listType: optionalString(data, "list_type"),
          projectId: optionalIdField(data, "project_id"),
          entityType: optionalString(data, "entity_type"),
          isShared: optionalBoolean(data, "is_shared"),
          departmentId: optionalIdField(data, "department_id"),
        },
      };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/filter-groups/{filter_group_id}",
    operation: "query SearchFilterGroup($id: ID!) { searchFilterGroupJson(id: $id) }",
    variables: ({ params }) => ({ id: pathId(params.filter_group_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/data/user/filter-groups/{filter_group_id}",
    jsonBody: true,
    operation: "mutation UpdateSearchFilterGroup($id: ID!, $input: UpdateSearchFilterGroupInput!) { updateSearchFilterGroup(id: $id, input: $input) }",
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      return {
        id: pathId(params.filter_group_id),
        input: {
          name: optionalString(data, "name"),
          color: optionalString(data, "color"),
          isShared: optionalBoolean(data, "is_shared"),
          projectId: optionalIdField(data, "project_id"),
          departmentId: optionalIdField(data, "department_id"),
        },
      };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/user/filter-groups/{filter_group_id}",
    status: 204,
    operation: "mutation DeleteSearchFilterGroup($id: ID!) { deleteSearchFilterGroup(id: $id) }",
    variables: ({ params }) => ({ id: pathId(params.filter_group_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/user/notifications",
    operation: `query ViewerNotifications($after: String, $before: String, $taskTypeId: String, $taskStatusId: String, $type: String, $read: Boolean, $watching: Boolean) {
      viewerNotificationsJson(after: $after, before: $before, taskTypeId: $taskTypeId, taskStatusId: $taskStatusId, type: $type, read: $read, watching: $watching)
    }`,
    variables: ({ query }) => ({
      after: queryText(query.after),
      before: queryText(query.before),
      taskTypeId: queryText(query.task_type_id),
      taskStatusId: queryText(query.task_status_id),
      type: queryText(query.type),
      read: queryBoolean(query.read, "read") ?? null,
      watching: queryBoolean(query.watching, "watching") ?? null,
    }),
  },
  {
    method: "GET",
    path: "/data/user/notifications/{notification_id}",
    operation: "query ViewerNotification($id: ID!) { viewerNotificationJson(id: $id) }",
    variables: ({ params }) => ({ id: pathId(params.notification_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/data/user/notifications/{notification_id}",
    jsonBody: true,
    operation: "mutation UpdateNotification($id: ID!, $read: Boolean) { markNotificationRead(id: $id, read: $read) { zouJson } }",
    variables: ({ params, body }) => {
      const read = optionalBoolean(bodyObject(body), "read");
      if (read === null) throw validationError("read", "Field required");
      return { id: pathId(params.notification_id), read };
    },
    shape: (data) => (data.markNotificationRead as { zouJson: unknown }).zouJson,
    // Zou looks the notification up among the caller's own: another person's is not found.
    errors: { NOT_FOUND: NOT_FOUND_ANSWER, FORBIDDEN: NOT_FOUND_ANSWER },
  },
];
