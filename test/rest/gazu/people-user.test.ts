import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chat, chatParticipant } from "../../../schema/comments.js";
import { searchFilter, searchFilterGroup } from "../../../schema/misc.js";
import { notification, subscription } from "../../../schema/notifications.js";
import { desktopLoginLog, person } from "../../../schema/people.js";
import { countStatements } from "../../../src/db/statements.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { graphqlData } from "../../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// The routes scoped to the logged-in person under /data/user: the "my
// tasks" navigation, saved filters and filter groups, desktop logins,
// notifications and chats.

let t: TestApp;
let w: SeedWorld;
let episode: EntityRow;
let sequence: EntityRow;
let shot: EntityRow;
let otherShot: EntityRow;
let hero: EntityRow;
let characterTypeId: string;
let closedProjectId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
  sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  otherShot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
  hero = await t.make.makeAsset({ projectId: w.project.id, assetType: "Character", name: "Hero" });
  await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Sword" });
  characterTypeId = hero.entityTypeId;
  await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });
  await t.make.makeTask({ entity: otherShot, assignees: [w.supervisor.person.id] });
  await t.make.makeTask({ entity: hero, assignees: [w.artist.person.id] });
  const closedStatus = await t.make.makeProjectStatus("Closed");
  closedProjectId = (await t.make.makeProject({ name: "Old Show", projectStatusId: closedStatus, team: [{ id: w.artist.person.id }] })).id;
});

afterAll(async () => {
  await t.close();
});

