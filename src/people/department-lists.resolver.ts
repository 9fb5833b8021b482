// Resolvers of department equipment lists and budget time spents.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const departmentListResolvers: Function[] = [];
