import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../support/database.js";

// The db module routes `db.query` and `db.orm` through the transaction open
// in the current async context. Its storage is switched off whenever no
// transaction is open (it slows every request down), so these tests check
// that statements still land in the right transaction around those switches.
// A statement that wrongly ran outside its transaction survives the rollback.

let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

async function departmentCount(name: string): Promise<number> {
  const [row] = await db.query<{ count: string | number }>("select count(*) as count from department where name = $1", [name]);
  return Number(row.count);
}

async function insertDepartment(name: string): Promise<void> {
  await db.query("insert into department (id, name, color, created_at, updated_at) values (gen_random_uuid(), $1, '#000000', now(), now())", [name]);
}

class Rollback extends Error {}

/** Runs fn in a transaction that is then rolled back. */
async function rolledBack(fn: () => Promise<void>): Promise<void> {
  await expect(
    db.transaction(async () => {
      await fn();
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
}

describe("statements inside a transaction", () => {
  it("see writes and roll back", async () => {
    await rolledBack(async () => {
      await insertDepartment("Rolled back once");
      expect(await departmentCount("Rolled back once")).toBe(1);
    });
    expect(await departmentCount("Rolled back once")).toBe(0);
  });

  it("stay inside after an earlier transaction", async () => {
    await db.transaction(async () => insertDepartment("Kept"));
    await rolledBack(async () => insertDepartment("Rolled back after another"));
    await rolledBack(async () => insertDepartment("Rolled back after two"));
    expect(await departmentCount("Kept")).toBe(1);
    expect(await departmentCount("Rolled back after another")).toBe(0);
    expect(await departmentCount("Rolled back after two")).toBe(0);
  });

  it("roll back with a nested savepoint", async () => {
    await rolledBack(async () => {
      await db.transaction(async () => insertDepartment("Nested"));
      await insertDepartment("After the nested one");
    });
    expect(await departmentCount("Nested")).toBe(0);
    expect(await departmentCount("After the nested one")).toBe(0);
  });

  it("run outside once the transaction has ended", async () => {
    await db.transaction(async () => insertDepartment("Committed"));
    await insertDepartment("Written afterwards");
    expect(await departmentCount("Written afterwards")).toBe(1);
  });

  // PGlite has one connection: a second transaction waits for the first to end.
  it.skipIf(process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === "")(
    "stay in their transaction while another transaction begins and ends meanwhile",
    async () => {
      let releaseFirst!: () => void;
      const firstMayGoOn = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstStarted!: () => void;
      const firstIsOpen = new Promise<void>((resolve) => (firstStarted = resolve));

      const first = rolledBack(async () => {
        firstStarted();
        await firstMayGoOn;
        await insertDepartment("Written after the other ended");
      });
      await firstIsOpen;
      await db.transaction(async () => insertDepartment("The other one"));
      releaseFirst();
      await first;

      expect(await departmentCount("The other one")).toBe(1);
      expect(await departmentCount("Written after the other ended")).toBe(0);
    },
  );
});
