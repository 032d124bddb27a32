import { fork, type ChildProcess } from 'node:child_process';
import { loadConfig, PROJECT_ROOT } from '../src/config';
import { createDriver } from '../src/db/connect';
import { GraphDatabase } from '../src/db/graph-database';
import { createServer } from '../src/server';
import { listen, startPeerServer } from './peer/peer-server';

/**
 * A GraphQL server measured by the benchmark, in a process of its own as `npm start` runs one: the
 * client, the bare Cypher and the other server then share neither its event loop nor its heap, and
 * the memory it reports is the server's alone.
 */

export interface ServerProcessOptions {
  /** The project's API, or the peer (`@neo4j/graphql`) over the same store. */
  kind: 'api' | 'peer';
  neo4jUri: string;
  neo4jUser: string;
  neo4jPassword?: string;
  /** An API key with the editor role (the API only), for the ingest mutation. */
  editorKey?: string;
}

/** What the parent asks; each question is answered by a Reply with the same `id`. */
type Question = { id: number; ask: 'memoryStart' | 'memoryStop' | 'status' };

interface Status {
  /** Bolt round trips the API's database has made (null for the peer). */
  roundTrips: number | null;
  rssMb: number;
  heapMb: number;
}

type Reply = { id: number; status: Status } | { id: number; error: string };
type Announcement = { ready: string } | { failed: string };

export interface ServerProcess {
  url: string;
  pid: number;
  status(): Promise<Status>;
  /** Starts sampling the server's memory; `stop` gives the peaks since. */
  sampleMemory(): Promise<{ stop(): Promise<{ rssMb: number; heapMb: number }> }>;
  /** Waits until the server has made no round trip for half a second (requests left over from a load test). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** Starts a server in a child process and resolves once it listens. */
export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  // Node's default heap, as `npm start` has: the benchmark's own NODE_OPTIONS are for its corpus.
  const { NODE_OPTIONS: _benchOptions, ...env } = process.env;
  const child = fork(__filename, [], {
    cwd: PROJECT_ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Sent rather than passed as an argument, so that no password shows in the process list.
  child.send({ start: options });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the ${options.kind} server process did not start within ${STARTUP_TIMEOUT_MS / 1000} s`));
    }, STARTUP_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the ${options.kind} server process exited with ${code} before listening`));
    };
    child.once('exit', onExit);
    child.once('message', (message: Announcement) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      if ('failed' in message) {
        child.kill();
        reject(new Error(`the ${options.kind} server process failed to start: ${message.failed}`));
      } else {
        resolve(parentSide(child, message.ready));
      }
    });
  });
}

function parentSide(child: ChildProcess, url: string): ServerProcess {
  let next = 0;
  const waiting = new Map<number, { resolve(s: Status): void; reject(e: Error): void }>();
  child.on('message', (reply: Reply) => {
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('error' in reply) entry?.reject(new Error(reply.error));
    else entry?.resolve(reply.status);
  });
  const ended = () => `the server process ended (${child.exitCode ?? child.signalCode ?? 'its channel closed'})`;
  const failAll = () => {
    for (const entry of waiting.values()) entry.reject(new Error(ended()));
    waiting.clear();
  };
  child.on('exit', failAll);
  // A message to a process that has gone fails here rather than as an uncaught error.
  child.on('error', failAll);
  const ask = (what: Question['ask']) =>
    new Promise<Status>((resolve, reject) => {
      if (!child.connected) return reject(new Error(ended()));
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, ask: what } satisfies Question);
    });
  return {
    url,
    pid: child.pid!,
    status: () => ask('status'),
    async sampleMemory() {
      await ask('memoryStart');
      return {
        stop: async () => {
          const s = await ask('memoryStop');
          return { rssMb: s.rssMb, heapMb: s.heapMb };
        },
      };
    },
    async settled() {
      for (let last: number | null = -1; ;) {
        const { roundTrips } = await ask('status');
        if (roundTrips === last) return;
        last = roundTrips;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        // A server that does not stop within STOP_TIMEOUT_MS of its parent leaving is killed.
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (child.connected) child.disconnect();
        else child.kill();
      });
    },
  };
}

/** The child: starts the server, announces its URL, answers the parent, and stops when the parent goes. */
async function serve(options: ServerProcessOptions): Promise<void> {
  process.setSourceMapsEnabled(loadConfig().sourceMaps);
  const send = (message: Announcement | Reply) => process.send!(message);
  const driver = createDriver(options.neo4jUri, { user: options.neo4jUser, password: options.neo4jPassword });
  let db: GraphDatabase | null = null;
  let server: { url: string; stop(): Promise<void> };
  try {
    if (options.kind === 'api') {
      db = new GraphDatabase(driver);
      const app = await createServer({
        db,
        auth: { apiKeys: options.editorKey ? [{ name: 'bench', role: 'editor', key: options.editorKey }] : [], readsRequireAuth: false },
        logError: (e) => console.error(e),
      });
      server = { url: await listen(app.httpServer), stop: () => app.stop() };
    } else {
      server = await startPeerServer(driver);
    }
  } catch (e) {
    send({ failed: (e as Error).message });
    await driver.close();
    return;
  }

  const peak = { rss: 0, heap: 0 };
  let sampler: NodeJS.Timeout | null = null;
  /** Reads the memory, counting the reading towards the peaks while sampling. */
  const take = () => {
    const m = process.memoryUsage();
    if (sampler) {
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heap = Math.max(peak.heap, m.heapUsed);
    }
    return m;
  };
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const statusOf = (rss: number, heap: number): Status => ({ roundTrips: db?.roundTrips ?? null, rssMb: mb(rss), heapMb: mb(heap) });
  process.on('message', ({ id, ask }: Question) => {
    if (ask === 'memoryStart') {
      peak.rss = 0;
      peak.heap = 0;
      sampler ??= setInterval(take, 200);
      take();
      send({ id, status: statusOf(peak.rss, peak.heap) });
    } else if (ask === 'memoryStop') {
      take();
      if (sampler) clearInterval(sampler);
      sampler = null;
      send({ id, status: statusOf(peak.rss, peak.heap) });
    } else if (ask === 'status') {
      const m = take();
      send({ id, status: statusOf(m.rss, m.heapUsed) });
    } else {
      send({ id, error: `unknown question ${String(ask)}` });
    }
  });
  process.once('disconnect', () => {
    if (sampler) clearInterval(sampler);
    void server
      .stop()
      .catch((e: unknown) => console.error(e))
      .finally(() => void driver.close().finally(() => process.exit(0)));
  });
  send({ ready: server.url });
}

if (require.main === module) process.once('message', ({ start }: { start: ServerProcessOptions }) => void serve(start));
