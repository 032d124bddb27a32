import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { loadConfig, PROJECT_ROOT } from '../src/config';
import { createDriver } from '../src/db/connect';
import { prepareGraph } from '../src/db/graph-schema';
import { LocalNeo4j } from '../src/db/local-neo4j';
import { writeBundle, type WriteBundle } from '../src/graph/knowledge-writer';
import { bulkLoadKnowledge } from '../src/ingest/bulk-load';
import { importKnowledge, type OfflineImportSummary } from '../src/ingest/offline-import';
import { loadKnowledgeSources } from '../src/ingest/load';
import { validateKnowledge, type KnowledgeSource } from '../src/ingest/validate';
import { createServer } from '../src/server';
import { apocPlugins } from './apoc';
import { count, loaderOf, parseArgs, type Loader } from './args';
import { generateCorpus, newArticle, type GeneratedCorpus } from './corpus-generator';
import { dbHits, fmt, latency, planText, timeSideBySide, type Latency } from './measure';
import { operations } from './operations';
import { listen } from './peer/peer-server';
import { startServerProcess } from './server-process';
import { postGraphQL } from './http-client';
import { RecordingDatabase, type RecordedTransaction } from './recording-database';

/**
 * `npm run bench -- --claims 10000,100000[,1000000] [--samples N] [--check] [--no-peer] [--loader import|cypher]`
 *
 * For each size: a generated corpus, imported offline into a new store (or, with `--loader cypher`,
 * bulk-loaded through transactions), a local Neo4j on it (temporary home, free port, APOC Core for the
 * peer) with the graph schema, the API and the peer each in a server process of its own on a free
 * port; then each operation timed through the GraphQL HTTP API and as the same Cypher run directly
 * through the driver, its Bolt round trips and db hits, throughput under 16 concurrent clients with
 * the API process's memory, and the peer on the operations it can express.
 * `--check` only loads and profiles, and fails when a query's db hits grew more than 10% over
 * bench/plan-baseline.json; `--update-baseline` rewrites that file from the run.
 */

const BASELINE_FILE = path.join(PROJECT_ROOT, 'bench', 'plan-baseline.json');
const RESULTS_DIR = path.join(PROJECT_ROOT, 'bench', 'results');
const POOL = 20;
/** The benchmark's own API's editor key, for the ingestDocument mutation. */
const EDITOR_KEY = 'bench-editor-key-not-a-secret';
const TOLERANCE = 1.1;

interface Settings {
  sizes: number[];
  seed: number;
  samples: number;
  warmup: number;
  maxSeconds: number;
  loadSeconds: number;
  connections: number;
  peer: boolean;
  check: boolean;
  updateBaseline: boolean;
  /** How the corpus is loaded: the offline import (default) or the bulk loader's transactions. */
  loader: Loader;
  heap: string;
  pageCacheMb: number;
}

interface OperationResult {
  name: string;
  label: string;
  targeted: boolean;
  api: Latency;
  cypher: Latency;
  roundTrips: { min: number; max: number };
  dbHits: number;
  throughput?: { requestsPerSecond: number; p50: number; p99: number; errors: number };
  peer?: Latency;
}

interface SizeResult {
  claims: number;
  load: LoadFigures;
  graph: { nodes: number; relationships: number };
  operations: OperationResult[];
  apiMemory: { idleRssMb: number; peakRssMb: number; peakHeapMb: number };
  ingestVia: string;
}

/** How the corpus got into the database, and how fast. */
interface LoadFigures {
  loader: Loader;
  /** From the start of the checks to a graph ready to query (for the import: server started, indexes online). */
  seconds: number;
  validateSeconds: number;
  writeSeconds: number;
  claimsPerSecond: number;
  peakRssMb: number;
  peakHeapMb: number;
  detail: string;
}

type Baseline = Record<string, Record<string, number>>;

