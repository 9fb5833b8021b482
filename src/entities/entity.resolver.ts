import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { eq } from "drizzle-orm";
import { entityType } from "../../schema/entities.js";
import { requireViewer, type RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { Project } from "../projects/project.type.js";
import { ProjectEntitiesResolver } from "./project-entities.resolver.js";
import { Task } from "../tasks/task.type.js";
import type { TaskRow } from "../tasks/tasks.loaders.js";
import { NotFoundError } from "../errors.js";
import { parseId } from "../ids.js";
import { hiddenMetadataFields, withoutHiddenFields } from "./entity-metadata.service.js";
import { kindOfTypeName, type EntityLinkRow, type EntityRow } from "./entities.loaders.js";
import { listEntities } from "./entities.lists.js";
import * as service from "./entities.service.js";
import {
  AnyEntityListArgs,
  AssetListArgs,
  CastAssetInput,
  CreateAssetInput,
  CreateConceptInput,
  CreateEditInput,
  CreateEpisodeInput,
  CreateSceneInput,
  CreateSequenceInput,
  CreateShotInput,
  EntityListArgs,
  SequenceListArgs,
  ShotListArgs,
  UpdateEntityInput,
} from "./entity.inputs.js";
import {
  Asset,
  AssetConnection,
  AssetInstance,
  Concept,
  ConceptConnection,
  Edit,
  EditConnection,
  Entity,
  EntityConnection,
  EntityLink,
  EntityType,
  Episode,
  EpisodeConnection,
  Scene,
  SceneConnection,
  Sequence,
  SequenceConnection,
  Shot,
  ShotConnection,
} from "./entity.type.js";

// Resolvers are thin: relation fields read through the per-request loaders
// (which drop rows the viewer may not read), writes call the service.

/** Converts a stored metadata value to the type its descriptor declares. */
function typedMetadata(dataType: string | null, value: unknown): unknown {
  if (value === undefined || value === null || value === "") return null;
  if (dataType === "number") {
    const number = typeof value === "number" ? value : Number(value);
    return Number.isFinite(number) ? number : null;
  }
  if (dataType === "boolean") return value === true || value === "true";
  return value;
}

async function readableEntity(ctx: RequestContext, id: string | null): Promise<EntityRow | null> {
  if (id === null) return null;
  const [row, scope] = await Promise.all([ctx.loaders.entityById.load(id), ctx.loaders.viewerAccess()]);
  return row !== null && scope.canReadEntity(row) ? row : null;
}

@Resolver(() => Entity)
export class EntityFieldsResolver {
  @FieldResolver(() => Project, { description: "The project; always readable when the entity is." })
  project(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.projectById.load(row.projectId);
  }

  @FieldResolver(() => EntityType)
  entityType(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.entityTypeById.load(row.entityTypeId);
  }

  @FieldResolver(() => [Task], { description: "The entity's tasks the viewer may read (a vendor sees only theirs)." })
  tasks(@Root() row: EntityRow, @Ctx() ctx: RequestContext): Promise<TaskRow[]> {
    return ctx.loaders.tasksByEntityId.load(row.id);
  }

  @FieldResolver(() => JSON, {
    nullable: true,
    description:
      "One metadata value, typed by the project's descriptor for this kind of entity; null when no descriptor has that field name or when the viewer may not read that field (see `data`).",
  })
  async metadata(@Root() row: EntityRow, @Arg("fieldName", () => String) fieldName: string, @Ctx() ctx: RequestContext) {
    const descriptors = await ctx.loaders.metadataDescriptorsByProjectId.load(row.projectId);
    const kind = kindOfTypeName(row.entityTypeName);
    const descriptor = descriptors.find((candidate) => candidate.fieldName === fieldName && candidate.entityType === kind);
    if (descriptor === undefined) return null;
    const hidden = await hiddenMetadataFields(ctx, row.projectId, kind);
    if (hidden.has(fieldName)) return null;
    const data = (row.data as Record<string, unknown> | null) ?? {};
    return typedMetadata(descriptor.dataType, data[fieldName]);
  }

  @FieldResolver(() => JSON, {
    nullable: true,
    description:
      "Custom metadata, keyed by the field names of the project's metadata descriptors. Vendors and clients do not get the fields of descriptors restricted to departments they are not in; clients only get the fields of descriptors marked for clients.",
  })
  async data(@Root() row: EntityRow, @Ctx() ctx: RequestContext): Promise<unknown> {
    const hidden = await hiddenMetadataFields(ctx, row.projectId, kindOfTypeName(row.entityTypeName));
    return withoutHiddenFields(row.data, hidden);
  }

  @FieldResolver(() => [EntityLink], { description: "Casting: the assets this entity uses." })
  casting(@Root() row: EntityRow, @Ctx() ctx: RequestContext): Promise<EntityLinkRow[]> {
    return ctx.loaders.castingByEntityId.load(row.id);
  }
}

@Resolver(() => EntityLink)
export class EntityLinkResolver {
  @FieldResolver(() => Entity, { nullable: true, description: "The entity that uses the asset; null when the viewer may not read it." })
  entityIn(@Root() link: EntityLinkRow, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, link.entityInId);
  }

  @FieldResolver(() => Asset, { nullable: true, description: "The asset cast; null when the viewer may not read it." })
  entityOut(@Root() link: EntityLinkRow, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, link.entityOutId);
  }
}

