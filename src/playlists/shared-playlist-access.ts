import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { lockTransactionOn } from "../db/advisory-lock.js";
import { previewFile } from "../../schema/comments.js";
import { person } from "../../schema/people.js";
import { playlist, playlistShareLink } from "../../schema/playlists.js";
import { task } from "../../schema/tasks.js";
import { verifyPassword } from "../auth/passwords.js";
import type { RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import type { PersonRow } from "../people/person.json.js";
import type { PreviewFileRow } from "../previews/previews.access.js";
import type { PlaylistRow } from "./playlists.loaders.js";
import { playlistEntries } from "./playlists.service.js";

// The share token of a playlist is the guest's only credential. Every guest
// request first checks the link, and then checks that what it names (a preview,
// a task, a comment, a guest) belongs to the shared playlist.

export type ShareLinkRow = typeof playlistShareLink.$inferSelect;

export interface SharedPlaylist {
  readonly link: ShareLinkRow;
  readonly playlist: PlaylistRow & { projectId: string };
}

const LINK_NOT_FOUND = "Share link not found.";

/**
 * Loads the share link of `token` and its playlist. As in Zou, an unknown,
 * revoked or expired link, and a protected link without the right password,
 * are all NOT_FOUND, so the response never reveals which check failed.
 */
export async function openSharedPlaylist(ctx: RequestContext, token: string, password: string | null | undefined): Promise<SharedPlaylist> {
  // Tokens are UUIDs and the column has at most 64 characters, so a longer token cannot match.
  if (token.length === 0 || token.length > 64) throw new NotFoundError(LINK_NOT_FOUND);
  const [link] = await ctx.db.orm.select().from(playlistShareLink).where(eq(playlistShareLink.token, token)).limit(1);
  if (link === undefined || !link.isActive) throw new NotFoundError(LINK_NOT_FOUND);
  if (link.expirationDate !== null && link.expirationDate.getTime() < Date.now()) throw new NotFoundError(LINK_NOT_FOUND);
  if (link.password !== null && link.password !== "") {
    // NOTE: every request on a protected link runs one bcrypt check, media requests included.
    if (password === undefined || password === null || password === "") throw new NotFoundError(LINK_NOT_FOUND);
    if (!(await verifyPassword(password, link.password))) throw new NotFoundError(LINK_NOT_FOUND);
  }
  const [row] = await ctx.db.orm.select().from(playlist).where(eq(playlist.id, link.playlistId)).limit(1);
  if (row === undefined || row.projectId === null) throw new NotFoundError(LINK_NOT_FOUND);
  return { link, playlist: row as PlaylistRow & { projectId: string } };
}

/** Rejects writes through a link created with can_comment false. */
export function assertLinkAllowsComments(shared: SharedPlaylist): void {
  if (!shared.link.canComment) throw new ForbiddenError("Comments are disabled for this link.");
}

/**
 * Loads the previews positioned in the playlist's entries, each with its
 * task's entity id. Only previews of the playlist's project count: the
 * entries are JSON that a generic update can fill with any id.
 */
export async function positionedPreviews(ctx: RequestContext, row: PlaylistRow): Promise<(PreviewFileRow & { entityId: string | null })[]> {
  const ids = [...new Set(playlistEntries(row).flatMap((entry) => (entry.preview_file_id !== null && isUuid(entry.preview_file_id) ? [entry.preview_file_id.toLowerCase()] : [])))];
  if (ids.length === 0 || row.projectId === null) return [];
  const rows = await ctx.db.orm
    .select({ preview: previewFile, entityId: task.entityId })
    .from(previewFile)
    .innerJoin(task, eq(task.id, previewFile.taskId))
    .where(and(inArray(previewFile.id, ids), eq(task.projectId, row.projectId)));
  return rows.map(({ preview, entityId }) => ({ ...preview, entityId }));
}

/** Returns the tasks of the playlist's positioned previews: the only tasks whose comments a guest reads or writes. */
export async function sharedTaskIds(ctx: RequestContext, row: PlaylistRow): Promise<Set<string>> {
  const previews = await positionedPreviews(ctx, row);
  return new Set(previews.flatMap((preview) => (preview.taskId === null ? [] : [preview.taskId])));
}

/**
 * Loads a preview the guest may see: a preview positioned in one of the
 * playlist's entries, or another preview of the same task and revision
 * (one revision can carry several files). A malformed or unknown id is
 * NOT_FOUND and a preview outside the playlist FORBIDDEN, as in Zou.
 */
export async function getSharedPreview(ctx: RequestContext, shared: SharedPlaylist, previewFileId: string): Promise<PreviewFileRow> {
  if (!isUuid(previewFileId)) throw new NotFoundError("Preview file not found.");
  const [preview] = await ctx.db.orm.select().from(previewFile).where(eq(previewFile.id, previewFileId.toLowerCase())).limit(1);
  if (preview === undefined) throw new NotFoundError("Preview file not found.");
  const positioned = await positionedPreviews(ctx, shared.playlist);
  const visible = positioned.some((item) => item.id === preview.id || (item.taskId !== null && item.taskId === preview.taskId && item.revision === preview.revision));
  if (!visible) throw new ForbiddenError("The preview file is not part of this shared playlist.");
  return preview;
}

/**
 * Loads the guest `guestId` if it was created through this very link, so a
 * guest id leaked from another link grants nothing here. Anything else is
 * FORBIDDEN, as Zou returns for a guest outside the shared playlist.
 */
export async function getLinkGuest(ctx: RequestContext, shared: SharedPlaylist, guestId: string): Promise<PersonRow> {
  const rejected = new ForbiddenError("Guest not part of this shared playlist.");
  if (!isUuid(guestId)) throw rejected;
  const [row] = await ctx.db.orm.select().from(person).where(eq(person.id, guestId.toLowerCase())).limit(1);
  if (row === undefined || !row.isGuest) throw rejected;
  const data = (row.data as Record<string, unknown> | null) ?? {};
  if (data.share_link_id !== shared.link.id) throw rejected;
  return row;
}

/**
 * Returns the guest of this link with the same first and last names, or
 * creates one: a person with is_guest, the client role, a generated
 * address and the link's id in its data. Event person:new on creation.
 */
export async function findOrCreateGuest(ctx: RequestContext, shared: SharedPlaylist, names: { firstName: string; lastName: string }): Promise<PersonRow> {
  const sameGuest = and(eq(person.isGuest, true), eq(person.firstName, names.firstName), eq(person.lastName, names.lastName), sql`${person.data}->>'share_link_id' = ${shared.link.id}`);
  const [existing] = await ctx.db.orm.select().from(person).where(sameGuest).limit(1);
  if (existing !== undefined) return existing;

  return ctx.db.transaction(async (tx) => {
    // Parallel registrations of the same names wait here, and the later ones find the first one's guest.
    await lockTransactionOn(tx, `shared-playlist-guest:${shared.link.id}`);
    const [registered] = await tx.select().from(person).where(sameGuest).limit(1);
    if (registered !== undefined) return registered;

    const [created] = await tx
      .insert(person)
      .values({
        firstName: names.firstName,
        lastName: names.lastName,
        email: `guest-${randomUUID().replace(/-/g, "").slice(0, 8)}@guest.kitsu`,
        role: "client",
        isGuest: true,
        data: { share_link_id: shared.link.id },
      })
      .returning();
    await recordEvent(tx, ctx, { name: "person:new", data: { person_id: created.id } });
    return created;
  });
}
