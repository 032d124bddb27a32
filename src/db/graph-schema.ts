import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { placeEvents, recountLiveClaims } from '../graph/knowledge-writer';
import { LOCATING_FACT_TYPES } from '../ingest/knowledge-schema';
import type { GraphDatabase } from './graph-database';

export const GRAPH_SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'graph.cypher');

/** The statements of a Cypher script: `;`-terminated, `//` comment lines dropped. */
export function cypherStatements(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A label on offline-imported nodes whose property (the rest of the label) is an empty list, until `prepareGraph`: import files cannot hold one. */
export const EMPTY_LIST_MARK = 'ImportedEmptyList_';

/**
 * Makes a store ready for use; every entry point runs it first. Completes an offline import, also
 * one that stopped before its end: sets the empty lists the import files could not hold. Then
 * creates the constraints and indexes of schema/graph.cypher (each `IF NOT EXISTS`) and waits for
 * the indexes to come online, counts the live claims of facts and events a store has not counted
 * yet, and gives each event the store has not placed yet the places it lies within. Returns the
 * number of schema statements.
 */
export async function prepareGraph(db: GraphDatabase): Promise<number> {
  const marks = await db.read<{ label: string }>('CALL db.labels() YIELD label WHERE label STARTS WITH $mark RETURN label', {
    mark: EMPTY_LIST_MARK,
  });
  for (const { label } of marks) {
    const params = { label, key: label.slice(EMPTY_LIST_MARK.length) };
    for (;;) {
      const [done] = await db.write<{ nodes: number }>(
        `MATCH (n:$($label)) WITH n LIMIT 20000
         SET n[$key] = [] REMOVE n:$($label)
         RETURN count(n) AS nodes`,
        params,
      );
      if (!done || done.nodes === 0) break;
    }
  }
  const statements = cypherStatements(await readFile(GRAPH_SCHEMA_FILE, 'utf8'));
  // Schema changes cannot share a transaction with each other in Neo4j 5: one statement each.
  for (const statement of statements) await db.write(statement);
  await db.write('CALL db.awaitIndexes(300)');
  await countLiveClaims(db);
  await placeEventsOnce(db);
  return statements.length;
}

/** Facts and events counted per transaction when a store written before the counts is counted. */
const COUNT_BATCH = 10_000;

/**
 * Gives every fact and event of a store written before their counts of live claims were kept (see
 * recountLiveClaims) its count, and the fact's relationship too, in transactions of COUNT_BATCH; a
 * store stopped half-way is finished at its next start. Where every one has its count, this is one
 * scan of facts and events (about 0.3 s at 1M claims).
 */
async function countLiveClaims(db: GraphDatabase): Promise<void> {
  const uncounted = await db.read<{ id: string }>(
    `MATCH (x:Fact|Event)
     WHERE (x.liveClaims IS NULL OR ((x:Event OR x.type IN $locating) AND x.placingClaims IS NULL)) AND x:Node AND x.id IS NOT NULL
     RETURN x.id AS id`,
    { locating: LOCATING_FACT_TYPES },
  );
  for (let i = 0; i < uncounted.length; i += COUNT_BATCH) {
    const ids = uncounted.slice(i, i + COUNT_BATCH).map((x) => x.id);
    await db.writeTransaction((tx) => recountLiveClaims(tx, ids), { operation: 'count-live-claims' });
  }
}

/**
 * Places every event of a store written before events were placed (see placeEvents), in
 * transactions of COUNT_BATCH; a store stopped half-way is finished at its next start. Where every
 * event is placed, this is one scan of the events.
 */
async function placeEventsOnce(db: GraphDatabase): Promise<void> {
  const unplaced = await db.read<{ id: string }>('MATCH (e:Event) WHERE e.placedWithin IS NULL AND e.id IS NOT NULL RETURN e.id AS id');
  for (let i = 0; i < unplaced.length; i += COUNT_BATCH) {
    const ids = unplaced.slice(i, i + COUNT_BATCH).map((e) => e.id);
    await db.writeTransaction((tx) => placeEvents(tx, ids), { operation: 'place-events' });
  }
}
