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

export function runInStatementScope<T>(scope: StatementScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

export function currentStatementScope(): StatementScope | undefined {
  return scopes.getStore();
}

/** Runs fn and returns its result with the statements it sent. */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  const scope: StatementScope = { count: 0, statements: [], record: true };
  const result = await scopes.run(scope, fn);
  return { result, count: scope.count, statements: scope.statements };
}

/** Number of statements sent inside a scope (a request, a test) since the process started. */
export function scopedStatementCount(): number {
  return scopedStatements;
}

/** Number of statements sent by this process since it started. */
export function totalStatementCount(): number {
  return totalStatements;
}
