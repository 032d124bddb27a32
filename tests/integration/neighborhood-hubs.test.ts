import { bulkLoadKnowledge } from '../../src/ingest/bulk-load';
import { DEFAULT_TYPES, EDGE_HUB, TraversalRepository, type NeighborhoodRow } from '../../src/graph/traversal-repository';
import { idsOf, parsedCorpus, removeCorpus } from '../helpers/corpus';
import { testDatabase } from '../helpers/database';

/**
 * The edges of a neighbourhood among nodes with many relationships. The query finds them by
 * several routes (a node's own relationships, the other end's, hub to hub type by type); here every
 * answer is checked against the plain definition: each established relationship of the types asked
 * whose two ends are in the answer, read with one naive query. A generated corpus gives the hubs
 * the seed is too small to have.
 */
describe('a neighbourhood among hubs', () => {
  const db = testDatabase();
  const traversal = new TraversalRepository(db);
  let ids: string[];

  beforeAll(async () => {
    const corpus = parsedCorpus(3000, 11);
    ids = idsOf(corpus);
    await bulkLoadKnowledge(db, corpus);
  });
  afterAll(async () => {
    await removeCorpus(db, ids);
    await db.close();
  });

  /** The edge ids the definition gives for the answer's nodes, and how many join two hubs. */
  async function expectedEdges(answer: NeighborhoodRow, types: string[]) {
    const [row] = await db.read<{ edges: string[]; hubToHub: number }>(
      `MATCH (a:Node)-[r]->(b:Node)
       WHERE a.id IN $ids AND b.id IN $ids AND type(r) IN $types
         AND (r.factId IS NULL OR EXISTS {
           MATCH (c:Claim)-[:SUPPORTS]->(:Fact {id: r.factId}) WHERE coalesce(c.retracted, false) = false
         })
       WITH a, r, b,
            COUNT { (a)-[o]->() WHERE type(o) IN $types } > $hub AND COUNT { (b)<-[i]-() WHERE type(i) IN $types } > $hub AS betweenHubs
       RETURN collect(a.id + '-[' + type(r) + ']->' + b.id + coalesce('#' + coalesce(r.factId, r.role), '')) AS edges,
              count(CASE WHEN betweenHubs THEN 1 END) AS hubToHub`,
      { ids: answer.nodes.map((n) => n.id), types, hub: EDGE_HUB },
    );
    return { edges: row!.edges.sort(), hubToHub: row!.hubToHub };
  }

  /** The corpus's nodes with the most relationships of these types, busiest first. */
  async function busiest(types: string[], count: number): Promise<string[]> {
    const rows = await db.read<{ id: string }>(
      `MATCH (n:Node) WHERE n.id IN $ids
       WITH n, COUNT { (n)-[r]-() WHERE type(r) IN $types } AS degree
       RETURN n.id AS id ORDER BY degree DESC, id LIMIT toInteger($count)`,
      { ids, types, count },
    );
    return rows.map((r) => r.id);
  }

  const WORLD = [
    'PARTICIPATED_IN',
    'OCCURRED_IN',
    'LOCATED_IN',
    'PART_OF',
    'DETAINED_IN',
    'DEPORTED_TO',
    'CITIZEN_OF',
    'MEMBER_OF',
    'WORKS_FOR',
    'ARRESTED_BY',
    'TRAVELLED_THROUGH',
  ];

  it.each([
    ['every traversable world type', undefined],
    ['a few types', WORLD],
  ])('gives exactly the established relationships among its nodes, around the busiest nodes: %s', async (_name, asked) => {
    const types = asked ?? [...DEFAULT_TYPES];
    let hubToHub = 0;
    for (const id of await busiest(types, 8)) {
      for (const depth of [1, 2]) {
        const answer = await traversal.neighborhood({ id, depth, limit: 100, perNode: 25, relationshipTypes: asked });
        const expected = await expectedEdges(answer, types);
        expect({ id, depth, edges: answer.edges.map((e) => e.id).sort() }).toEqual({ id, depth, edges: expected.edges });
        hubToHub += expected.hubToHub;
      }
    }
    // The answers held relationships from a hub to a hub, or the hub-to-hub routes went untested.
    expect(hubToHub).toBeGreaterThan(0);
  });
});
