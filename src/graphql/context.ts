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
  claimIds: DataLoader<string, string[]>;
  claimLinks: DataLoader<string, ClaimLinksRow | null>;
  links: DataLoader<string, NodeLinksRow | null>;
  evidence: EvidenceLoaders;
}

export function createContext(db: GraphDatabase, viewer: Viewer | null = null): Context {
  const nodes = new NodeRepository(db);
  const evidence = new EvidenceRepository(db);
  return {
    db,
    viewer,
    changes: new ChangeRepository(db),
    nodes,
    loaders: {
      node: listLoader((ids) => nodes.byIds(ids)),
      factRelationships: mapLoader((ids) => nodes.factRelationships(ids), [] as FactRelationshipRow[]),
      claimIds: mapLoader((ids) => nodes.claimIdsFor(ids), [] as string[]),
      claimLinks: mapLoader<ClaimLinksRow | null>((ids) => nodes.claimLinks(ids), null),
      links: mapLoader<NodeLinksRow | null>((ids) => nodes.links(ids), null),
      evidence: createEvidenceLoaders(evidence),
    },
    evidence,
    timeline: new TimelineRepository(db),
    dashboard: new DashboardRepository(db),
    search: new SearchRepository(db),
    traversal: new TraversalRepository(db),
  };
}
