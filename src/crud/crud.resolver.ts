import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { JSON as JSONScalar } from "../graphql/scalars.js";
import { linkTaskStatusToProject, linkTaskTypeToProject, reorderProjectTaskStatusLinks, reorderProjectTaskTypeLinks, reorderTaskTypes } from "./crud.actions.js";
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord } from "./crud.service.js";

// Zou's generic CRUD as GraphQL root fields. They take and return Zou's JSON
// (snake_case keys, a `type` key), because the Zou REST routes run through
// them; typed GraphQL clients use each domain's own fields instead.

function filtersOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new BadRequestError("filters must be an object of column names to values.");
  const filters: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item === "string") filters[key] = item;
    else if (typeof item === "number" || typeof item === "boolean") filters[key] = String(item);
    else throw new BadRequestError(`Invalid value for filter ${key}: expected a string.`);
  }
  return filters;
}

@Resolver()
export class CrudResolver {
  @Query(() => JSONScalar, {
    description: "Rows of a Zou model (its path under /data, such as `task-types`) as Zou's JSON: an array, or Zou's page object when `page` is given.",
  })
  zouRecords(
    @Arg("model", () => String) model: string,
    @Arg("filters", () => JSONScalar, { nullable: true, description: "Exact-match filters by Zou column name; values as in Zou's query strings." }) filters: unknown,
    @Arg("page", () => Int, { nullable: true }) page: number | null,
    @Arg("limit", () => Int, { nullable: true }) limit: number | null,
    @Arg("relations", () => Boolean, { nullable: true }) relations: boolean | null,
    @Arg("fields", () => [String], { nullable: true, description: "Keys to keep in each row; id and type are always kept." }) fields: string[] | null,
    @Ctx() ctx: RequestContext,
  ) {
    if (page !== null && page !== undefined && page < 1) throw new BadRequestError("page must be at least 1.");
    if (limit !== null && limit !== undefined && limit < 1) throw new BadRequestError("limit must be at least 1.");
    return listRecords(ctx, model, {
      filters: filtersOf(filters),
      page: page ?? undefined,
      limit: limit ?? undefined,
      relations: relations ?? false,
      fields: fields ?? undefined,
    });
  }

  @Query(() => JSONScalar, { description: "One row of a Zou model as Zou's JSON, with its relations unless `relations` is false." })
  zouRecord(
    @Arg("model", () => String) model: string,
    @Arg("id", () => String) id: string,
    @Arg("relations", () => Boolean, { nullable: true }) relations: boolean | null,
    @Ctx() ctx: RequestContext,
  ) {
    return getRecord(ctx, model, id, relations ?? true);
  }

  @Mutation(() => JSONScalar, { description: "Creates a row of a Zou model from Zou's JSON and returns it." })
  createZouRecord(@Arg("model", () => String) model: string, @Arg("data", () => JSONScalar, { nullable: true }) data: unknown, @Ctx() ctx: RequestContext) {
    return createRecord(ctx, model, data);
  }

  @Mutation(() => JSONScalar, { description: "Updates a row of a Zou model; read-only and unknown keys are ignored." })
  updateZouRecord(
    @Arg("model", () => String) model: string,
    @Arg("id", () => String) id: string,
    @Arg("data", () => JSONScalar, { nullable: true }) data: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return updateRecord(ctx, model, id, data);
  }

  @Mutation(() => Boolean, { description: "Deletes a row of a Zou model; `force` also removes the data that blocks it, where Zou allows it." })
  deleteZouRecord(
    @Arg("model", () => String) model: string,
    @Arg("id", () => String) id: string,
    @Arg("force", () => Boolean, { nullable: true }) force: boolean | null,
    @Ctx() ctx: RequestContext,
  ) {
    return deleteRecord(ctx, model, id, force ?? false);
  }

  @Mutation(() => JSONScalar, { description: "Links a task type to a project, or updates the link's priority." })
  linkTaskTypeToProject(
    @Arg("projectId", () => String) projectId: string,
    @Arg("taskTypeId", () => String) taskTypeId: string,
    @Arg("priority", () => Int, { nullable: true }) priority: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return linkTaskTypeToProject(ctx, { projectId, taskTypeId, priority });
  }

  @Mutation(() => JSONScalar, { description: "Links a task status to a project, or updates the link's priority and board roles." })
  linkTaskStatusToProject(
    @Arg("projectId", () => String) projectId: string,
    @Arg("taskStatusId", () => String) taskStatusId: string,
    @Arg("priority", () => Int, { nullable: true }) priority: number | null,
    @Arg("rolesForBoard", () => [String], { nullable: true }) rolesForBoard: string[] | null,
    @Ctx() ctx: RequestContext,
  ) {
    return linkTaskStatusToProject(ctx, { projectId, taskStatusId, priority, rolesForBoard });
  }

  @Mutation(() => JSONScalar, { description: "Sets task types' global priorities from their order in the list." })
  reorderTaskTypes(@Arg("taskTypeIds", () => [String]) taskTypeIds: string[], @Ctx() ctx: RequestContext) {
    return reorderTaskTypes(ctx, taskTypeIds);
  }

  @Mutation(() => JSONScalar, { description: "Sets the priorities of a project's task type links from their order in the list." })
  reorderProjectTaskTypeLinks(@Arg("projectId", () => String) projectId: string, @Arg("taskTypeIds", () => [String]) taskTypeIds: string[], @Ctx() ctx: RequestContext) {
    return reorderProjectTaskTypeLinks(ctx, projectId, taskTypeIds);
  }

  @Mutation(() => JSONScalar, { description: "Sets the priorities of a project's task status links from their order in the list." })
  reorderProjectTaskStatusLinks(
    @Arg("projectId", () => String) projectId: string,
    @Arg("taskStatusIds", () => [String]) taskStatusIds: string[],
    @Ctx() ctx: RequestContext,
  ) {
    return reorderProjectTaskStatusLinks(ctx, projectId, taskStatusIds);
  }
}
