import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { task } from "../../../schema/tasks.js";
import { countStatements } from "../../../src/db/statements.js";
import { businessDaysBetween, isoWeekKey } from "../../../src/schedules/quota-periods.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Quotas of Kitsu's Quotas page and the per-person time totals of its
// Timesheets page, computed from tasks with known frames, dates and time
// spents:
//   SH010 (100 frames): 60 + 60 minutes logged on 2024-03-04 and 05 for a
//     task of 120 minutes, 30 more on 2024-04-02, feedback on 2024-03-06,
//     approved on 2024-03-20.
//   SH020 (50 frames): no time logged, work from Monday 2024-03-11 09:00 to
//     Wednesday 2024-03-13 09:00 UTC (three weekdays), feedback only.

let t: TestApp;
let w: SeedWorld;
let taskTypeId: string;
let sh010Id: string;
let sh020Id: string;
let loggedTaskId: string;

interface Period {
  frames: Record<string, number>;
  seconds: Record<string, number>;
  count: Record<string, number>;
  drawings: Record<string, number>;
  entries?: Record<string, number>;
}
type QuotaEntry = { day: Period; week: Period; month: Period; year: Period };

async function get(url: string, token: string) {
  return t.request({ method: "GET", url: `/api${url}`, token });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  taskTypeId = (await t.make.makeTaskType({ name: "Animation" })).id;
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  const sh010 = await t.make.makeShot({ projectId: w.project.id, name: "SH010", sequenceId: sequence.id, nbFrames: 100 });
  const sh020 = await t.make.makeShot({ projectId: w.project.id, name: "SH020", sequenceId: sequence.id, nbFrames: 50 });
  sh010Id = sh010.id;
  sh020Id = sh020.id;

  const logged = await t.make.makeTask({ entity: sh010, taskTypeId, assignees: [w.artist.person.id] });
  loggedTaskId = logged.id;
  await t.db.orm
    .update(task)
    .set({ duration: 120, realStartDate: new Date("2024-03-04T09:00:00Z"), endDate: new Date("2024-03-06T10:00:00Z"), doneDate: new Date("2024-03-20T10:00:00Z") })
    .where(eq(task.id, logged.id));
  await t.make.makeTimeSpent({ taskId: logged.id, personId: w.artist.person.id, date: "2024-03-04", duration: 60 });
  await t.make.makeTimeSpent({ taskId: logged.id, personId: w.artist.person.id, date: "2024-03-05", duration: 60 });
  await t.make.makeTimeSpent({ taskId: logged.id, personId: w.artist.person.id, date: "2024-04-02", duration: 30 });

  const spread = await t.make.makeTask({ entity: sh020, taskTypeId, assignees: [w.artist.person.id] });
  await t.db.orm
    .update(task)
    .set({ realStartDate: new Date("2024-03-11T09:00:00Z"), endDate: new Date("2024-03-13T09:00:00Z") })
    .where(eq(task.id, spread.id));
});

afterAll(async () => {
  await t.close();
});

describe("quota calendar helpers", () => {
  it("keys ISO weeks by their ISO year", () => {
    expect(isoWeekKey("2024-03-04")).toBe("2024-10");
    expect(isoWeekKey("2025-12-30")).toBe("2026-1");
    expect(isoWeekKey("2021-01-03")).toBe("2020-53");
  });

  it("counts weekdays with the end excluded", () => {
    expect(businessDaysBetween("2024-03-11", "2024-03-13")).toBe(2);
    expect(businessDaysBetween("2024-03-08", "2024-03-11")).toBe(1);
    expect(businessDaysBetween("2024-03-13", "2024-03-11")).toBe(-2);
  });
});