describe("my tasks navigation", () => {
  gazuRoute("GET", "/data/user/projects/open", {
    succeeds: ["lists the open projects of the caller's teams", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/projects/open", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const names = response.json().map((item: { name: string }) => item.name);
      expect(names).toEqual(["Big Bunny"]);
      expect(response.json()[0]).toMatchObject({ type: "Project", id: w.project.id });
      expect(response.json()[0].team).toContain(w.artist.person.id);
    }],
    fails: ["refuses a bot", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/projects/open", token: w.bot.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("filters open projects by exact name", async () => {
    const hit = await t.request({ method: "GET", url: "/api/data/user/projects/open?name=Big%20Bunny", token: w.admin.token });
    expect(hit.json().map((item: { id: string }) => item.id)).toEqual([w.project.id]);
    const miss = await t.request({ method: "GET", url: "/api/data/user/projects/open?name=Big", token: w.admin.token });
    expect(miss.json()).toEqual([]);
    const outsider = await t.request({ method: "GET", url: "/api/data/user/projects/open", token: w.outsider.token });
    expect(outsider.json()).toEqual([]);
    expect(closedProjectId).toBeDefined();
  });

  gazuRoute("GET", "/data/user/projects/{project_id}/asset-types", {
    succeeds: ["lists asset types of the caller's assigned assets", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/projects/${w.project.id}/asset-types`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: characterTypeId, name: "Character", type: "AssetType" })]);
    }],
    fails: ["answers 404 for an unknown project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/projects/${UNKNOWN_ID}/asset-types`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/user/projects/{project_id}/asset-types/{asset_type_id}/assets", {
    succeeds: ["lists the caller's assigned assets of the type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/projects/${w.project.id}/asset-types/${characterTypeId}/assets`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: hero.id, name: "Hero", type: "Asset", project_id: w.project.id })]);
      const supervisor = await t.request({ method: "GET", url: `/api/data/user/projects/${w.project.id}/asset-types/${characterTypeId}/assets`, token: w.supervisor.token });
      expect(supervisor.json()).toEqual([]);
    }],
    fails: ["answers 404 for an unknown asset type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/projects/${w.project.id}/asset-types/${UNKNOWN_ID}/assets`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/user/projects/{project_id}/episodes", {
    succeeds: ["lists episodes holding the caller's shots", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/projects/${w.project.id}/episodes`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: episode.id, name: "E01", type: "Episode" })]);
      const client = await t.request({ method: "GET", url: `/api/data/user/projects/${w.project.id}/episodes`, token: w.client.token });
      expect(client.json()).toEqual([]);
    }],
    fails: ["answers 404 for a malformed project id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/projects/not-an-id/episodes", token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/user/projects/{project_id}/sequences", {
    succeeds: ["lists sequences holding the caller's shots", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/projects/${w.project.id}/sequences`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: sequence.id, name: "SQ01", type: "Sequence" })]);
    }],
    fails: ["answers 404 for an unknown project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/projects/${UNKNOWN_ID}/sequences`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/user/sequences/{sequence_id}/shots", {
    succeeds: ["lists only the caller's shots of the sequence", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/sequences/${sequence.id}/shots`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: shot.id, name: "SH010", type: "Shot", parent_id: sequence.id })]);
    }],
    fails: ["answers 404 when the id is a shot", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/sequences/${shot.id}/shots`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/user/sequences/{sequence_id}/scenes", {
    succeeds: ["lists the caller's scenes of the sequence", async () => {
      const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC01" });
      await t.make.makeTask({ entity: scene, assignees: [w.artist.person.id] });
      const response = await t.request({ method: "GET", url: `/api/data/user/sequences/${sequence.id}/scenes`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: scene.id, type: "Scene" })]);
    }],
    fails: ["answers 404 for an unknown sequence", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/sequences/${UNKNOWN_ID}/scenes`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("user context", () => {
  gazuRoute("GET", "/data/user/context", {
    succeeds: ["returns the caller's projects and reference lists", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/context", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.projects.map((item: { id: string }) => item.id)).toEqual([w.project.id]);
      expect(body.persons.some((item: { id: string }) => item.id === w.artist.person.id)).toBe(true);
      for (const key of ["asset_types", "task_types", "task_status", "project_status", "search_filters", "search_filter_groups"]) expect(body).toHaveProperty(key);
      expect(typeof body.notification_count).toBe("number");
    }],
    fails: ["refuses a bot", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/context", token: w.bot.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("saved search filters", () => {
  gazuRoute("POST", "/data/user/filters", {
    succeeds: ["saves a filter with gazu's project object", async () => {
      const response = await t.request({
        method: "POST",
        url: "/api/data/user/filters",
        token: w.artist.token,
        payload: { name: "Retakes", query: "status=retake", list_type: "shots", project_id: { id: w.project.id }, entity_type: "Shot" },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        type: "SearchFilter",
        name: "Retakes",
        search_query: "status=retake",
        list_type: "shots",
        project_id: w.project.id,
        person_id: w.artist.person.id,
        is_shared: false,
      });
    }],
    fails: ["rejects a filter without a query", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/user/filters", token: w.artist.token, payload: { name: "Empty" } });
      expect(response.statusCode).toBe(400);
      expect(response.json().data.errors[0].field).toBe("query");
    }],
  });

  it("stores a shared filter unshared unless a project manager made it", async () => {
    const artist = await t.request({ method: "POST", url: "/api/data/user/filters", token: w.artist.token, payload: { name: "Mine", query: "x", project_id: w.project.id, is_shared: true } });
    expect(artist.json().is_shared).toBe(false);
    const manager = await t.request({ method: "POST", url: "/api/data/user/filters", token: w.manager.token, payload: { name: "Team", query: "y", project_id: w.project.id, is_shared: true } });
    expect(manager.json().is_shared).toBe(true);
  });

  gazuRoute("GET", "/data/user/filters", {
    succeeds: ["groups filters by list type and project", async () => {
      await t.request({ method: "POST", url: "/api/data/user/filters", token: w.artist.token, payload: { name: "Anywhere", query: "z", list_type: "todo" } });
      const response = await t.request({ method: "GET", url: "/api/data/user/filters", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.shots[w.project.id].map((item: { name: string }) => item.name)).toContain("Retakes");
      expect(body.todo.all.map((item: { name: string }) => item.name)).toEqual(["Anywhere"]);
      expect(body.shots[w.project.id].some((item: { person_id: string }) => item.person_id === w.supervisor.person.id)).toBe(false);
    }],
    fails: ["refuses a bot", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/filters", token: w.bot.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("returns the same filters through GraphQL", async () => {
    const rest = await t.request({ method: "GET", url: "/api/data/user/filters", token: w.artist.token });
    const data = await graphqlData<{ viewerSearchFiltersJson: unknown }>(t, w.artist, "{ viewerSearchFiltersJson }");
    expect(data.viewerSearchFiltersJson).toEqual(rest.json());
  });

  it("hides shared filters of a team the caller is not on", async () => {
    const response = await t.request({ method: "GET", url: "/api/data/user/filters", token: w.outsider.token });
    expect(response.json()).toEqual({});
    const teammate = await t.request({ method: "GET", url: "/api/data/user/filters", token: w.supervisor.token });
    expect(teammate.json().todo[w.project.id].map((item: { name: string }) => item.name)).toEqual(["Team"]);
  });

  gazuRoute("PUT", "/data/user/filters/{filter_id}", {
    succeeds: ["renames the caller's filter from gazu's whole dict", async () => {
      const [stored] = await t.db.orm.select().from(searchFilter).where(eq(searchFilter.name, "Retakes"));
      const created = await t.request({ method: "GET", url: "/api/data/user/filters", token: w.artist.token });
      const json = created.json().shots[w.project.id].find((item: { id: string }) => item.id === stored.id);
      const response = await t.request({ method: "PUT", url: `/api/data/user/filters/${stored.id}`, token: w.artist.token, payload: { ...json, name: "Retakes 2" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: stored.id, name: "Retakes 2", search_query: "status=retake", type: "SearchFilter" });
    }],
    fails: ["answers 404 for another person's filter", async () => {
      const [stored] = await t.db.orm.select().from(searchFilter).where(eq(searchFilter.name, "Team"));
      const response = await t.request({ method: "PUT", url: `/api/data/user/filters/${stored.id}`, token: w.artist.token, payload: { name: "Stolen" } });
      expect(response.statusCode).toBe(404);
      const [after] = await t.db.orm.select().from(searchFilter).where(eq(searchFilter.id, stored.id));
      expect(after.name).toBe("Team");
    }],
  });

  gazuRoute("DELETE", "/data/user/filters/{filter_id}", {
    succeeds: ["deletes the caller's filter", async () => {
      const [stored] = await t.db.orm.select().from(searchFilter).where(eq(searchFilter.name, "Anywhere"));
      const response = await t.request({ method: "DELETE", url: `/api/data/user/filters/${stored.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(searchFilter).where(eq(searchFilter.id, stored.id))).toEqual([]);
    }],
    fails: ["answers 404 for an unknown filter", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/user/filters/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  it("lets an admin delete anyone's filter", async () => {
    const [stored] = await t.db.orm.select().from(searchFilter).where(eq(searchFilter.name, "Mine"));
    const response = await t.request({ method: "DELETE", url: `/api/data/user/filters/${stored.id}`, token: w.admin.token });
    expect(response.statusCode).toBe(204);
  });
});

