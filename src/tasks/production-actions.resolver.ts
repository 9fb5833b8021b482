// Resolvers of schedule versions, bulk tasks and CSV imports of casting and estimations.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const productionActionResolvers: Function[] = [];
