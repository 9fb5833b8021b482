import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/app.js";
import { makePicture, multipartBody } from "../support/media.js";

// A pipeline script's day, call by call as gazu sends them: gazu looks an
// object up by name before it creates it, sends whole dicts back, reads only
// some keys of each response, and uploads previews through the comment routes.
// Each step reuses what the previous ones created, so the steps run in order.

type Json = Record<string, unknown>;

let t: TestApp;
let adminToken: string;
let artistToken: string;
let artistId: string;
let adminEmail: string;

const state: {
  projectId?: string;
  characterTypeId?: string;
  propTypeId?: string;
  assetIds: string[];
  episodeId?: string;
  sequenceId?: string;
  shotIds: string[];
  animationTypeId?: string;
  todoStatusId?: string;
  wipStatusId?: string;
  taskIds: string[];
  commentId?: string;
  previewFileId?: string;
  outputTypeId?: string;
  workingFileId?: string;
} = { assetIds: [], shotIds: [], taskIds: [] };

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.make.makePerson({ role: "admin" });
  const artist = await t.make.makePerson({ role: "user", firstName: "Ada", lastName: "Artist" });
  artistId = artist.id;
  adminEmail = admin.email ?? "";
  adminToken = await t.login(adminEmail);
  artistToken = await t.login(artist.email ?? "");
});

afterAll(async () => {
  await t.close();
});

async function call(method: "GET" | "POST" | "PUT" | "DELETE", url: string, token: string, payload?: unknown) {
  const response = await t.request({ method, url: `/api${url}`, token, payload: payload as Json | undefined });
  return response;
}

