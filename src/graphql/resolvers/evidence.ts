/** Resolvers of schema/graphql/evidence.graphql. */
export const evidenceResolvers = {};
