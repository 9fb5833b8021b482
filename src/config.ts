import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Every setting, read from the environment once at start-up and validated.
// Zou's variable names are accepted where Zou has one, so that a studio can
// reuse its environment file.

export type DatabaseMode = "embedded" | "server";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Where PGlite keeps its database in embedded mode. */
  readonly embeddedDbDir: string;
  /** Root of the file store (Zou's PREVIEW_FOLDER). */
  readonly filesDir: string;
  readonly databaseMode: DatabaseMode;
  /** Connection string of the PostgreSQL server; undefined in embedded mode. */
  readonly databaseUrl: string | undefined;
  readonly dbPoolSize: number;
  readonly secretKey: string;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  readonly logLevel: LogLevel;
  /** Access token lifetime in seconds (Zou: 7 days). */
  readonly accessTokenTtl: number;
  /** Refresh token lifetime in seconds (Zou: 15 days). */
  readonly refreshTokenTtl: number;
  /** Trust X-Forwarded-* headers from a reverse proxy (needed for Secure cookies behind HTTPS). */
  readonly trustProxy: boolean;
  readonly graphqlMaxDepth: number;
  readonly graphqlMaxCost: number;
  /** Number of items a Relay connection returns when the client gives no `first`. */
  readonly graphqlDefaultPageSize: number;
  readonly graphqlMaxPageSize: number;
  /** Where files are kept: a local folder (filesDir) or an S3-compatible store (Zou's FS_BACKEND). */
  readonly fsBackend: "local" | "s3";
  readonly s3: S3Settings;
  /** Scratch folder for uploads and transcodes (Zou's TMP_DIR). */
  readonly tmpDir: string;
  /** Largest accepted upload, in bytes. */
  readonly maxUploadSize: number;
  /** Largest picture accepted for decoding, in pixels (Zou's MAX_IMAGE_PIXELS). */
  readonly maxImagePixels: number;
  /** ffmpeg and ffprobe binaries; undefined means PATH, then the npm-shipped ones. */
  readonly ffmpegPath: string | undefined;
  readonly ffprobePath: string | undefined;
  /** Background jobs (movie transcodes) one instance runs at a time. */
  readonly jobConcurrency: number;
  /** Runs of a job before it is given up. */
  readonly jobMaxAttempts: number;
  /** Seconds without a heartbeat after which a running job counts as dead and is queued again. */
  readonly jobStaleAfter: number;
  readonly saml: SamlConfig;
  /** Host (and port) of the public site, without protocol (Zou's DOMAIN_NAME). */
  readonly domainName: string;
  /** Protocol of the public site, http or https (Zou's DOMAIN_PROTOCOL). */
  readonly domainProtocol: "http" | "https";
  /** Folder where outgoing mail is written as .eml files, since Kumiki has no SMTP client. */
  readonly mailOutboxDir: string;
  /** From address of outgoing mail (Zou's MAIL_DEFAULT_SENDER). */
  readonly mailSender: string;
}

/** SAML single sign-on with one identity provider (IdP); Kumiki is the service provider (SP). */
export interface SamlConfig {
  readonly enabled: boolean;
  /** Label Kitsu shows on its single sign-on button. */
  readonly idpName: string;
  /** Where the IdP metadata comes from: a URL, a file, or the XML itself. Exactly one is set when enabled. */
  readonly metadataUrl: string | undefined;
  readonly metadataFile: string | undefined;
  readonly metadataXml: string | undefined;
  /** The SP entity id, the audience the assertions must name. */
  readonly spEntityId: string;
  /** The assertion consumer service URL, the recipient the assertions must name. */
  readonly acsUrl: string;
  /** Clock difference with the IdP tolerated on NotBefore and NotOnOrAfter, in seconds. */
  readonly clockSkewSeconds: number;
}

