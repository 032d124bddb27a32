import DataLoader from 'dataloader';
import type { Viewer } from '../auth';
import { ChangeRepository } from '../graph/change-repository';
import type { GraphDatabase } from '../db/graph-database';
import {
  CLAIM_DEPTHS,
  DOCUMENT_DEPTHS,
  NodeRepository,
  RELATIONSHIP_DEPTHS,
  type ClaimDepth,
  type ClaimLinksRow,
  type DocumentDepth,
  type FactRelationshipRow,
  type Found,
  type Include,
  type NodeLinksRow,
  type NodeRow,
  type Page,
  type RelationshipDepth,
  type RelationshipPageRequest,
} from '../graph/node-repository';
import { DashboardRepository } from '../graph/dashboard-repository';
import { EvidenceRepository } from '../graph/evidence-repository';
import { SearchRepository } from '../graph/search-repository';
import { TimelineRepository } from '../graph/timeline-repository';
import { TraversalRepository } from '../graph/traversal-repository';
import { createEvidenceLoaders, type EvidenceLoaders } from './evidence-loaders';
import { listLoader, mapLoader } from './loader';

/** Per-request state: repositories and fresh loaders, so nested fields batch into one query per level. */
export interface Context {
  db: GraphDatabase;
  /** The caller, from their credential; null when anonymous. */
  viewer: Viewer | null;
  changes: ChangeRepository;
  nodes: NodeRepository;
  loaders: Loaders;
  /**
   * Nodes by id (null for an unknown id), reading with them what `include` names for the levels
   * below: one query for all of it, whose findings the request's loaders then answer from.
   */
  lookup(ids: readonly string[], include: Include): Promise<(NodeRow | null | Error)[]>;
  /** A page of a node's fact relationships, their claims read to the depth asked; pages asked alike for several nodes share a query. */
  relationshipPage(id: string, request: RelationshipPageRequest): Promise<Page<FactRelationshipRow>>;
  /** Makes the request's loaders read these nodes afresh: a write may have changed them. */
  forget(ids: readonly string[]): void;
  evidence: EvidenceRepository;
  timeline: TimelineRepository;
  dashboard: DashboardRepository;
  search: SearchRepository;
  traversal: TraversalRepository;
}

export interface Loaders {
  node: DataLoader<string, NodeRow | null>;
  /** Nodes with the levels below them an answer asks for, by what those are (see `Context.lookup`). */
  lookups: Map<string, DataLoader<string, NodeRow | null>>;
  /** Pages of a node's fact relationships, by filter, page and depth (see `Context.relationshipPage`). */
  relationshipPages: Map<string, DataLoader<string, Page<FactRelationshipRow>>>;
  /** A node's fact relationships, by how far below their claims the answer reads: each brings that much. */
  relationships: Record<RelationshipDepth, DataLoader<string, FactRelationshipRow[]>>;
  /** The claim ids of an event, fact or document, by how far below the claims the answer reads. */
  claimIds: Record<ClaimDepth, DataLoader<string, string[]>>;
  /** A claim's document id, by how far below it the answer reads: the document comes with it, and its publishers when asked. */
  claimDocument: Record<DocumentDepth, DataLoader<string, string | null>>;
  claimLinks: DataLoader<string, ClaimLinksRow | null>;
  links: DataLoader<string, NodeLinksRow | null>;
  /** A document's text, when its row came without it. */
  documentText: DataLoader<string, string | null>;
  /** A document's publishers (also primed by the queries that read documents with their publishers). */
  publisherIds: DataLoader<string, string[]>;
  evidence: EvidenceLoaders;
}

/** Loaders by depth, each over the same lookup asked for that depth. */
const byDepth = <D extends string, T>(depths: readonly D[], loader: (depth: D) => DataLoader<string, T>) =>
  Object.fromEntries(depths.map((d) => [d, loader(d)])) as Record<D, DataLoader<string, T>>;

/** For each depth, the depths up to it: what was read to a depth answers each of them. */
const upTo = <D extends string>(depths: readonly D[]) =>
  Object.fromEntries(depths.map((d, i) => [d, depths.slice(0, i + 1)])) as unknown as Record<D, readonly D[]>;
const RELATIONSHIPS_UP_TO = upTo(RELATIONSHIP_DEPTHS);
const CLAIMS_UP_TO = upTo(CLAIM_DEPTHS);
const DOCUMENTS_UP_TO = upTo(DOCUMENT_DEPTHS);

/** What tells relationship pages apart: pages asked alike are one. */
const pageKey = ({ filter, page, depth }: RelationshipPageRequest) =>
  JSON.stringify([filter.types, filter.direction, filter.includeRetracted, page.offset, page.limit, depth]);

/** The request's loader for `key` among `loaders`, made when first asked for. */
function loaderFor<T>(loaders: Map<string, DataLoader<string, T>>, key: string, make: () => DataLoader<string, T>): DataLoader<string, T> {
  let loader = loaders.get(key);
  if (!loader) {
    loader = make();
    loaders.set(key, loader);
  }
  return loader;
}

