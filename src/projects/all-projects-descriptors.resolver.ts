import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { addDescriptorToAllProjects, removeDescriptorFromAllProjects, reorderDescriptorsOnAllProjects, updateDescriptorOnAllProjects } from "./all-projects-descriptors.service.js";

@InputType({ description: "A production-level metadata descriptor applied to every open project the viewer manages." })
class AllProjectsDescriptorInput {
  @Field(() => String, { nullable: true, description: "Asset (default), Shot, Sequence, Episode, Edit or Project." })
  entityType?: string | null;

  @Field(() => String, { nullable: true, description: "Required to create; on update, a new display name (the field name stays)." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "string (default), number, list, taglist, boolean, checklist, date, url, textarea or person." })
  dataType?: string | null;

  @Field(() => [String], { nullable: true })
  choices?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  forClient?: boolean | null;

  @Field(() => [ID], { nullable: true })
  departmentIds?: string[] | null;
}

function normalize(input: AllProjectsDescriptorInput) {
  return {
    entityType: input.entityType ?? "Asset",
    name: input.name ?? null,
    dataType: input.dataType ?? "string",
    choices: input.choices ?? [],
    forClient: input.forClient ?? false,
    departmentIds: (input.departmentIds ?? []).map(parseId),
  };
}

@Resolver()
export class AllProjectsDescriptorsResolver {
  @Mutation(() => JSON, { description: "Creates a metadata descriptor in every open project the viewer manages that lacks it; returns the created descriptors." })
  async addMetadataDescriptorToAllProjects(@Arg("input", () => AllProjectsDescriptorInput) input: AllProjectsDescriptorInput, @Ctx() ctx: RequestContext) {
    return addDescriptorToAllProjects(ctx, normalize(input));
  }

  @Mutation(() => JSON, { description: "Updates the descriptor with this field name in every open project the viewer manages; returns the updated descriptors." })
  async updateMetadataDescriptorOnAllProjects(@Arg("fieldName", () => String) fieldName: string, @Arg("input", () => AllProjectsDescriptorInput) input: AllProjectsDescriptorInput, @Ctx() ctx: RequestContext) {
    return updateDescriptorOnAllProjects(ctx, fieldName, normalize(input));
  }

  @Mutation(() => [ID], { description: "Deletes the descriptor with this entity type and field name from every open project the viewer manages; returns the deleted ids." })
  async deleteMetadataDescriptorFromAllProjects(@Arg("entityType", () => String) entityType: string, @Arg("fieldName", () => String) fieldName: string, @Ctx() ctx: RequestContext) {
    return removeDescriptorFromAllProjects(ctx, entityType, fieldName);
  }

  @Mutation(() => JSON, { description: "Orders the descriptors of an entity type by field name in every open project the viewer manages." })
  async reorderMetadataDescriptorsOnAllProjects(@Arg("entityType", () => String) entityType: string, @Arg("fieldOrder", () => [String]) fieldOrder: string[], @Ctx() ctx: RequestContext) {
    return reorderDescriptorsOnAllProjects(ctx, entityType, fieldOrder);
  }
}
