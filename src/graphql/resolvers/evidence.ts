import type { Context } from '../context';
import type { NodeRow } from '../../graph/node-repository';
import {
  MAX_PROVENANCE_CLAIMS,
  originsOfModalities,
  type ClaimSetSummary,
  type DisputeView,
  type StatementsRow,
} from '../../graph/evidence-repository';
import { badInput, boundedInt, notFound } from '../../errors';
import { connection, decodeCursor, pageSize } from '../pagination';
import { loadMany } from './core';

/** How many claims a provenance answer lists: `first`, 0 to 200. */
const claimLimit = (first: number | null | undefined) => boundedInt(first ?? 50, 'first', 0, MAX_PROVENANCE_CLAIMS);

async function provenance(_: unknown, args: { id: string; first?: number | null }, ctx: Context) {
  const row = await ctx.evidence.provenanceOf(args.id, claimLimit(args.first));
  if (!row) throw notFound('node', args.id);
  return row;
}

async function statementsBy(_: unknown, args: { sourceIds: string[]; first?: number | null }, ctx: Context): Promise<StatementsRow> {
  if (args.sourceIds.length === 0) throw badInput('argument "sourceIds" must name at least one source', { argument: 'sourceIds' });
  const row = await ctx.evidence.statementsBy(args.sourceIds, claimLimit(args.first));
  if (row.missing.length > 0) throw notFound('source', row.missing[0]!);
  return row;
}

async function disputes(
  _: unknown,
  args: { about?: string | null; kind?: string | null; first?: number | null; after?: string | null },
  ctx: Context,
) {
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const about = args.about ?? null;
  const page = await ctx.evidence.disputes({ about, kind: args.kind?.toLowerCase() ?? null, offset, limit });
  if (about !== null && !page.aboutFound) throw notFound('node', about);
  return connection(page.rows, offset, page.totalCount);
}

/** A dispute in full: as listed by `disputes`, or loaded when reached through `node`. */
const disputeView = async (d: NodeRow | DisputeView, ctx: Context): Promise<DisputeView | null> =>
  Array.isArray(d.sides) ? (d as DisputeView) : ctx.loaders.evidence.dispute.load(d.id);

const disputesOf = (n: NodeRow, _: unknown, ctx: Context) => ctx.loaders.evidence.disputesAbout.load(n.id);

const claimSet = {
  independentOrigins: (s: ClaimSetSummary, args: { modalities?: string[] | null }) =>
    originsOfModalities(s.independentOrigins.origins, args.modalities),
};

/** Resolvers of schema/graphql/evidence.graphql. */
export const evidenceResolvers = {
  Query: { provenance, statementsBy, disputes },
  Provenance: claimSet,
  Statements: claimSet,
  Dispute: {
    // Upper case like Modality and DisputeKind, so a kind reads the same in filters and answers.
    kind: (d: NodeRow) => String(d.disputeKind).toUpperCase(),
    sides: async (d: NodeRow | DisputeView, _: unknown, ctx: Context) => (await disputeView(d, ctx))?.sides ?? [],
    about: async (d: NodeRow | DisputeView, _: unknown, ctx: Context) => (await disputeView(d, ctx))?.about ?? [],
  },
  Event: {
    disputed: async (n: NodeRow, _: unknown, ctx: Context) => (await disputesOf(n, _, ctx)).length > 0,
    disputes: disputesOf,
  },
  Fact: {
    disputed: async (n: NodeRow, _: unknown, ctx: Context) => (await disputesOf(n, _, ctx)).length > 0,
    disputes: disputesOf,
  },
  Claim: {
    contradicts: async (n: NodeRow, _: unknown, ctx: Context) => loadMany(ctx, await ctx.loaders.evidence.contradictingClaimIds.load(n.id)),
  },
};
