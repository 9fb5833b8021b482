import type { RequestContext } from "./context.js";
import { createPeopleLoaders } from "./people/people.loaders.js";
import { createProjectLoaders } from "./projects/projects.loaders.js";

// Every domain's loader factories, created once per request. A domain adds
// its factory here; loaders are named by their key (personById, ...).

export function createLoaders(ctx: RequestContext) {
  return {
    ...createPeopleLoaders(ctx),
    ...createProjectLoaders(ctx),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
