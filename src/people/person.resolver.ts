import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { department, departmentLink, person, studio } from "../../schema/people.js";
import { isAdmin, isManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError } from "../errors.js";
import { PageArgs } from "../graphql/connection.js";
import { parseId } from "../ids.js";
import { pageOfTable } from "../misc/lists.js";
import { getOrCreateOrganisation } from "./organisation.service.js";
import type { PersonRow } from "./person.json.js";
import type { DepartmentRow, StudioRow } from "./people.loaders.js";
import {
  createDepartment,
  createPerson,
  createStudio,
  deleteDepartment,
  deletePerson,
  deleteStudio,
  updateDepartment,
  updateOrganisation,
  updatePerson,
  updateStudio,
} from "./people.service.js";
import { getDepartmentOrThrow, getPersonOrThrow, getStudioOrThrow } from "./people.writes.js";
import {
  CreatePersonInput,
  Department,
  DepartmentConnection,
  NamedColorInput,
  Organisation,
  Person,
  PersonConnection,
  Studio,
  StudioConnection,
  UpdateNamedColorInput,
  UpdatePersonInput,
} from "./person.type.js";

function escapeLike(text: string): string {
  return `%${text.replace(/[%_\\]/g, "\\$&")}%`;
}

@ArgsType()
class PersonsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only persons whose first name, last name or email contains this text (case-insensitive)." })
  search?: string;

  @Field(() => String, { nullable: true })
  role?: string;

  @Field(() => Boolean, { nullable: true })
  active?: boolean;

  @Field(() => Boolean, { nullable: true, description: "Bots are listed unless this is false." })
  isBot?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: "Share-link guests when true (admins only), studio people when false. When absent, guests are left out, as in GET /data/persons.",
  })
  isGuest?: boolean;

  @Field(() => ID, { nullable: true })
  departmentId?: string;

  @Field(() => ID, { nullable: true })
  studioId?: string;
}

@ArgsType()
class NamedListArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only items whose name contains this text (case-insensitive)." })
  name?: string;

  @Field(() => Boolean, { nullable: true })
  archived?: boolean;
}

