import neo4j, { type Date } from 'neo4j-driver';
import type { GraphDatabase } from '../db/graph-database';
import { ENTITY_KINDS, FACT_TYPES } from '../ingest/knowledge-schema';
import {
  claimRow,
  disputeRow,
  documentRow,
  entityRow,
  eventRow,
  factRow,
  SYSTEM_STAMP,
  writeBundle,
  type WriteBundle,
  type WriteStamp,
} from './knowledge-writer';

/**
 * Writes a large bundle into a graph, giving the same graph as `writeBundle` would, faster. Records
 * whose ids the graph does not hold yet are written with CREATE: first every node (static labels, one
 * statement per kind), then the relationships, one statement per type, with duplicates the MERGEs of
 * `writeBundle` would fold taken out beforehand. Records already in the graph go through `writeBundle`
 * afterwards, so they keep its semantics (an entity keeps its properties and gains aliases, and so on).
 *
 * For loading into a graph no one else writes to meanwhile: a record created by another writer between
 * the check and the write fails the load on the id's constraint. A failure can leave a part written;
 * writing the same input again completes it (what was created is then found and merged).
 */

export interface BulkWriteOptions {
  /** Rows per write transaction. */
  batchSize?: number;
  /** Transactions in flight at once (on disjoint nodes, or relationships of one type). */
  concurrency?: number;
  stamp?: WriteStamp;
  onProgress?: (progress: BulkWriteProgress) => void;
}

export interface BulkWriteProgress {
  /** What is being written: nodes of a label, relationships of a type, or records already in the graph. */
  step: string;
  written: number;
  total: number;
}

export interface BulkWriteSummary {
  transactions: number;
  /** Records created, and records already in the graph that were merged. */
  created: number;
  merged: number;
}

const DEFAULT_BATCH = 10_000;
const CREATED = 'n.createdAt = datetime(), n.createdBy = $stamp.actor, n.createdIn = $stamp.change';
const IS_FACT_TYPE = new Set<string>(FACT_TYPES);

/** One statement over rows, split into transactions. */
interface Step {
  name: string;
  cypher: string;
  rows: unknown[];
}

export async function writeBulk(db: GraphDatabase, bundle: WriteBundle, options: BulkWriteOptions = {}): Promise<BulkWriteSummary> {
  const stamp = options.stamp ?? SYSTEM_STAMP;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const present = await idsInGraph(db, [bundle.entities, bundle.documents, bundle.events, bundle.facts, bundle.claims, bundle.disputes]);
  const isNew = <T extends { id: string }>(records: T[]) => records.filter((r) => !present.has(r.id));
  const isOld = <T extends { id: string }>(records: T[]) => records.filter((r) => present.has(r.id));
  const fresh: WriteBundle = {
    entities: isNew(bundle.entities),
    documents: isNew(bundle.documents),
    events: isNew(bundle.events),
    facts: isNew(bundle.facts),
    claims: isNew(bundle.claims),
    disputes: isNew(bundle.disputes),
  };
  const old: WriteBundle = {
    entities: isOld(bundle.entities),
    documents: isOld(bundle.documents),
    events: isOld(bundle.events),
    facts: isOld(bundle.facts),
    claims: isOld(bundle.claims),
    disputes: isOld(bundle.disputes),
  };
  const publishers = await publishersOf(db, bundle);
  const freshIds = new Set<string>();
  for (const section of Object.values(fresh) as { id: string }[][]) for (const r of section) freshIds.add(r.id);

  let transactions = 0;
  const run = async (step: Step, parallel: number) => {
    let written = 0;
    const batches: unknown[][] = [];
    for (let at = 0; at < step.rows.length; at += batchSize) batches.push(step.rows.slice(at, at + batchSize));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const rows = batches[next++]!;
        await db.writeTransaction((tx) => tx.run(step.cypher, { rows, stamp }), { operation: 'bulk-write' });
        transactions += 1;
        written += rows.length;
        options.onProgress?.({ step: step.name, written, total: step.rows.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, batches.length) }, worker));
  };

  for (const step of nodeSteps(fresh)) await run(step, concurrency);
  // Relationships of one type go one transaction at a time: two transactions adding to the same hub
  // (the biggest outlet, a busy event) would wait on each other or deadlock.
  for (const step of relationshipSteps(fresh, freshIds, publishers)) await run(step, 1);

  const sections = ['entities', 'documents', 'events', 'facts', 'claims', 'disputes'] as const;
  let merged = 0;
  for (const section of sections) {
    const records = old[section] as unknown[];
    for (let at = 0; at < records.length; at += batchSize) {
      const part: WriteBundle = { entities: [], documents: [], events: [], facts: [], claims: [], disputes: [] };
      (part[section] as unknown[]) = records.slice(at, at + batchSize);
      await db.writeTransaction((tx) => writeBundle(tx, part, stamp), { operation: 'bulk-write' });
      transactions += 1;
      merged += (part[section] as unknown[]).length;
      options.onProgress?.({ step: `merge ${section}`, written: Math.min(records.length, at + batchSize), total: records.length });
    }
  }
  return { transactions, created: freshIds.size, merged };
}

