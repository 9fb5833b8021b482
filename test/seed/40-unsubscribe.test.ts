import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscription } from "../../schema/notifications.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

async function subscriptionCount(personId: string, taskId: string): Promise<number> {
  const [row] = await t.db.query<{ count: number }>("select count(*)::int as count from subscription where person_id = $1 and task_id = $2", [personId, taskId]);
  return row.count;
}

function unsubscribe(token: string | undefined, taskId: string) {
  return t.request({ method: "DELETE", url: `/api/actions/user/tasks/${taskId}/unsubscribe`, token });
}

describe("DELETE /actions/user/tasks/{task_id}/unsubscribe", () => {
  it("deletes the caller's subscription only, with 204 and no event", async () => {
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id }) });
    await t.db.orm.insert(subscription).values([
      { personId: w.artist.person.id, taskId: task.id },
      { personId: w.supervisor.person.id, taskId: task.id },
    ]);
    const [{ count: eventsBefore }] = await t.db.query<{ count: number }>("select count(*)::int as count from api_event");

    const response = await unsubscribe(w.artist.token, task.id);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect(await subscriptionCount(w.artist.person.id, task.id)).toBe(0);
    expect(await subscriptionCount(w.supervisor.person.id, task.id)).toBe(1);
    const [{ count: eventsAfter }] = await t.db.query<{ count: number }>("select count(*)::int as count from api_event");
    expect(eventsAfter).toBe(eventsBefore);
  });

  it("answers 204 without a subscription and for an unknown id", async () => {
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id }) });
    for (const id of [task.id, UNKNOWN_ID]) expect((await unsubscribe(w.outsider.token, id)).statusCode, id).toBe(204);
  });

  it("rejects a malformed id with 400", async () => {
    const response = await unsubscribe(w.outsider.token, "not-an-id");
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Malformed ID.");
  });

  it("refuses bot tokens and answers 401 without a token", async () => {
    expect((await unsubscribe(w.bot.token, UNKNOWN_ID)).statusCode).toBe(403);
    expect((await unsubscribe(undefined, UNKNOWN_ID)).statusCode).toBe(401);
  });
});
