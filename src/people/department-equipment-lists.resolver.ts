import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { listEquipmentByDepartment } from "./department-equipment-lists.service.js";

@Resolver()
export class DepartmentEquipmentListsResolver {
  @Query(() => JSON, { description: "The software (kind \"software\") or hardware items (kind \"hardwareItem\") of every department, keyed by department id; admins only." })
  async departmentEquipmentJson(@Arg("kind", () => String) kind: string, @Ctx() ctx: RequestContext) {
    if (kind !== "software" && kind !== "hardwareItem") throw new BadRequestError('kind must be "software" or "hardwareItem".');
    return listEquipmentByDepartment(ctx, kind);
  }
}
