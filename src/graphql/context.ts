import type DataLoader from 'dataloader';
import type { GraphDatabase } from '../db/graph-database';
import { NodeRepository, type ClaimLinksRow, type FactRelationshipRow, type NodeLinksRow, type NodeRow } from '../graph/node-repository';
import { EvidenceRepository } from '../graph/evidence-repository';
import { createEvidenceLoaders, type EvidenceLoaders } from './evidence-loaders';
import { listLoader, mapLoader } from './loader';

/** Per-request state: repositories and fresh loaders, so nested fields batch into one query per level. */
export interface Context {
  db: GraphDatabase;
  nodes: NodeRepository;
  loaders: Loaders;
  evidence: EvidenceRepository;
}

export interface Loaders {
  node: DataLoader<string, NodeRow | null>;
  factRelationships: DataLoader<string, FactRelationshipRow[]>;
  claimIds: DataLoader<string, string[]>;
  claimLinks: DataLoader<string, ClaimLinksRow | null>;
  links: DataLoader<string, NodeLinksRow | null>;
  evidence: EvidenceLoaders;
}

export function createContext(db: GraphDatabase): Context {
  const nodes = new NodeRepository(db);
  return {
    db,
    nodes,
    loaders: {
      node: listLoader((ids) => nodes.byIds(ids)),
      factRelationships: mapLoader((ids) => nodes.factRelationships(ids), [] as FactRelationshipRow[]),
      claimIds: mapLoader((ids) => nodes.claimIdsFor(ids), [] as string[]),
      claimLinks: mapLoader<ClaimLinksRow | null>((ids) => nodes.claimLinks(ids), null),
      links: mapLoader<NodeLinksRow | null>((ids) => nodes.links(ids), null),
      evidence: createEvidenceLoaders(db),
    },
    evidence: new EvidenceRepository(db),
  };
}
