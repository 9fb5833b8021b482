import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { entity } from "../../schema/entities.js";
import { fileStatus, outputFile, outputType, software, workingFile } from "../../schema/files.js";
import { task, taskPersonLink, taskType } from "../../schema/tasks.js";
import { assertAdmin, effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { GlobalRole, RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { definedFields, optionalText, requireColor, requireText, requireWholeNumber } from "../misc/input-checks.js";
import type { CreateOutputFileInput, CreateWorkingFileInput, SoftwareInput, UpdateOutputFileInput, UpdateWorkingFileInput } from "./file.type.js";
import type { FileStatusRow, OutputFileRow, OutputTypeRow, SoftwareRow, WorkingFileRow } from "./files.loaders.js";

// Working files and output files, with Zou's revision numbering, plus the
// output types, file statuses and software they refer to. Kumiki is stricter
// than Zou on reads: clients never see files, and vendors see only the
// working files of tasks assigned to them (Zou blocks vendors from output
// files already).

const STAFF_ROLES: readonly GlobalRole[] = ["admin", "manager", "supervisor", "user"];

async function isAssigned(ctx: RequestContext, taskId: string | null): Promise<boolean> {
  if (taskId === null) return false;
  const rows = await ctx.db.orm
    .select({ taskId: taskPersonLink.taskId })
    .from(taskPersonLink)
    .where(and(eq(taskPersonLink.taskId, taskId), eq(taskPersonLink.personId, requireViewer(ctx).id)))
    .limit(1);
  return rows.length > 0;
}

/** Whether a person with this role in the file's project may read the working file (vendors only when assigned to its task). */
export async function canReadWorkingFile(ctx: RequestContext, role: GlobalRole | null, row: WorkingFileRow): Promise<boolean> {
  if (role === null || role === "client") return false;
  if (role === "vendor") return isAssigned(ctx, row.taskId);
  return true;
}

export function canReadOutputFile(role: GlobalRole | null): boolean {
  return role !== null && STAFF_ROLES.includes(role);
}

export async function getReadableWorkingFile(ctx: RequestContext, fileId: string): Promise<WorkingFileRow> {
  requireViewer(ctx);
  const row = await ctx.loaders.workingFileById.load(fileId);
  if (row === null || row.projectId === null) throw new NotFoundError("Working file not found.");
  await getReadableProject(ctx, row.projectId);
  if (!(await canReadWorkingFile(ctx, await effectiveProjectRole(ctx, row.projectId), row))) throw new ForbiddenError();
  return row;
}

export async function getReadableOutputFile(ctx: RequestContext, fileId: string): Promise<OutputFileRow> {
  requireViewer(ctx);
  const row = await ctx.loaders.outputFileById.load(fileId);
  if (row === null || row.projectId === null) throw new NotFoundError("Output file not found.");
  await getReadableProject(ctx, row.projectId);
  if (!canReadOutputFile(await effectiveProjectRole(ctx, row.projectId))) throw new ForbiddenError();
  return row;
}

/**
 * Zou's task action rule: admins, managers and supervisors of the project,
 * and the people assigned to the task.
 */
async function assertCanWorkOnTask(ctx: RequestContext, projectId: string, taskId: string | null): Promise<void> {
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "admin" || role === "manager" || role === "supervisor") return;
  if (!(await isAssigned(ctx, taskId))) throw new ForbiddenError();
}

async function assertSoftwareExists(ctx: RequestContext, softwareId: string | undefined): Promise<void> {
  if (softwareId !== undefined && (await ctx.loaders.softwareById.load(softwareId)) === null) throw new NotFoundError("Software not found.");
}

async function nextRevision(tx: Orm, table: typeof workingFile | typeof outputFile, conditions: SQL[]): Promise<number> {
  const [row] = await tx.select({ last: sql<number>`coalesce(max(${table.revision}), 0)::int` }).from(table).where(and(...conditions));
  return (row?.last ?? 0) + 1;
}

/** Creates a working file revision of a task, numbered after the task's last one of that name; event working-file:new. */
export async function createWorkingFile(ctx: RequestContext, taskId: string, input: CreateWorkingFileInput): Promise<WorkingFileRow> {
  const viewer = requireViewer(ctx);
  const [taskRow] = await ctx.db.orm.select({ id: task.id, projectId: task.projectId, entityId: task.entityId }).from(task).where(eq(task.id, taskId)).limit(1);
  if (taskRow === undefined || taskRow.projectId === null) throw new NotFoundError("Task not found.");
  const name = input.name == null ? "main" : requireText(input.name, "name", 250);
  const softwareId = input.softwareId == null ? undefined : parseId(input.softwareId);
  const personId = input.personId == null ? viewer.id : parseId(input.personId);
  const revision = input.revision == null ? undefined : requireWholeNumber(input.revision, "revision", 1);
  await assertCanWorkOnTask(ctx, taskRow.projectId, taskId);
  await assertSoftwareExists(ctx, softwareId);
  if ((await ctx.loaders.personById.load(personId)) === null) throw new NotFoundError("Person not found.");

  return ctx.db.transaction(async (tx) => {
    const number = revision ?? (await nextRevision(tx, workingFile, [eq(workingFile.taskId, taskId), eq(workingFile.name, name)]));
    const [row] = await tx
      .insert(workingFile)
      .values({
        taskId,
        entityId: taskRow.entityId,
        personId,
        softwareId,
        name,
        revision: number,
        comment: optionalText(input.comment, "comment", 100_000) ?? "",
        description: optionalText(input.description, "description", 100_000),
        path: optionalText(input.path, "path", 400),
        size: input.size == null ? null : requireWholeNumber(input.size, "size"),
        data: input.data ?? null,
      })
      .returning();
    await recordEvent(tx, ctx, { name: "working-file:new", projectId: taskRow.projectId, data: { working_file_id: row.id } });
    return { ...row, projectId: taskRow.projectId };
  });
}

/** Updates a working file's comment, description, path, size or data (same rule as creating one); event working-file:update. */
export async function updateWorkingFile(ctx: RequestContext, fileId: string, input: UpdateWorkingFileInput): Promise<WorkingFileRow> {
  const existing = await getReadableWorkingFile(ctx, fileId);
  await assertCanWorkOnTask(ctx, existing.projectId!, existing.taskId);
  const changes = definedFields(input);
  const values: Partial<typeof workingFile.$inferInsert> = {};
  if (changes.comment !== undefined) values.comment = optionalText(changes.comment, "comment", 100_000);
  if (changes.description !== undefined) values.description = optionalText(changes.description, "description", 100_000);
  if (changes.path !== undefined) values.path = optionalText(changes.path, "path", 400);
  if (changes.size !== undefined) values.size = requireWholeNumber(changes.size, "size");
  if (changes.data !== undefined) values.data = changes.data;

  return ctx.db.transaction(async (tx) => {
    const [row] = Object.keys(values).length > 0 ? await tx.update(workingFile).set(values).where(eq(workingFile.id, fileId)).returning() : [existing];
    await recordEvent(tx, ctx, { name: "working-file:update", projectId: existing.projectId, data: { working_file_id: fileId } });
    return { ...row, projectId: existing.projectId };
  });
}

/** Deletes a working file (same rule as creating one); output files made from it keep existing without a source. Event working-file:delete. */
export async function deleteWorkingFile(ctx: RequestContext, fileId: string): Promise<WorkingFileRow> {
  const existing = await getReadableWorkingFile(ctx, fileId);
  await assertCanWorkOnTask(ctx, existing.projectId!, existing.taskId);

  return ctx.db.transaction(async (tx) => {
    await tx.update(outputFile).set({ sourceFileId: null }).where(eq(outputFile.sourceFileId, fileId));
    await tx.delete(workingFile).where(eq(workingFile.id, fileId));
    await recordEvent(tx, ctx, { name: "working-file:delete", projectId: existing.projectId, data: { working_file_id: fileId } });
    return existing;
  });
}

/** Returns the id of the "To review" file status, creating it as Zou does for the first output file. */
async function getDefaultFileStatusId(tx: Orm): Promise<string> {
  const [existing] = await tx.select({ id: fileStatus.id }).from(fileStatus).where(eq(fileStatus.name, "To review")).limit(1);
  if (existing !== undefined) return existing.id;
  const [created] = await tx.insert(fileStatus).values({ name: "To review", color: "#FFFFFF" }).returning({ id: fileStatus.id });
  return created.id;
}

/**
 * Publishes an output file revision of an entity (admins, and staff members
 * of the project: managers, supervisors and artists); event output-file:new.
 */
export async function createOutputFile(ctx: RequestContext, entityId: string, input: CreateOutputFileInput): Promise<OutputFileRow> {
  const viewer = requireViewer(ctx);
  const [entityRow] = await ctx.db.orm.select({ id: entity.id, projectId: entity.projectId }).from(entity).where(eq(entity.id, entityId)).limit(1);
  if (entityRow === undefined) throw new NotFoundError("Entity not found.");
  const projectId = entityRow.projectId;
  await getReadableProject(ctx, projectId);
  if (!canReadOutputFile(await effectiveProjectRole(ctx, projectId))) throw new ForbiddenError();

  const outputTypeId = parseId(input.outputTypeId);
  const taskTypeId = parseId(input.taskTypeId);
  if ((await ctx.loaders.outputTypeById.load(outputTypeId)) === null) throw new NotFoundError("Output type not found.");
  const [taskTypeRow] = await ctx.db.orm.select({ id: taskType.id }).from(taskType).where(eq(taskType.id, taskTypeId)).limit(1);
  if (taskTypeRow === undefined) throw new NotFoundError("Task type not found.");
  const name = input.name == null ? "main" : requireText(input.name, "name", 250);
  const representation = optionalText(input.representation, "representation", 20) ?? null;
  const revision = input.revision == null ? undefined : requireWholeNumber(input.revision, "revision", 1);
  const sourceFileId = input.sourceFileId == null ? null : parseId(input.sourceFileId);
  if (sourceFileId !== null && (await ctx.loaders.workingFileById.load(sourceFileId))?.projectId !== projectId) throw new NotFoundError("Source working file not found in this project.");
  const fileStatusId = input.fileStatusId == null ? undefined : parseId(input.fileStatusId);
  if (fileStatusId !== undefined && (await ctx.loaders.fileStatusById.load(fileStatusId)) === null) throw new NotFoundError("File status not found.");

  return ctx.db.transaction(async (tx) => {
    const sameOutput = [
      eq(outputFile.entityId, entityId),
      eq(outputFile.outputTypeId, outputTypeId),
      eq(outputFile.taskTypeId, taskTypeId),
      eq(outputFile.name, name),
      representation === null ? isNull(outputFile.representation) : eq(outputFile.representation, representation),
    ];
    const [row] = await tx
      .insert(outputFile)
      .values({
        entityId,
        outputTypeId,
        taskTypeId,
        name,
        representation,
        revision: revision ?? (await nextRevision(tx, outputFile, sameOutput)),
        extension: optionalText(input.extension, "extension", 10),
        comment: optionalText(input.comment, "comment", 100_000) ?? "",
        path: optionalText(input.path, "path", 400),
        nbElements: input.nbElements == null ? 1 : requireWholeNumber(input.nbElements, "nbElements", 1),
        sourceFileId,
        fileStatusId: fileStatusId ?? (await getDefaultFileStatusId(tx)),
        personId: viewer.id,
        data: input.data ?? null,
      })
      .returning();
    await recordEvent(tx, ctx, { name: "output-file:new", projectId, data: { output_file_id: row.id } });
    return { ...row, projectId };
  });
}

/** Whether the viewer may change an output file: admins, managers of the project, and its author. */
async function assertCanEditOutputFile(ctx: RequestContext, row: OutputFileRow): Promise<void> {
  const role = await effectiveProjectRole(ctx, row.projectId!);
  if (role === "admin" || role === "manager" || row.personId === requireViewer(ctx).id) return;
  throw new ForbiddenError();
}

/** Updates an output file (admin, manager of the project, or its author); event output-file:update. */
export async function updateOutputFile(ctx: RequestContext, fileId: string, input: UpdateOutputFileInput): Promise<OutputFileRow> {
  const existing = await getReadableOutputFile(ctx, fileId);
  await assertCanEditOutputFile(ctx, existing);
  const changes = definedFields(input);
  const values: Partial<typeof outputFile.$inferInsert> = {};
  if (changes.comment !== undefined) values.comment = optionalText(changes.comment, "comment", 100_000);
  if (changes.description !== undefined) values.description = optionalText(changes.description, "description", 100_000);
  if (changes.path !== undefined) values.path = optionalText(changes.path, "path", 400);
  if (changes.canceled !== undefined) values.canceled = changes.canceled;
  if (changes.size !== undefined) values.size = requireWholeNumber(changes.size, "size");
  if (changes.data !== undefined) values.data = changes.data;
  if (changes.fileStatusId !== undefined) {
    values.fileStatusId = parseId(changes.fileStatusId);
    if ((await ctx.loaders.fileStatusById.load(values.fileStatusId)) === null) throw new NotFoundError("File status not found.");
  }

  return ctx.db.transaction(async (tx) => {
    const [row] = Object.keys(values).length > 0 ? await tx.update(outputFile).set(values).where(eq(outputFile.id, fileId)).returning() : [existing];
    await recordEvent(tx, ctx, { name: "output-file:update", projectId: existing.projectId, data: { output_file_id: fileId } });
    return { ...row, projectId: existing.projectId };
  });
}

/** Deletes an output file (admin or manager of the project); event output-file:delete. */
export async function deleteOutputFile(ctx: RequestContext, fileId: string): Promise<OutputFileRow> {
  const existing = await getReadableOutputFile(ctx, fileId);
  const role = await effectiveProjectRole(ctx, existing.projectId!);
  if (role !== "admin" && role !== "manager") throw new ForbiddenError();

  return ctx.db.transaction(async (tx) => {
    await tx.delete(outputFile).where(eq(outputFile.id, fileId));
    await recordEvent(tx, ctx, { name: "output-file:delete", projectId: existing.projectId, data: { output_file_id: fileId } });
    return existing;
  });
}

async function assertUniqueName(ctx: RequestContext, table: typeof outputType | typeof fileStatus | typeof software, name: string, exceptId?: string): Promise<void> {
  const rows = await ctx.db.orm
    .select({ id: table.id })
    .from(table)
    .where(and(eq(sql`lower(${table.name})`, name.toLowerCase()), exceptId === undefined ? undefined : sql`${table.id} <> ${exceptId}`))
    .limit(1);
  if (rows.length > 0) throw new BadRequestError(`The name ${name} is already used.`, { field: "name" });
}

/** Creates an output type (admins only); event output-type:new. */
export async function createOutputType(ctx: RequestContext, name: string, shortName: string): Promise<OutputTypeRow> {
  assertAdmin(ctx);
  const values = { name: requireText(name, "name", 40), shortName: requireText(shortName, "shortName", 20) };
  await assertUniqueName(ctx, outputType, values.name);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(outputType).values(values).returning();
    await recordEvent(tx, ctx, { name: "output-type:new", data: { output_type_id: row.id } });
    return row;
  });
}

