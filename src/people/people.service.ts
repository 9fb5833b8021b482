import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { hashPassword } from "../auth/passwords.js";
import type { Database } from "../db/index.js";
import { preparedOnce } from "../db/prepared.js";
import { BadRequestError, ConflictError } from "../errors.js";
import type { PersonRow } from "./person.json.js";

export {
  createDepartment,
  createPerson,
  createStudio,
  deleteDepartment,
  deletePerson,
  deleteStudio,
  updateDepartment,
  updateOrganisation,
  updatePerson,
  updateStudio,
} from "./people.writes.js";

// Key of the advisory lock held while the first admin is created ("kuma").
const BOOTSTRAP_LOCK_KEY = 0x6b756d61;

export const GLOBAL_ROLES = ["admin", "manager", "supervisor", "user", "client", "vendor"] as const;

export async function getPersonById(db: Database, id: string): Promise<PersonRow | null> {
  const statement = preparedOnce(db.orm, "person_by_id", () =>
    db.orm.select().from(person).where(eq(person.id, sql.placeholder("id"))).limit(1).prepare("person_by_id"),
  );
  const rows = await statement.execute({ id });
  return rows[0] ?? null;
}

/** Finds a human (not bot) account by email, compared lower-cased as Zou stores it. */
export async function findPersonByEmail(db: Database, email: string): Promise<PersonRow | null> {
  const rows = await db.orm
    .select()
    .from(person)
    .where(and(eq(sql`lower(${person.email})`, email.trim().toLowerCase()), eq(person.isBot, false)))
    .limit(1);
  return rows[0] ?? null;
}

export interface CreateAdminResult {
  person: PersonRow;
  created: boolean;
}

/**
 * Creates an admin account, or resets the password and role of the account
 * that already has this email. Used by the first start and by the
 * create-admin command.
 */
export async function createOrResetAdmin(db: Database, email: string, password: string): Promise<CreateAdminResult> {
  const normalized = email.trim().toLowerCase();
  if (!normalized.includes("@")) throw new BadRequestError(`Invalid email address: ${email}`);
  if (password.length < 8) throw new BadRequestError("Password is too short: it needs at least 8 characters.");
  const hash = await hashPassword(password);

  return db.transaction(async (tx) => {
    const existing = await tx.select().from(person).where(eq(sql`lower(${person.email})`, normalized)).limit(1);
    if (existing[0] !== undefined) {
      const [updated] = await tx
        .update(person)
        .set({ password: hash, role: "admin", active: true, loginFailedAttemps: 0 })
        .where(eq(person.id, existing[0].id))
        .returning();
      return { person: updated, created: false };
    }
    const [inserted] = await tx
      .insert(person)
      .values({ firstName: "Super", lastName: "Admin", email: normalized, password: hash, role: "admin", active: true })
      .returning();
    if (inserted === undefined) throw new ConflictError("The admin account could not be created.");
    return { person: inserted, created: true };
  });
}

/**
 * Creates the first admin when the database has no person yet; returns a
 * generated password if one was made. Instances starting together take turns
 * through a transaction-scoped advisory lock, so only one of them creates
 * the account and prints its password.
 */
export async function bootstrapAdmin(
  db: Database,
  email: string | undefined,
  password: string | undefined,
): Promise<{ email: string; generatedPassword?: string } | null> {
  const adminEmail = (email ?? "admin@example.com").trim().toLowerCase();
  const adminPassword = password ?? randomBytes(12).toString("base64url");
  const hash = await hashPassword(adminPassword);

  const created = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)::int` }).from(person);
    if (total > 0) return false;
    await tx.insert(person).values({ firstName: "Super", lastName: "Admin", email: adminEmail, password: hash, role: "admin", active: true });
    return true;
  });
  if (!created) return null;
  return password === undefined ? { email: adminEmail, generatedPassword: adminPassword } : { email: adminEmail };
}
