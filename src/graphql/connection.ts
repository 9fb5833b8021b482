import { and, asc, desc, gt, lt, or, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import type { RequestContext } from "../context.js";

// Relay connections for root lists: keyset pagination over (sort column, id),
// so a page costs the same at the start and the end of a long list.
// totalCount runs its count query only when the client selects it.

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: "Number of items to return after the cursor `after`." })
  first?: number;

  @Field(() => String, { nullable: true, description: "Cursor of the item after which the page starts." })
  after?: string;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/** Builds the connection type of a node type, named `<Node>Connection`. */
export function connectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [nodeType])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    countTotal!: () => Promise<number>;

    @Field(() => Int, { description: "Number of items in the whole list; counted only when selected." })
    totalCount(): Promise<number> {
      return this.countTotal();
    }
  }
  return ConnectionType;
}

function encodeCursor(sortValue: unknown, id: string): string {
  const value = sortValue instanceof Date ? sortValue.toISOString() : sortValue;
  return Buffer.from(JSON.stringify([value, id]), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): [unknown, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    // The sort value is compared with a column: only a scalar is a valid one.
    const sortValue = Array.isArray(parsed) ? parsed[0] : undefined;
    const scalar = sortValue === null || typeof sortValue === "string" || typeof sortValue === "number";
    if (Array.isArray(parsed) && parsed.length === 2 && scalar && isUuid(parsed[1])) return [sortValue, parsed[1]];
  } catch {
    // Falls through to the error below.
  }
  throw new BadRequestError(`Invalid cursor: ${cursor.slice(0, 60)}`);
}

export interface PaginateOptions<Row extends { id: string }> {
  ctx: RequestContext;
  args: PageArgs;
  /** The sort column and the id column of the listed table. */
  sortColumn: AnyColumn;
  idColumn: AnyColumn;
  sortKey: (row: Row) => unknown;
  descending?: boolean;
  /** Runs the page query with the extra keyset condition, order and limit. */
  fetch: (keyset: SQL | undefined, order: SQL[], limit: number) => Promise<Row[]>;
  count: () => Promise<number>;
}

export async function paginate<Row extends { id: string }>(options: PaginateOptions<Row>) {
  const { ctx, args, sortColumn, idColumn, descending = false } = options;
  const first = args.first ?? ctx.config.graphqlDefaultPageSize;
  if (!Number.isInteger(first) || first < 0) throw new BadRequestError("`first` must be a positive whole number.");
  if (first > ctx.config.graphqlMaxPageSize) {
    throw new BadRequestError(`\`first\` is larger than the maximum page size of ${ctx.config.graphqlMaxPageSize}.`);
  }

  let keyset: SQL | undefined;
  if (args.after !== undefined && args.after !== null) {
    const [sortValue, id] = decodeCursor(args.after);
    const after = descending ? lt : gt;
    keyset = or(after(sortColumn, sortValue), and(eq(sortColumn, sortValue), after(idColumn, id)));
  }
  const direction = descending ? desc : asc;
  const rows = await options.fetch(keyset, [direction(sortColumn), direction(idColumn)], first + 1);
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(options.sortKey(node), node.id), node }));

  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: keyset !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    countTotal: options.count,
  };
}

/** Applies an optional condition to a select (helps the fetch callbacks stay short). */
export function whereAll<T extends PgSelect>(query: T, ...conditions: (SQL | undefined)[]): T {
  const present = conditions.filter((condition): condition is SQL => condition !== undefined);
  return present.length === 0 ? query : (query.where(and(...present)) as T);
}

export const TRUE = sql`true`;
