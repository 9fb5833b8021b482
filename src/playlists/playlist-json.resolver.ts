import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../context.js";
import { DateTime, JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { Playlist } from "./playlist.type.js";
import type { PlaylistRow } from "./playlists.loaders.js";
import {
  createShareLink,
  generateTempPlaylist,
  listEpisodePlaylistsJson,
  listProjectBuildJobsJson,
  listProjectPlaylistsJson,
  listShareLinks,
  notifyClientsPlaylistReady,
  playlistJson,
  revokeShareLink,
} from "./playlist-json.service.js";

/** Reads an episode argument: an id, or Zou's special values `main` and `all`. */
function episodeKey(value: string): string {
  return value === "main" || value === "all" ? value : parseId(value);
}

@Resolver(() => Playlist)
export class PlaylistJsonResolver {
  @FieldResolver(() => JSON, { description: "The playlist in Zou's JSON, entries included." })
  zouJson(@Root() row: PlaylistRow): ZouJson {
    return playlistJson(row);
  }

  @Query(() => JSON, { description: "One page (20) of the project's playlists in Zou's light JSON (no entries). Vendors get FORBIDDEN; clients see client playlists only." })
  projectPlaylistsJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("page", () => Int, { nullable: true }) page: number | null,
    @Arg("sortBy", () => String, { nullable: true, description: "updated_at (default), created_at or name." }) sortBy: string | null,
    @Arg("taskTypeId", () => ID, { nullable: true }) taskTypeId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return listProjectPlaylistsJson(ctx, parseId(projectId), { page: page ?? 1, sortBy, taskTypeId: taskTypeId == null ? null : parseId(taskTypeId) });
  }

  @Query(() => JSON, { description: "The playlists of an episode in Zou's light JSON; `main` and `all` name the playlists outside episodes." })
  episodePlaylistsJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("episodeId", () => String) episodeId: string,
    @Arg("sortBy", () => String, { nullable: true }) sortBy: string | null,
    @Arg("taskTypeId", () => ID, { nullable: true }) taskTypeId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return listEpisodePlaylistsJson(ctx, parseId(projectId), episodeKey(episodeId), { sortBy, taskTypeId: taskTypeId == null ? null : parseId(taskTypeId) });
  }

  @Query(() => JSON, { description: "The build jobs of the project's playlists in Zou's JSON. Admins only." })
  projectBuildJobsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return listProjectBuildJobsJson(ctx, parseId(projectId));
  }

  @Query(() => JSON, { description: "The share links of a playlist, without password hashes. Global managers who manage the project." })
  playlistShareLinksJson(@Arg("playlistId", () => ID) playlistId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return listShareLinks(ctx, parseId(playlistId));
  }

  @Mutation(() => Int, { description: "Notifies the project's clients (optionally of one studio or department) that the playlist is ready; returns how many were notified." })
  notifyClientsPlaylistReady(
    @Arg("playlistId", () => ID) playlistId: string,
    @Arg("studioId", () => ID, { nullable: true }) studioId: string | null,
    @Arg("departmentId", () => ID, { nullable: true }) departmentId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<number> {
    return notifyClientsPlaylistReady(ctx, parseId(playlistId), {
      studioId: studioId == null ? null : parseId(studioId),
      departmentId: departmentId == null ? null : parseId(departmentId),
    });
  }

  @Mutation(() => JSON, { description: "Creates a share link for the playlist and returns it in Zou's JSON." })
  createPlaylistShareLink(
    @Arg("playlistId", () => ID) playlistId: string,
    @Arg("canComment", () => Boolean, { nullable: true }) canComment: boolean | null,
    @Arg("expirationDate", () => DateTime, { nullable: true }) expirationDate: Date | null,
    @Arg("password", () => String, { nullable: true }) password: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return createShareLink(ctx, parseId(playlistId), { canComment, expirationDate, password });
  }

  @Mutation(() => JSON, { description: "Deactivates a share link of the playlist and returns it." })
  revokePlaylistShareLink(@Arg("playlistId", () => ID) playlistId: string, @Arg("token", () => String) token: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return revokeShareLink(ctx, parseId(playlistId), token);
  }

  @Query(() => JSON, { description: "A playlist that is not stored, built from task ids: one entry per task with the latest preview of its type." })
  tempPlaylistJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("taskIds", () => [ID]) taskIds: string[],
    @Arg("sort", () => Boolean, { nullable: true, description: "Order shots by sequence then name, assets by type then name." }) sort: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return generateTempPlaylist(ctx, parseId(projectId), taskIds.map(parseId), sort === true);
  }
}
