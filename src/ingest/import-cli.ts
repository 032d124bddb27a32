import { parseArgs } from 'node:util';
import { runCli } from '../cli';
import { loadConfig } from '../config';
import { acquireDatabase } from '../db/connect';
import { prepareGraph } from '../db/graph-schema';
import { importKnowledgePaths } from './offline-import';

const USAGE = `usage: npm run import -- <file or folder>… [--threads N]

Fills the local Neo4j's store (NEO4J_LOCAL_HOME, .neo4j/dev by default) from knowledge files (YAML or
JSON, the seed's format) in one pass, much faster than writing them through transactions: the input
is checked as the loader checks it, written as CSV files and imported by neo4j-admin's importer. For a
first load of a large corpus: the store must not exist yet and no server may run on it (stop
\`npm start\`; to start over, delete the folder). Later input goes through \`npm run ingest\`.
  --threads N  the importer's worker threads (default 1: the same input gives the same store order,
               and with it the same neighbourhoods; more can be faster on many cores)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { threads: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  if (config.neo4j.uri) {
    console.error('NEO4J_URI names an existing server: the offline import only fills the local store. Use `npm run ingest` for a server.');
    return 2;
  }
  const started = performance.now();
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    console.error(`--threads ${values.threads}: expected a whole number of threads, 1 or more`);
    return 2;
  }
  const summary = await importKnowledgePaths(positionals, { home: config.local.home, threads });
  console.error(
    `imported ${summary.nodes} nodes and ${summary.relationships} relationships into ${config.local.home}; building the indexes …`,
  );
  // Started as `npm start` starts it (its port, its password), and stopped again.
  const database = await acquireDatabase(config, { log: (m) => console.error(m) });
  try {
    await prepareGraph(database.db);
  } finally {
    await database.release();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${summary.files} files: ${summary.documents} documents, ${summary.entities} entities, ${summary.events} events, ` +
      `${summary.facts} facts, ${summary.claims} claims, ${summary.disputes} disputes in ${seconds.toFixed(1)} s ` +
      `(${Math.round(summary.claims / seconds)} claims/s)`,
  );
  return 0;
}

runCli(main);
