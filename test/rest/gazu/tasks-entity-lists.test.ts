import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityConceptLink } from "../../../schema/entities.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { gazuRoute, type GazuRouteCases } from "../../support/gazu-routes.js";
import { graphqlData, graphqlErrorCode } from "../../support/roles.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// gazu's task and task type lists of one entity or episode.

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

type EntityMaker = (values: { projectId: string }) => Promise<EntityRow>;


/** Kinds whose task lists carry assignees when asked. Zou never lists them for scenes and episodes. */
const WITH_RELATIONS = new Set(["shots", "sequences", "assets", "edits", "concepts"]);

/** Builds the cases of one entity kind's task list; `segment` is the kind's path segment. */
function entityTasksCases(segment: string, make: () => EntityMaker): GazuRouteCases {
  return {
    succeeds: [
      "lists the entity's tasks with display names",
      async () => {
        const target = await make()({ projectId: w.project.id });
        const layout = await t.make.makeTaskType({ name: `Layout ${segment}` });
        const wip = await t.make.makeTaskStatus({ name: `WIP ${segment}` });
        const createdTask = await t.make.makeTask({ entity: target, taskTypeId: layout.id, status: wip, assignees: [w.artist.person.id] });
        const other = await make()({ projectId: w.project.id });
        await t.make.makeTask({ entity: other });

        const { status, body } = await getJson(`/data/${segment}/${target.id}/tasks?relations=True`, w.manager.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([createdTask.id]);
        expectZouObject(body[0], "Task");
        expect(body[0]).toMatchObject({
          entity_id: target.id,
          task_type_id: layout.id,
          task_status_id: wip.id,
          project_id: w.project.id,
          project_name: "Big Bunny",
          task_type_name: `Layout ${segment}`,
          task_status_name: `WIP ${segment}`,
          entity_name: target.name,
        });
        if (WITH_RELATIONS.has(segment)) expect(body[0].assignees).toEqual([w.artist.person.id]);
        else expect(body[0]).not.toHaveProperty("assignees");
      },
    ],
    fails: [
      "answers 404 for unknown, malformed and wrong-kind ids, 403 outside the team",
      async () => {
        const wrongKind = segment === "shots" ? await t.make.makeAsset({ projectId: w.project.id }) : await t.make.makeShot({ projectId: w.project.id });
        for (const id of [UNKNOWN_ID, "not-an-id", wrongKind.id]) {
          expect((await getJson(`/data/${segment}/${id}/tasks`, w.admin.token)).status, id).toBe(404);
        }
        const target = await make()({ projectId: w.project.id });
        expect((await getJson(`/data/${segment}/${target.id}/tasks`, w.outsider.token)).status).toBe(403);
      },
    ],
  };
}

describe("tasks of one entity", () => {
  gazuRoute("GET", "/data/shots/{shot_id}/tasks", entityTasksCases("shots", () => t.make.makeShot));
  gazuRoute("GET", "/data/scenes/{scene_id}/tasks", entityTasksCases("scenes", () => t.make.makeScene));
  gazuRoute("GET", "/data/sequences/{sequence_id}/tasks", entityTasksCases("sequences", () => t.make.makeSequence));
  gazuRoute("GET", "/data/assets/{asset_id}/tasks", entityTasksCases("assets", () => t.make.makeAsset));
  gazuRoute("GET", "/data/episodes/{episode_id}/tasks", entityTasksCases("episodes", () => t.make.makeEpisode));
  gazuRoute("GET", "/data/edits/{edit_id}/tasks", entityTasksCases("edits", () => t.make.makeEdit));
  gazuRoute("GET", "/data/concepts/{concept_id}/tasks", entityTasksCases("concepts", () => t.make.makeConcept));

  describe("for a vendor", () => {
    gazuRoute("GET", "/data/shots/{shot_id}/tasks", {
      succeeds: [
        "lists only the vendor's assigned tasks of the shot",
        async () => {
          const shot = await t.make.makeShot({ projectId: w.project.id });
          const mine = await t.make.makeTask({ entity: shot, name: "mine", assignees: [w.vendor.person.id] });
          await t.make.makeTask({ entity: shot, name: "theirs", assignees: [w.artist.person.id] });

          const { status, body } = await getJson(`/data/shots/${shot.id}/tasks`, w.vendor.token);

          expect(status).toBe(200);
          expect(body.map((item) => item.id)).toEqual([mine.id]);
        },
      ],
      fails: [
        "forbids a shot with no task assigned to the vendor",
        async () => {
          const shot = await t.make.makeShot({ projectId: w.project.id });
          await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });
          expect((await getJson(`/data/shots/${shot.id}/tasks`, w.vendor.token)).status).toBe(403);
        },
      ],
    });
  });

  describe("of a concept", () => {
    gazuRoute("GET", "/data/concepts/{concept_id}/tasks", {
      succeeds: [
        "lists the tasks for an artist",
        async () => {
          const concept = await t.make.makeConcept({ projectId: w.project.id });
          const createdTask = await t.make.makeTask({ entity: concept });
          expect((await getJson(`/data/concepts/${concept.id}/tasks`, w.artist.token)).body.map((item) => item.id)).toEqual([createdTask.id]);
        },
      ],
      fails: [
        "forbids a client on the team",
        async () => {
          const concept = await t.make.makeConcept({ projectId: w.project.id });
          await t.make.makeTask({ entity: concept });
          expect((await getJson(`/data/concepts/${concept.id}/tasks`, w.client.token)).status).toBe(403);
        },
      ],
    });
  });
});

