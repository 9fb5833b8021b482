import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

function freshDataDir() {
  return mkdtempSync(path.join(tmpdir(), "kumiki-config-"));
}

describe("loading the configuration", () => {
  it("defaults to the embedded database under ./data on port 8080", () => {
    const dataDir = freshDataDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.databaseMode).toBe("embedded");
    expect(config.port).toBe(8080);
    expect(config.host).toBe("0.0.0.0");
    expect(config.embeddedDbDir).toBe(path.join(dataDir, "db"));
    expect(config.filesDir).toBe(path.join(dataDir, "files"));
    expect(config.accessTokenTtl).toBe(7 * 24 * 3600);
    expect(config.refreshTokenTtl).toBe(15 * 24 * 3600);
  });

  it("generates the embedded secret once and keeps it", () => {
    const dataDir = freshDataDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.secretKey.length).toBeGreaterThanOrEqual(32);
    expect(second.secretKey).toBe(first.secretKey);
    expect(readFileSync(path.join(dataDir, "secret_key"), "utf8").trim()).toBe(first.secretKey);
  });

  it("requires SECRET_KEY with a PostgreSQL server", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://localhost/kumiki" })).toThrow(/SECRET_KEY/);
  });

  it("builds the URL from Zou's DB_ variables, and DATABASE_URL wins", () => {
    const fromParts = loadConfig({ SECRET_KEY: "0123456789abcdef", DB_HOST: "db.local", DB_PORT: "6543", DB_USERNAME: "zou", DB_PASSWORD: "p@ss", DB_DATABASE: "zoudb" });
    expect(fromParts.databaseUrl).toBe("postgres://zou:p%40ss@db.local:6543/zoudb");
    const both = loadConfig({ SECRET_KEY: "0123456789abcdef", DB_HOST: "db.local", DATABASE_URL: "postgres://other/db" });
    expect(both.databaseUrl).toBe("postgres://other/db");
  });

  it("uses PREVIEW_FOLDER for the files", () => {
    const config = loadConfig({ DATA_DIR: freshDataDir(), PREVIEW_FOLDER: "/srv/previews" });
    expect(config.filesDir).toBe("/srv/previews");
  });

  it("names the variable of an invalid value", () => {
    const dataDir = freshDataDir();
    expect(() => loadConfig({ DATA_DIR: dataDir, PORT: "eighty" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir, PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ DATA_DIR: dataDir, DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: dataDir, SECRET_KEY: "short" })).toThrow(/SECRET_KEY/);
    expect(() => loadConfig({ DATA_DIR: dataDir, KUMIKI_ADMIN_EMAIL: "not-an-email" })).toThrow(/KUMIKI_ADMIN_EMAIL/);
  });

  it("returns a frozen object", () => {
    const config = loadConfig({ DATA_DIR: freshDataDir() });
    expect(Object.isFrozen(config)).toBe(true);
  });
});
