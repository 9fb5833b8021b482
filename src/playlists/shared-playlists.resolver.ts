import { SharedPlaylistResolver } from "./shared-playlist.resolver.js";

// Resolvers of shared playlists and movie builds.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const sharedPlaylistResolvers: Function[] = [SharedPlaylistResolver];
