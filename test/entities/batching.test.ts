import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entity } from "../../schema/entities.js";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { countStatements } from "../../src/db/statements.js";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

const TREE = `project(id: $id) { episodes { sequences { shots { tasks { taskStatus { name } assignees { fullName } } } } } }`;

/** Builds one episode, one sequence and `shots` shots with one assigned task each, in bulk inserts. */
async function buildProject(artistId: string, shots: number) {
  const project = await t.make.makeProject({ team: [{ id: artistId }] });
  const episode = await t.make.makeEpisode({ projectId: project.id });
  const sequence = await t.make.makeSequence({ projectId: project.id, episodeId: episode.id });
  const shotTypeId = await t.make.makeEntityType("Shot");
  const status = await t.make.makeTaskStatus();
  const taskType = await t.make.makeTaskType();

  const shotRows = Array.from({ length: shots }, (_, i) => ({
    id: randomUUID(),
    name: `SH${String(i).padStart(4, "0")}`,
    projectId: project.id,
    entityTypeId: shotTypeId,
    parentId: sequence.id,
  }));
  await t.db.orm.insert(entity).values(shotRows);
  const taskRows = shotRows.map((shot) => ({ id: randomUUID(), name: "main", projectId: project.id, entityId: shot.id, taskTypeId: taskType.id, taskStatusId: status.id }));
  await t.db.orm.insert(task).values(taskRows);
  await t.db.orm.insert(taskPersonLink).values(taskRows.map((row) => ({ taskId: row.id, personId: artistId })));
  return project;
}

interface ProductionShape {
  episodes: number;
  sequencesPerEpisode: number;
  shotsPerSequence: number;
}

const TASKS_PER_SHOT = 8;

/**
 * Builds a production shaped like a real one, in bulk inserts: episodes of
 * sequences of shots, 8 tasks per shot on 8 task types, 1 or 2 assignees per
 * task drawn from a crew of 5, and 4 statuses shared by every task.
 */
async function buildProduction(artistId: string, shape: ProductionShape) {
  const crew = [artistId];
  for (let i = 0; i < 4; i++) crew.push((await t.make.makePerson({ role: "user" })).id);
  const project = await t.make.makeProject({ team: crew.map((id) => ({ id })) });
  const [episodeTypeId, sequenceTypeId, shotTypeId] = [await t.make.makeEntityType("Episode"), await t.make.makeEntityType("Sequence"), await t.make.makeEntityType("Shot")];
  const statuses: { id: string }[] = [];
  for (let i = 0; i < 4; i++) statuses.push(await t.make.makeTaskStatus());
  const taskTypes: { id: string }[] = [];
  for (let i = 0; i < TASKS_PER_SHOT; i++) taskTypes.push(await t.make.makeTaskType());

  const entityRow = (name: string, entityTypeId: string, parentId: string | null) => ({ id: randomUUID(), name, projectId: project.id, entityTypeId, parentId });
  const episodes = Array.from({ length: shape.episodes }, (_, e) => entityRow(`E${e}`, episodeTypeId, null));
  const sequences = episodes.flatMap((episode, e) => Array.from({ length: shape.sequencesPerEpisode }, (_, q) => entityRow(`E${e}_SQ${q}`, sequenceTypeId, episode.id)));
  const shots = sequences.flatMap((sequence) => Array.from({ length: shape.shotsPerSequence }, (_, s) => entityRow(`${sequence.name}_SH${String(s).padStart(3, "0")}`, shotTypeId, sequence.id)));
  await t.db.orm.insert(entity).values([...episodes, ...sequences, ...shots]);

  const tasks = shots.flatMap((shot, s) =>
    taskTypes.map((taskType, k) => ({
      id: randomUUID(),
      name: `task ${k}`,
      projectId: project.id,
      entityId: shot.id,
      taskTypeId: taskType.id,
      taskStatusId: statuses[(s + k) % statuses.length].id,
    })),
  );
  await t.db.orm.insert(task).values(tasks);
  const links = tasks.flatMap((row, i) => {
    const first = crew[i % crew.length];
    const second = crew[(i + 2) % crew.length];
    return i % 2 === 0 ? [{ taskId: row.id, personId: first }] : [{ taskId: row.id, personId: first }, { taskId: row.id, personId: second }];
  });
  await t.db.orm.insert(taskPersonLink).values(links);
  return { project, shots: shots.length, tasks: tasks.length, links: links.length };
}

type Tree = { episodes: { sequences: { shots: { tasks: { taskStatus: { name: string }; assignees: { fullName: string }[] }[] }[] }[] }[] };