describe("production quotas", () => {
  kitsuRoute("GET", "/data/projects/{project_id}/quotas/{task_type_id}", {
    succeeds: ["weights frames by time spent and by working days", async () => {
      const response = await get(`/data/projects/${w.project.id}/quotas/${taskTypeId}?count_mode=weighted`, w.manager.token);
      expect(response.statusCode).toBe(200);
      const body = response.json() as Record<string, QuotaEntry>;
      const artist = body[w.artist.person.id];
      expect(artist.day.frames["2024-03-04"]).toBe(50);
      expect(artist.day.count["2024-03-04"]).toBe(0.5);
      expect(artist.week.frames["2024-10"]).toBe(100);
      expect(artist.week.count["2024-10"]).toBe(1);
      // SH020: round(50 / 3) frames on each of its three weekdays.
      expect(artist.day.frames["2024-03-12"]).toBe(17);
      expect(artist.day.count["2024-03-12"]).toBe(0.33);
      expect(artist.week.frames["2024-11"]).toBe(51);
      expect(artist.week.count["2024-11"]).toBe(1);
      expect(artist.month.frames["2024-03"]).toBe(151);
      expect(artist.month.seconds["2024-03"]).toBeCloseTo(151 / 25, 6);
      expect(artist.month.count["2024-03"]).toBe(2);
      // The 30 minutes logged in April count a quarter of SH010 there.
      expect(artist.day.entries).toEqual({ "2024-03": 5, "2024-04": 1 });
      expect(artist.month.frames["2024-04"]).toBe(25);
      expect(artist.year.frames["2024"]).toBe(176);
      expect(body.total.month.frames["2024-03"]).toBe(151);
    }],
    fails: ["rejects an artist of another project", async () => {
      const response = await get(`/data/projects/${w.project.id}/quotas/${taskTypeId}`, w.outsider.token);
      expect(response.statusCode).toBe(403);
    }],
  });

  it("counts whole shots on their feedback day in feedback mode", async () => {
    const response = await get(`/data/projects/${w.project.id}/quotas/${taskTypeId}?count_mode=feedback`, w.artist.token);
    expect(response.statusCode).toBe(200);
    const artist = (response.json() as Record<string, QuotaEntry>)[w.artist.person.id];
    expect(artist.day.frames).toEqual({ "2024-03-06": 100, "2024-03-13": 50 });
    expect(artist.day.count).toEqual({ "2024-03-06": 1, "2024-03-13": 1 });
  });

  it("counts only approved shots in done mode", async () => {
    const response = await get(`/data/projects/${w.project.id}/quotas/${taskTypeId}?count_mode=done`, w.manager.token);
    const artist = (response.json() as Record<string, QuotaEntry>)[w.artist.person.id];
    expect(artist.day.frames).toEqual({ "2024-03-20": 100 });
  });

  it("keeps the weighted done mode to approved shots", async () => {
    const response = await get(`/data/projects/${w.project.id}/quotas/${taskTypeId}?count_mode=weighteddone`, w.manager.token);
    const artist = (response.json() as Record<string, QuotaEntry>)[w.artist.person.id];
    expect(Object.keys(artist.day.frames).sort()).toEqual(["2024-03-04", "2024-03-05", "2024-04-02"]);
  });

  it("returns the same quotas through GraphQL", async () => {
    const rest = await get(`/data/projects/${w.project.id}/quotas/${taskTypeId}?count_mode=feedback`, w.manager.token);
    const graph = await t.graphql(
      "query Quotas($projectId: ID!, $taskTypeId: ID!) { projectTaskTypeQuotasJson(projectId: $projectId, taskTypeId: $taskTypeId, countMode: \"feedback\") }",
      { token: w.manager.token, variables: { projectId: w.project.id, taskTypeId } },
    );
    expect(graph.status).toBe(200);
    expect(graph.body.data?.projectTaskTypeQuotasJson).toEqual(rest.json());
  });

  it("rejects an unknown count mode", async () => {
    const response = await get(`/data/projects/${w.project.id}/quotas/${taskTypeId}?count_mode=fast`, w.manager.token);
    expect(response.statusCode).toBe(400);
  });

  it("answers 404 for an unknown task type", async () => {
    const response = await get(`/data/projects/${w.project.id}/quotas/${UNKNOWN_ID}`, w.manager.token);
    expect(response.statusCode).toBe(404);
  });

  it("filters on a studio of the assignees", async () => {
    const studio = await t.make.makeStudio({ name: "North" });
    const response = await get(`/data/projects/${w.project.id}/quotas/${taskTypeId}?studio_id=${studio.id}`, w.manager.token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
  });

  it("runs a fixed number of statements whatever the number of shots", async () => {
    const url = `/data/projects/${w.project.id}/quotas/${taskTypeId}`;
    const before = await countStatements(() => get(url, w.manager.token));
    for (let index = 0; index < 5; index += 1) {
      const shot = await t.make.makeShot({ projectId: w.project.id, name: `SH1${index}0`, nbFrames: 10 });
      const extra = await t.make.makeTask({ entity: shot, taskTypeId, assignees: [w.artist.person.id] });
      await t.db.orm.update(task).set({ realStartDate: new Date("2024-05-06T09:00:00Z"), endDate: new Date("2024-05-08T09:00:00Z") }).where(eq(task.id, extra.id));
    }
    const after = await countStatements(() => get(url, w.manager.token));
    expect(after.result.statusCode).toBe(200);
    expect(after.count).toBe(before.count);
  });

  kitsuRoute("GET", "/data/projects/{project_id}/quotas/persons/{person_id}", {
    succeeds: ["keys one person's quotas by task type", async () => {
      const response = await get(`/data/projects/${w.project.id}/quotas/persons/${w.artist.person.id}?count_mode=feedback`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json() as Record<string, QuotaEntry>;
      expect(Object.keys(body).sort()).toEqual([taskTypeId, "total"].sort());
      expect(body[taskTypeId].month.frames["2024-03"]).toBe(150);
    }],
    fails: ["rejects an artist reading another person", async () => {
      const response = await get(`/data/projects/${w.project.id}/quotas/persons/${w.manager.person.id}`, w.artist.token);
      expect(response.statusCode).toBe(403);
    }],
  });

  it("shows a supervisor another person's quotas", async () => {
    const response = await get(`/data/projects/${w.project.id}/quotas/persons/${w.artist.person.id}`, w.supervisor.token);
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json() as object)).toContain(taskTypeId);
  });

  it("answers 400 for a malformed project id", async () => {
    const response = await get(`/data/projects/not-an-id/quotas/persons/${w.artist.person.id}`, w.manager.token);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Malformed ID.");
  });
});

