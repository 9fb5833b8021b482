import { BadRequestError, PayloadTooLargeError, type AppError } from "../errors.js";
import { isUuid } from "../ids.js";
import { zouErrorBody } from "./errors.js";
import { bodyObject, queryBoolean, queryInteger, type ErrorAnswer, type RestInput, type RestRoute } from "./route-table.js";
import { pathId, queryText } from "./inputs.js";

// Zou's playlist, search and import routes that gazu and Kitsu call.

/** Reads an optional id from a query string or body; a malformed one is a 400. */
function optionalId(value: unknown, name: string): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (!isUuid(value)) throw new BadRequestError(`Invalid ${name}: expected an id.`);
  return value.toLowerCase();
}

function optionalBoolean(value: unknown, name: string): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") throw new BadRequestError("Validation error.", { errors: [{ field: name, message: "Input should be a valid boolean" }] });
  return value;
}

/** Reads Zou's expiration date: an ISO date or date-time, taken as UTC when it has no zone. */
function optionalDate(value: unknown, name: string): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || !/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/.test(value)) {
    throw new BadRequestError("Validation error.", { errors: [{ field: name, message: "Input should be a valid datetime" }] });
  }
  const withTime = value.length === 10 ? `${value}T00:00:00` : value.replace(" ", "T");
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(withTime) ? withTime : `${withTime}Z`;
  const date = new Date(zoned);
  if (Number.isNaN(date.getTime())) throw new BadRequestError("Validation error.", { errors: [{ field: name, message: "Input should be a valid datetime" }] });
  return date.toISOString();
}

/** Upper bound of an uploaded CSV file, read into memory whole. */
const MAX_CSV_BYTES = 20 * 1024 * 1024;

interface UploadedText {
  text: string;
  fileName: string;
  /** Form fields sent before the file part, by name. */
  fields: Record<string, string>;
}

/** Reads the uploaded file of a multipart request as UTF-8 text; Zou reads the part named `file`. */
async function readUploadedText(input: RestInput): Promise<UploadedText> {
  const request = input.request;
  if (!request.isMultipart()) throw new BadRequestError("File not provided: send the file as the multipart field 'file'.");
  const part = await request.file({ limits: { fileSize: MAX_CSV_BYTES } });
  if (part === undefined) throw new BadRequestError("File not provided: send the file as the multipart field 'file'.");
  let buffer: Buffer;
  try {
    buffer = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw new PayloadTooLargeError(`The file is larger than the ${MAX_CSV_BYTES} bytes allowed.`);
    throw new BadRequestError(`The upload was interrupted: ${(error as Error).message}`);
  }
  const fields: Record<string, string> = {};
  for (const [name, field] of Object.entries(part.fields)) {
    const first = Array.isArray(field) ? field[0] : field;
    if (first !== undefined && first.type === "field" && typeof first.value === "string") fields[name] = first.value;
  }
  return { text: buffer.toString("utf8"), fileName: part.filename, fields };
}

/** Zou's import error body: the failing data row comes as `line_number`. */
function importError(error: AppError): ErrorAnswer {
  const lineNumber = error.details?.lineNumber;
  if (typeof lineNumber === "number") return { status: 400, body: { error: true, message: error.message, line_number: lineNumber } };
  return zouErrorBody(error);
}

function csvImportRoute(kind: "shots" | "assets"): RestRoute {
  const field = kind === "shots" ? "importShotsCsv" : "importAssetsCsv";
  return {
    method: "POST",
    path: `/import/csv/projects/{project_id}/${kind}`,
    status: 201,
    operation: `mutation ImportCsv($projectId: ID!, $csv: String!, $update: Boolean) { ${field}(projectId: $projectId, csv: $csv, update: $update) }`,
    variables: async (input) => ({
      projectId: pathId(input.params.project_id),
      update: queryBoolean(input.query.update, "update") ?? false,
      csv: (await readUploadedText(input)).text,
    }),
    errors: { BAD_USER_INPUT: importError },
  };
}

