import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { person } from "../../schema/people.js";
import { project, projectPersonLink, projectStatus } from "../../schema/projects.js";
import type { Database } from "../../src/db/index.js";
import { makeEntityBuilders } from "./entities.builders.js";
import { makePeopleBuilders } from "./people.builders.js";
import { makePlaylistBuilders } from "./playlists.builders.js";
import { makeScheduleBuilders } from "./schedules.builders.js";
import { makeNotificationBuilders } from "./notifications.builders.js";
import { makeFileBuilders } from "./files.builders.js";

// Builders of domain objects, named after them, with defaults a test can
// override. They write rows directly: a test then exercises the API on them.

export const TEST_PASSWORD_HASH = bcrypt.hashSync("correct-horse-battery", 4);

export type PersonRow = typeof person.$inferSelect;
export type ProjectRow = typeof project.$inferSelect;

export function makeBuilders(db: Database) {
  let counter = 0;
  const next = () => (counter += 1);

  async function makeProjectStatus(name = "Open") {
    const existing = await db.query<{ id: string }>("select id from project_status where name = $1", [name]);
    if (existing[0] !== undefined) return existing[0].id;
    const [row] = await db.orm.insert(projectStatus).values({ name, color: "#000000" }).returning();
    return row.id;
  }

  return {
    ...makeEntityBuilders(db),
    ...makePeopleBuilders(db),
    ...makePlaylistBuilders(db),
    ...makeScheduleBuilders(db),
    ...makeNotificationBuilders(db),
    ...makeFileBuilders(db),
    async makePerson(values: Partial<typeof person.$inferInsert> & { password?: string } = {}): Promise<PersonRow> {
      const n = next();
      const { password, ...rest } = values;
      const [row] = await db.orm
        .insert(person)
        .values({
          firstName: `First${n}`,
          lastName: `Last${n}`,
          email: `person${n}-${randomUUID().slice(0, 8)}@example.com`,
          role: "user",
          password: Buffer.from(password === undefined ? TEST_PASSWORD_HASH : bcrypt.hashSync(password, 4)),
          ...rest,
        })
        .returning();
      return row;
    },

    makeProjectStatus,

    async makeProject(values: Partial<typeof project.$inferInsert> & { team?: { id: string; role?: string | null }[] } = {}): Promise<ProjectRow> {
      const n = next();
      const { team = [], ...rest } = values;
      const statusId = rest.projectStatusId ?? (await makeProjectStatus("Open"));
      const [row] = await db.orm
        .insert(project)
        .values({ name: `Project ${n}`, projectStatusId: statusId, ...rest })
        .returning();
      for (const member of team) {
        await db.orm.insert(projectPersonLink).values({ projectId: row.id, personId: member.id, role: member.role ?? null });
      }
      return row;
    },

    async addToTeam(projectId: string, personId: string, role: string | null = null) {
      await db.orm.insert(projectPersonLink).values({ projectId, personId, role });
    },
  };
}

export type Builders = ReturnType<typeof makeBuilders>;
