import { eq } from "drizzle-orm";
import { previewFile } from "../../../schema/comments.js";
import { playlist } from "../../../schema/playlists.js";
import { projectTaskStatusLink, projectTaskTypeLink } from "../../../schema/projects.js";
import type { TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow, TaskStatusRow } from "../../support/entities.builders.js";
import { makeSeedWorld, type SeedWorld } from "../../support/seed-b.world.js";

// A shared playlist for the guest review tests. One shot's animation
// preview (revision 2, with a second file at position 2) is positioned in
// the playlist. An older revision and another shot's preview are left out.
// One status is open to clients and one is closed to them.

export type PreviewRow = typeof previewFile.$inferSelect;

export interface SharedWorld extends SeedWorld {
  shot: EntityRow;
  task: TaskRow;
  /** The positioned preview: revision 2, position 1. */
  preview: PreviewRow;
  /** The second file of revision 2. */
  sibling: PreviewRow;
  /** Revision 1 of the same task, not positioned. */
  olderPreview: PreviewRow;
  /** A preview of a shot that is in no shared playlist. */
  foreignPreview: PreviewRow;
  foreignTask: TaskRow;
  openStatus: TaskStatusRow;
  closedStatus: TaskStatusRow;
  playlistId: string;
}

export async function makePreview(t: TestApp, taskRow: TaskRow, values: { revision: number; position?: number; extension?: string }): Promise<PreviewRow> {
  const [row] = await t.db.orm
    .insert(previewFile)
    .values({ name: `v${values.revision}-${values.position ?? 1}`, taskId: taskRow.id, revision: values.revision, position: values.position ?? 1, extension: values.extension ?? "mp4", status: "ready" })
    .returning();
  return row;
}

export async function makeSharedWorld(t: TestApp): Promise<SharedWorld> {
  const w = await makeSeedWorld(t);
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  const other = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
  const taskType = await t.make.makeTaskType({ name: "Animation", color: "#112233" });
  const openStatus = await t.make.makeTaskStatus({ name: "Client review", shortName: "crev", isClientAllowed: true, color: "#445566" });
  const closedStatus = await t.make.makeTaskStatus({ name: "Studio only", shortName: "studio", isClientAllowed: false });
  const taskRow = await t.make.makeTask({ entity: shot, taskTypeId: taskType.id, status: closedStatus, assignees: [w.artist.person.id] });
  const foreignTask = await t.make.makeTask({ entity: other, taskTypeId: taskType.id, status: closedStatus });
  await t.db.orm.insert(projectTaskTypeLink).values({ projectId: w.project.id, taskTypeId: taskType.id });
  await t.db.orm.insert(projectTaskStatusLink).values([
    { projectId: w.project.id, taskStatusId: openStatus.id },
    { projectId: w.project.id, taskStatusId: closedStatus.id },
  ]);

  const olderPreview = await makePreview(t, taskRow, { revision: 1 });
  const preview = await makePreview(t, taskRow, { revision: 2 });
  const sibling = await makePreview(t, taskRow, { revision: 2, position: 2, extension: "png" });
  const foreignPreview = await makePreview(t, foreignTask, { revision: 1 });

  const created = await t.make.makePlaylist({ projectId: w.project.id, name: "Client dailies", forClient: true });
  await t.db.orm.update(playlist).set({ shots: [{ entity_id: shot.id, preview_file_id: preview.id }] }).where(eq(playlist.id, created.id));
  return { ...w, shot, task: taskRow, preview, sibling, olderPreview, foreignPreview, foreignTask, openStatus, closedStatus, playlistId: created.id };
}

/** Creates a share link through the manager's API and returns its token. */
export async function shareLink(t: TestApp, w: SharedWorld, payload: Record<string, unknown> = {}, playlistId = w.playlistId): Promise<string> {
  const response = await t.request({ method: "POST", url: `/api/data/playlists/${playlistId}/share`, token: w.manager.token, payload: { can_comment: true, ...payload } });
  if (response.statusCode !== 201) throw new Error(`share link creation failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { token: string }).token;
}

/** Registers a guest on the link and returns its id. */
export async function registerGuest(t: TestApp, token: string, firstName = "Jane", password?: string): Promise<string> {
  const query = password === undefined ? "" : `?password=${encodeURIComponent(password)}`;
  const response = await t.request({ method: "POST", url: `/api/shared/playlists/${token}/guest${query}`, payload: { first_name: firstName, last_name: "Client" } });
  if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`guest registration failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { id: string }).id;
}

/** Posts a guest comment with the client-open status and returns the response. */
export function postGuestComment(t: TestApp, w: SharedWorld, token: string, guestId: string, text = "Looks great") {
  return t.request({
    method: "POST",
    url: `/api/shared/playlists/${token}/comments`,
    payload: { guest_id: guestId, task_id: w.task.id, task_status_id: w.openStatus.id, text },
  });
}
