import type { ManagedTransaction } from 'neo4j-driver';
import { AppError, notFound } from '../errors';
import { rows as plainRows } from '../db/graph-database';
import type { WriteStamp } from './knowledge-writer';

/** What the graph holds under an id, as far as the write path needs to know it. */
export interface ExistingNode {
  id: string;
  kind: string;
  name: string | null;
  aliases: string[];
  hash: string | null;
  createdBy: string | null;
  createdAt: string | null;
  /** The text of a document, to find new claims' quotes in. */
  text: string | null;
}

export interface MergedId {
  id: string;
  keptId: string;
}

export interface ChangeRecord {
  action: 'ingest' | 'add-claim' | 'retract-claim' | 'merge-entities';
  summary: Record<string, unknown>;
  /** Nodes the change created or altered. */
  touched: string[];
}

async function rows<T>(tx: ManagedTransaction, cypher: string, params: Record<string, unknown>): Promise<T[]> {
  return plainRows<T>(await tx.run(cypher, params));
}

/**
 * Serializes writes about the same keys (document ids, entity ids): a second writer waits until the
 * first commits, then sees what it wrote. Keys are locked in sorted order so two writers cannot deadlock.
 */
export async function lockKeys(tx: ManagedTransaction, keys: string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await tx.run(
    `UNWIND $keys AS key
     MERGE (l:WriteLock {key: key})
     SET l.writes = coalesce(l.writes, 0) + 1`,
    { keys: sorted },
  );
}

/** The nodes the graph holds under these ids. */
export async function existingNodes(tx: ManagedTransaction, ids: string[]): Promise<Map<string, ExistingNode>> {
  if (ids.length === 0) return new Map();
  const found = await rows<ExistingNode>(
    tx,
    `MATCH (n:Node) WHERE n.id IN $ids
     RETURN n.id AS id, n.kind AS kind, n.name AS name, coalesce(n.aliases, []) AS aliases, n.inputHash AS hash,
            n.createdBy AS createdBy, toString(n.createdAt) AS createdAt,
            CASE WHEN n:Document THEN n.text ELSE null END AS text`,
    { ids },
  );
  return new Map(found.map((n) => [n.id, n]));
}

/** Ids that were merged into another entity, with the id that now stands for them. */
export async function mergedIds(tx: ManagedTransaction, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const found = await rows<MergedId>(
    tx,
    `MATCH (r:Redirect)-[:MERGED_INTO]->(kept:Node) WHERE r.id IN $ids
     RETURN r.id AS id, kept.id AS keptId`,
    { ids },
  );
  return new Map(found.map((m) => [m.id, m.keptId]));
}

/** Entities of the given kind whose name or an alias equals one of the names, ignoring case. */
export async function entitiesNamed(
  tx: ManagedTransaction,
  candidates: { inputId: string; kind: string; names: string[] }[],
): Promise<Map<string, string[]>> {
  if (candidates.length === 0) return new Map();
  const found = await rows<{ inputId: string; ids: string[] }>(
    tx,
    `UNWIND $candidates AS candidate
     WITH candidate, [name IN candidate.names | toLower(name)] AS names
     OPTIONAL MATCH (n:Entity {kind: candidate.kind})
     WHERE n.id <> candidate.inputId
       AND (toLower(n.name) IN names OR any(alias IN coalesce(n.aliases, []) WHERE toLower(alias) IN names))
     WITH candidate, n ORDER BY n.id
     RETURN candidate.inputId AS inputId, collect(n.id) AS ids`,
    { candidates },
  );
  return new Map(found.map((r) => [r.inputId, r.ids]));
}

/** An audit record of one write: who, when, what, and the nodes it touched. */
export async function recordChange(tx: ManagedTransaction, stamp: WriteStamp, change: ChangeRecord): Promise<void> {
  await tx.run(
    `CREATE (ch:Change {id: $stamp.change, action: $action, actor: $stamp.actor, at: datetime(), summaryJson: $summary})
     WITH ch
     CALL (ch) {
       UNWIND $touched AS id
       MATCH (n:Node {id: id})
       MERGE (ch)-[:TOUCHED]->(n)
     }`,
    { stamp, action: change.action, summary: JSON.stringify(change.summary), touched: change.touched },
  );
}

export interface RetractionRow {
  id: string;
  alreadyRetracted: boolean;
  /** Events and facts that this retraction leaves with no live claim. */
  orphaned: string[];
}

/** Marks a claim retracted, with who, when and why; the claim and its links stay for audit. */
export async function retractClaim(tx: ManagedTransaction, id: string, reason: string, stamp: WriteStamp): Promise<RetractionRow> {
  const [row] = await rows<RetractionRow>(
    tx,
    `MATCH (c:Claim {id: $id})
     WITH c, coalesce(c.retracted, false) AS alreadyRetracted
     CALL (c, alreadyRetracted) {
       WITH c WHERE NOT alreadyRetracted
       SET c.retracted = true, c.retractedAt = datetime(), c.retractedBy = $stamp.actor,
           c.retractionReason = $reason, c.retractedIn = $stamp.change
     }
     RETURN c.id AS id, alreadyRetracted,
            COLLECT { MATCH (c)-[:SUPPORTS]->(x)
                      WHERE NOT EXISTS { (x)<-[:SUPPORTS]-(o:Claim) WHERE coalesce(o.retracted, false) = false }
                      RETURN x.id ORDER BY x.id } AS orphaned`,
    { id, reason, stamp },
  );
  if (!row) throw notFound('claim', id);
  return row;
}

