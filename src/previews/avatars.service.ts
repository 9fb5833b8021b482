import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { organisation, person } from "../../schema/people.js";
import { assertAdmin, isAdmin } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { inspectPicture, PictureReadError, PictureTooLargeError, writeAvatar } from "../storage/pictures.js";
import { getMediaServices } from "./media.js";
import { pictureKey } from "./previews.service.js";
import { makeScratchFolder, saveUpload, type UploadedFile } from "./uploads.js";

// Avatars of people and the studio logo: a 400 × 400 PNG stored as Zou
// stores it, under the `thumbnails` prefix with the person's or
// organisation's id, and flagged by the row's has_avatar.

export type AvatarOwner = "persons" | "organisations";

/** Writes an uploaded picture as a 400 × 400 PNG thumbnail under the given id; BAD_USER_INPUT when it cannot be read. */
export async function writeAvatarFromUpload(ctx: RequestContext, id: string, upload: UploadedFile): Promise<void> {
  const scratch = await makeScratchFolder(ctx.config.tmpDir);
  try {
    const saved = await saveUpload(upload, scratch, ctx.config.maxUploadSize);
    try {
      await inspectPicture(saved.path, ctx.config.maxImagePixels);
    } catch (error) {
      if (error instanceof PictureTooLargeError) throw new BadRequestError(`The picture is too large to process: ${error.width}×${error.height} pixels.`);
      if (error instanceof PictureReadError) throw new BadRequestError(`The picture cannot be read: ${error.message}`);
      throw error;
    }
    const output = path.join(scratch, "avatar.png");
    await writeAvatar(saved.path, output, ctx.config.maxImagePixels);
    await getMediaServices(ctx.services).store.put(pictureKey("thumbnails", id), createReadStream(output));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Sets a person's avatar: the person themself or an admin. Returns Zou's thumbnail path. */
export async function setPersonAvatar(ctx: RequestContext, personId: string, upload: UploadedFile): Promise<string> {
  const viewer = requireViewer(ctx);
  if (!isUuid(personId)) throw new NotFoundError("Person not found.");
  const id = personId.toLowerCase();
  if (viewer.id !== id && !isAdmin(viewer)) throw new ForbiddenError();
  const [row] = await ctx.db.orm.select({ id: person.id }).from(person).where(eq(person.id, id));
  if (row === undefined) throw new NotFoundError("Person not found.");

  await writeAvatarFromUpload(ctx, id, upload);
  await ctx.db.transaction(async (tx) => {
    await tx.update(person).set({ hasAvatar: true, updatedAt: new Date() }).where(eq(person.id, id));
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: id } });
    await recordEvent(tx, ctx, { name: "person:set-thumbnail", data: { person_id: id } });
  });
  return `pictures/thumbnails/persons/${id}.png`;
}

/** Sets the studio logo: admins only. Returns Zou's thumbnail path. */
export async function setOrganisationAvatar(ctx: RequestContext, organisationId: string, upload: UploadedFile): Promise<string> {
  assertAdmin(ctx);
  if (!isUuid(organisationId)) throw new NotFoundError("Organisation not found.");
  const id = organisationId.toLowerCase();
  const [row] = await ctx.db.orm.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, id));
  if (row === undefined) throw new NotFoundError("Organisation not found.");

  await writeAvatarFromUpload(ctx, id, upload);
  await ctx.db.transaction(async (tx) => {
    await tx.update(organisation).set({ hasAvatar: true, updatedAt: new Date() }).where(eq(organisation.id, id));
    await recordEvent(tx, ctx, { name: "organisation:update", data: { organisation_id: id } });
    await recordEvent(tx, ctx, { name: "organisation:set-thumbnail", data: { organisation_id: id } });
  });
  return `pictures/thumbnails/organisations/${id}.png`;
}

/** Removes a person's avatar (admins only, checked before the look-up): has_avatar false and the file deleted. */
export async function clearPersonAvatar(ctx: RequestContext, personId: string): Promise<void> {
  assertAdmin(ctx);
  if (!isUuid(personId)) throw new NotFoundError("Person not found.");
  const id = personId.toLowerCase();
  const updated = await ctx.db.transaction(async (tx) => {
    const rows = await tx.update(person).set({ hasAvatar: false, updatedAt: new Date() }).where(eq(person.id, id)).returning({ id: person.id });
    if (rows.length === 0) return false;
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: id } });
    return true;
  });
  if (!updated) throw new NotFoundError("Person not found.");
  // NOTE(compat): Zou keeps the file unless REMOVE_FILES is on; Kumiki removes it, since nothing can reach it once has_avatar is false.
  await getMediaServices(ctx.services).store.delete(pictureKey("thumbnails", id));
}

/** Loads the owner of an avatar for a download: 404 when unknown or without an avatar. */
export async function getAvatarOwner(ctx: RequestContext, owner: AvatarOwner, ownerId: string): Promise<{ id: string; updatedAt: Date | null }> {
  requireViewer(ctx);
  if (!isUuid(ownerId)) throw new NotFoundError();
  const id = ownerId.toLowerCase();
  const table = owner === "persons" ? person : organisation;
  const [row] = await ctx.db.orm.select({ id: table.id, hasAvatar: table.hasAvatar, updatedAt: table.updatedAt }).from(table).where(eq(table.id, id));
  if (row === undefined || row.hasAvatar !== true) throw new NotFoundError();
  return { id: row.id, updatedAt: row.updatedAt };
}
