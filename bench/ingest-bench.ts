import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDriver } from '../src/db/connect';
import { GraphDatabase } from '../src/db/graph-database';
import { prepareGraph } from '../src/db/graph-schema';
import { LocalNeo4j } from '../src/db/local-neo4j';
import { bulkLoadKnowledge, bulkLoadPaths, type BulkLoadSummary } from '../src/ingest/bulk-load';
import { importKnowledge, importKnowledgePaths, type OfflineImportSummary } from '../src/ingest/offline-import';
import { count, loaderOf, parseArgs } from './args';
import { generateCorpus } from './corpus-generator';

/**
 * `npx tsx bench/ingest-bench.ts --claims 100k [--loader cypher|import] [--from DIR] [--batch N] [--heap 4g] [--page-cache-mb 4096]`
 *
 * Bulk ingest alone: a fresh local Neo4j with the graph schema, a generated corpus (or the knowledge
 * files of --from, e.g. written by `npm run generate`) bulk-loaded, and the figures of the load:
 * claims/s, the time checks and writes took, the loader's peak memory, the Neo4j process's peak RSS.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const claims = count(args.get('claims') ?? '100k', 'claims');
  const from = args.get('from');
  const heap = args.get('heap') ?? '4g';
  const pageCacheMb = Number(args.get('page-cache-mb') ?? '4096');
  const batchSize = args.has('batch') ? count(args.get('batch')!, 'batch') : undefined;
  const loader = loaderOf(args.get('loader') ?? 'cypher');
  if (loader === 'import' && batchSize !== undefined) throw new Error("--batch sizes the bulk loader's transactions; the import has none");

  const home = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-ingest-bench-'));
  if (loader === 'import') {
    await offline(home, claims, from, heap, pageCacheMb);
    return;
  }
  const server = await LocalNeo4j.start({ home, port: 0, heap, pageCacheMb });
  const db = new GraphDatabase(createDriver(server.uri, { user: 'neo4j' }));
  const neo4jPeak = sampleRss(server.pid);
  try {
    await prepareGraph(db);
    const started = performance.now();
    let shown = 0;
    const onProgress = (p: { section: string; written: number; total: number }) => {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed - shown >= 10 || p.written === p.total) {
        shown = elapsed;
        console.log(`  ${p.section} ${p.written}/${p.total} (${elapsed.toFixed(1)} s)`);
      }
    };
    let load: BulkLoadSummary;
    if (from) {
      console.log(`bulk loading ${from}`);
      load = await bulkLoadPaths(db, [from], { batchSize, onProgress });
    } else {
      const corpus = generateCorpus({ claims, seed: 1 });
      console.log(`generated ${corpus.counts.claims} claims in ${((performance.now() - started) / 1000).toFixed(1)} s; bulk loading`);
      const loadStarted = performance.now();
      load = await bulkLoadKnowledge(db, corpus.sources, { batchSize, onProgress });
      console.log(`(load alone, without generation: ${((performance.now() - loadStarted) / 1000).toFixed(1)} s)`);
    }
    const [graph] = await db.read<{ nodes: number; relationships: number }>(
      'CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
    );
    console.log(
      `${load.claims} claims: checks ${load.validateSeconds.toFixed(1)} s, writes ${load.writeSeconds.toFixed(1)} s, ` +
        `${Math.round(load.claimsPerSecond)} claims/s (writes alone ${Math.round(load.claims / load.writeSeconds)} claims/s), ` +
        `${load.transactions} transactions; loader peak RSS ${load.peakRssMb} MiB (heap ${load.peakHeapMb} MiB), ` +
        `Neo4j peak RSS ${neo4jPeak.stop()} MiB; graph ${graph!.nodes} nodes, ${graph!.relationships} relationships`,
    );
  } finally {
    neo4jPeak.stop();
    await db.close();
    await server.stop();
    await rm(home, { recursive: true, force: true });
  }
}

/**
 * The offline import (`--loader import`): checks, import files, neo4j-admin's import into a new store,
 * then the server started on it and the graph schema built; claims/s over all of it.
 */
async function offline(home: string, claims: number, from: string | undefined, heap: string, pageCacheMb: number): Promise<void> {
  try {
    const started = performance.now();
    let summary: OfflineImportSummary;
    const onOutput = (line: string) => {
      if (/^(IMPORT DONE|Imported| {2}\d+ (nodes|relationships|properties)|Peak memory)/.test(line)) console.log(`  ${line.trim()}`);
    };
    if (from) {
      console.log(`importing ${from}`);
      summary = await importKnowledgePaths([from], { home, onOutput });
    } else {
      const corpus = generateCorpus({ claims, seed: 1 });
      console.log(`generated ${corpus.counts.claims} claims in ${((performance.now() - started) / 1000).toFixed(1)} s; importing`);
      summary = await importKnowledge(corpus.sources, { home, onOutput });
    }
    const imported = performance.now();
    const server = await LocalNeo4j.start({ home, port: 0, heap, pageCacheMb });
    const db = new GraphDatabase(createDriver(server.uri, { user: 'neo4j' }));
    try {
      await prepareGraph(db);
      const finished = performance.now();
      const total = summary.validateSeconds + summary.csvSeconds + summary.importSeconds + (finished - imported) / 1000;
      console.log(
        `${summary.claims} claims (${summary.nodes} nodes, ${summary.relationships} relationships): checks ${summary.validateSeconds.toFixed(1)} s, ` +
          `import files ${summary.csvSeconds.toFixed(1)} s, neo4j-admin import ${summary.importSeconds.toFixed(1)} s, ` +
          `server start and schema ${((finished - imported) / 1000).toFixed(1)} s; ${Math.round(summary.claims / total)} claims/s; ` +
          `loader peak RSS ${summary.peakRssMb} MiB (heap ${summary.peakHeapMb} MiB)`,
      );
    } finally {
      await db.close();
      await server.stop();
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Peak resident memory of a process (Linux /proc), sampled every 500 ms. */
function sampleRss(pid: number | undefined): { stop(): number } {
  let peak = 0;
  const sample = async () => {
    if (pid === undefined) return;
    try {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, Math.round(kb / 1024));
    } catch {
      // not Linux, or the process is gone
    }
  };
  const timer = setInterval(() => void sample(), 500);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
