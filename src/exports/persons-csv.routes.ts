import { asc, eq, inArray, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { department, departmentLink, person, studio } from "../../schema/people.js";
import { assertManager } from "../auth/permissions.js";
import type { AppServices, RequestContext } from "../context.js";
import { csvFileName, formatCsvRow, type CsvValue } from "./csv.js";

// The People page's CSV export.

const PERSON_HEADERS = [
  "First Name",
  "Last Name",
  "Email",
  "Phone",
  "Role",
  "Departments",
  "Studio",
  "Country",
  "Contract Type",
  "Position",
  "Seniority",
  "Daily Salary",
  "Active",
];

/**
 * Builds the rows of the people export: every person who is neither a bot
 * nor a guest, sorted by first and last name ignoring case. Global managers
 * and admins only, as Zou's CSV exports.
 */
export async function listPersonsCsvRows(ctx: RequestContext): Promise<CsvValue[][]> {
  assertManager(ctx);
  const people = await ctx.db.orm
    .select({ person, studioName: studio.name })
    .from(person)
    .leftJoin(studio, eq(studio.id, person.studioId))
    .where(sql`${person.isBot} is not true and ${person.isGuest} is not true`)
    .orderBy(asc(sql`lower(${person.firstName})`), asc(sql`lower(${person.lastName})`), asc(person.id));

  const ids = people.map((row) => row.person.id);
  const links =
    ids.length === 0
      ? []
      : await ctx.db.orm
          .select({ personId: departmentLink.personId, name: department.name })
          .from(departmentLink)
          .innerJoin(department, eq(department.id, departmentLink.departmentId))
          .where(inArray(departmentLink.personId, ids));
  const departmentsByPerson = new Map<string, string[]>();
  for (const link of links) departmentsByPerson.set(link.personId, [...(departmentsByPerson.get(link.personId) ?? []), link.name]);

  return people.map(({ person: row, studioName }) => [
    row.firstName,
    row.lastName,
    row.email,
    row.phone,
    row.role,
    (departmentsByPerson.get(row.id) ?? []).sort().join(","),
    studioName ?? "",
    row.country ?? "",
    row.contractType,
    row.position ?? "",
    row.seniority ?? "",
    // Zou's daily salary is an integer, written without a decimal part.
    row.dailySalary === null ? "" : String(row.dailySalary),
    row.active === false ? "no" : "yes",
  ]);
}

export function registerPersonsCsvRoutes(app: FastifyInstance, _services: AppServices): void {
  app.get("/export/csv/persons.csv", async (request, reply) => {
    const rows = await listPersonsCsvRows(request.ctx);
    const lines = [formatCsvRow(PERSON_HEADERS), ...rows.map(formatCsvRow)];
    return reply
      .header("Content-Type", "text/csv; charset=utf-8")
      .header("Content-Disposition", `attachment; filename=${csvFileName("people_export")}`)
      .send(lines.join(""));
  });
}
