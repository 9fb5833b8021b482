import { randomUUID } from "node:crypto";
import type { TestApp } from "../../support/app.js";
import type { SeedWorld } from "../../support/seed-b.world.js";

// Shared set-up of the comments route tests: a shot task assigned to the
// world's artist, and multipart bodies with text fields and files as Kitsu
// sends its comment form.

export interface FormFile {
  field: string;
  fileName: string;
  content: Buffer;
  contentType?: string;
}

/** Builds a multipart/form-data body with text fields followed by files. */
export function formBody(fields: Record<string, string>, files: FormFile[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----kumiki${randomUUID().replace(/-/g, "")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.fileName}"\r\nContent-Type: ${file.contentType ?? "application/octet-stream"}\r\n\r\n`,
      ),
      file.content,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** Makes a shot task assigned to the world's artist, with a todo status and a wip status, both open to artists. */
export async function makeCommentedTask(t: TestApp, world: SeedWorld) {
  const shot = await t.make.makeShot({ projectId: world.project.id });
  const todo = await t.make.makeTaskStatus({ shortName: `t${randomUUID().slice(0, 6)}`, isArtistAllowed: true });
  const wip = await t.make.makeTaskStatus({ shortName: `w${randomUUID().slice(0, 6)}`, isWip: true, isArtistAllowed: true });
  const task = await t.make.makeTask({ entity: shot, status: todo, assignees: [world.artist.person.id] });
  return { shot, task, todo, wip };
}

export async function countRows(t: TestApp, table: string, where: string, values: unknown[]): Promise<number> {
  const rows = await t.db.query<{ total: string | number }>(`select count(*) as total from ${table} where ${where}`, values);
  return Number(rows[0].total);
}
