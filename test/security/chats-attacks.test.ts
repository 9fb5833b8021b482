import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chat, chatParticipant } from "../../schema/comments.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";

// Entity chats under hostile input, foreign roles and parallel requests.

let t: TestApp;
let w: SeedWorld;
let shotId: string;

const chatUrl = (entityId: string, suffix = "") => `/api/data/entities/${entityId}/chat${suffix}`;
const joinUrl = (entityId: string) => `/api/actions/user/chats/${entityId}/join`;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  shotId = (await t.make.makeShot({ projectId: w.project.id, name: "SH010" })).id;
});

afterAll(async () => {
  await t.close();
});

describe("entity chat access", () => {
  it("rejects a vendor with no task on the entity", async () => {
    const response = await t.request({ method: "GET", url: chatUrl(shotId, "/messages"), token: w.vendor.token });
    expect(response.statusCode).toBe(403);
  });

  it("rejects an unassigned vendor joining", async () => {
    const response = await t.request({ method: "POST", url: joinUrl(shotId), token: w.vendor.token });
    expect(response.statusCode).toBe(403);
  });

  it("rejects a manager of another project", async () => {
    const stranger = await loginAs(t, "manager");
    const response = await t.request({ method: "GET", url: chatUrl(shotId), token: stranger.token });
    expect(response.statusCode).toBe(403);
  });

  it("rejects deleting another person's message", async () => {
    await t.request({ method: "POST", url: joinUrl(shotId), token: w.supervisor.token });
    const posted = await t.request({ method: "POST", url: chatUrl(shotId, "/messages"), token: w.supervisor.token, payload: { message: "mine" } });
    expect(posted.statusCode).toBe(201);
    const response = await t.request({ method: "DELETE", url: chatUrl(shotId, `/messages/${posted.json().id}`), token: w.manager.token });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 for an unknown entity", async () => {
    const response = await t.request({ method: "GET", url: chatUrl(UNKNOWN_ID, `/messages/${UNKNOWN_ID}`), token: w.manager.token });
    expect(response.statusCode).toBe(404);
  });
});

describe("entity chat input", () => {
  it("rejects a message that is a number", async () => {
    await t.request({ method: "POST", url: joinUrl(shotId), token: w.artist.token });
    const response = await t.request({ method: "POST", url: chatUrl(shotId, "/messages"), token: w.artist.token, payload: { message: 42 } });
    expect(response.statusCode).toBe(400);
  });

  it("rejects a NUL byte message", async () => {
    const response = await t.request({ method: "POST", url: chatUrl(shotId, "/messages"), token: w.artist.token, payload: { message: "a\u0000b" } });
    expect(response.statusCode).toBe(400);
  });

  it("rejects a JSON array body", async () => {
    const response = await t.request({ method: "POST", url: chatUrl(shotId, "/messages"), token: w.artist.token, payload: ["hello"] });
    expect(response.statusCode).toBe(400);
  });
});

describe("entity chat races", () => {
  it("creates one chat for parallel first reads", async () => {
    const fresh = (await t.make.makeShot({ projectId: w.project.id, name: "SH900" })).id;
    const responses = await Promise.all([1, 2, 3, 4].map(() => t.request({ method: "GET", url: chatUrl(fresh), token: w.manager.token })));
    for (const response of responses) expect(response.statusCode).toBe(200);
    const rows = await t.db.orm.select({ id: chat.id }).from(chat).where(eq(chat.objectId, fresh));
    expect(rows).toHaveLength(1);
  });

  it("joins once for parallel joins", async () => {
    const fresh = (await t.make.makeShot({ projectId: w.project.id, name: "SH901" })).id;
    const responses = await Promise.all([1, 2, 3].map(() => t.request({ method: "POST", url: joinUrl(fresh), token: w.manager.token })));
    for (const response of responses) expect(response.statusCode).toBe(200);
    const [room] = await t.db.orm.select({ id: chat.id }).from(chat).where(eq(chat.objectId, fresh));
    const rows = await t.db.orm.select().from(chatParticipant).where(and(eq(chatParticipant.chatId, room.id), eq(chatParticipant.personId, w.manager.person.id)));
    expect(rows).toHaveLength(1);
  });
});
