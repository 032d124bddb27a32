import { bulkLoadKnowledge } from '../../src/ingest/bulk-load';
import { loadKnowledgeSources } from '../../src/ingest/load';
import { idsOf, parsedCorpus, removeCorpus } from '../helpers/corpus';
import { fingerprint, testDatabase } from '../helpers/database';

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
  const corpus = () => parsedCorpus(1200, 5);
  let ids: string[];
  let loaded: Awaited<ReturnType<typeof fingerprint>>;

  beforeAll(async () => {
    ids = idsOf(corpus());
    const [clash] = await db.read<{ n: number }>('MATCH (n:Node) WHERE n.id IN $ids RETURN count(n) AS n', { ids });
    expect(clash!.n).toBe(0);
    await loadKnowledgeSources(db, corpus());
    loaded = await fingerprint(db, { ids, withoutCreatedAt: true });
    await removeCorpus(db, ids);
  });
  afterEach(() => removeCorpus(db, ids));
  afterAll(() => db.close());

  it('into a graph without the corpus, gives the graph the loader gives', async () => {
    const summary = await bulkLoadKnowledge(db, corpus(), options);
    expect(summary.claims).toBe(1200);
    const bulk = await fingerprint(db, { ids, withoutCreatedAt: true });
    expect(bulk.nodes.length).toBe(ids.length);
    expect(bulk.nodes).toEqual(loaded.nodes);
    expect(bulk.relationships).toEqual(loaded.relationships);
  });

  it('loaded again, changes nothing', async () => {
    await bulkLoadKnowledge(db, corpus(), options);
    const first = await fingerprint(db, { ids, withoutCreatedAt: true });
    await bulkLoadKnowledge(db, corpus(), options);
    const second = await fingerprint(db, { ids, withoutCreatedAt: true });
    expect(second).toEqual(first);
    expect(second.relationships).toEqual(loaded.relationships);
  });

  it('into a graph holding part of the corpus (an interrupted load), completes it to the same graph', async () => {
    await loadKnowledgeSources(db, corpus());
    // Take out every third claim and event, and some documents, facts and places, with their relationships.
    const some = ids.filter((id, i) => /^(claim|event|doc|fact|place|dispute):/.test(id) && i % 3 === 0);
    await db.write('MATCH (n:Node) WHERE n.id IN $some DETACH DELETE n', { some });
    await db.write('MATCH (f:Fact)-[r:REPORTED_BY]->() WHERE f.id IN $ids WITH r LIMIT 50 DELETE r', { ids });
    await bulkLoadKnowledge(db, corpus(), options);
    const completed = await fingerprint(db, { ids, withoutCreatedAt: true });
    expect(completed.nodes).toEqual(loaded.nodes);
    expect(completed.relationships).toEqual(loaded.relationships);
  });
});
