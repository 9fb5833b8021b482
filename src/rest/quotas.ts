import { BadRequestError } from "../errors.js";
import { ZOU_ERRORS, strictPathId, queryText, queryId } from "./inputs.js";
import type { RestInput, RestRoute } from "./route-table.js";

// Quotas and per-person time totals of the Quotas and Timesheets pages.
// Kitsu sends a query string starting with `?&` and empty values when no
// production is selected; empty values read as missing.

/** Reads a year, month, week or day of the path, or throws a 400 with the route's message. */
function pathNumber(value: string | undefined, message: string): number {
  if (value === undefined || !/^\d{1,4}$/.test(value)) throw new BadRequestError(message);
  return Number(value);
}

const QUOTA_SHOTS_FIELDS = "$personId: ID!, $year: Int!, $month: Int, $week: Int, $day: Int, $projectId: ID, $taskTypeId: ID, $countMode: String";
const QUOTA_SHOTS_ARGUMENTS = "personId: $personId, year: $year, month: $month, week: $week, day: $day, projectId: $projectId, taskTypeId: $taskTypeId, countMode: $countMode";

function quotaShotsVariables({ params, query }: RestInput): Record<string, unknown> {
  const message = "Invalid month or year.";
  return {
    personId: strictPathId(params.person_id),
    year: pathNumber(params.year, message),
    month: params.month === undefined ? null : pathNumber(params.month, message),
    week: params.week === undefined ? null : pathNumber(params.week, message),
    day: params.day === undefined ? null : pathNumber(params.day, message),
    projectId: queryId(query.project_id),
    taskTypeId: queryId(query.task_type_id),
    countMode: queryText(query.count_mode),
  };
}

function quotaShotsRoute(path: string): RestRoute {
  return {
    method: "GET",
    path,
    operation: `query PersonQuotaShots(${QUOTA_SHOTS_FIELDS}) { personQuotaShotsJson(${QUOTA_SHOTS_ARGUMENTS}) }`,
    variables: quotaShotsVariables,
    errors: ZOU_ERRORS,
  };
}

export const quotasRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/projects/{project_id}/quotas/persons/{person_id}",
    operation: `query ProjectPersonQuotas($projectId: ID!, $personId: ID!, $countMode: String, $studioId: ID) {
      projectPersonQuotasJson(projectId: $projectId, personId: $personId, countMode: $countMode, studioId: $studioId)
    }`,
    variables: ({ params, query }) => ({
      projectId: strictPathId(params.project_id),
      personId: strictPathId(params.person_id),
      countMode: queryText(query.count_mode),
      studioId: queryId(query.studio_id),
    }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/quotas/{task_type_id}",
    operation: `query ProjectTaskTypeQuotas($projectId: ID!, $taskTypeId: ID!, $countMode: String, $studioId: ID) {
      projectTaskTypeQuotasJson(projectId: $projectId, taskTypeId: $taskTypeId, countMode: $countMode, studioId: $studioId)
    }`,
    variables: ({ params, query }) => ({
      projectId: strictPathId(params.project_id),
      taskTypeId: strictPathId(params.task_type_id),
      countMode: queryText(query.count_mode),
      studioId: queryId(query.studio_id),
    }),
    errors: ZOU_ERRORS,
  },
  quotaShotsRoute("/data/persons/{person_id}/quota-shots/month/{year}/{month}"),
  quotaShotsRoute("/data/persons/{person_id}/quota-shots/week/{year}/{week}"),
  quotaShotsRoute("/data/persons/{person_id}/quota-shots/day/{year}/{month}/{day}"),
  {
    method: "GET",
    path: "/data/persons/{person_id}/time-spents/month/{year}/{month}",
    // NOTE(compat): Zou returns 404 for a month it cannot read. Kumiki returns 400, as for the other invalid dates.
    operation: `query PersonMonthTimeTotals($personId: ID!, $year: Int!, $month: Int!, $projectId: ID) {
      personMonthTimeTotalsJson(personId: $personId, year: $year, month: $month, projectId: $projectId)
    }`,
    variables: ({ params, query }) => ({
      personId: strictPathId(params.person_id),
      year: pathNumber(params.year, "Invalid month or year."),
      month: pathNumber(params.month, "Invalid month or year."),
      projectId: queryId(query.project_id),
    }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/persons/{person_id}/time-spents/day/{year}/{month}/{day}",
    operation: `query PersonDayTimeTotals($personId: ID!, $year: Int!, $month: Int!, $day: Int!, $projectId: ID) {
      personDayTimeTotalsJson(personId: $personId, year: $year, month: $month, day: $day, projectId: $projectId)
    }`,
    variables: ({ params, query }) => ({
      personId: strictPathId(params.person_id),
      year: pathNumber(params.year, "Invalid date format."),
      month: pathNumber(params.month, "Invalid date format."),
      day: pathNumber(params.day, "Invalid date format."),
      projectId: queryId(query.project_id),
    }),
    errors: ZOU_ERRORS,
  },
];
