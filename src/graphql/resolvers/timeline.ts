/** Resolvers of schema/graphql/timeline.graphql. */
export const timelineResolvers = {};
