import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

// Depth and cost limits, checked after validation and before execution: an
// abusive operation is rejected before any resolver runs, so before any SQL
// is sent.
//
// Cost: each field costs 1, times the page size of every enclosing field that
// takes `first` (or the default page size for a connection without it).
// Relation lists inside an object are not multiplied, because they are
// batched into one statement per level whatever their length; the depth limit
// bounds those.

export const LIMIT_MARK = "kumikiLimit";

/**
 * Fields whose work does not show in their selection: each returns a whole
 * list or bundle as one JSON value. Their cost is an estimate of the rows
 * they read, so that aliases of them cannot multiply the work unchecked.
 */
const FIELD_COSTS: Record<string, number> = {
  userContext: 2_000,
  zouRecords: 1_000,
  zouRecord: 10,
};

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", [LIMIT_MARK]: true } });
}

interface Walk {
  fragments: Record<string, FragmentDefinitionNode>;
  defaultPageSize: number;
  maxPageSize: number;
  variables: Record<string, unknown>;
}

function pageSizeOf(field: { arguments?: readonly { name: { value: string }; value: { kind: string; value?: string; name?: { value: string } } }[] }, walk: Walk, isConnection: boolean): number {
  const first = field.arguments?.find((argument) => argument.name.value === "first" || argument.name.value === "last");
  if (first === undefined) return isConnection ? walk.defaultPageSize : 1;
  if (first.value.kind === Kind.INT) return Math.min(Number(first.value.value), walk.maxPageSize);
  if (first.value.kind === Kind.VARIABLE && first.value.name !== undefined) {
    const value = walk.variables[first.value.name.value];
    return typeof value === "number" ? Math.min(value, walk.maxPageSize) : walk.defaultPageSize;
  }
  return walk.defaultPageSize;
}

function measure(selectionSet: SelectionSetNode, walk: Walk, depth: number, seen: Set<string>): { depth: number; cost: number } {
  let maxDepth = depth;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      cost += FIELD_COSTS[selection.name.value] ?? 1;
      if (selection.selectionSet !== undefined) {
        const isConnection = selection.selectionSet.selections.some(
          (child) => child.kind === Kind.FIELD && (child.name.value === "edges" || child.name.value === "nodes"),
        );
        const multiplier = pageSizeOf(selection as never, walk, isConnection);
        const inner = measure(selection.selectionSet, walk, depth + 1, seen);
        maxDepth = Math.max(maxDepth, inner.depth);
        cost += inner.cost * Math.max(multiplier, 1);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner = measure(selection.selectionSet, walk, depth, seen);
      maxDepth = Math.max(maxDepth, inner.depth);
      cost += inner.cost;
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments[name];
      // A fragment cycle is reported by graphql's own rule; skip it here.
      if (fragment === undefined || seen.has(name)) continue;
      const inner = measure(fragment.selectionSet, walk, depth, new Set([...seen, name]));
      maxDepth = Math.max(maxDepth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth: maxDepth, cost };
}

export interface LimitOptions {
  maxDepth: number;
  maxCost: number;
  defaultPageSize: number;
  maxPageSize: number;
  variables?: Record<string, unknown>;
}

function walkOf(document: DocumentNode, options: LimitOptions): Walk {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return { fragments, defaultPageSize: options.defaultPageSize, maxPageSize: options.maxPageSize, variables: options.variables ?? {} };
}

/** Measures one operation; returns the error of the first limit it exceeds. */
function checkOperation(operation: OperationDefinitionNode, walk: Walk, options: LimitOptions): GraphQLError | undefined {
  // A variable the request leaves out takes its default value.
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const fallback = definition.defaultValue;
    if (fallback?.kind === Kind.INT) variables[definition.variable.name.value] = Number(fallback.value);
  }
  Object.assign(variables, options.variables ?? {});
  walk.variables = variables;
  const { depth, cost } = measure(operation.selectionSet, walk, 1, new Set());
  if (depth > options.maxDepth) return tooComplex(`Query is too deep: depth ${depth} exceeds the maximum of ${options.maxDepth}.`);
  if (cost > options.maxCost) return tooComplex(`Query is too costly: cost ${cost} exceeds the maximum of ${options.maxCost}.`);
  return undefined;
}

/**
 * Returns one error per operation of the document that exceeds a limit, in
 * document order. It walks the document itself instead of running as a rule
 * of graphql's validate: it needs no type information, and validate's visit
 * with TypeInfo cost about a tenth of the CPU time of a one-field query
 * (bench/single-read-profile.ts).
 */
export function queryLimitErrors(document: DocumentNode, options: LimitOptions): GraphQLError[] {
  const walk = walkOf(document, options);
  const errors: GraphQLError[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const error = checkOperation(definition, walk, options);
    if (error !== undefined) errors.push(error);
  }
  return errors;
}
