import { asc } from "drizzle-orm";
import { organisation } from "../../schema/people.js";
import type { Database } from "../db/index.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

export type OrganisationRow = typeof organisation.$inferSelect;

// Chat integration secrets, shown to admins only (Zou's "sensitive" flag).
const SENSITIVE_COLUMNS = ["chat_token_slack", "chat_webhook_mattermost", "chat_token_discord"] as const;

/** Returns the studio's organisation, creating Zou's default one ("Kitsu", 8 hours a day) on first use. */
export async function getOrCreateOrganisation(db: Database): Promise<OrganisationRow> {
  const rows = await db.orm.select().from(organisation).orderBy(asc(organisation.createdAt)).limit(1);
  if (rows[0] !== undefined) return rows[0];
  await db.orm.insert(organisation).values({ name: "Kitsu", hoursByDay: 8 }).onConflictDoNothing();
  const created = await db.orm.select().from(organisation).orderBy(asc(organisation.createdAt)).limit(1);
  return created[0];
}

export function organisationToZouJson(row: OrganisationRow, sensitive: boolean): ZouJson {
  return toZouJson(organisation, row as Record<string, unknown>, "Organisation", sensitive ? [] : SENSITIVE_COLUMNS);
}
