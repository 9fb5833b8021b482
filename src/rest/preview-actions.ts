import type { RestRoute } from "./route-table.js";

// The position of a preview file within its revision. The binary routes
// (annotated frames, frame tiles and 3D backgrounds) are Fastify routes in
// src/previews/preview-media.routes.ts.

export const previewActionsRoutes: RestRoute[] = [
  {
    method: "PUT",
    path: "/actions/preview-files/{preview_file_id}/update-position",
    operation: `mutation UpdatePreviewFilePosition($previewFileId: String!, $body: JSON) {
      updatePreviewFilePosition(previewFileId: $previewFileId, body: $body)
    }`,
    variables: ({ params, body }) => ({ previewFileId: params.preview_file_id, body: body ?? null }),
  },
];
