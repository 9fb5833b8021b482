import autocannon from "autocannon";
import { readCpuMicros, readPeakRss, readRss, resetPeakRss } from "./processes.js";

// Timing loops: sequential latency, throughput under 10 connections
// (autocannon), and time with the server's peak RSS growth for one call.

export interface Latency {
  medianMs: number;
  p95Ms: number;
  count: number;
  /** True when the loop stopped on its time cap before reaching its count. */
  capped: boolean;
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

/** Runs fn `warmup` times untimed, then up to `count` times in sequence or until maxSeconds pass. */
export async function sequential(fn: () => Promise<unknown>, options: { count: number; warmup: number; maxSeconds: number }): Promise<Latency> {
  for (let i = 0; i < options.warmup; i += 1) await fn();

  const durations: number[] = [];
  const deadline = performance.now() + options.maxSeconds * 1000;
  while (durations.length < options.count && performance.now() < deadline) {
    const started = performance.now();
    await fn();
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return {
    medianMs: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    count: durations.length,
    capped: durations.length < options.count,
  };
}

export interface Throughput {
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  /** CPU time the server process used per request, when its pid was given. */
  serverCpuMicros?: number;
}

/**
 * Runs 10 connections against one request for `seconds`. With the server's
 * pid it also reports the CPU time the server used per request: unlike
 * requests per second, that figure barely moves with the machine's load.
 */
export async function throughput(
  request: { url: string; method?: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  seconds: number,
  serverPid?: number,
): Promise<Throughput> {
  const cpuBefore = serverPid === undefined ? undefined : readCpuMicros(serverPid);
  const result = await autocannon({
    url: request.url,
    method: request.method ?? "GET",
    headers: request.headers,
    body: request.body,
    connections: 10,
    duration: seconds,
  });
  const cpuAfter = serverPid === undefined ? undefined : readCpuMicros(serverPid);
  const serverCpuMicros = cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0 ? undefined : (cpuAfter - cpuBefore) / result.requests.total;
  return { requestsPerSecond: result.requests.average, non2xx: result.non2xx, errors: result.errors + result.timeouts, serverCpuMicros };
}

export interface MemoryRun {
  ms: number;
  rssGrowthBytes: number;
  bytes: number;
}

/**
 * Times one call and the growth of the server's resident memory above what
 * it had before the call: the higher of VmRSS sampled every 5 ms and VmHWM
 * (reset just before the call, where the kernel allows it).
 */
export async function withMemory(pid: number, fn: () => Promise<number>): Promise<MemoryRun> {
  const baseline = readRss(pid) ?? 0;
  const peakReset = resetPeakRss(pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    const rss = readRss(pid);
    if (rss !== undefined && rss > peak) peak = rss;
  }, 5);

  const started = performance.now();
  let bytes: number;
  try {
    bytes = await fn();
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - started;

  const highWater = peakReset ? readPeakRss(pid) : undefined;
  if (highWater !== undefined && highWater > peak) peak = highWater;
  return { ms, rssGrowthBytes: Math.max(0, peak - baseline), bytes };
}

/** Reads a response to the end, failing on a non-2xx status; returns its size in bytes. */
export async function readAll(response: Response, label: string): Promise<number> {
  if (!response.ok) {
    const text = await response.text();
    throw new HttpError(response.status, `${label} returned HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  if (response.body === null) return 0;
  let bytes = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "HttpError";
  }
}
