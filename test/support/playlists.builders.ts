import { playlist } from "../../schema/playlists.js";
import type { Database } from "../../src/db/index.js";

export function makePlaylistBuilders(db: Database) {
  let counter = 0;
  return {
    /** Inserts a playlist of a project whose entries are `entityIds`, in order. */
    async makePlaylist(values: Partial<typeof playlist.$inferInsert> & { projectId: string; entityIds?: string[] }) {
      const { entityIds = [], ...rest } = values;
      counter += 1;
      const shots = entityIds.map((id) => ({ entity_id: id, preview_file_id: null }));
      const [row] = await db.orm.insert(playlist).values({ name: `Playlist ${counter}`, shots, ...rest }).returning();
      return row;
    },
  };
}
