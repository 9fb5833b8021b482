import type { FastifyInstance } from "fastify";
import type { GraphQLSchema } from "graphql";
import type { AppServices } from "../context.js";
import { importRoutes } from "../imports/imports.routes.js";
import { crudRoutes } from "./crud.js";
import { listRoutes } from "./lists.js";
import { seedRoutes } from "./seed.js";
import { seedRoutesB } from "./seed-b.js";
import { registerRestRoutes, type RestRoute } from "./route-table.js";

// Every domain's Zou route entries. A domain exports its list from
// src/rest/<domain>.ts and adds it here.

export const restRoutes: readonly RestRoute[] = [
  ...importRoutes,
  ...seedRoutes,
  ...seedRoutesB,
  ...crudRoutes,
  ...listRoutes,
];

export function registerZouRoutes(app: FastifyInstance, schema: GraphQLSchema, _services: AppServices): void {
  registerRestRoutes(app, schema, restRoutes);
}
