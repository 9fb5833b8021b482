import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince, graphqlData, graphqlErrorCode, loginAs, type LoggedIn } from "../support/roles.js";

let t: TestApp;
let admin: LoggedIn;
let artist: LoggedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, "admin");
  artist = await loginAs(t, "user");
});

afterAll(async () => {
  await t.close();
});

const CREATE_PERSON = `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id email role fullName departments { name } } }`;

describe("persons", () => {
  it("are created by admins with a hashed password and their departments", async () => {
    const department = await t.make.makeDepartment({ name: "Animation" });
    const since = new Date();
    const data = await graphqlData<{ createPerson: { id: string; email: string; role: string; departments: { name: string }[] } }>(t, admin, CREATE_PERSON, {
      input: { firstName: "Ana", lastName: "Lopez", email: "Ana.Lopez@Example.com", password: "a-long-password", role: "supervisor", departmentIds: [department.id] },
    });
    expect(data.createPerson.email).toBe("ana.lopez@example.com");
    expect(data.createPerson.role).toBe("supervisor");
    expect(data.createPerson.departments).toEqual([{ name: "Animation" }]);
    const [stored] = await t.db.query<{ password: Buffer }>("select password from person where id = $1", [data.createPerson.id]);
    expect(Buffer.from(stored.password).toString("utf8")).toMatch(/^\$2[aby]\$/);
    expect(await eventNamesSince(t, since)).toContain("person:new");
    const token = await t.login("ana.lopez@example.com", "a-long-password");
    expect(token.length).toBeGreaterThan(20);
  });

  it("cannot be created by anyone but an admin", async () => {
    for (const role of ["manager", "supervisor", "user", "client", "vendor"]) {
      const session = await loginAs(t, role);
      const code = await graphqlErrorCode(t, session, CREATE_PERSON, { input: { firstName: "X", lastName: "Y", email: `x-${role}@example.com` } });
      expect(code, role).toBe("FORBIDDEN");
    }
    const [row] = await t.db.query<{ count: number }>("select count(*)::int as count from person where email like 'x-%@example.com'");
    expect(row.count).toBe(0);
  });

  it("rejects a missing field, a wrong type and an unknown role with BAD_USER_INPUT", async () => {
    expect(await graphqlErrorCode(t, admin, CREATE_PERSON, { input: { lastName: "Y", email: "missing@example.com" } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, CREATE_PERSON, { input: { firstName: 3, lastName: "Y", email: "typed@example.com" } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, CREATE_PERSON, { input: { firstName: "X", lastName: "Y", email: "role@example.com", role: "boss" } })).toBe("BAD_USER_INPUT");
    const [row] = await t.db.query<{ count: number }>("select count(*)::int as count from person where email in ('missing@example.com', 'typed@example.com', 'role@example.com')");
    expect(row.count).toBe(0);
  });

  it("never expose a password and show salaries to admins only", async () => {
    const target = await t.make.makePerson({ dailySalary: 420, contractType: "freelance" });
    const query = `query ($id: ID!) { person(id: $id) { dailySalary contractType } }`;
    const asAdmin = await graphqlData<{ person: { dailySalary: number; contractType: string } }>(t, admin, query, { id: target.id });
    expect(asAdmin.person).toEqual({ dailySalary: 420, contractType: "freelance" });
    const asArtist = await graphqlData<{ person: { dailySalary: number | null; contractType: string | null } }>(t, artist, query, { id: target.id });
    expect(asArtist.person).toEqual({ dailySalary: null, contractType: null });
    expect(await graphqlErrorCode(t, admin, `query ($id: ID!) { person(id: $id) { password } }`, { id: target.id })).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("update their own names but not their role", async () => {
    const self = await loginAs(t, "user");
    const rename = await graphqlData<{ updatePerson: { firstName: string } }>(t, self, `mutation ($id: ID!) { updatePerson(id: $id, input: { firstName: "Renamed" }) { firstName } }`, { id: self.person.id });
    expect(rename.updatePerson.firstName).toBe("Renamed");
    expect(await graphqlErrorCode(t, self, `mutation ($id: ID!) { updatePerson(id: $id, input: { role: "admin" }) { role } }`, { id: self.person.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, self, `mutation ($id: ID!) { updatePerson(id: $id, input: { firstName: "X" }) { id } }`, { id: artist.person.id })).toBe("FORBIDDEN");
  });

  it("are deleted by admins, never by themselves", async () => {
    const target = await t.make.makePerson();
    const deletion = `mutation ($id: ID!) { deletePerson(id: $id) }`;
    expect(await graphqlErrorCode(t, artist, deletion, { id: target.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, admin, deletion, { id: admin.person.id })).toBe("FORBIDDEN");
    const data = await graphqlData<{ deletePerson: string }>(t, admin, deletion, { id: target.id });
    expect(data.deletePerson).toBe(target.id);
    expect(await graphqlErrorCode(t, admin, `query ($id: ID!) { person(id: $id) { id } }`, { id: target.id })).toBe("NOT_FOUND");
  });

  it("answer NOT_FOUND for an unknown id and BAD_USER_INPUT for a malformed one", async () => {
    expect(await graphqlErrorCode(t, artist, `{ person(id: "00000000-0000-4000-8000-000000000000") { id } }`)).toBe("NOT_FOUND");
    expect(await graphqlErrorCode(t, artist, `{ person(id: "nope") { id } }`)).toBe("BAD_USER_INPUT");
  });

  it("are listed with filters, pages and a total count", async () => {
    const department = await t.make.makeDepartment();
    const members = [await t.make.makePerson({ firstName: "Zed", lastName: "One" }), await t.make.makePerson({ firstName: "Zed", lastName: "Two" })];
    for (const member of members) await t.db.query("insert into department_link (person_id, department_id) values ($1, $2)", [member.id, department.id]);
    const query = `query ($departmentId: ID!, $after: String) { persons(departmentId: $departmentId, first: 1, after: $after) { totalCount nodes { lastName } pageInfo { hasNextPage endCursor } } }`;
    const first = await graphqlData<{ persons: { totalCount: number; nodes: { lastName: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(t, artist, query, { departmentId: department.id });
    expect(first.persons.totalCount).toBe(2);
    expect(first.persons.nodes).toEqual([{ lastName: "One" }]);
    const second = await graphqlData<{ persons: { nodes: { lastName: string }[]; pageInfo: { hasNextPage: boolean } } }>(t, artist, query, { departmentId: department.id, after: first.persons.pageInfo.endCursor });
    expect(second.persons.nodes).toEqual([{ lastName: "Two" }]);
    expect(second.persons.pageInfo.hasNextPage).toBe(false);
  });
});

describe("the persons query and share-link guests", () => {
  it("lists guests for admins only", async () => {
    const member = await t.make.makePerson({ firstName: "Quillon", lastName: "Member" });
    const guest = await t.make.makePerson({ firstName: "Quillon", lastName: "Guest" });
    await t.db.query("update person set is_guest = true where id = $1", [guest.id]);
    const query = `query ($isGuest: Boolean) { persons(search: "Quillon", isGuest: $isGuest) { nodes { id } } }`;
    const ids = async (session: LoggedIn, isGuest: boolean | null) =>
      (await graphqlData<{ persons: { nodes: { id: string }[] } }>(t, session, query, { isGuest })).persons.nodes.map((node) => node.id);

    expect(await ids(artist, null)).toEqual([member.id]);
    expect(await ids(artist, false)).toEqual([member.id]);
    expect(await ids(admin, true)).toEqual([guest.id]);
    expect(await graphqlErrorCode(t, artist, query, { isGuest: true })).toBe("BAD_USER_INPUT");
    const rest = await t.request({ method: "GET", url: "/api/data/persons", token: artist.token });
    expect((rest.json() as { id: string }[]).map((person) => person.id)).not.toContain(guest.id);
  });
});

describe("departments and studios", () => {
  it("are created, read with their members, updated and deleted by admins", async () => {
    const since = new Date();
    const created = await graphqlData<{ createDepartment: { id: string } }>(t, admin, `mutation { createDepartment(input: { name: "Lighting", color: "#FFAA00" }) { id } }`);
    const id = created.createDepartment.id;
    const member = await t.make.makePerson();
    await t.db.query("insert into department_link (person_id, department_id) values ($1, $2)", [member.id, id]);

    const read = await graphqlData<{ department: { name: string; persons: { id: string }[] } }>(t, artist, `query ($id: ID!) { department(id: $id) { name persons { id } } }`, { id });
    expect(read.department).toEqual({ name: "Lighting", persons: [{ id: member.id }] });

    const updated = await graphqlData<{ updateDepartment: { color: string } }>(t, admin, `mutation ($id: ID!) { updateDepartment(id: $id, input: { color: "#000001" }) { color } }`, { id });
    expect(updated.updateDepartment.color).toBe("#000001");
    await graphqlData(t, admin, `mutation ($id: ID!) { deleteDepartment(id: $id) }`, { id });
    expect(await eventNamesSince(t, since)).toEqual(expect.arrayContaining(["department:new", "department:update", "department:delete"]));
  });

  it("refuse a non-admin, a bad color and a duplicate name", async () => {
    const manager = await loginAs(t, "manager");
    expect(await graphqlErrorCode(t, manager, `mutation { createStudio(input: { name: "Lyon", color: "#12AB34" }) { id } }`)).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, admin, `mutation { createStudio(input: { name: "Lyon", color: "red" }) { id } }`)).toBe("BAD_USER_INPUT");
    await graphqlData(t, admin, `mutation { createStudio(input: { name: "Lyon", color: "#12AB34" }) { id } }`);
    expect(await graphqlErrorCode(t, admin, `mutation { createStudio(input: { name: "Lyon", color: "#12AB34" }) { id } }`)).toBe("BAD_USER_INPUT");
  });

  it("refuse deleting a studio that persons still belong to", async () => {
    const studio = await t.make.makeStudio();
    const member = await t.make.makePerson({ studioId: studio.id });
    expect(await graphqlErrorCode(t, artist, `mutation ($id: ID!) { deleteStudio(id: $id) }`, { id: studio.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, admin, `mutation ($id: ID!) { deleteStudio(id: $id) }`, { id: studio.id })).toBe("BAD_USER_INPUT");
    const read = await graphqlData<{ person: { studio: { id: string } } }>(t, artist, `query ($id: ID!) { person(id: $id) { studio { id } } }`, { id: member.id });
    expect(read.person.studio.id).toBe(studio.id);
  });
});
