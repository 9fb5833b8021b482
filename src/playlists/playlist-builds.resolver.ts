import { PlaylistBuildsJsonResolver } from "./playlist-builds-json.resolver.js";

// Resolvers of playlist movie builds and share invitations.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const playlistBuildResolvers: Function[] = [PlaylistBuildsJsonResolver];
