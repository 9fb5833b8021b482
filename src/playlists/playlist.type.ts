import { Field, ID, InputType, ObjectType } from "type-graphql";
import { connectionType } from "../graphql/connection.js";
import { DateTime } from "../graphql/scalars.js";

@ObjectType({ description: "One entry of a playlist: an entity and the preview shown for it." })
export class PlaylistEntry {
  @Field(() => ID)
  entityId!: string;

  @Field(() => ID, { nullable: true })
  previewFileId!: string | null;
}

@ObjectType({ description: "A review playlist of a project." })
export class Playlist {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ID, { nullable: true })
  projectId!: string | null;

  @Field(() => ID, { nullable: true })
  episodeId!: string | null;

  @Field(() => ID, { nullable: true })
  taskTypeId!: string | null;

  @Field(() => Boolean, { nullable: true })
  forClient!: boolean | null;

  @Field(() => String, { nullable: true, description: "shot, asset, sequence, episode or edit." })
  forEntity!: string | null;

  @Field(() => Boolean, { nullable: true })
  isForAll!: boolean | null;

  @Field(() => ID, { nullable: true })
  createdBy!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: Date | null;
}

export const PlaylistConnection = connectionType(Playlist, "Playlist");

@InputType({ description: "A new playlist." })
export class CreatePlaylistInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ID, { nullable: true })
  episodeId?: string;

  @Field(() => ID, { nullable: true })
  taskTypeId?: string;

  @Field(() => Boolean, { nullable: true })
  forClient?: boolean;

  @Field(() => String, { nullable: true, description: "shot (default), asset, sequence, episode or edit." })
  forEntity?: string;

  @Field(() => Boolean, { nullable: true })
  isForAll?: boolean;
}

@InputType({ description: "Changes to a playlist; omitted fields stay as they are." })
export class UpdatePlaylistInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => ID, { nullable: true })
  taskTypeId?: string | null;

  @Field(() => Boolean, { nullable: true })
  forClient?: boolean;

  @Field(() => Boolean, { nullable: true })
  isForAll?: boolean;
}
