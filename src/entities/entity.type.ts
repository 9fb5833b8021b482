import { Field, ID, Int, InterfaceType, ObjectType, type ClassType } from "type-graphql";
import { connectionType } from "../graphql/connection.js";
import { DateTime, JSON } from "../graphql/scalars.js";
import { kindOfTypeName, type EntityRow } from "./entities.loaders.js";

// Zou keeps every production entity in one `entity` table. The GraphQL type
// of a row is the name of its entity type (Episode, Sequence, Shot, Scene,
// Edit, Concept), and any other entity type makes it an Asset.

@InterfaceType({
  description: "A row of Zou's entity table: an asset, an episode, a sequence, a scene, a shot, an edit or a concept.",
  resolveType: (row: EntityRow) => kindOfTypeName(row.entityTypeName),
})
export abstract class Entity {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Boolean, { nullable: true })
  canceled!: boolean | null;

  @Field(() => Int, { nullable: true })
  nbFrames!: number | null;

  @Field(() => Int, { nullable: true })
  nbEntitiesOut!: number | null;

  @Field(() => Boolean, { nullable: true })
  isCastingStandby!: boolean | null;

  @Field(() => Boolean)
  isShared!: boolean;

  @Field(() => String, { description: "standby, running, complete or canceled." })
  status!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => ID)
  entityTypeId!: string;

  @Field(() => String, { description: "Name of the entity type (Shot, Character, Prop...)." })
  entityTypeName!: string;

  @Field(() => ID, { nullable: true, description: "The sequence of a shot or scene, the episode of a sequence or edit." })
  parentId!: string | null;

  @Field(() => ID, { nullable: true, description: "The episode an asset belongs to." })
  sourceId!: string | null;

  @Field(() => ID, { nullable: true })
  previewFileId!: string | null;

  @Field(() => JSON, { nullable: true, description: "Custom metadata, keyed by the field names of the project's metadata descriptors." })
  data!: unknown;

  @Field(() => ID, { nullable: true, description: "The task type the entity is ready for." })
  readyFor!: string | null;

  @Field(() => ID, { nullable: true })
  createdBy!: string | null;

  @Field(() => Int, { nullable: true })
  shotgunId!: number | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType({ implements: Entity, description: "An asset: a character, a prop, a set... Its entity type is its asset type." })
export class Asset extends Entity {}

@ObjectType({ implements: Entity, description: "An episode of a series; sequences and edits sit under it." })
export class Episode extends Entity {}

@ObjectType({ implements: Entity, description: "A sequence of shots, optionally under an episode." })
export class Sequence extends Entity {}

@ObjectType({ implements: Entity, description: "A scene under a sequence, for layout." })
export class Scene extends Entity {}

@ObjectType({ implements: Entity, description: "A shot under a sequence; `data` holds frame_in, frame_out and other metadata." })
export class Shot extends Entity {}

@ObjectType({ implements: Entity, description: "An edit, optionally under an episode." })
export class Edit extends Entity {}

@ObjectType({ implements: Entity, description: "A concept art entity, linked to the entities it illustrates." })
export class Concept extends Entity {}

@ObjectType({ description: "A kind of entity. Rows other than the built-in Episode, Sequence, Shot, Scene, Edit and Concept are asset types." })
export class EntityType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  shortName!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Boolean, { nullable: true })
  archived!: boolean | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType({ description: "A casting link: `entityIn` (a shot, an asset, an episode) uses the asset `entityOut`." })
export class EntityLink {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  entityInId!: string;

  @Field(() => ID)
  entityOutId!: string;

  @Field(() => Int, { nullable: true, description: "How many times the asset appears (Zou's spelling)." })
  nbOccurences!: number | null;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => JSON, { nullable: true })
  data!: unknown;
}

@ObjectType({ description: "A numbered instance of an asset inside a shot, a scene or another asset." })
export class AssetInstance {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  assetId!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => Int, { nullable: true })
  number!: number | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Boolean, { nullable: true })
  active!: boolean | null;

  @Field(() => JSON, { nullable: true })
  data!: unknown;

  @Field(() => ID, { nullable: true })
  sceneId!: string | null;

  @Field(() => ID, { nullable: true })
  targetAssetId!: string | null;

  @Field(() => ID, { nullable: true })
  entityId!: string | null;
}

export const EntityConnection = connectionType(Entity as unknown as ClassType<Entity>, "Entity");
export const AssetConnection = connectionType(Asset, "Asset");
export const EpisodeConnection = connectionType(Episode, "Episode");
export const SequenceConnection = connectionType(Sequence, "Sequence");
export const SceneConnection = connectionType(Scene, "Scene");
export const ShotConnection = connectionType(Shot, "Shot");
export const EditConnection = connectionType(Edit, "Edit");
export const ConceptConnection = connectionType(Concept, "Concept");