/** Updates an output type (admins only); event output-type:update. */
export async function updateOutputType(ctx: RequestContext, id: string, changes: { name?: string | null; shortName?: string | null }): Promise<OutputTypeRow> {
  if ((await ctx.loaders.outputTypeById.load(id)) === null) throw new NotFoundError("Output type not found.");
  assertAdmin(ctx);
  const values: Partial<typeof outputType.$inferInsert> = {};
  if (changes.name != null) values.name = requireText(changes.name, "name", 40);
  if (changes.shortName != null) values.shortName = requireText(changes.shortName, "shortName", 20);
  if (values.name !== undefined) await assertUniqueName(ctx, outputType, values.name, id);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(outputType).set(values).where(eq(outputType.id, id)).returning();
    await recordEvent(tx, ctx, { name: "output-type:update", data: { output_type_id: id } });
    return row;
  });
}

/** Deletes an output type (admins only); BAD_USER_INPUT while output files use it. Event output-type:delete. */
export async function deleteOutputType(ctx: RequestContext, id: string): Promise<OutputTypeRow> {
  const existing = await ctx.loaders.outputTypeById.load(id);
  if (existing === null) throw new NotFoundError("Output type not found.");
  assertAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    await tx.delete(outputType).where(eq(outputType.id, id));
    await recordEvent(tx, ctx, { name: "output-type:delete", data: { output_type_id: id } });
    return existing;
  });
}