describe("quota shots of a person", () => {
  const query = () => `?project_id=${w.project.id}&task_type_id=${taskTypeId}`;

  kitsuRoute("GET", "/data/persons/{person_id}/quota-shots/month/{year}/{month}", {
    succeeds: ["lists the month's shots with their weights", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/quota-shots/month/2024/3${query()}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { id: string; full_name: string; weight: number; type: string }[];
      expect(body.map((shot) => [shot.id, shot.full_name, shot.weight])).toEqual([
        [sh010Id, "SQ01 / SH010", 1],
        [sh020Id, "SQ01 / SH020", 1],
      ]);
    }],
    fails: ["rejects month 13", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/quota-shots/month/2024/13${query()}`, w.artist.token);
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/persons/{person_id}/quota-shots/week/{year}/{week}", {
    succeeds: ["lists the week's shots", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/quota-shots/week/2024/10${query()}`, w.manager.token);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { id: string; weight: number }[];
      expect(body.map((shot) => [shot.id, shot.weight])).toEqual([[sh010Id, 1]]);
    }],
    fails: ["rejects an artist of another project", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/quota-shots/week/2024/10${query()}`, w.outsider.token);
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/persons/{person_id}/quota-shots/day/{year}/{month}/{day}", {
    succeeds: ["weighs a day inside a spread task", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/quota-shots/day/2024/3/12${query()}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { id: string; weight: number }[];
      expect(body.map((shot) => [shot.id, shot.weight])).toEqual([[sh020Id, 0.33]]);
    }],
    fails: ["rejects day 32", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/quota-shots/day/2024/3/32${query()}`, w.artist.token);
      expect(response.statusCode).toBe(400);
    }],
  });

  it("counts shots whole by feedback date in feedback mode", async () => {
    const response = await get(`/data/persons/${w.artist.person.id}/quota-shots/month/2024/3${query()}&count_mode=feedback`, w.artist.token);
    const body = response.json() as { id: string; weight: number }[];
    expect(body.map((shot) => [shot.id, shot.weight])).toEqual([[sh010Id, 1], [sh020Id, 1]]);
  });

  it("returns nothing for Kitsu's query without a production", async () => {
    const response = await get(`/data/persons/${w.artist.person.id}/quota-shots/month/2024/3?&count_mode=weighted`, w.artist.token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it("answers 404 for an unknown person", async () => {
    const response = await get(`/data/persons/${UNKNOWN_ID}/quota-shots/month/2024/3${query()}`, w.admin.token);
    expect(response.statusCode).toBe(404);
  });
});

describe("person time totals", () => {
  kitsuRoute("GET", "/data/persons/{person_id}/time-spents/month/{year}/{month}", {
    succeeds: ["sums a month per task", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/time-spents/month/2024/3`, w.manager.token);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { task_id: string; duration: number; entity_name: string }[];
      expect(body).toEqual([expect.objectContaining({ task_id: loggedTaskId, duration: 120, entity_name: "SH010" })]);
    }],
    fails: ["rejects month 13", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/time-spents/month/2024/13`, w.artist.token);
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Invalid month or year: 2024-13.");
    }],
  });

  kitsuRoute("GET", "/data/persons/{person_id}/time-spents/day/{year}/{month}/{day}", {
    succeeds: ["sums one day per task", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/time-spents/day/2024/3/4`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { task_id: string; duration: number }[];
      expect(body.map((row) => [row.task_id, row.duration])).toEqual([[loggedTaskId, 60]]);
    }],
    fails: ["rejects day 32", async () => {
      const response = await get(`/data/persons/${w.artist.person.id}/time-spents/day/2024/3/32`, w.artist.token);
      expect(response.statusCode).toBe(400);
    }],
  });

  it("rejects another artist reading a person's month", async () => {
    const response = await get(`/data/persons/${w.artist.person.id}/time-spents/month/2024/3`, w.outsider.token);
    expect(response.statusCode).toBe(403);
  });

  it("rejects 30 February", async () => {
    const response = await get(`/data/persons/${w.artist.person.id}/time-spents/day/2024/2/30`, w.artist.token);
    expect(response.statusCode).toBe(400);
  });

  it("keeps the month total to the month", async () => {
    const response = await get(`/data/persons/${w.artist.person.id}/time-spents/month/2024/4`, w.artist.token);
    const body = response.json() as { duration: number }[];
    expect(body.map((row) => row.duration)).toEqual([30]);
  });
});
