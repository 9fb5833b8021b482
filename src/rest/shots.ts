import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import { bodyObject, queryBoolean, type ErrorAnswer, type QueryValue, type RestInput, type RestRoute } from "./route-table.js";
import { ZOU_ERRORS, pathId, validationError } from "./inputs.js";

// Zou's routes for episodes, sequences, shots, scenes, edits and concepts.
// Reads run the *FullJson and entitiesOfKindJson queries of
// src/entities/shots-json.resolver.ts; creations run createEntityForZou,
// which returns the existing entity when the name is taken, as Zou does.

/** Query-string parameters of Zou's filtered lists that are not column filters. */
const NON_FILTER_PARAMETERS = new Set(["relations", "page", "limit", "fields"]);

function requiredName(body: Record<string, unknown>): string {
  const name = body.name;
  if (typeof name !== "string" || name.trim() === "") throw validationError("name", name === undefined ? "Field required" : "Not a valid string.");
  return name;
}

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw validationError(field, "Not a valid string.");
  return value;
}

function optionalId(body: Record<string, unknown>, field: string): string | null {
  const value = optionalString(body, field);
  if (value === null || value === "") return null;
  if (!isUuid(value)) throw validationError(field, "Not a valid UUID.");
  return value.toLowerCase();
}

function optionalData(body: Record<string, unknown>): Record<string, unknown> | null {
  const value = body.data;
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) throw validationError("data", "Not a valid dict.");
  return value as Record<string, unknown>;
}

function optionalFrames(body: Record<string, unknown>): number | null {
  const value = body.nb_frames;
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw validationError("nb_frames", "Not a valid integer.");
  return value;
}

function optionalIdList(body: Record<string, unknown>, field: string): string[] | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((item) => isUuid(item))) throw validationError(field, "Not a valid list of UUIDs.");
  return value as string[];
}

/** Zou's column filters of a list route, from its query string. */
function queryFilters(query: Record<string, QueryValue>): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const text = Array.isArray(value) ? value[0] : value;
    if (text === undefined || NON_FILTER_PARAMETERS.has(key)) continue;
    filters[key] = text;
  }
  return filters;
}

const LIST_OF_KIND = `query EntitiesOfKind($kind: String!, $filters: JSON, $withNames: Boolean) {
  entitiesOfKindJson(kind: $kind, filters: $filters, withNames: $withNames)
}`;

/** Builds GET /data/projects/{project_id}/<kind>s, the project's entities of one kind. */
function projectList(path: string, kind: string): RestRoute {
  return {
    method: "GET",
    path,
    operation: LIST_OF_KIND,
    variables: ({ params }) => ({ kind, filters: { project_id: pathId(params.project_id) } }),
    errors: ZOU_ERRORS,
  };
}

/** Builds a list of the entities under a parent, whose id from the path becomes Zou's parent filter. */
function childList(path: string, kind: string, param: string, filter: "sequence_id" | "episode_id"): RestRoute {
  return {
    method: "GET",
    path,
    operation: LIST_OF_KIND,
    variables: ({ params, query }) => ({ kind, filters: { ...queryFilters(query), [filter]: pathId(params[param]) } }),
    errors: ZOU_ERRORS,
  };
}

/** Builds a filtered list such as GET /data/shots/all?sequence_id=&name=. With `withNames`, each item carries Zou's project and sequence names. */
function filteredList(path: string, kind: string, withNames: boolean): RestRoute {
  return {
    method: "GET",
    path,
    operation: LIST_OF_KIND,
    variables: ({ query }) => ({ kind, filters: queryFilters(query), withNames }),
    errors: ZOU_ERRORS,
  };
}

function fullObject(path: string, param: string, field: string): RestRoute {
  return {
    method: "GET",
    path,
    operation: `query FullObject($id: ID!) { ${field}(id: $id) }`,
    variables: ({ params }) => ({ id: pathId(params[param]) }),
    errors: ZOU_ERRORS,
  };
}

/** Builds the DELETE of one kind with Zou's `force` parameter. `linkedMessage` is Zou's 400 message when children block the deletion. */
function deletion(path: string, param: string, mutation: string, linkedMessage: string): RestRoute {
  const linked = (): ErrorAnswer => ({ status: 400, body: { error: true, message: linkedMessage } });
  return {
    method: "DELETE",
    path,
    status: 204,
    operation: `mutation Delete($id: ID!, $force: Boolean) { ${mutation}(id: $id, force: $force) { id } }`,
    variables: ({ params, query }) => ({ id: pathId(params[param]), force: queryBoolean(query.force, "force") ?? false }),
    shape: () => undefined,
    errors: { ...ZOU_ERRORS, BAD_USER_INPUT: linked, CONFLICT: linked },
  };
}

