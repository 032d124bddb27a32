import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { selects } from '../selection';
import type { NodeRow } from '../../graph/node-repository';
import { notFound } from '../../errors';
import { ENTITY_KINDS } from '../../ingest/knowledge-schema';
import { connection, decodeCursor, pageSize } from '../pagination';
import type { EntityFilter, EntitySort } from '../../graph/node-repository';

type Parent = NodeRow;
const upper = (s: unknown) => (typeof s === 'string' ? s.toUpperCase() : s);

const load = (ctx: Context, id: string | null | undefined) => (id ? ctx.loaders.node.load(id) : null);
/** Nodes by id through the request's loader; ids not in the graph are left out. */
export const loadMany = async (ctx: Context, ids: string[]) =>
  (await ctx.loaders.node.loadMany(ids)).filter((n): n is NodeRow => n !== null && !(n instanceof Error));

async function required(ctx: Context, id: string, what: string): Promise<NodeRow> {
  const node = await ctx.loaders.node.load(id);
  if (!node) throw notFound(what, id);
  return node;
}

/** A lookup by id of one kind: unknown ids and ids of another kind are NOT_FOUND. */
function byIdOfKind(kinds: readonly string[], what: string) {
  return async (_: unknown, args: { id: string }, ctx: Context) => {
    const node = await ctx.loaders.node.load(args.id);
    if (!node || !kinds.includes(node.kind)) throw notFound(what, args.id);
    return node;
  };
}

const anonymous = (n: Parent) => n.anonymous ?? false;

const entityFields = {
  aliases: (n: Parent) => n.aliases ?? [],
  relationships: async (
    n: Parent,
    args: { types?: string[] | null; direction?: string | null; includeRetracted?: boolean | null },
    ctx: Context,
    info: GraphQLResolveInfo,
  ) => {
    const loader = selects(info, 'claims') ? ctx.loaders.factRelationshipsWithClaims : ctx.loaders.factRelationships;
    const rels = await loader.load(n.id);
    return rels.filter(
      (r) =>
        (!args.types || args.types.includes(r.type)) &&
        (!args.direction || r.direction === args.direction) &&
        (r.established || args.includeRetracted === true),
    );
  },
};

export const coreResolvers = {
  Query: {
    health: async (_: unknown, __: unknown, ctx: Context) => {
      try {
        await ctx.db.ping();
        return { status: 'UP', message: null };
      } catch (e) {
        return { status: 'DOWN', message: (e as Error).message };
      }
    },
    node: async (_: unknown, args: { id: string }, ctx: Context) => required(ctx, args.id, 'node'),
    nodes: (_: unknown, args: { ids: string[] }, ctx: Context) => ctx.loaders.node.loadMany(args.ids),
    entity: byIdOfKind(ENTITY_KINDS, 'entity'),
    entities: async (
      _: unknown,
      args: { kind?: string | null; filter?: EntityFilter | null; first?: number | null; after?: string | null; sort?: EntitySort },
      ctx: Context,
    ) => {
      const limit = pageSize(args.first);
      const offset = decodeCursor(args.after);
      const filter = args.filter ?? undefined;
      const page = await ctx.nodes.entities({ kind: args.kind ?? undefined, filter, offset, limit, sort: args.sort ?? 'NAME' });
      page.rows.forEach((row) => ctx.loaders.node.prime(row.id, row));
      return connection(page.rows, offset, page.totalCount);
    },
    document: byIdOfKind(['Document'], 'document'),
    documents: async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: Context) => {
      const limit = pageSize(args.first);
      const offset = decodeCursor(args.after);
      const page = await ctx.nodes.documents({ offset, limit });
      return connection(page.rows, offset, page.totalCount);
    },
    claim: byIdOfKind(['Claim'], 'claim'),
    event: byIdOfKind(['Event'], 'event'),
  },
  Node: { __resolveType: (n: Parent) => n.kind },
  Entity: { __resolveType: (n: Parent) => n.kind },
  Person: { ...entityFields, anonymous },
  PeopleGroup: { ...entityFields, anonymous },
  Organization: { ...entityFields, anonymous },
  Country: entityFields,
  Place: {
    ...entityFields,
    locatedIn: async (n: Parent, _: unknown, ctx: Context) => loadMany(ctx, (await ctx.loaders.links.load(n.id))?.ancestorIds ?? []),
  },
  FactRelationship: {
    counterpart: (r: { counterpartId: string }, _: unknown, ctx: Context) => load(ctx, r.counterpartId),
    claims: async (r: { factId: string }, _: unknown, ctx: Context) => loadMany(ctx, await ctx.loaders.claimIds.load(r.factId)),
  },
  Event: {
    modality: (n: Parent) => upper(n.modality),
    place: async (n: Parent, _: unknown, ctx: Context) => load(ctx, (await ctx.loaders.links.load(n.id))?.placeIds[0]),
    participants: async (n: Parent, _: unknown, ctx: Context) => {
      const participants = (await ctx.loaders.links.load(n.id))?.participants ?? [];
      return Promise.all(participants.map(async (p) => ({ role: p.role, entity: await load(ctx, p.entityId) })));
    },
    claims: async (n: Parent, _: unknown, ctx: Context) => loadMany(ctx, await ctx.loaders.claimIds.load(n.id)),
  },
  Fact: {
    from: async (n: Parent, _: unknown, ctx: Context) => load(ctx, (await ctx.loaders.links.load(n.id))?.fromIds[0]),
    to: async (n: Parent, _: unknown, ctx: Context) => load(ctx, (await ctx.loaders.links.load(n.id))?.toIds[0]),
    propertiesJson: (n: Parent) => n.propertiesJson ?? '{}',
    claims: async (n: Parent, _: unknown, ctx: Context) => loadMany(ctx, await ctx.loaders.claimIds.load(n.id)),
  },
  Claim: {
    modality: (n: Parent) => upper(n.modality),
    document: async (n: Parent, _: unknown, ctx: Context, info: GraphQLResolveInfo) =>
      load(ctx, await (selects(info, 'publisher') ? ctx.loaders.claimDocumentWithPublisher : ctx.loaders.claimDocument).load(n.id)),
    attributedTo: async (n: Parent, _: unknown, ctx: Context) => load(ctx, (await ctx.loaders.claimLinks.load(n.id))?.attributedToId),
    ownReporting: async (n: Parent, _: unknown, ctx: Context) => (await ctx.loaders.claimLinks.load(n.id))?.ownReporting ?? true,
    cites: async (n: Parent, _: unknown, ctx: Context) => load(ctx, (await ctx.loaders.claimLinks.load(n.id))?.citesId),
    supports: async (n: Parent, _: unknown, ctx: Context) => loadMany(ctx, (await ctx.loaders.claimLinks.load(n.id))?.supportIds ?? []),
  },
  Document: {
    external: (n: Parent) => n.external ?? false,
    text: (n: Parent, _: unknown, ctx: Context) => (n.text !== undefined ? n.text : ctx.loaders.documentText.load(n.id)),
    publisher: async (n: Parent, _: unknown, ctx: Context) => load(ctx, (await ctx.loaders.publisherIds.load(n.id))[0]),
    authors: async (n: Parent, _: unknown, ctx: Context) => loadMany(ctx, (await ctx.loaders.links.load(n.id))?.authorIds ?? []),
    cites: async (n: Parent, _: unknown, ctx: Context) => loadMany(ctx, (await ctx.loaders.links.load(n.id))?.citeIds ?? []),
    claims: async (n: Parent, _: unknown, ctx: Context) => loadMany(ctx, await ctx.loaders.claimIds.load(n.id)),
  },
};
