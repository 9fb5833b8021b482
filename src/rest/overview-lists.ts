import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import { ZOU_ERRORS, queryText, queryId, queryTimestamp, queryNewsFilters } from "./inputs.js";
import { queryBoolean, queryInteger, type QueryValue, type RestRoute } from "./route-table.js";

// Cross-production lists of Kitsu's overview pages: open tasks, task dates per person, all projects, news and event names.

/** Reads Kitsu's person_id filter of the open tasks: "unassigned", or person ids separated by commas. */
function queryPersonIds(value: QueryValue): { personIds: string[] | null; unassigned: boolean } {
  const text = queryText(value);
  if (text === null) return { personIds: null, unassigned: false };
  if (text === "unassigned") return { personIds: null, unassigned: true };
  const ids = text.split(",").map((id) => id.trim());
  if (!ids.every((id) => isUuid(id))) throw new BadRequestError("Malformed ID.");
  return { personIds: ids.map((id) => id.toLowerCase()), unassigned: false };
}

/** Reads a whole number, negative ones included, as Zou's priority filter takes. */
function queryWholeNumber(value: QueryValue, name: string): number | null {
  const text = queryText(value);
  if (text === null) return null;
  if (!/^-?\d{1,9}$/.test(text)) throw new BadRequestError(`Invalid value for ${name}: expected a whole number, got "${text.slice(0, 40)}".`);
  return Number(text);
}

export const overviewListsRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/tasks/open-tasks",
    operation: `query OpenTasks($projectId: ID, $taskTypeId: ID, $taskStatusId: ID, $personIds: [ID!], $unassigned: Boolean, $studioId: ID, $departmentId: ID, $startDate: String, $dueDate: String, $priority: Int, $page: Int, $limit: Int) {
      openTasksJson(projectId: $projectId, taskTypeId: $taskTypeId, taskStatusId: $taskStatusId, personIds: $personIds, unassigned: $unassigned, studioId: $studioId, departmentId: $departmentId, startDate: $startDate, dueDate: $dueDate, priority: $priority, page: $page, limit: $limit)
    }`,
    // Zou fails with 500 on a malformed id or date in these filters, and Kumiki returns 400.
    variables: ({ query }) => ({
      projectId: queryId(query.project_id),
      taskTypeId: queryId(query.task_type_id),
      taskStatusId: queryId(query.task_status_id),
      ...queryPersonIds(query.person_id),
      studioId: queryId(query.studio_id),
      departmentId: queryId(query.department_id),
      startDate: queryTimestamp(query.start_date, "start_date"),
      dueDate: queryTimestamp(query.due_date, "due_date"),
      priority: queryWholeNumber(query.priority, "priority"),
      page: queryInteger(query.page, "page") ?? 1,
      limit: queryInteger(query.limit, "limit") ?? 100,
    }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/task-dates",
    operation: "query PersonsTaskDates($projectId: ID) { personsTaskDatesJson(projectId: $projectId) }",
    variables: ({ query }) => ({ projectId: queryId(query.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/all",
    operation: "query AllProjects($name: String) { allProjectsJson(name: $name) }",
    variables: ({ query }) => ({ name: queryText(query.name) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/news",
    operation: `query OpenProjectsNews($projectId: ID, $onlyPreview: Boolean, $taskTypeId: ID, $taskStatusId: ID, $episodeId: ID, $authorId: ID, $after: String, $before: String, $page: Int, $limit: Int) {
      openProjectsNewsJson(projectId: $projectId, onlyPreview: $onlyPreview, taskTypeId: $taskTypeId, taskStatusId: $taskStatusId, episodeId: $episodeId, authorId: $authorId, after: $after, before: $before, page: $page, limit: $limit)
    }`,
    variables: ({ query }) => ({ projectId: queryId(query.project_id), ...queryNewsFilters(query) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/events/names",
    operation: "query EventNames { eventNamesJson }",
  },
];