/** Sends a call gazu makes and returns its JSON, failing with the body when the status is not the one gazu expects. */
async function gazuCall<T = Json>(method: "GET" | "POST" | "PUT" | "DELETE", url: string, token: string, payload?: unknown, status = method === "POST" ? 201 : 200): Promise<T> {
  const response = await call(method, url, token, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 400)}`).toBe(status);
  return (response.body === "" ? undefined : response.json()) as T;
}

/** gazu's "get by name, create if missing": a list lookup that returns its first item or nothing. */
async function firstByName(url: string, token: string): Promise<Json | undefined> {
  const list = await gazuCall<Json[]>("GET", url, token);
  expect(Array.isArray(list)).toBe(true);
  return list[0];
}

describe("a gazu pipeline script", () => {
  it("logs in and reads the access token", async () => {
    const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: adminEmail, password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    expect(typeof response.json().access_token).toBe("string");
    expect(typeof response.json().refresh_token).toBe("string");
  });

  it("creates task statuses and task types", async () => {
    expect(await firstByName("/data/task-status?name=Todo%20Pipe", adminToken)).toBeUndefined();
    const todo = await gazuCall("POST", "/data/task-status", adminToken, { name: "Todo Pipe", short_name: "tdp", color: "#AAAAAA" });
    const wip = await gazuCall("POST", "/data/task-status", adminToken, { name: "WIP Pipe", short_name: "wipp", color: "#3273DC" });
    state.todoStatusId = todo.id as string;
    state.wipStatusId = wip.id as string;
    expect(todo.type).toBe("TaskStatus");

    expect(await firstByName("/data/task-types?name=Animation%20Pipe&for_entity=Shot", adminToken)).toBeUndefined();
    const animation = await gazuCall("POST", "/data/task-types", adminToken, { name: "Animation Pipe", color: "#22D160", for_entity: "Shot" });
    state.animationTypeId = animation.id as string;
    expect(animation.for_entity).toBe("Shot");
  });

  it("creates asset types", async () => {
    const existing = await firstByName("/data/entity-types?name=Character", adminToken);
    const character = existing ?? (await gazuCall<Json>("POST", "/data/entity-types", adminToken, { name: "Character" }));
    const prop = (await firstByName("/data/entity-types?name=Prop", adminToken)) ?? (await gazuCall<Json>("POST", "/data/entity-types", adminToken, { name: "Prop" }));
    state.characterTypeId = character.id as string;
    state.propTypeId = prop.id as string;
    expect(character.type).toBe("EntityType");
  });

  it("creates a project with its statuses, task types and asset types", async () => {
    expect(await firstByName("/data/projects?name=Pipeline%20Bunny", adminToken)).toBeUndefined();
    const project = await gazuCall("POST", "/data/projects", adminToken, {
      name: "Pipeline Bunny",
      production_type: "tvshow",
      production_style: "2d3d",
      team: [],
      asset_types: [state.characterTypeId, state.propTypeId],
      task_statuses: [state.todoStatusId, state.wipStatusId],
      task_types: [state.animationTypeId],
    });
    state.projectId = project.id as string;
    expect(project.type).toBe("Project");
    expect(project.production_type).toBe("tvshow");
  });

  it("creates assets, looking each up by name first", async () => {
    for (const [name, typeId] of [["Hero", state.characterTypeId], ["Sword", state.propTypeId]] as const) {
      expect(await firstByName(`/data/assets/all?project_id=${state.projectId}&name=${name}&entity_type_id=${typeId}`, adminToken)).toBeUndefined();
      const asset = await gazuCall("POST", `/data/projects/${state.projectId}/asset-types/${typeId}/assets/new`, adminToken, { name, data: {}, is_shared: false, description: `The ${name}` });
      expect(asset.project_id).toBe(state.projectId);
      expect(asset.entity_type_id).toBe(typeId);
      state.assetIds.push(asset.id as string);
    }
    const found = await firstByName(`/data/assets/all?project_id=${state.projectId}&name=Hero&entity_type_id=${state.characterTypeId}`, adminToken);
    expect(found?.id).toBe(state.assetIds[0]);
  });

  it("creates an episode, a sequence and shots", async () => {
    expect(await firstByName(`/data/episodes?project_id=${state.projectId}&name=E01`, adminToken)).toBeUndefined();
    const episode = await gazuCall("POST", `/data/projects/${state.projectId}/episodes`, adminToken, { name: "E01" });
    state.episodeId = episode.id as string;

    expect(await firstByName(`/data/sequences?project_id=${state.projectId}&name=SQ01&episode_id=${state.episodeId}`, adminToken)).toBeUndefined();
    const sequence = await gazuCall("POST", `/data/projects/${state.projectId}/sequences`, adminToken, { name: "SQ01", episode_id: state.episodeId });
    state.sequenceId = sequence.id as string;
    expect(sequence.parent_id).toBe(state.episodeId);

    for (const name of ["SH010", "SH020"]) {
      expect(await firstByName(`/data/shots/all?sequence_id=${state.sequenceId}&name=${name}`, adminToken)).toBeUndefined();
      const shot = await gazuCall("POST", `/data/projects/${state.projectId}/shots`, adminToken, { name, sequence_id: state.sequenceId, nb_frames: 48, data: { frame_in: 1, frame_out: 48 } });
      expect(shot.parent_id).toBe(state.sequenceId);
      expect(shot.nb_frames).toBe(48);
      state.shotIds.push(shot.id as string);
    }
    const shots = await gazuCall<Json[]>("GET", `/data/projects/${state.projectId}/shots`, adminToken);
    expect(shots.map((shot) => shot.name).sort()).toEqual(["SH010", "SH020"]);
  });

  it("creates tasks on the shots", async () => {
    const [defaultStatus] = await gazuCall<Json[]>("GET", "/data/task-status?is_default=True", adminToken);
    for (const shotId of state.shotIds) {
      expect(await firstByName(`/data/tasks?name=main&task_type_id=${state.animationTypeId}&entity_id=${shotId}`, adminToken)).toBeUndefined();
      const task = await gazuCall("POST", "/data/tasks", adminToken, {
        project_id: state.projectId,
        entity_id: shotId,
        task_type_id: state.animationTypeId,
        task_status_id: defaultStatus?.id ?? state.todoStatusId,
        assignees: [],
        name: "main",
      });
      expect(task.entity_id).toBe(shotId);
      state.taskIds.push(task.id as string);
    }
  });

  it("adds an artist to the team and assigns the tasks", async () => {
    await gazuCall("POST", `/data/projects/${state.projectId}/team`, adminToken, { person_id: artistId });
    const project = await gazuCall("GET", `/data/projects/${state.projectId}`, adminToken);
    expect(project.team).toContain(artistId);
    const assigned = await gazuCall<Json[]>("PUT", `/actions/persons/${artistId}/assign`, adminToken, { task_ids: state.taskIds });
    expect(assigned.map((task) => task.id).sort()).toEqual([...state.taskIds].sort());
  });

  it("lists the artist's tasks once they log in", async () => {
    const tasks = await gazuCall<Json[]>("GET", "/data/user/tasks", artistToken);
    expect(tasks.map((task) => task.id).sort()).toEqual([...state.taskIds].sort());
    for (const task of tasks) {
      expect(task.project_id).toBe(state.projectId);
      expect(task.entity_name).toBeDefined();
    }
  });

  it("comments with a status change", async () => {
    const comment = await gazuCall("POST", `/actions/tasks/${state.taskIds[0]}/comment`, artistToken, {
      task_status_id: state.wipStatusId,
      comment: "First blocking pass",
      checklist: [],
      links: [],
      for_client: false,
    });
    state.commentId = comment.id as string;
    expect(comment.task_status_id).toBe(state.wipStatusId);
    expect(comment.person_id).toBe(artistId);
    expect(comment.text).toBe("First blocking pass");
    const task = await gazuCall("GET", `/data/tasks/${state.taskIds[0]}`, artistToken);
    expect(task.task_status_id).toBe(state.wipStatusId);
  });

  it("logs time on the task", async () => {
    const spent = await gazuCall("POST", `/actions/tasks/${state.taskIds[0]}/time-spents/2026-12-01/persons/${artistId}`, artistToken, { duration: 120 });
    expect(spent.duration).toBe(120);
    const added = await gazuCall("POST", `/actions/tasks/${state.taskIds[0]}/time-spents/2026-12-01/persons/${artistId}/add`, artistToken, { duration: 60 });
    expect(added.duration).toBe(180);
  });

  it("uploads a PNG preview to the comment and downloads its thumbnail", async () => {
    const preview = await gazuCall("POST", `/actions/tasks/${state.taskIds[0]}/comments/${state.commentId}/add-preview`, artistToken, {});
    state.previewFileId = preview.id as string;
    expect(preview.revision).toBe(1);

    const { body, headers } = multipartBody("file", "blocking.png", await makePicture({ format: "png" }));
    const upload = await t.request({ method: "POST", url: `/api/pictures/preview-files/${state.previewFileId}?normalize=false`, token: artistToken, payload: body, headers });
    expect(upload.statusCode, upload.body).toBe(201);
    expect(upload.json().message).toBeUndefined();

    const thumbnail = await t.request({ method: "GET", url: `/api/pictures/thumbnails/preview-files/${state.previewFileId}.png`, token: artistToken });
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers["content-type"]).toBe("image/png");
    expect(thumbnail.rawPayload.subarray(1, 4).toString("latin1")).toBe("PNG");
  });

  it("builds a playlist with the shot's preview", async () => {
    expect(await firstByName(`/data/playlists?project_id=${state.projectId}&name=Dailies`, adminToken)).toBeUndefined();
    const playlist = await gazuCall("POST", "/data/playlists", adminToken, { name: "Dailies", project_id: state.projectId, for_entity: "shot", for_client: false, is_for_all: false, episode_id: state.episodeId });
    const previews = await gazuCall<Record<string, Json[]>>("GET", `/data/playlists/entities/${state.shotIds[0]}/preview-files`, adminToken);
    const previewId = previews[state.animationTypeId!]?.[0]?.id;
    expect(previewId).toBe(state.previewFileId);
    const updated = await gazuCall("POST", `/actions/playlists/${playlist.id as string}/add-entity`, adminToken, { entity_id: state.shotIds[0], preview_file_id: previewId }, 200);
    expect(JSON.stringify(updated.shots)).toContain(state.shotIds[0]);
  });

  it("casts the assets into a shot", async () => {
    const casting = [{ asset_id: state.assetIds[0], nb_occurences: 1 }, { asset_id: state.assetIds[1], nb_occurences: 2 }];
    await gazuCall("PUT", `/data/projects/${state.projectId}/entities/${state.shotIds[0]}/casting`, adminToken, casting);
    const read = await gazuCall<Json[]>("GET", `/data/projects/${state.projectId}/entities/${state.shotIds[0]}/casting`, adminToken);
    expect(read.map((link) => [link.asset_id, link.nb_occurences]).sort()).toEqual(casting.map((link) => [link.asset_id, link.nb_occurences]).sort());
  });

  it("creates working and output files in the project's file tree", async () => {
    const project = await gazuCall("POST", `/actions/projects/${state.projectId}/set-file-tree`, adminToken, { tree_name: "default" }, 200);
    expect(project.file_tree).toBeTypeOf("object");

    const working = await gazuCall("POST", `/data/tasks/${state.taskIds[0]}/working-files/new`, artistToken, { name: "main", comment: "blocking", task_id: state.taskIds[0], revision: 0, mode: "working", person_id: artistId });
    state.workingFileId = working.id as string;
    expect(working.revision).toBe(1);

    const outputType = (await firstByName("/data/output-types?name=Cache", adminToken)) ?? (await gazuCall<Json>("POST", "/data/output-types", adminToken, { name: "Cache", short_name: "cch" }));
    state.outputTypeId = outputType.id as string;
    const output = await gazuCall("POST", `/data/entities/${state.shotIds[0]}/output-files/new`, artistToken, {
      output_type_id: state.outputTypeId,
      task_type_id: state.animationTypeId,
      comment: "first cache",
      revision: 0,
      representation: "abc",
      name: "main",
      nb_elements: 1,
      sep: "/",
      working_file_id: state.workingFileId,
      person_id: artistId,
    });
    expect(output.entity_id).toBe(state.shotIds[0]);
    expect(output.revision).toBe(1);
    expect(typeof output.path).toBe("string");
  });

  it("exports the shots as CSV and imports them back", async () => {
    const exported = await t.request({ method: "GET", url: `/api/export/csv/projects/${state.projectId}/shots.csv`, token: adminToken });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers["content-type"]).toMatch(/text\/csv/);
    const lines = exported.body.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).join("\n")).toContain("SH010");

    const edited = exported.body.replace("SH020", "SH030");
    const { body, headers } = multipartBody("file", "shots.csv", Buffer.from(edited, "utf8"), "text/csv");
    const imported = await t.request({ method: "POST", url: `/api/import/csv/projects/${state.projectId}/shots`, token: adminToken, payload: body, headers });
    expect(imported.statusCode, imported.body).toBe(201);
    const shots = await gazuCall<Json[]>("GET", `/data/projects/${state.projectId}/shots`, adminToken);
    expect(shots.map((shot) => shot.name).sort()).toEqual(["SH010", "SH020", "SH030"]);
  });

  it("deletes a shot", async () => {
    const shotId = state.shotIds[1];
    await gazuCall("DELETE", `/data/shots/${shotId}?force=True`, adminToken, undefined, 204);
    const missing = await call("GET", `/data/shots/${shotId}`, adminToken);
    expect(missing.statusCode).toBe(404);
    const shots = await gazuCall<Json[]>("GET", `/data/projects/${state.projectId}/shots`, adminToken);
    expect(shots.map((shot) => shot.name).sort()).toEqual(["SH010", "SH030"]);
  });
});
