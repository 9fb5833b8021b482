import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The result table: one row per figure, Kumiki's next to its reference from
// the same run, written as markdown (and JSON, which the next run reads to
// show the previous figure) under bench/results/.

export const RESULTS_DIR = fileURLToPath(new URL("./results", import.meta.url));

export interface Row {
  /** Stable label, also the key that matches a row with the previous run's. */
  measurement: string;
  kumiki: string;
  reference: string;
  /** Kumiki's figure divided by the reference's, when both are numbers. */
  ratio: string;
  target: string;
  /** Reason a figure is missing, or context for reading it. */
  note: string;
}

export interface Environment {
  date: string;
  loadAverage: string;
  cpu: string;
  cores: number;
  node: string;
  postgres: string;
  postgraphile: string;
  commit: string;
}

export function describeEnvironment(postgresVersion: string, postgraphileVersion: string): Environment {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (dirty !== "") commit += " (with uncommitted changes)";
  } catch {
    // Not a git checkout: the commit stays unknown.
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    loadAverage: os.loadavg().map((value) => value.toFixed(2)).join(" "),
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    node: process.version,
    postgres: postgresVersion,
    postgraphile: postgraphileVersion,
    commit,
  };
}

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ratio(kumiki: number | undefined, reference: number | undefined): string {
  if (kumiki === undefined || reference === undefined || !Number.isFinite(kumiki) || !Number.isFinite(reference) || reference === 0) return "";
  return `${(kumiki / reference).toFixed(2)}×`;
}

interface PreviousRun {
  file: string;
  figures: Map<string, string>;
}

function readPreviousRun(): PreviousRun | undefined {
  let files: string[];
  try {
    files = readdirSync(RESULTS_DIR).filter((file) => file.endsWith(".json")).sort();
  } catch {
    return undefined;
  }
  const last = files.at(-1);
  if (last === undefined) return undefined;
  try {
    const saved = JSON.parse(readFileSync(path.join(RESULTS_DIR, last), "utf8")) as { rows: Row[] };
    return { file: last, figures: new Map(saved.rows.map((row) => [row.measurement, row.kumiki])) };
  } catch {
    return undefined;
  }
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function renderMarkdown(environment: Environment, rows: Row[], notes: string[], previous: PreviousRun | undefined): string {
  const lines = [
    `# Kumiki benchmark, ${environment.date}`,
    "",
    "| | |",
    "| --- | --- |",
    `| commit | ${environment.commit} |`,
    `| CPU | ${environment.cpu}, ${environment.cores} cores |`,
    `| load average before the run | ${environment.loadAverage} |`,
    `| Node.js | ${environment.node} |`,
    `| PostgreSQL | ${environment.postgres} |`,
    `| PostGraphile | ${environment.postgraphile} |`,
    "",
    `| measurement | Kumiki | reference | Kumiki ÷ reference | target | Kumiki, last run${previous === undefined ? "" : ` (${previous.file.replace(/\.json$/, "")})`} | note |`,
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const last = previous?.figures.get(row.measurement) ?? "";
    lines.push(`| ${[row.measurement, row.kumiki, row.reference, row.ratio, row.target, last, row.note].map(escapeCell).join(" | ")} |`);
  }
  if (notes.length > 0) {
    lines.push("");
    for (const note of notes) lines.push(`- ${note}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Writes the run's markdown and JSON under bench/results/ and returns the markdown's path. */
export function writeResults(environment: Environment, rows: Row[], notes: string[]): { markdownPath: string; markdown: string } {
  const previous = readPreviousRun();
  const markdown = renderMarkdown(environment, rows, notes, previous);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = environment.date.replace(/:/g, "-");
  const markdownPath = path.join(RESULTS_DIR, `${stamp}.md`);
  writeFileSync(markdownPath, markdown);
  writeFileSync(path.join(RESULTS_DIR, `${stamp}.json`), `${JSON.stringify({ environment, rows, notes }, null, 2)}\n`);
  return { markdownPath, markdown };
}

/** Sums a V8 .cpuprofile's self time by function and returns the top entries as text lines. */
export function summarizeCpuProfile(file: string, top: number): string[] {
  interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((nodeId, index) => {
    selfMicros.set(nodeId, (selfMicros.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const micros = selfMicros.get(node.id) ?? 0;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === "" ? "" : ` ${url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "")}:${lineNumber + 1}`;
    const key = `${functionName === "" ? "(anonymous)" : functionName}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => `${((100 * micros) / Math.max(total, 1)).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`);
}
