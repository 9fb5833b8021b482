import { ArgsType, Field, ID, InputType, Int, registerEnumType } from "type-graphql";
import { PageArgs } from "../graphql/connection.js";
import { DateTime, JSON } from "../graphql/scalars.js";

// Arguments and inputs of the entity operations.

export enum ListOrderBy {
  NAME = "NAME",
  CREATED_AT = "CREATED_AT",
  UPDATED_AT = "UPDATED_AT",
}

registerEnumType(ListOrderBy, { name: "ListOrderBy", description: "Sort key of a root list; ties are broken by id." });

@ArgsType()
export class EntityListArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  projectId?: string;

  @Field(() => String, { nullable: true, description: "Only entities whose name contains this text (case-insensitive)." })
  name?: string;

  @Field(() => String, { nullable: true, description: "standby, running, complete or canceled." })
  status?: string;

  @Field(() => Boolean, { nullable: true, description: "Only canceled (true) or only active (false) entities." })
  canceled?: boolean;

  @Field(() => DateTime, { nullable: true })
  updatedSince?: Date;

  @Field(() => DateTime, { nullable: true })
  createdBefore?: Date;

  @Field(() => ListOrderBy, { nullable: true, defaultValue: ListOrderBy.NAME })
  orderBy?: ListOrderBy;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  descending?: boolean;
}

@ArgsType()
export class ShotListArgs extends EntityListArgs {
  @Field(() => ID, { nullable: true })
  sequenceId?: string;
}

@ArgsType()
export class SequenceListArgs extends EntityListArgs {
  @Field(() => ID, { nullable: true })
  episodeId?: string;
}

@ArgsType()
export class AssetListArgs extends EntityListArgs {
  @Field(() => ID, { nullable: true })
  assetTypeId?: string;

  @Field(() => ID, { nullable: true, description: "Only assets of this episode." })
  episodeId?: string;
}

@ArgsType()
export class AnyEntityListArgs extends EntityListArgs {
  @Field(() => ID, { nullable: true, description: "Only entities of this entity type." })
  entityTypeId?: string;

  @Field(() => ID, { nullable: true })
  parentId?: string;
}

@InputType({ description: "Fields shared by every entity kind on creation." })
export class CreateEntityInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  code?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => JSON, { nullable: true })
  data?: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  status?: string;

  @Field(() => Int, { nullable: true })
  nbFrames?: number;

  @Field(() => Boolean, { nullable: true })
  isShared?: boolean;
}

@InputType()
export class CreateEpisodeInput extends CreateEntityInput {}

@InputType()
export class CreateConceptInput extends CreateEntityInput {}

@InputType()
export class CreateSequenceInput extends CreateEntityInput {
  @Field(() => ID, { nullable: true })
  episodeId?: string;
}

@InputType()
export class CreateEditInput extends CreateEntityInput {
  @Field(() => ID, { nullable: true })
  episodeId?: string;
}

@InputType()
export class CreateShotInput extends CreateEntityInput {
  @Field(() => ID)
  sequenceId!: string;
}

@InputType()
export class CreateSceneInput extends CreateEntityInput {
  @Field(() => ID)
  sequenceId!: string;
}

@InputType()
export class CreateAssetInput extends CreateEntityInput {
  @Field(() => ID)
  assetTypeId!: string;

  @Field(() => ID, { nullable: true })
  episodeId?: string;
}

@InputType({ description: "Changes to an entity; absent fields stay as they are, and `data` is merged key by key." })
export class UpdateEntityInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  code?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => JSON, { nullable: true })
  data?: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  status?: string;

  @Field(() => Int, { nullable: true })
  nbFrames?: number;

  @Field(() => Boolean, { nullable: true })
  isCastingStandby?: boolean;

  @Field(() => Boolean, { nullable: true })
  canceled?: boolean;

  @Field(() => Boolean, { nullable: true })
  isShared?: boolean;

  @Field(() => ID, { nullable: true })
  readyFor?: string;

  @Field(() => ID, { nullable: true, description: "New sequence of a shot or scene, new episode of a sequence or edit." })
  parentId?: string;

  @Field(() => ID, { nullable: true, description: "New episode of an asset." })
  sourceId?: string;

  @Field(() => ID, { nullable: true, description: "New asset type of an asset." })
  assetTypeId?: string;
}

@InputType({ description: "Casts an asset in a shot, an episode or another asset." })
export class CastAssetInput {
  @Field(() => ID)
  entityId!: string;

  @Field(() => ID)
  assetId!: string;

  @Field(() => Int, { nullable: true, defaultValue: 1 })
  nbOccurences?: number;

  @Field(() => String, { nullable: true })
  label?: string;
}
