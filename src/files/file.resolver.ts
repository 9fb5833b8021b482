import { and, asc, eq, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { entity } from "../../schema/entities.js";
import { fileStatus, outputFile, outputType, software, workingFile } from "../../schema/files.js";
import { taskPersonLink } from "../../schema/tasks.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { idIn } from "../db/loader.js";
import { NotFoundError } from "../errors.js";
import { PageArgs } from "../graphql/connection.js";
import { parseId } from "../ids.js";
import { pageOfTable, projectIdsWhereRole } from "../misc/lists.js";
import { Task } from "../tasks/task.type.js";
import {
  CreateOutputFileInput,
  CreateWorkingFileInput,
  FileStatus,
  OutputFile,
  OutputFileConnection,
  OutputType,
  Software,
  SoftwareInput,
  UpdateOutputFileInput,
  UpdateWorkingFileInput,
  WorkingFile,
  WorkingFileConnection,
} from "./file.type.js";
import type { OutputFileRow, WorkingFileRow } from "./files.loaders.js";
import {
  canReadOutputFile,
  canReadWorkingFile,
  createFileStatus,
  createOutputFile,
  createOutputType,
  createSoftware,
  createWorkingFile,
  deleteFileStatus,
  deleteOutputFile,
  deleteOutputType,
  deleteSoftware,
  deleteWorkingFile,
  getReadableOutputFile,
  getReadableWorkingFile,
  updateFileStatus,
  updateOutputFile,
  updateOutputType,
  updateSoftware,
  updateWorkingFile,
} from "./files.service.js";

const STAFF = (role: string) => role === "manager" || role === "supervisor" || role === "user";

function entityOfProjects(column: AnyColumn | SQL, projectIds: string[]): SQL {
  return sql`${column} in (select ${entity.id} from ${entity} where ${idIn(entity.projectId, projectIds)})`;
}

@ArgsType()
class WorkingFilesArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  taskId?: string;

  @Field(() => ID, { nullable: true })
  entityId?: string;

  @Field(() => ID, { nullable: true })
  projectId?: string;

  @Field(() => String, { nullable: true })
  name?: string;
}

@ArgsType()
class OutputFilesArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  entityId?: string;

  @Field(() => ID, { nullable: true })
  projectId?: string;

  @Field(() => ID, { nullable: true })
  outputTypeId?: string;

  @Field(() => ID, { nullable: true })
  taskTypeId?: string;

  @Field(() => ID, { nullable: true })
  assetInstanceId?: string;

  @Field(() => ID, { nullable: true })
  temporalEntityId?: string;

  @Field(() => String, { nullable: true })
  representation?: string;
}

@Resolver(() => WorkingFile)
export class WorkingFileResolver {
  @Query(() => WorkingFile, { description: "One working file; FORBIDDEN outside its project's team, for clients, and for vendors not assigned to its task." })
  async workingFile(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getReadableWorkingFile(ctx, parseId(id));
  }

  @Query(() => WorkingFileConnection, { description: "Working files the logged-in person may read, by name then revision." })
  async workingFiles(@Args(() => WorkingFilesArgs) args: WorkingFilesArgs, @Ctx() ctx: RequestContext) {
    const viewer = requireViewer(ctx);
    const staffProjects = await projectIdsWhereRole(ctx, STAFF);
    const conditions: (SQL | undefined)[] = [];
    if (staffProjects !== undefined) {
      const vendorProjects = (await projectIdsWhereRole(ctx, (role) => role === "vendor")) ?? [];
      const assignedTasks = sql`${workingFile.taskId} in (select ${taskPersonLink.taskId} from ${taskPersonLink} where ${taskPersonLink.personId} = ${viewer.id})`;
      conditions.push(or(entityOfProjects(workingFile.entityId, staffProjects), and(entityOfProjects(workingFile.entityId, vendorProjects), assignedTasks)));
    }
    if (args.taskId != null) conditions.push(eq(workingFile.taskId, parseId(args.taskId)));
    if (args.entityId != null) conditions.push(eq(workingFile.entityId, parseId(args.entityId)));
    if (args.projectId != null) conditions.push(entityOfProjects(workingFile.entityId, [parseId(args.projectId)]));
    if (args.name != null) conditions.push(eq(workingFile.name, args.name));
    return pageOfTable<WorkingFileRow>(ctx, args, {
      table: workingFile,
      sortColumn: sql`coalesce(${workingFile.name}, '') || '/' || lpad(coalesce(${workingFile.revision}, 0)::text, 10, '0')` as unknown as AnyColumn,
      idColumn: workingFile.id,
      sortKey: (row) => `${row.name ?? ""}/${String(row.revision ?? 0).padStart(10, "0")}`,
      where: and(...conditions),
    });
  }