/** Matches the statement every authenticated request sends: the token's person with the viewer's team links. */
function isFixedPerRequest(statement: string): boolean {
  return /from "person" where "person"\."id" = \$1/i.test(statement) || /from "project_person_link" where "project_person_link"\."person_id"/i.test(statement);
}

describe("batching of the production tree", () => {
  it("sends the same statements for 1 shot and for 1,000 shots", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const small = await buildProject(artist.id, 1);
    const large = await buildProject(artist.id, 1000);

    const run = async (projectId: string) =>
      countStatements(() => t.graphql(`query Tree($id: ID!) { ${TREE} }`, { token, variables: { id: projectId } }));
    const first = await run(small.id);
    const one = await run(small.id);
    const thousand = await run(large.id);

    expect(one.result.body.errors).toBeUndefined();
    expect(thousand.result.body.errors).toBeUndefined();
    const shots = (thousand.result.body.data?.project as { episodes: { sequences: { shots: { tasks: { assignees: unknown[] }[] }[] }[] }[] }).episodes[0].sequences[0].shots;
    expect(shots).toHaveLength(1000);
    expect(shots[999].tasks[0].assignees).toHaveLength(1);

    // The token's first request reads its person and team links; later ones
    // find them in the instance's viewer cache.
    expect(first.statements.filter(isFixedPerRequest)).toHaveLength(1);
    expect(first.count).toBe(8);
    // project, episodes, sequences, shots, tasks, task statuses, assignees.
    expect(one.statements).toHaveLength(7);
    expect(one.statements.filter(isFixedPerRequest)).toEqual([]);
    expect(thousand.statements).toEqual(one.statements);
    expect(thousand.count).toBe(7);
  });

  it("sends one statement per level of a production", async () => {
    const artist = await t.make.makePerson({ role: "user" });
    const token = await t.login(artist.email!);
    const small = await buildProduction(artist.id, { episodes: 1, sequencesPerEpisode: 1, shotsPerSequence: 1 });
    const large = await buildProduction(artist.id, { episodes: 3, sequencesPerEpisode: 4, shotsPerSequence: 25 });

    const run = async (projectId: string) =>
      countStatements(() => t.graphql(`query Tree($id: ID!) { ${TREE} }`, { token, variables: { id: projectId } }));
    await run(small.project.id);
    const one = await run(small.project.id);
    const many = await run(large.project.id);

    expect(many.result.body.errors).toBeUndefined();
    const tree = many.result.body.data?.project as Tree;
    expect(tree.episodes).toHaveLength(3);
    expect(tree.episodes.every((episode) => episode.sequences.length === 4)).toBe(true);
    const shots = tree.episodes.flatMap((episode) => episode.sequences.flatMap((sequence) => sequence.shots));
    expect(shots).toHaveLength(large.shots);
    const tasks = shots.flatMap((shot) => shot.tasks);
    expect(tasks).toHaveLength(large.tasks);
    expect(tasks.reduce((sum, row) => sum + row.assignees.length, 0)).toBe(large.links);
    expect(new Set(tasks.map((row) => row.taskStatus.name)).size).toBe(4);
    // Assignees come sorted by name, whichever task lists them.
    for (const row of tasks) {
      const names = row.assignees.map((person) => person.fullName);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    }

    const treeMany = many.statements.filter((statement) => !isFixedPerRequest(statement));
    // project, episodes, sequences, shots, tasks, task statuses, assignees.
    expect(treeMany).toHaveLength(7);
    expect(many.statements.filter(isFixedPerRequest)).toEqual([]);
    expect(many.count).toBe(one.count);
  });

  it("adds no statement per row for a vendor's permission checks", async () => {
    const vendor = await t.make.makePerson({ role: "vendor" });
    const token = await t.login(vendor.email!);
    const small = await buildProject(vendor.id, 1);
    const large = await buildProject(vendor.id, 200);

    // Episodes and sequences carry no task, so a vendor reaches shots from the project.
    const vendorTree = "project(id: $id) { shots { tasks { taskStatus { name } assignees { fullName } } } }";
    const run = async (projectId: string) =>
      countStatements(() => t.graphql(`query Tree($id: ID!) { ${vendorTree} }`, { token, variables: { id: projectId } }));
    await run(small.id);
    const one = await run(small.id);
    const many = await run(large.id);
    expect(many.result.body.errors).toBeUndefined();
    expect((many.result.body.data?.project as { shots: unknown[] }).shots).toHaveLength(200);
    expect(many.count).toBe(one.count);
  });
});
