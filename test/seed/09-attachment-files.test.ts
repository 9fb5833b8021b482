import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentFile, chat, chatMessage } from "../../schema/comments.js";
import { createTestApp, type TestApp } from "../support/app.js";

// GET /data/attachment-files/{instance_id}: metadata of a comment's or a chat message's attachment.

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let t: TestApp;
let artistToken: string;
let outsiderToken: string;
let vendorToken: string;
let assignedVendorToken: string;
let adminToken: string;
let commentId: string;
let commentAttachmentId: string;
let chatAttachmentId: string;
let orphanAttachmentId: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.make.makePerson({ role: "admin" });
  const artist = await t.make.makePerson({ role: "user" });
  const outsider = await t.make.makePerson({ role: "user" });
  const vendor = await t.make.makePerson({ role: "vendor" });
  const assignedVendor = await t.make.makePerson({ role: "vendor" });
  const project = await t.make.makeProject({ team: [{ id: artist.id }, { id: vendor.id }, { id: assignedVendor.id }] });
  const asset = await t.make.makeAsset({ projectId: project.id });
  const task = await t.make.makeTask({ entity: asset, assignees: [assignedVendor.id] });
  const comment = await t.make.makeComment({ task, personId: artist.id, text: "see ref" });
  commentId = comment.id;
  const [commentAttachment] = await t.db.orm.insert(attachmentFile).values({ name: "ref.png", size: 1843, extension: "png", mimetype: "image/png", commentId: comment.id }).returning();
  commentAttachmentId = commentAttachment.id;

  const otherAsset = await t.make.makeAsset({ projectId: project.id });
  const [chatRow] = await t.db.orm.insert(chat).values({ objectId: otherAsset.id }).returning();
  const [message] = await t.db.orm.insert(chatMessage).values({ chatId: chatRow.id, personId: artist.id, text: "hello" }).returning();
  const [chatAttachment] = await t.db.orm.insert(attachmentFile).values({ name: "board.pdf", extension: "pdf", mimetype: "application/pdf", chatMessageId: message.id }).returning();
  chatAttachmentId = chatAttachment.id;
  const [orphan] = await t.db.orm.insert(attachmentFile).values({ name: "lost.txt", extension: "txt" }).returning();
  orphanAttachmentId = orphan.id;

  adminToken = await t.login(admin.email ?? "");
  artistToken = await t.login(artist.email ?? "");
  outsiderToken = await t.login(outsider.email ?? "");
  vendorToken = await t.login(vendor.email ?? "");
  assignedVendorToken = await t.login(assignedVendor.email ?? "");
});

afterAll(async () => {
  await t.close();
});

describe("GET /data/attachment-files/{instance_id}", () => {
  it("returns a comment attachment with its comment embedded", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/attachment-files/${commentAttachmentId}`, token: artistToken });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: commentAttachmentId, name: "ref.png", size: 1843, extension: "png", mimetype: "image/png", comment_id: commentId, reply_id: null, chat_message_id: null, type: "AttachmentFile" });
    expect(body.comment.id).toBe(commentId);
    expect(body.comment.text).toBe("see ref");
    expect(body.comment.type).toBe("Comment");
    expect(body.chat_message).toBeNull();
  });

  it("returns a chat attachment to a project member", async () => {
    const response = await t.request({ method: "GET", url: `/data/attachment-files/${chatAttachmentId}`, token: artistToken });
    expect(response.statusCode).toBe(200);
    expect(response.json().chat_message.text).toBe("hello");
    expect(response.json().comment).toBeNull();
  });

  it("lets a vendor assigned to the entity read a comment attachment", async () => {
    const response = await t.request({ method: "GET", url: `/data/attachment-files/${commentAttachmentId}`, token: assignedVendorToken });
    expect(response.statusCode).toBe(200);
  });

  it("refuses a vendor not assigned to the entity", async () => {
    const response = await t.request({ method: "GET", url: `/data/attachment-files/${commentAttachmentId}`, token: vendorToken });
    expect(response.statusCode).toBe(403);
  });

  it("refuses a vendor on a chat of an entity without an assigned task", async () => {
    const response = await t.request({ method: "GET", url: `/data/attachment-files/${chatAttachmentId}`, token: assignedVendorToken });
    expect(response.statusCode).toBe(403);
  });

  it("refuses a person off the team", async () => {
    const response = await t.request({ method: "GET", url: `/data/attachment-files/${commentAttachmentId}`, token: outsiderToken });
    expect(response.statusCode).toBe(403);
  });

  it("refuses an attachment tied to neither a comment nor a chat", async () => {
    const response = await t.request({ method: "GET", url: `/data/attachment-files/${orphanAttachmentId}`, token: artistToken });
    expect(response.statusCode).toBe(403);
  });

  it("rejects a malformed id with 400", async () => {
    const response = await t.request({ method: "GET", url: "/data/attachment-files/xyz", token: adminToken });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Malformed ID.");
  });

  it("answers 404 for an unknown id", async () => {
    const response = await t.request({ method: "GET", url: `/data/attachment-files/${UNKNOWN_ID}`, token: artistToken });
    expect(response.statusCode).toBe(404);
  });
});
