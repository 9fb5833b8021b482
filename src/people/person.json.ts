import { person } from "../../schema/people.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

export type PersonRow = typeof person.$inferSelect;

// Columns Zou leaves out of every API answer about a person (its "safe" serializer).
const SECRET_COLUMNS = [
  "password",
  "totp_secret",
  "email_otp_secret",
  "otp_recovery_codes",
  "fido_credentials",
  "jti",
  "login_failed_attemps",
  "last_login_failed",
] as const;

export function fullName(row: Pick<PersonRow, "firstName" | "lastName">): string {
  return `${row.firstName ?? ""} ${row.lastName ?? ""}`.trim();
}

/** Serializes a person the way Zou's safe serializer does: no secrets, plus `full_name`. */
export function personToZouJson(row: PersonRow, departmentIds?: string[]): ZouJson {
  const json = toZouJson(person, row as Record<string, unknown>, "Person", SECRET_COLUMNS);
  json.full_name = fullName(row);
  if (departmentIds !== undefined) json.departments = departmentIds;
  return json;
}
