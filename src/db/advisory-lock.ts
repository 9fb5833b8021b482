import { sql } from "drizzle-orm";
import type { Orm } from "./index.js";

/**
 * Takes a transaction-scoped PostgreSQL advisory lock named by `key`, so
 * transactions that check then write the same rows (a name still free, the
 * next revision number) run one after the other. The lock is released at
 * commit or rollback. Different keys may share a 64-bit hash, which only
 * makes unrelated writers wait.
 */
export async function lockTransactionOn(tx: Orm, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