/** Creates a file status (admins only); event file-status:new. */
export async function createFileStatus(ctx: RequestContext, name: string, color: string): Promise<FileStatusRow> {
  assertAdmin(ctx);
  const values = { name: requireText(name, "name", 40), color: requireColor(color) };
  await assertUniqueName(ctx, fileStatus, values.name);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(fileStatus).values(values).returning();
    await recordEvent(tx, ctx, { name: "file-status:new", data: { file_status_id: row.id } });
    return row;
  });
}

/** Updates a file status (admins only); event file-status:update. */
export async function updateFileStatus(ctx: RequestContext, id: string, changes: { name?: string | null; color?: string | null }): Promise<FileStatusRow> {
  if ((await ctx.loaders.fileStatusById.load(id)) === null) throw new NotFoundError("File status not found.");
  assertAdmin(ctx);
  const values: Partial<typeof fileStatus.$inferInsert> = {};
  if (changes.name != null) values.name = requireText(changes.name, "name", 40);
  if (changes.color != null) values.color = requireColor(changes.color);
  if (values.name !== undefined) await assertUniqueName(ctx, fileStatus, values.name, id);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(fileStatus).set(values).where(eq(fileStatus.id, id)).returning();
    await recordEvent(tx, ctx, { name: "file-status:update", data: { file_status_id: id } });
    return row;
  });
}

