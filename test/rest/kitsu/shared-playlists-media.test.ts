import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentFile } from "../../../schema/comments.js";
import { attachmentKey } from "../../../src/comments/comment-attachments.js";
import { getMediaServices } from "../../../src/previews/media.js";
import { movieKey, pictureKey } from "../../../src/previews/previews.service.js";
import type { StoredFileKey } from "../../../src/storage/file-store.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { multipartBody } from "../../support/media.js";
import { UNKNOWN_ID } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";
import { makeSharedWorld, postGuestComment, registerGuest, shareLink, type SharedWorld } from "./shared-playlists-world.js";

// The files a guest reaches through a share link: the media of the
// playlist's previews and the attachments of the comments it shows. A
// preview or attachment outside the playlist stays out of reach.

let t: TestApp;
let w: SharedWorld;
let token: string;

const base = (linkToken: string) => `/api/shared/playlists/${linkToken}`;

function putStored(key: StoredFileKey, content: string): Promise<unknown> {
  return getMediaServices(t.services).store.put(key, Readable.from([Buffer.from(content)]));
}

/** Builds a multipart body with a guest_id field and one file. */
function attachmentForm(guestId: string, fileName: string, content: string, contentType = "text/plain"): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----shared${randomUUID().replace(/-/g, "")}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="guest_id"\r\n\r\n${guestId}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

async function attach(linkToken: string, commentId: string, guestId: string, fileName = "notes.txt", content = "guest notes") {
  const form = attachmentForm(guestId, fileName, content);
  return t.request({ method: "POST", url: `${base(linkToken)}/comments/${commentId}/attachments`, payload: form.body, headers: form.headers });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSharedWorld(t);
  token = await shareLink(t, w);
  await putStored(movieKey("previews", w.preview.id), "movie bytes");
  await putStored(movieKey("previews", w.foreignPreview.id), "foreign movie");
  await putStored(pictureKey("thumbnails", w.preview.id), "thumbnail bytes");
  await putStored(pictureKey("thumbnails", w.foreignPreview.id), "foreign thumbnail");
  await putStored(pictureKey("original", w.sibling.id), "original picture");
});

afterAll(async () => {
  await t.close();
});

