import { and, asc, eq, isNull } from "drizzle-orm";
import { previewFile } from "../../schema/comments.js";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { assertTaskAction, getPreviewFileOrThrow, getTaskOrThrow } from "./previews.access.js";

// The order of the files of one revision (a comment can carry several
// preview files): moving one renumbers all of them from 1.

/** Reads Zou's body: an optional whole `position` of at least 0, where 0 leaves the order unchanged. */
export function parsePosition(body: unknown): number {
  if (body === undefined || body === null) return 0;
  if (typeof body !== "object" || Array.isArray(body)) throw new BadRequestError("The request body must be a JSON object.");
  const value = (body as Record<string, unknown>).position;
  if (value === undefined || value === null) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new BadRequestError("Validation error.", { errors: [{ field: "position", message: "position must be a whole number of at least 0" }] });
  }
  return value;
}

/**
 * Moves a preview file to a 1-based position among the files of its task
 * and revision, and renumbers the others in their previous order. A
 * position of 0 or past the last file changes nothing, as in Zou. Returns
 * the revision's files in their new order.
 */
export async function updatePreviewPosition(ctx: RequestContext, previewFileId: string, body: unknown): Promise<ZouJson[]> {
  const preview = await getPreviewFileOrThrow(ctx, previewFileId);
  await assertTaskAction(ctx, await getTaskOrThrow(ctx, preview.taskId));
  const position = parsePosition(body);

  return ctx.db.transaction(async (tx) => {
    const sameRevision = and(
      preview.taskId === null ? isNull(previewFile.taskId) : eq(previewFile.taskId, preview.taskId),
      preview.revision === null ? isNull(previewFile.revision) : eq(previewFile.revision, preview.revision),
    );
    // Rows are locked so that two concurrent moves cannot interleave their renumbering.
    const siblings = await tx
      .select()
      .from(previewFile)
      .where(sameRevision)
      .orderBy(asc(previewFile.position), asc(previewFile.createdAt), asc(previewFile.id))
      .for("update");
    if (position < 1 || position > siblings.length) return siblings.map((row) => toZouJson(previewFile, row, "PreviewFile"));

    const moved = siblings.find((row) => row.id === preview.id) ?? preview;
    const ordered = siblings.filter((row) => row.id !== preview.id);
    ordered.splice(position - 1, 0, moved);

    const now = new Date();
    const result: ZouJson[] = [];
    for (const [index, row] of ordered.entries()) {
      const targetPosition = index + 1;
      const current = row.position === targetPosition
        ? row
        : (await tx.update(previewFile).set({ position: targetPosition, updatedAt: now }).where(eq(previewFile.id, row.id)).returning())[0];
      result.push(toZouJson(previewFile, current, "PreviewFile"));
    }
    return result;
  });
}