@InputType({ description: "Changes to the organisation; omitted fields stay as they are." })
class UpdateOrganisationInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => Float, { nullable: true })
  hoursByDay?: number;

  @Field(() => Boolean, { nullable: true })
  useOriginalFileName?: boolean;

  @Field(() => Boolean, { nullable: true })
  timesheetsLocked?: boolean;

  @Field(() => Boolean, { nullable: true })
  formatDurationInHours?: boolean;

  @Field(() => Boolean, { nullable: true })
  hdByDefault?: boolean;

  @Field(() => Boolean, { nullable: true })
  darkThemeByDefault?: boolean;
}

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { description: "The logged-in person." })
  me(@Ctx() ctx: RequestContext): Person {
    return requireViewer(ctx).person as unknown as Person;
  }

  @Query(() => Person, { description: "One person; every logged-in person may read the studio's directory, as in Zou." })
  async person(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return getPersonOrThrow(ctx, parseId(id));
  }

  @Query(() => PersonConnection, { description: "The studio's persons, ordered by first then last name." })
  async persons(@Args(() => PersonsArgs) args: PersonsArgs, @Ctx() ctx: RequestContext) {
    const viewer = requireViewer(ctx);
    // Only admins may list guests, as only they may filter GET /data/persons on is_guest.
    if (args.isGuest === true && !isAdmin(viewer)) throw new BadRequestError("Filtering on is_guest is not allowed.");
    const conditions: SQL[] = [];
    if (args.search != null) {
      const pattern = escapeLike(args.search);
      conditions.push(or(ilike(person.firstName, pattern), ilike(person.lastName, pattern), ilike(person.email, pattern))!);
    }
    if (args.role != null) conditions.push(eq(person.role, args.role));
    if (args.active != null) conditions.push(eq(person.active, args.active));
    if (args.isBot != null) conditions.push(eq(person.isBot, args.isBot));
    conditions.push(args.isGuest === true ? eq(person.isGuest, true) : sql`${person.isGuest} is not true`);
    if (args.studioId != null) conditions.push(eq(person.studioId, parseId(args.studioId)));
    if (args.departmentId != null) {
      const departmentId = parseId(args.departmentId);
      conditions.push(sql`${person.id} in (select ${departmentLink.personId} from ${departmentLink} where ${departmentLink.departmentId} = ${departmentId})`);
    }
    // Sorting by a name concatenation keeps one sort column for the cursor.
    const fullName = sql`(${person.firstName} || ' ' || ${person.lastName})` as unknown as typeof person.firstName;
    return pageOfTable<PersonRow>(ctx, args, {
      table: person,
      sortColumn: fullName,
      idColumn: person.id,
      sortKey: (row) => `${row.firstName} ${row.lastName}`,
      where: conditions.length > 0 ? and(...conditions) : undefined,
    });
  }

  @FieldResolver(() => String)
  fullName(@Root() row: PersonRow): string {
    return `${row.firstName ?? ""} ${row.lastName ?? ""}`.trim();
  }

  @FieldResolver(() => Int, { nullable: true, description: "Daily salary; null unless the logged-in person is an admin." })
  dailySalary(@Root() row: PersonRow, @Ctx() ctx: RequestContext): number | null {
    return isAdmin(requireViewer(ctx)) ? row.dailySalary : null;
  }

  // Zou sends people other than managers the minimal view of a person, without contact details.
  @FieldResolver(() => String, { nullable: true, description: "Email; null unless the logged-in person is a manager, an admin or this person." })
  email(@Root() row: PersonRow, @Ctx() ctx: RequestContext): string | null {
    const viewer = requireViewer(ctx);
    return isManager(viewer) || viewer.id === row.id ? row.email : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Phone number; null unless the logged-in person is a manager, an admin or this person." })
  phone(@Root() row: PersonRow, @Ctx() ctx: RequestContext): string | null {
    const viewer = requireViewer(ctx);
    return isManager(viewer) || viewer.id === row.id ? row.phone : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Contract type; null unless the logged-in person is an admin." })
  contractType(@Root() row: PersonRow, @Ctx() ctx: RequestContext): string | null {
    return isAdmin(requireViewer(ctx)) ? row.contractType : null;
  }

  @FieldResolver(() => [Department])
  async departments(@Root() row: PersonRow, @Ctx() ctx: RequestContext) {
    const links = await ctx.loaders.departmentLinksByPersonId.load(row.id);
    const rows = await ctx.loaders.departmentById.loadMany(links.map((link) => link.departmentId));
    return rows.filter((item): item is DepartmentRow => item !== null && !(item instanceof Error));
  }

  @FieldResolver(() => Studio, { nullable: true })
  async studio(@Root() row: PersonRow, @Ctx() ctx: RequestContext) {
    return row.studioId === null ? null : ctx.loaders.studioById.load(row.studioId);
  }

  @Mutation(() => Person, { description: "Creates a person (admins only); event person:new." })
  async createPerson(@Arg("input", () => CreatePersonInput) input: CreatePersonInput, @Ctx() ctx: RequestContext) {
    return createPerson(ctx, input);
  }

  @Mutation(() => Person, { description: "Updates a person: admins change anything, a person their own names, phone, timezone, locale and desktop login; event person:update." })
  async updatePerson(@Arg("id", () => ID) id: string, @Arg("input", () => UpdatePersonInput) input: UpdatePersonInput, @Ctx() ctx: RequestContext) {
    return updatePerson(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a person and their memberships (admins only, never oneself); event person:delete." })
  async deletePerson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deletePerson(ctx, parseId(id))).id;
  }
}

@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => Department)
  async department(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return getDepartmentOrThrow(ctx, parseId(id));
  }

  @Query(() => DepartmentConnection, { description: "Departments, ordered by name." })
  async departments(@Args(() => NamedListArgs) args: NamedListArgs, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    const conditions: SQL[] = [];
    if (args.name != null) conditions.push(ilike(department.name, escapeLike(args.name)));
    if (args.archived != null) conditions.push(eq(department.archived, args.archived));
    return pageOfTable<DepartmentRow>(ctx, args, {
      table: department,
      sortColumn: department.name,
      idColumn: department.id,
      sortKey: (row) => row.name,
      where: conditions.length > 0 ? and(...conditions) : undefined,
    });
  }

  @FieldResolver(() => [Person])
  async persons(@Root() row: DepartmentRow, @Ctx() ctx: RequestContext) {
    const links = await ctx.loaders.departmentLinksByDepartmentId.load(row.id);
    const rows = await ctx.loaders.personById.loadMany(links.map((link) => link.personId));
    return rows.filter((item): item is PersonRow => item !== null && !(item instanceof Error));
  }

  @Mutation(() => Department, { description: "Creates a department (admins only); event department:new." })
  async createDepartment(@Arg("input", () => NamedColorInput) input: NamedColorInput, @Ctx() ctx: RequestContext) {
    return createDepartment(ctx, input);
  }

  @Mutation(() => Department, { description: "Updates a department (admins only); event department:update." })
  async updateDepartment(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateNamedColorInput) input: UpdateNamedColorInput, @Ctx() ctx: RequestContext) {
    return updateDepartment(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a department and its memberships (admins only); event department:delete." })
  async deleteDepartment(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteDepartment(ctx, parseId(id))).id;
  }
}

