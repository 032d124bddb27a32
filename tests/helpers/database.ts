import { createDriver } from '../../src/db/connect';
import { GraphDatabase } from '../../src/db/graph-database';
import { LOCATING_FACT_TYPES } from '../../src/ingest/knowledge-schema';

/** A connection to the run's database (started by the global setup), for one test file. */
export function testDatabase(): GraphDatabase {
  const uri = process.env.TEST_NEO4J_URI;
  if (!uri) throw new Error('TEST_NEO4J_URI is not set: run the tests with `npm test` so the global setup starts a database');
  const driver = createDriver(uri, {
    user: process.env.TEST_NEO4J_USER ?? 'neo4j',
    password: process.env.TEST_NEO4J_PASSWORD || undefined,
  });
  return new GraphDatabase(driver, process.env.TEST_NEO4J_DATABASE || undefined);
}

/** Counts of nodes and relationships, to show a rejected write changed nothing. */
export async function graphCounts(db: GraphDatabase): Promise<{ nodes: number; relationships: number }> {
  const [row] = await db.read<{ nodes: number; relationships: number }>(
    'CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
  );
  return row!;
}

/** Every property sorted by key, so that equal content gives equal strings. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/**
 * The whole graph as sorted lines, to show a write changed nothing at all: every node (labels and all
 * properties) and every relationship (type, ends, properties). With `ids`, only the nodes with these
 * ids and every relationship touching one. `withoutCreatedAt` leaves out each node's time of writing
 * (which must be there), to compare graphs written at different times.
 */
export async function fingerprint(
  db: GraphDatabase,
  options: { ids?: string[]; withoutCreatedAt?: boolean } = {},
): Promise<{ nodes: string[]; relationships: string[] }> {
  const { ids } = options;
  const nodes = await db.read<{ labels: string[]; props: Record<string, unknown> }>(
    `MATCH (n${ids ? ':Node) WHERE n.id IN $ids' : ')'} RETURN labels(n) AS labels, properties(n) AS props`,
    { ids },
  );
  const relationships = await db.read(
    `MATCH (a)-[r]->(b) ${ids ? 'WHERE a.id IN $ids OR b.id IN $ids' : ''} RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props`,
    { ids },
  );
  const propsOf = (props: Record<string, unknown>) => {
    if (!options.withoutCreatedAt) return props;
    const { createdAt, ...rest } = props;
    expect(createdAt).toBeDefined();
    return rest;
  };
  return {
    nodes: nodes.map((n) => canonical({ labels: [...n.labels].sort(), props: propsOf(n.props) })).sort(),
    relationships: relationships.map(canonical).sort(),
  };
}

/**
 * Where a stored count of live claims (`liveClaims`, see recountLiveClaims) differs from a count made
 * now, on a fact, an event or a fact's relationship, or where a node of another kind holds one; and
 * the same for the count of those claims that assert both an event and a locating fact
 * (`placingClaims`), kept on events and locating facts. Empty when every count is right.
 */
export async function liveClaimCountsAstray(db: GraphDatabase): Promise<string[]> {
  const live = (x: string) => `COUNT { (c:Claim)-[:SUPPORTS]->(${x}) WHERE coalesce(c.retracted, false) = false }`;
  const [row] = await db.read<{ astray: string[] }>(
    `CALL () {
       MATCH (x:Node)
       WITH x, ${live('x')} AS counted
       WHERE CASE WHEN x:Fact OR x:Event THEN x.liveClaims IS NULL OR x.liveClaims <> counted ELSE x.liveClaims IS NOT NULL END
       RETURN x.id + ' holds ' + coalesce(toString(x.liveClaims), 'no count') + ', counted ' + toString(counted) AS astray
       UNION ALL
       MATCH (a)-[r]->(b) WHERE r.factId IS NOT NULL
       OPTIONAL MATCH (f:Fact {id: r.factId})
       WITH a, r, b, CASE WHEN f IS NULL THEN 0 ELSE ${live('f')} END AS counted
       WHERE r.liveClaims IS NULL OR r.liveClaims <> counted
       RETURN a.id + '-[' + type(r) + ']->' + b.id + ' holds ' + coalesce(toString(r.liveClaims), 'no count') + ', counted ' + toString(counted) AS astray
       UNION ALL
       MATCH (x:Node)
       WITH x, COUNT {
         (c:Claim)-[:SUPPORTS]->(x)
         WHERE coalesce(c.retracted, false) = false
           AND EXISTS { (c)-[:SUPPORTS]->(:Event) } AND EXISTS { (c)-[:SUPPORTS]->(f:Fact) WHERE f.type IN $locating }
       } AS counted
       WHERE CASE WHEN x:Event OR (x:Fact AND x.type IN $locating) THEN x.placingClaims IS NULL OR x.placingClaims <> counted
             ELSE x.placingClaims IS NOT NULL END
       RETURN x.id + ' holds ' + coalesce(toString(x.placingClaims), 'no count') + ' placing, counted ' + toString(counted) AS astray
     }
     RETURN collect(astray) AS astray`,
    { locating: LOCATING_FACT_TYPES },
  );
  return row!.astray;
}

/**
 * Events whose stored places (`placedWithin` and the `WITHIN` relationships, see placeEvents) differ
 * from those worked out now by walking the graph: where the event occurred, and where a locating fact
 * about one of its participants puts it that a live claim asserts with it, each with every place and
 * country above; and nodes other than events that hold such places. Empty when every event's are right.
 */
export async function placedWithinAstray(db: GraphDatabase): Promise<string[]> {
  const astray = await db.read<{ id: string; held: string[] | null; related: string[]; walked: string[] | null }>(
    `MATCH (x:Node)
     WITH x, CASE WHEN x:Event THEN COLLECT {
       OPTIONAL MATCH (x)-[:OCCURRED_IN]->(occurred)
       OPTIONAL MATCH (x)<-[:PARTICIPATED_IN]-(participant)<-[:FROM]-(f:Fact)<-[:SUPPORTS]-(c:Claim)-[:SUPPORTS]->(x)
         WHERE f.type IN $locating AND coalesce(c.retracted, false) = false
       OPTIONAL MATCH (f)-[:TO]->(held)
       UNWIND [occurred, held] AS p
       MATCH (p)-[:LOCATED_IN*0..8]->(above)
       WITH DISTINCT above.id AS id ORDER BY id RETURN id
     } END AS walked,
     COLLECT { MATCH (x)-[w:WITHIN]->(p) RETURN p.id + ' ' + w.placeId + ' ' + coalesce(toString(w.dateFrom), '-') + ' ' + coalesce(toString(w.dateTo), '-') AS r ORDER BY r } AS related,
     [id IN coalesce(x.placedWithin, []) | id + ' ' + id + ' ' + coalesce(toString(x.dateFrom), '-') + ' ' + coalesce(toString(x.dateTo), '-')] AS expected
     WHERE (x.placedWithin IS NULL) <> (walked IS NULL) OR x.placedWithin <> walked OR related <> expected
     RETURN x.id AS id, x.placedWithin AS held, related, walked`,
    { locating: LOCATING_FACT_TYPES },
  );
  return astray.map(
    (x) => `${x.id} holds ${JSON.stringify(x.held)} and WITHIN ${JSON.stringify(x.related)}, walked ${JSON.stringify(x.walked)}`,
  );
}
