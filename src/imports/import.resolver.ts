import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { importAssetsCsv, importShotsCsv } from "./entities-csv.service.js";
import { importKitsuEntities, importKitsuEntityLinks } from "./kitsu-import.service.js";
import { DEFAULT_NAMING_CONVENTION, importOtio, type OtioImportResult } from "./otio-import.service.js";
import { ShotgunRemoval } from "./import.type.js";
import { deleteImportError, removeShotgunProjectConnection, removeShotgunShot } from "./imports.service.js";

@Resolver()
export class ImportResolver {
  @Mutation(() => Boolean, { description: "Deletes a stored ShotGrid import error. Admins and managers only." })
  async deleteShotgunImportError(@Arg("id", () => String) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await deleteImportError(ctx, id);
    return true;
  }

  @Mutation(() => ShotgunRemoval, { description: "Deletes the shot imported with this ShotGrid id, unless other rows reference it. Admins and managers only." })
  removeShotgunShot(@Arg("shotgunId", () => Int) shotgunId: number, @Ctx() ctx: RequestContext): Promise<ShotgunRemoval> {
    return removeShotgunShot(ctx, shotgunId);
  }

  @Mutation(() => ShotgunRemoval, { description: "Removes the team link imported with this ShotGrid id from its project. Admins and managers only." })
  removeShotgunProjectConnection(@Arg("shotgunId", () => Int) shotgunId: number, @Ctx() ctx: RequestContext): Promise<ShotgunRemoval> {
    return removeShotgunProjectConnection(ctx, shotgunId);
  }

  @Mutation(() => JSON, {
    description:
      "Imports sequences and shots from CSV text and returns the shots in Zou's JSON, one per row. A bad row changes nothing: the error is BAD_USER_INPUT with extensions.details.lineNumber. Project managers only.",
  })
  importShotsCsv(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("csv", () => String) csv: string,
    @Arg("update", () => Boolean, { nullable: true, description: "Also update the shots that exist already." }) update: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return importShotsCsv(ctx, parseId(projectId), csv, update === true);
  }

  @Mutation(() => JSON, {
    description:
      "Imports assets from CSV text and returns them in Zou's JSON, one per row. A bad row changes nothing: the error is BAD_USER_INPUT with extensions.details.lineNumber. Project managers only.",
  })
  importAssetsCsv(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("csv", () => String) csv: string,
    @Arg("update", () => Boolean, { nullable: true, description: "Also update the assets that exist already." }) update: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return importAssetsCsv(ctx, parseId(projectId), csv, update === true);
  }

  @Mutation(() => JSON, {
    description: "Upserts entity rows exported from another Kitsu, by id, and returns them in Zou's JSON. Admins only: the entries of anyone else are skipped, as in Zou.",
  })
  importKitsuEntities(@Arg("entries", () => JSON) entries: unknown, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return importKitsuEntities(ctx, entries);
  }

  @Mutation(() => JSON, {
    description: "Upserts casting links (entity_link rows) exported from another Kitsu and returns them in Zou's JSON. Admins only, as importKitsuEntities.",
  })
  importKitsuEntityLinks(@Arg("entries", () => JSON) entries: unknown, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return importKitsuEntityLinks(ctx, entries);
  }

  @Mutation(() => JSON, {
    description:
      "Imports the clips of an OpenTimelineIO timeline (JSON) as shots: known shots get their frame range, others are created. Returns {updated_shots, created_shots} in Zou's JSON. Project managers only.",
  })
  importOtio(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("otio", () => String, { description: "The .otio document." }) otio: string,
    @Arg("episodeId", () => ID, { nullable: true, description: "The episode of a TV show the shots belong to." }) episodeId: string | null,
    @Arg("namingConvention", () => String, { nullable: true, description: "How clip names spell shots, with ${project_name}, ${episode_name}, ${sequence_name} and ${shot_name}." })
    namingConvention: string | null,
    @Arg("matchCase", () => Boolean, { nullable: true, description: "Compare clip and shot names case-sensitively (the default)." }) matchCase: boolean | null,
    @Arg("fileName", () => String, { nullable: true, description: "The file's name; one ending in .edl is read as a CMX 3600 EDL." }) fileName: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<OtioImportResult> {
    return importOtio(ctx, parseId(projectId), otio, {
      episodeId: episodeId == null ? null : parseId(episodeId),
      fileName,
      namingConvention: namingConvention == null || namingConvention === "" ? DEFAULT_NAMING_CONVENTION : namingConvention,
      matchCase: matchCase ?? true,
    });
  }
}
