import { BadRequestError, type AppError } from "../errors.js";
import { zouErrorBody } from "./errors.js";
import { bodyObject, queryInteger, type ErrorAnswer, type QueryValue, type RestInput, type RestRoute } from "./route-table.js";

// Zou's files routes that gazu and Kitsu call: lists of working files,
// output files, output types, attachment files and preview files, the next
// output revision and the small working file actions. The binary routes
// (working file content) are Fastify routes in src/files/files.routes.ts.

function text(value: QueryValue): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === "" ? null : first;
}

/** Zou's output file filters from the query string; empty values are ignored, as Zou's `if task_type_id:` does. */
function outputFileFilters({ query }: RestInput): Record<string, string | null> {
  return {
    output_type_id: text(query.output_type_id),
    task_type_id: text(query.task_type_id),
    file_status_id: text(query.file_status_id),
    name: text(query.name),
    representation: text(query.representation),
  };
}

/**
 * Sends a file tree problem of the path routes as Zou does, in a `{"message": …}` body.
 * NOTE(compat): Zou also returns the request body as `received_data`, which this error mapping cannot see.
 */
function pathError(error: AppError): ErrorAnswer {
  return error.details?.bodyShape === "error-string" ? { status: 400, body: { message: error.message } } : zouErrorBody(error);
}

/** Sends the lookup and file tree problems of the creation routes in Zou's `{"error": message}` body. */
function creationError(error: AppError): ErrorAnswer {
  return error.details?.bodyShape === "error-string" ? { status: 400, body: { error: error.message } } : zouErrorBody(error);
}

function body(input: RestInput): Record<string, unknown> {
  return bodyObject(input.body);
}

