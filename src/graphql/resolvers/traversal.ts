import type { Context } from '../context';
import { TraversalRepository } from '../../graph/traversal-repository';

/** Resolvers of schema/graphql/traversal.graphql: each answer is one query, served from its rows. */
const traversal = (ctx: Context) => new TraversalRepository(ctx.db);

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
    neighborhood: (_: unknown, args: NeighborhoodArgs, ctx: Context) => traversal(ctx).neighborhood(args),
    paths: (_: unknown, args: PathsArgs, ctx: Context) => traversal(ctx).paths(args),
    route: (_: unknown, args: { groupId: string }, ctx: Context) => traversal(ctx).route(args.groupId),
  },
};
