import { afterAll, beforeAll, describe, expect } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Timesheets and days off: the time of one day, days off by month, by date
// and for a production's team.

let t: TestApp;
let w: SeedWorld;
let taskId: string;
let otherProjectTaskId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const shot = await t.make.makeShot({ projectId: w.project.id, name: "SH010" });
  taskId = (await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] })).id;
  const elsewhere = await t.make.makeProject({ name: "Elsewhere", team: [{ id: w.artist.person.id }] });
  const otherShot = await t.make.makeShot({ projectId: elsewhere.id, name: "SH900" });
  otherProjectTaskId = (await t.make.makeTask({ entity: otherShot, assignees: [w.artist.person.id] })).id;
  await t.make.makeTimeSpent({ taskId, personId: w.artist.person.id, date: "2024-03-04", duration: 120 });
  await t.make.makeTimeSpent({ taskId: otherProjectTaskId, personId: w.artist.person.id, date: "2024-03-04", duration: 60 });
  await t.make.makeTimeSpent({ taskId, personId: w.artist.person.id, date: "2024-03-05", duration: 30 });
  await t.make.makeDayOff({ personId: w.artist.person.id, date: "2024-05-01", endDate: "2024-05-03", description: "Family trip" });
  await t.make.makeDayOff({ personId: w.manager.person.id, date: "2024-05-30", endDate: "2024-06-02", description: "Moving" });
});

afterAll(async () => {
  await t.close();
});

describe("time of one day", () => {
  kitsuRoute("GET", "/data/user/time-spents/{date}", {
    succeeds: ["lists the caller's entries of the day", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/time-spents/2024-03-04", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { duration: number; date: string; type: string }[];
      expect(body.map((item) => item.duration).sort()).toEqual([120, 60].sort());
      expect(body.every((item) => item.date === "2024-03-04" && item.type === "TimeSpent")).toBe(true);
    }],
    fails: ["rejects a malformed date", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/time-spents/04-03-2024", token: w.artist.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Wrong date format.");
    }],
  });

  kitsuRoute("GET", "/data/persons/{person_id}/time-spents/{date}", {
    succeeds: ["shows a manager the entries in their projects", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/time-spents/2024-03-04`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { task_id: string; duration: number }[];
      expect(body.map((item) => item.task_id)).toEqual([taskId]);
      expect(body[0].duration).toBe(120);
    }],
    fails: ["rejects another artist", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/time-spents/2024-03-04`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/persons/{person_id}/time-spents/{date}", {
    succeeds: ["shows the person all their entries", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/time-spents/2024-03-04`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveLength(2);
    }],
    fails: ["answers 404 for an unknown person", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${UNKNOWN_ID}/time-spents/2024-03-04`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("days off", () => {
  kitsuRoute("GET", "/data/persons/day-offs/{year}/{month}", {
    succeeds: ["lists everyone's days off of the month for an admin", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/day-offs/2024/5", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { person_id: string; date: string; end_date: string; type: string }[];
      expect(body.map((item) => item.person_id)).toEqual([w.artist.person.id, w.manager.person.id]);
      expect(body[0]).toMatchObject({ type: "DayOff", date: "2024-05-01", end_date: "2024-05-03" });
    }],
    fails: ["keeps a non-admin to their own days off", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/day-offs/2024/5", token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { person_id: string }) => item.person_id)).toEqual([w.manager.person.id]);
    }],
  });

  kitsuRoute("GET", "/data/persons/day-offs/{year}/{month}", {
    succeeds: ["includes a day off that starts the month before", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/day-offs/2024/06", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { person_id: string }) => item.person_id)).toEqual([w.manager.person.id]);
    }],
    fails: ["rejects a month that does not exist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/day-offs/2024/13", token: w.admin.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Wrong date format.");
    }],
  });

  kitsuRoute("GET", "/data/persons/{person_id}/day-offs/{date}", {
    succeeds: ["returns the day off covering the date, or an empty object", async () => {
      const covered = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/2024-05-02`, token: w.artist.token });
      expect(covered.statusCode).toBe(200);
      expect(covered.json()).toMatchObject({ type: "DayOff", person_id: w.artist.person.id, description: "Family trip" });
      const free = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/2024-05-10`, token: w.artist.token });
      expect(free.json()).toEqual({});
    }],
    fails: ["rejects another person's day off for a non-admin", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/2024-05-02`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/projects/{project_id}/day-offs", {
    succeeds: ["lists the team's days off with descriptions for a manager", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/day-offs?start_date=2024-05-01&end_date=2024-05-31`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(Object.keys(body).sort()).toEqual([w.artist.person.id, w.manager.person.id].sort());
      expect(body[w.artist.person.id][0]).toMatchObject({ description: "Family trip", date: "2024-05-01" });
    }],
    fails: ["rejects a client", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/day-offs`, token: w.client.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/projects/{project_id}/day-offs", {
    succeeds: ["hides other people's descriptions from an artist", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/day-offs`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body[w.artist.person.id][0].description).toBe("Family trip");
      expect(body[w.manager.person.id][0]).not.toHaveProperty("description");
    }],
    fails: ["rejects a malformed date", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/day-offs?start_date=May`, token: w.manager.token });
      expect(response.statusCode).toBe(400);
    }],
  });
});

describe("timesheet tables", () => {
  kitsuRoute("GET", "/data/persons/time-spents/day-table/{year}/{month}", {
    succeeds: ["sums the minutes by day and person", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/time-spents/day-table/2024/3", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ "4": { [w.artist.person.id]: 180 }, "5": { [w.artist.person.id]: 30 } });
    }],
    fails: ["rejects a month that does not exist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/time-spents/day-table/2024/13", token: w.admin.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Invalid month or year.");
    }],
  });

  kitsuRoute("GET", "/data/persons/time-spents/week-table/{year}", {
    succeeds: ["sums the minutes by ISO week within a manager's projects", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/time-spents/week-table/2024", token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ "10": { [w.artist.person.id]: 150 } });
    }],
    fails: ["rejects a project the manager is not on", async () => {
      const elsewhere = await t.make.makeProject({ name: "Not mine" });
      const response = await t.request({ method: "GET", url: `/api/data/persons/time-spents/week-table/2024?project_id=${elsewhere.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/persons/time-spents/month-table/{year}", {
    succeeds: ["keeps an artist to their own time", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/time-spents/month-table/2024", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ "3": { [w.artist.person.id]: 210 } });
      const other = await t.request({ method: "GET", url: "/api/data/persons/time-spents/month-table/2024", token: w.outsider.token });
      expect(other.json()).toEqual({});
    }],
    fails: ["rejects a malformed project filter", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/time-spents/month-table/2024?project_id=abc", token: w.admin.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/persons/time-spents/year-table", {
    succeeds: ["sums the minutes by year", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/time-spents/year-table?project_id=${w.project.id}`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ "2024": { [w.artist.person.id]: 150 } });
    }],
    fails: ["rejects a supervisor asking for another department", async () => {
      const department = await t.make.makeDepartment({ name: "Lighting" });
      const response = await t.request({ method: "GET", url: `/api/data/persons/time-spents/year-table?department_id=${department.id}`, token: w.supervisor.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Supervisor not allowed to access this department");
    }],
  });
});