/** Builds the cases of one entity kind's task type list. */
function entityTaskTypesCases(segment: string, make: () => EntityMaker): GazuRouteCases {
  return {
    succeeds: [
      "lists each task type of the entity's tasks once",
      async () => {
        const target = await make()({ projectId: w.project.id });
        const modeling = await t.make.makeTaskType({ name: `Modeling ${segment}` });
        const rigging = await t.make.makeTaskType({ name: `Rigging ${segment}` });
        await t.make.makeTask({ entity: target, taskTypeId: rigging.id, name: "main" });
        await t.make.makeTask({ entity: target, taskTypeId: modeling.id, name: "main" });
        await t.make.makeTask({ entity: target, taskTypeId: modeling.id, name: "second" });

        const { status, body } = await getJson(`/data/${segment}/${target.id}/task-types`, w.supervisor.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([modeling.id, rigging.id]);
        expectZouObject(body[0], "TaskType");
        expect(body[0]).toMatchObject({ name: `Modeling ${segment}`, for_entity: "Shot" });
      },
    ],
    fails: [
      "answers 404 for an unknown id and 403 outside the team",
      async () => {
        expect((await getJson(`/data/${segment}/${UNKNOWN_ID}/task-types`, w.admin.token)).status).toBe(404);
        const target = await make()({ projectId: w.project.id });
        expect((await getJson(`/data/${segment}/${target.id}/task-types`, w.outsider.token)).status).toBe(403);
      },
    ],
  };
}

describe("task types of one entity", () => {
  gazuRoute("GET", "/data/shots/{shot_id}/task-types", entityTaskTypesCases("shots", () => t.make.makeShot));
  gazuRoute("GET", "/data/scenes/{scene_id}/task-types", entityTaskTypesCases("scenes", () => t.make.makeScene));
  gazuRoute("GET", "/data/assets/{asset_id}/task-types", entityTaskTypesCases("assets", () => t.make.makeAsset));
  gazuRoute("GET", "/data/concepts/{concept_id}/task-types", entityTaskTypesCases("concepts", () => t.make.makeConcept));

  gazuRoute("GET", "/data/sequences/{sequence_id}/task-types", {
    succeeds: [
      "lists the task types of the tasks of the sequence's shots",
      async () => {
        const sequence = await t.make.makeSequence({ projectId: w.project.id });
        const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
        const animation = await t.make.makeTaskType({ name: "Animation of shots" });
        const onSequence = await t.make.makeTaskType({ name: "Sequence edit" });
        await t.make.makeTask({ entity: shot, taskTypeId: animation.id });
        await t.make.makeTask({ entity: sequence, taskTypeId: onSequence.id });

        const { status, body } = await getJson(`/data/sequences/${sequence.id}/task-types`, w.artist.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([animation.id]);
      },
    ],
    fails: [
      "answers 404 for a shot id",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        expect((await getJson(`/data/sequences/${shot.id}/task-types`, w.admin.token)).status).toBe(404);
      },
    ],
  });

  gazuRoute("GET", "/data/concepts/{concept_id}/task-types", {
    succeeds: [
      "lists the task types of the concept's tasks for a manager",
      async () => {
        const concept = await t.make.makeConcept({ projectId: w.project.id });
        const design = await t.make.makeTaskType({ name: "Concept design", forEntity: "Concept" });
        await t.make.makeTask({ entity: concept, taskTypeId: design.id });
        expect((await getJson(`/data/concepts/${concept.id}/task-types`, w.manager.token)).body.map((item) => item.id)).toEqual([design.id]);
      },
    ],
    fails: [
      "forbids a client on the team",
      async () => {
        const concept = await t.make.makeConcept({ projectId: w.project.id });
        expect((await getJson(`/data/concepts/${concept.id}/task-types`, w.client.token)).status).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/data/episodes/{episode_id}/task-types", {
    succeeds: [
      "lists the task types of the tasks of the episode's shots",
      async () => {
        const episode = await t.make.makeEpisode({ projectId: w.project.id });
        const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id });
        const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
        const lighting = await t.make.makeTaskType({ name: "Lighting of episode" });
        await t.make.makeTask({ entity: shot, taskTypeId: lighting.id });

        const { status, body } = await getJson(`/data/episodes/${episode.id}/task-types`, w.artist.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([lighting.id]);
      },
    ],
    fails: [
      "answers 404 for a malformed id",
      async () => {
        expect((await getJson("/data/episodes/not-an-id/task-types", w.admin.token)).status).toBe(404);
      },
    ],
  });
});

describe("tasks of an episode", () => {
  gazuRoute("GET", "/data/episodes/{episode_id}/shot-tasks", {
    succeeds: [
      "lists the tasks of the shots in the episode's sequences",
      async () => {
        const episode = await t.make.makeEpisode({ projectId: w.project.id });
        const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id });
        const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
        const createdTask = await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });
        await t.make.makeTask({ entity: sequence });
        const elsewhere = await t.make.makeShot({ projectId: w.project.id });
        await t.make.makeTask({ entity: elsewhere });

        const { status, body } = await getJson(`/data/episodes/${episode.id}/shot-tasks?relations=true`, w.artist.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([createdTask.id]);
        expect(body[0]).toMatchObject({ entity_name: "SH020", entity_type_name: "Shot", assignees: [w.artist.person.id] });
      },
    ],
    fails: [
      "forbids vendors, even assigned ones",
      async () => {
        const episode = await t.make.makeEpisode({ projectId: w.project.id });
        await t.make.makeTask({ entity: episode, assignees: [w.vendor.person.id] });
        expect((await getJson(`/data/episodes/${episode.id}/shot-tasks`, w.vendor.token)).status).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/data/episodes/{episode_id}/asset-tasks", {
    succeeds: [
      "lists the tasks of the assets created for the episode",
      async () => {
        const episode = await t.make.makeEpisode({ projectId: w.project.id });
        const asset = await t.make.makeAsset({ projectId: w.project.id, sourceId: episode.id, name: "Hero" });
        const createdTask = await t.make.makeTask({ entity: asset });
        const otherAsset = await t.make.makeAsset({ projectId: w.project.id });
        await t.make.makeTask({ entity: otherAsset });

        const { status, body } = await getJson(`/data/episodes/${episode.id}/asset-tasks`, w.supervisor.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([createdTask.id]);
        expect(body[0]).toMatchObject({ entity_name: "Hero", entity_type_name: "Character" });
        expect(body[0]).not.toHaveProperty("assignees");
      },
    ],
    fails: [
      "answers 404 for a sequence id",
      async () => {
        const sequence = await t.make.makeSequence({ projectId: w.project.id });
        expect((await getJson(`/data/episodes/${sequence.id}/asset-tasks`, w.admin.token)).status).toBe(404);
      },
    ],
  });

  gazuRoute("GET", "/data/sequences/{sequence_id}/shot-tasks", {
    succeeds: [
      "lists the tasks of the sequence's shots",
      async () => {
        const sequence = await t.make.makeSequence({ projectId: w.project.id });
        const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
        const createdTask = await t.make.makeTask({ entity: shot });
        const { status, body } = await getJson(`/data/sequences/${sequence.id}/shot-tasks?relations=True`, w.artist.token);
        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([createdTask.id]);
        expect(body[0].assignees).toEqual([]);
      },
    ],
    fails: [
      "forbids a vendor",
      async () => {
        const sequence = await t.make.makeSequence({ projectId: w.project.id });
        expect((await getJson(`/data/sequences/${sequence.id}/shot-tasks`, w.vendor.token)).status).toBe(403);
      },
    ],
  });
});

describe("tasks of one task type on an entity", () => {
  gazuRoute("GET", "/data/entities/{entity_id}/task-types/{task_type_id}/tasks", {
    succeeds: [
      "lists the entity's tasks of that task type by name",
      async () => {
        const asset = await t.make.makeAsset({ projectId: w.project.id });
        const texture = await t.make.makeTaskType({ name: "Texture" });
        const second = await t.make.makeTask({ entity: asset, taskTypeId: texture.id, name: "variant" });
        const first = await t.make.makeTask({ entity: asset, taskTypeId: texture.id, name: "main" });
        await t.make.makeTask({ entity: asset, name: "other type" });

        const { status, body } = await getJson(`/data/entities/${asset.id}/task-types/${texture.id}/tasks`, w.artist.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([first.id, second.id]);
        expectZouObject(body[0], "Task");
        expect(body[0]).toMatchObject({ entity_id: asset.id, task_type_id: texture.id });
      },
    ],
    fails: [
      "answers 404 for an unknown entity and 403 outside the team",
      async () => {
        const texture = await t.make.makeTaskType({ name: "Texture 2" });
        expect((await getJson(`/data/entities/${UNKNOWN_ID}/task-types/${texture.id}/tasks`, w.admin.token)).status).toBe(404);
        const asset = await t.make.makeAsset({ projectId: w.project.id });
        expect((await getJson(`/data/entities/${asset.id}/task-types/${texture.id}/tasks`, w.outsider.token)).status).toBe(403);
      },
    ],
  });
});

describe("entities linked to an entity, with their tasks", () => {
  gazuRoute("GET", "/data/entities/{entity_id}/entities-linked/with-tasks", {
    succeeds: [
      "lists the concepts linked to the asset with their tasks and assignees",
      async () => {
        const asset = await t.make.makeAsset({ projectId: w.project.id });
        const concept = await t.make.makeConcept({ projectId: w.project.id, name: "Hero sketch" });
        const unlinked = await t.make.makeConcept({ projectId: w.project.id });
        await t.db.orm.insert(entityConceptLink).values({ entityInId: concept.id, entityOutId: asset.id });
        const createdTask = await t.make.makeTask({ entity: concept, assignees: [w.artist.person.id] });
        await t.make.makeTask({ entity: unlinked });

        const { status, body } = await getJson(`/data/entities/${asset.id}/entities-linked/with-tasks`, w.artist.token);

        expect(status).toBe(200);
        expect(body.map((item) => item.id)).toEqual([concept.id]);
        expect(body[0]).toMatchObject({ name: "Hero sketch", type: "Concept", project_name: "Big Bunny", entity_concept_links: [asset.id] });
        const tasks = body[0].tasks as Json[];
        expect(tasks.map((item) => item.id)).toEqual([createdTask.id]);
        expect(tasks[0]).toMatchObject({ task_type_id: createdTask.taskTypeId, task_status_id: createdTask.taskStatusId, assignees: [w.artist.person.id], priority: 0 });
      },
    ],
    fails: [
      "answers 404 for an unknown entity and 403 outside the team",
      async () => {
        expect((await getJson(`/data/entities/${UNKNOWN_ID}/entities-linked/with-tasks`, w.admin.token)).status).toBe(404);
        const asset = await t.make.makeAsset({ projectId: w.project.id });
        expect((await getJson(`/data/entities/${asset.id}/entities-linked/with-tasks`, w.outsider.token)).status).toBe(403);
      },
    ],
  });
});

describe("the entity task list in GraphQL", () => {
  it("returns the same tasks as the REST route", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    const createdTask = await t.make.makeTask({ entity: shot });
    const data = await graphqlData<{ entityTasksJson: Json[] }>(t, w.artist, "query ($id: ID!) { entityTasksJson(kind: \"Shot\", entityId: $id) }", { id: shot.id });
    expect(data.entityTasksJson.map((item) => item.id)).toEqual([createdTask.id]);
    expect((await getJson(`/data/shots/${shot.id}/tasks`, w.artist.token)).body).toEqual(data.entityTasksJson);
  });

  it("rejects an unknown entity kind", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    expect(await graphqlErrorCode(t, w.artist, "query ($id: ID!) { entityTasksJson(kind: \"Planet\", entityId: $id) }", { id: shot.id })).toBe("BAD_USER_INPUT");
  });
});
