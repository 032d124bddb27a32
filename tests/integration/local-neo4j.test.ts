import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDriver } from '../../src/db/connect';
import { GraphDatabase } from '../../src/db/graph-database';
import { prepareGraph } from '../../src/db/graph-schema';
import { LocalNeo4j } from '../../src/db/local-neo4j';
import { TestApi } from '../helpers/api';
import { EDITOR_KEY, TEST_AUTH } from '../helpers/writes';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A second, private local Neo4j: started with a password, used, stopped under a running API. */
describe('the local Neo4j launcher', () => {
  let home: string;
  let server: LocalNeo4j;
  let db: GraphDatabase;
  let api: TestApi;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-launcher-'));
    server = await LocalNeo4j.start({ home, port: 0, password: 'launcher-test-pw', heap: '512m', pageCacheMb: 32 });
    db = new GraphDatabase(createDriver(server.uri, { user: 'neo4j', password: 'launcher-test-pw' }));
    api = await TestApi.start(db, { auth: TEST_AUTH });
  }, 180_000);

  afterAll(async () => {
    await api.stop();
    await db.close();
    await server.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('listens for Bolt on loopback only', () => {
    expect(server.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
  });

  it('requires the password it was started with', async () => {
    const wrong = new GraphDatabase(createDriver(server.uri, { user: 'neo4j', password: 'not-the-password' }));
    await expect(wrong.ping()).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/credentials/) });
    await wrong.close();
  });

  it('applies the graph schema idempotently: twice gives the same constraints and indexes', async () => {
    const schema = async () => {
      const constraints = await db.read<{ name: string }>('SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name');
      const indexes = await db.read<{ name: string }>("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name ORDER BY name");
      return { constraints: constraints.map((c) => c.name), indexes: indexes.map((i) => i.name) };
    };
    await prepareGraph(db);
    const first = await schema();
    await prepareGraph(db);
    expect(await schema()).toEqual(first);
    expect(first.constraints).toEqual(expect.arrayContaining(['node_id', 'claim_id', 'document_id', 'place_id']));
    expect(first.indexes).toEqual(expect.arrayContaining(['entity_search', 'document_search', 'event_date']));
  });

  it('keeps data across a restart on the same folder', async () => {
    await db.write("MERGE (n:Node {id: 'test:launcher-restart'}) SET n.kind = 'Test'");
    await api.stop();
    await db.close();
    await server.stop();
    server = await LocalNeo4j.start({ home, port: 0, password: 'launcher-test-pw', heap: '512m', pageCacheMb: 32 });
    db = new GraphDatabase(createDriver(server.uri, { user: 'neo4j', password: 'launcher-test-pw' }));
    api = await TestApi.start(db, { auth: TEST_AUTH });
    const rows = await db.read<{ kind: string }>("MATCH (n:Node {id: 'test:launcher-restart'}) RETURN n.kind AS kind");
    expect(rows).toEqual([{ kind: 'Test' }]);
  }, 180_000);

  it('reports /health down with the reason once the database is stopped, and leaves no Java process', async () => {
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    const pid = server.pid!;
    await server.stop();
    expect(isAlive(pid)).toBe(false);
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; message: string };
    expect(body.status).toBe('down');
    expect(body.message).toMatch(/cannot be reached|connect|ECONNREFUSED/i);
    const result = await api.graphql<{ health: { status: string; message: string } }>('{ health { status message } }');
    expect(result.data!.health.status).toBe('DOWN');
    expect(result.data!.health.message).toBeTruthy();
    const query = await api.graphql('{ documents(first: 1) { totalCount } }');
    expect(query.errors![0]!.extensions!.code).toBe('DATABASE_UNAVAILABLE');
    expect(query.errors![0]!.message).toMatch(/database cannot be reached/);
    const write = await api.graphql(
      'mutation { retractClaim(id: "claim:any", reason: "test") { alreadyRetracted } }',
      {},
      { authorization: `Bearer ${EDITOR_KEY}` },
    );
    expect(write.errors![0]!.extensions!.code).toBe('DATABASE_UNAVAILABLE');
  }, 60_000);
});
