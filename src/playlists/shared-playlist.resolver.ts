import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { previewFileJson } from "../comments/comment.json.js";
import type { ZouJson } from "../rest/zou-json.js";
import { getSharedPreview, openSharedPlaylist } from "./shared-playlist-access.js";
import { deleteGuestComment, postGuestComment, removeGuestAttachment, updateGuestAnnotations, updateGuestComment } from "./shared-playlist-comments.service.js";
import { sharedCommentsJson, sharedContextJson, sharedPlaylistJson } from "./shared-playlist-view.service.js";

// Guest review through a playlist share link. No login: the token, and the
// password of a protected link, are the credential of every field here.

const TOKEN = { description: "The share link's token." };
const PASSWORD = { nullable: true, description: "The link's password, when it has one." };

@Resolver()
export class SharedPlaylistResolver {
  @Query(() => JSON, { description: "The shared playlist in Zou's JSON, each entry with its entity's names and its positioned preview. NOT_FOUND for an unknown, revoked or expired link or a wrong password." })
  async sharedPlaylistJson(@Arg("token", () => String, TOKEN) token: string, @Arg("password", () => String, PASSWORD) password: string | null, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return sharedPlaylistJson(ctx, await openSharedPlaylist(ctx, token, password));
  }

  @Query(() => JSON, { description: "The project, task types, task statuses and entities the guest review page needs." })
  async sharedPlaylistContextJson(@Arg("token", () => String, TOKEN) token: string, @Arg("password", () => String, PASSWORD) password: string | null, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return sharedContextJson(ctx, await openSharedPlaylist(ctx, token, password));
  }

  @Query(() => JSON, { description: "The comments a guest sees on the playlist's tasks, newest first: those shown to clients and those of guests." })
  async sharedPlaylistCommentsJson(@Arg("token", () => String, TOKEN) token: string, @Arg("password", () => String, PASSWORD) password: string | null, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return sharedCommentsJson(ctx, await openSharedPlaylist(ctx, token, password));
  }

  @Query(() => JSON, { description: "A preview file of the shared playlist. FORBIDDEN for a preview outside it." })
  async sharedPlaylistPreviewFileJson(
    @Arg("token", () => String, TOKEN) token: string,
    @Arg("password", () => String, PASSWORD) password: string | null,
    @Arg("previewFileId", () => String) previewFileId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const shared = await openSharedPlaylist(ctx, token, password);
    return previewFileJson(await getSharedPreview(ctx, shared, previewFileId));
  }

  @Mutation(() => JSON, { description: "Posts a guest's comment on a task of the shared playlist, with a status open to clients." })
  async postSharedPlaylistComment(
    @Arg("token", () => String, TOKEN) token: string,
    @Arg("password", () => String, PASSWORD) password: string | null,
    @Arg("guestId", () => String) guestId: string,
    @Arg("taskId", () => String) taskId: string,
    @Arg("taskStatusId", () => String) taskStatusId: string,
    @Arg("text", () => String, { nullable: true }) text: string | null,
    @Arg("checklist", () => JSON, { nullable: true }) checklist: unknown[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const shared = await openSharedPlaylist(ctx, token, password);
    return postGuestComment(ctx, shared, { guestId, taskId, taskStatusId, text: text ?? "", checklist: checklist ?? [] });
  }

  @Mutation(() => JSON, { description: "Edits the text, checklist or status of the guest's own comment." })
  async updateSharedPlaylistComment(
    @Arg("token", () => String, TOKEN) token: string,
    @Arg("password", () => String, PASSWORD) password: string | null,
    @Arg("commentId", () => String) commentId: string,
    @Arg("guestId", () => String) guestId: string,
    @Arg("text", () => String, { nullable: true }) text: string | null,
    @Arg("checklist", () => JSON, { nullable: true }) checklist: unknown[] | null,
    @Arg("taskStatusId", () => String, { nullable: true }) taskStatusId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const shared = await openSharedPlaylist(ctx, token, password);
    return updateGuestComment(ctx, shared, commentId, guestId, { text: text ?? undefined, checklist: checklist ?? undefined, taskStatusId: taskStatusId ?? undefined });
  }

  @Mutation(() => Boolean, { description: "Deletes the guest's own comment." })
  async deleteSharedPlaylistComment(
    @Arg("token", () => String, TOKEN) token: string,
    @Arg("password", () => String, PASSWORD) password: string | null,
    @Arg("commentId", () => String) commentId: string,
    @Arg("guestId", () => String) guestId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await deleteGuestComment(ctx, await openSharedPlaylist(ctx, token, password), commentId, guestId);
    return true;
  }

  @Mutation(() => Boolean, { description: "Removes one attachment of the guest's own comment." })
  async deleteSharedPlaylistCommentAttachment(
    @Arg("token", () => String, TOKEN) token: string,
    @Arg("password", () => String, PASSWORD) password: string | null,
    @Arg("commentId", () => String) commentId: string,
    @Arg("attachmentFileId", () => String) attachmentFileId: string,
    @Arg("guestId", () => String) guestId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await removeGuestAttachment(ctx, await openSharedPlaylist(ctx, token, password), commentId, guestId, attachmentFileId);
    return true;
  }

  @Mutation(() => JSON, { description: "Applies a guest's drawing changes (additions, updates, deletions) to a preview of the shared playlist and returns the preview file." })
  async updateSharedPlaylistAnnotations(
    @Arg("token", () => String, TOKEN) token: string,
    @Arg("password", () => String, PASSWORD) password: string | null,
    @Arg("guestId", () => String) guestId: string,
    @Arg("previewFileId", () => String) previewFileId: string,
    @Arg("changes", () => JSON, { nullable: true, description: "Zou's body: additions, updates and deletions." }) changes: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return updateGuestAnnotations(ctx, await openSharedPlaylist(ctx, token, password), guestId, previewFileId, changes);
  }
}
