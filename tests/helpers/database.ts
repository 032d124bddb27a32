import { createDriver } from '../../src/db/connect';
import { GraphDatabase } from '../../src/db/graph-database';

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
