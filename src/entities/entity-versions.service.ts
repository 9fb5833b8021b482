import { desc, eq } from "drizzle-orm";
import { entityVersion } from "../../schema/entities.js";
import type { RequestContext } from "../context.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { getReadableEntity } from "./entities.service.js";

// The history snapshots of a shot or an edit (entity_version rows), newest
// first, typed ShotVersion or EditVersion as Zou labels them.
// TODO(compat): Kumiki lists the versions a Zou database brought along but does not record new ones when a shot or edit changes yet.

/** Lists the stored versions of a shot or edit the viewer may read; NOT_FOUND for an id of another kind. */
export async function listEntityVersions(ctx: RequestContext, kind: "Shot" | "Edit", entityId: string): Promise<ZouJson[]> {
  const target = await getReadableEntity(ctx, kind, entityId);
  const rows = await ctx.db.orm.select().from(entityVersion).where(eq(entityVersion.entityId, target.id)).orderBy(desc(entityVersion.createdAt));
  return rows.map((row) => toZouJson(entityVersion, row, `${kind}Version`));
}
