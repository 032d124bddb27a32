import type { GraphDatabase } from '../db/graph-database';
import type { Page } from './node-repository';

export interface ChangeRow {
  id: string;
  action: string;
  actor: string;
  at: string;
  summaryJson: string;
}

/** Reads the audit records writes leave behind. */
export class ChangeRepository {
  constructor(private readonly db: GraphDatabase) {}

  async byIds(ids: readonly string[]): Promise<(ChangeRow | null)[]> {
    const rows = await this.db.read<ChangeRow>(
      `MATCH (ch:Change) WHERE ch.id IN $ids
       RETURN ch.id AS id, ch.action AS action, ch.actor AS actor, toString(ch.at) AS at, ch.summaryJson AS summaryJson`,
      { ids },
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Newest first, optionally of one actor or touching one node. */
  async list(options: { actor?: string | null; touching?: string | null; offset: number; limit: number }): Promise<Page<ChangeRow>> {
    const [row] = await this.db.read<{ totalCount: number; rows: ChangeRow[] }>(
      // A merged id finds the changes of the entity it was merged into, which hold its own.
      `OPTIONAL MATCH (:Redirect {id: $f.touching})-[:MERGED_INTO]->(kept)
       WITH coalesce(kept.id, $f.touching) AS touching
       MATCH (ch:Change)
       WHERE ($f.actor IS NULL OR ch.actor = $f.actor)
         AND (touching IS NULL OR EXISTS { (ch)-[:TOUCHED]->(:Node {id: touching}) })
       WITH ch ORDER BY ch.at DESC, ch.id
       WITH collect({id: ch.id, action: ch.action, actor: ch.actor, at: toString(ch.at), summaryJson: ch.summaryJson}) AS items
       RETURN size(items) AS totalCount, items[$offset..$offset + $limit] AS rows`,
      { f: { actor: options.actor ?? null, touching: options.touching ?? null }, offset: options.offset, limit: options.limit },
    );
    return { rows: row?.rows ?? [], totalCount: row?.totalCount ?? 0 };
  }

  /** Ids of the nodes a change touched, in id order. */
  async touched(changeId: string, limit: number): Promise<string[]> {
    const [row] = await this.db.read<{ ids: string[] }>(
      `MATCH (:Change {id: $changeId})-[:TOUCHED]->(n:Node)
       WITH n.id AS id ORDER BY id
       RETURN collect(id)[..$limit] AS ids`,
      { changeId, limit },
    );
    return row?.ids ?? [];
  }
}
