import type { RestRoute } from "./route-table.js";

// Guest review of shared playlists and playlist movie builds.

export const sharedPlaylistsRoutes: RestRoute[] = [];
