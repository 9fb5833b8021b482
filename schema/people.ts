import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  type PgTableExtraConfigValue,
  primaryKey,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

import { baseColumns, bytea, jsonb } from "./columns.js";

// People & auth: Zou's person, department, studio and organisation models and
// the login logs.

/**
 * A user account: a human, a bot, or a share-link guest (`is_guest` with the
 * `client` role). `password` is a bcrypt hash.
 */
export const person = pgTable(
  "person",
  {
    firstName: varchar("first_name", { length: 80 }).notNull(),
    lastName: varchar("last_name", { length: 80 }).notNull(),
    // Lower-cased by the application before storage.
    email: varchar("email", { length: 255 }),
    phone: varchar("phone", { length: 30 }),
    country: varchar("country", { length: 2 }),
    // One of: open-ended, fixed-term, short-term, freelance, apprentice, internship.
    contractType: varchar("contract_type", { length: 255 })
      .notNull()
      .$default(() => "open-ended"),
    active: boolean("active").$default(() => true),
    archived: boolean("archived").$default(() => false),
    lastPresence: date("last_presence", { mode: "string" }),
    password: bytea("password"),
    desktopLogin: varchar("desktop_login", { length: 80 }),
    // Zou's spelling.
    loginFailedAttemps: integer("login_failed_attemps").$default(() => 0),
    lastLoginFailed: timestamp("last_login_failed", { mode: "date" }),
    totpEnabled: boolean("totp_enabled").$default(() => false),
    totpSecret: varchar("totp_secret", { length: 32 }),
    emailOtpEnabled: boolean("email_otp_enabled").$default(() => false),
    emailOtpSecret: varchar("email_otp_secret", { length: 32 }),
    fidoEnabled: boolean("fido_enabled").$default(() => false),
    fidoCredentials: jsonb("fido_credentials").array(),
    otpRecoveryCodes: bytea("otp_recovery_codes").array(),
    // One of: totp, email_otp, fido.
    preferredTwoFactorAuthentication: varchar("preferred_two_factor_authentication", {
      length: 255,
    }),
    shotgunId: integer("shotgun_id").unique("person_shotgun_id_key"),
    // NOTE(compat): Zou defaults timezone and locale to the instance settings
    // (DEFAULT_TIMEZONE, DEFAULT_LOCALE), so the service creating a person sets them.
    timezone: varchar("timezone", { length: 50 }),
    locale: varchar("locale", { length: 10 }),
    use12HourClock: boolean("use_12_hour_clock").$default(() => false),
    displayDateFormat: varchar("display_date_format", { length: 20 }).$default(() => "YYYY-MM-DD"),
    data: jsonb("data"),
    // One of: user, admin, supervisor, manager, client, vendor.
    role: varchar("role", { length: 255 })
      .notNull()
      .$default(() => "user"),
    // One of: supervisor, lead, artist.
    position: varchar("position", { length: 255 }).$default(() => "artist"),
    // One of: senior, mid, junior.
    seniority: varchar("seniority", { length: 255 }).$default(() => "mid"),
    dailySalary: integer("daily_salary").$default(() => 0),
    hasAvatar: boolean("has_avatar").$default(() => false),
    notificationsEnabled: boolean("notifications_enabled").$default(() => false),
    notificationsSlackEnabled: boolean("notifications_slack_enabled").$default(() => false),
    notificationsSlackUserid: varchar("notifications_slack_userid", { length: 60 }).$default(() => ""),
    notificationsMattermostEnabled: boolean("notifications_mattermost_enabled").$default(() => false),
    notificationsMattermostUserid: varchar("notifications_mattermost_userid", { length: 60 }).$default(
      () => "",
    ),
    notificationsDiscordEnabled: boolean("notifications_discord_enabled").$default(() => false),
    notificationsDiscordUserid: varchar("notifications_discord_userid", { length: 60 }).$default(() => ""),
    isBot: boolean("is_bot")
      .notNull()
      .$default(() => false),
    isGuest: boolean("is_guest")
      .notNull()
      .$default(() => false),
    jti: varchar("jti", { length: 60 }).unique("person_jti_key"),
    expirationDate: date("expiration_date", { mode: "string" }),
    isGeneratedFromLdap: boolean("is_generated_from_ldap").$default(() => false),
    ldapUid: varchar("ldap_uid", { length: 60 }).unique("person_ldap_uid_key"),
    studioId: uuid("studio_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_person_studio_id").on(table.studioId),
    // Only human accounts need distinct email addresses, so bots may share one.
    uniqueIndex("only_one_email_by_person")
      .on(table.email, table.isBot)
      .where(sql`${table.isBot} IS NOT true`),
    foreignKey({ name: "person_studio_id_fkey", columns: [table.studioId], foreignColumns: [studio.id] }),
  ],
);

