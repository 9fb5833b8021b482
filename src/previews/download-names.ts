import { eq } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { organisation } from "../../schema/people.js";
import { project } from "../../schema/projects.js";
import { task, taskType } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import type { PreviewFileRow } from "./previews.access.js";

// Zou's download name of a preview: the slug of
// "<project>_<entity full name>_<task type>_v<revision>", with "-<position>"
// past the first position, or the original file name when the organisation
// sets use_original_file_name.

/** Lower-case, with every run of other characters than letters and digits turned into one "_". */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

async function entityFullName(ctx: RequestContext, entityId: string | null): Promise<string> {
  if (entityId === null) return "";
  const [row] = await ctx.db.orm
    .select({ name: entity.name, parentId: entity.parentId, typeName: entityType.name })
    .from(entity)
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .where(eq(entity.id, entityId));
  if (row === undefined) return "";
  if (["Shot", "Sequence", "Scene"].includes(row.typeName)) {
    // A shot reads "SQ01 / SH010", or "E01 / SQ01 / SH010" within an episode.
    const names = [row.name];
    let parentId = row.parentId;
    for (let depth = 0; parentId !== null && depth < 2; depth += 1) {
      const [parent] = await ctx.db.orm.select({ name: entity.name, parentId: entity.parentId }).from(entity).where(eq(entity.id, parentId));
      if (parent === undefined) break;
      names.unshift(parent.name);
      parentId = parent.parentId;
    }
    return names.join(" / ");
  }
  if (["Episode", "Edit", "Concept"].includes(row.typeName)) return row.name;
  // An asset reads "<asset type> / <asset>".
  return `${row.typeName} / ${row.name}`;
}

export async function previewDownloadName(ctx: RequestContext, preview: PreviewFileRow, extension: string): Promise<string> {
  const [settings] = await ctx.db.orm.select({ useOriginal: organisation.useOriginalFileName }).from(organisation).limit(1);
  if (settings?.useOriginal === true && preview.originalName) return `${preview.originalName}.${extension}`;

  const [row] = preview.taskId === null
    ? []
    : await ctx.db.orm
        .select({ projectName: project.name, taskTypeName: taskType.name, entityId: task.entityId })
        .from(task)
        .leftJoin(project, eq(project.id, task.projectId))
        .leftJoin(taskType, eq(taskType.id, task.taskTypeId))
        .where(eq(task.id, preview.taskId));
  const entityName = await entityFullName(ctx, row?.entityId ?? null);
  let name = slugify(`${row?.projectName ?? ""}_${entityName}_${row?.taskTypeName ?? ""}_v${preview.revision ?? 1}`);
  if ((preview.position ?? 1) > 1) name = `${name}-${preview.position}`;
  return `${name}.${extension}`;
}
