import { queryInteger, type RestRoute } from "./route-table.js";
import { ZOU_ERRORS, pathId } from "./inputs.js";

// Zou's misc routes that gazu and Kitsu call: the notifications and task
// subscriptions of a project, for admins.

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
