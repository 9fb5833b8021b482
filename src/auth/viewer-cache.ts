import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../db/index.js";
import { observeWrites } from "../db/statements.js";
import { loadViewerRecord, type ViewerRecord } from "./viewer-record.js";

// The people this instance authenticated, with their team links, so that a
// request with a known token reads no row to learn who sent it. Three
// mechanisms keep an entry true:
// - Triggers on person and project_person_link (migration 0001) send the
//   changed person's id on kumiki_viewer_changed, whichever client wrote the
//   row, so every instance drops its entry when the write commits.
// - This process's own writes to those tables drop the whole cache at once,
//   and again when their transaction ends. A client that changes a role and
//   sends its next request right away never meets the old role, even before
//   the notification arrives.
// - An entry older than MAX_AGE_MS is read again. This bounds staleness if a
//   notification is lost with a dropped listening connection.
// A read that started before an invalidation is not stored, so a slow read
// cannot put back a row older than the write that dropped it. While the
// listener is not confirmed, nothing is cached.

const CHANNEL = "kumiki_viewer_changed";
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;
const VIEWER_WRITE = /^\s*(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+(?:only\s+)?(?:"?public"?\.)?"?(?:person|project_person_link)"?[\s(]/i;

interface Entry {
  record: ViewerRecord | null;
  loadedAt: number;
}

export class ViewerCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every invalidation; a read stores its result only if it has not moved since the read began. */
  private generation = 0;
  /** A write to the tables was seen since the last transaction ended. */
  private writePending = false;
  private listening = false;
  private unlisten: (() => Promise<void>) | undefined;
  private stopObserving: (() => void) | undefined;

  constructor(private readonly db: Database, private readonly log: FastifyBaseLogger) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(CHANNEL, (payload) => this.forget(payload));
    this.stopObserving = observeWrites({
      pattern: VIEWER_WRITE,
      onWrite: () => this.clear(),
      onTransactionEnd: () => {
        // Any transaction may have written a person: clearing on each one
        // would empty the cache on every write, so only a pending write counts.
        if (this.writePending) this.clear();
        this.writePending = false;
      },
    });
    this.listening = true;
  }

  async stop(): Promise<void> {
    this.listening = false;
    this.stopObserving?.();
    this.entries.clear();
    await this.unlisten?.().catch((error: unknown) => this.log.warn({ err: error }, "stopping the viewer change listener failed"));
  }

  /** Returns the person of a token with their team links, from memory when a fresh copy is there. */
  async load(personId: string): Promise<ViewerRecord | null> {
    if (!this.listening) return loadViewerRecord(this.db, personId);

    const cached = this.entries.get(personId);
    if (cached !== undefined && Date.now() - cached.loadedAt < MAX_AGE_MS) return copyRecord(cached.record);

    const generation = this.generation;
    const record = await loadViewerRecord(this.db, personId);
    if (generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(personId, { record, loadedAt: Date.now() });
    }
    return copyRecord(record);
  }

  private forget(personId: string): void {
    this.generation += 1;
    if (personId === "*") this.entries.clear();
    else this.entries.delete(personId);
  }

  private clear(): void {
    this.generation += 1;
    this.writePending = true;
    this.entries.clear();
  }
}

/** Gives each request its own objects, so that nothing a request changes reaches the next one. */
function copyRecord(record: ViewerRecord | null): ViewerRecord | null {
  if (record === null) return null;
  return { person: { ...record.person }, teamLinks: record.teamLinks.map((link) => ({ ...link })) };
}
