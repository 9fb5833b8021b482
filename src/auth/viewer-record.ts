import { eq, getTableColumns, sql } from "drizzle-orm";
import { person } from "../../schema/people.js";
import type { Database } from "../db/index.js";
import { preparedOnce } from "../db/prepared.js";
import type { PersonRow } from "../people/person.json.js";
import type { TeamLinkRow } from "../projects/projects.loaders.js";

// The token's person and their team links, read together when a request is
// authenticated: nearly every request checks a project role, so reading the
// links in the same statement saves a round trip on each of them. The outer
// id is written qualified: drizzle leaves it bare in a single-table select.

export interface ViewerRecord {
  person: PersonRow;
  /** Every project_person_link row of the person, as the viewerTeamLinks loader returns them. */
  teamLinks: TeamLinkRow[];
}

/** Reads a person by id with their team links in one statement; null when the person does not exist. */
export async function loadViewerRecord(db: Database, id: string): Promise<ViewerRecord | null> {
  const orm = db.orm;
  const statement = preparedOnce(orm, "viewer_record", () =>
    orm
      .select({
        ...getTableColumns(person),
        teamLinks: sql<TeamLinkRow[]>`coalesce((
          select json_agg(json_build_object('projectId', l.project_id, 'personId', l.person_id, 'shotgunId', l.shotgun_id, 'role', l.role))
          from project_person_link l where l.person_id = "person"."id"), '[]'::json)`.as("team_links"),
      })
      .from(person)
      .where(eq(person.id, sql.placeholder("id")))
      .limit(1)
      .prepare("viewer_record"),
  );
  const [row] = await statement.execute({ id });
  if (row === undefined) return null;
  const { teamLinks, ...found } = row;
  // postgres.js parses json columns; PGlite may return the text when drizzle does not map it.
  const links = typeof teamLinks === "string" ? (JSON.parse(teamLinks) as TeamLinkRow[]) : teamLinks;
  return { person: found, teamLinks: links };
}
