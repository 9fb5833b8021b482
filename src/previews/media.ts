import type { FastifyBaseLogger } from "fastify";
import type { AppServices } from "../context.js";
import { JobWorker } from "../jobs/jobs.service.js";
import { createFileStore, type FileStore } from "../storage/file-store.js";
import { resolveMediaBinaries, type MediaBinaries } from "../storage/media-tools.js";

// The media services of one server: its file store, the ffmpeg binaries and
// the job worker. They hang off AppServices through a WeakMap so that REST
// routes, GraphQL resolvers and jobs reach the same instances.

export interface MediaServices {
  readonly store: FileStore;
  readonly worker: JobWorker;
  /** Resolved on first use, so that a server without movies never needs ffmpeg. */
  binaries(): MediaBinaries;
}

const registry = new WeakMap<AppServices, MediaServices>();

export async function createMediaServices(services: AppServices, log: FastifyBaseLogger): Promise<MediaServices> {
  const { config } = services;
  const store = await createFileStore(config);
  const worker = new JobWorker(services.db, {
    concurrency: config.jobConcurrency,
    maxAttempts: config.jobMaxAttempts,
    staleAfter: config.jobStaleAfter,
    log,
  });
  let binaries: MediaBinaries | undefined;
  const media: MediaServices = {
    store,
    worker,
    binaries() {
      binaries ??= resolveMediaBinaries(config);
      return binaries;
    },
  };
  registry.set(services, media);
  return media;
}

export function getMediaServices(services: AppServices): MediaServices {
  const media = registry.get(services);
  if (media === undefined) throw new Error("The media services were not created for this server");
  return media;
}