describe("search filter groups", () => {
  let groupId: string;

  gazuRoute("POST", "/data/user/filter-groups", {
    succeeds: ["creates a group for the caller", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/user/filter-groups", token: w.artist.token, payload: { name: "Lighting", project_id: { id: w.project.id }, color: "#ff0000", list_type: "shots" } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ type: "SearchFilterGroup", name: "Lighting", color: "#ff0000", project_id: w.project.id, person_id: w.artist.person.id });
      groupId = response.json().id;
    }],
    fails: ["rejects a group without a name", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/user/filter-groups", token: w.artist.token, payload: { project_id: w.project.id } });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/user/filter-groups", {
    succeeds: ["groups the caller's groups by list and project", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/filter-groups", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().shots[w.project.id].map((item: { id: string }) => item.id)).toEqual([groupId]);
    }],
    fails: ["refuses a bot", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/filter-groups", token: w.bot.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/user/filter-groups/{filter_group_id}", {
    succeeds: ["returns the caller's group", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/filter-groups/${groupId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: groupId, name: "Lighting", type: "SearchFilterGroup" });
    }],
    fails: ["answers 404 for another person's group", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/filter-groups/${groupId}`, token: w.supervisor.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("PUT", "/data/user/filter-groups/{filter_group_id}", {
    succeeds: ["updates the group's name and colour", async () => {
      const current = (await t.request({ method: "GET", url: `/api/data/user/filter-groups/${groupId}`, token: w.artist.token })).json();
      const response = await t.request({ method: "PUT", url: `/api/data/user/filter-groups/${groupId}`, token: w.artist.token, payload: { ...current, name: "Lighting 2", color: "#00ff00" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: groupId, name: "Lighting 2", color: "#00ff00" });
    }],
    fails: ["rejects a colour longer than the column", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/user/filter-groups/${groupId}`, token: w.artist.token, payload: { color: "#00ff00ff00" } });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("copies a group's sharing change to its filters", async () => {
    const group = await t.request({ method: "POST", url: "/api/data/user/filter-groups", token: w.manager.token, payload: { name: "Shared", project_id: w.project.id } });
    const filter = await t.request({ method: "POST", url: "/api/data/user/filters", token: w.manager.token, payload: { name: "In group", query: "q", project_id: w.project.id, search_filter_group_id: group.json().id } });
    expect(filter.statusCode).toBe(201);
    const shared = await t.request({ method: "PUT", url: `/api/data/user/filter-groups/${group.json().id}`, token: w.manager.token, payload: { is_shared: true, project_id: w.project.id } });
    expect(shared.json().is_shared).toBe(true);
    const [stored] = await t.db.orm.select().from(searchFilter).where(eq(searchFilter.id, filter.json().id));
    expect(stored.isShared).toBe(true);
  });

  gazuRoute("DELETE", "/data/user/filter-groups/{filter_group_id}", {
    succeeds: ["deletes the group and its filters", async () => {
      const filter = await t.request({ method: "POST", url: "/api/data/user/filters", token: w.artist.token, payload: { name: "Grouped", query: "q", search_filter_group_id: groupId } });
      expect(filter.statusCode).toBe(201);
      const response = await t.request({ method: "DELETE", url: `/api/data/user/filter-groups/${groupId}`, token: w.artist.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(searchFilterGroup).where(eq(searchFilterGroup.id, groupId))).toEqual([]);
      expect(await t.db.orm.select().from(searchFilter).where(eq(searchFilter.id, filter.json().id))).toEqual([]);
    }],
    fails: ["answers 404 for an unknown group", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/user/filter-groups/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("desktop login logs", () => {
  gazuRoute("POST", "/data/user/desktop-login-logs", {
    succeeds: ["records a login at gazu's local time", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/user/desktop-login-logs", token: w.artist.token, payload: { date: "2026-03-02T09:15:00.123456" } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ type: "DesktopLoginLog", person_id: w.artist.person.id, date: "2026-03-02T09:15:00" });
      const [stored] = await t.db.orm.select().from(person).where(eq(person.id, w.artist.person.id));
      expect(stored.lastPresence).toBe("2026-03-02");
    }],
    fails: ["rejects a date that is not a timestamp", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/user/desktop-login-logs", token: w.artist.token, payload: { date: "yesterday" } });
      expect(response.statusCode).toBe(400);
      expect(await t.db.orm.select().from(desktopLoginLog).where(eq(desktopLoginLog.personId, w.artist.person.id))).toHaveLength(1);
    }],
  });

  gazuRoute("GET", "/data/user/desktop-login-logs", {
    succeeds: ["lists the caller's logins, newest first", async () => {
      await t.request({ method: "POST", url: "/api/data/user/desktop-login-logs", token: w.artist.token, payload: {} });
      const response = await t.request({ method: "GET", url: "/api/data/user/desktop-login-logs", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const dates = response.json().map((item: { date: string }) => item.date);
      expect(dates).toHaveLength(2);
      expect(dates[1]).toBe("2026-03-02T09:15:00");
      const other = await t.request({ method: "GET", url: "/api/data/user/desktop-login-logs", token: w.supervisor.token });
      expect(other.json()).toEqual([]);
    }],
    fails: ["refuses a bot", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/desktop-login-logs", token: w.bot.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("notifications of the caller", () => {
  let notificationId: string;

  beforeAll(async () => {
    const task = await t.make.makeTask({ entity: otherShot, assignees: [w.artist.person.id] });
    const comment = await t.make.makeComment({ task, personId: w.supervisor.person.id, text: "Please fix the hands" });
    const row = await t.make.makeNotification({ personId: w.artist.person.id, authorId: w.supervisor.person.id, commentId: comment.id, taskId: task.id, type: "comment" });
    notificationId = row.id;
    await t.db.orm.insert(subscription).values({ personId: w.artist.person.id, taskId: task.id });
    await t.make.makeNotification({ personId: w.supervisor.person.id, authorId: w.artist.person.id, taskId: task.id, type: "assignation" });
  });

  gazuRoute("GET", "/data/user/notifications", {
    succeeds: ["lists the caller's notifications with details", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/notifications", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([
        expect.objectContaining({
          id: notificationId,
          type: "Notification",
          notification_type: "comment",
          comment_text: "Please fix the hands",
          project_id: w.project.id,
          project_name: "Big Bunny",
          full_entity_name: "E01 / SQ01 / SH020",
          episode_id: episode.id,
          read: false,
        }),
      ]);
      expect(response.json()[0].subscription_id).not.toBeNull();
    }],
    fails: ["rejects a malformed task type filter", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/notifications?task_type_id=nope", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("filters notifications by read and watching", async () => {
    const unwatched = await t.request({ method: "GET", url: "/api/data/user/notifications?watching=false", token: w.artist.token });
    expect(unwatched.json()).toEqual([]);
    const read = await t.request({ method: "GET", url: "/api/data/user/notifications?read=true", token: w.artist.token });
    expect(read.json()).toEqual([]);
  });

  gazuRoute("GET", "/data/user/notifications/{notification_id}", {
    succeeds: ["returns one of the caller's notifications", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/notifications/${notificationId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: notificationId, notification_type: "comment", type: "Notification" });
    }],
    fails: ["answers 404 for another person's notification", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/user/notifications/${notificationId}`, token: w.supervisor.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("PUT", "/data/user/notifications/{notification_id}", {
    succeeds: ["marks the notification read from gazu's dict", async () => {
      const current = (await t.request({ method: "GET", url: `/api/data/user/notifications/${notificationId}`, token: w.artist.token })).json();
      const response = await t.request({ method: "PUT", url: `/api/data/user/notifications/${notificationId}`, token: w.artist.token, payload: { ...current, read: true } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: notificationId, read: true, type: "Notification" });
      const [stored] = await t.db.orm.select().from(notification).where(eq(notification.id, notificationId));
      expect(stored.read).toBe(true);
    }],
    fails: ["answers 404 for another person's notification", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/user/notifications/${notificationId}`, token: w.supervisor.token, payload: { read: false } });
      expect(response.statusCode).toBe(404);
      const [stored] = await t.db.orm.select().from(notification).where(eq(notification.id, notificationId));
      expect(stored.read).toBe(true);
    }],
  });
});

describe("notification list cost", () => {
  it("sends the same statements for 2 or 12 notifications", async () => {
    const makeBatch = async (count: number) => {
      for (let index = 0; index < count; index += 1) {
        const target = index % 2 === 0 ? otherShot : hero;
        const task = await t.make.makeTask({ entity: target, assignees: [w.manager.person.id] });
        const comment = await t.make.makeComment({ task, personId: w.client.person.id, text: `Note ${index}` });
        await t.make.makeNotification({ personId: w.manager.person.id, authorId: w.client.person.id, commentId: comment.id, taskId: task.id, type: "comment" });
      }
    };
    const listOnce = () => countStatements(() => t.request({ method: "GET", url: "/api/data/user/notifications", token: w.manager.token }));

    await makeBatch(2);
    // The first request after a write to people reads the token's person again; the counts compare cached ones.
    await listOnce();
    const small = await listOnce();
    expect(small.result.json()).toHaveLength(2);
    await makeBatch(10);
    const large = await listOnce();
    expect(large.result.json()).toHaveLength(12);
    expect(small.count).toBeGreaterThan(0);
    expect(large.count).toBe(small.count);
  });
});

describe("chats of the caller", () => {
  gazuRoute("GET", "/data/user/chats", {
    succeeds: ["lists the chats the caller joined", async () => {
      const [row] = await t.db.orm.insert(chat).values({ objectId: hero.id, objectType: "entity" }).returning();
      await t.db.orm.insert(chatParticipant).values({ chatId: row.id, personId: w.artist.person.id });
      const response = await t.request({ method: "GET", url: "/api/data/user/chats", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: row.id, object_id: hero.id, entity_name: "Character / Hero", project_id: w.project.id })]);
      const other = await t.request({ method: "GET", url: "/api/data/user/chats", token: w.supervisor.token });
      expect(other.json()).toEqual([]);
    }],
    fails: ["refuses a bot", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/user/chats", token: w.bot.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});