const CREATE = `mutation CreateEntity($kind: String!, $projectId: ID!, $input: ZouEntityCreateInput!) {
  createEntityForZou(kind: $kind, projectId: $projectId, input: $input)
}`;

/** Builds POST /data/projects/{project_id}/<kind>s, which returns 201 with the new (or existing) entity. */
function creation(path: string, kind: string, input: (body: Record<string, unknown>) => Record<string, unknown>): RestRoute {
  return {
    method: "POST",
    path,
    status: 201,
    jsonBody: true,
    operation: CREATE,
    // Zou validates the body before it loads the project.
    variables: ({ params, body }: RestInput) => {
      const data = bodyObject(body);
      const fields = input(data);
      return { kind, projectId: pathId(params.project_id), input: { name: requiredName(data), ...fields } };
    },
    errors: ZOU_ERRORS,
  };
}

/** Shot fields Zou drops from a PUT body: ids, timestamps and relation lists. */
const PROTECTED_SHOT_FIELDS = ["id", "created_at", "updated_at", "instance_casting", "project_id", "entities_in", "entities_out", "type", "shotgun_id", "created_by"];

/** Maps the writable keys of a Zou shot body onto the entity patch. Unknown keys are ignored, as Zou's model update ignores them. */
function shotPatch(body: Record<string, unknown>): Record<string, unknown> {
  const data = Object.fromEntries(Object.entries(body).filter(([key]) => !PROTECTED_SHOT_FIELDS.includes(key)));
  const patch: Record<string, unknown> = {};
  if ("name" in data) patch.name = requiredName(data);
  for (const [key, field] of [
    ["code", "code"],
    ["description", "description"],
    ["status", "status"],
  ] as const) {
    if (key in data) patch[field] = optionalString(data, key);
  }
  for (const [key, field] of [
    ["canceled", "canceled"],
    ["is_casting_standby", "isCastingStandby"],
  ] as const) {
    if (!(key in data)) continue;
    if (typeof data[key] !== "boolean") throw validationError(key, "Not a valid boolean.");
    patch[field] = data[key];
  }
  // NOTE(compat): Zou replaces the stored data with the body's, Kumiki merges
  // it key by key, so a key left out of the body is kept rather than dropped.
  if ("data" in data) patch.data = optionalData(data);
  if ("nb_frames" in data) patch.nbFrames = optionalFrames(data);
  if ("parent_id" in data) patch.parentId = optionalId(data, "parent_id");
  return patch;
}