@Resolver(() => Shot)
export class ShotResolver {
  @FieldResolver(() => Sequence, { nullable: true })
  sequence(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, row.parentId);
  }

  @Query(() => Shot, { description: "One shot; NOT_FOUND for an unknown id or another kind, FORBIDDEN outside the viewer's projects." })
  shot(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableEntity(ctx, "Shot", id);
  }

  @Query(() => ShotConnection, { description: "Shots the viewer may read." })
  shots(@Args(() => ShotListArgs) args: ShotListArgs, @Ctx() ctx: RequestContext) {
    return listEntities(ctx, "Shot", { ...args, parentId: args.sequenceId }, args);
  }

  @Mutation(() => Shot, { description: "Creates a shot in a sequence; needs the manager role on the project. Records shot:new." })
  createShot(@Arg("input", () => CreateShotInput) input: CreateShotInput, @Ctx() ctx: RequestContext) {
    return service.createShot(ctx, input);
  }

  @Mutation(() => Shot, { description: "Records shot:update." })
  updateShot(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateEntityInput) patch: UpdateEntityInput, @Ctx() ctx: RequestContext) {
    return service.updateShot(ctx, id, patch);
  }

  @Mutation(() => Shot, { description: "Deletes a shot; one with tasks is only canceled unless force is set. Records shot:delete (or shot:update)." })
  async deleteShot(@Arg("id", () => ID) id: string, @Arg("force", () => Boolean, { nullable: true }) force: boolean | undefined, @Ctx() ctx: RequestContext) {
    return (await service.deleteShot(ctx, id, { force: force ?? false })).entity;
  }
}

@Resolver(() => Scene)
export class SceneResolver {
  @FieldResolver(() => Sequence, { nullable: true })
  sequence(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, row.parentId);
  }

  @Query(() => Scene)
  scene(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableEntity(ctx, "Scene", id);
  }

  @Query(() => SceneConnection)
  scenes(@Args(() => ShotListArgs) args: ShotListArgs, @Ctx() ctx: RequestContext) {
    return listEntities(ctx, "Scene", { ...args, parentId: args.sequenceId }, args);
  }

  @Mutation(() => Scene)
  createScene(@Arg("input", () => CreateSceneInput) input: CreateSceneInput, @Ctx() ctx: RequestContext) {
    return service.createScene(ctx, input);
  }

  @Mutation(() => Scene)
  updateScene(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateEntityInput) patch: UpdateEntityInput, @Ctx() ctx: RequestContext) {
    return service.updateScene(ctx, id, patch);
  }

  @Mutation(() => Scene)
  async deleteScene(@Arg("id", () => ID) id: string, @Arg("force", () => Boolean, { nullable: true }) force: boolean | undefined, @Ctx() ctx: RequestContext) {
    return (await service.deleteScene(ctx, id, { force: force ?? false })).entity;
  }
}

