// The requests the benchmark sends to each server, written so that Kumiki,
// PostGraphile and the one-statement floor return the same rows and fields.

/** Project 0 of the dataset, and the first shot of it: md5-derived ids, as the dataset script makes them. */
export const PROJECT_0_SQL = "md5('project:0')::uuid";
export const SHOT_0_SQL = "md5('shot:0')::uuid";

export const KUMIKI_TREE = `query ProjectTree($id: ID!) {
  project(id: $id) {
    id name
    episodes {
      id name
      sequences {
        id name
        shots {
          id name
          tasks { id taskStatus { name } assignees { fullName } }
        }
      }
    }
  }
}`;

// PostGraphile 5 (Amber preset) names the uuid column rowId, relations after
// their foreign keys, and filters the top level to episodes with a condition.
// It has no fullName, so it returns firstName and lastName instead.
export const POSTGRAPHILE_TREE = `query ProjectTree($id: UUID!, $episodeType: UUID!) {
  projectByRowId(rowId: $id) {
    rowId name
    entitiesByProjectId(condition: { entityTypeId: $episodeType }) {
      nodes {
        rowId name
        entitiesByParentId {
          nodes {
            rowId name
            entitiesByParentId {
              nodes {
                rowId name
                tasksByEntityId {
                  nodes {
                    rowId
                    taskStatusByTaskStatusId { name }
                    taskPersonLinksByTaskId { nodes { personByPersonId { firstName lastName } } }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}`;

/** The same tree as one statement returning JSON text, the shape of KUMIKI_TREE's data. */
export const FLOOR_TREE_SQL = `
select json_build_object('project', json_build_object('id', p.id, 'name', p.name, 'episodes', coalesce((
  select json_agg(json_build_object('id', e.id, 'name', e.name, 'sequences', coalesce((
    select json_agg(json_build_object('id', q.id, 'name', q.name, 'shots', coalesce((
      select json_agg(json_build_object('id', s.id, 'name', s.name, 'tasks', coalesce((
        select json_agg(json_build_object(
          'id', t.id,
          'taskStatus', json_build_object('name', ts.name),
          'assignees', coalesce((
            select json_agg(json_build_object('fullName', pe.first_name || ' ' || pe.last_name))
            from task_person_link l join person pe on pe.id = l.person_id
            where l.task_id = t.id), '[]')))
        from task t join task_status ts on ts.id = t.task_status_id
        where t.entity_id = s.id), '[]')) order by s.name)
      from entity s where s.parent_id = q.id), '[]')) order by q.name)
    from entity q where q.parent_id = e.id), '[]')) order by e.name)
  from entity e
  where e.project_id = p.id and e.entity_type_id = (select id from entity_type where name = 'Episode')), '[]')))::text as tree
from project p where p.id = $1`;

/** Counts of what a tree holds, to check that two servers returned the same rows. */
export interface TreeCounts {
  episodes: number;
  sequences: number;
  shots: number;
  tasks: number;
  assignees: number;
}

interface KumikiTreeNode {
  episodes?: { sequences?: { shots?: { tasks?: { assignees?: unknown[] }[] }[] }[] }[];
}

export function countKumikiTree(project: KumikiTreeNode | null | undefined): TreeCounts {
  const counts: TreeCounts = { episodes: 0, sequences: 0, shots: 0, tasks: 0, assignees: 0 };
  for (const episode of project?.episodes ?? []) {
    counts.episodes += 1;
    for (const sequence of episode.sequences ?? []) {
      counts.sequences += 1;
      for (const shot of sequence.shots ?? []) {
        counts.shots += 1;
        for (const task of shot.tasks ?? []) {
          counts.tasks += 1;
          counts.assignees += task.assignees?.length ?? 0;
        }
      }
    }
  }
  return counts;
}

interface Nodes<T> { nodes?: T[] }
interface PostgraphileTreeNode {
  entitiesByProjectId?: Nodes<{ entitiesByParentId?: Nodes<{ entitiesByParentId?: Nodes<{ tasksByEntityId?: Nodes<{ taskPersonLinksByTaskId?: Nodes<unknown> }> }> }> }>;
}

