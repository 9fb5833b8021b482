import { and, eq } from "drizzle-orm";
import { department, departmentLink } from "../../schema/people.js";
import { projectPersonLink } from "../../schema/projects.js";
import type { Orm } from "../db/index.js";
import { idIn } from "../db/loader.js";

// Department mentions in comment text, as Zou reads them: `@<department
// name>` followed by a space or the end of the text, over every department.
// The project's team members in a mentioned department are notified as if
// they were mentioned by name.

/** True when `@name` appears in the text followed by a space or the end of the text. */
export function mentionsName(text: string, name: string): boolean {
  const token = `@${name}`;
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) {
    const after = text.charAt(at + token.length);
    if (after === "" || after === " ") return true;
  }
  return false;
}

/** Returns the ids of the departments mentioned in the text. */
export async function findMentionedDepartments(tx: Orm, text: string): Promise<string[]> {
  if (!text.includes("@")) return [];
  const departments = await tx.select({ id: department.id, name: department.name }).from(department);
  return departments.filter((row) => mentionsName(text, row.name)).map((row) => row.id);
}

/** Returns the ids of the project's team members who belong to one of the departments. */
export async function listDepartmentTeam(tx: Orm, projectId: string, departmentIds: readonly string[]): Promise<string[]> {
  if (departmentIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({ personId: projectPersonLink.personId })
    .from(projectPersonLink)
    .innerJoin(departmentLink, eq(departmentLink.personId, projectPersonLink.personId))
    .where(and(eq(projectPersonLink.projectId, projectId), idIn(departmentLink.departmentId, departmentIds)));
  return rows.map((row) => row.personId);
}
