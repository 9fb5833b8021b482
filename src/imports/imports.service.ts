import { and, asc, eq } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { dataImportError } from "../../schema/imports.js";
import { projectPersonLink } from "../../schema/projects.js";
import { assertManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { translateDatabaseError } from "../db/errors.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";

// The ShotGrid (formerly Shotgun) import's removal routes. Zou lets any
// logged-in person call them; Kumiki keeps them to admins and global
// managers, because they delete imported production data.

export interface ShotgunRemovalResult {
  success: boolean;
  removedInstanceId: string | null;
}

/** Deletes one stored import error; unknown and malformed ids are both NOT_FOUND, as in Zou. */
export async function deleteImportError(ctx: RequestContext, errorId: string): Promise<void> {
  assertManager(ctx);
  if (!isUuid(errorId)) throw new NotFoundError("Import error not found.");

  const deleted = await ctx.db.orm
    .delete(dataImportError)
    .where(eq(dataImportError.id, errorId.toLowerCase()))
    .returning({ id: dataImportError.id });
  if (deleted.length === 0) throw new NotFoundError("Import error not found.");
}

/**
 * Deletes the shot imported with this ShotGrid id, without cascade and
 * without event, as Zou does. A shot still referenced (tasks, casting,
 * previews...) is kept and reported with success false.
 */
export async function removeShotgunShot(ctx: RequestContext, shotgunId: number): Promise<ShotgunRemovalResult> {
  assertManager(ctx);

  const [shot] = await ctx.db.orm
    .select({ id: entity.id })
    .from(entity)
    .innerJoin(entityType, eq(entity.entityTypeId, entityType.id))
    .where(and(eq(entity.shotgunId, shotgunId), eq(entityType.name, "Shot")))
    .orderBy(asc(entity.createdAt), asc(entity.id))
    .limit(1);
  if (shot === undefined) return { success: true, removedInstanceId: null };

  try {
    await ctx.db.orm.delete(entity).where(eq(entity.id, shot.id));
  } catch (error) {
    const translated = translateDatabaseError(error);
    if (!(translated instanceof BadRequestError)) throw error;
    ctx.log.info({ shotId: shot.id, shotgunId, reason: translated.message }, "ShotGrid shot kept: other rows reference it");
    return { success: false, removedInstanceId: shot.id };
  }
  return { success: true, removedInstanceId: shot.id };
}

/**
 * Removes the team link imported with this ShotGrid id and records
 * project:update. Zou fails on every such request (its lookup does not
 * apply to the team link table), so this follows what the route promises.
 */
export async function removeShotgunProjectConnection(ctx: RequestContext, shotgunId: number): Promise<ShotgunRemovalResult> {
  assertManager(ctx);

  const [link] = await ctx.db.orm
    .select({ projectId: projectPersonLink.projectId, personId: projectPersonLink.personId })
    .from(projectPersonLink)
    .where(eq(projectPersonLink.shotgunId, shotgunId))
    .orderBy(asc(projectPersonLink.projectId), asc(projectPersonLink.personId))
    .limit(1);
  if (link === undefined) return { success: true, removedInstanceId: null };

  await ctx.db.transaction(async (tx) => {
    await tx
      .delete(projectPersonLink)
      .where(and(eq(projectPersonLink.projectId, link.projectId), eq(projectPersonLink.personId, link.personId)));
    await recordEvent(tx, ctx, { name: "project:update", projectId: link.projectId, data: {} });
  });
  return { success: true, removedInstanceId: link.personId };
}
