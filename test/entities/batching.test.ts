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

/** Matches the statements every authenticated request sends: the token's person and the viewer's team links. */
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
    const one = await run(small.id);
    const thousand = await run(large.id);

    expect(one.result.body.errors).toBeUndefined();
    expect(thousand.result.body.errors).toBeUndefined();
    const shots = (thousand.result.body.data?.project as { episodes: { sequences: { shots: { tasks: { assignees: unknown[] }[] }[] }[] }[] }).episodes[0].sequences[0].shots;
    expect(shots).toHaveLength(1000);
    expect(shots[999].tasks[0].assignees).toHaveLength(1);

    const fixedOne = one.statements.filter(isFixedPerRequest);
    const treeOne = one.statements.filter((statement) => !isFixedPerRequest(statement));
    const treeThousand = thousand.statements.filter((statement) => !isFixedPerRequest(statement));
    // project, episodes, sequences, shots, tasks, task statuses, assignees.
    expect(treeOne).toHaveLength(7);
    expect(treeThousand).toEqual(treeOne);
    expect(fixedOne).toHaveLength(2);
    expect(thousand.count).toBe(one.count);
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
    const one = await run(small.id);
    const many = await run(large.id);
    expect(many.result.body.errors).toBeUndefined();
    expect((many.result.body.data?.project as { shots: unknown[] }).shots).toHaveLength(200);
    expect(many.count).toBe(one.count);
  });
});
