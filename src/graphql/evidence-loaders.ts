import type DataLoader from 'dataloader';
import type { EvidenceRepository, DisputeView } from '../graph/evidence-repository';
import { mapLoader } from './loader';

/** Per-request loaders of the evidence domain: one query per level of a GraphQL answer. */
export interface EvidenceLoaders {
  /** Standing disputes about an event or fact. */
  disputesAbout: DataLoader<string, DisputeView[]>;
  /** A dispute in full (for disputes reached through `node`). */
  dispute: DataLoader<string, DisputeView | null>;
  /** Ids of the claims a claim contradicts. */
  contradictingClaimIds: DataLoader<string, string[]>;
}

export function createEvidenceLoaders(evidence: EvidenceRepository): EvidenceLoaders {
  return {
    disputesAbout: mapLoader((ids) => evidence.disputesAbout(ids), [] as DisputeView[]),
    dispute: mapLoader<DisputeView | null>((ids) => evidence.disputeViews(ids), null),
    contradictingClaimIds: mapLoader((ids) => evidence.contradictingClaimIds(ids), [] as string[]),
  };
}
