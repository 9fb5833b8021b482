import { isUuid } from "../ids.js";
import { strictPathId, validationError, ZOU_ERRORS } from "./inputs.js";
import { bodyObject, queryBoolean, type RestRoute } from "./route-table.js";

// Playlist movie builds and share invitations. The built movie download is
// a plain route in src/playlists/playlist-builds.routes.ts.

/** Reads an optional list of strings of the body. `check` validates each item. */
function bodyList(value: unknown, field: string, check: (item: unknown) => boolean, expected: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(check)) throw validationError(field, `Input should be a valid list of ${expected}`);
  return value as string[];
}

export const playlistBuildsRoutes: RestRoute[] = [
  {
    // Zou serves this as a GET although the call starts a build.
    method: "GET",
    path: "/data/playlists/{playlist_id}/build/mp4",
    operation: "mutation StartPlaylistBuild($playlistId: ID!, $full: Boolean) { startPlaylistBuild(playlistId: $playlistId, full: $full) }",
    variables: ({ params, query }) => ({ playlistId: strictPathId(params.playlist_id), full: queryBoolean(query.full, "full") ?? false }),
    errors: { ...ZOU_ERRORS, CONFLICT: (error) => ({ status: 409, body: { error: true, message: error.message } }) },
  },
  {
    method: "GET",
    path: "/data/playlists/{playlist_id}/jobs/{build_job_id}",
    operation: "query PlaylistBuildJob($playlistId: ID!, $buildJobId: ID!) { playlistBuildJobJson(playlistId: $playlistId, buildJobId: $buildJobId) }",
    variables: ({ params }) => ({ playlistId: strictPathId(params.playlist_id), buildJobId: strictPathId(params.build_job_id) }),
    errors: ZOU_ERRORS,
  },
  {
    method: "DELETE",
    path: "/data/playlists/{playlist_id}/jobs/{build_job_id}",
    status: 204,
    operation: "mutation DeletePlaylistBuildJob($playlistId: ID!, $buildJobId: ID!) { deletePlaylistBuildJob(playlistId: $playlistId, buildJobId: $buildJobId) }",
    variables: ({ params }) => ({ playlistId: strictPathId(params.playlist_id), buildJobId: strictPathId(params.build_job_id) }),
    shape: () => undefined,
    errors: ZOU_ERRORS,
  },
  {
    method: "POST",
    path: "/data/playlists/{playlist_id}/share/{token}/invite",
    jsonBody: true,
    operation: `mutation SendShareInvitations($playlistId: ID!, $token: String!, $emails: [String!], $personIds: [ID!], $message: String) {
      sendPlaylistShareInvitations(playlistId: $playlistId, token: $token, emails: $emails, personIds: $personIds, message: $message)
    }`,
    variables: ({ params, body }) => {
      const playlistId = strictPathId(params.playlist_id);
      const data = bodyObject(body);
      const emails = bodyList(data.emails, "emails", (item) => typeof item === "string", "strings");
      const personIds = bodyList(data.person_ids, "person_ids", isUuid, "ids").map((id) => id.toLowerCase());
      const message = data.message ?? null;
      if (message !== null && typeof message !== "string") throw validationError("message", "Input should be a valid string");
      return { playlistId, token: params.token ?? "", emails, personIds, message };
    },
    shape: (data) => ({ sent: data.sendPlaylistShareInvitations }),
    errors: ZOU_ERRORS,
  },
];