@Resolver(() => Sequence)
export class SequenceResolver {
  @FieldResolver(() => Episode, { nullable: true })
  episode(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, row.parentId);
  }

  @FieldResolver(() => [Shot])
  shots(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.shotsBySequenceId.load(row.id);
  }

  @FieldResolver(() => [Scene])
  scenes(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.scenesBySequenceId.load(row.id);
  }

  @Query(() => Sequence)
  sequence(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableEntity(ctx, "Sequence", id);
  }

  @Query(() => SequenceConnection)
  sequences(@Args(() => SequenceListArgs) args: SequenceListArgs, @Ctx() ctx: RequestContext) {
    return listEntities(ctx, "Sequence", { ...args, parentId: args.episodeId }, args);
  }

  @Mutation(() => Sequence, { description: "Records sequence:new." })
  createSequence(@Arg("input", () => CreateSequenceInput) input: CreateSequenceInput, @Ctx() ctx: RequestContext) {
    return service.createSequence(ctx, input);
  }

  @Mutation(() => Sequence)
  updateSequence(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateEntityInput) patch: UpdateEntityInput, @Ctx() ctx: RequestContext) {
    return service.updateSequence(ctx, id, patch);
  }

  @Mutation(() => Sequence, { description: "Deletes a sequence; one with shots or tasks needs force, which deletes them too." })
  async deleteSequence(@Arg("id", () => ID) id: string, @Arg("force", () => Boolean, { nullable: true }) force: boolean | undefined, @Ctx() ctx: RequestContext) {
    return (await service.deleteSequence(ctx, id, { force: force ?? false })).entity;
  }
}

@Resolver(() => Episode)
export class EpisodeResolver {
  @FieldResolver(() => [Sequence])
  sequences(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.sequencesByEpisodeId.load(row.id);
  }

  @FieldResolver(() => [Edit])
  edits(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.editsByEpisodeId.load(row.id);
  }

  @FieldResolver(() => [Asset], { description: "Assets that belong to this episode (their source)." })
  assets(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.assetsByEpisodeId.load(row.id);
  }

  @Query(() => Episode)
  episode(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableEntity(ctx, "Episode", id);
  }

  @Query(() => EpisodeConnection)
  episodes(@Args(() => EntityListArgs) args: EntityListArgs, @Ctx() ctx: RequestContext) {
    return listEntities(ctx, "Episode", args, args);
  }

  @Mutation(() => Episode, { description: "Records episode:new." })
  createEpisode(@Arg("input", () => CreateEpisodeInput) input: CreateEpisodeInput, @Ctx() ctx: RequestContext) {
    return service.createEpisode(ctx, input);
  }

  @Mutation(() => Episode)
  updateEpisode(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateEntityInput) patch: UpdateEntityInput, @Ctx() ctx: RequestContext) {
    return service.updateEpisode(ctx, id, patch);
  }

  @Mutation(() => Episode, { description: "Deletes an episode; one with sequences or tasks needs force, which deletes them too." })
  async deleteEpisode(@Arg("id", () => ID) id: string, @Arg("force", () => Boolean, { nullable: true }) force: boolean | undefined, @Ctx() ctx: RequestContext) {
    return (await service.deleteEpisode(ctx, id, { force: force ?? false })).entity;
  }
}

@Resolver(() => Edit)
export class EditResolver {
  @FieldResolver(() => Episode, { nullable: true })
  episode(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, row.parentId);
  }

  @Query(() => Edit)
  edit(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableEntity(ctx, "Edit", id);
  }

  @Query(() => EditConnection)
  edits(@Args(() => SequenceListArgs) args: SequenceListArgs, @Ctx() ctx: RequestContext) {
    return listEntities(ctx, "Edit", { ...args, parentId: args.episodeId }, args);
  }

  @Mutation(() => Edit)
  createEdit(@Arg("input", () => CreateEditInput) input: CreateEditInput, @Ctx() ctx: RequestContext) {
    return service.createEdit(ctx, input);
  }

  @Mutation(() => Edit)
  updateEdit(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateEntityInput) patch: UpdateEntityInput, @Ctx() ctx: RequestContext) {
    return service.updateEdit(ctx, id, patch);
  }

  @Mutation(() => Edit)
  async deleteEdit(@Arg("id", () => ID) id: string, @Arg("force", () => Boolean, { nullable: true }) force: boolean | undefined, @Ctx() ctx: RequestContext) {
    return (await service.deleteEdit(ctx, id, { force: force ?? false })).entity;
  }
}

@Resolver(() => Concept)
export class ConceptResolver {
  @Query(() => Concept)
  concept(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableEntity(ctx, "Concept", id);
  }

  @Query(() => ConceptConnection)
  concepts(@Args(() => EntityListArgs) args: EntityListArgs, @Ctx() ctx: RequestContext) {
    return listEntities(ctx, "Concept", args, args);
  }

  @Mutation(() => Concept)
  createConcept(@Arg("input", () => CreateConceptInput) input: CreateConceptInput, @Ctx() ctx: RequestContext) {
    return service.createConcept(ctx, input);
  }

