import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type AuthConfig, type Config } from './config';
import { acquireDatabase } from './db/connect';
import { prepareGraph } from './db/graph-schema';
import { loadSeedIfEmpty } from './ingest/load';
import { createServer } from './server';

/**
 * With no API keys or token verification configured, a server on its own local Neo4j gets one editor
 * key for this machine, kept next to the database, so the playground can try the mutations.
 */
async function withLocalEditorKey(config: Config, local: boolean, log: pino.Logger): Promise<AuthConfig> {
  if (!local || config.auth.apiKeys.length > 0 || config.auth.jwt) return config.auth;
  const file = path.join(config.local.home, 'editor-key.txt');
  let key = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (!key) {
    key = randomBytes(24).toString('base64url');
    await writeFile(file, `${key}\n`, { mode: 0o600 });
  }
  log.info(`writes need a credential: this machine's editor key is in ${file} (header "Authorization: Bearer <key>")`);
  return { ...config.auth, apiKeys: [{ name: 'local-editor', role: 'editor', key }] };
}

/** config → database → graph schema → seed → server → listen; Ctrl-C stops the API and the Neo4j it started. */
async function main(): Promise<void> {
  const config = loadConfig();
  process.setSourceMapsEnabled(config.sourceMaps);
  const log = pino({ level: config.logLevel });
  const database = await acquireDatabase(config, { log: (m) => log.info(m) });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    await server?.stop().catch((e: unknown) => log.error(e));
    await database.release().catch((e: unknown) => log.error(e));
    log.info('stopped');
    process.exit(0);
  };
  let server: Awaited<ReturnType<typeof createServer>> | undefined;
  // `on`, not `once`: a terminal's Ctrl-C reaches this process twice (directly and relayed by tsx); the repeat must not kill it mid-shutdown.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    log.info(`database ready at ${database.uri} (${database.source})`);
    if (database.source === 'local' && database.credentials.password) {
      log.info(`local Neo4j login: user neo4j, password in ${config.local.home}/password.txt`);
    }
    const statements = await prepareGraph(database.db);
    log.info(`graph schema applied (${statements} constraints and indexes)`);
    if (config.seedOnStart) {
      const seeded = await loadSeedIfEmpty(database.db);
      log.info(seeded ? `seed loaded: ${JSON.stringify(seeded)}` : 'seed already present');
    }
    const auth = await withLocalEditorKey(config, database.source === 'local', log);
    server = await createServer({
      db: database.db,
      auth,
      debugErrors: config.debugErrors,
      logError: (e) => log.error({ err: e }, 'unexpected error in a request'),
    });
    await new Promise<void>((resolve) => server!.httpServer.listen(config.http.port, config.http.host, resolve));
    const { port } = server.httpServer.address() as AddressInfo;
    log.info(`ready: GraphQL and playground at http://localhost:${port}/graphql, health at http://localhost:${port}/health`);
  } catch (e) {
    log.error(e instanceof Error ? e.message : e);
    await database.release().catch(() => undefined);
    process.exit(1);
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