  @FieldResolver(() => [OutputFile], { description: "The output files made from this working file; empty for vendors." })
  async outputs(@Root() row: WorkingFileRow, @Ctx() ctx: RequestContext) {
    if (row.projectId === null || !canReadOutputFile(await effectiveProjectRole(ctx, row.projectId))) return [];
    return ctx.loaders.outputFilesBySourceFileId.load(row.id);
  }

  @FieldResolver(() => Software, { nullable: true })
  async software(@Root() row: WorkingFileRow, @Ctx() ctx: RequestContext) {
    return row.softwareId === null ? null : ctx.loaders.softwareById.load(row.softwareId);
  }

  @Mutation(() => WorkingFile, { description: "Creates a working file revision of a task (admin, manager or supervisor of the project, or an assignee of the task); event working-file:new." })
  async createWorkingFile(@Arg("taskId", () => ID) taskId: string, @Arg("input", () => CreateWorkingFileInput) input: CreateWorkingFileInput, @Ctx() ctx: RequestContext) {
    return createWorkingFile(ctx, parseId(taskId), input);
  }

  @Mutation(() => WorkingFile, { description: "Updates a working file, under the same rule as creating one; event working-file:update." })
  async updateWorkingFile(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateWorkingFileInput) input: UpdateWorkingFileInput, @Ctx() ctx: RequestContext) {
    return updateWorkingFile(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a working file, under the same rule as creating one; event working-file:delete." })
  async deleteWorkingFile(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteWorkingFile(ctx, parseId(id))).id;
  }
}

@Resolver(() => OutputFile)
export class OutputFileResolver {
  @Query(() => OutputFile, { description: "One output file; FORBIDDEN outside its project's team and for vendors and clients." })
  async outputFile(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getReadableOutputFile(ctx, parseId(id));
  }

  @Query(() => OutputFileConnection, { description: "Output files the logged-in person may read, newest revision first." })
  async outputFiles(@Args(() => OutputFilesArgs) args: OutputFilesArgs, @Ctx() ctx: RequestContext) {
    const staffProjects = await projectIdsWhereRole(ctx, STAFF);
    const owner = sql`coalesce(${outputFile.entityId}, ${outputFile.temporalEntityId})`;
    const conditions: (SQL | undefined)[] = [staffProjects === undefined ? undefined : entityOfProjects(owner, staffProjects)];
    if (args.entityId != null) conditions.push(eq(outputFile.entityId, parseId(args.entityId)));
    if (args.projectId != null) conditions.push(entityOfProjects(owner, [parseId(args.projectId)]));
    if (args.outputTypeId != null) conditions.push(eq(outputFile.outputTypeId, parseId(args.outputTypeId)));
    if (args.taskTypeId != null) conditions.push(eq(outputFile.taskTypeId, parseId(args.taskTypeId)));
    if (args.assetInstanceId != null) conditions.push(eq(outputFile.assetInstanceId, parseId(args.assetInstanceId)));
    if (args.temporalEntityId != null) conditions.push(eq(outputFile.temporalEntityId, parseId(args.temporalEntityId)));
    if (args.representation != null) conditions.push(eq(outputFile.representation, args.representation));
    return pageOfTable<OutputFileRow>(ctx, args, {
      table: outputFile,
      sortColumn: outputFile.revision,
      idColumn: outputFile.id,
      sortKey: (row) => row.revision,
      where: and(...conditions),
      descending: true,
    });
  }

  @FieldResolver(() => OutputType, { nullable: true })
  async outputType(@Root() row: OutputFileRow, @Ctx() ctx: RequestContext) {
    return row.outputTypeId === null ? null : ctx.loaders.outputTypeById.load(row.outputTypeId);
  }

  @FieldResolver(() => FileStatus, { nullable: true })
  async fileStatus(@Root() row: OutputFileRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.fileStatusById.load(row.fileStatusId);
  }

  @FieldResolver(() => WorkingFile, { nullable: true, description: "The working file this output was made from." })
  async sourceFile(@Root() row: OutputFileRow, @Ctx() ctx: RequestContext) {
    return row.sourceFileId === null ? null : ctx.loaders.workingFileById.load(row.sourceFileId);
  }

  @Mutation(() => OutputFile, { description: "Publishes an output file revision of an entity (admin, or manager, supervisor or artist of the project); event output-file:new." })
  async createOutputFile(@Arg("entityId", () => ID) entityId: string, @Arg("input", () => CreateOutputFileInput) input: CreateOutputFileInput, @Ctx() ctx: RequestContext) {
    return createOutputFile(ctx, parseId(entityId), input);
  }

