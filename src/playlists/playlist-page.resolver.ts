import { Arg, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { playlistJson } from "./playlist-json.service.js";
import { addEntitiesToPlaylist, getProjectPlaylistPage } from "./playlist-page.service.js";

@InputType({ description: "An entity to add to a playlist, with the preview it shows." })
export class PlaylistEntryInput {
  @Field(() => ID)
  entityId!: string;

  @Field(() => ID, { nullable: true, description: "A preview of the entity. A preview of another entity is replaced by the entity's newest preview." })
  previewFileId?: string | null;
}

@Resolver()
export class PlaylistPageResolver {
  @Query(() => JSON, {
    description:
      "A playlist of the project in Zou's JSON for Kitsu's playlist page: each entry with its entity's previews by task type (`preview_files`) and its chosen preview's details, plus the playlist's build jobs.",
  })
  projectPlaylistPageJson(@Arg("projectId", () => ID) projectId: string, @Arg("playlistId", () => ID) playlistId: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return getProjectPlaylistPage(ctx, parseId(projectId), parseId(playlistId));
  }

  @Mutation(() => JSON, { description: "Adds several entities to a playlist in one transaction and returns the playlist in Zou's JSON." })
  async addEntitiesToPlaylistJson(
    @Arg("playlistId", () => ID) playlistId: string,
    @Arg("entries", () => [PlaylistEntryInput]) entries: PlaylistEntryInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const items = entries.map((entry) => ({ entityId: parseId(entry.entityId), previewFileId: entry.previewFileId == null ? null : parseId(entry.previewFileId) }));
    return playlistJson(await addEntitiesToPlaylist(ctx, parseId(playlistId), items));
  }
}
