import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import type { ZouJson } from "../rest/zou-json.js";
import { createInstanceOutputFile } from "./output-files.service.js";

// Output file publication returning Zou's JSON, for the REST route that runs it.

@Resolver()
export class OutputFileActionsResolver {
  @Mutation(() => JSON, {
    description:
      "Publishes a new output file revision of an asset instance in a temporal entity, with its path from the project's file tree. Returns the output file in Zou's JSON with folder_path and file_name.",
  })
  async createInstanceOutputFile(
    @Arg("assetInstanceId", () => String) assetInstanceId: string,
    @Arg("temporalEntityId", () => String) temporalEntityId: string,
    @Arg("body", () => JSON, { nullable: true, description: "Zou's request body: output_type_id and task_type_id, then the optional fields." }) body: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const published = await createInstanceOutputFile(ctx, assetInstanceId, temporalEntityId, body);
    return { ...published.json, folder_path: published.folderPath, file_name: published.fileName };
  }
}
