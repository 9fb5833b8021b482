import { departmentLink, department, person, studio } from "../../schema/people.js";
import type { RequestContext } from "../context.js";
import { groupLoader, idIn, rowLoader } from "../db/loader.js";

export type DepartmentRow = typeof department.$inferSelect;
export type StudioRow = typeof studio.$inferSelect;

export function createPeopleLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;
  return {
    personById: rowLoader(
      (ids) => orm.select().from(person).where(idIn(person.id, ids)),
      (row) => row.id,
    ),
    departmentLinksByPersonId: groupLoader(
      (ids) => orm.select().from(departmentLink).where(idIn(departmentLink.personId, ids)),
      (row) => row.personId,
    ),
    departmentLinksByDepartmentId: groupLoader(
      (ids) => orm.select().from(departmentLink).where(idIn(departmentLink.departmentId, ids)),
      (row) => row.departmentId,
    ),
    departmentById: rowLoader(
      (ids) => orm.select().from(department).where(idIn(department.id, ids)),
      (row) => row.id,
    ),
    studioById: rowLoader(
      (ids) => orm.select().from(studio).where(idIn(studio.id, ids)),
      (row) => row.id,
    ),
  };
}
