import { and, asc, eq, inArray } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { projectTaskTypeLink } from "../../schema/projects.js";
import { taskType } from "../../schema/tasks.js";
import { assertProjectManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { translateDatabaseError } from "../db/errors.js";
import { entityColumns, type EntityRow } from "../entities/entities.loaders.js";
import { entityJson } from "../entities/entity-json.resolver.js";
import { getOrCreateEntityTypeId } from "../entities/entities.service.js";
import { AppError, BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import type { ZouJson } from "../rest/zou-json.js";
import { createTasksForEntity, insertEntityRow } from "./entities-csv.service.js";
import { readEdlClips, readOtioClips, type OtioClip } from "./otio-parse.js";

// Zou's OTIO import: each clip of the timeline's video tracks names a shot
// through the project's naming convention. A known shot gets the clip's
// frame range, an unknown one is created (with its sequence when needed)
// and gets a task of each shot task type of the project. Unlike Zou, a clip
// that no convention matches stops the import before anything is written.

export const DEFAULT_NAMING_CONVENTION = "${project_name}_${sequence_name}-${shot_name}";

const VARIABLES = ["project_name", "episode_name", "sequence_name", "shot_name"] as const;
type Variable = (typeof VARIABLES)[number];

export interface OtioImportOptions {
  /** The uploaded file's name: a name ending in .edl is read as a CMX 3600 EDL at the project's frame rate. */
  fileName: string | null;
  namingConvention: string;
  matchCase: boolean;
  episodeId: string | null;
}

export interface OtioImportResult {
  updated_shots: ZouJson[];
  created_shots: ZouJson[];
}

const VARIABLE_PATTERN = /\$\{(project_name|episode_name|sequence_name|shot_name)\}|\$(project_name|episode_name|sequence_name|shot_name)(?![A-Za-z0-9_])/g;

/** Fills the convention's variables, as Python's string.Template does. */
function fillConvention(convention: string, values: Partial<Record<Variable, string>>): string {
  return convention.replace(VARIABLE_PATTERN, (whole, braced: string | undefined, bare: string | undefined) => values[(braced ?? bare) as Variable] ?? whole);
}

/** Turns the convention into a pattern with one named group per variable; the text around them matches literally. */
function conventionPattern(convention: string): RegExp {
  let source = "^";
  let last = 0;
  for (const match of convention.matchAll(VARIABLE_PATTERN)) {
    source += convention.slice(last, match.index).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    source += `(?<${match[1] ?? match[2]}>\\w*)`;
    last = (match.index ?? 0) + match[0].length;
  }
  source += convention.slice(last).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(source);
}

interface PlannedClip {
  clip: OtioClip;
  shotId: string | null;
  sequenceName: string | null;
  shotName: string | null;
}

/**
 * Imports the shots of an OTIO timeline into a project (an episode of a TV
 * show). Returns the updated and created shots in Zou's JSON. Project
 * managers only.
 */
export async function importOtio(ctx: RequestContext, projectId: string, text: string, options: OtioImportOptions): Promise<OtioImportResult> {
  await assertProjectManager(ctx, projectId);
  const project = await ctx.loaders.projectById.load(projectId);
  if (project === null) throw new NotFoundError("Project not found.");
  const isTvShow = project.productionType === "tvshow";
  if (options.namingConvention.length > 200) throw new BadRequestError("The naming convention is longer than 200 characters.");

  let episode: { id: string; name: string } | null = null;
  if (options.episodeId !== null) {
    const [found] = await ctx.db.orm
      .select({ id: entity.id, name: entity.name, projectId: entity.projectId })
      .from(entity)
      .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
      .where(and(eq(entity.id, options.episodeId), eq(entityType.name, "Episode")));
    if (found === undefined || found.projectId !== projectId) throw new NotFoundError("Episode not found in this project.");
    episode = found;
  } else if (isTvShow) {
    throw new BadRequestError("This project is a TV show: import the file into one of its episodes.");
  }

  const isEdl = options.fileName?.toLowerCase().endsWith(".edl") === true;
  const clips = isEdl ? readEdlClips(text, Number(project.fps ?? "25")) : readOtioClips(text);

  // Existing sequences and shots of the project, or of the episode.
  const sequences = await ctx.db.orm
    .select({ id: entity.id, name: entity.name, parentId: entity.parentId })
    .from(entity)
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .where(and(eq(entity.projectId, projectId), eq(entityType.name, "Sequence")));
  const scopedSequences = sequences.filter((sequence) => (episode === null ? true : sequence.parentId === episode.id));
  const sequenceIds = new Map(scopedSequences.map((sequence) => [sequence.name, sequence.id]));
  const sequenceNames = new Map(scopedSequences.map((sequence) => [sequence.id, sequence.name]));
  const shots =
    scopedSequences.length === 0
      ? []
      : await ctx.db.orm
          .select({ id: entity.id, name: entity.name, parentId: entity.parentId })
          .from(entity)
          .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
          .where(and(eq(entityType.name, "Shot"), inArray(entity.parentId, scopedSequences.map((sequence) => sequence.id))));

  const normalize = (key: string) => (options.matchCase ? key : key.toLowerCase());
  const shotKeys = new Map<string, string>();
  for (const shot of shots) {
    const key = fillConvention(options.namingConvention, {
      project_name: project.name,
      episode_name: episode?.name,
      sequence_name: sequenceNames.get(shot.parentId ?? "") ?? "",
      shot_name: shot.name,
    });
    shotKeys.set(normalize(key), shot.id);
  }

  // Every clip is matched before any write, so a bad clip changes nothing.
  const pattern = conventionPattern(options.namingConvention);
  const plans: PlannedClip[] = clips.map((clip, index) => {
    const known = shotKeys.get(normalize(clip.name));
    if (known !== undefined) return { clip, shotId: known, sequenceName: null, shotName: null };
    const groups = pattern.exec(clip.name)?.groups;
    const where = `clip ${index + 1} ("${clip.name.slice(0, 80)}")`;
    if (groups === undefined) throw new BadRequestError(`KeyError: no shot matches ${where} and its name does not follow the naming convention.`);
    if (!groups.sequence_name) throw new BadRequestError(`KeyError: no sequence name found in ${where}.`);
    if (!groups.shot_name) throw new BadRequestError(`KeyError: no shot name found in ${where}.`);
    return { clip, shotId: null, sequenceName: groups.sequence_name, shotName: groups.shot_name };
  });

  const shotTaskTypes = await ctx.db.orm
    .select({ id: taskType.id })
    .from(taskType)
    .innerJoin(projectTaskTypeLink, eq(projectTaskTypeLink.taskTypeId, taskType.id))
    .where(and(eq(projectTaskTypeLink.projectId, projectId), eq(taskType.forEntity, "Shot")))
    .orderBy(asc(taskType.name));

  try {
    return await ctx.db.transaction(async (tx) => {
      const updated: string[] = [];
      const created: string[] = [];
      const createdByKey = new Map<string, string>();
      for (const plan of plans) {
        const frames: Record<string, number> = {};
        if (plan.clip.frameIn !== null) frames.frame_in = plan.clip.frameIn;
        if (plan.clip.frameOut !== null) frames.frame_out = plan.clip.frameOut;
        const nbFrames = plan.clip.nbFrames === null ? {} : { nbFrames: plan.clip.nbFrames };

        let shotId = plan.shotId ?? createdByKey.get(`${plan.sequenceName}\u0000${plan.shotName}`) ?? null;
        if (shotId === null) {
          let sequenceId = sequenceIds.get(plan.sequenceName as string);
          if (sequenceId === undefined) {
            const sequenceTypeId = await getOrCreateEntityTypeId(tx, "Sequence");
            const sequence = await insertEntityRow(tx, ctx, { name: plan.sequenceName as string, projectId, entityTypeId: sequenceTypeId, parentId: episode?.id ?? null, data: {} }, "sequence:new", {});
            sequenceId = sequence.id;
            sequenceIds.set(sequence.name, sequence.id);
          }
          const shotTypeId = await getOrCreateEntityTypeId(tx, "Shot");
          const shot = await insertEntityRow(tx, ctx, { name: plan.shotName as string, projectId, entityTypeId: shotTypeId, parentId: sequenceId, data: frames, ...nbFrames }, "shot:new", { sequence_id: sequenceId });
          await createTasksForEntity(tx, ctx, projectId, shot.id, shotTaskTypes.map((type) => type.id));
          createdByKey.set(`${plan.sequenceName}\u0000${plan.shotName}`, shot.id);
          created.push(shot.id);
          continue;
        }

        const [current] = await tx.select({ data: entity.data }).from(entity).where(eq(entity.id, shotId));
        await tx
          .update(entity)
          .set({ data: { ...((current?.data as Record<string, unknown> | null) ?? {}), ...frames }, ...nbFrames })
          .where(eq(entity.id, shotId));
        await recordEvent(tx, ctx, { name: "shot:update", projectId, data: { shot_id: shotId } });
        updated.push(shotId);
      }

      const ids = [...updated, ...created];
      const rows = ids.length === 0 ? [] : await tx.select(entityColumns).from(entity).innerJoin(entityType, eq(entityType.id, entity.entityTypeId)).where(inArray(entity.id, ids));
      const byId = new Map(rows.map((row) => [row.id, row]));
      const toJson = (id: string) => entityJson(byId.get(id) as EntityRow);
      return { updated_shots: updated.map(toJson), created_shots: created.map(toJson) };
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const translated = translateDatabaseError(error);
    if (translated !== undefined) throw new BadRequestError(translated.message);
    throw error;
  }
}
