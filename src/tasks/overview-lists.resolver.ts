// Resolvers of the cross-production lists of Kitsu's overview pages.

import { OverviewListsJsonResolver } from "./overview-lists-json.resolver.js";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const overviewListResolvers: Function[] = [OverviewListsJsonResolver];
