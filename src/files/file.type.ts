import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { connectionType } from "../graphql/connection.js";
import { DateTime, JSON } from "../graphql/scalars.js";

@ObjectType({ description: "A work-in-progress file revision of a task (a scene file, a project file...)." })
export class WorkingFile {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Int, { nullable: true })
  revision!: number | null;

  @Field(() => Int, { nullable: true })
  size!: number | null;

  @Field(() => Int, { nullable: true })
  checksum!: number | null;

  @Field(() => String, { nullable: true })
  path!: string | null;

  @Field(() => JSON, { nullable: true })
  data!: unknown;

  @Field(() => ID, { nullable: true })
  taskId!: string | null;

  @Field(() => ID, { nullable: true })
  entityId!: string | null;

  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field(() => ID, { nullable: true })
  softwareId!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const WorkingFileConnection = connectionType(WorkingFile, "WorkingFile");

@ObjectType({ description: "A published file revision of an entity or of an asset instance in a shot or scene." })
export class OutputFile {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  canceled!: boolean;

  @Field(() => Int, { nullable: true })
  size!: number | null;

  @Field(() => String, { nullable: true })
  checksum!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => String, { nullable: true })
  extension!: string | null;

  @Field(() => Int)
  revision!: number;

  @Field(() => String, { nullable: true })
  representation!: string | null;

  @Field(() => Int, { nullable: true })
  nbElements!: number | null;

  @Field(() => String, { nullable: true })
  source!: string | null;

  @Field(() => String, { nullable: true })
  path!: string | null;

  @Field(() => JSON, { nullable: true })
  data!: unknown;

  @Field(() => ID)
  fileStatusId!: string;

  @Field(() => ID, { nullable: true })
  entityId!: string | null;

  @Field(() => ID, { nullable: true })
  assetInstanceId!: string | null;

  @Field(() => ID, { nullable: true })
  outputTypeId!: string | null;

  @Field(() => ID, { nullable: true })
  taskTypeId!: string | null;

  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field(() => ID, { nullable: true })
  sourceFileId!: string | null;

  @Field(() => ID, { nullable: true })
  temporalEntityId!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const OutputFileConnection = connectionType(OutputFile, "OutputFile");

@ObjectType({ description: "A kind of output file: Cache, Render, Geometry..." })
export class OutputType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  shortName!: string;
}

@ObjectType({ description: "The status of an output file, such as To review." })
export class FileStatus {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  color!: string;
}

@ObjectType({ description: "A software (a DCC) with its file extensions." })
export class Software {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  shortName!: string;

  @Field(() => Boolean, { nullable: true })
  archived!: boolean | null;

  @Field(() => String, { nullable: true })
  version!: string | null;

  @Field(() => String)
  fileExtension!: string;

  @Field(() => JSON, { nullable: true })
  secondaryExtensions!: unknown;
}

@InputType({ description: "A new working file revision of a task." })
export class CreateWorkingFileInput {
  @Field(() => String, { nullable: true, description: "Defaults to main." })
  name?: string;

  @Field(() => Int, { nullable: true, description: "Defaults to the task's last revision of this name plus one." })
  revision?: number;

  @Field(() => String, { nullable: true })
  comment?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => String, { nullable: true })
  path?: string;

  @Field(() => Int, { nullable: true })
  size?: number;

  @Field(() => ID, { nullable: true })
  softwareId?: string;

  @Field(() => ID, { nullable: true, description: "The author; defaults to the logged-in person." })
  personId?: string;

  @Field(() => JSON, { nullable: true })
  data?: unknown;
}

@InputType({ description: "Changes to a working file; omitted fields stay as they are." })
export class UpdateWorkingFileInput {
  @Field(() => String, { nullable: true })
  comment?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => String, { nullable: true })
  path?: string;

  @Field(() => Int, { nullable: true })
  size?: number;

  @Field(() => JSON, { nullable: true })
  data?: unknown;
}

@InputType({ description: "A new output file revision of an entity." })
export class CreateOutputFileInput {
  @Field(() => ID)
  outputTypeId!: string;

  @Field(() => ID)
  taskTypeId!: string;

  @Field(() => String, { nullable: true, description: "Defaults to main." })
  name?: string;

  @Field(() => String, { nullable: true })
  representation?: string;

  @Field(() => String, { nullable: true })
  extension?: string;

  @Field(() => Int, { nullable: true, description: "Defaults to the last revision of the same name, type, task type and representation plus one." })
  revision?: number;

  @Field(() => String, { nullable: true })
  comment?: string;

  @Field(() => String, { nullable: true })
  path?: string;

  @Field(() => Int, { nullable: true })
  nbElements?: number;

  @Field(() => ID, { nullable: true, description: "The working file it was made from." })
  sourceFileId?: string;

  @Field(() => ID, { nullable: true, description: "Defaults to the To review status, created when missing." })
  fileStatusId?: string;

  @Field(() => JSON, { nullable: true })
  data?: unknown;
}

@InputType({ description: "Changes to an output file; omitted fields stay as they are." })
export class UpdateOutputFileInput {
  @Field(() => String, { nullable: true })
  comment?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => String, { nullable: true })
  path?: string;

  @Field(() => Boolean, { nullable: true })
  canceled?: boolean;

  @Field(() => ID, { nullable: true })
  fileStatusId?: string;

  @Field(() => Int, { nullable: true })
  size?: number;

  @Field(() => JSON, { nullable: true })
  data?: unknown;
}

@InputType({ description: "A software entry; name and shortName unique." })
export class SoftwareInput {
  @Field(() => String, { nullable: true, description: "Required on creation." })
  name?: string;

  @Field(() => String, { nullable: true, description: "Required on creation." })
  shortName?: string;

  @Field(() => String, { nullable: true, description: "Required on creation." })
  fileExtension?: string;

  @Field(() => String, { nullable: true })
  version?: string;

  @Field(() => [String], { nullable: true })
  secondaryExtensions?: string[];

  @Field(() => Boolean, { nullable: true })
  archived?: boolean;
}
