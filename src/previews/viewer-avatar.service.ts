import { eq } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { requireViewer, type RequestContext } from "../context.js";
import { ForbiddenError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { getMediaServices } from "./media.js";
import { pictureKey } from "./previews.service.js";

/** Removes the logged-in person's own avatar: has_avatar false and the file deleted; FORBIDDEN for bots, as on Zou's user routes. */
export async function clearViewerAvatar(ctx: RequestContext): Promise<boolean> {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot === true) throw new ForbiddenError();

  await ctx.db.transaction(async (tx) => {
    await tx.update(person).set({ hasAvatar: false, updatedAt: new Date() }).where(eq(person.id, viewer.id));
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: viewer.id } });
  });
  // NOTE(compat): Zou keeps the file unless REMOVE_FILES is on; Kumiki removes it, since nothing can reach it once has_avatar is false.
  await getMediaServices(ctx.services).store.delete(pictureKey("thumbnails", viewer.id));
  return true;
}
