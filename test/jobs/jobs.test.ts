import type { FastifyBaseLogger } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { kumikiJob } from "../../schema/kumiki.js";
import { enqueueJob, JobWorker, PermanentJobError, type JobHandler, type JobRow } from "../../src/jobs/jobs.service.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";

// The database job queue with real workers: the concurrency bound, retries,
// and jobs left running by a process that died.

const ignore = () => undefined;
const silent = {
  level: "silent",
  info: ignore,
  warn: ignore,
  error: ignore,
  debug: ignore,
  trace: ignore,
  fatal: ignore,
  silent: ignore,
  child: () => silent,
} as unknown as FastifyBaseLogger;

let db: TestDatabase;
const workers: JobWorker[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await db.close();
});

beforeEach(async () => {
  for (const worker of workers.splice(0)) await worker.stop();
  await db.query("delete from kumiki_job");
});

function startWorker(handlers: Record<string, JobHandler>, options: Partial<{ concurrency: number; maxAttempts: number; staleAfter: number; retryDelay: number }> = {}): Promise<JobWorker> {
  const worker = new JobWorker(db, { concurrency: 2, maxAttempts: 3, staleAfter: 30, pollInterval: 100, retryDelay: 0, log: silent, ...options });
  for (const [kind, handler] of Object.entries(handlers)) worker.register(kind, handler);
  workers.push(worker);
  return worker.start().then(() => worker);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function statusCounts(): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; count: number }>("select status, count(*)::int as count from kumiki_job group by status");
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

const noGiveUp = async () => undefined;

describe("the job queue", () => {
  it("never runs more jobs at once than its concurrency", async () => {
    let running = 0;
    let peak = 0;
    const handler: JobHandler = {
      async run() {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 150));
        running -= 1;
      },
      giveUp: noGiveUp,
    };
    for (let i = 0; i < 7; i += 1) await enqueueJob(db.orm, "sleep", { i });
    await startWorker({ sleep: handler }, { concurrency: 2 });

    await waitFor(async () => (await statusCounts()).done === 7);
    expect(peak).toBe(2);
  });

  it("retries a failing job until it succeeds", async () => {
    const attempts: number[] = [];
    const handler: JobHandler = {
      async run(job: JobRow) {
        attempts.push(job.attempts);
        if (job.attempts < 3) throw new Error("storage not ready");
      },
      giveUp: noGiveUp,
    };
    const id = await enqueueJob(db.orm, "flaky", {});
    await startWorker({ flaky: handler }, { maxAttempts: 3 });

    await waitFor(async () => (await statusCounts()).done === 1);
    expect(attempts).toEqual([1, 2, 3]);
    const [row] = await db.query<{ attempts: number; last_error: string }>("select attempts, last_error from kumiki_job where id = $1", [id]);
    expect(row.attempts).toBe(3);
    expect(row.last_error).toBe("storage not ready");
  });

  it("gives a permanently failing job up at once and tells its handler why", async () => {
    const reasons: string[] = [];
    const handler: JobHandler = {
      async run() {
        throw new PermanentJobError("the movie cannot be decoded");
      },
      async giveUp(_job, reason) {
        reasons.push(reason);
      },
    };
    await enqueueJob(db.orm, "broken", {});
    await startWorker({ broken: handler }, { maxAttempts: 5 });

    await waitFor(async () => (await statusCounts()).failed === 1);
    expect(reasons).toEqual(["the movie cannot be decoded"]);
    const [row] = await db.query<{ attempts: number }>("select attempts from kumiki_job");
    expect(row.attempts).toBe(1);
  });

  it("queues again a job whose worker stopped sending heartbeats, and runs it", async () => {
    const ran: string[] = [];
    const [orphan] = await db.orm
      .insert(kumikiJob)
      .values({ kind: "orphan", payload: {}, status: "running", attempts: 1, lockedBy: "dead-host:1:abc", lockedAt: new Date(Date.now() - 120_000) })
      .returning();
    await startWorker({ orphan: { async run(job) { ran.push(job.id); }, giveUp: noGiveUp } }, { staleAfter: 60, maxAttempts: 3 });

    await waitFor(async () => (await statusCounts()).done === 1);
    expect(ran).toEqual([orphan.id]);
    const [row] = await db.query<{ attempts: number; locked_by: string | null }>("select attempts, locked_by from kumiki_job where id = $1", [orphan.id]);
    expect(row.attempts).toBe(2);
    expect(row.locked_by).toBeNull();
  });

  it("leaves alone a running job whose worker is still alive", async () => {
    await db.orm.insert(kumikiJob).values({ kind: "orphan", payload: {}, status: "running", attempts: 1, lockedBy: "live-host:1:abc", lockedAt: new Date() });
    const ran: string[] = [];
    const worker = await startWorker({ orphan: { async run(job) { ran.push(job.id); }, giveUp: noGiveUp } }, { staleAfter: 60 });
    worker.wake();
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(ran).toEqual([]);
    expect(await statusCounts()).toEqual({ running: 1 });
  });

  it("gives up a stale job that has used all its attempts", async () => {
    const reasons: string[] = [];
    await db.orm.insert(kumikiJob).values({ kind: "orphan", payload: {}, status: "running", attempts: 3, lockedBy: "dead-host:1:abc", lockedAt: new Date(Date.now() - 120_000) });
    await startWorker({ orphan: { async run() {}, async giveUp(_job, reason) { reasons.push(reason); } } }, { staleAfter: 60, maxAttempts: 3 });

    await waitFor(async () => (await statusCounts()).failed === 1);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/stopped/);
  });

  it("lets two workers share a queue without running a job twice", async () => {
    const runs = new Map<string, number>();
    const handler: JobHandler = {
      async run(job) {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
      giveUp: noGiveUp,
    };
    for (let i = 0; i < 20; i += 1) await enqueueJob(db.orm, "shared", { i });
    await Promise.all([startWorker({ shared: handler }, { concurrency: 3 }), startWorker({ shared: handler }, { concurrency: 3 })]);

    await waitFor(async () => (await statusCounts()).done === 20);
    expect(runs.size).toBe(20);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });
});
