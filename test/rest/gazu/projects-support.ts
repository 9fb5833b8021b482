import { previewBackgroundFile } from "../../../schema/comments.js";
import { entityType } from "../../../schema/entities.js";
import { projectStatus, projectTemplate, statusAutomation } from "../../../schema/projects.js";
import type { TestApp } from "../../support/app.js";

// Request and row helpers shared by the gazu tests of the projects routes.

export type Json = Record<string, unknown>;

export interface JsonResponse {
  status: number;
  body: Json & Json[];
}

/** Sends a request under /api with a JSON body when one is given, and parses the response body when there is one. */
export async function call(t: TestApp, method: "GET" | "POST" | "PUT" | "DELETE", url: string, token: string, payload?: unknown): Promise<JsonResponse> {
  const response = await t.request({ method, url: `/api${url}`, token, payload: payload as Json | undefined });
  const text = response.body;
  return { status: response.statusCode, body: text === "" ? ({} as Json & Json[]) : response.json() };
}

let counter = 0;

function next(): number {
  counter += 1;
  return counter;
}

export async function makeAssetType(t: TestApp, name = `Props ${next()}`): Promise<{ id: string; name: string }> {
  const [row] = await t.db.orm.insert(entityType).values({ name }).returning();
  return row;
}

export async function makeStatusAutomation(t: TestApp): Promise<{ id: string }> {
  const [row] = await t.db.orm.insert(statusAutomation).values({ entityType: "asset", outFieldType: "ready_for" }).returning();
  return row;
}

export async function makeBackground(t: TestApp, name = `Studio ${next()}`): Promise<{ id: string; name: string }> {
  const [row] = await t.db.orm.insert(previewBackgroundFile).values({ name, extension: "hdr" }).returning();
  return row;
}

export async function makeTemplate(t: TestApp, values: Partial<typeof projectTemplate.$inferInsert> = {}): Promise<typeof projectTemplate.$inferSelect> {
  const [row] = await t.db.orm
    .insert(projectTemplate)
    .values({ name: `Template ${next()}`, ...values })
    .returning();
  return row;
}

/** Returns the id of the project status with this name, creating it when missing. */
export async function projectStatusId(t: TestApp, name: string): Promise<string> {
  const rows = await t.db.query<{ id: string }>("select id from project_status where name = $1", [name]);
  if (rows[0] !== undefined) return rows[0].id;
  const [row] = await t.db.orm.insert(projectStatus).values({ name, color: "#000000" }).returning();
  return row.id;
}
