import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { listLastLoginLogs } from "./login-logs.service.js";
import { linkEquipmentToDepartment, unlinkEquipmentFromDepartment, type Equipment } from "./department-equipment.service.js";

function equipmentKind(kind: string): Equipment {
  if (kind !== "software" && kind !== "hardwareItem") throw new BadRequestError('kind must be "software" or "hardwareItem".');
  return kind;
}

@Resolver()
export class KitsuAdminResolver {
  @Mutation(() => JSON, { description: "Links a software (kind \"software\") or hardware item (kind \"hardwareItem\") to a department; admins only. Returns the link in Zou's JSON." })
  async linkDepartmentEquipment(@Arg("departmentId", () => ID) departmentId: string, @Arg("kind", () => String) kind: string, @Arg("equipmentId", () => ID) equipmentId: string, @Ctx() ctx: RequestContext) {
    return linkEquipmentToDepartment(ctx, parseId(departmentId), equipmentKind(kind), parseId(equipmentId));
  }

  @Mutation(() => Boolean, { description: "Removes a software or hardware item from a department, if linked; admins only." })
  async unlinkDepartmentEquipment(@Arg("departmentId", () => ID) departmentId: string, @Arg("kind", () => String) kind: string, @Arg("equipmentId", () => ID) equipmentId: string, @Ctx() ctx: RequestContext) {
    return unlinkEquipmentFromDepartment(ctx, parseId(departmentId), equipmentKind(kind), parseId(equipmentId));
  }

  @Query(() => JSON, { description: "The latest logins, newest first, with optional date, cursor and person filters; admins only. At most 1000." })
  async lastLoginLogsJson(
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("before", () => String, { nullable: true }) before: string | null,
    @Arg("cursorLoginLogId", () => ID, { nullable: true }) cursorLoginLogId: string | null,
    @Arg("limit", () => Int, { nullable: true }) limit: number | null,
    @Arg("personIds", () => [ID], { nullable: true }) personIds: string[] | null,
    @Ctx() ctx: RequestContext,
  ) {
    return listLastLoginLogs(ctx, {
      after: after ?? null,
      before: before ?? null,
      cursorLoginLogId: cursorLoginLogId == null ? null : parseId(cursorLoginLogId),
      limit: limit ?? 100,
      personIds: (personIds ?? []).map(parseId),
    });
  }
}
