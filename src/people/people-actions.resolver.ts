import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { DateTime, JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import {
  addPersonToDepartment,
  invitePerson,
  isoWeekPeriod,
  listDesktopLoginLogs,
  listPersonDayOffs,
  listViewerChats,
  logDesktopLogin,
  monthPeriod,
  removePersonFromDepartment,
  setPasswordForPerson,
  yearPeriod,
  type DayOffPeriod,
} from "./people-actions.service.js";
import {
  createSearchFilter,
  createSearchFilterGroup,
  deleteSearchFilter,
  deleteSearchFilterGroup,
  getSearchFilterGroup,
  listSearchFilterGroups,
  listSearchFilters,
  updateSearchFilter,
  updateSearchFilterGroup,
  type GroupedByListAndProject,
} from "./search-filters.service.js";

// GraphQL access to the person actions and the viewer's saved filters,
// desktop logins and chats. Everything returns Zou's JSON, the shape the Zou
// routes send.

@InputType({ description: "A saved search filter of a list view." })
class CreateSearchFilterInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "The search text, as typed in the list's search field." })
  query!: string;

  @Field(() => String, { nullable: true, description: "The list the filter belongs to; todo when omitted." })
  listType?: string | null;

  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => String, { nullable: true })
  entityType?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Shared with the project's team; kept only for a manager of the project." })
  isShared?: boolean | null;

  @Field(() => ID, { nullable: true })
  searchFilterGroupId?: string | null;

  @Field(() => ID, { nullable: true })
  departmentId?: string | null;
}

@InputType({ description: "Changes to a saved search filter; omitted or null fields stay as they are." })
class UpdateSearchFilterInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  searchQuery?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Detach the filter from its group." })
  clearSearchFilterGroup?: boolean | null;

  @Field(() => ID, { nullable: true })
  searchFilterGroupId?: string | null;

  @Field(() => Boolean, { nullable: true })
  isShared?: boolean | null;

  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => ID, { nullable: true })
  departmentId?: string | null;
}

@InputType({ description: "A named, coloured group of saved search filters." })
class CreateSearchFilterGroupInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  color?: string | null;

  @Field(() => String, { nullable: true, description: "The list the group belongs to; todo when omitted." })
  listType?: string | null;

  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => String, { nullable: true })
  entityType?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Shared with the project's team; kept only for a manager of the project." })
  isShared?: boolean | null;

  @Field(() => ID, { nullable: true })
  departmentId?: string | null;
}

@InputType({ description: "Changes to a search filter group; omitted or null fields stay as they are." })
class UpdateSearchFilterGroupInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  color?: string | null;

  @Field(() => Boolean, { nullable: true })
  isShared?: boolean | null;

  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => ID, { nullable: true })
  departmentId?: string | null;
}

function optionalParsedId(value: string | null | undefined): string | null | undefined {
  return value === undefined || value === null ? value : parseId(value);
}

/** Returns the period of a day-off request. A week or a month needs a year, and a request gives a week or a month, never both. */
function dayOffPeriod(year: number | null, month: number | null, week: number | null): DayOffPeriod | null {
  if (year === null) {
    if (month !== null || week !== null) throw new BadRequestError("A month or a week needs a year.");
    return null;
  }
  if (month !== null && week !== null) throw new BadRequestError("Give a month or a week, not both.");
  if (month !== null) return monthPeriod(year, month);
  if (week !== null) return isoWeekPeriod(year, week);
  return yearPeriod(year);
}

@Resolver()
export class PeopleActionsResolver {
  @Query(() => JSON, {
    description: "A person's days off in Zou's JSON, all of them or those overlapping a year, a month or an ISO week. Only the person and admins may read them.",
  })
  async personDayOffsJson(
    @Arg("personId", () => ID) personId: string,
    @Arg("year", () => Int, { nullable: true }) year: number | null,
    @Arg("month", () => Int, { nullable: true }) month: number | null,
    @Arg("week", () => Int, { nullable: true }) week: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return listPersonDayOffs(ctx, parseId(personId), dayOffPeriod(year ?? null, month ?? null, week ?? null));
  }

  @Mutation(() => JSON, { description: "Adds a person to a department (admins only) and returns the person in Zou's JSON; event person:update." })
  async addPersonToDepartment(@Arg("personId", () => ID) personId: string, @Arg("departmentId", () => ID) departmentId: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return addPersonToDepartment(ctx, parseId(personId), parseId(departmentId));
  }

  @Mutation(() => Boolean, { description: "Removes a person from a department (admins only); event person:update." })
  async removePersonFromDepartment(@Arg("personId", () => ID) personId: string, @Arg("departmentId", () => ID) departmentId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return removePersonFromDepartment(ctx, parseId(personId), parseId(departmentId));
  }

