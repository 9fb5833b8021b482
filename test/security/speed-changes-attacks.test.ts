import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetInstance, assetInstanceLink, entityConceptLink, entityLink } from "../../schema/entities.js";
import { BENCH_SCOPE_HEADER } from "../../src/bench-support.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { graphqlData, loginAs, type LoggedIn } from "../support/roles.js";

// Attacks on the speed changes: the transaction storage switched off between
// transactions, reads by id decoded without drizzle on PostgreSQL, JSON built
// from templates, guests left out of the GraphQL persons query, and the
// benchmark's statement scope. Runs on PGlite and on PostgreSQL.

let t: TestApp;
let admin: LoggedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, "admin");
});

afterAll(async () => {
  await t.close();
});

type Json = Record<string, unknown>;

async function readOne(path: string, id: string, token = admin.token): Promise<{ status: number; body: Json }> {
  const response = await t.request({ method: "GET", url: `/api/data/${path}/${id}`, token });
  return { status: response.statusCode, body: response.json() as Json };
}

async function readFromList(path: string, id: string, token = admin.token): Promise<Json[]> {
  const response = await t.request({ method: "GET", url: `/api/data/${path}?id=${id}&relations=true`, token });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Json[];
}

/** Expects the read by id to carry every key of the list's row with the same value. */
async function expectOneMatchesList(path: string, id: string): Promise<Json> {
  const one = await readOne(path, id);
  expect(one.status, JSON.stringify(one.body)).toBe(200);
  const list = await readFromList(path, id);
  expect(list).toHaveLength(1);
  for (const key of Object.keys(list[0])) expect({ path, [key]: one.body[key] }).toEqual({ path, [key]: list[0][key] });
  expect(Object.keys(one.body).sort()).toEqual(expect.arrayContaining(Object.keys(list[0]).sort()));
  return one.body;
}

async function buildCasting() {
  const project = await t.make.makeProject({ team: [{ id: admin.person.id }] });
  const shot = await t.make.makeShot({ projectId: project.id });
  const user = await t.make.makeShot({ projectId: project.id });
  const assets = [await t.make.makeAsset({ projectId: project.id }), await t.make.makeAsset({ projectId: project.id })];
  const concept = await t.make.makeConcept({ projectId: project.id });
  await t.db.orm.insert(entityLink).values([...assets.map((asset) => ({ entityInId: shot.id, entityOutId: asset.id })), { entityInId: user.id, entityOutId: shot.id }]);
  await t.db.orm.insert(entityConceptLink).values({ entityInId: shot.id, entityOutId: concept.id });
  const [instance] = await t.db.orm.insert(assetInstance).values({ assetId: assets[0].id, number: 1, name: "instance 1" }).returning();
  await t.db.orm.insert(assetInstanceLink).values({ entityId: shot.id, assetInstanceId: instance.id });
  return { project, shot, user, assets, concept, instance };
}

