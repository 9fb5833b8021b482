import { NotFoundError, type AppError } from "../errors.js";
import { zouErrorBody } from "./errors.js";
import type { ErrorAnswer, RestRoute } from "./route-table.js";

// Founding routes that need more than the generic CRUD entries: entity
// actions of a project, and reads whose Zou status differs from the generic
// route. Listed before the generic routes, so an entry here replaces the
// generic one with the same method and path.

/** Sends 400s in the shapes of Zou's output file routes: `{"message": …}` for lookups, `{"error": …}` for file tree problems. */
function outputFileError(error: AppError): ErrorAnswer {
  if (error.details?.bodyShape === "message-only") return { status: 400, body: { message: error.message } };
  if (error.details?.bodyShape === "error-string") return { status: 400, body: { error: error.message } };
  return zouErrorBody(error);
}

export const seedRoutes: readonly RestRoute[] = [
  {
    method: "POST",
    path: "/actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share",
    operation: `mutation ShareAssetTypeAssets($projectId: String!, $assetTypeId: String!, $body: JSON) {
      shareProjectAssetTypeAssets(projectId: $projectId, assetTypeId: $assetTypeId, body: $body)
    }`,
    // The body goes to the service unread: Zou checks the role before it validates the body.
    variables: ({ params, body }) => ({ projectId: params.project_id, assetTypeId: params.asset_type_id, body: body === "" ? null : (body ?? null) }),
  },
  {
    method: "DELETE",
    path: "/data/projects/{project_id}/entity-links/{entity_link_id}",
    operation: `mutation DeleteProjectEntityLink($projectId: String!, $entityLinkId: String!) {
      deleteProjectEntityLink(projectId: $projectId, entityLinkId: $entityLinkId)
    }`,
    variables: ({ params }) => ({ projectId: params.project_id, entityLinkId: params.entity_link_id }),
  },
  {
    // Zou reads output types through a service here, so a malformed id is a 404, not the generic 400.
    method: "GET",
    path: "/data/output-types/{instance_id}",
    operation: `query OutputTypeRecord($id: String!) { zouRecord(model: "output-types", id: $id, relations: true) }`,
    variables: ({ params }) => ({ id: params.instance_id }),
    errors: { BAD_USER_INPUT: () => zouErrorBody(new NotFoundError()) },
  },
  {
    method: "POST",
    path: "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-files/new",
    status: 201,
    operation: `mutation CreateInstanceOutputFile($assetInstanceId: String!, $temporalEntityId: String!, $body: JSON) {
      createInstanceOutputFile(assetInstanceId: $assetInstanceId, temporalEntityId: $temporalEntityId, body: $body)
    }`,
    variables: ({ params, body }) => ({ assetInstanceId: params.asset_instance_id, temporalEntityId: params.temporal_entity_id, body: body ?? null }),
    errors: { BAD_USER_INPUT: outputFileError },
  },
];
