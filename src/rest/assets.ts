import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import { bodyObject, queryBoolean, queryInteger, type QueryValue, type RestRoute } from "./route-table.js";
import { ZOU_ERRORS, pathId, strictPathId, validationError } from "./inputs.js";

// Zou's assets routes that gazu and Kitsu call: assets, asset types, casting
// and the project's casting links. Each entry runs one query or mutation of
// src/entities/asset-json.resolver.ts (or the entity mutations), which return
// Zou's JSON, so the entries only read the request and set status codes.

/** Turns the query string into column filters, keeping the first value of a repeated key. */
function queryFilters(query: Record<string, QueryValue>): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const text = Array.isArray(value) ? value[0] : value;
    if (text !== undefined) filters[key] = text;
  }
  return filters;
}

/** Reads Zou's new asset body: a non-empty name, optional description, data object, shared flag and episode id. */
function newAssetBody(body: unknown) {
  const data = bodyObject(body);
  const name = data.name;
  if (name === undefined || name === null) throw validationError("name", "Field required");
  if (typeof name !== "string") throw validationError("name", "Input should be a valid string");
  if (name.length === 0) throw validationError("name", "String should have at least 1 character");
  const description = data.description ?? null;
  if (description !== null && typeof description !== "string") throw validationError("description", "Input should be a valid string");
  const metadata = data.data ?? {};
  if (typeof metadata !== "object" || Array.isArray(metadata)) throw validationError("data", "Input should be a valid dictionary");
  const isShared = data.is_shared ?? false;
  if (typeof isShared !== "boolean") throw validationError("is_shared", "Input should be a valid boolean");
  const episodeId = data.episode_id ?? null;
  if (episodeId !== null && !isUuid(episodeId)) throw validationError("episode_id", "Input should be a valid UUID");
  return { name, description, data: metadata, isShared, episodeId: episodeId === null ? null : episodeId.toLowerCase() };
}

const LIST_ASSETS = `query Assets($filters: JSON, $projectId: ID, $assetTypeId: ID) {
  assetsJson(filters: $filters, projectId: $projectId, assetTypeId: $assetTypeId)
}`;

const assetRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/projects/{project_id}/assets",
    operation: LIST_ASSETS,
    variables: ({ params, query }) => ({ projectId: strictPathId(params.project_id), filters: queryFilters(query) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/assets/all",
    operation: LIST_ASSETS,
    variables: ({ query }) => ({ filters: queryFilters(query) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/assets",
    operation: LIST_ASSETS,
    variables: ({ query }) => ({ filters: queryFilters(query) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/asset-types/{asset_type_id}/assets",
    operation: LIST_ASSETS,
    variables: ({ params, query }) => ({ projectId: strictPathId(params.project_id), assetTypeId: strictPathId(params.asset_type_id), filters: queryFilters(query) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/shots/{shot_id}/assets",
    operation: "query ShotAssets($shotId: ID!) { shotAssetsJson(shotId: $shotId) }",
    variables: ({ params }) => ({ shotId: pathId(params.shot_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/assets/{asset_id}",
    operation: "query Asset($id: ID!) { assetJson(id: $id) }",
    variables: ({ params }) => ({ id: pathId(params.asset_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/projects/{project_id}/asset-types/{asset_type_id}/assets/new",
    status: 201,
    operation: `mutation NewAsset($projectId: ID!, $assetTypeId: ID!, $name: String!, $description: String, $data: JSON, $isShared: Boolean, $episodeId: ID) {
      createAssetJson(projectId: $projectId, assetTypeId: $assetTypeId, name: $name, description: $description, data: $data, isShared: $isShared, episodeId: $episodeId)
    }`,
    variables: ({ params, body }) => {
      const fields = newAssetBody(body);
      return { projectId: strictPathId(params.project_id), assetTypeId: pathId(params.asset_type_id), ...fields };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/assets/{asset_id}",
    status: 204,
    operation: "mutation DeleteAsset($id: ID!, $force: Boolean) { deleteAsset(id: $id, force: $force) { id } }",
    variables: ({ params, query }) => ({ id: pathId(params.asset_id), force: queryBoolean(query.force, "force") ?? false }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
];

const assetTypeRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/asset-types",
    operation: "query AssetTypes($filters: JSON) { assetTypesJson(filters: $filters) }",
    variables: ({ query }) => ({ filters: queryFilters(query) }),
  },
  {
    method: "GET",
    path: "/data/asset-types/{asset_type_id}",
    operation: "query AssetType($id: ID!) { assetTypeJson(id: $id) }",
    variables: ({ params }) => ({ id: pathId(params.asset_type_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/asset-types",
    operation: "query ProjectAssetTypes($projectId: ID!) { projectAssetTypesJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: strictPathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/shots/{shot_id}/asset-types",
    operation: "query ShotAssetTypes($shotId: ID!) { shotAssetTypesJson(shotId: $shotId) }",
    variables: ({ params }) => ({ shotId: pathId(params.shot_id) }),
    errors: ZOU_ERRORS,
  },
];

const castingRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/projects/{project_id}/entities/{entity_id}/casting",
    operation: "query EntityCasting($projectId: ID!, $entityId: ID!) { entityCastingJson(projectId: $projectId, entityId: $entityId) }",
    variables: ({ params }) => ({ projectId: strictPathId(params.project_id), entityId: pathId(params.entity_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "PUT",
    path: "/data/projects/{project_id}/entities/{entity_id}/casting",
    jsonBody: true,
    operation: "mutation ReplaceCasting($projectId: ID!, $entityId: ID!, $casting: JSON) { replaceCastingJson(projectId: $projectId, entityId: $entityId, casting: $casting) }",
    // Zou checks the body's shape before the role.
    variables: ({ params, body }) => {
      if (!Array.isArray(body)) throw new BadRequestError("Request body must be a JSON array");
      return { projectId: strictPathId(params.project_id), entityId: pathId(params.entity_id), casting: body };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/sequences/{sequence_id}/casting",
    operation: "query SequenceCasting($projectId: ID!, $sequenceId: ID!) { sequenceCastingJson(projectId: $projectId, sequenceId: $sequenceId) }",
    variables: ({ params }) => ({ projectId: strictPathId(params.project_id), sequenceId: pathId(params.sequence_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/asset-types/{asset_type_id}/casting",
    operation: "query AssetTypeCasting($projectId: ID!, $assetTypeId: ID!) { assetTypeCastingJson(projectId: $projectId, assetTypeId: $assetTypeId) }",
    variables: ({ params }) => ({ projectId: strictPathId(params.project_id), assetTypeId: pathId(params.asset_type_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/episodes/casting",
    operation: "query EpisodesCasting($projectId: ID!) { episodesCastingJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: strictPathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/assets/{asset_id}/cast-in",
    operation: "query AssetCastIn($assetId: ID!) { assetCastInJson(assetId: $assetId) }",
    variables: ({ params }) => ({ assetId: pathId(params.asset_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/entity-links",
    operation: `query ProjectEntityLinks($projectId: ID!, $page: Int, $limit: Int, $cursorCreatedAt: String) {
      projectEntityLinksJson(projectId: $projectId, page: $page, limit: $limit, cursorCreatedAt: $cursorCreatedAt)
    }`,
    variables: ({ params, query }) => {
      const cursor = Array.isArray(query.cursor_created_at) ? query.cursor_created_at[0] : query.cursor_created_at;
      return {
        projectId: strictPathId(params.project_id),
        page: queryInteger(query.page, "page") ?? null,
        limit: queryInteger(query.limit, "limit") ?? null,
        cursorCreatedAt: cursor ?? null,
      };
    },
    errors: ZOU_ERRORS,
  },
];

/** Reads a required id field of a JSON body, with Zou's validation error when missing or malformed. */
function bodyId(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) throw validationError(field, "Field required");
  if (!isUuid(value)) throw validationError(field, "Input should be a valid UUID");
  return value.toLowerCase();
}

function optionalDescription(body: Record<string, unknown>): string | null {
  const value = body.description ?? null;
  if (value !== null && typeof value !== "string") throw validationError("description", "Input should be a valid string");
  return value;
}

const instanceRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/assets/{asset_id}/shot-asset-instances",
    operation: "query AssetShotInstances($assetId: ID!) { assetShotInstancesJson(assetId: $assetId) }",
    variables: ({ params }) => ({ assetId: pathId(params.asset_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/assets/{asset_id}/scene-asset-instances",
    operation: "query AssetSceneInstances($assetId: ID!) { assetSceneInstancesJson(assetId: $assetId) }",
    variables: ({ params }) => ({ assetId: pathId(params.asset_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/assets/{asset_id}/asset-asset-instances",
    operation: "query AssetInnerInstances($assetId: ID!) { assetInnerInstancesJson(assetId: $assetId) }",
    variables: ({ params }) => ({ assetId: pathId(params.asset_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/assets/{asset_id}/asset-asset-instances",
    status: 201,
    operation: `mutation NewAssetAssetInstance($targetAssetId: ID!, $assetId: ID!, $description: String) {
      createAssetAssetInstance(targetAssetId: $targetAssetId, assetId: $assetId, description: $description)
    }`,
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      return { assetId: bodyId(data, "asset_to_instantiate_id"), description: optionalDescription(data), targetAssetId: pathId(params.asset_id) };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/shots/{shot_id}/asset-instances",
    operation: "query ShotAssetInstances($shotId: ID!) { shotAssetInstancesJson(shotId: $shotId) }",
    variables: ({ params }) => ({ shotId: pathId(params.shot_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/shots/{shot_id}/asset-instances",
    status: 201,
    operation: "mutation AttachAssetInstance($shotId: ID!, $assetInstanceId: ID!) { attachAssetInstanceToShot(shotId: $shotId, assetInstanceId: $assetInstanceId) }",
    variables: ({ params, body }) => ({ assetInstanceId: bodyId(bodyObject(body), "asset_instance_id"), shotId: pathId(params.shot_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/shots/{shot_id}/asset-instances/{asset_instance_id}",
    status: 204,
    operation: "mutation DetachAssetInstance($shotId: ID!, $assetInstanceId: ID!) { detachAssetInstanceFromShot(shotId: $shotId, assetInstanceId: $assetInstanceId) }",
    variables: ({ params }) => ({ shotId: pathId(params.shot_id), assetInstanceId: pathId(params.asset_instance_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/scenes/{scene_id}/asset-instances",
    operation: "query SceneAssetInstances($sceneId: ID!) { sceneAssetInstancesJson(sceneId: $sceneId) }",
    variables: ({ params }) => ({ sceneId: pathId(params.scene_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/scenes/{scene_id}/asset-instances",
    status: 201,
    operation: "mutation NewSceneAssetInstance($sceneId: ID!, $assetId: ID!, $description: String) { createSceneAssetInstance(sceneId: $sceneId, assetId: $assetId, description: $description) }",
    variables: ({ params, body }) => {
      const data = bodyObject(body);
      return { assetId: bodyId(data, "asset_id"), description: optionalDescription(data), sceneId: pathId(params.scene_id) };
    },
    errors: ZOU_ERRORS,
  },
  {
    // Zou creates the Camera asset type when it is missing; Kumiki reads without writing and lists nothing then.
    method: "GET",
    path: "/data/scenes/{scene_id}/camera-instances",
    operation: "query SceneCameraInstances($sceneId: ID!) { sceneAssetInstancesJson(sceneId: $sceneId, cameras: true) }",
    variables: ({ params }) => ({ sceneId: pathId(params.scene_id) }),
    errors: ZOU_ERRORS,
  },
];

export const assetsRoutes: readonly RestRoute[] = [...assetRoutes, ...assetTypeRoutes, ...castingRoutes, ...instanceRoutes];
