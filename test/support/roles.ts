import { expect } from "vitest";
import type { PersonRow } from "./builders.js";
import type { TestApp } from "./app.js";

// Logged-in persons of each role and GraphQL helpers shared by the people,
// projects, playlists, schedules, notifications and files tests.

export interface LoggedIn {
  person: PersonRow;
  token: string;
}

/** Creates a person of the given global role and logs them in. */
export async function loginAs(t: TestApp, role: string, values: Record<string, unknown> = {}): Promise<LoggedIn> {
  const person = await t.make.makePerson({ role, ...values });
  const token = await t.login(person.email!);
  return { person, token };
}

/** Runs a GraphQL operation, expects no error, and returns its data. */
export async function graphqlData<T = Record<string, unknown>>(t: TestApp, session: LoggedIn, query: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await t.graphql(query, { token: session.token, variables });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

/** Runs a GraphQL operation and returns the code of its first error (undefined when it succeeded). */
export async function graphqlErrorCode(t: TestApp, session: LoggedIn, query: string, variables?: Record<string, unknown>): Promise<string | undefined> {
  const { body } = await t.graphql(query, { token: session.token, variables });
  return body.errors?.[0]?.extensions?.code;
}

/** Returns the names of the events recorded since `since`, oldest first. */
export async function eventNamesSince(t: TestApp, since: Date): Promise<string[]> {
  const rows = await t.db.query<{ name: string }>("select name from api_event where created_at >= $1 order by created_at, name", [since.toISOString().replace("Z", "")]);
  return rows.map((row) => row.name);
}
