import type { RequestContext } from "./context.js";
import { createCommentLoaders } from "./comments/comments.loaders.js";
import { createEntityLoaders } from "./entities/entities.loaders.js";
import { createPeopleLoaders } from "./people/people.loaders.js";
import { createProjectLoaders } from "./projects/projects.loaders.js";
import { createPlaylistLoaders } from "./playlists/playlists.loaders.js";
import { createScheduleLoaders } from "./schedules/schedules.loaders.js";
import { createNotificationLoaders } from "./notifications/notifications.loaders.js";
import { createFileLoaders } from "./files/files.loaders.js";
import { createTaskLoaders } from "./tasks/tasks.loaders.js";

// Every domain's loader factories, created once per request. A domain adds
// its factory to both lists below; loaders are named by their key
// (personById, ...).

/** Builds every loader of every domain at once; its result type is `Loaders`. */
function createAllLoaders(ctx: RequestContext) {
  return {
    ...createPeopleLoaders(ctx),
    ...createProjectLoaders(ctx),
    ...createPlaylistLoaders(ctx),
    ...createScheduleLoaders(ctx),
    ...createNotificationLoaders(ctx),
    ...createFileLoaders(ctx),
    ...createEntityLoaders(ctx),
    ...createTaskLoaders(ctx),
    ...createCommentLoaders(ctx),
  };
}

export type Loaders = ReturnType<typeof createAllLoaders>;

/** The same factories as createAllLoaders, in the same order (a later key replaces an earlier one there too). */
const FACTORIES: ((ctx: RequestContext) => object)[] = [
  createPeopleLoaders,
  createProjectLoaders,
  createPlaylistLoaders,
  createScheduleLoaders,
  createNotificationLoaders,
  createFileLoaders,
  createEntityLoaders,
  createTaskLoaders,
  createCommentLoaders,
];

const CONTEXT = Symbol("context");
const GROUPS = Symbol("groups");

interface LazyState {
  [CONTEXT]: RequestContext;
  [GROUPS]: Record<string, unknown>[];
}

let LazyLoaders: (new (ctx: RequestContext) => Loaders) | undefined;

/**
 * Builds a class whose instances create a domain's loaders on first use of
 * any of them. A request reads a few of the hundred-odd loaders, and building
 * them all took about a twentieth of the CPU time of a single-row read
 * (bench/single-read-profile.ts). The keys are learnt by calling each factory
 * once, and a domain's loaders still share their closures.
 */
function defineLazyLoaders(ctx: RequestContext): new (ctx: RequestContext) => Loaders {
  class Lazy {
    [CONTEXT]: RequestContext;
    [GROUPS]: Record<string, unknown>[] = [];
    constructor(context: RequestContext) {
      this[CONTEXT] = context;
    }
  }
  const expected = Object.keys(createAllLoaders(ctx));
  const listed = new Set(FACTORIES.flatMap((factory) => Object.keys(factory(ctx))));
  const missing = expected.filter((key) => !listed.has(key));
  if (missing.length > 0) throw new Error(`Loaders ${missing.join(", ")} come from a factory missing in FACTORIES of src/loaders.ts.`);

  FACTORIES.forEach((factory, index) => {
    for (const key of Object.keys(factory(ctx))) {
      Object.defineProperty(Lazy.prototype, key, {
        configurable: true,
        get(this: LazyState) {
          const group = (this[GROUPS][index] ??= factory(this[CONTEXT]) as Record<string, unknown>);
          return group[key];
        },
      });
    }
  });
  return Lazy as unknown as new (ctx: RequestContext) => Loaders;
}

export function createLoaders(ctx: RequestContext): Loaders {
  LazyLoaders ??= defineLazyLoaders(ctx);
  return new LazyLoaders(ctx);
}
