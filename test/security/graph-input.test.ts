import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// Malformed connection cursors: a cursor is opaque base64url JSON, so a
// forged one must fail with BAD_USER_INPUT, never an internal error.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

function cursorOf(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

const ZERO_ID = "00000000-0000-0000-0000-000000000000";

describe("forged cursors", () => {
  const cases: [string, unknown][] = [
    ["object sort value", [{ a: 1 }, ZERO_ID]],
    ["array sort value", [[1, 2], ZERO_ID]],
    ["boolean sort value", [true, ZERO_ID]],
  ];
  for (const field of ["persons", "timeSpents", "comments", "notifications"]) {
    for (const [label, value] of cases) {
      // The persons list sorts on a text expression, where PostgreSQL casts such values to text.
      if (field === "persons" && label !== "array sort value") continue;
      it(`${field} with ${label}`, async () => {
        const admin = await loginAs(t, "admin");
        const { body } = await t.graphql(`query($after: String) { ${field}(after: $after) { nodes { id } } }`, {
          token: admin.token,
          variables: { after: cursorOf(value) },
        });
        expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body.errors)).toBe("BAD_USER_INPUT");
      });
    }
  }
});

describe("deeply nested JSON data", () => {
  // 10,000 levels is a 60 kB body, far below the 10 MB body limit.
  const depth = 10_000;
  const nestedText = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

  it("updateTask returns BAD_USER_INPUT", async () => {
    const admin = await loginAs(t, "admin");
    const project = await t.make.makeProject();
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot });
    const query = `mutation($data: JSON) { updateTask(id: "${task.id}", patch: { data: $data }) { id } }`;

    const response = await t.request({
      method: "POST",
      url: "/graphql",
      token: admin.token,
      headers: { "content-type": "application/json" },
      payload: `{"query": ${JSON.stringify(query)}, "variables": {"data": ${nestedText}}}`,
    });
    const body = response.json() as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code, response.body).toBe("BAD_USER_INPUT");
  });

  it("PUT /data/tasks returns 400", async () => {
    const admin = await loginAs(t, "admin");
    const project = await t.make.makeProject();
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot });

    const response = await t.request({
      method: "PUT",
      url: `/api/data/tasks/${task.id}`,
      token: admin.token,
      headers: { "content-type": "application/json" },
      payload: `{"data": ${nestedText}}`,
    });
    expect(response.statusCode, response.body).toBe(400);
  });
});
