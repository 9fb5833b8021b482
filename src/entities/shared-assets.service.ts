import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity, entityLink } from "../../schema/entities.js";
import { getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import type { ZouJson } from "../rest/zou-json.js";
import { kindCondition, selectEntities } from "./entities.loaders.js";
import { entityJson } from "./entity-json.resolver.js";

// Assets shared by other productions and cast in this one's shots, which
// Kitsu adds to the Assets tab of the production.

const shot = alias(entity, "shared_used_shot");
const sequence = alias(entity, "shared_used_sequence");

/**
 * Lists the shared, non-canceled assets of other projects cast in the
 * project's shots, optionally only in one episode's shots ("main" and "all"
 * mean every episode, as in Zou). One query.
 */
export async function listSharedAssetsUsedInProject(ctx: RequestContext, projectId: string, episodeId: string | null): Promise<ZouJson[]> {
  await getReadableProject(ctx, projectId);
  const shotConditions: SQL[] = [eq(shot.projectId, projectId)];
  if (episodeId !== null && episodeId !== "main" && episodeId !== "all") shotConditions.push(eq(sequence.parentId, episodeId));
  const castIn = ctx.db.orm
    .select({ id: entityLink.entityOutId })
    .from(entityLink)
    .innerJoin(shot, eq(shot.id, entityLink.entityInId))
    .innerJoin(sequence, eq(sequence.id, shot.parentId))
    .where(and(...shotConditions));

  const rows = await selectEntities(ctx)
    .where(and(kindCondition("Asset"), eq(entity.isShared, true), sql`${entity.canceled} is not true`, ne(entity.projectId, projectId), inArray(entity.id, castIn)))
    .orderBy(asc(entity.name), asc(entity.id));
  return rows.map(entityJson);
}