function nodeSteps(b: WriteBundle): Step[] {
  const steps: Step[] = [];
  // Each row is the node's whole property map: one SET of a flat map is the cheapest way to write it.
  const create = (labels: string, rows: Record<string, unknown>[]) => {
    if (rows.length === 0) return;
    steps.push({ name: `nodes :${labels}`, cypher: `UNWIND $rows AS row CREATE (n:${labels}) SET n = row, ${CREATED}`, rows });
  };
  const flat = (row: { id: string; hash: string; props: Record<string, unknown> }, more: Record<string, unknown> = {}) => ({
    ...row.props,
    ...more,
    id: row.id,
    inputHash: row.hash,
  });
  for (const kind of ENTITY_KINDS) {
    create(
      `Node:Entity:${kind}`,
      b.entities.filter((e) => e.kind === kind).map((e) => flat(entityRow(e))),
    );
  }
  create(
    'Node:Document',
    b.documents.map((d) => flat(documentRow(d))),
  );
  create(
    'Node:Event',
    b.events.map((e) => {
      const row = eventRow(e);
      return flat(row, { dateFrom: cypherDate(row.dateFrom), dateTo: cypherDate(row.dateTo) });
    }),
  );
  create(
    'Node:Fact',
    b.facts.map((f) => {
      const row = factRow(f);
      return flat({ id: row.id, hash: row.hash, props: { kind: 'Fact', type: row.type, propertiesJson: row.json } });
    }),
  );
  create(
    'Node:Claim',
    b.claims.map((c) => flat(claimRow(c), { retracted: false })),
  );
  create(
    'Node:Dispute',
    b.disputes.map((d) => flat(disputeRow(d))),
  );
  return steps;
}

/** A date as Cypher's date() makes it from "YYYY-MM-DD". */
function cypherDate(day: string | null): Date<number> | null {
  if (day === null) return null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new neo4j.types.Date(y, m, d);
}

/** A relationship to write: its two ends by id, and its properties if it has any. */
type Link = [string, string] | [string, string, Record<string, unknown>];