describe("shared comment attachments", () => {
  kitsuRoute("POST", "/shared/playlists/{token}/comments/{comment_id}/attachments", {
    succeeds: ["attaches the file to the guest's own comment", async () => {
      const guestId = await registerGuest(t, token, "Uploader");
      const posted = (await postGuestComment(t, w, token, guestId)).json();
      const response = await attach(token, posted.id, guestId);
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body.id).toBe(posted.id);
      expect(body.attachment_files.map((file: { name: string }) => file.name)).toEqual(["notes.txt"]);
      const rows = await t.db.orm.select().from(attachmentFile).where(eq(attachmentFile.commentId, posted.id));
      expect(rows).toHaveLength(1);
    }],
    fails: ["rejects another guest's comment and stores nothing", async () => {
      const author = await registerGuest(t, token, "Owner");
      const intruder = await registerGuest(t, token, "Sneak");
      const posted = (await postGuestComment(t, w, token, author)).json();
      const response = await attach(token, posted.id, intruder);
      expect(response.statusCode).toBe(403);
      const rows = await t.db.orm.select().from(attachmentFile).where(eq(attachmentFile.commentId, posted.id));
      expect(rows).toHaveLength(0);
    }],
  });

  it("rejects an upload without a file", async () => {
    const guestId = await registerGuest(t, token, "Empty");
    const posted = (await postGuestComment(t, w, token, guestId)).json();
    const response = await t.request({ method: "POST", url: `${base(token)}/comments/${posted.id}/attachments?guest_id=${guestId}`, payload: { nothing: true } });
    expect(response.statusCode).toBe(400);
  });

  it("rejects uploads through a link without comments", async () => {
    const guestId = await registerGuest(t, token, "Blocked");
    const posted = (await postGuestComment(t, w, token, guestId)).json();
    const readOnly = await shareLink(t, w, { can_comment: false });
    const form = multipartBody("file", "x.txt", Buffer.from("x"));
    const response = await t.request({ method: "POST", url: `${base(readOnly)}/comments/${posted.id}/attachments?guest_id=${guestId}`, payload: form.body, headers: form.headers });
    expect(response.statusCode).toBe(403);
  });

  kitsuRoute("DELETE", "/shared/playlists/{token}/comments/{comment_id}/attachments/{attachment_file_id}", {
    succeeds: ["removes the attachment of the guest's own comment", async () => {
      const guestId = await registerGuest(t, token, "Remover");
      const posted = (await postGuestComment(t, w, token, guestId)).json();
      const file = (await attach(token, posted.id, guestId)).json().attachment_files[0];
      const response = await t.request({ method: "DELETE", url: `${base(token)}/comments/${posted.id}/attachments/${file.id}?guest_id=${guestId}` });
      expect(response.statusCode).toBe(204);
      const rows = await t.db.orm.select().from(attachmentFile).where(eq(attachmentFile.id, file.id));
      expect(rows).toHaveLength(0);
      expect(await getMediaServices(t.services).store.stat(attachmentKey(file.id))).toBeNull();
    }],
    fails: ["answers 404 for an unknown attachment", async () => {
      const guestId = await registerGuest(t, token, "Seeker");
      const posted = (await postGuestComment(t, w, token, guestId)).json();
      const response = await t.request({ method: "DELETE", url: `${base(token)}/comments/${posted.id}/attachments/${UNKNOWN_ID}?guest_id=${guestId}` });
      expect(response.statusCode).toBe(404);
    }],
  });

  it("downloads a guest attachment through the link", async () => {
    const guestId = await registerGuest(t, token, "Sharer");
    const posted = (await postGuestComment(t, w, token, guestId)).json();
    const file = (await attach(token, posted.id, guestId, "brief.txt", "the brief")).json().attachment_files[0];
    const response = await t.request({ method: "GET", url: `${base(token)}/attachment-files/${file.id}/file/brief.txt` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("the brief");
    expect(response.headers["content-disposition"]).toContain("attachment");
  });

  it("hides an attachment of an internal studio comment", async () => {
    const internal = await t.make.makeComment({ task: w.task, personId: w.artist.person.id, text: "internal" });
    const [row] = await t.db.orm.insert(attachmentFile).values({ name: "secret.txt", extension: "txt", mimetype: "text/plain", size: 6, commentId: internal.id }).returning();
    await putStored(attachmentKey(row.id), "secret");
    const response = await t.request({ method: "GET", url: `${base(token)}/attachment-files/${row.id}/file/secret.txt` });
    expect(response.statusCode).toBe(404);
  });

  it("hides an attachment of a comment on another task", async () => {
    const elsewhere = await t.make.makeComment({ task: w.foreignTask, personId: w.manager.person.id, text: "other shot", forClient: true });
    const [row] = await t.db.orm.insert(attachmentFile).values({ name: "other.txt", extension: "txt", mimetype: "text/plain", size: 5, commentId: elsewhere.id }).returning();
    await putStored(attachmentKey(row.id), "other");
    const response = await t.request({ method: "GET", url: `${base(token)}/attachment-files/${row.id}/file/other.txt` });
    expect(response.statusCode).toBe(404);
  });
});

describe("shared preview media", () => {
  it("streams the positioned movie", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/movies/originals/preview-files/${w.preview.id}.mp4` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("video/mp4");
    expect(response.body).toBe("movie bytes");
  });

  it("rejects the movie of a preview outside the playlist", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/movies/originals/preview-files/${w.foreignPreview.id}.mp4` });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain("foreign movie");
  });

  it("answers 404 for the movie through an unknown token", async () => {
    const response = await t.request({ method: "GET", url: `${base(UNKNOWN_ID)}/movies/originals/preview-files/${w.preview.id}.mp4` });
    expect(response.statusCode).toBe(404);
  });

  it("sends the positioned thumbnail", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/pictures/thumbnails/preview-files/${w.preview.id}.png` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("image/png");
    expect(response.body).toBe("thumbnail bytes");
  });

  it("rejects the thumbnail of a preview outside the playlist", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/pictures/thumbnails/preview-files/${w.foreignPreview.id}.png` });
    expect(response.statusCode).toBe(403);
  });

  it("sends the original picture of a file of the positioned revision", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/pictures/originals/preview-files/${w.sibling.id}.png` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("original picture");
  });

  it("rejects an original in an extension that is not allowed", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/pictures/originals/preview-files/${w.sibling.id}.html` });
    expect(response.statusCode).toBe(400);
  });

  it("answers 404 for tiles not generated yet", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/movies/tiles/preview-files/${w.preview.id}.png` });
    expect(response.statusCode).toBe(404);
  });

  it("sends stored tiles", async () => {
    await putStored(pictureKey("tiles", w.preview.id), "tile strip");
    const response = await t.request({ method: "GET", url: `${base(token)}/movies/tiles/preview-files/${w.preview.id}.png` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("tile strip");
  });

  it("downloads the positioned movie as an attachment", async () => {
    const response = await t.request({ method: "GET", url: `${base(token)}/preview-files/${w.preview.id}/download` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-disposition"]).toMatch(/^attachment; filename=".*\.mp4"/);
    expect(response.body).toBe("movie bytes");
  });

  it("rejects the download of an older revision", async () => {
    await putStored(movieKey("previews", w.olderPreview.id), "old movie");
    const response = await t.request({ method: "GET", url: `${base(token)}/preview-files/${w.olderPreview.id}/download` });
    expect(response.statusCode).toBe(403);
  });

  it("needs the password of a protected link for media", async () => {
    const protectedToken = await shareLink(t, w, { password: "pw" });
    const without = await t.request({ method: "GET", url: `${base(protectedToken)}/pictures/thumbnails/preview-files/${w.preview.id}.png` });
    expect(without.statusCode).toBe(404);
    const withPassword = await t.request({ method: "GET", url: `${base(protectedToken)}/pictures/thumbnails/preview-files/${w.preview.id}.png?password=pw` });
    expect(withPassword.statusCode).toBe(200);
  });
});
