import { BadRequestError, type AppError } from "../errors.js";
import { bodyObject, type ErrorAnswer, type RestRoute } from "./route-table.js";

// Zou's project template routes beyond the generic CRUD ones: the template's
// task types, task statuses, asset types, status automations and preview
// backgrounds, its default background and descriptor definitions, and the
// template-from-project and apply-template actions. Zou sends these
// routes' 404 and 400 errors with a bare `{"message": …}` body.

function messageOnly(error: AppError): ErrorAnswer {
  return { status: error.status === 409 ? 400 : error.status, body: { message: error.message } };
}

const TEMPLATE_ERRORS: RestRoute["errors"] = { NOT_FOUND: messageOnly, BAD_USER_INPUT: messageOnly, CONFLICT: messageOnly };

const LIST_QUERIES = {
  "task-statuses": "projectTemplateTaskStatusesJson",
  "asset-types": "projectTemplateAssetTypesJson",
  "status-automations": "projectTemplateStatusAutomationsJson",
  "preview-background-files": "projectTemplatePreviewBackgroundFilesJson",
} as const;

const LINKS = [
  { segment: "task-types", param: "task_type_id", link: "taskType", list: false },
  { segment: "task-statuses", param: "task_status_id", link: "taskStatus", list: true },
  { segment: "asset-types", param: "asset_type_id", link: "assetType", list: true },
  { segment: "status-automations", param: "status_automation_id", link: "statusAutomation", list: true },
  { segment: "preview-background-files", param: "preview_background_file_id", link: "previewBackgroundFile", list: true },
] as const;

const ADD_LINK = `mutation AddTemplateLink($templateId: String!, $link: String!, $targetId: String, $priority: Int, $rolesForBoard: [String!]) {
  addProjectTemplateLink(templateId: $templateId, link: $link, targetId: $targetId, priority: $priority, rolesForBoard: $rolesForBoard)
}`;

const REMOVE_LINK = `mutation RemoveTemplateLink($templateId: String!, $link: String!, $targetId: String!) {
  removeProjectTemplateLink(templateId: $templateId, link: $link, targetId: $targetId)
}`;

/** Zou reads the priority as a whole number; anything else is a 400. */
function bodyPriority(body: Record<string, unknown>): number | null {
  const value = body.priority;
  if (value === undefined || value === null || value === "") return null;
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number)) throw new BadRequestError(`priority must be a whole number, got ${JSON.stringify(value).slice(0, 40)}.`);
  return number;
}

function linkRoutes(entry: (typeof LINKS)[number]): RestRoute[] {
  const collection = `/data/project-templates/{project_template_id}/${entry.segment}`;
  const routes: RestRoute[] = [];
  if (entry.list) {
    routes.push(
      {
        method: "GET",
        path: collection,
        operation: `query TemplateList($templateId: String!) { ${LIST_QUERIES[entry.segment]}(templateId: $templateId) }`,
        variables: ({ params }) => ({ templateId: params.project_template_id }),
        errors: TEMPLATE_ERRORS,
      },
      {
        method: "POST",
        path: collection,
        status: 201,
        operation: ADD_LINK,
        variables: ({ params, body }) => {
          const data = bodyObject(body);
          const target = data[entry.param];
          const priority = bodyPriority(data);
          const roles = Array.isArray(data.roles_for_board) ? data.roles_for_board.map(String) : null;
          return {
            templateId: params.project_template_id,
            link: entry.link,
            targetId: typeof target === "string" ? target : null,
            priority,
            rolesForBoard: roles !== null && roles.length > 0 ? roles : null,
          };
        },
        errors: TEMPLATE_ERRORS,
      },
    );
  }
  routes.push({
    method: "DELETE",
    path: `${collection}/{${entry.param}}`,
    status: 204,
    operation: REMOVE_LINK,
    variables: ({ params }) => ({ templateId: params.project_template_id, link: entry.link, targetId: params[entry.param] }),
    shape: () => undefined,
    errors: TEMPLATE_ERRORS,
  });
  return routes;
}

export const projectTemplateRoutes: readonly RestRoute[] = [
  ...LINKS.flatMap(linkRoutes),
  {
    method: "PUT",
    path: "/data/project-templates/{project_template_id}/default-preview-background-file",
    jsonBody: true,
    operation: `mutation SetTemplateDefaultBackground($templateId: String!, $backgroundId: String) {
      setProjectTemplateDefaultBackground(templateId: $templateId, previewBackgroundFileId: $backgroundId)
    }`,
    variables: ({ params, body }) => {
      const value = bodyObject(body).default_preview_background_file_id;
      return { templateId: params.project_template_id, backgroundId: value === undefined || value === null ? null : String(value) };
    },
    errors: TEMPLATE_ERRORS,
  },
  {
    method: "PUT",
    path: "/data/project-templates/{project_template_id}/metadata-descriptors",
    jsonBody: true,
    operation: `mutation SetTemplateDescriptors($templateId: String!, $descriptors: JSON) {
      setProjectTemplateMetadataDescriptors(templateId: $templateId, descriptors: $descriptors)
    }`,
    // Zou takes the list itself or an object wrapping it under metadata_descriptors.
    variables: ({ params, body }) => {
      const descriptors = Array.isArray(body) ? body : (bodyObject(body).metadata_descriptors ?? null);
      return { templateId: params.project_template_id, descriptors };
    },
    errors: TEMPLATE_ERRORS,
  },
  {
    method: "POST",
    path: "/data/project-templates/from-project/{project_id}",
    status: 201,
    operation: `mutation TemplateFromProject($projectId: String!, $name: JSON, $description: JSON) {
      createProjectTemplateFromProject(projectId: $projectId, name: $name, description: $description)
    }`,
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      return { projectId: params.project_id, name: data.name ?? null, description: data.description ?? null };
    },
    errors: TEMPLATE_ERRORS,
  },
  {
    method: "POST",
    path: "/data/projects/{project_id}/apply-template/{project_template_id}",
    operation: `mutation ApplyTemplate($projectId: String!, $templateId: String!) { applyProjectTemplate(projectId: $projectId, templateId: $templateId) }`,
    variables: ({ params }) => ({ projectId: params.project_id, templateId: params.project_template_id }),
    errors: TEMPLATE_ERRORS,
  },
];
