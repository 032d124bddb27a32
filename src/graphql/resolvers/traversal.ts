import type { Context } from '../context';

/** Resolvers of schema/graphql/traversal.graphql: each answer is one query, served from its rows. */

type NeighborhoodArgs = {
  id: string;
  depth?: number | null;
  relationshipTypes?: string[] | null;
  limit?: number | null;
  perNode?: number | null;
};
type PathsArgs = { from: string; to: string; maxHops?: number | null; relationshipTypes?: string[] | null; first?: number | null };

export const traversalResolvers = {
  Query: {
    neighborhood: (_: unknown, args: NeighborhoodArgs, ctx: Context) => ctx.traversal.neighborhood(args),
    paths: (_: unknown, args: PathsArgs, ctx: Context) => ctx.traversal.paths(args),
    route: (_: unknown, args: { groupId: string }, ctx: Context) => ctx.traversal.route(args.groupId),
  },
};
