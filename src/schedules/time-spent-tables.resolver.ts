import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { getTimeSpentTable, type TableUnit } from "./time-spent-tables.service.js";

const UNITS: TableUnit[] = ["day", "week", "month", "year"];

@Resolver()
export class TimeSpentTablesResolver {
  @Query(() => JSON, {
    description:
      "Minutes logged per person, summed by unit: day (needs year and month), week or month (need year), or year. Admins see everyone, managers and supervisors their projects (supervisors their departments), others themselves.",
  })
  async timeSpentTableJson(
    @Arg("unit", () => String) unit: string,
    @Arg("year", () => Int, { nullable: true }) year: number | null,
    @Arg("month", () => Int, { nullable: true }) month: number | null,
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Arg("departmentId", () => ID, { nullable: true }) departmentId: string | null,
    @Arg("studioId", () => ID, { nullable: true }) studioId: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    if (!(UNITS as string[]).includes(unit)) throw new BadRequestError(`unit must be one of ${UNITS.join(", ")}.`);
    const tableUnit = unit as TableUnit;
    if (tableUnit !== "year" && year == null) throw new BadRequestError("year is required for this unit.");
    if (tableUnit === "day" && month == null) throw new BadRequestError("month is required for the day unit.");
    return getTimeSpentTable(
      ctx,
      tableUnit,
      { year: tableUnit === "year" ? undefined : (year ?? undefined), month: tableUnit === "day" ? (month ?? undefined) : undefined },
      {
        projectId: projectId == null ? null : parseId(projectId),
        departmentId: departmentId == null ? null : parseId(departmentId),
        studioId: studioId == null ? null : parseId(studioId),
      },
    );
  }
}