describe("read by id against the list", () => {
  it("entities match the list, link lists included", async () => {
    const world = await buildCasting();
    const body = await expectOneMatchesList("entities", world.shot.id);
    expect([...(body.entities_out as string[])].sort()).toEqual(world.assets.map((asset) => asset.id).sort());
    expect(body.entities_in).toEqual([world.user.id]);
    expect(body.entity_concept_links).toEqual([world.concept.id]);
    expect(body.instance_casting).toEqual([world.instance.id]);
    const bare = await expectOneMatchesList("entities", world.concept.id);
    expect(bare).toMatchObject({ entities_out: [], entities_in: [], entity_concept_links: [], instance_casting: [] });
  });

  it("tasks, comments and preview files match the list", async () => {
    const world = await buildCasting();
    const task = await t.make.makeTask({ entity: world.shot });
    await t.request({ method: "PUT", url: `/api/data/tasks/${task.id}`, token: admin.token, payload: { assignees: [admin.person.id] } });
    const comment = await t.make.makeComment({ task, personId: admin.person.id, withPreview: true, text: "ünïcødé ✓ 🎬" });
    const [preview] = await t.db.query<{ id: string }>("select id from preview_file where task_id = $1", [task.id]);

    const taskBody = await expectOneMatchesList("tasks", task.id);
    expect(taskBody.assignees).toEqual([admin.person.id]);
    const commentBody = await expectOneMatchesList("comments", comment.id);
    expect(commentBody.text).toBe("ünïcødé ✓ 🎬");
    expect(commentBody.replies).toEqual([]);
    await expectOneMatchesList("preview-files", preview.id);
  });

  it("persons and projects match the list", async () => {
    const person = await t.make.makePerson({ firstName: "Zoë", lastName: "Ångström", role: "user" });
    await t.db.query("update person set data = null, active = false, daily_salary = 0 where id = $1", [person.id]);
    const personBody = await expectOneMatchesList("persons", person.id);
    expect(personBody.active).toBe(false);
    expect(personBody.data).toBeNull();
    expect(personBody.first_name).toBe("Zoë");

    const project = await t.make.makeProject({ team: [{ id: admin.person.id }] });
    await t.db.query("update project set data = $2, fps = '23.976', start_date = '2024-02-29' where id = $1", [project.id, JSON.stringify({ nested: { list: [1, null, true] } })]);
    const projectBody = await expectOneMatchesList("projects", project.id);
    expect(projectBody.data).toEqual({ nested: { list: [1, null, true] } });
  });

  const unusualData: [string, string | null, unknown][] = [
    ["null data", null, null],
    ["an empty object", "{}", {}],
    ["an empty array", "[]", []],
    ["a JSON number", "42", 42],
    ["a JSON string of digits", JSON.stringify("123"), "123"],
    ["a JSON string of true", JSON.stringify("true"), "true"],
    ["a JSON string of an object", JSON.stringify('{"a":1}'), '{"a":1}'],
    ["unicode keys", JSON.stringify({ "clé ✓": "värde 🎬", "": "" }), { "clé ✓": "värde 🎬", "": "" }],
  ];
  for (const [label, stored, expected] of unusualData) {
    it(`entity data as ${label} reads back unchanged`, async () => {
      const project = await t.make.makeProject({ team: [{ id: admin.person.id }] });
      const shot = await t.make.makeShot({ projectId: project.id });
      await t.db.query("update entity set data = $2::jsonb where id = $1", [shot.id, stored]);
      const body = await expectOneMatchesList("entities", shot.id);
      expect(body.data).toEqual(expected);
    });
  }

  it("project data keeps JSON-like strings", async () => {
    const project = await t.make.makeProject({ team: [{ id: admin.person.id }] });
    for (const data of ["123", "true", '{"a":1}', "plain text"]) {
      const update = await t.request({ method: "PUT", url: `/api/data/projects/${project.id}`, token: admin.token, payload: { data } });
      expect(update.statusCode, update.body).toBe(200);
      expect(update.json().data).toBe(data);
      expect((await expectOneMatchesList("projects", project.id)).data).toBe(data);
    }
  });

  it("non-object entity and task data is rejected", async () => {
    const world = await buildCasting();
    const task = await t.make.makeTask({ entity: world.shot });
    for (const [path, id] of [["entities", world.shot.id], ["tasks", task.id]]) {
      await t.request({ method: "PUT", url: `/api/data/${path}/${id}`, token: admin.token, payload: { data: { fps: 24 } } });
      for (const data of ["123", [1, 2], 7]) {
        const update = await t.request({ method: "PUT", url: `/api/data/${path}/${id}`, token: admin.token, payload: { data } });
        expect(update.statusCode, update.body).toBe(400);
      }
      expect((await readOne(path, id)).body.data).toEqual({ fps: 24 });
    }
  });

  it("very long text and microsecond timestamps match the list", async () => {
    const project = await t.make.makeProject({ team: [{ id: admin.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const description = "ä".repeat(200_000);
    await t.db.query("update entity set description = $2, nb_frames = 0, updated_at = '2024-12-31 23:59:59.999999' where id = $1", [shot.id, description]);
    const body = await expectOneMatchesList("entities", shot.id);
    expect(body.description).toBe(description);
    expect(body.nb_frames).toBe(0);
    expect(body.updated_at).toBe("2024-12-31T23:59:59");
  });

  it("unknown id answers 404 on both reads", async () => {
    const id = randomUUID();
    const one = await readOne("entities", id);
    expect(one.status).toBe(404);
    expect(await readFromList("entities", id)).toEqual([]);
  });
});

describe("parallel writes and reads", () => {
  it("failing task updates leave nothing behind while reads run", async () => {
    const world = await buildCasting();
    const task = await t.make.makeTask({ entity: world.shot });
    const before = await readOne("tasks", task.id);
    expect(before.status).toBe(200);
    const originalName = before.body.name;

    const requests: Promise<{ kind: string; status: number; body: Json }>[] = [];
    for (let round = 0; round < 8; round += 1) {
      requests.push(
        t
          .request({ method: "PUT", url: `/api/data/tasks/${task.id}`, token: admin.token, payload: { name: `Poisoned ${round}`, assignees: [randomUUID()] } })
          .then((response) => ({ kind: "bad-put", status: response.statusCode, body: response.json() as Json })),
      );
      requests.push(readOne("tasks", task.id).then((result) => ({ kind: "read", ...result })));
      requests.push(
        t
          .request({ method: "PUT", url: `/api/data/entities/${world.user.id}`, token: admin.token, payload: { description: `Round ${round}` } })
          .then((response) => ({ kind: "good-put", status: response.statusCode, body: response.json() as Json })),
      );
      requests.push(
        t
          .graphql(`query ($id: ID!) { zouRecord(model: "tasks", id: $id) }`, { token: admin.token, variables: { id: task.id } })
          .then((response) => ({ kind: "graphql", status: response.status, body: response.body as Json })),
      );
    }
    const results = await Promise.all(requests);

    for (const result of results) expect({ kind: result.kind, status: result.status < 500 }).toEqual({ kind: result.kind, status: true });
    for (const result of results.filter((r) => r.kind === "bad-put")) expect(result.status).toBeGreaterThanOrEqual(400);
    for (const result of results.filter((r) => r.kind === "good-put")) expect(result.status).toBe(200);
    for (const result of results.filter((r) => r.kind === "read")) expect(result.body.name).toBe(originalName);
    const after = await readOne("tasks", task.id);
    expect(after.body.name).toBe(originalName);
    const [row] = await t.db.query<{ name: string }>("select name from task where id = $1", [task.id]);
    expect(row.name).toBe(originalName);
  });

  it("project creations with a failing one keep only the valid ones", async () => {
    const names = Array.from({ length: 10 }, (_, index) => `Race project ${randomUUID().slice(0, 8)} ${index}`);
    const responses = await Promise.all(
      names.map((name, index) =>
        t.request({
          method: "POST",
          url: "/api/data/projects",
          token: admin.token,
          payload: index % 2 === 0 ? { name } : { name, project_status_id: randomUUID() },
        }),
      ),
    );
    for (const [index, response] of responses.entries()) {
      if (index % 2 === 0) expect(response.statusCode, response.body).toBe(201);
      else expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, response.body).toBeLessThan(500);
    }
    const rows = await t.db.query<{ name: string }>("select name from project where name = any($1::text[])", [names]);
    expect(rows.map((row) => row.name).sort()).toEqual(names.filter((_, index) => index % 2 === 0).sort());
  });

  it("reads after many transactions still see committed rows", async () => {
    const project = await t.make.makeProject({ team: [{ id: admin.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    for (let round = 0; round < 5; round += 1) {
      const [put, read] = await Promise.all([
        t.request({ method: "PUT", url: `/api/data/entities/${shot.id}`, token: admin.token, payload: { description: `Value ${round}` } }),
        readOne("entities", shot.id),
      ]);
      expect(put.statusCode, put.body).toBe(200);
      expect(read.status).toBe(200);
      const after = await readOne("entities", shot.id);
      expect(after.body.description).toBe(`Value ${round}`);
    }
  });
});

describe("GraphQL persons and share-link guests", () => {
  const query = `query ($search: String, $isGuest: Boolean, $role: String, $first: Int, $after: String) {
    persons(search: $search, isGuest: $isGuest, role: $role, first: $first, after: $after) {
      totalCount nodes { id } pageInfo { hasNextPage endCursor }
    }
  }`;
  type Persons = { persons: { totalCount: number; nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

  it("hides guests by default and counts without them", async () => {
    const tag = `Guestcheck${randomUUID().slice(0, 6)}`;
    const members = [await t.make.makePerson({ firstName: tag, lastName: "A", role: "user" }), await t.make.makePerson({ firstName: tag, lastName: "B", role: "manager" })];
    const guests = [await t.make.makePerson({ firstName: tag, lastName: "C", role: "user" }), await t.make.makePerson({ firstName: tag, lastName: "D", role: "user" })];
    const unset = await t.make.makePerson({ firstName: tag, lastName: "E", role: "user" });
    for (const guest of guests) await t.db.query("update person set is_guest = true where id = $1", [guest.id]);
    await t.db.query("update person set is_guest = null where id = $1", [unset.id]).catch(() => undefined);
    const studio = [...members.map((member) => member.id), unset.id];

    const all = await graphqlData<Persons>(t, admin, query, { search: tag });
    expect(all.persons.nodes.map((node) => node.id).sort()).toEqual([...studio].sort());
    expect(all.persons.totalCount).toBe(3);

    const notGuests = await graphqlData<Persons>(t, admin, query, { search: tag, isGuest: false });
    expect(notGuests.persons.totalCount).toBe(3);

    const onlyGuests = await graphqlData<Persons>(t, admin, query, { search: tag, isGuest: true });
    expect(onlyGuests.persons.nodes.map((node) => node.id).sort()).toEqual(guests.map((guest) => guest.id).sort());
    expect(onlyGuests.persons.totalCount).toBe(2);

    const guestUsers = await graphqlData<Persons>(t, admin, query, { search: tag, isGuest: true, role: "user" });
    expect(guestUsers.persons.totalCount).toBe(2);
    const managers = await graphqlData<Persons>(t, admin, query, { search: tag, role: "manager" });
    expect(managers.persons.nodes.map((node) => node.id)).toEqual([members[1].id]);
  });

  it("pages through studio people without guests", async () => {
    const tag = `Pagecheck${randomUUID().slice(0, 6)}`;
    const people = [];
    for (const last of ["A", "B", "C", "D", "E"]) people.push(await t.make.makePerson({ firstName: tag, lastName: last, role: "user" }));
    await t.db.query("update person set is_guest = true where id = $1 or id = $2", [people[1].id, people[3].id]);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const data: Persons = await graphqlData<Persons>(t, admin, query, { search: tag, first: 1, after });
      expect(data.persons.totalCount).toBe(3);
      seen.push(...data.persons.nodes.map((node) => node.id));
      if (!data.persons.pageInfo.hasNextPage) break;
      after = data.persons.pageInfo.endCursor;
    }
    expect(seen).toEqual([people[0].id, people[2].id, people[4].id]);
  });

  it("isGuest hides guests from artists, as REST does", async () => {
    const tag = `Guestview${randomUUID().slice(0, 6)}`;
    const guest = await t.make.makePerson({ firstName: tag, lastName: "Guest", role: "user" });
    await t.db.query("update person set is_guest = true where id = $1", [guest.id]);
    const artist = await loginAs(t, "user");

    const rest = await t.request({ method: "GET", url: "/api/data/persons?is_guest=true", token: artist.token });
    expect(rest.statusCode).toBe(400);
    const { body } = await t.graphql(query, { token: artist.token, variables: { search: tag, isGuest: true } });
    const persons = (body.data?.persons ?? null) as Persons["persons"] | null;
    const graphIds = persons?.nodes.map((node) => node.id) ?? [];
    expect(graphIds).not.toContain(guest.id);
  });
});

describe("benchmark routes", () => {
  it("are absent without KUMIKI_BENCH", async () => {
    const response = await t.request({ method: "GET", url: "/_bench/statements" });
    expect(response.statusCode).toBe(404);
    const withHeader = await t.request({ method: "GET", url: "/_bench/statements", headers: { [BENCH_SCOPE_HEADER]: "1" } });
    expect(withHeader.statusCode).toBe(404);
  });

  it("scope header changes nothing without KUMIKI_BENCH", async () => {
    const project = await t.make.makeProject({ team: [{ id: admin.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const plain = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}`, token: admin.token });
    const scoped = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}`, token: admin.token, headers: { [BENCH_SCOPE_HEADER]: "1" } });
    expect(scoped.statusCode).toBe(plain.statusCode);
    expect(scoped.json()).toEqual(plain.json());
  });

  it("scoped requests with KUMIKI_BENCH still write in their transactions", async () => {
    // registerBenchSupport reads process.env, not the test config.
    process.env.KUMIKI_BENCH = "1";
    const bench = await createTestApp({ db: t.db }).finally(() => delete process.env.KUMIKI_BENCH);
    try {
      const project = await t.make.makeProject({ team: [{ id: admin.person.id }] });
      const shot = await t.make.makeShot({ projectId: project.id });
      const task = await t.make.makeTask({ entity: shot });
      const before = (await bench.request({ method: "GET", url: "/_bench/statements" })).json() as { total: number };
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          index % 2 === 0
            ? bench.request({ method: "PUT", url: `/api/data/tasks/${task.id}`, token: admin.token, headers: { [BENCH_SCOPE_HEADER]: "1" }, payload: { name: "Leaked", assignees: [randomUUID()] } })
            : bench.request({ method: "GET", url: `/api/data/tasks/${task.id}`, token: admin.token, headers: { [BENCH_SCOPE_HEADER]: "1" } }),
        ),
      );
      for (const response of responses) expect(response.statusCode, response.body).toBeLessThan(500);
      const [row] = await t.db.query<{ name: string }>("select name from task where id = $1", [task.id]);
      expect(row.name).not.toBe("Leaked");
      const afterwards = (await bench.request({ method: "GET", url: "/_bench/statements" })).json() as { total: number };
      expect(afterwards.total).toBeGreaterThan(before.total);
    } finally {
      await bench.app.close();
    }
  });
});

describe("per-request hooks", () => {
  it("log lines carry the userId of their own request only", async () => {
    const lines: Record<string, unknown>[] = [];
    const logged = await createTestApp({ db: t.db, logSink: (line) => lines.push(line) });
    try {
      const first = await loginAs(logged, "user");
      const second = await loginAs(logged, "user");
      const urls = ["/api/data/persons", "/api/data/projects", "/api/data/task-types"];
      const requests = [];
      for (let round = 0; round < 5; round += 1) {
        for (const url of urls) {
          requests.push(logged.request({ method: "GET", url: `${url}?round=${round}&who=first`, token: first.token }));
          requests.push(logged.request({ method: "GET", url: `${url}?round=${round}&who=second`, token: second.token }));
          requests.push(logged.request({ method: "GET", url: `/api/auth/authenticated?round=${round}&who=nobody` }));
        }
      }
      await Promise.all(requests);
      const completed = lines.filter((line) => line.msg === "request completed" && typeof line.url === "string" && String(line.url).includes("who="));
      expect(completed.length).toBe(requests.length);
      for (const line of completed) {
        const who = new URL(String(line.url), "http://localhost").searchParams.get("who");
        const expectedByCaller: Record<string, string> = { first: first.person.id, second: second.person.id };
        const expected = who === null ? undefined : expectedByCaller[who];
        expect({ url: line.url, userId: line.userId }).toEqual({ url: line.url, userId: expected });
      }
      const serverLines = lines.filter((line) => line.reqId === undefined);
      for (const line of serverLines) expect({ msg: line.msg, userId: line.userId }).toEqual({ msg: line.msg, userId: undefined });
    } finally {
      await logged.app.close();
    }
  });

  it("deeply nested bodies get 400", async () => {
    // Sent as text: light-my-request would overflow its own stack serializing the object.
    const nested = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const headers = { "content-type": "application/json" };
    const rest = await t.request({ method: "POST", url: "/api/data/projects", token: admin.token, headers, payload: `{"name":"Deep","data":${nested}}` });
    expect(rest.statusCode).toBe(400);
    expect(rest.json()).toMatchObject({ error: true });
    const graph = await t.request({ method: "POST", url: "/graphql", token: admin.token, headers, payload: `{"query":"{ __typename }","variables":{"deep":${nested}}}` });
    expect(graph.statusCode).toBe(400);
    expect(graph.json().errors[0].extensions.code).toBe("BAD_USER_INPUT");
    const [row] = await t.db.query<{ count: string | number }>("select count(*) as count from project where name = 'Deep'");
    expect(Number(row.count)).toBe(0);
  });

  it("security headers on every status", async () => {
    const replies = [
      await t.request({ method: "GET", url: "/api/data/projects", token: admin.token }),
      await t.request({ method: "GET", url: "/api/data/projects" }),
      await t.request({ method: "GET", url: `/api/data/entities/${randomUUID()}`, token: admin.token }),
      await t.request({ method: "GET", url: "/api/data/entities/not-a-uuid", token: admin.token }),
      await t.request({ method: "GET", url: "/no/such/route" }),
    ];
    for (const reply of replies) {
      expect(reply.headers["x-content-type-options"]).toBe("nosniff");
      expect(reply.headers["x-frame-options"]).toBe("SAMEORIGIN");
      expect(reply.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    }
  });
});

describe("reads while a transaction is open", () => {
  // PGlite has one connection: a read waits for the open transaction to end.
  it.skipIf(process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === "")("read by id ignores uncommitted writes", async () => {
    const project = await t.make.makeProject({ team: [{ id: admin.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    await readOne("entities", shot.id);
    let release!: () => void;
    const mayEnd = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wasWritten = new Promise<void>((resolve) => (written = resolve));
    class Rollback extends Error {}

    const open = t.db
      .transaction(async () => {
        await t.db.query("update entity set description = 'Uncommitted' where id = $1", [shot.id]);
        written();
        await mayEnd;
        throw new Rollback();
      })
      .catch((error: unknown) => error);
    await wasWritten;
    const during = await Promise.all([readOne("entities", shot.id), readFromList("entities", shot.id), readOne("entities", shot.id)]);
    release();
    expect(await open).toBeInstanceOf(Rollback);

    expect(during[0].body.description).not.toBe("Uncommitted");
    expect(during[1][0].description).not.toBe("Uncommitted");
    expect(during[2].body.description).not.toBe("Uncommitted");
    const after = await readOne("entities", shot.id);
    expect(after.body.description).not.toBe("Uncommitted");
  });

  /** Commits a transaction that starts a timer inserting a department; returns how the insert went. */
  async function insertFromTimerOfTransaction(name: string, delayMs: number): Promise<Promise<unknown>> {
    let timerDone!: Promise<unknown>;
    await t.db.transaction(async () => {
      timerDone = new Promise((resolve) => {
        setTimeout(() => {
          const insert = t.db.query("insert into department (id, name, color, created_at, updated_at) values (gen_random_uuid(), $1, '#000000', now(), now())", [name]);
          resolve(insert.then(() => "ok", (error: unknown) => error));
        }, delayMs);
      });
    });
    return timerDone;
  }

  it("late timer statements run alone", async () => {
    const timerDone = await insertFromTimerOfTransaction(`Lone timer ${randomUUID().slice(0, 8)}`, 20);
    expect(await timerDone).toBe("ok");
  });

  it("late timer statements skip another transaction", async () => {
    const name = `Timer ${randomUUID().slice(0, 8)}`;
    const timerDone = await insertFromTimerOfTransaction(name, 50);
    // Another transaction opens and rolls back while the timer fires.
    await t.db
      .transaction(async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        throw new Error("rollback");
      })
      .catch(() => undefined);
    expect(await timerDone).toBe("ok");
    const [row] = await t.db.query<{ count: string | number }>("select count(*) as count from department where name = $1", [name]);
    expect(Number(row.count)).toBe(1);
  });
});
