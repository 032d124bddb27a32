import { generateCorpus, type GeneratedCorpus } from '../../bench/corpus-generator';
import { bulkLoadKnowledge } from '../../src/ingest/bulk-load';
import { KnowledgeFile } from '../../src/ingest/knowledge-schema';
import { loadKnowledgeSources } from '../../src/ingest/load';
import { corpusFingerprint, idsOf, removeCorpus } from '../helpers/corpus';
import { testDatabase } from '../helpers/database';

/**
 * The bulk loader gives the same graph as the loader: every node (labels, properties) and every
 * relationship (type, ends, properties) of a generated corpus, loaded into the test database beside
 * the seed and removed again after each case. createdAt differs (it is the time of writing) and is
 * left out of the comparison.
 */

describe('bulk load', () => {
  const db = testDatabase();
  // Small batches, so that every kind of record and relationship spans several transactions.
  const options = { batchSize: 97 };
  // Through the input schema first, as files are read, so that both loaders get the same records.
  const corpus = (): GeneratedCorpus => {
    const generated = generateCorpus({ claims: 1200, seed: 5 });
    return { ...generated, sources: generated.sources.map((s) => ({ ...s, data: KnowledgeFile.parse(s.data) })) };
  };
  let ids: string[];
  let loaded: Awaited<ReturnType<typeof corpusFingerprint>>;

  beforeAll(async () => {
    ids = idsOf(corpus().sources);
    const [clash] = await db.read<{ n: number }>('MATCH (n:Node) WHERE n.id IN $ids RETURN count(n) AS n', { ids });
    expect(clash!.n).toBe(0);
    await loadKnowledgeSources(db, corpus().sources);
    loaded = await corpusFingerprint(db, ids);
    await removeCorpus(db, ids);
  });
  afterEach(() => removeCorpus(db, ids));
  afterAll(() => db.close());

  it('into a graph without the corpus, gives the graph the loader gives', async () => {
    const summary = await bulkLoadKnowledge(db, corpus().sources, options);
    expect(summary.claims).toBe(1200);
    const bulk = await corpusFingerprint(db, ids);
    expect(bulk.nodes.length).toBe(ids.length);
    expect(bulk.nodes).toEqual(loaded.nodes);
    expect(bulk.relationships).toEqual(loaded.relationships);
  });

  it('loaded again, changes nothing', async () => {
    await bulkLoadKnowledge(db, corpus().sources, options);
    const first = await corpusFingerprint(db, ids);
    await bulkLoadKnowledge(db, corpus().sources, options);
    const second = await corpusFingerprint(db, ids);
    expect(second).toEqual(first);
    expect(second.relationships).toEqual(loaded.relationships);
  });

  it('into a graph holding part of the corpus (an interrupted load), completes it to the same graph', async () => {
    await loadKnowledgeSources(db, corpus().sources);
    // Take out every third claim and event, and some documents, facts and places, with their relationships.
    const some = ids.filter((id, i) => /^(claim|event|doc|fact|place|dispute):/.test(id) && i % 3 === 0);
    await db.write('MATCH (n:Node) WHERE n.id IN $some DETACH DELETE n', { some });
    await db.write('MATCH (f:Fact)-[r:REPORTED_BY]->() WHERE f.id IN $ids WITH r LIMIT 50 DELETE r', { ids });
    await bulkLoadKnowledge(db, corpus().sources, options);
    const completed = await corpusFingerprint(db, ids);
    expect(completed.nodes).toEqual(loaded.nodes);
    expect(completed.relationships).toEqual(loaded.relationships);
  });
});
