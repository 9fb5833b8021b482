import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import { projectTemplateRoutes } from "./project-templates.js";
import { bodyObject, type RestInput, type RestRoute } from "./route-table.js";
import { ZOU_ERRORS, pathId, validationError } from "./inputs.js";

// Zou's projects routes that gazu and Kitsu call: project settings (task
// statuses, task types, asset types, status automations, preview
// backgrounds), team, milestones, metadata descriptors and budgets. The
// project list, read, update and delete are the generic CRUD routes; team
// POST, descriptor POST and budget DELETE are in seed-b.ts. Each entry runs
// one operation of src/projects/ that returns Zou's JSON.

/** Returns the lower-cased id, or throws 400 "Wrong UUID format." for a malformed one, as the budget DELETE route does. */
function budgetPathId(value: string | undefined): string {
  if (!isUuid(value)) throw new BadRequestError("Wrong UUID format.");
  return value.toLowerCase();
}

/** Reads a required text field of the body, as Zou's argument parser does: 400 when missing or empty. */
function requiredText(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || value === "") throw validationError(field, "Field required");
  if (typeof value !== "string") throw validationError(field, "Not a valid string.");
  return value;
}

function optionalText(body: Record<string, unknown>, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== "string") throw validationError(field, "Not a valid string.");
  return value;
}

function optionalNumber(body: Record<string, unknown>, field: string, whole: boolean): number | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null || value === "") return null;
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number) || (whole && !Number.isInteger(number))) {
    throw validationError(field, whole ? "Not a valid integer." : "Not a valid number.");
  }
  return number;
}

function optionalTextList(body: Record<string, unknown>, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) throw validationError(field, "Not a valid list of strings.");
  return value;
}

/** Reads the department ids of a descriptor body: ids, or department objects as gazu may send them. */
function departmentIds(body: Record<string, unknown>): string[] | undefined {
  const value = body.departments;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw validationError("departments", "Not a valid list.");
  return value.map((item) => {
    if (typeof item === "string") return item;
    if (typeof item === "object" && item !== null && typeof (item as { id?: unknown }).id === "string") return (item as { id: string }).id;
    throw validationError("departments", "Not a valid list of department ids.");
  });
}

/** Builds a settings route that enables one target in the project and returns 201 with the project. */
function addSettingRoute(segment: string, bodyField: string, mutation: string, argument: string): RestRoute {
  return {
    method: "POST",
    path: `/data/projects/{project_id}/settings/${segment}`,
    status: 201,
    operation: `mutation AddSetting($projectId: ID!, $targetId: ID!) { ${mutation}(projectId: $projectId, ${argument}: $targetId) { zouJson } }`,
    // Zou reads the body before it loads the project.
    variables: ({ params, body }) => {
      const targetId = requiredText(bodyObject(body), bodyField);
      return { projectId: pathId(params.project_id), targetId };
    },
    shape: (data) => (data[mutation] as { zouJson: unknown }).zouJson,
    errors: ZOU_ERRORS,
  };
}

