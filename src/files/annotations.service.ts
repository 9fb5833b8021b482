import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { previewFile } from "../../schema/comments.js";
import { departmentLink } from "../../schema/people.js";
import { taskType } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { getPreviewFileOrThrow, getTaskOrThrow } from "../previews/previews.access.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { isPlainObject } from "../misc/input-checks.js";

// Drawing annotations on a preview, edited as Kitsu's review room sends them:
// additions, updates and deletions of drawing objects, each at one time of
// the preview. An annotation reads {time, drawing: {objects: [{id, ...}]}}.

type DrawingObject = Record<string, unknown>;
type Annotation = Record<string, unknown> & { time: unknown; drawing?: { objects?: DrawingObject[] } & Record<string, unknown> };

export interface AnnotationChanges {
  additions: Annotation[];
  updates: Annotation[];
  deletions: { time: unknown; objects?: unknown[] }[];
}

/** Validates Zou's body: three optional lists of objects, each with a `time`. */
export function parseAnnotationChanges(body: unknown): AnnotationChanges {
  const data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const errors: { field: string; message: string }[] = [];
  const list = (field: string): Annotation[] => {
    const value = data[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      errors.push({ field, message: "Input should be a valid list" });
      return [];
    }
    value.forEach((item, index) => {
      if (!isPlainObject(item) || !("time" in item)) {
        errors.push({ field: `${field}.${index}`, message: "Input should be an object with a time" });
        return;
      }
      const drawing = item.drawing;
      if (field === "deletions" || !isPlainObject(drawing) || !Array.isArray(drawing.objects)) return;
      drawing.objects.forEach((object: unknown, position: number) => {
        if (!isPlainObject(object)) errors.push({ field: `${field}.${index}.drawing.objects.${position}`, message: "Input should be a valid object" });
      });
    });
    return value as Annotation[];
  };
  const changes = { additions: list("additions"), updates: list("updates"), deletions: list("deletions") };
  if (errors.length > 0) throw new BadRequestError("Validation error.", { errors });
  return changes;
}

/** Returns the drawing's objects; entries that are not objects (stored before the body was checked) are left out. */
function objectsOf(annotation: Annotation): DrawingObject[] {
  const drawing = annotation.drawing;
  if (typeof drawing !== "object" || drawing === null || !Array.isArray(drawing.objects)) return [];
  return drawing.objects.filter((object) => isPlainObject(object));
}

function setObjects(annotation: Annotation, objects: DrawingObject[]): void {
  const drawing = typeof annotation.drawing === "object" && annotation.drawing !== null ? annotation.drawing : {};
  annotation.drawing = { ...drawing, objects };
}

/** Gives a drawing object an id when it has none (missing, empty or null), so later changes can name it. */
function withId(object: DrawingObject): DrawingObject {
  if (!object.id) object.id = randomUUID();
  return object;
}

function byTime(annotations: Annotation[]): Map<string, Annotation> {
  return new Map(annotations.map((annotation) => [JSON.stringify(annotation.time), annotation]));
}

/** Applies additions, then updates, then deletions, and drops the times left without objects. */
export function applyAnnotationChanges(previous: Annotation[], changes: AnnotationChanges): Annotation[] {
  const annotations: Annotation[] = structuredClone(previous);
  for (const annotation of annotations) objectsOf(annotation).forEach(withId);

  // An addition at a new time adds the annotation; at a known time it adds the objects whose id is new.
  for (const addition of structuredClone(changes.additions)) {
    const existing = byTime(annotations).get(JSON.stringify(addition.time));
    const added = objectsOf(addition).map(withId);
    if (existing === undefined) {
      annotations.push(addition);
      continue;
    }
    const known = new Set(objectsOf(existing).map((object) => object.id));
    setObjects(existing, [...objectsOf(existing), ...added.filter((object) => !known.has(object.id))]);
  }

  // An update replaces the objects it names that already exist at that time; it never adds one.
  for (const update of changes.updates) {
    const existing = byTime(annotations).get(JSON.stringify(update.time));
    if (existing === undefined) continue;
    const current = objectsOf(existing);
    const currentIds = new Set(current.map((object) => object.id));
    const replacements = objectsOf(update).filter((object) => object.id !== undefined);
    const replacedIds = new Set(replacements.map((object) => object.id));
    setObjects(existing, [...current.filter((object) => !replacedIds.has(object.id)), ...replacements.filter((object) => currentIds.has(object.id))]);
  }

  for (const deletion of changes.deletions) {
    const existing = byTime(annotations).get(JSON.stringify(deletion.time));
    if (existing === undefined) continue;
    const removed = new Set(Array.isArray(deletion.objects) ? deletion.objects : []);
    setObjects(existing, objectsOf(existing).filter((object) => !removed.has(object.id)));
  }

  return annotations.filter((annotation) => objectsOf(annotation).length > 0);
}

/** Admins, the project's managers and clients, and supervisors of the task type's department (or of none). */
async function assertCanAnnotate(ctx: RequestContext, projectId: string, taskTypeId: string | null): Promise<void> {
  const viewer = requireViewer(ctx);
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "admin" || role === "manager" || role === "client") return;
  if (role === "supervisor") {
    const departments = await ctx.db.orm.select({ id: departmentLink.departmentId }).from(departmentLink).where(eq(departmentLink.personId, viewer.id));
    if (departments.length === 0) return;
    const [type] = taskTypeId === null ? [] : await ctx.db.orm.select({ departmentId: taskType.departmentId }).from(taskType).where(eq(taskType.id, taskTypeId));
    if (type?.departmentId != null && departments.some((department) => department.id === type.departmentId)) return;
  }
  throw new ForbiddenError();
}

/**
 * Edits the annotations of a preview file; the row is locked while they are
 * merged, so concurrent reviewers do not lose each other's drawings. Event
 * preview-file:annotation-update. Returns the preview file.
 */
export async function updatePreviewAnnotations(ctx: RequestContext, previewFileId: string, body: unknown): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  const preview = await getPreviewFileOrThrow(ctx, previewFileId);
  const taskRow = await getTaskOrThrow(ctx, preview.taskId);
  if (taskRow.projectId === null) throw new ForbiddenError();
  await assertCanAnnotate(ctx, taskRow.projectId, taskRow.taskTypeId);
  const changes = parseAnnotationChanges(body);

  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select({ annotations: previewFile.annotations }).from(previewFile).where(eq(previewFile.id, preview.id)).for("update");
    const previous = Array.isArray(locked?.annotations) ? (locked.annotations as Annotation[]) : [];
    const [row] = await tx
      .update(previewFile)
      .set({ annotations: applyAnnotationChanges(previous, changes), updatedAt: new Date() })
      .where(eq(previewFile.id, preview.id))
      .returning();
    const json = toZouJson(previewFile, row, "PreviewFile");
    await recordEvent(tx, ctx, {
      name: "preview-file:annotation-update",
      projectId: taskRow.projectId,
      data: { preview_file_id: preview.id, person_id: viewer.id, updated_at: json.updated_at },
    });
    return json;
  });
}
