import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDriver } from '../../src/db/connect';
import { GraphDatabase } from '../../src/db/graph-database';
import { LocalNeo4j, LocalNeo4jError } from '../../src/db/local-neo4j';
import { TraversalRepository } from '../../src/graph/traversal-repository';
import { knowledgeFiles } from '../../src/ingest/knowledge-files';
import { loadKnowledgeSources, SEED_DIR } from '../../src/ingest/load';
import { EMPTY_LIST_MARK, prepareGraph } from '../../src/db/graph-schema';
import { importKnowledge, OfflineImportError } from '../../src/ingest/offline-import';
import { KnowledgeValidationError, readKnowledgeFiles, type KnowledgeSource } from '../../src/ingest/validate';
import { LOCATING_FACT_TYPES } from '../../src/ingest/knowledge-schema';
import { idsOf, parsedCorpus, removeCorpus } from '../helpers/corpus';
import { fingerprint, graphCounts, liveClaimCountsAstray, placedWithinAstray, testDatabase } from '../helpers/database';

/**
 * The offline import (CSV files and neo4j-admin's importer into a new store) gives the graph the
 * loader gives: the seed and a generated corpus imported into a private local Neo4j are compared,
 * node by node and relationship by relationship, with the same input written by the loader into the
 * test database (the seed is there already; the corpus is loaded beside it and removed after).
 */
