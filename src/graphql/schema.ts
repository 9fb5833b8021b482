import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import { PersonResolver } from "../people/person.resolver.js";
import { ProjectResolver } from "../projects/project.resolver.js";
import { CrudResolver } from "../crud/crud.resolver.js";
import { ImportResolver } from "../imports/import.resolver.js";
import { UserContextResolver } from "../lists/user-context.resolver.js";

// Schema assembly: every domain's resolvers. A domain adds its resolvers here.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [PersonResolver, ProjectResolver, UserContextResolver, CrudResolver, ImportResolver];

let built: Promise<GraphQLSchema> | undefined;

/** Builds the schema once per process; type-graphql keeps its metadata globally. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false });
  return built;
}
