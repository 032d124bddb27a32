import type { ManagedTransaction } from 'neo4j-driver';
import { AppError, notFound } from '../errors';
import { rows as plainRows } from '../db/graph-database';
import { liveClaim } from './cypher-fragments';
import { placeEvents, recountLiveClaims, type WriteStamp } from './knowledge-writer';

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

/** Locks are striped: a fixed set of lock nodes however many ids the graph holds. */
const LOCK_STRIPES = 4096;

function stripeOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash % LOCK_STRIPES;
}

/**
 * Serializes writes about the same keys (ids): a second writer waits until the first commits, then
 * sees what it wrote. Keys share LOCK_STRIPES lock nodes (two unrelated ids may share one, which only
 * makes their writers take turns); they are taken in sorted order, so two writers cannot deadlock.
 */
export async function lockKeys(tx: ManagedTransaction, keys: string[]): Promise<void> {
  const stripes = [...new Set(keys.map(stripeOf))].sort((a, b) => a - b);
  if (stripes.length === 0) return;
  await tx.run(
    `UNWIND $stripes AS stripe
     MERGE (l:WriteLock {key: stripe})
     SET l.held = true`,
    { stripes },
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

/**
 * Marks a claim retracted, with who, when and why; the claim and its links stay for audit. The claim
 * and what it supports are locked first, so two retractions of a fact's last claims see each other.
 */
export async function retractClaim(tx: ManagedTransaction, id: string, reason: string, stamp: WriteStamp): Promise<RetractionRow> {
  const [target] = await rows<{ supported: string[] }>(
    tx,
    'MATCH (c:Claim {id: $id}) RETURN COLLECT { MATCH (c)-[:SUPPORTS]->(x) RETURN x.id } AS supported',
    { id },
  );
  if (!target) throw notFound('claim', id);
  await lockKeys(tx, [id, ...target.supported]);
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
                      WHERE NOT EXISTS { (x)<-[:SUPPORTS]-(o:Claim) WHERE ${liveClaim('o')} }
                      RETURN x.id ORDER BY x.id } AS orphaned`,
    { id, reason, stamp },
  );
  if (!row) throw notFound('claim', id);
  if (!row.alreadyRetracted) await recountLiveClaims(tx, target.supported);
  return row;
}

export interface MergeRow {
  keptId: string;
  mergedId: string;
  aliases: string[];
  moved: number;
}

/** Properties that describe a node's place in the graph, not the entity: never copied by a merge. */
const BOOKKEEPING = new Set([
  'id',
  'kind',
  'name',
  'aliases',
  'aliasText',
  'mergedIds',
  'inputHash',
  'createdAt',
  'createdBy',
  'createdIn',
]);

interface MergePair {
  keep: Record<string, unknown> | null;
  merge: Record<string, unknown> | null;
  /** Where the merged id already points, if it was merged before. */
  mergedInto: { id: string; by: string; at: string } | null;
  /** Relationships the merge cannot carry over: between the two, or a second parent place. */
  dropped: { type: string; from: string; to: string; properties: Record<string, unknown> }[];
}

/**
 * Folds one entity into another: aliases united (the merged name becomes an alias), properties the
 * kept entity lacks filled from the merged one, every relationship re-pointed to the kept entity, and
 * the merged id left as a redirect that keeps a snapshot of what it was (with any relationship that
 * could not be carried over: one between the two, or a second parent place), so old ids still
 * resolve and nothing is lost. The caller holds the write locks of both ids.
 */
export async function mergeEntities(
  tx: ManagedTransaction,
  keepId: string,
  mergeId: string,
  reason: string | null,
  stamp: WriteStamp,
): Promise<MergeRow> {
  if (keepId === mergeId) throw new AppError('BAD_USER_INPUT', `cannot merge "${keepId}" into itself`, { keep: keepId, merge: mergeId });
  const [pair] = await rows<MergePair>(
    tx,
    `OPTIONAL MATCH (k:Entity {id: $keepId})
     OPTIONAL MATCH (m:Entity {id: $mergeId})
     OPTIONAL MATCH (r:Redirect {id: $mergeId})-[:MERGED_INTO]->(target)
     RETURN properties(k) AS keep, properties(m) AS merge,
            CASE WHEN r IS NULL THEN null ELSE {id: target.id, by: r.mergedBy, at: toString(r.mergedAt)} END AS mergedInto,
            COLLECT { MATCH (m)-[x]-(k) RETURN {type: type(x), from: startNode(x).id, to: endNode(x).id, properties: properties(x)} }
            + CASE WHEN EXISTS { (k)-[:LOCATED_IN]->() }
                   THEN COLLECT { MATCH (m)-[x:LOCATED_IN]->(p) WHERE p <> k
                                  RETURN {type: type(x), from: m.id, to: p.id, properties: properties(x)} }
                   ELSE [] END AS dropped`,
    { keepId, mergeId },
  );
  if (!pair?.keep) throw notFound('entity', keepId);
  if (!pair.merge && pair.mergedInto) {
    throw new AppError(
      'BAD_USER_INPUT',
      `"${mergeId}" was already merged into "${pair.mergedInto.id}" by ${pair.mergedInto.by} at ${pair.mergedInto.at}`,
      {
        merge: mergeId,
        keptId: pair.mergedInto.id,
      },
    );
  }
  if (!pair.merge) throw notFound('entity', mergeId);
  if (pair.keep.kind !== pair.merge.kind) {
    throw new AppError(
      'BAD_USER_INPUT',
      `cannot merge ${String(pair.merge.kind)} "${mergeId}" into ${String(pair.keep.kind)} "${keepId}": kinds differ`,
      {
        keep: keepId,
        merge: mergeId,
      },
    );
  }
  const fill = Object.fromEntries(
    Object.entries(pair.merge).filter(([key, value]) => !BOOKKEEPING.has(key) && value !== null && (pair.keep![key] ?? null) === null),
  );
  const snapshot = JSON.stringify({ properties: pair.merge, droppedRelationships: pair.dropped });
  const [row] = await rows<MergeRow & { facts: string[]; toPlace: string[] }>(
    tx,
    `MATCH (k:Entity {id: $keepId}), (m:Entity {id: $mergeId})
     WITH k, m,
          [a IN [m.name] + coalesce(m.aliases, []) WHERE a <> k.name AND NOT a IN coalesce(k.aliases, [])] AS gained
     WITH k, m, reduce(acc = [], a IN gained | CASE WHEN a IN acc THEN acc ELSE acc + a END) AS gained,
          EXISTS { (k)-[:LOCATED_IN]->() } AS placed
     SET k += $fill,
         k.aliases = coalesce(k.aliases, []) + gained,
         k.mergedIds = coalesce(k.mergedIds, []) + [$mergeId] + coalesce(m.mergedIds, [])
     SET k.aliasText = reduce(text = '', a IN k.aliases | text + CASE text WHEN '' THEN '' ELSE ' | ' END + a)
     WITH k, m, placed
     CALL (k, m, placed) {
       MATCH (m)-[r]->(other) WHERE other <> m AND other <> k AND NOT (placed AND type(r) = 'LOCATED_IN')
       CREATE (k)-[copy:$(type(r))]->(other) SET copy = properties(r)
       RETURN count(*) AS outgoing
     }
     CALL (k, m) {
       // An event's WITHIN relationships are placed again below, not moved.
       MATCH (other)-[r]->(m) WHERE other <> m AND other <> k AND type(r) <> 'WITHIN'
       CREATE (other)-[copy:$(type(r))]->(k) SET copy = properties(r)
       RETURN count(*) AS incoming
     }
     CALL (k, m) {
       MATCH (earlier:Redirect)-[old:MERGED_INTO]->(m)
       DELETE old
       CREATE (earlier)-[:MERGED_INTO]->(k)
     }
     WITH k, m, outgoing + incoming AS moved,
          COLLECT { MATCH (m)-[r]-() WHERE r.factId IS NOT NULL RETURN DISTINCT r.factId } AS facts,
          COLLECT { MATCH (m)<-[:WITHIN]-(e) RETURN e.id } AS withinMerged
     DETACH DELETE m
     WITH k, moved, facts, withinMerged
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
     RETURN k.id AS keptId, $mergeId AS mergedId, k.aliases AS aliases, moved, facts,
            withinMerged + COLLECT { MATCH (k)<-[:WITHIN]-(e:Event) RETURN e.id }
              + COLLECT { MATCH (k)-[:PARTICIPATED_IN]->(e:Event) RETURN e.id } AS toPlace`,
    { keepId, mergeId, reason, stamp, snapshot, fill },
  );
  if (!row) throw notFound('entity', mergeId);
  // The copies carry the counts read above; a claim retracted or added meanwhile, under the fact's lock, is counted now.
  const { facts, toPlace, ...merged } = row;
  await recountLiveClaims(tx, facts);
  // What lay within the merged place lies within the kept one now, and within its parents (which it
  // may have gained from the merged one); a participant's locating facts may now place more events.
  await placeEvents(tx, toPlace);
  return merged;
}
