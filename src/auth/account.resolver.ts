// Resolvers of account settings: passwords and second factors.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const accountResolvers: Function[] = [];