@Resolver(() => Studio)
export class StudioResolver {
  @Query(() => Studio)
  async studio(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return getStudioOrThrow(ctx, parseId(id));
  }

  @Query(() => StudioConnection, { description: "Studios, ordered by name." })
  async studios(@Args(() => NamedListArgs) args: NamedListArgs, @Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    const conditions: SQL[] = [];
    if (args.name != null) conditions.push(ilike(studio.name, escapeLike(args.name)));
    if (args.archived != null) conditions.push(eq(studio.archived, args.archived));
    return pageOfTable<StudioRow>(ctx, args, {
      table: studio,
      sortColumn: studio.name,
      idColumn: studio.id,
      sortKey: (row) => row.name,
      where: conditions.length > 0 ? and(...conditions) : undefined,
    });
  }

  @FieldResolver(() => [Person])
  async persons(@Root() row: StudioRow, @Ctx() ctx: RequestContext) {
    // TODO(perf): one query per studio; studios are few, add a loader if lists grow.
    return ctx.db.orm.select().from(person).where(eq(person.studioId, row.id)).orderBy(asc(person.firstName), asc(person.lastName));
  }

  @Mutation(() => Studio, { description: "Creates a studio (admins only); event studio:new." })
  async createStudio(@Arg("input", () => NamedColorInput) input: NamedColorInput, @Ctx() ctx: RequestContext) {
    return createStudio(ctx, input);
  }

  @Mutation(() => Studio, { description: "Updates a studio (admins only); event studio:update." })
  async updateStudio(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateNamedColorInput) input: UpdateNamedColorInput, @Ctx() ctx: RequestContext) {
    return updateStudio(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a studio (admins only); fails with BAD_USER_INPUT while persons belong to it; event studio:delete." })
  async deleteStudio(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteStudio(ctx, parseId(id))).id;
  }
}

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => Organisation, { description: "The studio's organisation settings." })
  async organisation(@Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return getOrCreateOrganisation(ctx.db);
  }

  @Mutation(() => Organisation, { description: "Updates the organisation settings (admins only); event organisation:update." })
  async updateOrganisation(@Arg("input", () => UpdateOrganisationInput) input: UpdateOrganisationInput, @Ctx() ctx: RequestContext) {
    return updateOrganisation(ctx, input);
  }
}
