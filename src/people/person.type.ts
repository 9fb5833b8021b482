import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTime, JSON } from "../graphql/scalars.js";

@ObjectType({ description: "A person: an artist, a supervisor, a client, a bot..." })
export class Person {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String)
  fullName(): string {
    return `${this.firstName ?? ""} ${this.lastName ?? ""}`.trim();
  }

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

  @Field(() => String, { nullable: true })
  contractType!: string | null;

  @Field(() => String, { nullable: true })
  position!: string | null;

  @Field(() => String, { nullable: true })
  seniority!: string | null;

  @Field(() => Int, { nullable: true })
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
