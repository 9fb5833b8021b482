import { Field, ID, Int, ObjectType } from "type-graphql";
import { connectionType } from "../graphql/connection.js";
import { DateTime, JSON, LocalDate } from "../graphql/scalars.js";

@ObjectType({ description: "A production: a film, a series, a short, a game..." })
export class Project {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => ID, { nullable: true })
  projectStatusId!: string | null;

  @Field(() => String, { nullable: true })
  fps!: string | null;

  @Field(() => String, { nullable: true })
  ratio!: string | null;

  @Field(() => String, { nullable: true })
  resolution!: string | null;

  @Field(() => String, { nullable: true, description: "short, featurefilm, tvshow..." })
  productionType!: string | null;

  @Field(() => String, { nullable: true })
  productionStyle!: string | null;

  @Field(() => LocalDate, { nullable: true })
  startDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  endDate!: string | null;

  @Field(() => Int, { nullable: true })
  manDays!: number | null;

  @Field(() => Int, { nullable: true })
  nbEpisodes!: number | null;

  @Field(() => Int, { nullable: true })
  episodeSpan!: number | null;

  @Field(() => Int, { nullable: true })
  maxRetakes!: number | null;

  @Field(() => Boolean, { nullable: true })
  isClientsIsolated!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isPreviewDownloadAllowed!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  hasAvatar!: boolean | null;

  @Field(() => String, { nullable: true })
  homepage!: string | null;

  @Field(() => Int, { nullable: true })
  shotgunId!: number | null;

  @Field(() => JSON, { nullable: true })
  fileTree!: unknown;

  @Field(() => JSON, { nullable: true })
  data!: unknown;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const ProjectConnection = connectionType(Project, "Project");

