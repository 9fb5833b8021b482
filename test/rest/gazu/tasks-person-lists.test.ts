import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements } from "../../../src/db/statements.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { gazuRoute, type GazuRouteCases } from "../../support/gazu-routes.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// gazu's lists of a person's tasks, of the logged-in person's assigned
// tasks, of a project's tasks, and the full task.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

type Json = Record<string, unknown>;

async function getJson(url: string, token: string): Promise<{ status: number; body: Json[] & Json }> {
  const response = await t.request({ method: "GET", url: `/api${url}`, token });
  return { status: response.statusCode, body: response.json() };
}

/** Creates a person on the team with one open task and one done task on a shot of an episode. */
async function makeAssignedPerson() {
  const worker = await t.make.makePerson({ role: "user" });
  await t.make.addToTeam(w.project.id, worker.id);
  const episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
  const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  const open = await t.make.makeTask({ entity: shot, name: "open", status: { name: "Todo list", isDone: false }, assignees: [worker.id] });
  const done = await t.make.makeTask({ entity: shot, name: "done", status: { name: "Done list", isDone: true }, assignees: [worker.id] });
  await t.make.makeComment({ task: open, personId: w.manager.person.id, text: "Please start" });
  return { worker, episode, sequence, shot, open, done };
}

type EntityMaker = (values: { projectId: string }) => Promise<EntityRow>;