export const shotsRoutes: readonly RestRoute[] = [
  // Single objects.
  fullObject("/data/episodes/{episode_id}", "episode_id", "episodeFullJson"),
  fullObject("/data/sequences/{sequence_id}", "sequence_id", "sequenceFullJson"),
  fullObject("/data/shots/{shot_id}", "shot_id", "shotFullJson"),
  fullObject("/data/edits/{edit_id}", "edit_id", "editFullJson"),
  fullObject("/data/concepts/{concept_id}", "concept_id", "conceptFullJson"),

  // A project's lists.
  projectList("/data/projects/{project_id}/episodes", "Episode"),
  projectList("/data/projects/{project_id}/sequences", "Sequence"),
  projectList("/data/projects/{project_id}/shots", "Shot"),
  projectList("/data/projects/{project_id}/scenes", "Scene"),
  projectList("/data/projects/{project_id}/edits", "Edit"),

  // Lists under a parent.
  childList("/data/sequences/{sequence_id}/shots", "Shot", "sequence_id", "sequence_id"),
  childList("/data/episodes/{episode_id}/shots", "Shot", "episode_id", "episode_id"),
  {
    // Zou returns an empty list for a malformed episode id here, and a 404 for an unknown one.
    method: "GET",
    path: "/data/episodes/{episode_id}/sequences",
    operation: `query EpisodeSequences($filters: JSON, $malformed: Boolean!) {
      entitiesOfKindJson(kind: "Sequence", filters: $filters) @skip(if: $malformed)
    }`,
    variables: ({ params }) => {
      const malformed = !isUuid(params.episode_id);
      return { malformed, filters: malformed ? {} : { episode_id: params.episode_id.toLowerCase() } };
    },
    shape: (data) => data.entitiesOfKindJson ?? [],
    errors: ZOU_ERRORS,
  },
  {
    method: "GET",
    path: "/data/scenes/{scene_id}/shots",
    operation: "query SceneShots($sceneId: ID!) { sceneShotsJson(sceneId: $sceneId) }",
    variables: ({ params }) => ({ sceneId: pathId(params.scene_id) }),
    errors: ZOU_ERRORS,
  },

  // Filtered lists.
  filteredList("/data/episodes", "Episode", false),
  filteredList("/data/sequences", "Sequence", false),
  filteredList("/data/shots", "Shot", true),
  filteredList("/data/shots/all", "Shot", true),
  filteredList("/data/scenes", "Scene", true),
  filteredList("/data/scenes/all", "Scene", true),
  filteredList("/data/edits", "Edit", true),
  filteredList("/data/edits/all", "Edit", true),
  filteredList("/data/concepts", "Concept", true),

  // Creations.
  creation("/data/projects/{project_id}/episodes", "Episode", (body) => ({
    description: optionalString(body, "description"),
    status: optionalString(body, "status"),
    data: optionalData(body),
  })),
  creation("/data/projects/{project_id}/sequences", "Sequence", (body) => ({
    parentId: optionalId(body, "episode_id"),
    description: optionalString(body, "description"),
    data: optionalData(body),
  })),
  creation("/data/projects/{project_id}/shots", "Shot", (body) => {
    const sequenceId = optionalId(body, "sequence_id");
    if (sequenceId === null) throw validationError("sequence_id", "Field required");
    return { parentId: sequenceId, description: optionalString(body, "description"), data: optionalData(body), nbFrames: optionalFrames(body) };
  }),
  creation("/data/projects/{project_id}/scenes", "Scene", (body) => {
    const sequenceId = optionalId(body, "sequence_id");
    if (sequenceId === null) throw validationError("sequence_id", "Field required");
    return { parentId: sequenceId };
  }),
  creation("/data/projects/{project_id}/edits", "Edit", (body) => ({
    // gazu sends the episode of an edit as parent_id.
    parentId: optionalId(body, "parent_id") ?? optionalId(body, "episode_id"),
    description: optionalString(body, "description"),
    data: optionalData(body),
  })),
  creation("/data/projects/{project_id}/concepts", "Concept", (body) => ({
    description: optionalString(body, "description"),
    data: optionalData(body),
    entityConceptLinks: optionalIdList(body, "entity_concept_links"),
  })),

  // Updates and links.
  {
    method: "PUT",
    path: "/data/shots/{shot_id}",
    jsonBody: true,
    operation: `mutation UpdateShot($id: ID!, $patch: UpdateEntityInput!) { updateShotJson(id: $id, patch: $patch) }`,
    variables: ({ params, body }) => {
      const id = pathId(params.shot_id);
      if (body === null) throw new BadRequestError("Data are empty. Please verify that you sent JSON data and that you set the right headers.");
      return { id, patch: shotPatch(bodyObject(body)) };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/scenes/{scene_id}/shots",
    status: 201,
    jsonBody: true,
    operation: "mutation AddShotToScene($sceneId: ID!, $shotId: ID!) { addShotToScene(sceneId: $sceneId, shotId: $shotId) }",
    variables: ({ params, body }) => {
      const sceneId = pathId(params.scene_id);
      const shotId = optionalId(bodyObject(body), "shot_id");
      if (shotId === null) throw validationError("shot_id", "Field required");
      return { sceneId, shotId };
    },
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/scenes/{scene_id}/shots/{shot_id}",
    status: 204,
    operation: "mutation RemoveShotFromScene($sceneId: ID!, $shotId: ID!) { removeShotFromScene(sceneId: $sceneId, shotId: $shotId) }",
    variables: ({ params }) => ({ sceneId: pathId(params.scene_id), shotId: pathId(params.shot_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },

  // Deletions.
  deletion("/data/shots/{shot_id}", "shot_id", "deleteShot", "Some data are still linked to this shot."),
  deletion("/data/sequences/{sequence_id}", "sequence_id", "deleteSequence", "Some data are still linked to this sequence."),
  deletion("/data/edits/{edit_id}", "edit_id", "deleteEdit", "Some data are still linked to this edit."),
  deletion("/data/concepts/{concept_id}", "concept_id", "deleteConcept", "Some data are still linked to this concept."),
];
