import { NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { NOT_FOUND_MESSAGE } from "./errors.js";
import { queryInteger, type RestRoute } from "./route-table.js";

// Zou's misc routes that gazu and Kitsu call: the notifications and task
// subscriptions of a project, for admins.

/** Zou sends its standard 404 body for an unknown project. */
const ZOU_ERRORS: RestRoute["errors"] = { NOT_FOUND: () => ({ status: 404, body: { error: true, message: NOT_FOUND_MESSAGE } }) };

/** Returns the lower-cased id, or throws NOT_FOUND for a malformed one, as Zou's service-backed routes do. */
function pathId(value: string | undefined): string {
  if (!isUuid(value)) throw new NotFoundError();
  return value.toLowerCase();
}

export const miscRoutes: readonly RestRoute[] = [
  {
    method: "GET",
    path: "/data/projects/{project_id}/notifications",
    operation: "query ProjectNotifications($projectId: ID!, $page: Int) { projectNotificationsJson(projectId: $projectId, page: $page) }",
    variables: ({ params, query }) => ({ projectId: pathId(params.project_id), page: queryInteger(query.page, "page", 0) ?? null }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/subscriptions",
    operation: "query ProjectSubscriptions($projectId: ID!) { projectSubscriptionsJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
];