  @Mutation(() => OutputFile, { description: "Updates an output file (admin, manager of the project, or its author); event output-file:update." })
  async updateOutputFile(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateOutputFileInput) input: UpdateOutputFileInput, @Ctx() ctx: RequestContext) {
    return updateOutputFile(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes an output file (admin or manager of the project); event output-file:delete." })
  async deleteOutputFile(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteOutputFile(ctx, parseId(id))).id;
  }
}

@Resolver(() => OutputType)
export class FileCatalogResolver {
  @Query(() => OutputType)
  async outputType(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    const row = await ctx.loaders.outputTypeById.load(parseId(id));
    if (row === null) throw new NotFoundError("Output type not found.");
    return row;
  }

  @Query(() => [OutputType], { description: "Every output type, by name." })
  async outputTypes(@Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return ctx.db.orm.select().from(outputType).orderBy(asc(outputType.name));
  }

  @Query(() => FileStatus)
  async fileStatus(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    const row = await ctx.loaders.fileStatusById.load(parseId(id));
    if (row === null) throw new NotFoundError("File status not found.");
    return row;
  }

  @Query(() => [FileStatus], { description: "Every file status, by name." })
  async fileStatuses(@Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return ctx.db.orm.select().from(fileStatus).orderBy(asc(fileStatus.name));
  }

  @Query(() => Software)
  async software(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    const row = await ctx.loaders.softwareById.load(parseId(id));
    if (row === null) throw new NotFoundError("Software not found.");
    return row;
  }

  @Query(() => [Software], { description: "Every software entry, by name." })
  async softwares(@Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return ctx.db.orm.select().from(software).orderBy(asc(software.name));
  }

  @Mutation(() => OutputType, { description: "Creates an output type (admins only); event output-type:new." })
  async createOutputType(@Arg("name", () => String) name: string, @Arg("shortName", () => String) shortName: string, @Ctx() ctx: RequestContext) {
    return createOutputType(ctx, name, shortName);
  }

  @Mutation(() => OutputType, { description: "Updates an output type (admins only); event output-type:update." })
  async updateOutputType(
    @Arg("id", () => ID) id: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("shortName", () => String, { nullable: true }) shortName: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return updateOutputType(ctx, parseId(id), { name, shortName });
  }

  @Mutation(() => ID, { description: "Deletes an output type (admins only); event output-type:delete." })
  async deleteOutputType(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteOutputType(ctx, parseId(id))).id;
  }

  @Mutation(() => FileStatus, { description: "Creates a file status (admins only); event file-status:new." })
  async createFileStatus(@Arg("name", () => String) name: string, @Arg("color", () => String) color: string, @Ctx() ctx: RequestContext) {
    return createFileStatus(ctx, name, color);
  }

  @Mutation(() => FileStatus, { description: "Updates a file status (admins only); event file-status:update." })
  async updateFileStatus(
    @Arg("id", () => ID) id: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("color", () => String, { nullable: true }) color: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return updateFileStatus(ctx, parseId(id), { name, color });
  }

  @Mutation(() => ID, { description: "Deletes a file status (admins only); event file-status:delete." })
  async deleteFileStatus(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteFileStatus(ctx, parseId(id))).id;
  }

  @Mutation(() => Software, { description: "Creates a software entry (admins only); event software:new." })
  async createSoftware(@Arg("input", () => SoftwareInput) input: SoftwareInput, @Ctx() ctx: RequestContext) {
    return createSoftware(ctx, input);
  }

  @Mutation(() => Software, { description: "Updates a software entry (admins only); event software:update." })
  async updateSoftware(@Arg("id", () => ID) id: string, @Arg("input", () => SoftwareInput) input: SoftwareInput, @Ctx() ctx: RequestContext) {
    return updateSoftware(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a software entry (admins only); event software:delete." })
  async deleteSoftware(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteSoftware(ctx, parseId(id))).id;
  }
}

@Resolver(() => Task)
export class TaskFilesResolver {
  @FieldResolver(() => [WorkingFile], { description: "The task's working files the logged-in person may read, by name then revision." })
  async workingFiles(@Root() taskRow: { id: string; projectId: string }, @Ctx() ctx: RequestContext) {
    const role = await effectiveProjectRole(ctx, taskRow.projectId);
    const rows = await ctx.loaders.workingFilesByTaskId.load(taskRow.id);
    const visible: WorkingFileRow[] = [];
    for (const row of rows) if (await canReadWorkingFile(ctx, role, row)) visible.push(row);
    return visible.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "") || (a.revision ?? 0) - (b.revision ?? 0));
  }
}
