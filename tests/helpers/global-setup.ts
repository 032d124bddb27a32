import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { acquireDatabase, type AcquiredDatabase } from '../../src/db/connect';
import { prepareGraph } from '../../src/db/graph-schema';
import { loadKnowledgePaths, SEED_DIR } from '../../src/ingest/load';

declare global {
  var __TEST_DATABASE__: AcquiredDatabase | undefined;
  var __TEST_DATABASE_HOME__: string | undefined;
}

/**
 * One database for the whole run: NEO4J_URI if set, a container if Docker answers, otherwise a
 * local Neo4j in a fresh temporary folder (auth off, a free port). The seed is loaded once.
 */
export default async function globalSetup(): Promise<void> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-test-neo4j-'));
  const config = loadConfig({
    ...process.env,
    NEO4J_LOCAL_HOME: home,
    NEO4J_LOCAL_PORT: '0',
    NEO4J_LOCAL_AUTH: 'false',
    NEO4J_LOCAL_PAGE_CACHE_MB: '64',
  });
  const database = await acquireDatabase(config, { allowContainers: true, log: (m) => console.log(`\n[test database] ${m}`) });
  globalThis.__TEST_DATABASE__ = database;
  globalThis.__TEST_DATABASE_HOME__ = home;
  process.env.TEST_NEO4J_URI = database.uri;
  process.env.TEST_NEO4J_USER = database.credentials.user;
  process.env.TEST_NEO4J_PASSWORD = database.credentials.password ?? '';
  process.env.TEST_NEO4J_DATABASE = config.neo4j.database ?? '';
  await prepareGraph(database.db);
  await loadKnowledgePaths(database.db, [SEED_DIR]);
}
