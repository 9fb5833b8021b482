import { and, eq } from "drizzle-orm";
import { software, softwareDepartmentLink } from "../../schema/files.js";
import { hardwareItem, hardwareItemDepartmentLink } from "../../schema/misc.js";
import { department } from "../../schema/people.js";
import { assertAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// The software and hardware a department uses, linked on Kitsu's
// Departments page (admins only). Linking twice returns the existing link
// and unlinking a missing link succeeds, as in Zou.

export type Equipment = "software" | "hardwareItem";

const EXISTENCE_CHECKS = {
  department: { table: department, label: "Department" },
  software: { table: software, label: "Software" },
  hardwareItem: { table: hardwareItem, label: "Hardware item" },
} as const;

async function assertExists(ctx: RequestContext, kind: "department" | Equipment, id: string): Promise<void> {
  const { table, label } = EXISTENCE_CHECKS[kind];
  const rows = await ctx.db.orm.select({ id: table.id }).from(table).where(eq(table.id, id)).limit(1);
  if (rows.length === 0) throw new NotFoundError(`${label} not found.`);
}

/** Links a software or hardware item to a department and returns the link in Zou's JSON; event department:update. */
export async function linkEquipmentToDepartment(ctx: RequestContext, departmentId: string, kind: Equipment, equipmentId: string): Promise<ZouJson> {
  assertAdmin(ctx);
  await assertExists(ctx, "department", departmentId);
  await assertExists(ctx, kind, equipmentId);

  return ctx.db.transaction(async (tx) => {
    if (kind === "software") {
      await tx.insert(softwareDepartmentLink).values({ departmentId, softwareId: equipmentId }).onConflictDoNothing();
      const [link] = await tx.select().from(softwareDepartmentLink).where(and(eq(softwareDepartmentLink.departmentId, departmentId), eq(softwareDepartmentLink.softwareId, equipmentId)));
      await recordEvent(tx, ctx, { name: "department:update", data: { department_id: departmentId } });
      return toZouJson(softwareDepartmentLink, link, "SoftwareDepartmentLink");
    }
    await tx.insert(hardwareItemDepartmentLink).values({ departmentId, hardwareItemId: equipmentId }).onConflictDoNothing();
    const [link] = await tx
      .select()
      .from(hardwareItemDepartmentLink)
      .where(and(eq(hardwareItemDepartmentLink.departmentId, departmentId), eq(hardwareItemDepartmentLink.hardwareItemId, equipmentId)));
    await recordEvent(tx, ctx, { name: "department:update", data: { department_id: departmentId } });
    return toZouJson(hardwareItemDepartmentLink, link, "HardwareItemDepartmentLink");
  });
}

/** Removes a software or hardware item from a department, if linked; event department:update when a link was removed. */
export async function unlinkEquipmentFromDepartment(ctx: RequestContext, departmentId: string, kind: Equipment, equipmentId: string): Promise<boolean> {
  assertAdmin(ctx);
  await assertExists(ctx, "department", departmentId);
  await assertExists(ctx, kind, equipmentId);

  await ctx.db.transaction(async (tx) => {
    const removed =
      kind === "software"
        ? await tx.delete(softwareDepartmentLink).where(and(eq(softwareDepartmentLink.departmentId, departmentId), eq(softwareDepartmentLink.softwareId, equipmentId))).returning()
        : await tx
            .delete(hardwareItemDepartmentLink)
            .where(and(eq(hardwareItemDepartmentLink.departmentId, departmentId), eq(hardwareItemDepartmentLink.hardwareItemId, equipmentId)))
            .returning();
    if (removed.length > 0) await recordEvent(tx, ctx, { name: "department:update", data: { department_id: departmentId } });
  });
  return true;
}
