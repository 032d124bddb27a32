import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import type { Config } from '../config';
import { APP_NAME, GraphDatabase, TRANSACTION_RETRY_MS } from './graph-database';
import { LocalNeo4j } from './local-neo4j';

/** A database to work against, and how to let go of it. */
export interface AcquiredDatabase {
  db: GraphDatabase;
  uri: string;
  /** Where it came from: "NEO4J_URI", "testcontainers" or "local". */
  source: 'NEO4J_URI' | 'testcontainers' | 'local';
  credentials: { user: string; password?: string };
  /** Closes the driver and stops any server started for it. */
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** Try a Neo4j container when a Docker engine answers (tests only). */
  allowContainers?: boolean;
  log?: (message: string) => void;
}

/**
 * One way to get a database, in this order: NEO4J_URI (any server or cluster); a testcontainers
 * Neo4j when allowed and Docker answers; otherwise a local Neo4j started from tools/neo4j-local.
 */
export async function acquireDatabase(config: Config, options: AcquireOptions = {}): Promise<AcquiredDatabase> {
  const log = options.log ?? (() => undefined);
  if (config.neo4j.uri) {
    const credentials = { user: config.neo4j.user, password: config.neo4j.password };
    const driver = createDriver(config.neo4j.uri, credentials);
    log(`using the Neo4j server at ${config.neo4j.uri}`);
    return connected(driver, config, config.neo4j.uri, 'NEO4J_URI', credentials, async () => undefined);
  }
  if (options.allowContainers && (await dockerAnswers())) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    log('starting Neo4j in a container (testcontainers)');
    const container = await new Neo4jContainer('neo4j:5.26-community').withPassword('test-password').start();
    const credentials = { user: container.getUsername(), password: container.getPassword() };
    const driver = createDriver(container.getBoltUri(), credentials);
    return connected(driver, config, container.getBoltUri(), 'testcontainers', credentials, async () => {
      await container.stop();
    });
  }
  const password = config.local.auth ? await localPassword(config.local.home) : undefined;
  const running = await runningLocalServer(config.local.port, { user: 'neo4j', password });
  if (running) {
    // `npm start` is serving this machine's database: tools such as `npm run ingest` share it.
    log(`using the local Neo4j already running at ${running.uri}`);
    return connected(running.driver, config, running.uri, 'local', { user: 'neo4j', password }, async () => undefined);
  }
  log(`starting a local Neo4j (data in ${config.local.home}) …`);
  const server = await LocalNeo4j.start({
    home: config.local.home,
    port: config.local.port,
    password,
    heap: config.local.heap,
    pageCacheMb: config.local.pageCacheMb,
  });
  const credentials = { user: 'neo4j', password };
  const driver = createDriver(server.uri, credentials);
  return connected(driver, config, server.uri, 'local', credentials, () => server.stop());
}

/** The local Neo4j on a fixed port, if one is up and takes this machine's credentials. */
async function runningLocalServer(
  port: number,
  credentials: { user: string; password?: string },
): Promise<{ uri: string; driver: Driver } | null> {
  if (port === 0) return null;
  const uri = `bolt://127.0.0.1:${port}`;
  const driver = createDriver(uri, credentials);
  try {
    await driver.getServerInfo();
    return { uri, driver };
  } catch {
    await driver.close();
    return null;
  }
}

export function createDriver(uri: string, credentials: { user: string; password?: string }): Driver {
  const auth = credentials.password ? neo4j.auth.basic(credentials.user, credentials.password) : neo4j.auth.custom('', '', '', 'none');
  return neo4j.driver(uri, auth, {
    userAgent: `${APP_NAME}/0.1`,
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 20_000,
    // Transient failures are retried, by the driver's transaction functions and by GraphDatabase.read alike, for this long:
    // an analyst should not wait half a minute.
    maxTransactionRetryTime: TRANSACTION_RETRY_MS,
    disableLosslessIntegers: false,
    // A query may name relationship types or properties that a given store does not hold yet (the allow-list
    // is the schema's, not the data's). The server would warn of each on every run: hundreds of warnings
    // for a neighbourhood, built, sent and decoded each time.
    notificationFilter: { disabledCategories: ['UNRECOGNIZED'] },
  });
}

async function connected(
  driver: Driver,
  config: Config,
  uri: string,
  source: AcquiredDatabase['source'],
  credentials: AcquiredDatabase['credentials'],
  stopServer: () => Promise<void>,
): Promise<AcquiredDatabase> {
  const db = new GraphDatabase(driver, config.neo4j.database);
  try {
    await driver.verifyConnectivity();
  } catch (e) {
    await driver.close();
    await stopServer();
    throw new Error(`cannot connect to Neo4j at ${uri}: ${(e as Error).message}`, { cause: e });
  }
  let released = false;
  return {
    db,
    uri,
    source,
    credentials,
    async release() {
      if (released) return;
      released = true;
      await driver.close();
      await stopServer();
    },
  };
}

/** The local server's password: made once at random and kept beside its data. */
async function localPassword(home: string): Promise<string> {
  const file = path.join(home, 'password.txt');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await mkdir(home, { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function dockerAnswers(): Promise<boolean> {
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}
