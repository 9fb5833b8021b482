// Resolvers of the cross-production lists of Kitsu's overview pages.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const overviewListResolvers: Function[] = [];
