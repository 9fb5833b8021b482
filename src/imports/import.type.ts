import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "The outcome of removing a record imported from ShotGrid, found by its ShotGrid id." })
export class ShotgunRemoval {
  @Field(() => Boolean, { description: "False when the record is still referenced by other rows and was kept." })
  success!: boolean;

  @Field(() => ID, { nullable: true, description: "The record found for the ShotGrid id (the person, for a team link); null when none was." })
  removedInstanceId!: string | null;
}
