/** Resolvers of schema/graphql/traversal.graphql. */
export const traversalResolvers = {};
