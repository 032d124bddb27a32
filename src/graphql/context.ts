import type DataLoader from 'dataloader';
import type { Viewer } from '../auth';
import { ChangeRepository } from '../graph/change-repository';
import type { GraphDatabase } from '../db/graph-database';
import { NodeRepository, type ClaimLinksRow, type FactRelationshipRow, type NodeLinksRow, type NodeRow } from '../graph/node-repository';
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
  evidence: EvidenceRepository;
  timeline: TimelineRepository;
  dashboard: DashboardRepository;
  search: SearchRepository;
  traversal: TraversalRepository;
}

export interface Loaders {
  node: DataLoader<string, NodeRow | null>;
  factRelationships: DataLoader<string, FactRelationshipRow[]>;
  /** The same, bringing each fact's claims as nodes: for answers that ask for them. */
  factRelationshipsWithClaims: DataLoader<string, FactRelationshipRow[]>;
  claimIds: DataLoader<string, string[]>;
  /** A claim's document id (the document and its publishers come with it). */
  claimDocument: DataLoader<string, string | null>;
  /** The same, bringing the documents' publishers too: for answers that ask for them. */
  claimDocumentWithPublisher: DataLoader<string, string | null>;
  claimLinks: DataLoader<string, ClaimLinksRow | null>;
  links: DataLoader<string, NodeLinksRow | null>;
  /** A document's text, when its row came without it. */
  documentText: DataLoader<string, string | null>;
  /** A document's publishers (also known from the claim links of its claims). */
  publisherIds: DataLoader<string, string[]>;
  evidence: EvidenceLoaders;
}

/** Nodes a query returned beside what it was asked for, so that loading them later costs no query. */
function primeNodes(loader: DataLoader<string, NodeRow | null>, rows: NodeRow[]): void {
  for (const row of rows) loader.prime(row.id, row);
}

export function createContext(db: GraphDatabase, viewer: Viewer | null = null): Context {
  const nodes = new NodeRepository(db);
  const evidence = new EvidenceRepository(db);
  const node = listLoader((ids) => nodes.byIds(ids));
  const links = mapLoader<NodeLinksRow | null>((ids) => nodes.links(ids), null);
  const publisherIds = mapLoader(
    async (ids) => new Map([...(await nodes.links(ids))].map(([id, row]) => [id, row.publisherIds])),
    [] as string[],
  );
  const claimIds = mapLoader(async (ids) => {
    // The claims come with their ids: the level that asks for them finds them loaded.
    const batch = await nodes.claimIdsFor(ids);
    primeNodes(node, batch.claims);
    return batch.claimIds;
  }, [] as string[]);
  const factRelationshipsLoader = (claims: boolean) =>
    mapLoader(async (ids) => {
      const batch = await nodes.factRelationships(ids, { claims });
      primeNodes(node, [...batch.counterparts, ...batch.claims]);
      for (const [factId, ids] of batch.claimIds) claimIds.prime(factId, ids);
      return batch.relationships;
    }, [] as FactRelationshipRow[]);
  const claimDocumentLoader = (publishers: boolean) =>
    mapLoader<string | null>(async (ids) => {
      const batch = await nodes.claimDocuments(ids, { publishers });
      primeNodes(node, [...batch.documents, ...batch.publishers]);
      for (const [documentId, ids] of batch.publisherIds) publisherIds.prime(documentId, ids);
      return batch.documentIds;
    }, null);
  return {
    db,
    viewer,
    changes: new ChangeRepository(db),
    nodes,
    loaders: {
      node,
      factRelationships: factRelationshipsLoader(false),
      factRelationshipsWithClaims: factRelationshipsLoader(true),
      claimIds,
      claimDocument: claimDocumentLoader(false),
      claimDocumentWithPublisher: claimDocumentLoader(true),
      claimLinks: mapLoader<ClaimLinksRow | null>((ids) => nodes.claimLinks(ids), null),
      links,
      documentText: mapLoader<string | null>((ids) => nodes.documentTexts(ids), null),
      publisherIds,
      evidence: createEvidenceLoaders(evidence),
    },
    evidence,
    timeline: new TimelineRepository(db),
    dashboard: new DashboardRepository(db),
    search: new SearchRepository(db),
    traversal: new TraversalRepository(db),
  };
}
