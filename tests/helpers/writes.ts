import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { AuthConfig } from '../../src/config';
import type { GraphDatabase } from '../../src/db/graph-database';
import { recountLiveClaims } from '../../src/graph/knowledge-writer';
import { TestApi } from './api';
import { fingerprint, testDatabase } from './database';

export const ARTICLES_DIR = path.join(__dirname, '..', 'fixtures', 'articles');
export const EDITOR_KEY = 'editor-key-for-the-write-tests-01';
export const READER_KEY = 'reader-key-for-the-write-tests-01';
export const JWT_SECRET = 'a-signing-secret-for-the-write-tests-0123456789';
export const TEST_ACTORS = ['test-editor', 'test-reader', 'jwt-editor', 'cli-tests'];

export const TEST_AUTH: AuthConfig = {
  apiKeys: [
    { name: 'test-editor', role: 'editor', key: EDITOR_KEY },
    { name: 'test-reader', role: 'reader', key: READER_KEY },
  ],
  jwt: { secret: JWT_SECRET, rolesClaim: 'roles' },
  readsRequireAuth: false,
};

export const asEditor = { authorization: `Bearer ${EDITOR_KEY}` };
export const asReader = { authorization: `Bearer ${READER_KEY}` };

type Json = Record<string, unknown>;

/** A knowledge file of tests/fixtures/articles as the ingestDocument input: its one document with its text inline. */
export function articleInput(name: string): { input: Json; text: string } {
  const data = parse(readFileSync(path.join(ARTICLES_DIR, `${name}.yaml`), 'utf8')) as Json & { documents: Json[] };
  const [doc] = data.documents as (Json & { textFile: string })[];
  const text = readFileSync(path.join(ARTICLES_DIR, doc!.textFile), 'utf8');
  const { textFile: _textFile, ...document } = doc!;
  const upper = (records: unknown, key: string) =>
    ((records as Json[] | undefined) ?? []).map((r) =>
      typeof r[key] === 'string' ? { ...r, [key]: (r[key] as string).toUpperCase() } : r,
    );
  return {
    input: {
      document: { ...document, text },
      entities: data.entities ?? [],
      events: upper(data.events, 'modality'),
      facts: data.facts ?? [],
      claims: upper(data.claims, 'modality'),
      disputes: upper(data.disputes, 'kind'),
    },
    text,
  };
}

/** Removes everything the tests' actors wrote, so the seed is as it was for other test files. */
export async function removeTestWrites(db: GraphDatabase): Promise<void> {
  const [removed] = await db.write<{ supported: string[] }>(
    `MATCH (n:Node) WHERE n.createdBy IN $actors
     WITH collect(n) AS nodes, collect(n.id) AS ids
     WITH nodes, ids, COLLECT { UNWIND nodes AS c MATCH (c:Claim)-[:SUPPORTS]->(x) WHERE NOT x.id IN ids RETURN DISTINCT x.id } AS supported
     CALL (ids) { MATCH ()-[r]->() WHERE r.factId IN ids DELETE r }
     FOREACH (n IN nodes | DETACH DELETE n)
     RETURN supported`,
    { actors: TEST_ACTORS },
  );
  // What the removed claims supported and stays has its count of live claims as before them.
  await db.writeTransaction((tx) => recountLiveClaims(tx, removed?.supported ?? []));
  await db.write(
    `CALL () { MATCH (c:Change) WHERE c.actor IN $actors DETACH DELETE c }
     CALL () { MATCH (r:Redirect) WHERE r.mergedBy IN $actors DETACH DELETE r }
     CALL () { MATCH (l:WriteLock) DELETE l }`,
    { actors: TEST_ACTORS },
  );
}

/**
 * The API with the tests' credentials over the run's database, for a test file that writes: started
 * before its tests; afterwards what they wrote is removed and the graph must be exactly as it was.
 */
export function useWriteApi(): { db: GraphDatabase; api: TestApi } {
  const db = testDatabase();
  const api = new TestApi(db, { auth: TEST_AUTH });
  let before: Awaited<ReturnType<typeof fingerprint>>;
  beforeAll(async () => {
    before = await fingerprint(db);
    await api.start();
  });
  afterAll(async () => {
    try {
      await removeTestWrites(db);
      expect(await fingerprint(db)).toEqual(before);
    } finally {
      await api.stop();
      await db.close();
    }
  });
  return { db, api };
}
