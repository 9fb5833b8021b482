import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// Starts the real server as `npm start` does, on a real port, and talks to
// it over HTTP as gazu would.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const running: ChildProcess[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map(stop));
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string; port: number }> {
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...inherited, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api`);
      if (response.ok) return { child, output: () => output, port };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not start within 60 s: ${output}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function login(port: number, email: string, password: string) {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: (await response.json()) as { access_token?: string } };
}

describe("starting the server on the embedded database", () => {
  it("creates the admin, and keeps the data across a restart", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "kumiki-start-"));
    const env = { DATA_DIR: dataDir, KUMIKI_ADMIN_EMAIL: "boss@example.com", KUMIKI_ADMIN_PASSWORD: "first-start-password" };

    const first = await start(env);
    const firstLogin = await login(first.port, "boss@example.com", "first-start-password");
    expect(firstLogin.status).toBe(200);
    const me = await fetch(`http://127.0.0.1:${first.port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${firstLogin.body.access_token}` },
      body: JSON.stringify({ query: "{ me { email role } }" }),
    });
    expect(await me.json()).toEqual({ data: { me: { email: "boss@example.com", role: "admin" } } });
    await stop(first.child);

    // A changed password in the environment must not reset the existing admin.
    const second = await start({ ...env, KUMIKI_ADMIN_PASSWORD: "another-password" });
    expect((await login(second.port, "boss@example.com", "first-start-password")).status).toBe(200);
    const authenticated = await fetch(`http://127.0.0.1:${second.port}/api/auth/authenticated`, {
      headers: { authorization: `Bearer ${firstLogin.body.access_token}` },
    });
    expect(authenticated.status).toBe(200);
  }, 180_000);

  it("prints a generated admin password once when none is configured", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "kumiki-start-"));
    const server = await start({ DATA_DIR: dataDir });
    const match = /email:\s+(\S+)\s+password:\s+(\S+)/.exec(server.output());
    expect(match).not.toBeNull();
    expect((await login(server.port, match![1], match![2])).status).toBe(200);
  }, 180_000);

  it("refuses to start with an invalid setting and names it", async () => {
    await expect(start({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "kumiki-start-")), PORT: "not-a-port" })).rejects.toThrow(/PORT/);
  }, 60_000);
});
