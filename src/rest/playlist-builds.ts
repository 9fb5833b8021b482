import type { RestRoute } from "./route-table.js";

// Playlist movie builds and share invitations.

export const playlistBuildsRoutes: RestRoute[] = [];
