import DataLoader from 'dataloader';
import type { GraphDatabase } from '../db/graph-database';
import { NodeRepository, type ClaimLinksRow, type FactRelationshipRow, type NodeLinksRow, type NodeRow } from '../graph/node-repository';
import { EvidenceRepository } from '../graph/evidence-repository';
import { createEvidenceLoaders, type EvidenceLoaders } from './evidence-loaders';

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
  const fromMap =
    <T>(load: (ids: readonly string[]) => Promise<Map<string, T>>, missing: T) =>
    async (ids: readonly string[]) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? missing);
    };
  return {
    db,
    nodes,
    loaders: {
      node: new DataLoader((ids) => nodes.byIds(ids)),
      factRelationships: new DataLoader(fromMap((ids) => nodes.factRelationships(ids), [] as FactRelationshipRow[])),
      claimIds: new DataLoader(fromMap((ids) => nodes.claimIdsFor(ids), [] as string[])),
      claimLinks: new DataLoader(fromMap<ClaimLinksRow | null>((ids) => nodes.claimLinks(ids), null)),
      links: new DataLoader(fromMap<NodeLinksRow | null>((ids) => nodes.links(ids), null)),
      evidence: createEvidenceLoaders(db),
    },
    evidence: new EvidenceRepository(db),
  };
}
