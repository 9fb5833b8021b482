import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { deletePlaylistBuildJob, getPlaylistBuildJob, startPlaylistBuild } from "./playlist-builds.service.js";
import { sendShareInvitations } from "./playlist-share-invite.service.js";

@Resolver()
export class PlaylistBuildsJsonResolver {
  @Mutation(() => JSON, {
    description: "Queues a movie build of the playlist and returns its build job in Zou's JSON. Project managers only. CONFLICT while another build of the playlist runs.",
  })
  startPlaylistBuild(
    @Arg("playlistId", () => ID) playlistId: string,
    @Arg("full", () => Boolean, { nullable: true, description: "Re-encode every movie, even when their formats already match." }) full: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return startPlaylistBuild(ctx, parseId(playlistId), full === true);
  }

  @Query(() => JSON, { description: "A build job of the playlist in Zou's JSON. Project managers, and clients for a client playlist." })
  playlistBuildJobJson(@Arg("playlistId", () => ID) playlistId: string, @Arg("buildJobId", () => ID) buildJobId: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return getPlaylistBuildJob(ctx, parseId(playlistId), parseId(buildJobId));
  }

  @Mutation(() => Boolean, { description: "Deletes a build job of the playlist and its movie. Project managers, and clients for a client playlist." })
  deletePlaylistBuildJob(@Arg("playlistId", () => ID) playlistId: string, @Arg("buildJobId", () => ID) buildJobId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return deletePlaylistBuildJob(ctx, parseId(playlistId), parseId(buildJobId));
  }

  @Mutation(() => [String], { description: "Mails the guest link of a share link to addresses and people, and returns the addresses mailed. Global managers who manage the project." })
  sendPlaylistShareInvitations(
    @Arg("playlistId", () => ID) playlistId: string,
    @Arg("token", () => String) token: string,
    @Arg("emails", () => [String], { nullable: true }) emails: string[] | null,
    @Arg("personIds", () => [ID], { nullable: true }) personIds: string[] | null,
    @Arg("message", () => String, { nullable: true }) message: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<string[]> {
    return sendShareInvitations(ctx, parseId(playlistId), token, { emails: emails ?? [], personIds: (personIds ?? []).map(parseId), message });
  }
}
