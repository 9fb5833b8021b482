import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { makeCommentedTask } from "./comments-support.js";

// A person's time spents: raw entries by range or month, and per-task
// totals by ISO week or year, with Zou's access rules.

let t: TestApp;
let world: SeedWorld;
let taskId: string;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeSeedWorld(t);
  const { task } = await makeCommentedTask(t, world);
  taskId = task.id;
  // 2024-05-06 is the Monday of ISO week 19 of 2024.
  for (const [date, duration] of [["2024-05-06", 60], ["2024-05-07", 30], ["2024-06-01", 15]] as const) {
    const response = await t.request({
      method: "POST",
      url: `/api/actions/tasks/${task.id}/time-spents/${date}/persons/${world.artist.person.id}`,
      token: world.artist.token,
      payload: { duration },
    });
    if (response.statusCode !== 201) throw new Error(`logging time failed: ${response.body}`);
  }
});

afterAll(async () => {
  await t.close();
});

describe("a person's time spents", () => {
  gazuRoute("GET", "/data/persons/{person_id}/time-spents", {
    succeeds: [
      "lists the entries within the range for an admin",
      async () => {
        const response = await t.request({
          method: "GET",
          url: `/api/data/persons/${world.artist.person.id}/time-spents?start_date=2024-05-01&end_date=2024-05-31`,
          token: world.admin.token,
        });
        expect(response.statusCode).toBe(200);
        const body = response.json() as { date: string; duration: number; type: string }[];
        expect(body.map((row) => row.date)).toEqual(["2024-05-06", "2024-05-07"]);
        expect(body[0].type).toBe("TimeSpent");
      },
    ],
    fails: [
      "rejects a manager",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents`, token: world.manager.token });
        expect(response.statusCode).toBe(403);
      },
    ],
  });

  it("requires both ends of a range", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents?start_date=2024-05-01`, token: world.admin.token });
    expect(response.statusCode).toBe(400);
  });

  gazuRoute("GET", "/data/persons/{person_id}/time-spents/month/all/{year}/{month}", {
    succeeds: [
      "lists the person's own entries of the month",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents/month/all/2024/05`, token: world.artist.token });
        expect(response.statusCode).toBe(200);
        expect((response.json() as { duration: number }[]).map((row) => row.duration)).toEqual([60, 30]);
      },
    ],
    fails: [
      "rejects another artist",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents/month/all/2024/05`, token: world.outsider.token });
        expect(response.statusCode).toBe(403);
      },
    ],
  });

  it("rejects month 13", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents/month/all/2024/13`, token: world.artist.token });
    expect(response.statusCode).toBe(400);
  });

  gazuRoute("GET", "/data/persons/{person_id}/time-spents/week/{year}/{week}", {
    succeeds: [
      "totals the week's time per task",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents/week/2024/19`, token: world.manager.token });
        expect(response.statusCode).toBe(200);
        const body = response.json() as Record<string, unknown>[];
        expect(body).toHaveLength(1);
        expect(body[0]).toMatchObject({ task_id: taskId, project_id: world.project.id, project_name: world.project.name, duration: 90 });
      },
    ],
    fails: [
      "rejects another artist",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents/week/2024/19`, token: world.outsider.token });
        expect(response.statusCode).toBe(403);
      },
    ],
  });

  it("rejects week 53 of a year that has 52", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents/week/2023/53`, token: world.artist.token });
    expect(response.statusCode).toBe(400);
  });

  gazuRoute("GET", "/data/persons/{person_id}/time-spents/year/{year}", {
    succeeds: [
      "totals the year's time per task",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents/year/2024`, token: world.artist.token });
        expect(response.statusCode).toBe(200);
        expect((response.json() as { duration: number }[]).map((row) => row.duration)).toEqual([105]);
      },
    ],
    fails: [
      "answers 404 for an unknown person",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/persons/${UNKNOWN_ID}/time-spents/year/2024`, token: world.admin.token });
        expect(response.statusCode).toBe(404);
      },
    ],
  });

  it("gives a manager outside the project no totals", async () => {
    const otherManager = await t.make.makePerson({ role: "manager" });
    const token = await t.login(otherManager.email!);
    const response = await t.request({ method: "GET", url: `/api/data/persons/${world.artist.person.id}/time-spents/year/2024`, token });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });
});

describe("the logged-in person's time spents", () => {
  gazuRoute("GET", "/data/user/time-spents", {
    succeeds: [
      "lists the caller's entries in the range",
      async () => {
        const response = await t.request({ method: "GET", url: "/api/data/user/time-spents?start_date=2024-06-01&end_date=2024-06-30", token: world.artist.token });
        expect(response.statusCode).toBe(200);
        expect((response.json() as { duration: number }[]).map((row) => row.duration)).toEqual([15]);
      },
    ],
    fails: [
      "rejects a malformed date",
      async () => {
        const response = await t.request({ method: "GET", url: "/api/data/user/time-spents?start_date=June&end_date=2024-06-30", token: world.artist.token });
        expect(response.statusCode).toBe(400);
      },
    ],
  });

  it("rejects a bot account", async () => {
    const response = await t.request({ method: "GET", url: "/api/data/user/time-spents", token: world.bot.token });
    expect(response.statusCode).toBe(403);
  });
});
