import { eq } from "drizzle-orm";
import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from "type-graphql";
import { assetInstance, entityType } from "../../schema/entities.js";
import { plugin } from "../../schema/misc.js";
import { news } from "../../schema/notifications.js";
import type { RequestContext } from "../context.js";
import { createRecord, deleteRecord, updateRecord } from "../crud/crud.service.js";
import { AssetInstance, EntityType } from "../entities/entity.type.js";
import { kindOfTypeName } from "../entities/entities.loaders.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { News } from "../notifications/notification.type.js";
import { Plugin } from "./plugin.resolver.js";

// Typed create, update and delete mutations for the models whose only writes
// were Zou's generic CRUD (createZouRecord and its siblings). Each runs the
// generic CRUD service, so the access rules, hooks, transaction and events
// are those of the matching /data/<model> route, then reads the row back for
// its GraphQL type. Input fields are mapped to Zou's column names explicitly.

/** Builds Zou's JSON body from the fields the client set, leaving unset ones out. */
function zouBody(values: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(names)) {
    if (values[field] !== undefined) body[column] = values[field];
  }
  return body;
}

type IdTable = typeof assetInstance | typeof entityType | typeof plugin | typeof news;

async function readBack<T>(ctx: RequestContext, table: IdTable, id: string): Promise<T> {
  const [row] = await ctx.db.orm.select().from(table).where(eq(table.id, id));
  if (row === undefined) throw new NotFoundError();
  return row as T;
}

/** Throws NOT_FOUND unless the entity type is an asset type (not Shot, Sequence and the other built-in kinds). */
async function assertAssetType(ctx: RequestContext, id: string): Promise<string> {
  const parsed = parseId(id);
  const [row] = await ctx.db.orm.select({ name: entityType.name }).from(entityType).where(eq(entityType.id, parsed));
  if (row === undefined || kindOfTypeName(row.name) !== "Asset") throw new NotFoundError("Asset type not found.");
  return parsed;
}

/** Rejects a name that would turn the asset type into a built-in kind such as Shot. */
function assertAssetTypeName(name: string | undefined): void {
  if (name !== undefined && kindOfTypeName(name) !== "Asset") throw new BadRequestError(`${name} is a built-in entity kind, not an asset type name.`);
}

@InputType()
class AssetTypeInput {
  @Field(() => String, { nullable: true, description: "Required on creation." })
  name?: string;

  @Field(() => String, { nullable: true })
  shortName?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => Boolean, { nullable: true })
  archived?: boolean;

  @Field(() => [ID], { nullable: true, description: "The task types offered for assets of this type; empty for all." })
  taskTypeIds?: string[];
}

const ASSET_TYPE_COLUMNS = { name: "name", shortName: "short_name", description: "description", archived: "archived", taskTypeIds: "task_types" };

@InputType()
class AssetInstancePatch {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => Boolean, { nullable: true })
  active?: boolean;

  @Field(() => JSON, { nullable: true })
  data?: unknown;
}

const ASSET_INSTANCE_COLUMNS = { name: "name", description: "description", active: "active", data: "data" };

@InputType()
class PluginInput {
  @Field(() => String, { nullable: true, description: "The plugin's manifest id; required on creation." })
  pluginId?: string;

  @Field(() => String, { nullable: true, description: "Required on creation." })
  name?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => String, { nullable: true, description: "Required on creation." })
  version?: string;

  @Field(() => String, { nullable: true, description: "Required on creation." })
  maintainerName?: string;

  @Field(() => String, { nullable: true })
  maintainerEmail?: string;

  @Field(() => String, { nullable: true })
  website?: string;

  @Field(() => String, { nullable: true, description: "Required on creation." })
  license?: string;

  @Field(() => String, { nullable: true })
  revision?: string;

  @Field(() => Boolean, { nullable: true })
  frontendProjectEnabled?: boolean;

  @Field(() => Boolean, { nullable: true })
  frontendStudioEnabled?: boolean;

  @Field(() => String, { nullable: true })
  icon?: string;
}

const PLUGIN_COLUMNS = {
  pluginId: "plugin_id",
  name: "name",
  description: "description",
  version: "version",
  maintainerName: "maintainer_name",
  maintainerEmail: "maintainer_email",
  website: "website",
  license: "license",
  revision: "revision",
  frontendProjectEnabled: "frontend_project_enabled",
  frontendStudioEnabled: "frontend_studio_enabled",
  icon: "icon",
};

@InputType()
class NewsInput {
  @Field(() => ID, { nullable: true, description: "Required on creation." })
  taskId?: string;

  @Field(() => ID, { nullable: true, description: "Required on creation." })
  authorId?: string;

  @Field(() => ID, { nullable: true })
  commentId?: string;