async function main(): Promise<void> {
  // The process serves the API and runs the bare Cypher: both as the server runs (`npm start`: no source maps in production).
  process.setSourceMapsEnabled(loadConfig().sourceMaps);
  const args = parseArgs(process.argv.slice(2));
  const check = args.has('check');
  const baseline: Baseline = existsSync(BASELINE_FILE) ? (JSON.parse(await readFile(BASELINE_FILE, 'utf8')) as Baseline) : {};
  // The gate checks the baseline's sizes up to 100k by default (1M takes its load of ten minutes more: ask for it with --claims).
  const checked = Object.keys(baseline).filter((size) => Number(size) <= 100_000);
  const defaultSizes = check && checked.length > 0 ? checked.join(',') : '10000,100000';
  const settings: Settings = {
    sizes: (args.get('claims') ?? defaultSizes).split(',').map((s) => count(s, 'claims')),
    seed: Number(args.get('seed') ?? '1'),
    samples: Number(args.get('samples') ?? '200'),
    warmup: Number(args.get('warmup') ?? '20'),
    maxSeconds: Number(args.get('max-seconds') ?? '30'),
    loadSeconds: Number(args.get('load-seconds') ?? '10'),
    connections: Number(args.get('connections') ?? '16'),
    peer: !args.has('no-peer') && !check,
    check,
    updateBaseline: args.has('update-baseline'),
    loader: loaderOf(args.get('loader') ?? 'import'),
    heap: args.get('heap') ?? '4g',
    pageCacheMb: Number(args.get('page-cache-mb') ?? '4096'),
  };

  const results: SizeResult[] = [];
  const regressions: string[] = [];
  for (const size of settings.sizes) {
    const result = await runSize(size, settings);
    results.push(result);
    const before = baseline[String(size)];
    for (const op of result.operations) {
      const was = before?.[op.name];
      if (was !== undefined && op.dbHits > was * TOLERANCE) {
        regressions.push(
          `${size} claims, ${op.name}: ${op.dbHits} db hits, baseline ${was} (+${((op.dbHits / was - 1) * 100).toFixed(1)}%)`,
        );
      }
    }
    if (!settings.check) console.log(`\n${table(result)}\n`);
  }

  if (settings.check) {
    for (const r of results) {
      console.log(
        `${r.claims} claims: ${r.operations.map((o) => `${o.name} ${o.dbHits} (baseline ${baseline[String(r.claims)]?.[o.name] ?? '–'})`).join(', ')}`,
      );
    }
  } else {
    await mkdir(RESULTS_DIR, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await writeFile(path.join(RESULTS_DIR, `bench-${stamp}.json`), JSON.stringify({ settings, machine: machine(), results }, null, 2));
    await writeFile(path.join(RESULTS_DIR, `plans-${stamp}.txt`), plans.join('\n'));
    await writeFile(path.join(RESULTS_DIR, `bench-${stamp}.md`), [machineLine(), ...results.map(table)].join('\n\n') + '\n');
    console.log(`results in ${path.relative(PROJECT_ROOT, RESULTS_DIR)}/bench-${stamp}.{json,md}`);
  }
  if (settings.updateBaseline) {
    const next: Baseline = { ...baseline };
    for (const r of results) next[String(r.claims)] = Object.fromEntries(r.operations.map((o) => [o.name, o.dbHits]));
    await writeFile(BASELINE_FILE, `${JSON.stringify(next, null, 2)}\n`);
    console.log(`baseline written to ${path.relative(PROJECT_ROOT, BASELINE_FILE)}`);
  }
  if (regressions.length > 0) {
    console.error(`db hits grew by more than ${Math.round((TOLERANCE - 1) * 100)}%:\n  ${regressions.join('\n  ')}`);
    process.exitCode = 1;
  } else if (settings.check) {
    console.log(`no query's db hits grew by more than ${Math.round((TOLERANCE - 1) * 100)}%`);
  }
}

async function runSize(claims: number, settings: Settings): Promise<SizeResult> {
  const log = (m: string) => console.log(`[${claims} claims] ${m}`);
  const home = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-bench-neo4j-'));
  const plugins = settings.peer ? await apocPlugins() : undefined;
  log('generating the corpus');
  let corpus: GeneratedCorpus | null = generateCorpus({ claims, seed: settings.seed });
  const { samples, world } = corpus;
  log(
    `loading ${corpus.counts.claims} claims, ${corpus.counts.documents} articles, ${corpus.counts.events} events, ${corpus.counts.facts} facts ` +
      `(${settings.loader === 'import' ? 'offline import' : 'bulk loader'})`,
  );
  const loadStarted = performance.now();
  // Undone in reverse order, whatever step fails.
  const stops: (() => Promise<unknown>)[] = [() => rm(home, { recursive: true, force: true })];
  try {
    let imported: OfflineImportSummary | null = null;
    if (settings.loader === 'import') imported = await importKnowledge(corpus.sources, { home });
    log(`starting Neo4j (heap ${settings.heap}, page cache ${settings.pageCacheMb} MB${plugins ? ', APOC Core' : ''}) in ${home}`);
    const server = await LocalNeo4j.start({ home, port: 0, heap: settings.heap, pageCacheMb: settings.pageCacheMb, plugins });
    stops.unshift(() => server.stop());
    const driver = createDriver(server.uri, { user: 'neo4j' });
    stops.unshift(() => driver.close());
    const db = new RecordingDatabase(driver);
    let load: LoadFigures;
    if (imported) {
      await prepareGraph(db);
      const seconds = (performance.now() - loadStarted) / 1000;
      load = {
        loader: 'import',
        seconds,
        validateSeconds: imported.validateSeconds,
        writeSeconds: seconds - imported.validateSeconds,
        claimsPerSecond: imported.claims / seconds,
        peakRssMb: imported.peakRssMb,
        peakHeapMb: imported.peakHeapMb,
        detail:
          `import files ${imported.csvSeconds.toFixed(1)} s, neo4j-admin import ${imported.importSeconds.toFixed(1)} s, ` +
          `server start and indexes ${(seconds - imported.validateSeconds - imported.csvSeconds - imported.importSeconds).toFixed(1)} s`,
      };
    } else {
      await prepareGraph(db);
      // The server's start and the schema are not the loader's time.
      const started = performance.now();
      let shown = 0;
      const bulk = await bulkLoadKnowledge(db, corpus.sources, {
        onProgress: (p) => {
          const elapsed = (performance.now() - started) / 1000;
          if (elapsed - shown >= 15 || p.written === p.total) {
            shown = elapsed;
            log(`  ${p.section} ${p.written}/${p.total} (${elapsed.toFixed(0)} s)`);
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      load = { loader: 'cypher', ...bulk, seconds, detail: `${bulk.transactions} transactions of batched UNWIND` };
    }
    corpus = null;
    log(
      `loaded in ${load.seconds.toFixed(1)} s (checks ${load.validateSeconds.toFixed(1)} s, writes ${load.writeSeconds.toFixed(1)} s; ${load.detail}): ` +
        `${Math.round(load.claimsPerSecond)} claims/s; peak RSS ${load.peakRssMb} MiB, heap ${load.peakHeapMb} MiB`,
    );
    const [graph] = await db.read<{ nodes: number; relationships: number }>(
      'CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
    );

    // Requests are recorded through an API in this process (its statements, to run bare, and its round
    // trips); the API timed, loaded and weighed is a server process of its own, as `npm start` runs it.
    const app = await createServer({
      db,
      auth: { apiKeys: [{ name: 'bench', role: 'editor', key: EDITOR_KEY }], readsRequireAuth: false },
    });
    const recordingUrl = await listen(app.httpServer);
    stops.unshift(
      () => new Promise((resolve) => app.httpServer.close(resolve)),
      () => app.stop(),
    );
    const neo4jOf = { neo4jUri: server.uri, neo4jUser: 'neo4j' };
    const apiServer = await startServerProcess({ kind: 'api', ...neo4jOf, editorKey: EDITOR_KEY });
    stops.unshift(() => apiServer.stop());
    const peerServer = settings.peer ? await startServerProcess({ kind: 'peer', ...neo4jOf }) : null;
    if (peerServer) stops.unshift(() => peerServer.stop());

    const results: OperationResult[] = [];
    let peakRssMb = 0;
    let peakHeapMb = 0;
    const { rssMb: idleRssMb } = await apiServer.status();
    for (const op of operations(samples)) {
      await apiServer.settled();
      const captures: RecordedTransaction[][] = [];
      for (let k = 0; k < POOL; k++) captures.push(await db.capture(() => graphql(recordingUrl, op.query, op.variables(k))));
      const trips = captures.map((c) => c.length);
      const hits = await profile(driver, captures[0]!, `${claims} claims: ${op.name}`);
      if (settings.check) {
        results.push({
          name: op.name,
          label: op.label,
          targeted: op.targeted,
          api: latency([]),
          cypher: latency([]),
          roundTrips: { min: Math.min(...trips), max: Math.max(...trips) },
          dbHits: hits,
        });
        log(`${op.name}: ${hits} db hits`);
        continue;
      }
      const timing = { warmup: settings.warmup, samples: settings.samples, maxSeconds: settings.maxSeconds };
      const ways = [
        (i: number) => graphql(apiServer.url, op.query, op.variables(i % POOL)).then(() => undefined),
        (i: number) => replay(driver, captures[i % POOL]!),
      ];
      const peerOp = peerServer && op.peer ? { url: peerServer.url, ...op.peer } : null;
      if (peerOp) ways.push((i) => graphql(peerOp.url, peerOp.query, peerOp.variables(i % POOL)).then(() => undefined));
      const [api, cypher, peerLatency] = (await timeSideBySide(ways, timing)) as [Latency, Latency, Latency?];
      const bodies = Array.from({ length: POOL }, (_, k) => JSON.stringify({ query: op.query, variables: op.variables(k) }));
      const memory = await apiServer.sampleMemory();
      const throughput = await loadTest(apiServer.url, bodies, settings);
      const peaks = await memory.stop();
      peakRssMb = Math.max(peakRssMb, peaks.rssMb);
      peakHeapMb = Math.max(peakHeapMb, peaks.heapMb);
      const result: OperationResult = {
        name: op.name,
        label: op.label,
        targeted: op.targeted,
        api,
        cypher,
        roundTrips: { min: Math.min(...trips), max: Math.max(...trips) },
        dbHits: hits,
        throughput,
        ...(peerLatency ? { peer: peerLatency } : {}),
      };
      results.push(result);
      log(
        `${op.name}: API p50 ${fmt(api.p50)} ms p99 ${fmt(api.p99)} ms; Cypher p50 ${fmt(cypher.p50)} ms p99 ${fmt(cypher.p99)} ms; ` +
          `${result.roundTrips.max} round trip(s); ${hits} db hits; ${Math.round(throughput.requestsPerSecond)} req/s` +
          (peerLatency ? `; peer p50 ${fmt(peerLatency.p50)} ms` : ''),
      );
    }

    await apiServer.settled();
    const mutation = await hasIngestMutation(apiServer.url);
    const ingest = await measureIngest(
      db,
      driver,
      world,
      settings,
      log,
      mutation ? { recording: recordingUrl, timed: apiServer.url } : null,
    );
    results.push(ingest);
    return {
      claims,
      load,
      graph: graph!,
      operations: results,
      apiMemory: { idleRssMb, peakRssMb, peakHeapMb },
      ingestVia: mutation
        ? 'the ingestDocument mutation (API) and the writer run directly in one transaction (Cypher)'
        : 'loadKnowledgeSources (no ingestDocument mutation in the schema) and the writer run directly in one transaction (Cypher)',
    };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

/**
 * Ingest of one new article: through the project's loader (reference lookup, validation, one write
 * transaction), and as the writer's Cypher run directly in one transaction.
 */
async function measureIngest(
  db: RecordingDatabase,
  driver: Driver,
  world: GeneratedCorpus['world'],
  settings: Settings,
  log: (m: string) => void,
  /** The API recorded (for the round trips) and the API timed; null when it has no ingest mutation. */
  urls: { recording: string; timed: string } | null,
): Promise<OperationResult> {
  let next = 0;
  const ingestOne = async (url: string | undefined) => {
    const source = newArticle(world, next++, settings.seed);
    if (url === undefined) return loadKnowledgeSources(db, [source]);
    const result = (await graphql(url, INGEST_MUTATION, { input: ingestInput(source) }, { 'x-api-key': EDITOR_KEY })) as {
      ingestDocument: { ok: boolean; problems: { message: string }[] };
    };
    if (!result.ingestDocument.ok)
      throw new Error(`ingestDocument refused: ${result.ingestDocument.problems.map((p) => p.message).join('; ')}`);
    return result;
  };
  const referenced = new Set<string>([...world.outlets, ...world.events.map((e) => e.id), 'country:k0']);
  const bundleOf = (index: number): WriteBundle => {
    const source = newArticle(world, index, settings.seed);
    const k = validateKnowledge([source], { ids: referenced });
    return { entities: k.entities, documents: k.documents, events: k.events, facts: k.facts, claims: k.claims, disputes: k.disputes };
  };
  // The profiled write comes first, on an article of its own, so that its db hits do not depend on the samples.
  const hits = await profileWrite(driver, bundleOf(1_000_000));
  const before = db.roundTrips;
  await ingestOne(urls?.recording);
  const trips = db.roundTrips - before;
  if (settings.check) {
    log(`ingest: ${hits} db hits`);
    return {
      name: 'ingest',
      label: 'ingest one new article (9 claims)',
      targeted: false,
      api: latency([]),
      cypher: latency([]),
      roundTrips: { min: trips, max: trips },
      dbHits: hits,
    };
  }
  const timing = { warmup: Math.min(settings.warmup, 10), samples: Math.min(settings.samples, 100), maxSeconds: settings.maxSeconds };
  // Made before the timing, which covers the writer's Cypher only.
  const bundles = Array.from({ length: timing.warmup + timing.samples }, (_, i) => bundleOf(2_000_000 + i));
  const [api, cypher] = (await timeSideBySide(
    [
      async () => {
        await ingestOne(urls?.timed);
      },
      async (i) => {
        const bundle = bundles[i]!;
        const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
        try {
          await session.executeWrite((tx) => writeBundle(tx, bundle));
        } finally {
          await session.close();
        }
      },
    ],
    timing,
  )) as [Latency, Latency];
  log(
    `ingest: loader p50 ${fmt(api.p50)} ms p99 ${fmt(api.p99)} ms; writer Cypher p50 ${fmt(cypher.p50)} ms; ${trips} round trips; ${hits} db hits`,
  );
  return {
    name: 'ingest',
    label: 'ingest one new article (9 claims)',
    targeted: false,
    api,
    cypher,
    roundTrips: { min: trips, max: trips },
    dbHits: hits,
  };
}

const INGEST_MUTATION = `mutation Ingest($input: IngestDocumentInput!) {
  ingestDocument(input: $input) { ok problems { message } }
}`;

async function hasIngestMutation(url: string): Promise<boolean> {
  const data = (await graphql(url, '{ __type(name: "Mutation") { fields { name } } }', {})) as {
    __type: { fields: { name: string }[] } | null;
  };
  return data.__type?.fields.some((f) => f.name === 'ingestDocument') ?? false;
}

/** A generated article as the ingestDocument mutation takes it: the text inline. */
function ingestInput(source: KnowledgeSource) {
  const { textFile: _textFile, ...document } = source.data.documents[0]!;
  return {
    document: { ...document, text: source.texts.get(document.id)! },
    events: source.data.events.map((e) => ({ ...e, modality: e.modality.toUpperCase() })),
    claims: source.data.claims.map((c) => ({ ...c, modality: c.modality.toUpperCase() })),
  };
}

async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<unknown> {
  return (await postGraphQL(url, query, variables, headers)).data;
}

/** Runs recorded transactions again, statement for statement, straight through the driver, the way the API ran them. */
async function replay(driver: Driver, transactions: RecordedTransaction[]): Promise<void> {
  for (const t of transactions) {
    const session = driver.session({ defaultAccessMode: t.mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
    try {
      if (t.autoCommit) {
        for (const s of t.statements) await session.run(s.cypher, s.params);
        continue;
      }
      const work = async (tx: { run: (q: string, p: Record<string, unknown>) => Promise<unknown> }) => {
        for (const s of t.statements) await tx.run(s.cypher, s.params);
      };
      await (t.mode === 'READ' ? session.executeRead(work) : session.executeWrite(work));
    } finally {
      await session.close();
    }
  }
}

/** Profiled plans of the last run, by operation, written beside the results. */
const plans: string[] = [];

/** Total db hits of the recorded statements' profiled plans. */
async function profile(driver: Driver, transactions: RecordedTransaction[], name = ''): Promise<number> {
  let total = 0;
  for (const t of transactions) {
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      for (const s of t.statements) {
        const result = await session.executeRead((tx) => tx.run(`PROFILE ${s.cypher}`, s.params));
        total += dbHits(result.summary.profile || null);
        plans.push(`## ${name}\n${planText(result.summary.profile || null)}\n`);
      }
    } finally {
      await session.close();
    }
  }
  return total;
}

async function profileWrite(driver: Driver, bundle: WriteBundle): Promise<number> {
  let total = 0;
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
  try {
    await session.executeWrite(async (tx) => {
      const profiled = new Proxy(tx, {
        get(target, property, receiver) {
          if (property !== 'run') return Reflect.get(target, property, receiver) as unknown;
          return async (cypher: string, params: Record<string, unknown>) => {
            const result = await target.run(`PROFILE ${cypher}`, params);
            total += dbHits(result.summary.profile || null);
            return result;
          };
        },
      });
      await writeBundle(profiled, bundle);
    });
  } finally {
    await session.close();
  }
  return total;
}

/** Throughput with concurrent clients, from a load generator in a process of its own. */
function loadTest(url: string, bodies: string[], settings: Settings): Promise<NonNullable<OperationResult['throughput']>> {
  return new Promise((resolve, reject) => {
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [path.join(__dirname, 'load-client.ts'), url, String(settings.connections), String(settings.loadSeconds)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load client exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as NonNullable<OperationResult['throughput']>);
    });
    child.stdin.end(JSON.stringify(bodies));
  });
}

function machine() {
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function machineLine(): string {
  const m = machine();
  return `Machine: ${m.cpus} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; Neo4j 5.26.30 Community in-process.`;
}

/** The table of one size, in Markdown. */
export function table(r: SizeResult): string {
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');
  const lines = [
    `### ${r.claims.toLocaleString('en')} claims`,
    '',
    `Graph: ${r.graph.nodes.toLocaleString('en')} nodes, ${r.graph.relationships.toLocaleString('en')} relationships. ` +
      `${r.load.loader === 'import' ? 'Offline import' : 'Bulk load'}: ${r.load.seconds.toFixed(1)} s (checks ${r.load.validateSeconds.toFixed(1)} s, ` +
      `writes ${r.load.writeSeconds.toFixed(1)} s: ${r.load.detail}), **${Math.round(r.load.claimsPerSecond).toLocaleString('en')} claims/s**, ` +
      `loader peak RSS ${r.load.peakRssMb} MiB (heap ${r.load.peakHeapMb} MiB).`,
    '',
    '| operation | API p50 | API p95 | API p99 | Cypher p50 | Cypher p95 | Cypher p99 | API/Cypher p50 | API/Cypher p99 | round trips | db hits | req/s (16 clients) | peer p50 | ours/peer p50 |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const o of r.operations) {
    const trips = o.roundTrips.min === o.roundTrips.max ? String(o.roundTrips.max) : `${o.roundTrips.min}–${o.roundTrips.max}`;
    lines.push(
      `| ${o.label}${o.targeted ? ' ★' : ''} | ${fmt(o.api.p50)} | ${fmt(o.api.p95)} | ${fmt(o.api.p99)} | ${fmt(o.cypher.p50)} | ${fmt(o.cypher.p95)} | ${fmt(o.cypher.p99)} | ` +
        `${ratio(o.api.p50, o.cypher.p50)} | ${ratio(o.api.p99, o.cypher.p99)} | ${trips} | ${o.dbHits.toLocaleString('en')} | ` +
        `${o.throughput ? Math.round(o.throughput.requestsPerSecond).toLocaleString('en') : '–'} | ${o.peer ? fmt(o.peer.p50) : '–'} | ${o.peer ? ratio(o.api.p50, o.peer.p50) : '–'} |`,
    );
  }
  lines.push(
    '',
    `Times in ms; ★ operations the issue's API-vs-Cypher targets apply to. API process memory: ${r.apiMemory.idleRssMb} MiB RSS before the load tests, ` +
      `peak under 16 clients ${r.apiMemory.peakRssMb} MiB RSS (heap ${r.apiMemory.peakHeapMb} MiB). Ingest measured via ${r.ingestVia}.`,
  );
  return lines.join('\n');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
