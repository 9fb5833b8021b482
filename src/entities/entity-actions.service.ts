import { and, eq, sql } from "drizzle-orm";
import { entity, entityLink, entityType } from "../../schema/entities.js";
import { assertProjectManager, isAdmin } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { entityColumns, kindCondition, type EntityLinkRow, type EntityRow } from "./entities.loaders.js";

// Project-level actions on entities that Zou files under its assets and
// breakdown routes: sharing every asset of a type, removing one casting link.

/**
 * Checks that the viewer manages the project. Admins skip the check, as in
 * Zou, so an admin naming an unknown project goes on (and matches nothing).
 * A malformed id is an unknown project.
 */
async function assertManagerOfProject(ctx: RequestContext, projectId: string): Promise<void> {
  if (isAdmin(requireViewer(ctx))) return;
  if (!isUuid(projectId)) throw new NotFoundError("Project not found.");
  await assertProjectManager(ctx, projectId.toLowerCase());
}

/** Reads `is_shared` from an optional JSON body: absent means true; anything but a boolean is a validation error. */
function readIsShared(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new BadRequestError("Validation error.", { errors: [{ field: "body", message: "Input should be a valid object" }] });
  }
  const value = (body as Record<string, unknown>).is_shared;
  if (value === undefined) return true;
  if (typeof value !== "boolean") throw new BadRequestError("Validation error.", { errors: [{ field: "is_shared", message: "Input should be a valid boolean" }] });
  return value;
}

/**
 * Sets `is_shared` on every asset of one asset type in one project (canceled
 * ones included) and returns the updated assets. The role check runs before
 * the body is read, as in Zou.
 */
export async function shareProjectAssetTypeAssets(ctx: RequestContext, projectId: string, assetTypeId: string, body: unknown): Promise<EntityRow[]> {
  await assertManagerOfProject(ctx, projectId);
  const isShared = readIsShared(body);
  // NOTE(compat): Zou returns 500 for a malformed asset type id.
  if (!isUuid(assetTypeId)) throw new BadRequestError("Wrong UUID format.");
  if (!isUuid(projectId)) return [];

  // Shots, sequences and the other built-in kinds are not assets.
  const [assetType] = await ctx.db.orm
    .select({ id: entityType.id })
    .from(entityType)
    .where(and(eq(entityType.id, assetTypeId.toLowerCase()), kindCondition("Asset")));
  if (assetType === undefined) return [];

  return ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(entity)
      .set({ isShared, updatedAt: new Date() })
      .where(and(eq(entity.projectId, projectId.toLowerCase()), eq(entity.entityTypeId, assetType.id)))
      .returning({ id: entity.id });
    if (updated.length === 0) return [];

    // Zou emits no event on this route; Kumiki announces each change so live views refresh.
    for (const { id } of updated) await recordEvent(tx, ctx, { name: "asset:update", projectId: projectId.toLowerCase(), data: { asset_id: id } });
    const ids = updated.map((row) => row.id);
    const rows = await tx
      .select(entityColumns)
      .from(entity)
      .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
      .where(sql`${entity.id} = any(${sql.param(ids)}::uuid[])`)
      .orderBy(entity.name);
    return rows;
  });
}

/**
 * Deletes one entity link of a project's casting and returns it. The link's
 * `entity_in` must belong to the project. Like Zou, it records no event and
 * leaves `nb_entities_out` as it is.
 */
export async function deleteProjectEntityLink(ctx: RequestContext, projectId: string, entityLinkId: string): Promise<EntityLinkRow> {
  await assertManagerOfProject(ctx, projectId);
  // NOTE(compat): Zou returns 500 for a malformed link id.
  if (!isUuid(entityLinkId)) throw new NotFoundError("Entity link not found.");

  return ctx.db.transaction(async (tx) => {
    const [link] = await tx.select().from(entityLink).where(eq(entityLink.id, entityLinkId.toLowerCase()));
    if (link === undefined) throw new NotFoundError("Entity link not found.");
    const [target] = await tx.select({ projectId: entity.projectId }).from(entity).where(eq(entity.id, link.entityInId));
    if (target === undefined || target.projectId !== projectId.toLowerCase()) throw new ForbiddenError();

    await tx.delete(entityLink).where(eq(entityLink.id, link.id));
    return link;
  });
}
