import { Field, ID, InputType, ObjectType } from "type-graphql";
import { connectionType } from "../graphql/connection.js";
import { DateTime, JSON } from "../graphql/scalars.js";

@ObjectType({ description: "A person: an artist, a supervisor, a client, a bot..." })
export class Person {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  // fullName is a field resolver of PersonResolver: a method here would make
  // type-graphql copy every person row into a Person instance to call it.

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { description: "Global role: admin, manager, supervisor, user, client or vendor." })
  role!: string;

  @Field(() => Boolean, { nullable: true })
  active!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  archived!: boolean | null;

  @Field(() => String, { nullable: true })
  desktopLogin!: string | null;

  /** Shown to admins only; see PersonFieldsResolver. */
  contractType!: string | null;

  @Field(() => String, { nullable: true })
  position!: string | null;

  @Field(() => String, { nullable: true })
  seniority!: string | null;

  /** Shown to admins only; see PersonFieldsResolver. */
  dailySalary!: number | null;

  @Field(() => Boolean, { nullable: true })
  hasAvatar!: boolean | null;

  @Field(() => Boolean)
  isBot!: boolean;

  @Field(() => Boolean)
  isGuest!: boolean;

  @Field(() => String, { nullable: true })
  timezone!: string | null;

  @Field(() => String, { nullable: true })
  locale!: string | null;

  @Field(() => ID, { nullable: true })
  studioId!: string | null;

  @Field(() => JSON, { nullable: true })
  data!: unknown;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const PersonConnection = connectionType(Person, "Person");

@ObjectType({ description: "A studio department (modeling, animation...); supervisors are scoped by theirs." })
export class Department {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  color!: string;

  @Field(() => Boolean, { nullable: true })
  archived!: boolean | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const DepartmentConnection = connectionType(Department, "Department");

@ObjectType({ description: "A studio: a site or a partner company people belong to." })
export class Studio {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  color!: string;

  @Field(() => Boolean, { nullable: true })
  archived!: boolean | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const StudioConnection = connectionType(Studio, "Studio");

@ObjectType({ description: "The instance-wide settings. Chat tokens are never exposed through GraphQL." })
export class Organisation {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Number)
  hoursByDay!: number;

  @Field(() => Boolean, { nullable: true })
  hasAvatar!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  useOriginalFileName!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  timesheetsLocked!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  formatDurationInHours!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  hdByDefault!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  darkThemeByDefault!: boolean | null;
}

@InputType({ description: "A new person. Only admins create persons." })
export class CreatePersonInput {
  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { nullable: true, description: "Required for human accounts; stored lower-cased." })
  email?: string | null;

  @Field(() => String, { nullable: true, description: "At least 8 characters; stored as a bcrypt hash." })
  password?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "admin, manager, supervisor, user (default), client or vendor." })
  role?: string | null;

  @Field(() => String, { nullable: true })
  contractType?: string | null;

  @Field(() => String, { nullable: true })
  position?: string | null;

  @Field(() => String, { nullable: true })
  seniority?: string | null;

  @Field(() => Number, { nullable: true })
  dailySalary?: number | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isBot?: boolean | null;

  @Field(() => String, { nullable: true })
  desktopLogin?: string | null;

  @Field(() => String, { nullable: true })
  timezone?: string | null;

  @Field(() => String, { nullable: true })
  locale?: string | null;

  @Field(() => ID, { nullable: true })
  studioId?: string | null;

  @Field(() => [ID], { nullable: true })
  departmentIds?: string[] | null;
}

@InputType({ description: "Changes to a person; omitted fields stay as they are. People may change their own names, phone, timezone, locale and desktop login; everything else is for admins." })
export class UpdatePersonInput {
  @Field(() => String, { nullable: true })
  firstName?: string;

  @Field(() => String, { nullable: true })
  lastName?: string;

  @Field(() => String, { nullable: true })
  email?: string;

  @Field(() => String, { nullable: true })
  password?: string;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  role?: string;

  @Field(() => String, { nullable: true })
  contractType?: string;

  @Field(() => String, { nullable: true })
  position?: string;

  @Field(() => String, { nullable: true })
  seniority?: string;

  @Field(() => Number, { nullable: true })
  dailySalary?: number;

  @Field(() => Boolean, { nullable: true })
  active?: boolean;

  @Field(() => Boolean, { nullable: true })
  archived?: boolean;

  @Field(() => String, { nullable: true })
  desktopLogin?: string | null;

  @Field(() => String, { nullable: true })
  timezone?: string;

  @Field(() => String, { nullable: true })
  locale?: string;

  @Field(() => ID, { nullable: true })
  studioId?: string | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the person's departments." })
  departmentIds?: string[];
}

@InputType({ description: "A department or a studio: a unique name and a #RRGGBB color." })
export class NamedColorInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  color!: string;

  @Field(() => Boolean, { nullable: true })
  archived?: boolean;
}

@InputType({ description: "Changes to a department or a studio; omitted fields stay as they are." })
export class UpdateNamedColorInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  color?: string;

  @Field(() => Boolean, { nullable: true })
  archived?: boolean;
}
