import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Person } from "../people/person.type.js";
import { connectionType } from "../graphql/connection.js";
import { DateTime, JSON, LocalDate } from "../graphql/scalars.js";

@ObjectType({ description: "A production: a film, a series, a short, a game..." })
export class Project {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => ID, { nullable: true })
  projectStatusId!: string | null;

  @Field(() => String, { nullable: true })
  fps!: string | null;

  @Field(() => String, { nullable: true })
  ratio!: string | null;

  @Field(() => String, { nullable: true })
  resolution!: string | null;

  @Field(() => String, { nullable: true, description: "short, featurefilm, tvshow..." })
  productionType!: string | null;

  @Field(() => String, { nullable: true })
  productionStyle!: string | null;

  @Field(() => LocalDate, { nullable: true })
  startDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  endDate!: string | null;

  @Field(() => Int, { nullable: true })
  manDays!: number | null;

  @Field(() => Int, { nullable: true })
  nbEpisodes!: number | null;

  @Field(() => Int, { nullable: true })
  episodeSpan!: number | null;

  @Field(() => Int, { nullable: true })
  maxRetakes!: number | null;

  @Field(() => Boolean, { nullable: true })
  isClientsIsolated!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isPreviewDownloadAllowed!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  hasAvatar!: boolean | null;

  @Field(() => String, { nullable: true })
  homepage!: string | null;

  @Field(() => Int, { nullable: true })
  shotgunId!: number | null;

  @Field(() => JSON, { nullable: true })
  fileTree!: unknown;

  @Field(() => JSON, { nullable: true })
  data!: unknown;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const ProjectConnection = connectionType(Project, "Project");


@ObjectType({ description: "A project status: Open, Closed..." })
export class ProjectStatus {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  color!: string;
}

@ObjectType({ description: "A team member of a project, with the project role that overrides their global role there." })
export class TeamMember {
  @Field(() => ID)
  personId!: string;

  @Field(() => String, { nullable: true, description: "user, supervisor, manager, client or vendor; null when the global role applies." })
  role!: string | null;

  @Field(() => Person)
  person!: Person;
}

@ObjectType({ description: "A task type enabled in a project's settings." })
export class ProjectTaskTypeSetting {
  @Field(() => ID)
  taskTypeId!: string;

  @Field(() => Int, { nullable: true, description: "Order of the task type in this project." })
  priority!: number | null;
}

@ObjectType({ description: "A task status enabled in a project's settings." })
export class ProjectTaskStatusSetting {
  @Field(() => ID)
  taskStatusId!: string;

  @Field(() => Int, { nullable: true, description: "Order of the task status in this project." })
  priority!: number | null;

  @Field(() => [String], { nullable: true, description: "Roles that see this status on the board." })
  rolesForBoard!: string[] | null;
}

@ObjectType({ description: "An asset type enabled in a project's settings." })
export class ProjectAssetTypeSetting {
  @Field(() => ID)
  assetTypeId!: string;
}

@ObjectType({ description: "A custom metadata column of a project; values live in each target's data under fieldName." })
export class MetadataDescriptor {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => String, { description: "Asset, Shot, Edit, Episode, Sequence, Project or Task." })
  entityType!: string;

  @Field(() => ID, { nullable: true })
  taskTypeId!: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  dataType!: string | null;

  @Field(() => String)
  fieldName!: string;

  @Field(() => JSON, { nullable: true })
  choices!: unknown;

  @Field(() => Boolean, { nullable: true })
  forClient!: boolean | null;

  @Field(() => Int, { nullable: true })
  position!: number | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType({ description: "A rule changing a status when a task of one type reaches a status." })
export class StatusAutomation {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  entityType!: string | null;

  @Field(() => ID, { nullable: true })
  inTaskTypeId!: string | null;

  @Field(() => ID, { nullable: true })
  inTaskStatusId!: string | null;

  @Field(() => String)
  outFieldType!: string;

  @Field(() => ID, { nullable: true })
  outTaskTypeId!: string | null;

  @Field(() => ID, { nullable: true })
  outTaskStatusId!: string | null;

  @Field(() => Boolean, { nullable: true })
  importLastRevision!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  archived!: boolean | null;
}

@InputType({ description: "A new project. Omitted settings take Zou's defaults." })
export class CreateProjectInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  code?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  fps?: string;

  @Field(() => String, { nullable: true })
  ratio?: string;

  @Field(() => String, { nullable: true })
  resolution?: string;

  @Field(() => String, { nullable: true, description: "short, featurefilm or tvshow." })
  productionType?: string;

  @Field(() => String, { nullable: true })
  productionStyle?: string;

  @Field(() => LocalDate, { nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true })
  endDate?: string | null;

  @Field(() => Int, { nullable: true })
  manDays?: number | null;

  @Field(() => Int, { nullable: true })
  nbEpisodes?: number;

  @Field(() => Int, { nullable: true })
  maxRetakes?: number;

  @Field(() => Boolean, { nullable: true })
  isClientsIsolated?: boolean;

  @Field(() => Boolean, { nullable: true })
  isPreviewDownloadAllowed?: boolean;

  @Field(() => String, { nullable: true })
  homepage?: string;

  @Field(() => ID, { nullable: true })
  projectStatusId?: string;

  @Field(() => JSON, { nullable: true })
  data?: unknown;
}

@InputType({ description: "Changes to a project; omitted fields stay as they are." })
export class UpdateProjectInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  code?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  fps?: string;

  @Field(() => String, { nullable: true })
  ratio?: string;

  @Field(() => String, { nullable: true })
  resolution?: string;

  @Field(() => String, { nullable: true })
  productionType?: string;

  @Field(() => String, { nullable: true })
  productionStyle?: string;

  @Field(() => LocalDate, { nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true })
  endDate?: string | null;

  @Field(() => Int, { nullable: true })
  manDays?: number | null;

  @Field(() => Int, { nullable: true })
  nbEpisodes?: number;

  @Field(() => Int, { nullable: true })
  maxRetakes?: number;

  @Field(() => Boolean, { nullable: true })
  isClientsIsolated?: boolean;

  @Field(() => Boolean, { nullable: true })
  isPreviewDownloadAllowed?: boolean;

  @Field(() => String, { nullable: true })
  homepage?: string;

  @Field(() => ID, { nullable: true })
  projectStatusId?: string;

  @Field(() => JSON, { nullable: true })
  data?: unknown;
}

@InputType({ description: "A new metadata descriptor of a project." })
export class CreateMetadataDescriptorInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "Asset (default), Shot, Edit, Episode, Sequence, Project or Task." })
  entityType?: string;

  @Field(() => String, { nullable: true, description: "string (default), number, list, taglist, boolean, checklist, date, url, textarea or person." })
  dataType?: string;

  @Field(() => [String], { nullable: true })
  choices?: string[];

  @Field(() => Boolean, { nullable: true })
  forClient?: boolean;

  @Field(() => [ID], { nullable: true, description: "Departments allowed to edit the values." })
  departmentIds?: string[];

  @Field(() => ID, { nullable: true, description: "Required for Task descriptors, refused otherwise." })
  taskTypeId?: string;
}

@InputType({ description: "Changes to a metadata descriptor; omitted fields stay as they are." })
export class UpdateMetadataDescriptorInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  dataType?: string;

  @Field(() => [String], { nullable: true })
  choices?: string[];

  @Field(() => Boolean, { nullable: true })
  forClient?: boolean;

  @Field(() => Int, { nullable: true })
  position?: number;

  @Field(() => [ID], { nullable: true })
  departmentIds?: string[];
}
