import { sql } from "drizzle-orm";
import { apiEvent } from "../../schema/notifications.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";

// Events: every write records at least the events Zou emits for it (named
// "<thing>:<action>", such as "task:update"), in Zou's api_event table, and
// publishes it on a PostgreSQL channel for live listeners. The NOTIFY is sent
// inside the write's transaction, so PostgreSQL delivers it only on commit.

export const EVENTS_CHANNEL = "kumiki_events";

export interface EventInput {
  name: string;
  /** Set for project-scoped events; repeated in data as project_id, as Zou does. */
  projectId?: string | null;
  data: Record<string, unknown>;
}

/** Records one event inside the caller's transaction and publishes it on commit. */
export async function recordEvent(tx: Orm, ctx: RequestContext, event: EventInput): Promise<string> {
  const projectId = event.projectId ?? null;
  const data = projectId === null ? event.data : { ...event.data, project_id: projectId };
  const [row] = await tx
    .insert(apiEvent)
    .values({ name: event.name, userId: ctx.viewer?.id ?? null, projectId, data })
    .returning({ id: apiEvent.id });

  // The payload stays small (NOTIFY payloads stop at 8000 bytes): listeners
  // read the event row for its data.
  const payload = JSON.stringify({ id: row.id, name: event.name, project_id: projectId });
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
  return row.id;
}

/** Records several events in the caller's transaction. */
export async function recordEvents(tx: Orm, ctx: RequestContext, events: EventInput[]): Promise<void> {
  for (const event of events) await recordEvent(tx, ctx, event);
}
