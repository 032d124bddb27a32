import type { Context } from '../context';
import { DashboardRepository, type EventCountGrouping } from '../../graph/dashboard-repository';
import { SearchRepository } from '../../graph/search-repository';
import { TimelineRepository, type TimelineFilterInput } from '../../graph/timeline-repository';
import { connection, decodeCursor, pageSize } from '../pagination';

/** Resolvers of schema/graphql/timeline.graphql: each operation is one repository call, one Cypher query. */

interface TimelineArgs {
  filter?: TimelineFilterInput | null;
  first?: number | null;
  after?: string | null;
}

async function timeline(_: unknown, args: TimelineArgs, ctx: Context) {
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const page = await new TimelineRepository(ctx.db).timeline(args.filter, offset, limit);
  return connection(page.rows, offset, page.totalCount);
}

export const timelineResolvers = {
  Query: {
    timeline,
    events: timeline,
    eventCounts: (_: unknown, args: { by: EventCountGrouping; filter?: TimelineFilterInput | null }, ctx: Context) =>
      new DashboardRepository(ctx.db).eventCounts(args.by, args.filter),
    peopleDetained: (_: unknown, args: { filter?: TimelineFilterInput | null }, ctx: Context) =>
      new DashboardRepository(ctx.db).peopleDetained(args.filter),
    claimsPerOutlet: (_: unknown, __: unknown, ctx: Context) => new DashboardRepository(ctx.db).claimsPerOutlet(),
    statistics: (_: unknown, args: { measure?: string | null }, ctx: Context) => new DashboardRepository(ctx.db).statistics(args.measure),
    search: (_: unknown, args: { text: string; kinds?: string[] | null; first?: number | null }, ctx: Context) =>
      new SearchRepository(ctx.db).search(args.text, args.kinds, pageSize(args.first)),
  },
};
