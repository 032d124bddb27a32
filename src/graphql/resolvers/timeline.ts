import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { selects } from '../selection';
import type { EventCountGrouping } from '../../graph/dashboard-repository';
import type { TimelineFilterInput } from '../../graph/timeline-repository';
import { connection, decodeCursor, pageSize } from '../pagination';

/**
 * Resolvers of schema/graphql/timeline.graphql: each operation is one repository call, one Cypher query.
 * A dashboard that asks only for counts does not pay for the claim ids behind them.
 */

interface TimelineArgs {
  filter?: TimelineFilterInput | null;
  first?: number | null;
  after?: string | null;
}

async function timeline(_: unknown, args: TimelineArgs, ctx: Context) {
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const page = await ctx.timeline.timeline(args.filter, offset, limit);
  return connection(page.rows, offset, page.totalCount);
}

export const timelineResolvers = {
  Query: {
    timeline,
    events: timeline,
    eventCounts: (
      _: unknown,
      args: { by: EventCountGrouping; filter?: TimelineFilterInput | null },
      ctx: Context,
      info: GraphQLResolveInfo,
    ) => ctx.dashboard.eventCounts(args.by, args.filter, { claimIds: selects(info, 'claimIds') }),
    peopleDetained: (_: unknown, args: { filter?: TimelineFilterInput | null }, ctx: Context) => ctx.dashboard.peopleDetained(args.filter),
    claimsPerOutlet: (_: unknown, __: unknown, ctx: Context) => ctx.dashboard.claimsPerOutlet(),
    statistics: (_: unknown, args: { measure?: string | null }, ctx: Context) => ctx.dashboard.statistics(args.measure),
    search: (_: unknown, args: { text: string; kinds?: string[] | null; first?: number | null }, ctx: Context) =>
      ctx.search.search(args.text, args.kinds, pageSize(args.first)),
  },
};
