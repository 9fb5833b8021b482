import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { metadataDescriptor, project } from "../../schema/projects.js";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { MetadataDescriptor, Project } from "./project.type.js";
import type { MetadataDescriptorRow, ProjectRow } from "./projects.loaders.js";

// Zou's plain JSON of a project and of a metadata descriptor, for the Zou
// routes that return the written row.

@Resolver(() => Project)
export class ProjectJsonResolver {
  @FieldResolver(() => JSON, { description: "The project in Zou's JSON, without its team list." })
  zouJson(@Root() row: ProjectRow, @Ctx() _ctx: RequestContext): ZouJson {
    return toZouJson(project, row as unknown as Record<string, unknown>, "Project");
  }
}

@Resolver(() => MetadataDescriptor)
export class MetadataDescriptorJsonResolver {
  @FieldResolver(() => JSON, { description: "The descriptor in Zou's JSON, without its departments." })
  zouJson(@Root() row: MetadataDescriptorRow, @Ctx() _ctx: RequestContext): ZouJson {
    return toZouJson(metadataDescriptor, row as unknown as Record<string, unknown>, "MetadataDescriptor");
  }
}