/** Every loader keyed by node id, nested ones included. */
function loadersIn(value: object): DataLoader<string, unknown>[] {
  const values = value instanceof Map ? [...value.values()] : Object.values(value);
  return values.flatMap((v) => (v instanceof DataLoader ? [v] : typeof v === 'object' && v !== null ? loadersIn(v as object) : []));
}

export function createContext(db: GraphDatabase, viewer: Viewer | null = null): Context {
  const nodes = new NodeRepository(db);
  const evidence = new EvidenceRepository(db);
  // Loaders prime one another with what their queries bring beside what was asked; `absorb` reads `loaders` when they run.
  const foundBy =
    <T>(read: (ids: readonly string[]) => Promise<Found>, answer: (found: Found) => Map<string, T>) =>
    async (ids: readonly string[]) => {
      const found = await read(ids);
      absorb(found);
      return answer(found);
    };
  const loaders: Loaders = {
    node: listLoader((ids) => nodes.byIds(ids)),
    lookups: new Map(),
    relationshipPages: new Map(),
    relationships: byDepth(RELATIONSHIP_DEPTHS, (depth) =>
      mapLoader(
        foundBy(
          (ids) => nodes.factRelationships(ids, depth),
          (found) => new Map([...found.relationships].map(([id, { rows }]) => [id, rows])),
        ),
        [] as FactRelationshipRow[],
      ),
    ),
    claimIds: byDepth(CLAIM_DEPTHS, (depth) =>
      mapLoader(
        foundBy(
          (ids) => nodes.claimsOf(ids, depth),
          (found) => new Map([...found.claims].map(([id, claims]) => [id, claims.ids])),
        ),
        [] as string[],
      ),
    ),
    claimDocument: byDepth(DOCUMENT_DEPTHS, (depth) =>
      mapLoader<string | null>(
        foundBy(
          (ids) => nodes.claimDocuments(ids, depth),
          (found) => found.documentIds,
        ),
        null,
      ),
    ),
    claimLinks: mapLoader<ClaimLinksRow | null>((ids) => nodes.claimLinks(ids), null),
    links: mapLoader<NodeLinksRow | null>((ids) => nodes.links(ids), null),
    documentText: mapLoader<string | null>((ids) => nodes.documentTexts(ids), null),
    publisherIds: mapLoader(
      async (ids) => new Map([...(await nodes.links(ids))].map(([id, row]) => [id, row.publisherIds])),
      [] as string[],
    ),
    evidence: createEvidenceLoaders(evidence),
  };
  /** The request's loader of relationship pages asked alike. */
  const pageLoader = (request: RelationshipPageRequest) =>
    loaderFor(loaders.relationshipPages, pageKey(request), () =>
      mapLoader(
        foundBy(
          (ids) => nodes.relationshipPages(ids, request),
          (found) => new Map([...found.pages].map(([id, { page }]) => [id, page])),
        ),
        { rows: [], totalCount: 0 } as Page<FactRelationshipRow>,
      ),
    );
  /** Primes the request's loaders with what a query read beside what it was asked for: loading it later costs no query. */
  const absorb = (found: Found): void => {
    for (const row of found.nodes) loaders.node.prime(row.id, row);
    for (const [id, { rows, depth }] of found.relationships)
      for (const d of RELATIONSHIPS_UP_TO[depth]) loaders.relationships[d].prime(id, rows);
    for (const [id, { request, page }] of found.pages) {
      for (const depth of RELATIONSHIPS_UP_TO[request.depth]) pageLoader({ ...request, depth }).prime(id, page);
    }
    for (const [id, claims] of found.claims) for (const d of CLAIMS_UP_TO[claims.depth]) loaders.claimIds[d].prime(id, claims.ids);
    for (const [claimId, documentId] of found.documentIds) {
      const read = found.publisherIds.has(documentId) ? 'publishers' : 'documents';
      for (const d of DOCUMENTS_UP_TO[read]) loaders.claimDocument[d].prime(claimId, documentId);
    }
    for (const [documentId, ids] of found.publisherIds) loaders.publisherIds.prime(documentId, ids);
  };
  return {
    db,
    viewer,
    changes: new ChangeRepository(db),
    nodes,
    loaders,
    lookup(ids, include) {
      const { relationships, claims, relationshipPage } = include;
      if (!relationships && !claims && !relationshipPage) return loaders.node.loadMany(ids);
      // Lookups asking for the same levels share one query, as sibling fields do through a loader.
      const key = JSON.stringify([relationships, claims, relationshipPage && pageKey(relationshipPage)]);
      const loader = loaderFor(loaders.lookups, key, () =>
        listLoader(async (ids) => {
          const { nodes: rows, found } = await nodes.lookup(ids, include);
          absorb(found);
          rows.forEach((row, i) => loaders.node.prime(ids[i]!, row));
          return rows;
        }),
      );
      return loader.loadMany(ids);
    },
    relationshipPage: (id, request) => pageLoader(request).load(id),
    forget(ids) {
      const all = loadersIn(loaders);
      for (const id of ids) for (const loader of all) loader.clear(id);
    },
    evidence,
    timeline: new TimelineRepository(db),
    dashboard: new DashboardRepository(db),
    search: new SearchRepository(db),
    traversal: new TraversalRepository(db),
  };
}