/** Deletes a file status (admins only); BAD_USER_INPUT while output files use it. Event file-status:delete. */
export async function deleteFileStatus(ctx: RequestContext, id: string): Promise<FileStatusRow> {
  const existing = await ctx.loaders.fileStatusById.load(id);
  if (existing === null) throw new NotFoundError("File status not found.");
  assertAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    await tx.delete(fileStatus).where(eq(fileStatus.id, id));
    await recordEvent(tx, ctx, { name: "file-status:delete", data: { file_status_id: id } });
    return existing;
  });
}

function checkSoftware(input: SoftwareInput): Partial<typeof software.$inferInsert> {
  const values: Partial<typeof software.$inferInsert> = {};
  if (input.name != null) values.name = requireText(input.name, "name", 40);
  if (input.shortName != null) values.shortName = requireText(input.shortName, "shortName", 20);
  if (input.fileExtension != null) values.fileExtension = requireText(input.fileExtension, "fileExtension", 20);
  if (input.version != null) values.version = optionalText(input.version, "version", 20);
  if (input.secondaryExtensions != null) values.secondaryExtensions = input.secondaryExtensions;
  if (input.archived != null) values.archived = input.archived;
  return values;
}

/** Creates a software entry (admins only); event software:new. */
export async function createSoftware(ctx: RequestContext, input: SoftwareInput): Promise<SoftwareRow> {
  assertAdmin(ctx);
  for (const field of ["name", "shortName", "fileExtension"] as const) {
    if (input[field] == null) throw new BadRequestError(`${field} is required.`, { field });
  }
  const values = checkSoftware(input) as typeof software.$inferInsert;
  await assertUniqueName(ctx, software, values.name);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(software).values(values).returning();
    await recordEvent(tx, ctx, { name: "software:new", data: { software_id: row.id } });
    return row;
  });
}

