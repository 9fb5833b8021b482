import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_CACHE_DIR } from "./pglite.js";

// The servers under measurement, each a child process on 127.0.0.1 so that
// its resident memory can be read from /proc and its CPU is not shared with
// the load generator's event loop.

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));

export const POSTGRAPHILE_VERSION = "5.1.5";

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** The last lines the process wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before listening:\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`server did not respond to ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

async function startProcess(name: string, command: string, args: string[], options: { cwd: string; env: Record<string, string>; port: number; readyPath: string; timeoutMs?: number }): Promise<ServerProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (chunk: Buffer) => { tail = (tail + chunk.toString()).slice(-8000); };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const output = () => tail;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitForHttp(`${baseUrl}${options.readyPath}`, child, output, options.timeoutMs ?? 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, child, pid: child.pid ?? 0, baseUrl, output, stop };
}

export interface KumikiOptions {
  /** postgres:// URL; absent for the embedded mode. */
  databaseUrl?: string;
  /** DATA_DIR for the embedded mode. */
  dataDir?: string;
  /** Folder for --cpu-prof output; absent to run without profiling. */
  cpuProfileDir?: string;
}

export async function startKumiki(name: string, options: KumikiOptions): Promise<ServerProcess> {
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: "127.0.0.1",
    SECRET_KEY: "kumiki-bench-secret-key-0123456789abcdef",
    LOG_LEVEL: "warn",
    KUMIKI_BENCH: "1",
    NODE_ENV: "production",
    // The whole tree of one project is far beyond the default cost limit,
    // which is meant for untrusted clients; the benchmark measures the work.
    GRAPHQL_MAX_COST: "100000000",
  };
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  if (options.dataDir !== undefined) env.DATA_DIR = options.dataDir;
  const args = ["--import", "tsx"];
  if (options.cpuProfileDir !== undefined) {
    mkdirSync(options.cpuProfileDir, { recursive: true });
    args.push("--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`);
  }
  args.push("src/main.ts");
  return startProcess(name, process.execPath, args, { cwd: REPO_ROOT, env, port, readyPath: "/" });
}

export async function startBareServer(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  return startProcess("bare node:http", process.execPath, ["--import", "tsx", path.join(BENCH_DIR, "bare-server.ts")], {
    cwd: REPO_ROOT,
    env: { DATABASE_URL: databaseUrl, PORT: String(port) },
    port,
    readyPath: "/health",
  });
}

/**
 * Installs PostGraphile into a folder under the system's temporary folder
 * (never into Kumiki's package.json) unless an earlier run already did.
 * Returns the folder and the seconds the install took (0 when reused).
 */
export function ensurePostgraphile(log: (line: string) => void): { dir: string; installSeconds: number } {
  const dir = path.join(BENCH_CACHE_DIR, `postgraphile-${POSTGRAPHILE_VERSION}`);
  const marker = path.join(dir, "node_modules", "postgraphile", "package.json");
  if (existsSync(marker)) {
    log(`postgraphile: reusing ${dir}`);
    return { dir, installSeconds: 0 };
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "kumiki-bench-postgraphile", private: true, type: "module" }));
  log(`postgraphile: npm install --prefix ${dir} postgraphile@${POSTGRAPHILE_VERSION}`);
  const started = performance.now();
  const result = spawnSync("npm", ["install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error", `postgraphile@${POSTGRAPHILE_VERSION}`], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm install of postgraphile failed:\n${result.stderr}`);
  return { dir, installSeconds: (performance.now() - started) / 1000 };
}

export function installedPostgraphileVersion(dir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(dir, "node_modules", "postgraphile", "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

export async function startPostgraphile(dir: string, databaseUrl: string): Promise<ServerProcess> {
  // The server file must sit next to the folder's node_modules to resolve postgraphile.
  copyFileSync(path.join(BENCH_DIR, "postgraphile-server.mjs"), path.join(dir, "server.mjs"));
  const port = await freePort();
  return startProcess("postgraphile", process.execPath, ["--import", path.join(BENCH_DIR, "polyfill.mjs"), "server.mjs"], {
    cwd: dir,
    env: { DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: "production" },
    port,
    readyPath: "/graphql",
  });
}

/** Resident memory of a process in bytes (VmRSS), or undefined once it is gone. */
export function readRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc's CPU times, from getconf CLK_TCK, else Linux's usual 100. */
let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const answer = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout);
    clockTicks = Number.isFinite(answer) && answer > 0 ? answer : 100;
  }
  return clockTicks;
}

/** CPU time (user and system) a process has used since it started, in microseconds, or undefined once it is gone. */
export function readCpuMicros(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

/** Peak resident memory since the last reset (VmHWM), in bytes. */
export function readPeakRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** Resets VmHWM to the current RSS (Linux 4.0+); returns false where that is not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}