describe('offline import', () => {
  const testDb = testDatabase();
  const homes: string[] = [];
  const newHome = async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-offline-import-'));
    homes.push(home);
    return home;
  };
  let seed: KnowledgeSource[];
  const corpus = () => parsedCorpus(1200, 7);

  beforeAll(async () => {
    seed = (await readKnowledgeFiles(await knowledgeFiles([SEED_DIR]))).sources;
  });

  afterAll(async () => {
    await testDb.close();
    for (const home of homes) await rm(home, { recursive: true, force: true });
  });

  describe('of the seed and a generated corpus', () => {
    let home: string;
    let server: LocalNeo4j;
    let imported: GraphDatabase;
    let summary: Awaited<ReturnType<typeof importKnowledge>>;
    let corpusIds: string[];
    let ids: string[];
    let uncounted: { facts: number; events: number; unplaced: number } | undefined;

    beforeAll(async () => {
      corpusIds = idsOf(corpus());
      ids = [...idsOf(seed), ...corpusIds];
      home = await newHome();
      summary = await importKnowledge([...seed, ...corpus()], { home, heap: '512m' });
      server = await LocalNeo4j.start({ home, port: 0, heap: '512m', pageCacheMb: 32 });
      imported = new GraphDatabase(createDriver(server.uri, { user: 'neo4j' }));
      // Before prepareGraph, which would count what the import left uncounted.
      [uncounted] = await imported.read<{ facts: number; events: number; unplaced: number }>(
        `RETURN COUNT { (f:Fact) WHERE f.liveClaims IS NULL OR (f.type IN $locating AND f.placingClaims IS NULL) } AS facts,
                COUNT { (e:Event) WHERE e.liveClaims IS NULL OR e.placingClaims IS NULL } AS events,
                COUNT { (e:Event) WHERE e.placedWithin IS NULL AND NOT $emptyList IN labels(e) } AS unplaced`,
        { locating: LOCATING_FACT_TYPES, emptyList: `${EMPTY_LIST_MARK}placedWithin` },
      );
      await prepareGraph(imported);
    }, 240_000);

    afterAll(async () => {
      await imported.close();
      await server.stop();
    });

    it('gives every node and relationship the loader gives, and nothing else', async () => {
      await loadKnowledgeSources(testDb, corpus());
      try {
        const loaded = await fingerprint(testDb, { ids, withoutCreatedAt: true });
        const offline = await fingerprint(imported, { ids, withoutCreatedAt: true });
        expect(offline.nodes.length).toBe(ids.length);
        expect(offline.nodes).toEqual(loaded.nodes);
        expect(offline.relationships).toEqual(loaded.relationships);
      } finally {
        await removeCorpus(testDb, corpusIds);
      }
      expect(await graphCounts(imported)).toEqual({ nodes: summary.nodes, relationships: summary.relationships });
      expect(summary.nodes).toBe(ids.length);
      expect(summary.claims).toBe(203 + 1200);
    });

    it('writes the count of live claims of every fact and event, and the places of every event, itself, as the loader does', async () => {
      expect(uncounted).toEqual({ facts: 0, events: 0, unplaced: 0 });
      expect(await liveClaimCountsAstray(imported)).toEqual([]);
      expect(await placedWithinAstray(imported)).toEqual([]);
    });

    it('ends with the graph schema: the same constraints and indexes as the test database, online', async () => {
      const schema = (db: GraphDatabase) =>
        db.read<{ name: string; state: string }>('SHOW INDEXES YIELD name, state RETURN name, state ORDER BY name');
      const names = (await schema(testDb)).map((i) => i.name);
      const offline = await schema(imported);
      expect(offline.map((i) => i.name)).toEqual(names);
      expect(offline.every((i) => i.state === 'ONLINE')).toBe(true);
      // The full-text index answers from the imported texts and aliases.
      const [hit] = await imported.read<{ id: string }>(
        "CALL db.index.fulltext.queryNodes('entity_search', 'Yangkang') YIELD node RETURN node.id AS id LIMIT 1",
      );
      expect(hit?.id).toBe('place:ryanggang');
    });

    it('gives the same store order on every import of the same input: a capped hub shows the same neighbours', async () => {
      const again = await newHome();
      await importKnowledge([...seed, ...corpus()], { home: again, heap: '512m' });
      const second = await LocalNeo4j.start({ home: again, port: 0, heap: '512m', pageCacheMb: 32 });
      const secondDb = new GraphDatabase(createDriver(second.uri, { user: 'neo4j' }));
      try {
        // Until a start prepares the store, an import left where it ends is marked as unfinished;
        // every entry point runs prepareGraph, which completes it.
        const unfinished = () =>
          secondDb.read<{ label: string }>('CALL db.labels() YIELD label WHERE label STARTS WITH $mark RETURN label', {
            mark: EMPTY_LIST_MARK,
          });
        expect((await unfinished()).length).toBeGreaterThan(0);
        await prepareGraph(secondDb);
        expect(await unfinished()).toEqual([]);
        const groups = corpus()
          .flatMap((s) => s.data.entities)
          .filter((e) => e.kind === 'PeopleGroup')
          .slice(0, 4)
          .map((e) => e.id);
        let capped = 0;
        for (const id of groups) {
          const ask = { id, depth: 2, perNode: 2 };
          const first = await new TraversalRepository(imported).neighborhood(ask);
          expect(await new TraversalRepository(secondDb).neighborhood(ask)).toEqual(first);
          if (first.truncatedAt.length > 0) capped += 1;
        }
        // The cap cut somewhere, so the store's order chose which neighbours were shown.
        expect(capped).toBeGreaterThan(0);
      } finally {
        await secondDb.close();
        await second.stop();
      }
    }, 180_000);

    it('refuses a store that exists, and leaves it as it was', async () => {
      const refusal = await importKnowledge(seed, { home }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(OfflineImportError);
      expect((refusal as Error).message).toMatch(/already holds a database/);
      const [after] = await imported.read<{ nodes: number }>('MATCH (n) RETURN count(n) AS nodes');
      expect(after!.nodes).toBe(summary.nodes);
    });
  });

  it('refuses input with problems, names each, and creates no store', async () => {
    const home = await newHome();
    const [first, ...rest] = seed;
    const claim = first!.data.claims[0]!;
    const broken: KnowledgeSource = {
      ...first!,
      data: { ...first!.data, claims: [{ ...claim, quote: 'words that no article holds' }, ...first!.data.claims.slice(1)] },
    };
    const failure = await importKnowledge([broken, ...rest], { home }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KnowledgeValidationError);
    const problems = (failure as KnowledgeValidationError).problems;
    expect(problems).toEqual([expect.objectContaining({ file: first!.file, record: claim.id, field: 'quote' })]);
    expect(existsSync(path.join(home, 'data'))).toBe(false);
  });

  it('refuses input referring to ids it does not declare: the store starts empty', async () => {
    const home = await newHome();
    // Every file but the one declaring the countries and places, which the others refer to.
    const withoutGazetteer = seed.filter((s) => !s.data.entities.some((e) => e.id === 'place:ryanggang'));
    expect(withoutGazetteer.length).toBe(seed.length - 1);
    const failure = await importKnowledge(withoutGazetteer, { home }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KnowledgeValidationError);
    expect((failure as KnowledgeValidationError).problems.some((p) => /place:ryanggang/.test(p.message))).toBe(true);
    expect(existsSync(path.join(home, 'data'))).toBe(false);
  });

  it('reports a failure of the importer, and leaves neither a store nor import files behind', async () => {
    const home = await newHome();
    // A JVM that cannot start: the importer's failure as any other would come back.
    const failure = await importKnowledge(seed, { home, heap: 'lots' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LocalNeo4jError);
    expect((failure as Error).message).toMatch(/neo4j-admin database import full failed \(exit \d+\)/);
    expect(existsSync(path.join(home, 'data', 'databases', 'neo4j'))).toBe(false);
    expect(existsSync(path.join(home, 'import'))).toBe(false);
  });
});