/** Updates a software entry (admins only); event software:update. */
export async function updateSoftware(ctx: RequestContext, id: string, input: SoftwareInput): Promise<SoftwareRow> {
  if ((await ctx.loaders.softwareById.load(id)) === null) throw new NotFoundError("Software not found.");
  assertAdmin(ctx);
  const values = checkSoftware(input);
  if (values.name !== undefined) await assertUniqueName(ctx, software, values.name, id);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(software).set(values).where(eq(software.id, id)).returning();
    await recordEvent(tx, ctx, { name: "software:update", data: { software_id: id } });
    return row;
  });
}

/** Deletes a software entry (admins only); BAD_USER_INPUT while working files use it. Event software:delete. */
export async function deleteSoftware(ctx: RequestContext, id: string): Promise<SoftwareRow> {
  const existing = await ctx.loaders.softwareById.load(id);
  if (existing === null) throw new NotFoundError("Software not found.");
  assertAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    await tx.delete(software).where(eq(software.id, id));
    await recordEvent(tx, ctx, { name: "software:delete", data: { software_id: id } });
    return existing;
  });
}

/** Sets a working file's updated_at to now, as a DCC plug-in does on save (same rule as creating one); event working-file:update. */
export async function touchWorkingFile(ctx: RequestContext, fileId: string): Promise<WorkingFileRow> {
  const existing = await getReadableWorkingFile(ctx, fileId);
  await assertCanWorkOnTask(ctx, existing.projectId!, existing.taskId);

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(workingFile).set({ updatedAt: new Date() }).where(eq(workingFile.id, fileId)).returning();
    await recordEvent(tx, ctx, { name: "working-file:update", projectId: existing.projectId, data: { working_file_id: fileId } });
    return { ...row, projectId: existing.projectId };
  });
}
