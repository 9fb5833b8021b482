import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { guessFromPath, type GuessedTemplate } from "./guess-from-path.service.js";

// The file tree templates a file path matches, in Zou's JSON, for the REST
// route gazu's files.guess_from_path calls.

@Resolver()
export class GuessFromPathResolver {
  @Query(() => JSON, {
    description:
      "The project's file tree templates a file path matches, as a list of {Template, <Token>: id or value} objects, for Zou's body: project_id, file_path, sep (default \"/\").",
  })
  async guessFromPath(
    @Arg("body", () => JSON, { nullable: true, description: "Zou's request body: project_id, file_path and the optional sep." }) body: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<GuessedTemplate[]> {
    return guessFromPath(ctx, body);
  }
}