/** Builds a settings route that disables one target in the project and returns 204. */
function removeSettingRoute(segment: string, param: string, setting: string): RestRoute {
  return {
    method: "DELETE",
    path: `/data/projects/{project_id}/settings/${segment}/{${param}}`,
    status: 204,
    operation: `mutation RemoveSetting($projectId: ID!, $targetId: ID!) { removeProjectSetting(projectId: $projectId, setting: "${setting}", targetId: $targetId) { id } }`,
    variables: ({ params }) => ({ projectId: pathId(params.project_id), targetId: pathId(params[param]) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  };
}

/** Builds a read route of the project that runs one *Json query taking the project id. */
function projectListRoute(suffix: string, query: string): RestRoute {
  return {
    method: "GET",
    path: `/data/projects/{project_id}/${suffix}`,
    operation: `query ProjectList($projectId: ID!) { ${query}(projectId: $projectId) }`,
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
    errors: ZOU_ERRORS,
  };
}

/** Reads for_client as a JSON boolean or as Zou's form strings "True" and "False"; undefined when absent. */
function forClientFlag(body: Record<string, unknown>): boolean | undefined {
  const value = body.for_client;
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === "True" || value === "true") return true;
  if (value === "False" || value === "false") return false;
  throw validationError("for_client", "Not a valid boolean.");
}

function descriptorChanges(body: Record<string, unknown>): Record<string, unknown> {
  return {
    name: optionalText(body, "name") ?? undefined,
    dataType: optionalText(body, "data_type") ?? undefined,
    choices: optionalTextList(body, "choices"),
    forClient: forClientFlag(body),
    position: optionalNumber(body, "position", true) ?? undefined,
    departmentIds: departmentIds(body),
  };
}

/** Reads Zou's budget entry fields from the body of a create or update. */
function budgetEntryInput(body: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {
    departmentId: optionalText(body, "department_id") ?? undefined,
    startDate: optionalText(body, "start_date") ?? undefined,
    monthsDuration: optionalNumber(body, "months_duration", true) ?? undefined,
    dailySalary: optionalNumber(body, "daily_salary", false) ?? undefined,
    position: optionalText(body, "position") ?? undefined,
    seniority: optionalText(body, "seniority") ?? undefined,
  };
  const personId = optionalText(body, "person_id");
  if (personId !== undefined) input.personId = personId === "" ? null : personId;
  if (body.exceptions !== undefined) input.exceptions = body.exceptions;
  return input;
}

function budgetParams({ params }: RestInput): { projectId: string; budgetId: string } {
  return { projectId: budgetPathId(params.project_id), budgetId: budgetPathId(params.budget_id) };
}

const projectRecordRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/projects/open",
    operation: "query OpenProjects($name: String) { openProjectsJson(name: $name) }",
    variables: ({ query }) => {
      const name = Array.isArray(query.name) ? query.name[0] : query.name;
      return { name: name ?? null };
    },
  },
  {
    // The projects service removes the project's settings, team, schedule and
    // events with it, which the generic delete does not.
    // NOTE(compat): force is not read. A project that still has entities or
    // tasks gets a 400 with or without it, where Zou's force purges them.
    method: "DELETE",
    // Named as in the generic route, so that this entry replaces it.
    path: "/data/projects/{instance_id}",
    status: 204,
    operation: "mutation DeleteProject($id: ID!) { deleteProject(id: $id) }",
    variables: ({ params }) => ({ id: pathId(params.instance_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
];

const settingsRoutes: RestRoute[] = [
  projectListRoute("settings/task-status", "projectTaskStatusesJson"),
  addSettingRoute("task-status", "task_status_id", "addProjectTaskStatus", "taskStatusId"),
  removeSettingRoute("task-status", "task_status_id", "taskStatus"),
  removeSettingRoute("task-types", "task_type_id", "taskType"),
  addSettingRoute("asset-types", "asset_type_id", "addProjectAssetType", "assetTypeId"),
  projectListRoute("settings/status-automations", "projectStatusAutomationsJson"),
  addSettingRoute("status-automations", "status_automation_id", "addProjectStatusAutomation", "statusAutomationId"),
  removeSettingRoute("status-automations", "status_automation_id", "statusAutomation"),
  projectListRoute("settings/preview-background-files", "projectPreviewBackgroundFilesJson"),
  addSettingRoute("preview-background-files", "preview_background_file_id", "addProjectPreviewBackgroundFile", "previewBackgroundFileId"),
  removeSettingRoute("preview-background-files", "preview_background_file_id", "previewBackgroundFile"),
];

const teamRoutes: RestRoute[] = [
  projectListRoute("team", "projectTeamJson"),
  {
    method: "DELETE",
    path: "/data/projects/{project_id}/team/{person_id}",
    status: 204,
    operation: "mutation RemoveTeamMember($projectId: ID!, $personId: ID!) { removeTeamMember(projectId: $projectId, personId: $personId) { id } }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id), personId: pathId(params.person_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
  projectListRoute("milestones", "projectMilestonesJson"),
];

const descriptorRoutes: RestRoute[] = [
  projectListRoute("metadata-descriptors", "projectMetadataDescriptorsJson"),
  {
    method: "GET",
    path: "/data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}",
    operation: "query Descriptor($projectId: ID!, $id: ID!) { projectMetadataDescriptorJson(projectId: $projectId, id: $id) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id), id: pathId(params.metadata_descriptor_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}",
    operation: `mutation UpdateDescriptor($projectId: ID!, $id: ID!, $input: UpdateMetadataDescriptorInput!) {
      updateProjectMetadataDescriptorJson(projectId: $projectId, id: $id, input: $input)
    }`,
    variables: ({ params, body }) => ({
      projectId: pathId(params.project_id),
      id: pathId(params.metadata_descriptor_id),
      input: descriptorChanges(bodyObject(body)),
    }),
    errors: ZOU_ERRORS,
  },
  {
    // NOTE(compat): gazu sends force=True; the descriptor goes either way, so the flag is not read.
    method: "DELETE",
    path: "/data/projects/{project_id}/metadata-descriptors/{metadata_descriptor_id}",
    status: 204,
    operation: "mutation DeleteDescriptor($projectId: ID!, $id: ID!) { deleteProjectMetadataDescriptor(projectId: $projectId, id: $id) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id), id: pathId(params.metadata_descriptor_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/projects/{project_id}/metadata-descriptors/reorder",
    operation: `mutation ReorderDescriptors($projectId: ID!, $entityType: String!, $ids: [ID!]!) {
      reorderProjectMetadataDescriptorsJson(projectId: $projectId, entityType: $entityType, descriptorIds: $ids)
    }`,
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      const entityType = requiredText(data, "entity_type");
      const ids = optionalTextList(data, "descriptor_ids");
      if (ids === undefined) throw validationError("descriptor_ids", "Field required");
      return { projectId: pathId(params.project_id), entityType, ids };
    },
    errors: ZOU_ERRORS,
  },
];

const budgetRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/projects/{project_id}/budgets",
    operation: "query Budgets($projectId: ID!) { projectBudgetsJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: budgetPathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/projects/{project_id}/budgets",
    operation: "mutation CreateBudget($projectId: ID!, $name: String!, $currency: String) { createProjectBudgetJson(projectId: $projectId, name: $name, currency: $currency) }",
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      return { projectId: budgetPathId(params.project_id), name: requiredText(data, "name"), currency: optionalText(data, "currency") ?? null };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/budgets/{budget_id}",
    operation: "query Budget($projectId: ID!, $budgetId: ID!) { projectBudgetJson(projectId: $projectId, id: $budgetId) }",
    variables: budgetParams,
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/data/projects/{project_id}/budgets/{budget_id}",
    operation: `mutation UpdateBudget($projectId: ID!, $budgetId: ID!, $name: String, $currency: String) {
      updateProjectBudgetJson(projectId: $projectId, id: $budgetId, name: $name, currency: $currency)
    }`,
    variables: (input) => {
      const data = bodyObject(input.body);
      return { ...budgetParams(input), name: optionalText(data, "name") ?? null, currency: optionalText(data, "currency") ?? null };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/budgets/{budget_id}/entries",
    operation: "query BudgetEntries($projectId: ID!, $budgetId: ID!) { projectBudgetEntriesJson(projectId: $projectId, budgetId: $budgetId) }",
    variables: budgetParams,
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/projects/{project_id}/budgets/{budget_id}/entries",
    operation: `mutation CreateBudgetEntry($projectId: ID!, $budgetId: ID!, $input: BudgetEntryInput!) {
      createProjectBudgetEntryJson(projectId: $projectId, budgetId: $budgetId, input: $input)
    }`,
    variables: (input) => {
      const data = bodyObject(input.body);
      requiredText(data, "department_id");
      return { ...budgetParams(input), input: budgetEntryInput(data) };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/budgets/{budget_id}/entries/{entry_id}",
    operation: "query BudgetEntry($projectId: ID!, $budgetId: ID!, $id: ID!) { projectBudgetEntryJson(projectId: $projectId, budgetId: $budgetId, id: $id) }",
    variables: (input) => ({ ...budgetParams(input), id: budgetPathId(input.params.entry_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/data/projects/{project_id}/budgets/{budget_id}/entries/{entry_id}",
    operation: `mutation UpdateBudgetEntry($projectId: ID!, $budgetId: ID!, $id: ID!, $input: BudgetEntryInput!) {
      updateProjectBudgetEntryJson(projectId: $projectId, budgetId: $budgetId, id: $id, input: $input)
    }`,
    variables: (input) => ({ ...budgetParams(input), id: budgetPathId(input.params.entry_id), input: budgetEntryInput(bodyObject(input.body)) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/projects/{project_id}/budgets/{budget_id}/entries/{entry_id}",
    status: 204,
    operation: "mutation DeleteBudgetEntry($projectId: ID!, $budgetId: ID!, $id: ID!) { deleteProjectBudgetEntry(projectId: $projectId, budgetId: $budgetId, id: $id) }",
    variables: (input) => ({ ...budgetParams(input), id: budgetPathId(input.params.entry_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
];

export const projectsRoutes: readonly RestRoute[] = [...projectRecordRoutes, ...settingsRoutes, ...teamRoutes, ...descriptorRoutes, ...budgetRoutes, ...projectTemplateRoutes];
