import { crudModels } from "../crud/crud.models.js";
import { getRecord } from "../crud/crud.service.js";
import { BadRequestError, type AppError } from "../errors.js";
import { zouErrorBody } from "./errors.js";
import { bodyObject, queryBoolean, queryInteger, type ErrorAnswer, type QueryValue, type RestInput, type RestRoute } from "./route-table.js";

// Zou's crud area: the generic /data/<model> routes of every registered
// model, and the few link and reorder routes Zou files beside them. Every
// entry runs one of the generic GraphQL fields of src/crud.

/** Query-string parameters of a generic list that are not column filters. */
const LIST_PARAMETERS = new Set(["page", "limit", "relations", "fields"]);

const LIST = `query ZouRecords($model: String!, $filters: JSON, $page: Int, $limit: Int, $relations: Boolean, $fields: [String!]) {
  zouRecords(model: $model, filters: $filters, page: $page, limit: $limit, relations: $relations, fields: $fields)
}`;
const GET = `query ZouRecord($model: String!, $id: String!, $relations: Boolean) {
  zouRecord(model: $model, id: $id, relations: $relations)
}`;
const CREATE = `mutation CreateZouRecord($model: String!, $data: JSON) {
  createZouRecord(model: $model, data: $data)
}`;
const UPDATE = `mutation UpdateZouRecord($model: String!, $id: String!, $data: JSON) {
  updateZouRecord(model: $model, id: $id, data: $data)
}`;
const DELETE = `mutation DeleteZouRecord($model: String!, $id: String!, $force: Boolean) {
  deleteZouRecord(model: $model, id: $id, force: $force)
}`;

function firstValue(value: QueryValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Zou returns its generic constraint errors with a bare `{"message": …}` body. */
function messageOnly(error: AppError): ErrorAnswer {
  if (error.code === "CONFLICT" || error.details?.bodyShape === "message-only") return { status: 400, body: { message: error.message } };
  return zouErrorBody(error);
}

const CRUD_ERRORS: RestRoute["errors"] = { BAD_USER_INPUT: messageOnly, CONFLICT: messageOnly };

/** A JSON `null` body reaches the service as null, for Zou's "Data are empty" response. */
function jsonBody(input: RestInput): unknown {
  return input.body === null ? null : bodyObject(input.body);
}

function listVariables(model: string) {
  return ({ query }: RestInput) => {
    const filters: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) {
      const text = firstValue(value);
      if (LIST_PARAMETERS.has(key) || text === undefined) continue;
      filters[key] = text;
    }
    const fields = firstValue(query.fields)
      ?.split(",")
      .map((name) => name.trim())
      .filter((name) => name !== "");
    return {
      model,
      filters,
      page: queryInteger(query.page, "page") ?? null,
      limit: queryInteger(query.limit, "limit") ?? null,
      relations: queryBoolean(query.relations, "relations") ?? false,
      fields: fields ?? null,
    };
  };
}

/** The five generic routes of one model. */
function modelRoutes(model: string): RestRoute[] {
  const collection = `/data/${model}`;
  const instance = `/data/${model}/{instance_id}`;
  return [
    { method: "GET", path: collection, operation: LIST, variables: listVariables(model), errors: CRUD_ERRORS },
    { method: "POST", path: collection, operation: CREATE, jsonBody: true, status: 201, variables: (input) => ({ model, data: jsonBody(input) }), errors: CRUD_ERRORS },
    {
      method: "GET",
      path: instance,
      operation: GET,
      variables: ({ params, query }) => ({ model, id: params.instance_id, relations: queryBoolean(query.relations, "relations") ?? true }),
      // The most frequent read of pipeline scripts: served without GraphQL execution.
      direct: (variables, ctx) => getRecord(ctx, model, variables.id as string, variables.relations as boolean),
      errors: CRUD_ERRORS,
    },
    {
      method: "PUT",
      path: instance,
      operation: UPDATE,
      jsonBody: true,
      variables: (input) => ({ model, id: input.params.instance_id, data: jsonBody(input) }),
      errors: CRUD_ERRORS,
    },
    {
      method: "DELETE",
      path: instance,
      operation: DELETE,
      status: 204,
      variables: ({ params, query }) => ({ model, id: params.instance_id, force: queryBoolean(query.force, "force") ?? false }),
      shape: () => undefined,
      errors: CRUD_ERRORS,
    },
  ];
}

function idList(body: Record<string, unknown>, key: string): string[] {
  const value = body[key];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new BadRequestError(`Request body must be a JSON object with a '${key}' list.`);
  }
  return value;
}

const linkRoutes: RestRoute[] = [
  {
    method: "POST",
    path: "/data/task-type-links",
    status: 201,
    operation: `mutation LinkTaskType($projectId: String!, $taskTypeId: String!, $priority: Int) {
      linkTaskTypeToProject(projectId: $projectId, taskTypeId: $taskTypeId, priority: $priority)
    }`,
    variables: ({ body }) => {
      const data = bodyObject(body);
      return { projectId: String(data.project_id ?? ""), taskTypeId: String(data.task_type_id ?? ""), priority: data.priority ?? null };
    },
  },
  {
    method: "POST",
    path: "/data/task-status-links",
    status: 201,
    operation: `mutation LinkTaskStatus($projectId: String!, $taskStatusId: String!, $priority: Int, $rolesForBoard: [String!]) {
      linkTaskStatusToProject(projectId: $projectId, taskStatusId: $taskStatusId, priority: $priority, rolesForBoard: $rolesForBoard)
    }`,
    variables: ({ body }) => {
      const data = bodyObject(body);
      return {
        projectId: String(data.project_id ?? ""),
        taskStatusId: String(data.task_status_id ?? ""),
        priority: data.priority ?? null,
        rolesForBoard: data.roles_for_board ?? null,
      };
    },
  },
  {
    method: "POST",
    path: "/actions/task-types/reorder",
    operation: `mutation ReorderTaskTypes($taskTypeIds: [String!]!) { reorderTaskTypes(taskTypeIds: $taskTypeIds) }`,
    variables: ({ body }) => ({ taskTypeIds: idList(bodyObject(body), "task_type_ids") }),
  },
  {
    method: "POST",
    path: "/actions/projects/{project_id}/task-type-links/reorder",
    operation: `mutation ReorderTaskTypeLinks($projectId: String!, $taskTypeIds: [String!]!) {
      reorderProjectTaskTypeLinks(projectId: $projectId, taskTypeIds: $taskTypeIds)
    }`,
    variables: ({ params, body }) => ({ projectId: params.project_id, taskTypeIds: idList(bodyObject(body), "task_type_ids") }),
  },
  {
    method: "POST",
    path: "/actions/projects/{project_id}/task-status-links/reorder",
    operation: `mutation ReorderTaskStatusLinks($projectId: String!, $taskStatusIds: [String!]!) {
      reorderProjectTaskStatusLinks(projectId: $projectId, taskStatusIds: $taskStatusIds)
    }`,
    variables: ({ params, body }) => ({ projectId: params.project_id, taskStatusIds: idList(bodyObject(body), "task_status_ids") }),
  },
];

export const crudRoutes: readonly RestRoute[] = [...crudModels.flatMap((model) => modelRoutes(model.path)), ...linkRoutes];