export interface S3Settings {
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly accessKey: string | undefined;
  readonly secretKey: string | undefined;
  /** Prepended to Zou's bucket names (pictures, movies, files). */
  readonly bucketPrefix: string;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid setting ${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const DAY = 24 * 60 * 60;

function readString(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`);
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const lowered = raw.toLowerCase();
  if (["1", "true", "yes", "on"].includes(lowered)) return true;
  if (["0", "false", "no", "off"].includes(lowered)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

function readDatabaseUrl(env: Env): string | undefined {
  const url = readString(env, "DATABASE_URL");
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ConfigError("DATABASE_URL", "expected a postgres:// or postgresql:// URL");
    }
    return url;
  }

  // Zou's separate variables; Zou spells the user DB_USERNAME, and DB_USER is accepted too.
  const host = readString(env, "DB_HOST");
  if (host === undefined) return undefined;
  const port = readInteger(env, "DB_PORT", 5432, 1, 65535);
  const user = readString(env, "DB_USER") ?? readString(env, "DB_USERNAME") ?? "postgres";
  const password = readString(env, "DB_PASSWORD");
  const database = readString(env, "DB_DATABASE") ?? "zoudb";
  const credentials = password === undefined
    ? encodeURIComponent(user)
    : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return `postgres://${credentials}@${host}:${port}/${encodeURIComponent(database)}`;
}

/** Reads the embedded instance's secret, generating and storing it on first start. */
function readOrCreateStoredSecret(dataDir: string): string {
  const secretPath = path.join(dataDir, "secret_key");
  try {
    const stored = readFileSync(secretPath, "utf8").trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(secretPath, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const GIB = 1024 * 1024 * 1024;

function readMediaSettings(env: Env) {
  const fsBackend = (readString(env, "FS_BACKEND") ?? "local").toLowerCase();
  if (fsBackend !== "local" && fsBackend !== "s3") {
    throw new ConfigError("FS_BACKEND", `expected local or s3, got "${fsBackend}"`);
  }
  const endpoint = readString(env, "FS_S3_ENDPOINT");
  if (endpoint !== undefined && !/^https?:\/\//.test(endpoint)) {
    throw new ConfigError("FS_S3_ENDPOINT", "expected an http:// or https:// URL");
  }
  return {
    fsBackend: fsBackend as "local" | "s3",
    s3: {
      endpoint,
      region: readString(env, "FS_S3_REGION") ?? "us-east-1",
      accessKey: readString(env, "FS_S3_ACCESS_KEY"),
      secretKey: readString(env, "FS_S3_SECRET_KEY"),
      bucketPrefix: readString(env, "FS_BUCKET_PREFIX") ?? "",
    },
    tmpDir: path.resolve(readString(env, "TMP_DIR") ?? path.join(tmpdir(), "kumiki")),
    maxUploadSize: readInteger(env, "MAX_UPLOAD_SIZE", 5 * GIB, 1, Number.MAX_SAFE_INTEGER),
    // sharp's own default limit, 16383 × 16383.
    maxImagePixels: readInteger(env, "MAX_IMAGE_PIXELS", 268_402_689, 1, Number.MAX_SAFE_INTEGER),
    ffmpegPath: readString(env, "FFMPEG_PATH"),
    ffprobePath: readString(env, "FFPROBE_PATH"),
    jobConcurrency: readInteger(env, "JOB_CONCURRENCY", 2, 1, 64),
    jobMaxAttempts: readInteger(env, "JOB_MAX_ATTEMPTS", 3, 1, 100),
    jobStaleAfter: readInteger(env, "JOB_STALE_AFTER", 120, 3, 24 * 60 * 60),
  };
}

function readSamlConfig(env: Env, domainName: string, domainProtocol: string): SamlConfig {
  const enabled = readBoolean(env, "SAML_ENABLED", false);
  const metadataUrl = readString(env, "SAML_METADATA_URL");
  const metadataFile = readString(env, "SAML_METADATA_FILE");
  const metadataXml = readString(env, "SAML_METADATA_XML");
  if (metadataUrl !== undefined && !/^https?:\/\//.test(metadataUrl)) {
    throw new ConfigError("SAML_METADATA_URL", `expected an http:// or https:// URL, got "${metadataUrl}"`);
  }
  const sources = [metadataUrl, metadataFile, metadataXml].filter((source) => source !== undefined);
  if (enabled && sources.length !== 1) {
    throw new ConfigError("SAML_ENABLED", "needs exactly one of SAML_METADATA_URL, SAML_METADATA_FILE or SAML_METADATA_XML");
  }

  // Zou's SP entity id is the login route's URL.
  const siteUrl = `${domainProtocol}://${domainName}`;
  return {
    enabled,
    idpName: readString(env, "SAML_IDP_NAME") ?? "",
    metadataUrl,
    metadataFile: metadataFile === undefined ? undefined : path.resolve(metadataFile),
    metadataXml,
    spEntityId: readString(env, "SAML_SP_ENTITY_ID") ?? `${siteUrl}/api/auth/saml/login`,
    acsUrl: `${siteUrl}/api/auth/saml/sso`,
    clockSkewSeconds: readInteger(env, "SAML_CLOCK_SKEW", 60, 0, 600),
  };
}

function readMailSender(env: Env, domainName: string): string {
  const sender = readString(env, "MAIL_DEFAULT_SENDER") ?? `no-reply@${domainName.replace(/:\d+$/, "")}`;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(sender)) throw new ConfigError("MAIL_DEFAULT_SENDER", `expected an email address, got "${sender}"`);
  return sender;
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(readString(env, "DATA_DIR") ?? "./data");
  const databaseUrl = readDatabaseUrl(env);
  const databaseMode: DatabaseMode = databaseUrl === undefined ? "embedded" : "server";

  let secretKey = readString(env, "SECRET_KEY");
  if (secretKey !== undefined && secretKey.length < 16) {
    throw new ConfigError("SECRET_KEY", "must be at least 16 characters long");
  }
  if (secretKey === undefined) {
    if (databaseMode === "server") {
      // Instances sharing a server must share the secret, so none can be generated here.
      throw new ConfigError("SECRET_KEY", "is required when a PostgreSQL server is configured");
    }
    secretKey = readOrCreateStoredSecret(dataDir);
  }

  const logLevel = (readString(env, "LOG_LEVEL") ?? "info").toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError("LOG_LEVEL", `expected one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  }

  const adminEmail = readString(env, "KUMIKI_ADMIN_EMAIL")?.toLowerCase();
  if (adminEmail !== undefined && !adminEmail.includes("@")) {
    throw new ConfigError("KUMIKI_ADMIN_EMAIL", `expected an email address, got "${adminEmail}"`);
  }
  const adminPassword = readString(env, "KUMIKI_ADMIN_PASSWORD");
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError("KUMIKI_ADMIN_PASSWORD", "must be at least 8 characters long");
  }

  const domainName = readString(env, "DOMAIN_NAME") ?? "localhost:8080";
  if (/[/\s]/.test(domainName)) throw new ConfigError("DOMAIN_NAME", `expected a host name with an optional port, got "${domainName}"`);
  const domainProtocol = (readString(env, "DOMAIN_PROTOCOL") ?? "https").toLowerCase();
  if (domainProtocol !== "http" && domainProtocol !== "https") {
    throw new ConfigError("DOMAIN_PROTOCOL", `expected http or https, got "${domainProtocol}"`);
  }

  const config: Config = {
    port: readInteger(env, "PORT", 8080, 0, 65535),
    host: readString(env, "HOST") ?? "0.0.0.0",
    dataDir,
    embeddedDbDir: path.join(dataDir, "db"),
    filesDir: path.resolve(readString(env, "PREVIEW_FOLDER") ?? path.join(dataDir, "files")),
    databaseMode,
    databaseUrl,
    dbPoolSize: readInteger(env, "DB_POOL_SIZE", 10, 1, 500),
    secretKey,
    adminEmail,
    adminPassword,
    logLevel,
    accessTokenTtl: readInteger(env, "JWT_ACCESS_TOKEN_EXPIRES", 7 * DAY, 60, 365 * DAY),
    refreshTokenTtl: readInteger(env, "JWT_REFRESH_TOKEN_EXPIRES", 15 * DAY, 60, 365 * DAY),
    trustProxy: readBoolean(env, "TRUST_PROXY", false),
    graphqlMaxDepth: readInteger(env, "GRAPHQL_MAX_DEPTH", 15, 2, 100),
    graphqlMaxCost: readInteger(env, "GRAPHQL_MAX_COST", 50_000, 10, 100_000_000),
    graphqlDefaultPageSize: readInteger(env, "GRAPHQL_DEFAULT_PAGE_SIZE", 100, 1, 100_000),
    graphqlMaxPageSize: readInteger(env, "GRAPHQL_MAX_PAGE_SIZE", 5_000, 1, 1_000_000),
    saml: readSamlConfig(env, domainName, domainProtocol),
    domainName,
    domainProtocol,
    mailOutboxDir: path.resolve(readString(env, "KUMIKI_MAIL_OUTBOX") ?? path.join(dataDir, "outbox")),
    mailSender: readMailSender(env, domainName),
    ...readMediaSettings(env),
  };
  return Object.freeze(config);
}
