import { isUuid } from "../ids.js";
import { bodyObject, type RestInput, type RestRoute } from "./route-table.js";
import { validationError, queryText } from "./inputs.js";

// Guest review of shared playlists: no login, the share token (and the
// password of a protected link) is the credential. Attachments, guest
// registration and media are plain routes in src/playlists/shared-playlists.routes.ts.
// NOTE(compat): Zou reads the `password` query parameter only on the
// playlist, context and comment list routes, so a protected link cannot be
// used on the others at all. Kumiki reads it on every guest route, so a
// protected link works everywhere once its password is given.

function linkVariables({ params, query }: RestInput): { token: string; password: string | null } {
  return { token: params.token, password: queryText(query.password) };
}

/** Reads a required id field, with Zou's validation error when it is missing or not a UUID. */
function requiredId(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (value === undefined || value === null || value === "") throw validationError(field, "Field required");
  if (!isUuid(value)) throw validationError(field, "Input should be a valid UUID");
  return value.toLowerCase();
}

function optionalText(data: Record<string, unknown>, field: string): string | null {
  const value = data[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw validationError(field, "Input should be a valid string");
  return value;
}

function optionalList(data: Record<string, unknown>, field: string): unknown[] | null {
  const value = data[field];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw validationError(field, "Input should be a valid list");
  return value;
}

/** Reads guest_id from the JSON body, or from the query string as Kitsu sends it on deletions. */
function guestIdOf({ body, query }: RestInput): string {
  const data = bodyObject(body);
  const fromQuery = queryText(query.guest_id);
  return requiredId(data.guest_id !== undefined ? data : { guest_id: fromQuery }, "guest_id");
}

export const sharedPlaylistsRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/shared/playlists/{token}",
    auth: "public",
    operation: "query SharedPlaylist($token: String!, $password: String) { sharedPlaylistJson(token: $token, password: $password) }",
    variables: linkVariables,
  },
  {
    method: "GET",
    path: "/shared/playlists/{token}/context",
    auth: "public",
    operation: "query SharedPlaylistContext($token: String!, $password: String) { sharedPlaylistContextJson(token: $token, password: $password) }",
    variables: linkVariables,
  },
  {
    method: "GET",
    path: "/shared/playlists/{token}/comments",
    auth: "public",
    operation: "query SharedPlaylistComments($token: String!, $password: String) { sharedPlaylistCommentsJson(token: $token, password: $password) }",
    variables: linkVariables,
  },
  {
    method: "POST",
    path: "/shared/playlists/{token}/comments",
    auth: "public",
    status: 201,
    operation: `mutation PostSharedPlaylistComment($token: String!, $password: String, $guestId: String!, $taskId: String!, $taskStatusId: String!, $text: String, $checklist: JSON) {
      postSharedPlaylistComment(token: $token, password: $password, guestId: $guestId, taskId: $taskId, taskStatusId: $taskStatusId, text: $text, checklist: $checklist)
    }`,
    variables: (input) => {
      const data = bodyObject(input.body);
      return {
        ...linkVariables(input),
        guestId: requiredId(data, "guest_id"),
        taskId: requiredId(data, "task_id"),
        taskStatusId: requiredId(data, "task_status_id"),
        text: optionalText(data, "text"),
        checklist: optionalList(data, "checklist"),
      };
    },
  },
  {
    method: "PUT",
    path: "/shared/playlists/{token}/comments/{comment_id}",
    auth: "public",
    operation: `mutation UpdateSharedPlaylistComment($token: String!, $password: String, $commentId: String!, $guestId: String!, $text: String, $checklist: JSON, $taskStatusId: String) {
      updateSharedPlaylistComment(token: $token, password: $password, commentId: $commentId, guestId: $guestId, text: $text, checklist: $checklist, taskStatusId: $taskStatusId)
    }`,
    variables: (input) => {
      const data = bodyObject(input.body);
      const statusId = data.task_status_id === undefined || data.task_status_id === null ? null : requiredId(data, "task_status_id");
      return {
        ...linkVariables(input),
        commentId: input.params.comment_id,
        guestId: requiredId(data, "guest_id"),
        text: optionalText(data, "text"),
        checklist: optionalList(data, "checklist"),
        taskStatusId: statusId,
      };
    },
  },
  {
    method: "DELETE",
    path: "/shared/playlists/{token}/comments/{comment_id}",
    auth: "public",
    status: 204,
    operation: `mutation DeleteSharedPlaylistComment($token: String!, $password: String, $commentId: String!, $guestId: String!) {
      deleteSharedPlaylistComment(token: $token, password: $password, commentId: $commentId, guestId: $guestId)
    }`,
    variables: (input) => ({ ...linkVariables(input), commentId: input.params.comment_id, guestId: guestIdOf(input) }),
    shape: () => "",
  },
  {
    method: "DELETE",
    path: "/shared/playlists/{token}/comments/{comment_id}/attachments/{attachment_file_id}",
    auth: "public",
    status: 204,
    operation: `mutation DeleteSharedPlaylistAttachment($token: String!, $password: String, $commentId: String!, $attachmentFileId: String!, $guestId: String!) {
      deleteSharedPlaylistCommentAttachment(token: $token, password: $password, commentId: $commentId, attachmentFileId: $attachmentFileId, guestId: $guestId)
    }`,
    variables: (input) => ({ ...linkVariables(input), commentId: input.params.comment_id, attachmentFileId: input.params.attachment_file_id, guestId: guestIdOf(input) }),
    shape: () => "",
  },
  {
    method: "PUT",
    path: "/shared/playlists/{token}/annotations",
    auth: "public",
    operation: `mutation UpdateSharedPlaylistAnnotations($token: String!, $password: String, $guestId: String!, $previewFileId: String!, $changes: JSON) {
      updateSharedPlaylistAnnotations(token: $token, password: $password, guestId: $guestId, previewFileId: $previewFileId, changes: $changes)
    }`,
    variables: (input) => {
      const data = bodyObject(input.body);
      const { additions, updates, deletions } = data;
      return { ...linkVariables(input), guestId: requiredId(data, "guest_id"), previewFileId: requiredId(data, "preview_file_id"), changes: { additions, updates, deletions } };
    },
  },
  {
    method: "GET",
    path: "/shared/playlists/{token}/preview-files/{preview_file_id}",
    auth: "public",
    operation: `query SharedPlaylistPreviewFile($token: String!, $password: String, $previewFileId: String!) {
      sharedPlaylistPreviewFileJson(token: $token, password: $password, previewFileId: $previewFileId)
    }`,
    variables: (input) => ({ ...linkVariables(input), previewFileId: input.params.preview_file_id }),
  },
];
