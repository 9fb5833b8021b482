import { AsyncLocalStorage } from "node:async_hooks";

// Counts the SQL statements sent to the database. Every statement goes through
// the db module, so counting here sees them all; a scope attributes them to
// the request (or test) that caused them, across awaits and DataLoader batches.

export interface StatementScope {
  count: number;
  statements: string[];
  /** Keep the statement texts too (tests and benchmarks); off for ordinary requests. */
  readonly record: boolean;
}

const scopes = new AsyncLocalStorage<StatementScope>();

// An enabled AsyncLocalStorage slows every request down (see activeTransaction
// in index.ts). Scopes serve tests and benchmarks, so the storage is enabled
// only while one is open.
let openScopes = 0;

let totalStatements = 0;
let scopedStatements = 0;

/** Listens to the statements that write a table, by the statement's text, and to the end of transactions. */
export interface WriteObserver {
  /** Matches the text of a statement that writes the observed tables. */
  readonly pattern: RegExp;
  onWrite(): void;
  /** Called when an outermost transaction has committed or rolled back. */
  onTransactionEnd(): void;
}

const writeObservers = new Set<WriteObserver>();

/** Registers an observer of this process's writes; returns the function that removes it. */
export function observeWrites(observer: WriteObserver): () => void {
  writeObservers.add(observer);
  return () => writeObservers.delete(observer);
}

export function noteTransactionEnd(): void {
  for (const observer of writeObservers) observer.onTransactionEnd();
}

export function noteStatement(query: string): void {
  totalStatements += 1;
  for (const observer of writeObservers) if (observer.pattern.test(query)) observer.onWrite();
  const scope = scopes.getStore();
  if (scope === undefined) return;
  scopedStatements += 1;
  scope.count += 1;
  if (scope.record) scope.statements.push(query);
}

/**
 * Runs fn in the scope and keeps the scope open for what fn starts until
 * close is called, because a request's work goes on after the hook that opened it.
 */
export function enterStatementScope<T>(scope: StatementScope, fn: () => T): { result: T; close: () => void } {
  openScopes += 1;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    openScopes -= 1;
    if (openScopes === 0) scopes.disable();
  };
  try {
    return { result: scopes.run(scope, fn), close };
  } catch (error) {
    close();
    throw error;
  }
}

export function currentStatementScope(): StatementScope | undefined {
  return scopes.getStore();
}

/** Runs fn and returns its result with the statements it sent. */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  const scope: StatementScope = { count: 0, statements: [], record: true };
  const entered = enterStatementScope(scope, fn);
  try {
    return { result: await entered.result, count: scope.count, statements: scope.statements };
  } finally {
    entered.close();
  }
}

/** Number of statements sent inside a scope (a request, a test) since the process started. */
export function scopedStatementCount(): number {
  return scopedStatements;
}

/** Number of statements sent by this process since it started. */
export function totalStatementCount(): number {
  return totalStatements;
}