  @Mutation(() => Boolean, {
    description: "Sets another person's password (admins only, never for a bot or another admin who has a password); both copies must match; event person:update.",
  })
  async setPasswordForPerson(
    @Arg("personId", () => ID) personId: string,
    @Arg("password", () => String) password: string,
    @Arg("passwordConfirmation", () => String) confirmation: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    return setPasswordForPerson(ctx, parseId(personId), password, confirmation);
  }

  @Mutation(() => Boolean, { description: "Emails a person a link to choose their password and log in (admins only); the mail goes to the outbox folder." })
  async invitePerson(@Arg("personId", () => ID) personId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return invitePerson(ctx, parseId(personId));
  }

  @Query(() => JSON, { description: "The viewer's desktop login logs in Zou's JSON, newest first." })
  async viewerDesktopLoginLogsJson(@Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return listDesktopLoginLogs(ctx);
  }

  @Mutation(() => JSON, { description: "Records a desktop login of the viewer at `date` (now when omitted) and returns the log in Zou's JSON." })
  async logDesktopLogin(@Arg("date", () => DateTime, { nullable: true }) date: Date | null, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return logDesktopLogin(ctx, date);
  }

  @Query(() => JSON, { description: "The entity chats the viewer takes part in, in open projects, in Zou's JSON." })
  async viewerChatsJson(@Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return listViewerChats(ctx);
  }

  @Query(() => JSON, { description: "The viewer's own and shared search filters in Zou's JSON, by list type then project id (\"all\" for no project)." })
  async viewerSearchFiltersJson(@Ctx() ctx: RequestContext): Promise<GroupedByListAndProject> {
    return listSearchFilters(ctx);
  }

  @Mutation(() => JSON, { description: "Saves a search filter of the viewer and returns it in Zou's JSON." })
  async createSearchFilter(@Arg("input", () => CreateSearchFilterInput) input: CreateSearchFilterInput, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return createSearchFilter(ctx, {
      ...input,
      projectId: optionalParsedId(input.projectId),
      searchFilterGroupId: optionalParsedId(input.searchFilterGroupId),
      departmentId: optionalParsedId(input.departmentId),
    });
  }

  @Mutation(() => JSON, { description: "Updates a search filter of the viewer (any filter for an admin) and returns it in Zou's JSON." })
  async updateSearchFilter(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateSearchFilterInput) input: UpdateSearchFilterInput, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    const { clearSearchFilterGroup, ...changes } = input;
    const groupId = clearSearchFilterGroup === true ? null : (optionalParsedId(changes.searchFilterGroupId) ?? undefined);
    return updateSearchFilter(ctx, parseId(id), {
      ...changes,
      searchFilterGroupId: groupId,
      projectId: optionalParsedId(changes.projectId),
      departmentId: optionalParsedId(changes.departmentId),
    });
  }

  @Mutation(() => Boolean, { description: "Deletes a search filter of the viewer (any filter for an admin)." })
  async deleteSearchFilter(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return deleteSearchFilter(ctx, parseId(id));
  }

  @Query(() => JSON, { description: "The viewer's own and shared search filter groups in Zou's JSON, by list type then project id (\"all\" for no project)." })
  async viewerSearchFilterGroupsJson(@Ctx() ctx: RequestContext): Promise<GroupedByListAndProject> {
    return listSearchFilterGroups(ctx);
  }

  @Query(() => JSON, { description: "One search filter group of the viewer (any group for an admin) in Zou's JSON." })
  async searchFilterGroupJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return getSearchFilterGroup(ctx, parseId(id));
  }

  @Mutation(() => JSON, { description: "Creates a search filter group of the viewer and returns it in Zou's JSON." })
  async createSearchFilterGroup(@Arg("input", () => CreateSearchFilterGroupInput) input: CreateSearchFilterGroupInput, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return createSearchFilterGroup(ctx, { ...input, projectId: optionalParsedId(input.projectId), departmentId: optionalParsedId(input.departmentId) });
  }

  @Mutation(() => JSON, { description: "Updates a search filter group of the viewer (any group for an admin); a sharing change applies to its filters too." })
  async updateSearchFilterGroup(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateSearchFilterGroupInput) input: UpdateSearchFilterGroupInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return updateSearchFilterGroup(ctx, parseId(id), { ...input, projectId: optionalParsedId(input.projectId), departmentId: optionalParsedId(input.departmentId) });
  }

  @Mutation(() => Boolean, { description: "Deletes a search filter group of the viewer (any group for an admin) with its filters." })
  async deleteSearchFilterGroup(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return deleteSearchFilterGroup(ctx, parseId(id));
  }
}
