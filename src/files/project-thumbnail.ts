import { eq } from "drizzle-orm";
import { project } from "../../schema/projects.js";
import { assertProjectManager, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { writeAvatarFromUpload } from "../previews/avatars.service.js";
import type { UploadedFile } from "../previews/uploads.js";

// A project's thumbnail: a 400 × 400 PNG stored like people's avatars, under
// the `thumbnails` prefix with the project's id, and flagged by has_avatar.

function projectId(value: string): string {
  if (!isUuid(value)) throw new NotFoundError("Project not found.");
  return value.toLowerCase();
}

/** Checks that the viewer may set the project's thumbnail (admins and the project's managers); returns the project id. */
export async function assertCanSetProjectThumbnail(ctx: RequestContext, rawId: string): Promise<string> {
  const id = projectId(rawId);
  await assertProjectManager(ctx, id);
  return id;
}

/** Sets a project's thumbnail, under the rule of assertCanSetProjectThumbnail; event project:update. Returns Zou's thumbnail path. */
export async function setProjectThumbnail(ctx: RequestContext, rawId: string, upload: UploadedFile): Promise<string> {
  const id = await assertCanSetProjectThumbnail(ctx, rawId);
  await writeAvatarFromUpload(ctx, id, upload);
  await ctx.db.transaction(async (tx) => {
    await tx.update(project).set({ hasAvatar: true }).where(eq(project.id, id));
    await recordEvent(tx, ctx, { name: "project:update", projectId: id, data: { project_id: id } });
  });
  return `pictures/thumbnails/projects/${id}.png`;
}

/** Loads a project whose thumbnail the viewer may download (its team and admins): 404 when unknown or without a thumbnail. */
export async function getProjectThumbnailOwner(ctx: RequestContext, rawId: string): Promise<{ id: string; updatedAt: Date | null }> {
  const row = await getReadableProject(ctx, projectId(rawId));
  if (row.hasAvatar !== true) throw new NotFoundError();
  return { id: row.id, updatedAt: row.updatedAt };
}