/** Builds the cases of the caller's task list on one entity kind; `segment` is the kind's path segment. */
function viewerEntityTasksCases(segment: string, make: () => EntityMaker): GazuRouteCases {
  return {
    succeeds: [
      "lists only the caller's assigned tasks on the entity",
      async () => {
        const target = await make()({ projectId: w.project.id });
        const mine = await t.make.makeTask({ entity: target, name: "mine", assignees: [w.artist.person.id] });
        await t.make.makeTask({ entity: target, name: "theirs", assignees: [w.supervisor.person.id] });

        const { status, body } = await getJson(`/data/user/${segment}/${target.id}/tasks`, w.artist.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([mine.id]);
        expectZouObject(body[0], "Task");
      },
    ],
    fails: [
      "answers 404 for an unknown id and 403 for a bot",
      async () => {
        expect((await getJson(`/data/user/${segment}/${UNKNOWN_ID}/tasks`, w.artist.token)).status).toBe(404);
        const target = await make()({ projectId: w.project.id });
        expect((await getJson(`/data/user/${segment}/${target.id}/tasks`, w.bot.token)).status).toBe(403);
      },
    ],
  };
}

/** Builds the cases of the caller's task type list on one entity kind. */
function viewerEntityTaskTypesCases(segment: string, make: () => EntityMaker): GazuRouteCases {
  return {
    succeeds: [
      "lists the task types of the caller's assigned tasks on the entity",
      async () => {
        const target = await make()({ projectId: w.project.id });
        const mineType = await t.make.makeTaskType({ name: `Mine ${segment}` });
        const theirType = await t.make.makeTaskType({ name: `Theirs ${segment}` });
        await t.make.makeTask({ entity: target, taskTypeId: mineType.id, assignees: [w.artist.person.id] });
        await t.make.makeTask({ entity: target, taskTypeId: theirType.id, assignees: [w.supervisor.person.id] });

        const { status, body } = await getJson(`/data/user/${segment}/${target.id}/task-types`, w.artist.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([mineType.id]);
        expectZouObject(body[0], "TaskType");
      },
    ],
    fails: [
      "answers 404 for an id of another kind",
      async () => {
        const wrongKind = segment === "assets" ? await t.make.makeShot({ projectId: w.project.id }) : await t.make.makeAsset({ projectId: w.project.id });
        expect((await getJson(`/data/user/${segment}/${wrongKind.id}/task-types`, w.artist.token)).status).toBe(404);
      },
    ],
  };
}

describe("a person's tasks", () => {
  gazuRoute("GET", "/data/persons/{person_id}/tasks", {
    succeeds: [
      "lists the person's unfinished tasks with their context",
      async () => {
        const { worker, episode, open } = await makeAssignedPerson();

        const { status, body } = await getJson(`/data/persons/${worker.id}/tasks`, w.manager.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([open.id]);
        expectZouObject(body[0], "Task");
        expect(body[0]).toMatchObject({
          project_name: "Big Bunny",
          entity_name: "SH010",
          entity_type_name: "Shot",
          sequence_name: "SQ01",
          episode_id: episode.id,
          episode_name: "E01",
          task_status_name: "Todo list",
          assignees: [worker.id],
          last_comment: { text: "Please start", person_id: w.manager.person.id },
        });
        for (const key of ["task_type_name", "task_type_color", "task_status_color", "task_status_short_name", "task_estimation", "task_due_date", "entity_preview_file_id"]) {
          expect(body[0], key).toHaveProperty(key);
        }
      },
    ],
    fails: [
      "forbids a vendor another person's tasks and a bot's list, and answers 404 for an unknown person",
      async () => {
        const { worker } = await makeAssignedPerson();
        expect((await getJson(`/data/persons/${worker.id}/tasks`, w.vendor.token)).status).toBe(403);
        expect((await getJson(`/data/persons/${w.bot.person.id}/tasks`, w.admin.token)).status).toBe(403);
        expect((await getJson(`/data/persons/${UNKNOWN_ID}/tasks`, w.admin.token)).status).toBe(404);
      },
    ],
  });

  gazuRoute("GET", "/data/persons/{person_id}/done-tasks", {
    succeeds: [
      "lists the person's done tasks",
      async () => {
        const { worker, done } = await makeAssignedPerson();
        const { status, body } = await getJson(`/data/persons/${worker.id}/done-tasks`, w.admin.token);
        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([done.id]);
        expect(body[0]).toMatchObject({ task_status_name: "Done list", entity_name: "SH010" });
      },
    ],
    fails: [
      "gives a client an empty list and a person outside the team nothing of the project",
      async () => {
        const { worker } = await makeAssignedPerson();
        const forClient = await getJson(`/data/persons/${worker.id}/done-tasks`, w.client.token);
        expect(forClient.status).toBe(200);
        expect(forClient.body).toEqual([]);
        expect((await getJson(`/data/persons/${worker.id}/done-tasks`, w.outsider.token)).body).toEqual([]);
      },
    ],
  });
});

describe("the logged-in person's tasks", () => {
  gazuRoute("GET", "/data/user/tasks", {
    succeeds: [
      "lists the caller's unfinished assigned tasks",
      async () => {
        const { worker, open } = await makeAssignedPerson();
        const token = await t.login(worker.email!);
        const { status, body } = await getJson("/data/user/tasks", token);
        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([open.id]);
        expect(body[0]).toMatchObject({ entity_name: "SH010", task_status_name: "Todo list" });
      },
    ],
    fails: [
      "forbids a bot",
      async () => {
        expect((await getJson("/data/user/tasks", w.bot.token)).status).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/data/user/done-tasks", {
    succeeds: [
      "lists the caller's done tasks",
      async () => {
        const { worker, done } = await makeAssignedPerson();
        const token = await t.login(worker.email!);
        const { status, body } = await getJson("/data/user/done-tasks", token);
        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([done.id]);
      },
    ],
    fails: [
      "leaves out the tasks of closed projects",
      async () => {
        const worker = await t.make.makePerson({ role: "user" });
        const closedStatus = await t.make.makeProjectStatus("Closed");
        const closed = await t.make.makeProject({ projectStatusId: closedStatus, team: [{ id: worker.id }] });
        const shot = await t.make.makeShot({ projectId: closed.id });
        await t.make.makeTask({ entity: shot, status: { isDone: true }, assignees: [worker.id] });
        const token = await t.login(worker.email!);
        const { status, body } = await getJson("/data/user/done-tasks", token);
        expect(status).toBe(200);
        expect(body).toEqual([]);
      },
    ],
  });

  gazuRoute("GET", "/data/user/assets/{asset_id}/tasks", viewerEntityTasksCases("assets", () => t.make.makeAsset));
  gazuRoute("GET", "/data/user/shots/{shot_id}/tasks", viewerEntityTasksCases("shots", () => t.make.makeShot));
  gazuRoute("GET", "/data/user/scenes/{scene_id}/tasks", viewerEntityTasksCases("scenes", () => t.make.makeScene));
  gazuRoute("GET", "/data/user/sequences/{sequence_id}/tasks", viewerEntityTasksCases("sequences", () => t.make.makeSequence));
  gazuRoute("GET", "/data/user/assets/{asset_id}/task-types", viewerEntityTaskTypesCases("assets", () => t.make.makeAsset));
  gazuRoute("GET", "/data/user/shots/{shot_id}/task-types", viewerEntityTaskTypesCases("shots", () => t.make.makeShot));
  gazuRoute("GET", "/data/user/scenes/{scene_id}/task-types", viewerEntityTaskTypesCases("scenes", () => t.make.makeScene));
  gazuRoute("GET", "/data/user/sequences/{sequence_id}/task-types", viewerEntityTaskTypesCases("sequences", () => t.make.makeSequence));
});

describe("a project's tasks", () => {
  gazuRoute("GET", "/data/projects/{project_id}/tasks", {
    succeeds: [
      "lists the project's tasks with assignees, filtered by task type and episode",
      async () => {
        const { worker, episode, open, done } = await makeAssignedPerson();
        const outside = await t.make.makeShot({ projectId: w.project.id });
        const outsideTask = await t.make.makeTask({ entity: outside, taskTypeId: open.taskTypeId! });

        const all = await getJson(`/data/projects/${w.project.id}/tasks`, w.manager.token);
        expect(all.status).toBe(200);
        const ids = all.body.map((item) => item.id);
        expect(ids).toEqual(expect.arrayContaining([open.id, done.id, outsideTask.id]));
        const listed = all.body.find((item) => item.id === open.id)!;
        expectZouObject(listed, "Task");
        expect(listed.assignees).toEqual([worker.id]);

        const byType = await getJson(`/data/projects/${w.project.id}/tasks?task_type_id=${open.taskTypeId}`, w.manager.token);
        expect(byType.body.map((item) => item.id).sort()).toEqual([open.id, outsideTask.id].sort());

        const byEpisode = await getJson(`/data/projects/${w.project.id}/tasks?task_type_id=${open.taskTypeId}&episode_id=${episode.id}`, w.manager.token);
        expect(byEpisode.body.map((item) => item.id)).toEqual([open.id]);
      },
    ],
    fails: [
      "answers 404 for an unknown project, 403 outside the team and 400 for a malformed filter",
      async () => {
        expect((await getJson(`/data/projects/${UNKNOWN_ID}/tasks`, w.admin.token)).status).toBe(404);
        expect((await getJson(`/data/projects/${w.project.id}/tasks`, w.outsider.token)).status).toBe(403);
        expect((await getJson(`/data/projects/${w.project.id}/tasks?task_type_id=nope`, w.admin.token)).status).toBe(400);
      },
    ],
  });

  describe("with a page number", () => {
    gazuRoute("GET", "/data/projects/{project_id}/tasks", {
      succeeds: [
        "returns Zou's page object",
        async () => {
          const { status, body } = await getJson(`/data/projects/${w.project.id}/tasks?page=1`, w.admin.token);
          expect(status).toBe(200);
          expect(body).toMatchObject({ page: 1, limit: 100, offset: 0 });
          expect(Array.isArray(body.data)).toBe(true);
          expect(body.total).toBe((body.data as unknown[]).length);
        },
      ],
      fails: [
        "rejects a page that is not a number",
        async () => {
          expect((await getJson(`/data/projects/${w.project.id}/tasks?page=first`, w.admin.token)).status).toBe(400);
        },
      ],
    });
  });

  describe("for a vendor", () => {
    gazuRoute("GET", "/data/projects/{project_id}/tasks", {
      succeeds: [
        "lists only the vendor's assigned tasks",
        async () => {
          const shot = await t.make.makeShot({ projectId: w.project.id });
          const mine = await t.make.makeTask({ entity: shot, assignees: [w.vendor.person.id] });
          const { body } = await getJson(`/data/projects/${w.project.id}/tasks`, w.vendor.token);
          expect(body.map((item) => item.id)).toEqual([mine.id]);
        },
      ],
      fails: [
        "answers 404 for a malformed project id",
        async () => {
          expect((await getJson("/data/projects/not-an-id/tasks", w.vendor.token)).status).toBe(404);
        },
      ],
    });
  });
});

describe("the full task", () => {
  gazuRoute("GET", "/data/tasks/{task_id}/full", {
    succeeds: [
      "returns the task with its entity, project, type, status, assignees and episode",
      async () => {
        const { worker, episode, sequence, shot, open } = await makeAssignedPerson();

        const { status, body } = await getJson(`/data/tasks/${open.id}/full`, w.artist.token);

        expect(status).toBe(200);
        expectZouObject(body, "Task");
        expect(body.assignees).toEqual([worker.id]);
        expect(body.is_subscribed).toBe(false);
        expect((body.entity as Json).id).toBe(shot.id);
        expect((body.entity_type as Json).name).toBe("Shot");
        expect((body.project as Json).id).toBe(w.project.id);
        expect((body.task_type as Json).id).toBe(open.taskTypeId);
        expect((body.task_status as Json).name).toBe("Todo list");
        expect((body.persons as Json[]).map((item) => item.id)).toEqual([worker.id]);
        expect((body.persons as Json[])[0]).not.toHaveProperty("password");
        expect((body.sequence as Json).id).toBe(sequence.id);
        expect((body.episode as Json).id).toBe(episode.id);
      },
    ],
    fails: [
      "answers 404 for an unknown or malformed id and 403 to a vendor not assigned",
      async () => {
        expect((await getJson(`/data/tasks/${UNKNOWN_ID}/full`, w.admin.token)).status).toBe(404);
        expect((await getJson("/data/tasks/not-an-id/full", w.admin.token)).status).toBe(404);
        const { open } = await makeAssignedPerson();
        expect((await getJson(`/data/tasks/${open.id}/full`, w.vendor.token)).status).toBe(403);
      },
    ],
  });
});

describe("statement counts of the task lists", () => {
  it("stay the same for one task and for twelve", async () => {
    const counts: number[] = [];
    for (const size of [1, 12]) {
      const worker = await t.make.makePerson({ role: "user" });
      await t.make.addToTeam(w.project.id, worker.id);
      const token = await t.login(worker.email!);
      const sequence = await t.make.makeSequence({ projectId: w.project.id });
      for (let index = 0; index < size; index += 1) {
        const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
        const createdTask = await t.make.makeTask({ entity: shot, assignees: [worker.id] });
        await t.make.makeComment({ task: createdTask, personId: w.manager.person.id });
      }

      const { result, count } = await countStatements(() => t.request({ method: "GET", url: "/api/data/user/tasks", token }));

      expect(result.statusCode).toBe(200);
      expect(result.json()).toHaveLength(size);
      counts.push(count);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  });
});
