import { and, eq, ilike, or, type SQL } from "drizzle-orm";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { playlist } from "../../schema/playlists.js";
import { effectiveProjectRole, isAdmin } from "../auth/permissions.js";
import type { GlobalRole, RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { idIn } from "../db/loader.js";
import { PageArgs } from "../graphql/connection.js";
import { parseId } from "../ids.js";
import { pageOfTable, timestampSortColumn } from "../misc/lists.js";
import { Project } from "../projects/project.type.js";
import type { ProjectRow } from "../projects/projects.loaders.js";
import { CreatePlaylistInput, Playlist, PlaylistConnection, PlaylistEntry, UpdatePlaylistInput } from "./playlist.type.js";
import type { PlaylistRow } from "./playlists.loaders.js";
import {
  addEntityToPlaylist,
  canReadPlaylist,
  createPlaylist,
  deletePlaylist,
  getReadablePlaylist,
  playlistEntries,
  removeEntityFromPlaylist,
  updatePlaylist,
} from "./playlists.service.js";

@ArgsType()
class PlaylistsArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  projectId?: string;

  @Field(() => ID, { nullable: true })
  episodeId?: string;

  @Field(() => String, { nullable: true, description: "Only playlists whose name contains this text (case-insensitive)." })
  name?: string;

  @Field(() => Boolean, { nullable: true })
  forClient?: boolean;
}

/**
 * The condition keeping playlists to those the viewer may read: none in
 * projects where they are a vendor, only client playlists where they are a client.
 */
async function readablePlaylistCondition(ctx: RequestContext): Promise<SQL | undefined> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer)) return undefined;
  const links = await ctx.loaders.viewerTeamLinks();
  const fullAccess: string[] = [];
  const clientAccess: string[] = [];
  for (const [projectId, link] of links) {
    const role = (link.role as GlobalRole | null) ?? viewer.role;
    if (role === "client") clientAccess.push(projectId);
    else if (role !== "vendor") fullAccess.push(projectId);
  }
  return or(idIn(playlist.projectId, fullAccess), and(idIn(playlist.projectId, clientAccess), eq(playlist.forClient, true)));
}

@Resolver(() => Playlist)
export class PlaylistResolver {
  @Query(() => Playlist, { description: "One playlist; FORBIDDEN outside its project's team, for vendors, and for clients unless made for clients." })
  async playlist(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getReadablePlaylist(ctx, parseId(id));
  }

  @Query(() => PlaylistConnection, { description: "Playlists the logged-in person may read, newest first." })
  async playlists(@Args(() => PlaylistsArgs) args: PlaylistsArgs, @Ctx() ctx: RequestContext) {
    const conditions: (SQL | undefined)[] = [await readablePlaylistCondition(ctx)];
    if (args.projectId != null) conditions.push(eq(playlist.projectId, parseId(args.projectId)));
    if (args.episodeId != null) conditions.push(eq(playlist.episodeId, parseId(args.episodeId)));
    if (args.name != null) conditions.push(ilike(playlist.name, `%${args.name.replace(/[%_\\]/g, "\\$&")}%`));
    if (args.forClient != null) conditions.push(eq(playlist.forClient, args.forClient));
    return pageOfTable<PlaylistRow>(ctx, args, {
      table: playlist,
      sortColumn: timestampSortColumn(playlist.createdAt),
      idColumn: playlist.id,
      sortKey: (row) => row.createdAt,
      where: and(...conditions),
      descending: true,
    });
  }

  @FieldResolver(() => [PlaylistEntry], { description: "The entities of the playlist in order, each with its chosen preview." })
  entries(@Root() row: PlaylistRow): PlaylistEntry[] {
    return playlistEntries(row).map((entry) => ({ entityId: entry.entity_id, previewFileId: entry.preview_file_id }));
  }

  @FieldResolver(() => [ID], { description: "The ids of the playlist's entities, in order." })
  entityIds(@Root() row: PlaylistRow): string[] {
    return playlistEntries(row).map((entry) => entry.entity_id);
  }

  @FieldResolver(() => Project, { nullable: true })
  async project(@Root() row: PlaylistRow, @Ctx() ctx: RequestContext) {
    return row.projectId === null ? null : ctx.loaders.projectById.load(row.projectId);
  }

  @Mutation(() => Playlist, { description: "Creates a playlist (admin, or manager or supervisor of the project); event playlist:new." })
  async createPlaylist(@Arg("input", () => CreatePlaylistInput) input: CreatePlaylistInput, @Ctx() ctx: RequestContext) {
    return createPlaylist(ctx, input);
  }

  @Mutation(() => Playlist, { description: "Updates a playlist; event playlist:update." })
  async updatePlaylist(@Arg("id", () => ID) id: string, @Arg("input", () => UpdatePlaylistInput) input: UpdatePlaylistInput, @Ctx() ctx: RequestContext) {
    return updatePlaylist(ctx, parseId(id), input);
  }

  @Mutation(() => Playlist, { description: "Adds an entity of the project to the playlist, or changes its preview; event playlist:update." })
  async addEntityToPlaylist(
    @Arg("playlistId", () => ID) playlistId: string,
    @Arg("entityId", () => ID) entityId: string,
    @Arg("previewFileId", () => ID, { nullable: true }) previewFileId: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return addEntityToPlaylist(ctx, parseId(playlistId), parseId(entityId), previewFileId == null ? null : parseId(previewFileId));
  }

  @Mutation(() => Playlist, { description: "Removes an entity from the playlist; event playlist:update." })
  async removeEntityFromPlaylist(@Arg("playlistId", () => ID) playlistId: string, @Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext) {
    return removeEntityFromPlaylist(ctx, parseId(playlistId), parseId(entityId));
  }

  @Mutation(() => ID, { description: "Deletes a playlist; event playlist:delete." })
  async deletePlaylist(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deletePlaylist(ctx, parseId(id))).id;
  }
}

@Resolver(() => Project)
export class ProjectPlaylistsResolver {
  @FieldResolver(() => [Playlist], { description: "The project's playlists the logged-in person may read." })
  async playlists(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    const role = await effectiveProjectRole(ctx, project.id);
    const rows = await ctx.loaders.playlistsByProjectId.load(project.id);
    return rows.filter((row) => canReadPlaylist(role, row));
  }
}
