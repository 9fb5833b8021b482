import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import type { ZouJson } from "../rest/zou-json.js";
import type { EntityKind } from "./entities.loaders.js";
import * as service from "./entities.service.js";
import { UpdateEntityInput } from "./entity.inputs.js";
import { entityJson } from "./entity-json.resolver.js";
import * as reads from "./shots-json.reads.js";
import * as writes from "./shots-rest.service.js";

// Episodes, sequences, shots, scenes, edits and concepts in Zou's JSON, for
// the Zou routes of those areas. Reads and writes go through
// shots-json.reads.ts and shots-rest.service.ts, which check access.

const LISTABLE_KINDS: readonly EntityKind[] = ["Episode", "Sequence", "Shot", "Scene", "Edit", "Concept"];

function listableKind(kind: string): EntityKind {
  if (!(LISTABLE_KINDS as readonly string[]).includes(kind)) throw new BadRequestError(`Invalid kind "${kind}": expected one of ${LISTABLE_KINDS.join(", ")}.`);
  return kind as EntityKind;
}

/** Zou's filter values are strings; anything else in the filters object is rejected. */
function stringFilters(filters: Record<string, unknown> | null | undefined): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters ?? {})) {
    if (typeof value !== "string") throw new BadRequestError(`Invalid filter ${key}: expected a string.`);
    columns[key] = value;
  }
  return columns;
}

@InputType({ description: "Fields of an episode, sequence, shot, scene, edit or concept created through Zou's routes." })
export class ZouEntityCreateInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => String, { nullable: true, description: "standby, running, complete or canceled." })
  status?: string;

  @Field(() => JSON, { nullable: true })
  data?: Record<string, unknown>;

  @Field(() => Int, { nullable: true })
  nbFrames?: number;

  @Field(() => ID, { nullable: true, description: "The sequence of a shot or scene, the episode of a sequence or edit." })
  parentId?: string;

  @Field(() => [ID], { nullable: true, description: "Entities a concept is linked to." })
  entityConceptLinks?: string[];
}

@Resolver()
export class ShotsJsonResolver {
  @Query(() => JSON, { description: "An episode in Zou's JSON, with its project's name." })
  episodeFullJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return reads.fullEpisodeJson(ctx, id);
  }

  @Query(() => JSON, { description: "A sequence in Zou's JSON, with its project's and episode's names." })
  sequenceFullJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return reads.fullSequenceJson(ctx, id);
  }

  @Query(() => JSON, { description: "A shot in Zou's JSON: relations, project, sequence and episode names, frame range, tasks with assignees." })
  shotFullJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return reads.fullShotJson(ctx, id);
  }

  @Query(() => JSON, { description: "An edit in Zou's JSON: relations, project and episode names, tasks with assignees." })
  editFullJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return reads.fullEditJson(ctx, id);
  }

  @Query(() => JSON, { description: "A concept in Zou's JSON: relations, project name, tasks with assignees. Clients get FORBIDDEN." })
  conceptFullJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return reads.fullConceptJson(ctx, id);
  }

  @Query(() => JSON, {
    description:
      "Entities of one kind (Episode, Sequence, Shot, Scene, Edit, Concept) in Zou's JSON, by name, filtered on Zou's column names and on sequence_id or episode_id. Non-admins must name a project or a parent; vendors see only their assigned branch.",
  })
  entitiesOfKindJson(
    @Arg("kind", () => String) kind: string,
    @Arg("filters", () => JSON, { nullable: true }) filters: Record<string, unknown> | null,
    @Arg("withNames", () => Boolean, { nullable: true }) withNames: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return reads.listEntitiesJson(ctx, listableKind(kind), { columns: stringFilters(filters), withNames: withNames === true });
  }

  @Query(() => JSON, { description: "The shots of an episode's sequences, in Zou's JSON, by name." })
  episodeShotsJson(@Arg("episodeId", () => ID) episodeId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return reads.listEpisodeShotsJson(ctx, episodeId);
  }

  @Query(() => JSON, { description: "The shots issued from a scene, in Zou's JSON, with project and sequence names." })
  sceneShotsJson(@Arg("sceneId", () => ID) sceneId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return reads.sceneShotsJson(ctx, sceneId);
  }

  @Mutation(() => JSON, {
    description:
      "Creates an episode, sequence, shot, scene, edit or concept through Zou's rules and returns it in Zou's JSON; returns the existing one when its parent already has one of that name. Records <kind>:new.",
  })
  async createEntityForZou(
    @Arg("kind", () => String) kind: string,
    @Arg("projectId", () => ID) projectId: string,
    @Arg("input", () => ZouEntityCreateInput) input: ZouEntityCreateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const fields = { projectId, name: input.name, description: input.description, status: input.status, data: input.data, nbFrames: input.nbFrames };
    const parentId = input.parentId ?? null;
    switch (listableKind(kind)) {
      case "Episode":
        return entityJson(await writes.getOrCreateEpisode(ctx, fields));
      case "Sequence":
        return entityJson(await writes.getOrCreateSequence(ctx, { ...fields, episodeId: parentId }));
      case "Shot":
        if (parentId === null) throw new BadRequestError("A shot needs a sequence (sequence_id).");
        return entityJson(await writes.getOrCreateShot(ctx, { ...fields, sequenceId: parentId }));
      case "Scene":
        if (parentId === null) throw new BadRequestError("A scene needs a sequence (sequence_id).");
        return entityJson(await writes.getOrCreateScene(ctx, { ...fields, sequenceId: parentId }));
      case "Edit":
        return entityJson(await writes.getOrCreateEdit(ctx, { ...fields, episodeId: parentId }));
      default: {
        const concept = await writes.getOrCreateConcept(ctx, { ...fields, entityConceptLinks: input.entityConceptLinks });
        return { ...entityJson(concept), entity_concept_links: await reads.conceptLinkIds(ctx, concept.id) };
      }
    }
  }

  @Mutation(() => JSON, { description: "Updates a shot and returns it in Zou's JSON; data is merged key by key. Records shot:update." })
  async updateShotJson(@Arg("id", () => ID) id: string, @Arg("patch", () => UpdateEntityInput) patch: UpdateEntityInput, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return entityJson(await service.updateShot(ctx, id, patch));
  }

  @Mutation(() => JSON, { description: "Marks a shot as issued from a scene and returns the shot in Zou's JSON. Records shot:add-to-scene." })
  async addShotToScene(@Arg("sceneId", () => ID) sceneId: string, @Arg("shotId", () => ID) shotId: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return entityJson(await writes.addShotToScene(ctx, sceneId, shotId));
  }

  @Mutation(() => Boolean, { description: "Removes a shot's link to a scene. Records shot:remove-from-scene when the link existed." })
  async removeShotFromScene(@Arg("sceneId", () => ID) sceneId: string, @Arg("shotId", () => ID) shotId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await writes.removeShotFromScene(ctx, sceneId, shotId);
    return true;
  }
}
