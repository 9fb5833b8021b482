import { departmentLink, person } from "../../schema/people.js";
import type { RequestContext } from "../context.js";
import { groupLoader, idIn, rowLoader } from "../db/loader.js";

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
  };
}
