import { Arg, Ctx, Int, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
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
}
