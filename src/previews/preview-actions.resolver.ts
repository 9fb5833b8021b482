// Resolvers of preview positions, annotated frames and 3D backgrounds.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const previewActionResolvers: Function[] = [];
