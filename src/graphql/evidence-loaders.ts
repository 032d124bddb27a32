import DataLoader from 'dataloader';
import type { GraphDatabase } from '../db/graph-database';
import { EvidenceRepository, type DisputeView } from '../graph/evidence-repository';

/** Per-request loaders of the evidence domain: one query per level of a GraphQL answer. */
export interface EvidenceLoaders {
  /** Standing disputes about an event or fact. */
  disputesAbout: DataLoader<string, DisputeView[]>;
  /** A dispute in full (for disputes reached through `node`). */
  dispute: DataLoader<string, DisputeView | null>;
  /** Ids of the claims a claim contradicts. */
  contradictingClaimIds: DataLoader<string, string[]>;
}

export function createEvidenceLoaders(db: GraphDatabase): EvidenceLoaders {
  const evidence = new EvidenceRepository(db);
  const fromMap =
    <T>(load: (ids: readonly string[]) => Promise<Map<string, T>>, missing: T) =>
    async (ids: readonly string[]) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? missing);
    };
  return {
    disputesAbout: new DataLoader(fromMap((ids) => evidence.disputesAbout(ids), [] as DisputeView[])),
    dispute: new DataLoader(fromMap<DisputeView | null>((ids) => evidence.disputeViews(ids), null)),
    contradictingClaimIds: new DataLoader(fromMap((ids) => evidence.contradictingClaimIds(ids), [] as string[])),
  };
}
