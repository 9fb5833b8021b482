import { eq } from "drizzle-orm";
import { software, softwareDepartmentLink } from "../../schema/files.js";
import { hardwareItem, hardwareItemDepartmentLink } from "../../schema/misc.js";
import { assertAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import type { Equipment } from "./department-equipment.service.js";

// The equipment of every department at once, for Kitsu's Departments page
// (admins only, as in Zou). Departments without equipment are absent.

/** Lists the software or hardware items of each department, keyed by department id, in Zou's JSON. */
export async function listEquipmentByDepartment(ctx: RequestContext, kind: Equipment): Promise<Record<string, ZouJson[]>> {
  assertAdmin(ctx);
  const byDepartment: Record<string, ZouJson[]> = {};
  const add = (departmentId: string, item: ZouJson) => {
    (byDepartment[departmentId] ??= []).push(item);
  };

  if (kind === "software") {
    const rows = await ctx.db.orm
      .select({ item: software, departmentId: softwareDepartmentLink.departmentId })
      .from(software)
      .innerJoin(softwareDepartmentLink, eq(softwareDepartmentLink.softwareId, software.id))
      .orderBy(software.name, software.id);
    for (const row of rows) add(row.departmentId, toZouJson(software, row.item, "Software"));
    return byDepartment;
  }

  const rows = await ctx.db.orm
    .select({ item: hardwareItem, departmentId: hardwareItemDepartmentLink.departmentId })
    .from(hardwareItem)
    .innerJoin(hardwareItemDepartmentLink, eq(hardwareItemDepartmentLink.hardwareItemId, hardwareItem.id))
    .orderBy(hardwareItem.name, hardwareItem.id);
  for (const row of rows) add(row.departmentId, toZouJson(hardwareItem, row.item, "HardwareItem"));
  return byDepartment;
}
