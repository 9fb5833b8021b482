import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { countRows, formBody } from "../gazu/comments-support.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Entity chats of Kitsu's entity pages: reading the chat, joining and
// leaving it, posting messages (JSON or multipart with files) and deleting them.

let t: TestApp;
let w: SeedWorld;
let shotId: string;
let otherShotId: string;

function chatUrl(entityId: string, suffix = ""): string {
  return `/api/data/entities/${entityId}/chat${suffix}`;
}

async function join(token: string, entityId = shotId): Promise<void> {
  const response = await t.request({ method: "POST", url: `/api/actions/user/chats/${entityId}/join`, token });
  expect(response.statusCode).toBe(200);
}

async function post(token: string, message: string, entityId = shotId): Promise<{ id: string }> {
  const response = await t.request({ method: "POST", url: chatUrl(entityId, "/messages"), token, payload: { message } });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  shotId = (await t.make.makeShot({ projectId: w.project.id, name: "SH010" })).id;
  otherShotId = (await t.make.makeShot({ projectId: w.project.id, name: "SH020" })).id;
});

afterAll(async () => {
  await t.close();
});

describe("entity chat", () => {
  kitsuRoute("GET", "/data/entities/{entity_id}/chat", {
    succeeds: ["returns the chat with participants and messages", async () => {
      await join(w.manager.token);
      await post(w.manager.token, "Welcome");
      const response = await t.request({ method: "GET", url: chatUrl(shotId), token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { object_id: string; participants: string[]; messages: { text: string }[] } & Record<string, unknown>;
      expectZouObject(body, "Chat");
      expect(body.object_id).toBe(shotId);
      expect(body.participants).toContain(w.manager.person.id);
      expect(body.messages.map((message) => message.text)).toContain("Welcome");
    }],
    fails: ["rejects an artist of another project", async () => {
      const response = await t.request({ method: "GET", url: chatUrl(shotId), token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("keeps one chat per entity across reads", async () => {
    const first = (await t.request({ method: "GET", url: chatUrl(otherShotId), token: w.artist.token })).json() as { id: string };
    const second = (await t.request({ method: "GET", url: chatUrl(otherShotId), token: w.manager.token })).json() as { id: string };
    expect(second.id).toBe(first.id);
    expect(await countRows(t, "chat", "object_id = $1", [otherShotId])).toBe(1);
  });

  it("answers 400 for a malformed entity id", async () => {
    const response = await t.request({ method: "GET", url: chatUrl("not-an-id"), token: w.artist.token });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Malformed ID.");
  });

  it("hides a chat from a vendor with no assigned task", async () => {
    const response = await t.request({ method: "GET", url: chatUrl(shotId), token: w.vendor.token });
    expect(response.statusCode).toBe(403);
  });
});

describe("chat participants", () => {
  kitsuRoute("POST", "/actions/user/chats/{entity_id}/join", {
    succeeds: ["adds the caller to the participants", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/user/chats/${shotId}/join`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "Chat");
      const chat = (await t.request({ method: "GET", url: chatUrl(shotId), token: w.artist.token })).json() as { participants: string[] };
      expect(chat.participants).toContain(w.artist.person.id);
    }],
    fails: ["answers 404 for an unknown entity", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/user/chats/${UNKNOWN_ID}/join`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  it("joining twice keeps one participant row", async () => {
    await join(w.supervisor.token);
    await join(w.supervisor.token);
    expect(await countRows(t, "chat_participant", "person_id = $1", [w.supervisor.person.id])).toBe(1);
  });

  kitsuRoute("DELETE", "/actions/user/chats/{entity_id}/join", {
    succeeds: ["removes the caller from the participants", async () => {
      await join(w.client.token);
      const response = await t.request({ method: "DELETE", url: `/api/actions/user/chats/${shotId}/join`, token: w.client.token });
      expect(response.statusCode).toBe(204);
      const chat = (await t.request({ method: "GET", url: chatUrl(shotId), token: w.manager.token })).json() as { participants: string[] };
      expect(chat.participants).not.toContain(w.client.person.id);
    }],
    fails: ["rejects an artist of another project", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/actions/user/chats/${shotId}/join`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("chat messages", () => {
  kitsuRoute("POST", "/data/entities/{entity_id}/chat/messages", {
    succeeds: ["creates a message of a participant", async () => {
      await join(w.artist.token);
      const response = await t.request({ method: "POST", url: chatUrl(shotId, "/messages"), token: w.artist.token, payload: { message: "Layout is ready" } });
      expect(response.statusCode).toBe(201);
      const body = response.json() as { text: string; person_id: string; chat_id: string } & Record<string, unknown>;
      expectZouObject(body, "ChatMessage");
      expect(body.text).toBe("Layout is ready");
      expect(body.person_id).toBe(w.artist.person.id);
      const chat = (await t.request({ method: "GET", url: chatUrl(shotId), token: w.artist.token })).json() as { id: string; last_message: string | null };
      expect(body.chat_id).toBe(chat.id);
      expect(chat.last_message).toBe(body.created_at);
    }],
    fails: ["rejects a team member who has not joined", async () => {
      const response = await t.request({ method: "POST", url: chatUrl(otherShotId, "/messages"), token: w.artist.token, payload: { message: "Hello" } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("You are not a participant of this chat");
    }],
  });

  it("rejects a post without a message field", async () => {
    await join(w.artist.token);
    const response = await t.request({ method: "POST", url: chatUrl(shotId, "/messages"), token: w.artist.token, payload: { text: "wrong key" } });
    expect(response.statusCode).toBe(400);
  });

  it("stores the files of a multipart post as attachments", async () => {
    await join(w.artist.token);
    const form = formBody({ message: "See the frame" }, [{ field: "file-0", fileName: "frame.txt", content: Buffer.from("frame 12"), contentType: "text/plain" }]);
    const response = await t.request({ method: "POST", url: chatUrl(shotId, "/messages"), token: w.artist.token, ...form });
    expect(response.statusCode).toBe(201);
    const body = response.json() as { id: string; attachment_files: { name: string; chat_message_id: string; size: number }[] };
    expect(body.attachment_files).toHaveLength(1);
    expect(body.attachment_files[0].name).toBe("frame.txt");
    expect(body.attachment_files[0].chat_message_id).toBe(body.id);
    expect(body.attachment_files[0].size).toBe(8);

    const listed = (await t.request({ method: "GET", url: chatUrl(shotId, "/messages"), token: w.manager.token })).json() as { id: string; attachment_files: { name: string; extension: string }[] }[];
    const message = listed.find((item) => item.id === body.id);
    expect(message?.attachment_files).toEqual([expect.objectContaining({ name: "frame.txt", extension: "txt" })]);

    const attachmentId = (body.attachment_files[0] as unknown as { id: string }).id;
    const download = await t.request({ method: "GET", url: `/api/data/attachment-files/${attachmentId}/file/frame.txt`, token: w.manager.token });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe("frame 12");
  });

  it("stores no file when the poster has not joined", async () => {
    const before = await countRows(t, "attachment_file", "chat_message_id is not null", []);
    const form = formBody({ message: "Sneaky" }, [{ field: "file-0", fileName: "a.txt", content: Buffer.from("x") }]);
    const response = await t.request({ method: "POST", url: chatUrl(otherShotId, "/messages"), token: w.manager.token, ...form });
    expect(response.statusCode).toBe(400);
    expect(await countRows(t, "attachment_file", "chat_message_id is not null", [])).toBe(before);
  });

  kitsuRoute("GET", "/data/entities/{entity_id}/chat/messages", {
    succeeds: ["lists the messages oldest first", async () => {
      await join(w.manager.token);
      await post(w.manager.token, "first of two");
      await post(w.manager.token, "second of two");
      const response = await t.request({ method: "GET", url: chatUrl(shotId, "/messages"), token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const texts = (response.json() as { text: string }[]).map((message) => message.text);
      expect(texts.indexOf("first of two")).toBeLessThan(texts.indexOf("second of two"));
    }],
    fails: ["rejects an artist of another project", async () => {
      const response = await t.request({ method: "GET", url: chatUrl(shotId, "/messages"), token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/entities/{entity_id}/chat/messages/{chat_message_id}", {
    succeeds: ["returns one message", async () => {
      await join(w.manager.token);
      const created = await post(w.manager.token, "single");
      const response = await t.request({ method: "GET", url: chatUrl(shotId, `/messages/${created.id}`), token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: created.id, text: "single", type: "ChatMessage", attachment_files: [] });
    }],
    fails: ["answers 404 for a message of another entity's chat", async () => {
      await join(w.manager.token, otherShotId);
      const elsewhere = await post(w.manager.token, "elsewhere", otherShotId);
      const response = await t.request({ method: "GET", url: chatUrl(shotId, `/messages/${elsewhere.id}`), token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("DELETE", "/data/entities/{entity_id}/chat/messages/{chat_message_id}", {
    succeeds: ["deletes the caller's own message", async () => {
      await join(w.artist.token);
      const created = await post(w.artist.token, "oops");
      const response = await t.request({ method: "DELETE", url: chatUrl(shotId, `/messages/${created.id}`), token: w.artist.token });
      expect(response.statusCode).toBe(204);
      const after = await t.request({ method: "GET", url: chatUrl(shotId, `/messages/${created.id}`), token: w.artist.token });
      expect(after.statusCode).toBe(404);
    }],
    fails: ["rejects deleting another person's message", async () => {
      await join(w.manager.token);
      const created = await post(w.manager.token, "manager's words");
      const response = await t.request({ method: "DELETE", url: chatUrl(shotId, `/messages/${created.id}`), token: w.artist.token });
      expect(response.statusCode).toBe(403);
      expect(await countRows(t, "chat_message", "id = $1", [created.id])).toBe(1);
    }],
  });

  it("lets an admin delete any message with its attachments", async () => {
    await join(w.artist.token);
    const form = formBody({ message: "with file" }, [{ field: "file-0", fileName: "b.txt", content: Buffer.from("bb") }]);
    const created = (await t.request({ method: "POST", url: chatUrl(shotId, "/messages"), token: w.artist.token, ...form })).json() as { id: string };
    const response = await t.request({ method: "DELETE", url: chatUrl(shotId, `/messages/${created.id}`), token: w.admin.token });
    expect(response.statusCode).toBe(204);
    expect(await countRows(t, "attachment_file", "chat_message_id = $1", [created.id])).toBe(0);
  });

  it("records chat events", async () => {
    await join(w.manager.token);
    const created = await post(w.manager.token, "evented");
    const rows = await t.db.query<{ name: string }>("select name from api_event where data->>'chat_message_id' = $1 order by created_at", [created.id]);
    expect(rows.map((row) => row.name)).toEqual(["chat:new-message"]);
  });

  it("answers 400 for a malformed message id", async () => {
    const response = await t.request({ method: "GET", url: chatUrl(shotId, "/messages/12"), token: w.manager.token });
    expect(response.statusCode).toBe(400);
  });
});