export interface MergeRow {
  keptId: string;
  mergedId: string;
  aliases: string[];
  moved: number;
}

/**
 * Folds one entity into another: aliases united (the merged name becomes an alias), absent properties
 * filled, every relationship re-pointed to the kept entity, and the merged id left as a redirect that
 * keeps a snapshot of what it was, so old ids still resolve and nothing is lost.
 */
export async function mergeEntities(
  tx: ManagedTransaction,
  keepId: string,
  mergeId: string,
  reason: string | null,
  stamp: WriteStamp,
): Promise<MergeRow> {
  const [pair] = await rows<{ keepKind: string | null; merged: Record<string, unknown> | null }>(
    tx,
    // Both entities are locked before their relationships are read: a writer linking to either
    // finishes first, and one that comes later waits and then finds the merged id a redirect.
    `OPTIONAL MATCH (k:Entity {id: $keepId}) OPTIONAL MATCH (m:Entity {id: $mergeId})
     WITH k, m, properties(m) AS merged
     SET k.mergeLock = true, m.mergeLock = true
     RETURN k.kind AS keepKind, merged`,
    { keepId, mergeId },
  );
  if (keepId === mergeId) throw new AppError('BAD_USER_INPUT', `cannot merge "${keepId}" into itself`, { keep: keepId, merge: mergeId });
  if (!pair?.keepKind) throw notFound('entity', keepId);
  if (!pair.merged) throw notFound('entity', mergeId);
  if (pair.keepKind !== pair.merged.kind) {
    throw new AppError(
      'BAD_USER_INPUT',
      `cannot merge ${String(pair.merged.kind)} "${mergeId}" into ${pair.keepKind} "${keepId}": kinds differ`,
      {
        keep: keepId,
        merge: mergeId,
      },
    );
  }
  const [row] = await rows<MergeRow>(
    tx,
    `MATCH (k:Entity {id: $keepId}), (m:Entity {id: $mergeId})
     WITH k, m,
          [a IN [m.name] + coalesce(m.aliases, []) WHERE a <> k.name AND NOT a IN coalesce(k.aliases, [])] AS gained
     WITH k, m, reduce(acc = [], a IN gained | CASE WHEN a IN acc THEN acc ELSE acc + a END) AS gained
     SET k.aliases = coalesce(k.aliases, []) + gained,
         k.mergedIds = coalesce(k.mergedIds, []) + [$mergeId] + coalesce(m.mergedIds, []),
         k.description = coalesce(k.description, m.description)
     REMOVE k.mergeLock
     SET k.aliasText = reduce(text = '', a IN k.aliases | text + CASE text WHEN '' THEN '' ELSE ' | ' END + a)
     WITH k, m
     CALL (k, m) {
       MATCH (m)-[r]->(other) WHERE other <> m
       CREATE (k)-[copy:$(type(r))]->(other) SET copy = properties(r)
       RETURN count(*) AS outgoing
     }
     CALL (k, m) {
       MATCH (other)-[r]->(m) WHERE other <> m
       CREATE (other)-[copy:$(type(r))]->(k) SET copy = properties(r)
       RETURN count(*) AS incoming
     }
     CALL (k, m) {
       MATCH (earlier:Redirect)-[old:MERGED_INTO]->(m)
       DELETE old
       CREATE (earlier)-[:MERGED_INTO]->(k)
     }
     WITH k, m, outgoing + incoming AS moved
     DETACH DELETE m
     WITH k, moved
     CALL (k) {
       // Two relationships made identical by the merge (both entities REPORTED_BY one outlet) become one.
       MATCH (k)-[r]->(other)
       WITH type(r) AS type, other, properties(r) AS props, collect(r) AS same
       WHERE size(same) > 1
       UNWIND tail(same) AS extra
       DELETE extra
     }
     CALL (k) {
       MATCH (other)-[r]->(k) WHERE other <> k
       WITH type(r) AS type, other, properties(r) AS props, collect(r) AS same
       WHERE size(same) > 1
       UNWIND tail(same) AS extra
       DELETE extra
     }
     CREATE (r:Redirect {id: $mergeId, mergedAt: datetime(), mergedBy: $stamp.actor, mergedIn: $stamp.change,
                         reason: $reason, snapshotJson: $snapshot})
     CREATE (r)-[:MERGED_INTO]->(k)
     RETURN k.id AS keptId, $mergeId AS mergedId, k.aliases AS aliases, moved`,
    { keepId, mergeId, reason, stamp, snapshot: JSON.stringify(pair.merged) },
  );
  if (!row) throw notFound('entity', mergeId);
  return row;
}
