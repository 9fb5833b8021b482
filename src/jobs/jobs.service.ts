import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { kumikiJob } from "../../schema/kumiki.js";
import type { Database, Orm } from "../db/index.js";

// The database job queue (table kumiki_job). Any instance sharing the
// database may run any job: a worker claims queued jobs with
// FOR UPDATE SKIP LOCKED, so two instances never claim the same one, runs a
// bounded number at a time, and refreshes locked_at while a job runs. A job
// whose locked_at is older than JOB_STALE_AFTER belonged to a process that
// died: the next worker to look queues it again, or gives it up once it has
// used JOB_MAX_ATTEMPTS runs.

export const JOBS_CHANNEL = "kumiki_jobs";

export interface JobRow {
  readonly id: string;
  readonly kind: string;
  readonly payload: Record<string, unknown>;
  /** Runs so far, this one included. */
  readonly attempts: number;
}

export interface JobHandler {
  run(job: JobRow, signal: AbortSignal): Promise<void>;
  /** Called once when the job will not run again, with the reason, so that its subject leaves any pending state. */
  giveUp(job: JobRow, reason: string): Promise<void>;
}

/** A failure that another run would repeat, such as an input ffmpeg cannot decode: the job is given up at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/** Queues a job inside the caller's transaction; workers hear of it when the transaction commits. */
export async function enqueueJob(tx: Orm, kind: string, payload: Record<string, unknown>): Promise<string> {
  const [row] = await tx.insert(kumikiJob).values({ kind, payload }).returning({ id: kumikiJob.id });
  await tx.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${kind})`);
  return row.id;
}

export interface JobWorkerOptions {
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** Seconds without a heartbeat after which a running job is taken for dead. */
  readonly staleAfter: number;
  /** Milliseconds between two looks at the queue when no notification arrives. */
  readonly pollInterval?: number;
  /** Seconds before the first retry of a failed job; doubled at each further run. */
  readonly retryDelay?: number;
  readonly log: FastifyBaseLogger;
}

const DEFAULT_POLL_INTERVAL = 2000;
const DEFAULT_RETRY_DELAY = 10;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class JobWorker {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly active = new Map<string, { job: JobRow; controller: AbortController; done: Promise<void> }>();
  private running = false;
  private filling: Promise<void> | undefined;
  private refillRequested = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  /** Runs a function outside the async context of whoever woke the worker (a request's statement counter, for one). */
  private runDetached: <R>(fn: () => R) => R = (fn) => fn();

  constructor(private readonly db: Database, private readonly options: JobWorkerOptions) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  get log(): FastifyBaseLogger {
    return this.options.log;
  }

  /** Number of jobs this worker is running now. */
  get activeCount(): number {
    return this.active.size;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.runDetached = AsyncLocalStorage.snapshot();
    this.unlisten = await this.db.listen(JOBS_CHANNEL, () => this.wake());
    this.pollTimer = setInterval(() => this.wake(), this.options.pollInterval ?? DEFAULT_POLL_INTERVAL);
    this.pollTimer.unref();
    const heartbeatMs = Math.max(1000, (this.options.staleAfter * 1000) / 3);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), heartbeatMs);
    this.heartbeatTimer.unref();
    this.options.log.info({ workerId: this.workerId, concurrency: this.options.concurrency }, "job worker started");
    this.wake();
  }

  /** Stops claiming, aborts the running jobs and queues them again for the next worker. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.pollTimer);
    clearInterval(this.heartbeatTimer);
    await this.unlisten?.().catch(() => undefined);
    for (const { controller } of this.active.values()) controller.abort();
    await Promise.allSettled([...this.active.values()].map(({ done }) => done));
    await this.filling?.catch(() => undefined);
    this.options.log.info({ workerId: this.workerId }, "job worker stopped");
  }

  /** Looks at the queue now rather than at the next poll. */
  wake(): void {
    if (!this.running) return;
    this.runDetached(() => {
      if (this.filling !== undefined) {
        this.refillRequested = true;
        return;
      }
      this.filling = this.fill()
        .catch((error: unknown) => this.options.log.error({ err: error }, "job queue look-up failed"))
        .finally(() => {
          this.filling = undefined;
          if (this.refillRequested) {
            this.refillRequested = false;
            this.wake();
          }
        });
    });
  }

  private async fill(): Promise<void> {
    await this.reclaimStaleJobs();
    while (this.running && this.active.size < this.options.concurrency) {
      const job = await this.claim();
      if (job === null) return;
      this.launch(job);
    }
  }

  private async claim(): Promise<JobRow | null> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return null;
    const rows = await this.db.query<JobRow>(
      `update kumiki_job
          set status = 'running', attempts = attempts + 1, locked_by = $1, locked_at = now(), updated_at = now()
        where id = (
          select id from kumiki_job
           where status = 'queued' and run_after <= now() and kind = any($2::text[])
           order by run_after, created_at
           limit 1
           for update skip locked)
        returning id, kind, payload, attempts`,
      [this.workerId, kinds],
    );
    return rows[0] ?? null;
  }

  private launch(job: JobRow): void {
    const controller = new AbortController();
    const done = this.execute(job, controller.signal).finally(() => {
      this.active.delete(job.id);
      this.wake();
    });
    this.active.set(job.id, { job, controller, done });
  }

  private async execute(job: JobRow, signal: AbortSignal): Promise<void> {
    const handler = this.handlers.get(job.kind) as JobHandler;
    const log = this.options.log.child({ jobId: job.id, jobKind: job.kind, attempt: job.attempts });
    log.info("job started");
    try {
      await handler.run(job, signal);
      await this.db.query("update kumiki_job set status = 'done', locked_by = null, locked_at = null, updated_at = now() where id = $1", [job.id]);
      log.info("job done");
    } catch (error) {
      if (signal.aborted && !this.running) {
        // Stopped by a shutdown, not by the job's fault: the run does not count.
        await this.db.query(
          "update kumiki_job set status = 'queued', attempts = attempts - 1, locked_by = null, locked_at = null, updated_at = now() where id = $1",
          [job.id],
        );
        log.info("job interrupted by shutdown, queued again");
        return;
      }
      await this.fail(job, error, log);
    }
  }

  private async fail(job: JobRow, error: unknown, log: FastifyBaseLogger): Promise<void> {
    const message = errorMessage(error).slice(0, 2000);
    const permanent = error instanceof PermanentJobError;
    if (permanent || job.attempts >= this.options.maxAttempts) {
      log.warn({ err: error }, "job failed and was given up");
      await this.db.query(
        "update kumiki_job set status = 'failed', last_error = $2, locked_by = null, locked_at = null, updated_at = now() where id = $1",
        [job.id, message],
      );
      await this.giveUp(job, message);
      return;
    }
    const delay = (this.options.retryDelay ?? DEFAULT_RETRY_DELAY) * 2 ** (job.attempts - 1);
    log.warn({ err: error, retryInSeconds: delay }, "job failed, will retry");
    await this.db.query(
      `update kumiki_job set status = 'queued', last_error = $2, locked_by = null, locked_at = null,
              run_after = now() + make_interval(secs => $3), updated_at = now()
        where id = $1`,
      [job.id, message, delay],
    );
  }

  private async giveUp(job: JobRow, reason: string): Promise<void> {
    try {
      await this.handlers.get(job.kind)?.giveUp(job, reason);
    } catch (error) {
      this.options.log.error({ err: error, jobId: job.id }, "could not record a given-up job on its subject");
    }
  }

  /** Queues again, or gives up, the running jobs whose worker stopped sending heartbeats. */
  private async reclaimStaleJobs(): Promise<void> {
    const staleAfter = this.options.staleAfter;
    const exhausted = await this.db.query<JobRow>(
      `update kumiki_job set status = 'failed', locked_by = null, locked_at = null, updated_at = now(),
              last_error = 'The process running it stopped and the job used all its attempts'
        where status = 'running' and locked_at < now() - make_interval(secs => $1) and attempts >= $2
        returning id, kind, payload, attempts`,
      [staleAfter, this.options.maxAttempts],
    );
    for (const job of exhausted) await this.giveUp(job, "The process running it stopped and the job used all its attempts");

    const requeued = await this.db.query<{ id: string }>(
      `update kumiki_job set status = 'queued', locked_by = null, locked_at = null, updated_at = now()
        where status = 'running' and locked_at < now() - make_interval(secs => $1)
        returning id`,
      [staleAfter],
    );
    if (requeued.length > 0) this.options.log.warn({ jobIds: requeued.map((row) => row.id) }, "queued again jobs of a stopped process");
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.active.keys()];
    if (ids.length === 0) return;
    try {
      await this.runDetached(() =>
        this.db.query("update kumiki_job set locked_at = now() where id = any($1::uuid[]) and locked_by = $2", [ids, this.workerId]),
      );
    } catch (error) {
      this.options.log.error({ err: error }, "job heartbeat failed");
    }
  }
}
