import { eq, getTableColumns, sql } from "drizzle-orm";
import { entity } from "../../schema/entities.js";
import { fileStatus, outputFile, outputType, software, workingFile } from "../../schema/files.js";
import type { RequestContext } from "../context.js";
import { groupLoader, idIn, rowLoader } from "../db/loader.js";

// Files carry no project id: it comes from their entity, which decides who
// may read them, so every loader returns it with the row.

export type WorkingFileRow = typeof workingFile.$inferSelect & { projectId: string | null };
export type OutputFileRow = typeof outputFile.$inferSelect & { projectId: string | null };
export type OutputTypeRow = typeof outputType.$inferSelect;
export type FileStatusRow = typeof fileStatus.$inferSelect;
export type SoftwareRow = typeof software.$inferSelect;

export const workingFileColumns = { ...getTableColumns(workingFile), projectId: entity.projectId };
export const outputFileColumns = { ...getTableColumns(outputFile), projectId: entity.projectId };
/** An output file of an asset instance has no entity_id; its shot or scene (temporal entity) gives the project. */
export const outputFileEntityJoin = sql`${entity.id} = coalesce(${outputFile.entityId}, ${outputFile.temporalEntityId})`;

export function createFileLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;
  const selectWorkingFiles = () => orm.select(workingFileColumns).from(workingFile).leftJoin(entity, eq(entity.id, workingFile.entityId));
  const selectOutputFiles = () => orm.select(outputFileColumns).from(outputFile).leftJoin(entity, outputFileEntityJoin);
  return {
    workingFileById: rowLoader<WorkingFileRow>(
      (ids) => selectWorkingFiles().where(idIn(workingFile.id, ids)),
      (row) => row.id,
    ),
    workingFilesByTaskId: groupLoader<WorkingFileRow>(
      (ids) => selectWorkingFiles().where(idIn(workingFile.taskId, ids)),
      (row) => row.taskId ?? "",
    ),
    outputFileById: rowLoader<OutputFileRow>(
      (ids) => selectOutputFiles().where(idIn(outputFile.id, ids)),
      (row) => row.id,
    ),
    outputFilesBySourceFileId: groupLoader<OutputFileRow>(
      (ids) => selectOutputFiles().where(idIn(outputFile.sourceFileId, ids)),
      (row) => row.sourceFileId ?? "",
    ),
    outputTypeById: rowLoader(
      (ids) => orm.select().from(outputType).where(idIn(outputType.id, ids)),
      (row) => row.id,
    ),
    fileStatusById: rowLoader(
      (ids) => orm.select().from(fileStatus).where(idIn(fileStatus.id, ids)),
      (row) => row.id,
    ),
    softwareById: rowLoader(
      (ids) => orm.select().from(software).where(idIn(software.id, ids)),
      (row) => row.id,
    ),
  };
}
