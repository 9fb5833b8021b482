import { randomUUID } from "node:crypto";
import { project } from "../../schema/projects.js";
import type { Database } from "../../src/db/index.js";

// A production built with a few set-based statements, so a test can make a
// thousand shots as quickly as ten.

export interface Production {
  projectId: string;
  episodeId: string;
  sequenceId: string;
  shotIds: string[];
  assetIds: string[];
  taskTypeId: string;
  taskStatusId: string;
}

async function entityType(db: Database, name: string): Promise<string> {
  const existing = await db.query<{ id: string }>("select id from entity_type where name = $1", [name]);
  if (existing[0] !== undefined) return existing[0].id;
  const id = randomUUID();
  await db.query("insert into entity_type (id, name, created_at, updated_at) values ($1, $2, now(), now())", [id, name]);
  return id;
}

export async function makeProduction(
  db: Database,
  options: { shots: number; assets?: number; tasksPerEntity?: number; assigneeIds?: string[]; teamIds?: string[]; name?: string },
): Promise<Production> {
  const projectId = randomUUID();
  const statusRows = await db.query<{ id: string }>("select id from project_status where name = 'Open'");
  let projectStatusId = statusRows[0]?.id;
  if (projectStatusId === undefined) {
    projectStatusId = randomUUID();
    await db.query("insert into project_status (id, name, color, created_at, updated_at) values ($1, 'Open', '#000000', now(), now())", [projectStatusId]);
  }
  await db.orm.insert(project).values({ id: projectId, name: options.name ?? `Production ${projectId.slice(0, 8)}`, projectStatusId });
  for (const personId of options.teamIds ?? []) {
    await db.query("insert into project_person_link (project_id, person_id) values ($1, $2)", [projectId, personId]);
  }

  const episodeType = await entityType(db, "Episode");
  const sequenceType = await entityType(db, "Sequence");
  const shotType = await entityType(db, "Shot");
  const characterType = await entityType(db, "Character");

  const episodeId = randomUUID();
  const sequenceId = randomUUID();
  await db.query("insert into entity (id, name, project_id, entity_type_id, is_shared, status, created_at, updated_at) values ($1, 'E01', $2, $3, false, 'running', now(), now())", [episodeId, projectId, episodeType]);
  await db.query(
    "insert into entity (id, name, project_id, entity_type_id, parent_id, is_shared, status, created_at, updated_at) values ($1, 'SQ01', $2, $3, $4, false, 'running', now(), now())",
    [sequenceId, projectId, sequenceType, episodeId],
  );
  const shotRows = await db.query<{ id: string }>(
    `insert into entity (id, name, project_id, entity_type_id, parent_id, data, nb_frames, is_shared, status, created_at, updated_at)
     select gen_random_uuid(), 'SH' || lpad(n::text, 4, '0'), $1, $2, $3, jsonb_build_object('fps', 24, 'frame_in', 1, 'frame_out', 48), 48, false, 'running', now(), now()
     from generate_series(1, $4::int) as n returning id`,
    [projectId, shotType, sequenceId, options.shots],
  );
  const assetRows = await db.query<{ id: string }>(
    `insert into entity (id, name, project_id, entity_type_id, is_shared, status, created_at, updated_at)
     select gen_random_uuid(), 'Asset ' || n, $1, $2, false, 'running', now(), now() from generate_series(1, $3::int) as n returning id`,
    [projectId, characterType, options.assets ?? 0],
  );

  const taskTypeId = randomUUID();
  const taskStatusId = randomUUID();
  await db.query("insert into task_type (id, name, short_name, color, for_entity, created_at, updated_at) values ($1, $2, 'anim', '#ffffff', 'Shot', now(), now())", [taskTypeId, `Animation ${taskTypeId.slice(0, 6)}`]);
  await db.query(
    "insert into task_status (id, name, short_name, color, created_at, updated_at) values ($1, $2, $3, '#ffffff', now(), now())",
    [taskStatusId, `WIP ${taskStatusId.slice(0, 6)}`, `wip${taskStatusId.slice(0, 4)}`],
  );
  const perEntity = options.tasksPerEntity ?? 1;
  const entityIds = [...shotRows.map((row) => row.id), ...assetRows.map((row) => row.id)];
  await db.query(
    `insert into task (id, name, project_id, task_type_id, task_status_id, entity_id, difficulty, created_at, updated_at)
     select gen_random_uuid(), 'task ' || n, $1, $2, $3, entity_id, 3, now(), now()
     from unnest($4::uuid[]) as entity_id, generate_series(1, $5::int) as n`,
    [projectId, taskTypeId, taskStatusId, entityIds, perEntity],
  );
  for (const personId of options.assigneeIds ?? []) {
    await db.query("insert into task_person_link (task_id, person_id) select id, $2 from task where project_id = $1", [projectId, personId]);
  }
  return { projectId, episodeId, sequenceId, shotIds: shotRows.map((row) => row.id), assetIds: assetRows.map((row) => row.id), taskTypeId, taskStatusId };
}