function relationshipSteps(b: WriteBundle, fresh: ReadonlySet<string>, publishers: ReadonlyMap<string, string>): Step[] {
  const links = new Map<string, Link[]>();
  const add = (type: string, link: Link) => {
    let list = links.get(type);
    if (!list) links.set(type, (list = []));
    list.push(link);
  };
  // Existing ends of a REPORTED_BY may already have it, from an earlier load: those are merged.
  const reported = new Set<string>();
  const reportedMerged: Link[] = [];

  for (const e of b.entities) if (e.kind === 'Place') add('LOCATED_IN', [e.id, e.locatedIn]);
  for (const d of b.documents) {
    add('PUBLISHED_BY', [d.id, d.publisher]);
    // One WRITTEN_BY per person; a contributor's role wins, as the writer sets it last.
    const roles = new Map<string, string>();
    for (const a of d.authors) roles.set(a, 'author');
    for (const a of d.contributors) roles.set(a, 'contributor');
    for (const [a, role] of roles) add('WRITTEN_BY', [d.id, a, { role }]);
    for (const c of new Set(d.cites)) add('CITES', [d.id, c]);
  }
  for (const e of b.events) {
    if (e.place !== undefined) add('OCCURRED_IN', [e.id, e.place]);
    if (e.partOf !== undefined) add('PART_OF', [e.id, e.partOf]);
    const seen = new Set<string>();
    for (const p of e.participants) {
      const key = `${p.entity}\u0000${p.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add('PARTICIPATED_IN', [p.entity, e.id, { role: p.role }]);
    }
  }
  for (const f of b.facts) {
    if (!IS_FACT_TYPE.has(f.type)) throw new Error(`not a fact type: ${f.type}`);
    add('FROM', [f.id, f.from]);
    add('TO', [f.id, f.to]);
    add(f.type, [f.from, f.to, { ...f.properties, factId: f.id }]);
  }
  for (const c of b.claims) {
    const row = claimRow(c);
    const publisher = publishers.get(c.document);
    if (publisher === undefined) throw new Error(`no publisher known for ${c.document}`);
    add('EVIDENCED_BY', [c.id, c.document, row.evidence]);
    add('SUBJECT', [c.id, c.subject]);
    if (c.object !== undefined) add('OBJECT', [c.id, c.object]);
    add(
      'ATTRIBUTED_TO',
      c.attributedTo === undefined ? [c.id, publisher, { ownReporting: true }] : [c.id, c.attributedTo, { ownReporting: false }],
    );
    if (c.cites !== undefined) add('CITES', [c.id, c.cites]);
    for (const x of new Set(c.supports)) {
      add('SUPPORTS', [c.id, x]);
      const key = `${x}\u0000${publisher}`;
      if (reported.has(key)) continue;
      reported.add(key);
      if (fresh.has(x)) add('REPORTED_BY', [x, publisher]);
      else reportedMerged.push([x, publisher]);
    }
  }
  for (const d of b.disputes) {
    const sides = new Map<string, number>();
    for (const id of d.sides[0]) sides.set(id, 0);
    for (const id of d.sides[1]) sides.set(id, 1);
    for (const [claim, side] of sides) add('IN_DISPUTE', [claim, d.id, { side }]);
    const pairs = new Set<string>();
    for (const a of d.sides[0]) {
      for (const c of d.sides[1]) {
        const key = `${a}\u0000${c}`;
        if (pairs.has(key)) continue;
        pairs.add(key);
        add('CONTRADICTS', [a, c, { disputeId: d.id, kind: d.kind }]);
      }
    }
    for (const x of new Set(d.about)) add('ABOUT', [d.id, x]);
  }

  const steps: Step[] = [];
  for (const [type, list] of links) {
    if (IS_FACT_TYPE.has(type)) {
      // Merged on the fact's id: the relationship is not attached to the fact node, so it can outlive it.
      steps.push({
        name: `relationships :${type}`,
        cypher: `UNWIND $rows AS row
          MATCH (a:Node {id: row[0]})
          MATCH (b:Node {id: row[1]})
          MERGE (a)-[r:${type} {factId: row[2].factId}]->(b)
          SET r += row[2]`,
        rows: list,
      });
      continue;
    }
    // Types are the writer's own names or fact types checked against FACT_TYPES above.
    const hasProps = list.some((l) => l.length === 3);
    steps.push({
      name: `relationships :${type}`,
      cypher: `UNWIND $rows AS row
        MATCH (a:Node {id: row[0]})
        MATCH (b:Node {id: row[1]})
        CREATE (a)-[r:${type}]->(b)${hasProps ? ' SET r = row[2]' : ''}`,
      rows: list,
    });
  }
  if (reportedMerged.length > 0) {
    steps.push({
      name: 'relationships :REPORTED_BY (merged)',
      cypher: `UNWIND $rows AS row
        MATCH (a:Node {id: row[0]})
        MATCH (b:Node {id: row[1]})
        MERGE (a)-[:REPORTED_BY]->(b)`,
      rows: reportedMerged,
    });
  }
  return steps;
}

async function idsInGraph(db: GraphDatabase, sections: { id: string }[][]): Promise<Set<string>> {
  const ids = sections.flatMap((s) => s.map((r) => r.id));
  const found = new Set<string>();
  for (let at = 0; at < ids.length; at += 50_000) {
    const rows = await db.read<{ id: string }>('MATCH (n:Node) WHERE n.id IN $ids RETURN n.id AS id', { ids: ids.slice(at, at + 50_000) });
    rows.forEach((r) => found.add(r.id));
  }
  return found;
}

/** The publisher of every document the claims name: from the input, or from the graph for documents written before. */
async function publishersOf(db: GraphDatabase, b: WriteBundle): Promise<Map<string, string>> {
  const publishers = new Map(b.documents.map((d) => [d.id, d.publisher]));
  const missing = [...new Set(b.claims.map((c) => c.document))].filter((id) => !publishers.has(id));
  for (let at = 0; at < missing.length; at += 50_000) {
    const rows = await db.read<{ id: string; publisher: string }>(
      'MATCH (d:Document)-[:PUBLISHED_BY]->(p) WHERE d.id IN $ids RETURN d.id AS id, p.id AS publisher',
      { ids: missing.slice(at, at + 50_000) },
    );
    rows.forEach((r) => publishers.set(r.id, r.publisher));
  }
  return publishers;
}