  @Field(() => ID, { nullable: true })
  previewFileId?: string;

  @Field(() => Boolean, { nullable: true, description: "Whether the news reports a status change." })
  change?: boolean;
}

const NEWS_COLUMNS = { taskId: "task_id", authorId: "author_id", commentId: "comment_id", previewFileId: "preview_file_id", change: "change" };

@Resolver()
export class TypedCrudResolver {
  @Mutation(() => EntityType, { description: "Creates an asset type (admins only); event asset-type:new." })
  async createAssetType(@Arg("input", () => AssetTypeInput) input: AssetTypeInput, @Ctx() ctx: RequestContext) {
    assertAssetTypeName(input.name);
    const json = await createRecord(ctx, "entity-types", zouBody({ ...input }, ASSET_TYPE_COLUMNS));
    return readBack(ctx, entityType, json.id as string);
  }

  @Mutation(() => EntityType, { description: "Updates an asset type (admins only); NOT_FOUND for a built-in kind such as Shot. Event asset-type:update." })
  async updateAssetType(@Arg("id", () => ID) id: string, @Arg("input", () => AssetTypeInput) input: AssetTypeInput, @Ctx() ctx: RequestContext) {
    const parsed = await assertAssetType(ctx, id);
    assertAssetTypeName(input.name);
    await updateRecord(ctx, "entity-types", parsed, zouBody({ ...input }, ASSET_TYPE_COLUMNS));
    return readBack(ctx, entityType, parsed);
  }

  @Mutation(() => ID, { description: "Deletes an asset type (admins only); NOT_FOUND for a built-in kind. Event asset-type:delete." })
  async deleteAssetType(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    const parsed = await assertAssetType(ctx, id);
    await deleteRecord(ctx, "entity-types", parsed);
    return parsed;
  }

  @Mutation(() => AssetInstance, {
    description: "Updates an asset instance: admins, and people who can read its asset; the number never changes. Event asset-instance:update.",
  })
  async updateAssetInstance(@Arg("id", () => ID) id: string, @Arg("patch", () => AssetInstancePatch) patch: AssetInstancePatch, @Ctx() ctx: RequestContext) {
    const parsed = parseId(id);
    await updateRecord(ctx, "asset-instances", parsed, zouBody({ ...patch }, ASSET_INSTANCE_COLUMNS));
    return readBack(ctx, assetInstance, parsed);
  }

  @Mutation(() => ID, { description: "Deletes an asset instance and its shot links (admins only); event asset-instance:delete." })
  async deleteAssetInstance(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    const parsed = parseId(id);
    await deleteRecord(ctx, "asset-instances", parsed);
    return parsed;
  }

  @Mutation(() => Plugin, { description: "Registers a plugin (admins only); event plugin:new." })
  async createPlugin(@Arg("input", () => PluginInput) input: PluginInput, @Ctx() ctx: RequestContext) {
    const json = await createRecord(ctx, "plugins", zouBody({ ...input }, PLUGIN_COLUMNS));
    return readBack(ctx, plugin, json.id as string);
  }

  @Mutation(() => Plugin, { description: "Updates a plugin (admins only); event plugin:update." })
  async updatePlugin(@Arg("id", () => ID) id: string, @Arg("input", () => PluginInput) input: PluginInput, @Ctx() ctx: RequestContext) {
    const parsed = parseId(id);
    await updateRecord(ctx, "plugins", parsed, zouBody({ ...input }, PLUGIN_COLUMNS));
    return readBack(ctx, plugin, parsed);
  }

  @Mutation(() => ID, { description: "Deletes a plugin (admins only); event plugin:delete." })
  async deletePlugin(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    const parsed = parseId(id);
    await deleteRecord(ctx, "plugins", parsed);
    return parsed;
  }

  @Mutation(() => News, { description: "Creates a news item (admins only; comments create their own); event news:new." })
  async createNews(@Arg("input", () => NewsInput) input: NewsInput, @Ctx() ctx: RequestContext) {
    const json = await createRecord(ctx, "news", zouBody({ ...input }, NEWS_COLUMNS));
    return readBack(ctx, news, json.id as string);
  }

  @Mutation(() => News, { description: "Updates a news item (admins only); event news:update." })
  async updateNews(@Arg("id", () => ID) id: string, @Arg("input", () => NewsInput) input: NewsInput, @Ctx() ctx: RequestContext) {
    const parsed = parseId(id);
    await updateRecord(ctx, "news", parsed, zouBody({ ...input }, NEWS_COLUMNS));
    return readBack(ctx, news, parsed);
  }

  @Mutation(() => ID, { description: "Deletes a news item (admins only); event news:delete." })
  async deleteNews(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    const parsed = parseId(id);
    await deleteRecord(ctx, "news", parsed);
    return parsed;
  }
}
