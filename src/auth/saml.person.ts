import { randomBytes } from "node:crypto";
import { eq, or, sql } from "drizzle-orm";
import { department, departmentLink, loginLog, person, studio } from "../../schema/people.js";
import type { AppServices, RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { idIn } from "../db/loader.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import type { PersonRow } from "../people/person.json.js";
import { findPersonByEmail } from "../people/people.service.js";
import { hashPassword } from "./passwords.js";
import type { SamlIdentity } from "./saml.js";
import type { TokenPair } from "./tokens.js";

// The person behind an accepted SAML assertion, handled as Zou handles it.
// The IdP is authoritative for the optional attributes it sends (first_name,
// last_name, phone, departments, studio_id, country). An existing person is
// updated when one of them differs, and an unknown email gets a new account
// with a random password.

// NOTE(compat): Zou's DEFAULT_TIMEZONE and DEFAULT_LOCALE defaults; Kumiki has
// no setting for them yet.
const DEFAULT_TIMEZONE = "Europe/Paris";
const DEFAULT_LOCALE = "en_US";

interface PersonAttributes {
  firstName?: string;
  lastName?: string;
  phone?: string;
  country?: string | null;
  studioId?: string;
  departmentIds?: string[];
}

/** Reads a text attribute, joining multiple values with spaces as Zou joins names and countries. */
function textAttribute(value: unknown, maxLength: number): string | undefined {
  const values = Array.isArray(value) ? value : [value];
  const texts = values.filter((item): item is string => typeof item === "string");
  if (texts.length === 0) return undefined;
  return texts.join(" ").trim().slice(0, maxLength);
}

function listAttribute(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((item): item is string => typeof item === "string").map((item) => item.trim()).filter((item) => item !== "");
}

/** Reads the country as Zou does: an ISO 3166-1 alpha-2 code is upper-cased, empty clears it, anything else is dropped. */
function countryAttribute(value: unknown): string | null | undefined {
  const text = textAttribute(value, 100);
  if (text === undefined) return undefined;
  const code = text.toUpperCase();
  if (code === "") return null;
  return /^[A-Z]{2}$/.test(code) ? code : undefined;
}

/** Reads the attributes Zou takes from an assertion; unknown studios and departments are left out. */
async function readPersonAttributes(ctx: RequestContext, attributes: Record<string, unknown>): Promise<PersonAttributes> {
  const result: PersonAttributes = {
    firstName: textAttribute(attributes.first_name, 80),
    lastName: textAttribute(attributes.last_name, 80),
    phone: textAttribute(listAttribute(attributes.phone)[0], 30),
    country: countryAttribute(attributes.country),
  };

  const studioId = textAttribute(attributes.studio_id, 36)?.toLowerCase();
  if (studioId !== undefined && isUuid(studioId)) {
    const rows = await ctx.db.orm.select({ id: studio.id }).from(studio).where(eq(studio.id, studioId));
    if (rows.length > 0) result.studioId = studioId;
  }
  if (studioId !== undefined && result.studioId === undefined) ctx.log.info({ studioId }, "SAML studio_id attribute ignored: studio not found");

  if (attributes.departments !== undefined) {
    // Departments may be named by id or by name.
    const names = listAttribute(attributes.departments);
    const ids = names.filter(isUuid).map((id) => id.toLowerCase());
    const lowerNames = names.map((name) => name.toLowerCase());
    const rows = names.length === 0
      ? []
      : await ctx.db.orm
          .select({ id: department.id })
          .from(department)
          .where(or(idIn(department.id, ids), sql`lower(${department.name}) = any(${sql.param(lowerNames)}::text[])`));
    result.departmentIds = [...new Set(rows.map((row) => row.id))].sort();
  }
  return result;
}

function changedFields(existing: PersonRow, wanted: PersonAttributes): Partial<typeof person.$inferInsert> {
  const changes: Partial<typeof person.$inferInsert> = {};
  if (wanted.firstName !== undefined && wanted.firstName !== existing.firstName) changes.firstName = wanted.firstName;
  if (wanted.lastName !== undefined && wanted.lastName !== existing.lastName) changes.lastName = wanted.lastName;
  if (wanted.phone !== undefined && wanted.phone !== (existing.phone ?? "")) changes.phone = wanted.phone;
  if (wanted.country !== undefined && wanted.country !== existing.country) changes.country = wanted.country;
  if (wanted.studioId !== undefined && wanted.studioId !== existing.studioId) changes.studioId = wanted.studioId;
  return changes;
}

async function replaceDepartments(tx: Orm, personId: string, departmentIds: string[]): Promise<void> {
  await tx.delete(departmentLink).where(eq(departmentLink.personId, personId));
  if (departmentIds.length > 0) await tx.insert(departmentLink).values(departmentIds.map((departmentId) => ({ personId, departmentId })));
}

async function updateFromAssertion(ctx: RequestContext, existing: PersonRow, wanted: PersonAttributes): Promise<PersonRow> {
  const changes = changedFields(existing, wanted);
  let departmentsChanged = false;
  if (wanted.departmentIds !== undefined) {
    const links = await ctx.db.orm.select({ id: departmentLink.departmentId }).from(departmentLink).where(eq(departmentLink.personId, existing.id));
    const current = links.map((link) => link.id).sort();
    departmentsChanged = current.join(",") !== wanted.departmentIds.join(",");
  }
  if (Object.keys(changes).length === 0 && !departmentsChanged) return existing;

  return ctx.db.transaction(async (tx) => {
    let row = existing;
    if (Object.keys(changes).length > 0) [row] = await tx.update(person).set(changes).where(eq(person.id, existing.id)).returning();
    if (departmentsChanged) await replaceDepartments(tx, existing.id, wanted.departmentIds!);
    await recordEvent(tx, ctx, { name: "person:update", data: { person_id: existing.id } });
    return row;
  });
}

async function createFromAssertion(ctx: RequestContext, email: string, wanted: PersonAttributes): Promise<PersonRow | undefined> {
  // Zou requires first_name from the IdP; Kumiki falls back on the email's local part.
  const firstName = wanted.firstName || email.split("@")[0].slice(0, 80);
  const password = await hashPassword(randomBytes(48).toString("base64url"));

  return ctx.db.transaction(async (tx) => {
    // Another login for the same email may insert first, and then nothing is inserted here.
    const [row] = await tx
      .insert(person)
      .values({
        email,
        password,
        firstName,
        lastName: wanted.lastName ?? "",
        phone: wanted.phone,
        country: wanted.country ?? null,
        studioId: wanted.studioId,
        role: "user",
        active: true,
        timezone: DEFAULT_TIMEZONE,
        locale: DEFAULT_LOCALE,
      })
      .onConflictDoNothing()
      .returning();
    if (row === undefined) return undefined;
    if (wanted.departmentIds !== undefined) await replaceDepartments(tx, row.id, wanted.departmentIds);
    await recordEvent(tx, ctx, { name: "person:new", data: { person_id: row.id } });
    return row;
  });
}

/** Finds the person an assertion names, updating or creating them from its attributes. */
export async function findOrCreateSamlPerson(ctx: RequestContext, identity: SamlIdentity): Promise<PersonRow> {
  const wanted = await readPersonAttributes(ctx, identity.attributes);

  const existing = await findPersonByEmail(ctx.db, identity.email);
  if (existing !== null) return updateFromAssertion(ctx, existing, wanted);

  const created = await createFromAssertion(ctx, identity.email, wanted);
  if (created !== undefined) {
    ctx.log.info({ personId: created.id }, "person created from a SAML assertion");
    return created;
  }
  const raced = await findPersonByEmail(ctx.db, identity.email);
  if (raced === null) throw new Error("The person of a SAML login could neither be created nor found.");
  return updateFromAssertion(ctx, raced, wanted);
}

/** Issues the token pair of a SAML login and stores its login log, as a web login. */
export async function logInSamlPerson(services: AppServices, found: PersonRow, ip: string): Promise<TokenPair> {
  const tokens = await services.tokens.issuePair(found.id);
  await services.db.orm.insert(loginLog).values({ personId: found.id, ipAddress: ip.slice(0, 50), origin: "web" });
  return tokens;
}
