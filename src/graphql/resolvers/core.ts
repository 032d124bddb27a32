import { getArgumentValues, isInterfaceType, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { fieldsAt, selects } from '../selection';
import type { ClaimDepth, DocumentDepth, Include, NodeRow, RelationshipDepth, RelationshipPageRequest } from '../../graph/node-repository';
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

/** How far below the document at `path` (under the field being resolved) the answer reads. */
function documentDepth(info: GraphQLResolveInfo, ...path: string[]): DocumentDepth {
  return selects(info, ...path, 'publisher') ? 'publishers' : 'documents';
}

/** How far below the claims at `path` the answer reads. */
function claimDepth(info: GraphQLResolveInfo, ...path: string[]): ClaimDepth {
  return selects(info, ...path, 'document') ? documentDepth(info, ...path, 'document') : 'claims';
}

/** How far below the fact relationships at `path` the answer reads. */
function relationshipDepth(info: GraphQLResolveInfo, ...path: string[]): RelationshipDepth {
  return selects(info, ...path, 'claims') ? claimDepth(info, ...path, 'claims') : 'none';
}

interface RelationshipArgs {
  types?: string[] | null;
  direction?: 'OUTGOING' | 'INCOMING' | null;
  includeRetracted?: boolean | null;
}

type RelationshipPageArgs = RelationshipArgs & { first?: number | null; after?: string | null };

/** The page `relationshipsConnection` asks for with `args`; a bad `first` or `after` is BAD_USER_INPUT. */
function pageRequest(args: RelationshipPageArgs, depth: RelationshipDepth): RelationshipPageRequest {
  return {
    filter: { types: args.types ?? null, direction: args.direction ?? null, includeRetracted: args.includeRetracted === true },
    page: { offset: decodeCursor(args.after), limit: pageSize(args.first) },
    depth,
  };
}

/**
 * The page of relationships the answer asks for below the node, when it asks for one: every
 * occurrence of `relationshipsConnection` with the same arguments. Arguments the field would refuse are
 * left for it to refuse.
 */
function askedPage(info: GraphQLResolveInfo): RelationshipPageRequest | undefined {
  const occurrences = fieldsAt(info, 'relationshipsConnection');
  const entity = info.schema.getType('Entity');
  if (occurrences.length === 0 || !isInterfaceType(entity)) return undefined;
  const field = entity.getFields().relationshipsConnection!;
  const asked = occurrences.map((node) => getArgumentValues(field, node, info.variableValues) as RelationshipPageArgs);
  if (asked.some((args) => JSON.stringify(args) !== JSON.stringify(asked[0]))) return undefined;
  try {
    return pageRequest(asked[0]!, relationshipDepth(info, 'relationshipsConnection', 'edges', 'node'));
  } catch {
    return undefined;
  }
}

/** What a lookup by id reads with the node for the levels the answer asks for below it. */
function includeFor(info: GraphQLResolveInfo): Include {
  const include: Include = {};
  if (selects(info, 'relationships')) include.relationships = relationshipDepth(info, 'relationships');
  if (selects(info, 'claims')) include.claims = claimDepth(info, 'claims');
  const page = askedPage(info);
  if (page) include.relationshipPage = page;
  return include;
}

/** A node by id of one of `kinds` (any kind when not given): unknown ids and ids of another kind are NOT_FOUND. */
function byId(what: string, kinds?: readonly string[]) {
  return async (_: unknown, args: { id: string }, ctx: Context, info: GraphQLResolveInfo) => {
    const [node] = await ctx.lookup([args.id], includeFor(info));
    if (!node || node instanceof Error || (kinds && !kinds.includes(node.kind))) throw notFound(what, args.id);
    return node;
  };
}

/** The claims of an event, fact or document, read as far below as the answer asks. */
const claimsOf = async (ctx: Context, id: string, info: GraphQLResolveInfo) =>
  loadMany(ctx, await ctx.loaders.claimIds[claimDepth(info)].load(id));

const anonymous = (n: Parent) => n.anonymous ?? false;

const entityFields = {
  aliases: (n: Parent) => n.aliases ?? [],
  relationships: async (n: Parent, args: RelationshipArgs, ctx: Context, info: GraphQLResolveInfo) => {
    const rels = await ctx.loaders.relationships[relationshipDepth(info)].load(n.id);
    return rels.filter(
      (r) =>
        (!args.types || args.types.includes(r.type)) &&
        (!args.direction || r.direction === args.direction) &&
        (r.established || args.includeRetracted === true),
    );
  },
  relationshipsConnection: async (n: Parent, args: RelationshipPageArgs, ctx: Context, info: GraphQLResolveInfo) => {
    const request = pageRequest(args, relationshipDepth(info, 'edges', 'node'));
    const page = await ctx.relationshipPage(n.id, request);
    return connection(page.rows, request.page.offset, page.totalCount);
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
    node: byId('node'),
    nodes: (_: unknown, args: { ids: string[] }, ctx: Context, info: GraphQLResolveInfo) => ctx.lookup(args.ids, includeFor(info)),
    entity: byId('entity', ENTITY_KINDS),
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
    document: byId('document', ['Document']),
    documents: async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: Context) => {
      const limit = pageSize(args.first);
      const offset = decodeCursor(args.after);
      const page = await ctx.nodes.documents({ offset, limit });
      return connection(page.rows, offset, page.totalCount);
    },
    claim: byId('claim', ['Claim']),
    event: byId('event', ['Event']),
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
    claims: async (r: { factId: string }, _: unknown, ctx: Context, info: GraphQLResolveInfo) => claimsOf(ctx, r.factId, info),
  },
  Event: {
    modality: (n: Parent) => upper(n.modality),
    place: async (n: Parent, _: unknown, ctx: Context) => load(ctx, (await ctx.loaders.links.load(n.id))?.placeIds[0]),
    participants: async (n: Parent, _: unknown, ctx: Context) => {
      const participants = (await ctx.loaders.links.load(n.id))?.participants ?? [];
      return Promise.all(participants.map(async (p) => ({ role: p.role, entity: await load(ctx, p.entityId) })));
    },
    claims: (n: Parent, _: unknown, ctx: Context, info: GraphQLResolveInfo) => claimsOf(ctx, n.id, info),
  },
  Fact: {
    from: async (n: Parent, _: unknown, ctx: Context) => load(ctx, (await ctx.loaders.links.load(n.id))?.fromIds[0]),
    to: async (n: Parent, _: unknown, ctx: Context) => load(ctx, (await ctx.loaders.links.load(n.id))?.toIds[0]),
    propertiesJson: (n: Parent) => n.propertiesJson ?? '{}',
    claims: (n: Parent, _: unknown, ctx: Context, info: GraphQLResolveInfo) => claimsOf(ctx, n.id, info),
  },
  Claim: {
    modality: (n: Parent) => upper(n.modality),
    document: async (n: Parent, _: unknown, ctx: Context, info: GraphQLResolveInfo) =>
      load(ctx, await ctx.loaders.claimDocument[documentDepth(info)].load(n.id)),
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
    claims: (n: Parent, _: unknown, ctx: Context, info: GraphQLResolveInfo) => claimsOf(ctx, n.id, info),
  },
};