export function countPostgraphileTree(project: PostgraphileTreeNode | null | undefined): TreeCounts {
  const counts: TreeCounts = { episodes: 0, sequences: 0, shots: 0, tasks: 0, assignees: 0 };
  for (const episode of project?.entitiesByProjectId?.nodes ?? []) {
    counts.episodes += 1;
    for (const sequence of episode.entitiesByParentId?.nodes ?? []) {
      counts.sequences += 1;
      for (const shot of sequence.entitiesByParentId?.nodes ?? []) {
        counts.shots += 1;
        for (const task of shot.tasksByEntityId?.nodes ?? []) {
          counts.tasks += 1;
          counts.assignees += task.taskPersonLinksByTaskId?.nodes?.length ?? 0;
        }
      }
    }
  }
  return counts;
}

export function formatCounts(counts: TreeCounts): string {
  return `${counts.episodes} episodes, ${counts.sequences} sequences, ${counts.shots} shots, ${counts.tasks} tasks, ${counts.assignees} assignees`;
}

/** Entity fields asked of both GraphQL servers, kept to those Kumiki's type has. */
export const ENTITY_FIELDS = ["id", "name", "code", "description", "status", "nbFrames", "projectId", "entityTypeId", "parentId", "data", "createdAt", "updatedAt"];

export function kumikiEntityQuery(rootField: string, fields: string[]): string {
  return `query EntityById($id: ID!) { ${rootField}(id: $id) { ${fields.join(" ")} } }`;
}

export function postgraphileEntityQuery(fields: string[]): string {
  const selection = fields.map((field) => (field === "id" ? "rowId" : field)).join(" ");
  return `query EntityById($id: UUID!) { entityByRowId(rowId: $id) { ${selection} } }`;
}

/**
 * The rows and fields of Zou's /data/shots/with-tasks for one project (the
 * shot with its sequence, episode and project names, and its tasks with
 * their assignees' ids) as one statement returning JSON text.
 */
export const FLOOR_SHOTS_WITH_TASKS_SQL = `
select coalesce(json_agg(s), '[]')::text as shots from (
  select sh.id, sh.name, sh.canceled, sh.description, sh.entity_type_id, sh.nb_frames,
         sh.parent_id, sh.preview_file_id, sh.project_id, sh.source_id, sh.data,
         sh.is_casting_standby, sh.updated_at as timestamp,
         sh.data->>'frame_in' as frame_in, sh.data->>'frame_out' as frame_out, sh.data->>'fps' as fps,
         p.name as project_name, sq.id as sequence_id, sq.name as sequence_name,
         ep.id as episode_id, ep.name as episode_name,
         coalesce((
           select json_agg(json_build_object(
             'id', t.id, 'duration', t.duration, 'due_date', t.due_date, 'end_date', t.end_date,
             'done_date', t.done_date, 'entity_id', t.entity_id, 'estimation', t.estimation,
             'is_subscribed', false, 'last_comment_date', t.last_comment_date,
             'last_preview_file_id', t.last_preview_file_id, 'nb_assets_ready', t.nb_assets_ready,
             'priority', t.priority, 'real_start_date', t.real_start_date,
             'retake_count', t.retake_count, 'start_date', t.start_date,
             'difficulty', t.difficulty, 'nb_drawings', t.nb_drawings,
             'task_status_id', t.task_status_id, 'task_type_id', t.task_type_id,
             'assignees', coalesce((select json_agg(l.person_id) from task_person_link l where l.task_id = t.id), '[]'),
             'data', t.data))
           from task t where t.entity_id = sh.id), '[]') as tasks
  from entity sh
  join entity sq on sq.id = sh.parent_id
  left join entity ep on ep.id = sq.parent_id
  join project p on p.id = sh.project_id
  where sh.project_id = $1 and sh.entity_type_id = (select id from entity_type where name = 'Shot')
  order by ep.name, sq.name, sh.name
) s`;