const playlistRoutes: RestRoute[] = [
  {
    // Zou deletes the playlist's build jobs, share links and notifications with it, which the generic deletion refuses.
    method: "DELETE",
    path: "/data/playlists/{instance_id}",
    status: 204,
    operation: "mutation DeletePlaylist($id: ID!) { deletePlaylist(id: $id) }",
    variables: ({ params }) => ({ id: pathId(params.instance_id) }),
    shape: () => undefined,
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/playlists",
    operation: `query ProjectPlaylists($projectId: ID!, $page: Int, $sortBy: String, $taskTypeId: ID) {
      projectPlaylistsJson(projectId: $projectId, page: $page, sortBy: $sortBy, taskTypeId: $taskTypeId)
    }`,
    variables: ({ params, query }) => ({
      projectId: pathId(params.project_id),
      page: queryInteger(query.page, "page", 0) ?? 1,
      sortBy: queryText(query.sort_by),
      taskTypeId: optionalId(queryText(query.task_type_id), "task_type_id"),
    }),
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/episodes/{episode_id}/playlists",
    operation: `query EpisodePlaylists($projectId: ID!, $episodeId: String!, $sortBy: String, $taskTypeId: ID) {
      episodePlaylistsJson(projectId: $projectId, episodeId: $episodeId, sortBy: $sortBy, taskTypeId: $taskTypeId)
    }`,
    variables: ({ params, query }) => ({
      projectId: pathId(params.project_id),
      episodeId: params.episode_id === "main" || params.episode_id === "all" ? params.episode_id : pathId(params.episode_id),
      sortBy: queryText(query.sort_by),
      taskTypeId: optionalId(queryText(query.task_type_id), "task_type_id"),
    }),
  },
  {
    method: "POST",
    path: "/actions/playlists/{playlist_id}/add-entity",
    jsonBody: true,
    operation: `mutation AddEntityToPlaylist($playlistId: ID!, $entityId: ID!, $previewFileId: ID) {
      addEntityToPlaylist(playlistId: $playlistId, entityId: $entityId, previewFileId: $previewFileId) { zouJson }
    }`,
    variables: ({ params, body }) => {
      const playlistId = pathId(params.playlist_id);
      const data = bodyObject(body);
      if (data.entity_id === undefined || data.entity_id === null) throw new BadRequestError("Validation error.", { errors: [{ field: "entity_id", message: "Field required" }] });
      return { playlistId, entityId: optionalId(data.entity_id, "entity_id"), previewFileId: optionalId(data.preview_file_id, "preview_file_id") };
    },
    shape: (data) => (data.addEntityToPlaylist as { zouJson: unknown }).zouJson,
  },
  {
    method: "POST",
    path: "/data/projects/{project_id}/playlists/temp",
    jsonBody: true,
    operation: `query TempPlaylist($projectId: ID!, $taskIds: [ID!]!, $sort: Boolean) { tempPlaylistJson(projectId: $projectId, taskIds: $taskIds, sort: $sort) }`,
    variables: ({ params, body, query }) => {
      const projectId = pathId(params.project_id);
      const taskIds = bodyObject(body).task_ids ?? [];
      if (!Array.isArray(taskIds) || !taskIds.every((id) => typeof id === "string")) {
        throw new BadRequestError("Validation error.", { errors: [{ field: "task_ids", message: "Input should be a valid list of ids" }] });
      }
      return { projectId, taskIds, sort: queryBoolean(query.sort, "sort") ?? false };
    },
  },
  {
    method: "GET",
    path: "/data/projects/{project_id}/build-jobs",
    operation: "query ProjectBuildJobs($projectId: ID!) { projectBuildJobsJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: pathId(params.project_id) }),
  },
  {
    method: "POST",
    path: "/data/playlists/{playlist_id}/notify-clients",
    operation: `mutation NotifyClients($playlistId: ID!, $studioId: ID, $departmentId: ID) {
      notifyClientsPlaylistReady(playlistId: $playlistId, studioId: $studioId, departmentId: $departmentId)
    }`,
    variables: ({ params, body }) => {
      const playlistId = pathId(params.playlist_id);
      // gazu posts {}; Kitsu may send no body at all.
      const data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
      return { playlistId, studioId: optionalId(data.studio_id, "studio_id"), departmentId: optionalId(data.department_id, "department_id") };
    },
    shape: () => ({ status: "success" }),
  },
  {
    method: "GET",
    path: "/data/playlists/{playlist_id}/share",
    operation: "query PlaylistShareLinks($playlistId: ID!) { playlistShareLinksJson(playlistId: $playlistId) }",
    variables: ({ params }) => ({ playlistId: pathId(params.playlist_id) }),
  },
  {
    method: "POST",
    path: "/data/playlists/{playlist_id}/share",
    status: 201,
    operation: `mutation CreateShareLink($playlistId: ID!, $canComment: Boolean, $expirationDate: DateTime, $password: String) {
      createPlaylistShareLink(playlistId: $playlistId, canComment: $canComment, expirationDate: $expirationDate, password: $password)
    }`,
    variables: ({ params, body }) => {
      const playlistId = pathId(params.playlist_id);
      const data = bodyObject(body);
      const password = data.password;
      if (password !== undefined && password !== null && typeof password !== "string") {
        throw new BadRequestError("Validation error.", { errors: [{ field: "password", message: "Input should be a valid string" }] });
      }
      return {
        playlistId,
        canComment: optionalBoolean(data.can_comment, "can_comment"),
        expirationDate: optionalDate(data.expiration_date, "expiration_date"),
        password: password ?? null,
      };
    },
  },
  {
    method: "DELETE",
    path: "/data/playlists/{playlist_id}/share/{token}",
    operation: "mutation RevokeShareLink($playlistId: ID!, $token: String!) { revokePlaylistShareLink(playlistId: $playlistId, token: $token) }",
    variables: ({ params }) => ({ playlistId: pathId(params.playlist_id), token: params.token }),
  },
];

const eventRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/events/last",
    operation: `query LastEvents($limit: Int, $projectId: ID, $after: DateTime, $before: DateTime, $name: String, $personId: ID, $onlyFiles: Boolean) {
      lastEventsJson(limit: $limit, projectId: $projectId, after: $after, before: $before, name: $name, personId: $personId, onlyFiles: $onlyFiles)
    }`,
    variables: ({ query }) => {
      const limit = queryInteger(query.limit, "limit") ?? queryInteger(query.page_size, "page_size") ?? 100;
      const projectId = queryText(query.project_id);
      if (projectId !== null && !isUuid(projectId)) throw new BadRequestError("The project_id parameter is not a valid id");
      return {
        // gazu requests 20000 by default, and the resolver caps it.
        limit: Math.min(limit, 1_000_000),
        projectId,
        after: optionalDate(queryText(query.after), "after"),
        before: optionalDate(queryText(query.before), "before"),
        name: queryText(query.name),
        personId: optionalId(queryText(query.person_id), "person_id"),
        onlyFiles: queryBoolean(query.only_files, "only_files") ?? false,
      };
    },
  },
];

/** Reads an optional whole number of a JSON body. */
function bodyInteger(data: Record<string, unknown>, field: string): number | null {
  const value = data[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value)) throw new BadRequestError("Validation error.", { errors: [{ field, message: "Input should be a valid integer" }] });
  return value;
}

const searchRoutes: RestRoute[] = [
  {
    method: "POST",
    path: "/data/search",
    jsonBody: true,
    operation: `query Search($query: String!, $projectId: ID, $limit: Int, $offset: Int, $indexNames: [String!]) {
      searchJson(query: $query, projectId: $projectId, limit: $limit, offset: $offset, indexNames: $indexNames)
    }`,
    variables: ({ body }) => {
      const data = bodyObject(body);
      if (typeof data.query !== "string") {
        throw new BadRequestError("Validation error.", { errors: [{ field: "query", message: data.query === undefined ? "Field required" : "Input should be a valid string" }] });
      }
      const indexNames = data.index_names;
      if (indexNames !== undefined && indexNames !== null && !(Array.isArray(indexNames) && indexNames.every((name) => typeof name === "string"))) {
        throw new BadRequestError("Validation error.", { errors: [{ field: "index_names", message: "Input should be a valid list of strings" }] });
      }
      // gazu also sends entity_types, which Zou does not read.
      return {
        query: data.query,
        projectId: optionalId(data.project_id, "project_id"),
        limit: bodyInteger(data, "limit"),
        offset: bodyInteger(data, "offset"),
        indexNames: indexNames ?? null,
      };
    },
  },
];

/** Builds a Kitsu import route; a bad batch gets Zou's generic 400 body. */
function kitsuImportRoute(kind: "entities" | "entity-links"): RestRoute {
  const field = kind === "entities" ? "importKitsuEntities" : "importKitsuEntityLinks";
  return {
    method: "POST",
    path: `/import/kitsu/${kind}`,
    jsonBody: true,
    operation: `mutation ImportKitsu($entries: JSON!) { ${field}(entries: $entries) }`,
    // The body is a JSON list, passed whole: the service checks its shape.
    variables: ({ body }) => ({ entries: body ?? null }),
  };
}

function otioImportRoute(path: string): RestRoute {
  return {
    method: "POST",
    path,
    status: 201,
    operation: `mutation ImportOtio($projectId: ID!, $episodeId: ID, $otio: String!, $fileName: String, $namingConvention: String, $matchCase: Boolean) {
      importOtio(projectId: $projectId, episodeId: $episodeId, otio: $otio, fileName: $fileName, namingConvention: $namingConvention, matchCase: $matchCase)
    }`,
    variables: async (input) => {
      const projectId = pathId(input.params.project_id);
      const episodeId = input.params.episode_id === undefined ? null : pathId(input.params.episode_id);
      const upload = await readUploadedText(input);
      // gazu sends these as form fields; the query string is read too, as Zou's argument parser does.
      const namingConvention = upload.fields.naming_convention ?? queryText(input.query.naming_convention);
      const matchCase = queryBoolean(upload.fields.match_case ?? input.query.match_case, "match_case");
      return { projectId, episodeId, otio: upload.text, fileName: upload.fileName, namingConvention, matchCase: matchCase ?? null };
    },
  };
}

export const playlistsRoutes: readonly RestRoute[] = [
  ...eventRoutes,
  otioImportRoute("/import/otio/projects/{project_id}"),
  otioImportRoute("/import/otio/projects/{project_id}/episodes/{episode_id}"),
  kitsuImportRoute("entities"),
  kitsuImportRoute("entity-links"),
  ...searchRoutes,csvImportRoute("shots"), csvImportRoute("assets"), ...playlistRoutes];