  @Mutation(() => Concept)
  updateConcept(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateEntityInput) patch: UpdateEntityInput, @Ctx() ctx: RequestContext) {
    return service.updateConcept(ctx, id, patch);
  }

  @Mutation(() => Concept)
  async deleteConcept(@Arg("id", () => ID) id: string, @Arg("force", () => Boolean, { nullable: true }) force: boolean | undefined, @Ctx() ctx: RequestContext) {
    return (await service.deleteConcept(ctx, id, { force: force ?? false })).entity;
  }
}

@Resolver(() => Asset)
export class AssetResolver {
  @FieldResolver(() => EntityType, { description: "The asset type (the entity type of the asset)." })
  assetType(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.entityTypeById.load(row.entityTypeId);
  }

  @FieldResolver(() => Episode, { nullable: true, description: "The episode the asset belongs to, if any." })
  episode(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return readableEntity(ctx, row.sourceId);
  }

  @FieldResolver(() => [EntityLink], { description: "Where the asset is cast: links to the shots, episodes and assets that use it." })
  castIn(@Root() row: EntityRow, @Ctx() ctx: RequestContext): Promise<EntityLinkRow[]> {
    return ctx.loaders.castInByAssetId.load(row.id);
  }

  @FieldResolver(() => [AssetInstance])
  instances(@Root() row: EntityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.assetInstancesByAssetId.load(row.id);
  }

  @Query(() => Asset)
  asset(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableEntity(ctx, "Asset", id);
  }

  @Query(() => AssetConnection)
  assets(@Args(() => AssetListArgs) args: AssetListArgs, @Ctx() ctx: RequestContext) {
    return listEntities(ctx, "Asset", args, args);
  }

  @Mutation(() => Asset, { description: "Creates an asset of an asset type; needs the manager role on the project. Records asset:new." })
  createAsset(@Arg("input", () => CreateAssetInput) input: CreateAssetInput, @Ctx() ctx: RequestContext) {
    return service.createAsset(ctx, input);
  }

  @Mutation(() => Asset)
  updateAsset(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateEntityInput) patch: UpdateEntityInput, @Ctx() ctx: RequestContext) {
    return service.updateAsset(ctx, id, patch);
  }

  @Mutation(() => Asset, { description: "Deletes an asset; one with tasks is only canceled unless force is set." })
  async deleteAsset(@Arg("id", () => ID) id: string, @Arg("force", () => Boolean, { nullable: true }) force: boolean | undefined, @Ctx() ctx: RequestContext) {
    return (await service.deleteAsset(ctx, id, { force: force ?? false })).entity;
  }

  @Mutation(() => EntityLink, { description: "Casts an asset in an entity, or updates its occurrences. Records entity-link:new or entity-link:update." })
  castAsset(@Arg("input", () => CastAssetInput) input: CastAssetInput, @Ctx() ctx: RequestContext) {
    return service.castAsset(ctx, input);
  }

  @Mutation(() => Boolean, { description: "Removes an asset from an entity's casting; false when it was not cast there." })
  uncastAsset(@Arg("entityId", () => ID) entityId: string, @Arg("assetId", () => ID) assetId: string, @Ctx() ctx: RequestContext) {
    return service.uncastAsset(ctx, { entityId, assetId });
  }
}

@Resolver(() => EntityType)
export class EntityTypeResolver {
  @Query(() => Entity, { description: "Any entity by id, typed by its kind." })
  entity(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.getReadableEntity(ctx, undefined, id);
  }

  @Query(() => EntityConnection, { description: "Entities of every kind the viewer may read." })
  async entities(@Args(() => AnyEntityListArgs) args: AnyEntityListArgs, @Ctx() ctx: RequestContext) {
    return listEntities(ctx, undefined, { ...args, assetTypeId: args.entityTypeId }, args);
  }

  @Query(() => [EntityType], { description: "Asset types: every entity type other than the built-in kinds." })
  async assetTypes(@Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    const rows = await ctx.db.orm.select().from(entityType).orderBy(entityType.name);
    return rows.filter((row) => kindOfTypeName(row.name) === "Asset");
  }

  @Query(() => EntityType, { description: "One entity type by id." })
  async entityType(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    const [row] = await ctx.db.orm.select().from(entityType).where(eq(entityType.id, parseId(id)));
    if (row === undefined) throw new NotFoundError("Entity type not found.");
    return row;
  }
}

export const entityResolvers = [
  EntityFieldsResolver,
  EntityLinkResolver,
  ShotResolver,
  SceneResolver,
  SequenceResolver,
  EpisodeResolver,
  EditResolver,
  ConceptResolver,
  AssetResolver,
  EntityTypeResolver,
  ProjectEntitiesResolver,
] as const;