/** A studio department (modeling, animation...), which scopes supervisors. */
export const department = pgTable("department", {
  name: varchar("name", { length: 80 }).notNull().unique("department_name_key"),
  color: varchar("color", { length: 7 }).notNull(),
  archived: boolean("archived").$default(() => false),
  ...baseColumns(),
});

/** Membership of a person in a department. */
export const departmentLink = pgTable(
  "department_link",
  {
    personId: uuid("person_id").notNull(),
    departmentId: uuid("department_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    // Zou also declares UNIQUE department_link_uc on the key's columns.
    // PostgreSQL merges a UNIQUE that repeats the primary key into the key, so
    // it is left out.
    primaryKey({ name: "department_link_pkey", columns: [table.personId, table.departmentId] }),
    index("ix_department_link_person_id").on(table.personId),
    index("ix_department_link_department_id").on(table.departmentId),
    foreignKey({
      name: "department_link_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
    foreignKey({
      name: "department_link_department_id_fkey",
      columns: [table.departmentId],
      foreignColumns: [department.id],
    }),
  ],
);

/** A studio (a site or a partner company) people can belong to. */
export const studio = pgTable("studio", {
  name: varchar("name", { length: 80 }).notNull().unique("studio_name_key"),
  color: varchar("color", { length: 7 }).notNull(),
  archived: boolean("archived").$default(() => false),
  ...baseColumns(),
});

/** Instance-wide settings, normally in a single row. */
export const organisation = pgTable("organisation", {
  name: varchar("name", { length: 80 }).notNull().unique("organisation_name_key"),
  hoursByDay: doublePrecision("hours_by_day")
    .notNull()
    .$default(() => 8),
  hasAvatar: boolean("has_avatar").$default(() => false),
  useOriginalFileName: boolean("use_original_file_name").$default(() => false),
  timesheetsLocked: boolean("timesheets_locked").$default(() => false),
  formatDurationInHours: boolean("format_duration_in_hours").$default(() => false),
  hdByDefault: boolean("hd_by_default").$default(() => false),
  chatTokenSlack: varchar("chat_token_slack", { length: 80 }).$default(() => ""),
  chatWebhookMattermost: varchar("chat_webhook_mattermost", { length: 80 }).$default(() => ""),
  chatTokenDiscord: varchar("chat_token_discord", { length: 80 }).$default(() => ""),
  darkThemeByDefault: boolean("dark_theme_by_default").$default(() => false),
  ...baseColumns(),
});

/** One row per successful login, from the web client or a script. */
export const loginLog = pgTable(
  "login_log",
  {
    personId: uuid("person_id").notNull(),
    ipAddress: varchar("ip_address", { length: 50 }),
    // One of: web, script.
    origin: varchar("origin", { length: 255 }),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_login_log_person_id").on(table.personId),
    foreignKey({ name: "login_log_person_id_fkey", columns: [table.personId], foreignColumns: [person.id] }),
  ],
);

/** A desktop or launcher login, used by presence reports. */
export const desktopLoginLog = pgTable(
  "desktop_login_log",
  {
    personId: uuid("person_id").notNull(),
    date: timestamp("date", { mode: "date" }).notNull(),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_desktop_login_log_person_id").on(table.personId),
    foreignKey({
      name: "desktop_login_log_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
  ],
);