export const filesRoutes: readonly RestRoute[] = [
  {
    method: "GET",
    path: "/data/tasks/{task_id}/working-files",
    operation: "query TaskWorkingFiles($taskId: String!) { taskWorkingFilesJson(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: params.task_id }),
  },
  {
    method: "GET",
    path: "/data/tasks/{task_id}/working-files/last-revisions",
    operation: "query TaskLastWorkingFiles($taskId: String!) { taskLastWorkingFilesJson(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: params.task_id }),
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/working-files",
    operation: "query EntityWorkingFiles($entityId: String!, $taskId: String, $name: String) { entityWorkingFilesJson(entityId: $entityId, taskId: $taskId, name: $name) }",
    variables: ({ params, query }) => ({ entityId: params.entity_id, taskId: text(query.task_id), name: text(query.name) }),
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/output-files",
    operation: "query EntityOutputFiles($entityId: String!, $filters: JSON) { entityOutputFilesJson(entityId: $entityId, filters: $filters) }",
    variables: (input) => ({ entityId: input.params.entity_id, filters: outputFileFilters(input) }),
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/output-files/last-revisions",
    operation: "query EntityLastOutputFiles($entityId: String!, $filters: JSON) { entityLastOutputFilesJson(entityId: $entityId, filters: $filters) }",
    variables: (input) => ({ entityId: input.params.entity_id, filters: outputFileFilters(input) }),
  },
  {
    // Zou's handler fails (500) before any check, so Kumiki serves the list gazu requests.
    method: "GET",
    path: "/data/asset-instances/{asset_instance_id}/output-files",
    operation: `query InstanceOutputFiles($assetInstanceId: String!, $temporalEntityId: String, $filters: JSON) {
      instanceOutputFilesJson(assetInstanceId: $assetInstanceId, temporalEntityId: $temporalEntityId, filters: $filters)
    }`,
    variables: (input) => ({ assetInstanceId: input.params.asset_instance_id, temporalEntityId: text(input.query.temporal_entity_id), filters: outputFileFilters(input) }),
  },
  {
    method: "GET",
    path: "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-files/last-revisions",
    operation: `query InstanceLastOutputFiles($assetInstanceId: String!, $temporalEntityId: String!, $filters: JSON) {
      instanceLastOutputFilesJson(assetInstanceId: $assetInstanceId, temporalEntityId: $temporalEntityId, filters: $filters)
    }`,
    variables: (input) => ({ assetInstanceId: input.params.asset_instance_id, temporalEntityId: input.params.temporal_entity_id, filters: outputFileFilters(input) }),
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/output-files",
    operation: "query ProjectOutputFiles($projectId: String!, $filters: JSON) { projectOutputFilesJson(projectId: $projectId, filters: $filters) }",
    variables: (input) => ({ projectId: input.params.project_id, filters: outputFileFilters(input) }),
  },
  {
    method: "GET",
    path: "/data/entities/{entity_id}/output-types",
    operation: "query EntityOutputTypes($entityId: String!) { entityOutputTypesJson(entityId: $entityId) }",
    variables: ({ params }) => ({ entityId: params.entity_id }),
  },
  {
    method: "GET",
    path: "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-types",
    operation: `query InstanceOutputTypes($assetInstanceId: String!, $temporalEntityId: String!) {
      instanceOutputTypesJson(assetInstanceId: $assetInstanceId, temporalEntityId: $temporalEntityId)
    }`,
    variables: ({ params }) => ({ assetInstanceId: params.asset_instance_id, temporalEntityId: params.temporal_entity_id }),
  },
  {
    method: "POST",
    path: "/data/entities/{entity_id}/output-files/next-revision",
    jsonBody: true,
    operation: "query EntityNextOutputRevision($entityId: String!, $body: JSON) { entityNextOutputRevision(entityId: $entityId, body: $body) }",
    variables: (input) => ({ entityId: input.params.entity_id, body: body(input) }),
    shape: (data) => ({ next_revision: data.entityNextOutputRevision }),
  },
  {
    method: "POST",
    path: "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-files/next-revision",
    jsonBody: true,
    operation: `query InstanceNextOutputRevision($assetInstanceId: String!, $temporalEntityId: String!, $body: JSON) {
      instanceNextOutputRevision(assetInstanceId: $assetInstanceId, temporalEntityId: $temporalEntityId, body: $body)
    }`,
    variables: (input) => ({ assetInstanceId: input.params.asset_instance_id, temporalEntityId: input.params.temporal_entity_id, body: body(input) }),
    shape: (data) => ({ next_revision: data.instanceNextOutputRevision }),
  },
  {
    method: "GET",
    path: "/data/tasks/{task_id}/attachment-files",
    operation: "query TaskAttachmentFiles($taskId: String!) { taskAttachmentFilesJson(taskId: $taskId) }",
    variables: ({ params }) => ({ taskId: params.task_id }),
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/attachment-files",
    operation: "query ProjectAttachmentFiles($projectId: String!) { projectAttachmentFilesJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: params.project_id }),
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/preview-files",
    operation: "query ProjectPreviewFiles($projectId: String!, $page: Int) { projectPreviewFilesJson(projectId: $projectId, page: $page) }",
    variables: ({ params, query }) => ({ projectId: params.project_id, page: queryInteger(query.page, "page") ?? null }),
  },
  ...([["shots", "Shot"], ["edits", "Edit"], ["concepts", "Concept"]] as const).map(([collection, kind]): RestRoute => ({
    method: "GET",
    path: `/data/${collection}/{${collection.slice(0, -1)}_id}/preview-files`,
    operation: "query KindPreviewFiles($kind: String!, $id: String!) { kindPreviewFilesJson(kind: $kind, id: $id) }",
    variables: ({ params }) => ({ kind, id: params[`${collection.slice(0, -1)}_id`] }),
  })),
  {
    method: "PUT",
    path: "/actions/working-files/{working_file_id}/comment",
    jsonBody: true,
    operation: "mutation SetWorkingFileComment($id: String!, $comment: String!) { setWorkingFileComment(id: $id, comment: $comment) }",
    // Zou validates the body before it loads the working file.
    variables: (input) => {
      const comment = body(input).comment;
      if (typeof comment !== "string") {
        throw new BadRequestError("Validation error.", { errors: [{ field: "comment", message: comment === undefined ? "Field required" : "Input should be a valid string" }] });
      }
      return { id: input.params.working_file_id, comment };
    },
  },
  {
    method: "PUT",
    path: "/actions/working-files/{working_file_id}/modified",
    operation: "mutation TouchWorkingFile($id: String!) { touchWorkingFile(id: $id) }",
    variables: ({ params }) => ({ id: params.working_file_id }),
  },
  {
    method: "PUT",
    path: "/actions/preview-files/{preview_file_id}/set-main-preview",
    operation: "mutation SetMainPreview($previewFileId: String!, $body: JSON) { setMainPreview(previewFileId: $previewFileId, body: $body) }",
    variables: (input) => ({ previewFileId: input.params.preview_file_id, body: body(input) }),
  },
  {
    method: "PUT",
    path: "/actions/preview-files/{preview_file_id}/update-annotations",
    jsonBody: true,
    operation: "mutation UpdatePreviewAnnotations($previewFileId: String!, $body: JSON) { updatePreviewAnnotations(previewFileId: $previewFileId, body: $body) }",
    variables: (input) => ({ previewFileId: input.params.preview_file_id, body: body(input) }),
  },
  {
    method: "POST",
    path: "/actions/tasks/{task_id}/comments/{comment_id}/preview-files/{preview_file_id}",
    status: 201,
    operation: `mutation AddExtraCommentPreview($taskId: String!, $commentId: String!, $previewFileId: String!) {
      addExtraCommentPreview(taskId: $taskId, commentId: $commentId, previewFileId: $previewFileId)
    }`,
    variables: ({ params }) => ({ taskId: params.task_id, commentId: params.comment_id, previewFileId: params.preview_file_id }),
  },
  {
    method: "POST",
    path: "/data/tasks/{task_id}/working-file-path",
    jsonBody: true,
    operation: "query WorkingFilePath($taskId: String!, $body: JSON) { workingFilePath(taskId: $taskId, body: $body) }",
    variables: (input) => ({ taskId: input.params.task_id, body: body(input) }),
    errors: { BAD_USER_INPUT: pathError },
  },
  {
    method: "POST",
    path: "/data/entities/{entity_id}/output-file-path",
    jsonBody: true,
    operation: "query EntityOutputFilePath($entityId: String!, $body: JSON) { entityOutputFilePath(entityId: $entityId, body: $body) }",
    variables: (input) => ({ entityId: input.params.entity_id, body: body(input) }),
    errors: { BAD_USER_INPUT: pathError },
  },
  {
    method: "POST",
    path: "/data/tasks/{task_id}/working-files/new",
    status: 201,
    jsonBody: true,
    operation: "mutation CreateTaskWorkingFile($taskId: String!, $body: JSON) { createTaskWorkingFile(taskId: $taskId, body: $body) }",
    variables: (input) => ({ taskId: input.params.task_id, body: body(input) }),
    errors: { BAD_USER_INPUT: creationError },
  },
  {
    method: "POST",
    path: "/data/entities/{entity_id}/output-files/new",
    status: 201,
    jsonBody: true,
    operation: "mutation CreateEntityOutputFile($entityId: String!, $body: JSON) { createEntityOutputFile(entityId: $entityId, body: $body) }",
    variables: (input) => ({ entityId: input.params.entity_id, body: body(input) }),
    errors: { BAD_USER_INPUT: creationError },
  },
  {
    method: "POST",
    path: "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-file-path",
    jsonBody: true,
    operation: `query InstanceOutputFilePath($assetInstanceId: String!, $temporalEntityId: String!, $body: JSON) {
      instanceOutputFilePath(assetInstanceId: $assetInstanceId, temporalEntityId: $temporalEntityId, body: $body)
    }`,
    variables: (input) => ({ assetInstanceId: input.params.asset_instance_id, temporalEntityId: input.params.temporal_entity_id, body: body(input) }),
    errors: { BAD_USER_INPUT: pathError },
  },
  {
    method: "POST",
    path: "/actions/projects/{project_id}/set-file-tree",
    jsonBody: true,
    operation: "mutation SetProjectFileTree($projectId: String!, $body: JSON) { setProjectFileTree(projectId: $projectId, body: $body) }",
    variables: (input) => ({ projectId: input.params.project_id, body: body(input) }),
  },
  // Zou serves the same resource at the snake_case path gazu calls and at a kebab-case one.
  ...["/data/entities/guess_from_path", "/data/entities/guess-from-path"].map((path): RestRoute => ({
    method: "POST",
    path,
    jsonBody: true,
    operation: "query GuessFromPath($body: JSON) { guessFromPath(body: $body) }",
    variables: (input) => ({ body: body(input) }),
    errors: { BAD_USER_INPUT: pathError },
  })),
];
