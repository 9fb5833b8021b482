import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entity } from "../../../schema/entities.js";
import { projectTaskTypeLink } from "../../../schema/projects.js";
import { task } from "../../../schema/tasks.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// The OpenTimelineIO import behind gazu's shot.import_otio.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

/** Builds a multipart body as Python's requests does: the form fields, then the file. */
function multipart(fields: Record<string, string>, fileName: string, content: string) {
  const boundary = `----kumiki${randomUUID().replace(/-/g, "")}`;
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`);
  return { body: `${parts.join("")}--${boundary}--\r\n`, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

function time(value: number, rate = 24) {
  return { OTIO_SCHEMA: "RationalTime.1", rate, value };
}

function clip(name: string, start: number, duration: number) {
  return { OTIO_SCHEMA: "Clip.2", name, source_range: { OTIO_SCHEMA: "TimeRange.1", start_time: time(start), duration: time(duration) } };
}

function gap(duration: number) {
  return { OTIO_SCHEMA: "Gap.1", source_range: { OTIO_SCHEMA: "TimeRange.1", start_time: time(0), duration: time(duration) } };
}

function timeline(children: unknown[]) {
  return JSON.stringify({
    OTIO_SCHEMA: "Timeline.1",
    name: "edit",
    tracks: { OTIO_SCHEMA: "Stack.1", children: [{ OTIO_SCHEMA: "Track.1", kind: "Video", children }, { OTIO_SCHEMA: "Track.1", kind: "Audio", children: [clip("audio_only", 0, 10)] }] },
  });
}

let projectCount = 0;

/** Creates a project on the manager's and artist's team, named with letters and digits only so clip names can spell it. */
async function makeTeamProject(values: { productionType?: string } = {}) {
  projectCount += 1;
  return t.make.makeProject({ name: `BBB${projectCount}`, team: [{ id: w.manager.person.id }, { id: w.artist.person.id }], ...values });
}

function importOtio(url: string, token: string, content: string, fields: Record<string, string> = {}, fileName = "edit.otio") {
  const { body, headers } = multipart(fields, fileName, content);
  return t.request({ method: "POST", url, token, payload: body, headers });
}

describe("OTIO import", () => {
  gazuRoute("POST", "/import/otio/projects/{project_id}", {
    succeeds: ["creates shots with their frame range and updates known ones", async () => {
      const project = await makeTeamProject();
      const shotType = await t.make.makeTaskType({ name: `Layout ${randomUUID().slice(0, 4)}`, forEntity: "Shot" });
      await t.db.orm.insert(projectTaskTypeLink).values({ projectId: project.id, taskTypeId: shotType.id, priority: 1 });
      const sequence = await t.make.makeSequence({ projectId: project.id, name: "SQ01" });
      const known = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, name: "SH010", data: { fps: "24" } });

      const content = timeline([clip(`${project.name}_SQ01-SH010.mov`, 86400, 48), gap(10), clip(`${project.name}_SQ02-SH020`, 0, 24)]);
      const response = await importOtio(`/api/import/otio/projects/${project.id}`, w.manager.token, content, { naming_convention: "${project_name}_${sequence_name}-${shot_name}", match_case: "True" });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      expect(body.updated_shots.map((shot: { id: string }) => shot.id)).toEqual([known.id]);
      expect(body.updated_shots[0]).toMatchObject({ nb_frames: 48, data: { fps: "24", frame_in: 0, frame_out: 47 } });
      expect(body.created_shots).toHaveLength(1);
      expect(body.created_shots[0]).toMatchObject({ type: "Shot", name: "SH020", nb_frames: 24, data: { frame_in: 58, frame_out: 81 } });
      const tasks = await t.db.orm.select().from(task).where(eq(task.entityId, body.created_shots[0].id));
      expect(tasks.map((row) => row.taskTypeId)).toEqual([shotType.id]);
    }],
    fails: ["writes nothing when a clip follows no convention", async () => {
      const project = await makeTeamProject();
      const content = timeline([clip(`${project.name}_SQ01-SH010`, 0, 24), clip("random clip", 0, 24)]);
      const response = await importOtio(`/api/import/otio/projects/${project.id}`, w.manager.token, content);
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain("clip 2");
      expect(await t.db.orm.select().from(entity).where(eq(entity.projectId, project.id))).toEqual([]);
    }],
  });

  it("matches shots regardless of case when asked", async () => {
    const project = await makeTeamProject();
    const sequence = await t.make.makeSequence({ projectId: project.id, name: "SQ01" });
    const known = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, name: "SH010" });
    const response = await importOtio(`/api/import/otio/projects/${project.id}`, w.manager.token, timeline([clip(`${project.name.toLowerCase()}_sq01-sh010`, 0, 12)]), { match_case: "False" });
    expect(response.json().updated_shots.map((shot: { id: string }) => shot.id)).toEqual([known.id]);
  });

  it("reads a CMX 3600 EDL at the project's frame rate", async () => {
    const project = await makeTeamProject();
    const edl = [
      "TITLE: edit",
      "FCM: NON-DROP FRAME",
      "",
      "001  AX       V     C        01:00:10:00 01:00:11:00 01:00:00:00 01:00:01:00",
      `* FROM CLIP NAME: ${project.name}_SQ01-SH010.mov`,
      "002  AX       V     C        02:00:00:00 02:00:00:12 01:00:01:00 01:00:01:12",
      `* FROM CLIP NAME: ${project.name}_SQ01-SH020`,
      "003  AX       A     C        02:00:00:00 02:00:00:12 01:00:01:00 01:00:01:12",
    ].join("\n");
    const response = await importOtio(`/api/import/otio/projects/${project.id}`, w.manager.token, edl, {}, "edit.edl");
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json().created_shots as Record<string, unknown>[];
    expect(created.map((shot) => shot.name)).toEqual(["SH010", "SH020"]);
    expect(created[0]).toMatchObject({ nb_frames: 25, data: { frame_in: 0, frame_out: 24 } });
    expect(created[1]).toMatchObject({ nb_frames: 12, data: { frame_in: 25, frame_out: 36 } });
  });

  it("rejects an artist", async () => {
    const project = await makeTeamProject();
    const response = await importOtio(`/api/import/otio/projects/${project.id}`, w.artist.token, timeline([]));
    expect(response.statusCode).toBe(403);
  });

  it("rejects a file that is not OTIO JSON", async () => {
    const project = await makeTeamProject();
    const response = await importOtio(`/api/import/otio/projects/${project.id}`, w.manager.token, "TITLE: edit\n001  AX V C 00:00:00:00 00:00:01:00");
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe(true);
  });

  gazuRoute("POST", "/import/otio/projects/{project_id}/episodes/{episode_id}", {
    succeeds: ["creates the sequences under the episode", async () => {
      const project = await makeTeamProject({ productionType: "tvshow" });
      const episode = await t.make.makeEpisode({ projectId: project.id, name: "E01" });
      const convention = "${episode_name}_${sequence_name}_${shot_name}";
      const response = await importOtio(`/api/import/otio/projects/${project.id}/episodes/${episode.id}`, w.manager.token, timeline([clip("E01_SQ01_SH010", 0, 24)]), { naming_convention: convention });
      expect(response.statusCode, response.body).toBe(201);
      const created = response.json().created_shots[0];
      const [sequence] = await t.db.orm.select().from(entity).where(eq(entity.id, created.parent_id));
      expect(sequence.parentId).toBe(episode.id);
    }],
    fails: ["answers 404 for an unknown episode", async () => {
      const project = await makeTeamProject({ productionType: "tvshow" });
      const response = await importOtio(`/api/import/otio/projects/${project.id}/episodes/${UNKNOWN_ID}`, w.manager.token, timeline([]));
      expect(response.statusCode).toBe(404);
    }],
  });
});
