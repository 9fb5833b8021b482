import { playlist } from "../../schema/playlists.js";
import type { RequestContext } from "../context.js";
import { groupLoader, idIn, rowLoader } from "../db/loader.js";

export type PlaylistRow = typeof playlist.$inferSelect;

export function createPlaylistLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;
  return {
    playlistById: rowLoader(
      (ids) => orm.select().from(playlist).where(idIn(playlist.id, ids)),
      (row) => row.id,
    ),
    playlistsByProjectId: groupLoader(
      (ids) => orm.select().from(playlist).where(idIn(playlist.projectId, ids)),
      (row) => row.projectId ?? "",
    ),
  };
}
