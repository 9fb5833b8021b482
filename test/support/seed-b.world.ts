import type { TestApp } from "./app.js";
import type { ProjectRow } from "./builders.js";
import { loginAs, type LoggedIn } from "./roles.js";

// A production with one logged-in person of each role, shared by the tests
// of the Zou routes in src/rest/seed-b.ts.

export const UNKNOWN_ID = "8f1c2a9e-4b7d-4c1e-9a55-0e2b7f3d6a10";

export interface SeedWorld {
  project: ProjectRow;
  admin: LoggedIn;
  manager: LoggedIn;
  supervisor: LoggedIn;
  artist: LoggedIn;
  client: LoggedIn;
  vendor: LoggedIn;
  /** An artist on no team. */
  outsider: LoggedIn;
  /** A bot account on the team. */
  bot: LoggedIn;
}

export async function makeSeedWorld(t: TestApp): Promise<SeedWorld> {
  const admin = await loginAs(t, "admin");
  const manager = await loginAs(t, "manager");
  const supervisor = await loginAs(t, "supervisor");
  const artist = await loginAs(t, "user");
  const client = await loginAs(t, "client");
  const vendor = await loginAs(t, "vendor");
  const outsider = await loginAs(t, "user");
  // Bots cannot log in with a password, so the test issues their token directly.
  const botPerson = await t.make.makePerson({ role: "user", isBot: true });
  const bot = { person: botPerson, token: (await t.services.tokens.issuePair(botPerson.id)).accessToken };
  const team = [manager, supervisor, artist, client, vendor, bot].map((session) => ({ id: session.person.id }));
  const project = await t.make.makeProject({ name: "Big Bunny", team });
  return { project, admin, manager, supervisor, artist, client, vendor, outsider, bot };
}

/** Checks the keys every Zou model object carries: type, id and Zou's timestamps. */
export function expectZouObject(json: Record<string, unknown>, type: string): void {
  if (json.type !== type) throw new Error(`expected type ${type}, got ${String(json.type)}`);
  for (const key of ["id", "created_at", "updated_at"]) {
    if (!(key in json)) throw new Error(`missing ${key} in ${JSON.stringify(json)}`);
  }
  if (typeof json.created_at === "string" && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(json.created_at)) {
    throw new Error(`created_at is not Zou's timestamp: ${json.created_at}`);
  }
}
