import { DashboardRepository } from '../../src/graph/dashboard-repository';
import { TimelineRepository } from '../../src/graph/timeline-repository';
import { bulkLoadKnowledge } from '../../src/ingest/bulk-load';
import { LOCATING_FACT_TYPES } from '../../src/ingest/knowledge-schema';
import { idsOf, parsedCorpus, removeCorpus } from '../helpers/corpus';
import { testDatabase } from '../helpers/database';

/**
 * Events filtered by a country or a place, and dates. The search reads them from the places the
 * writer keeps on each event (the WITHIN relationships and their index); the answer must be the plain
 * definition's, read here with one naive query that walks the graph: where the event occurred, and
 * where a live claim's locating fact puts a participant. A generated corpus gives a country holding
 * half the places, small ones, provinces, and dates over 25 years.
 */
describe('events by country or place and dates', () => {
  const db = testDatabase();
  const dashboard = new DashboardRepository(db);
  const timeline = new TimelineRepository(db);
  let ids: string[];
  let areas: string[];

  beforeAll(async () => {
    const corpus = parsedCorpus(3000, 5);
    ids = idsOf(corpus);
    await bulkLoadKnowledge(db, corpus);
    const rows = await db.read<{ id: string }>(
      `CALL () { MATCH (c:Country) WHERE c.id IN $ids RETURN c ORDER BY COUNT { (c)<-[:LOCATED_IN*0..8]-() } DESC LIMIT 4 }
       RETURN c.id AS id
       UNION ALL
       CALL () { MATCH (p:Place {placeType: 'province'}) WHERE p.id IN $ids RETURN p ORDER BY COUNT { (p)<-[:LOCATED_IN*0..8]-() } DESC LIMIT 2 }
       RETURN p.id AS id`,
      { ids },
    );
    areas = [...rows.map((r) => r.id), 'country:china', 'place:jilin'];
  });
  afterAll(async () => {
    await removeCorpus(db, ids);
    await db.close();
  });

  const WINDOWS: { from?: string; to?: string }[] = [
    { from: '2000', to: '2002' },
    { from: '2010', to: '2012' },
    { from: '2019', to: '2021' },
    { from: '2022' },
    { to: '2003' },
    {},
  ];

  /** Events by type as the definition gives them: live, within the dates, with a place in the country or place `area`. */
  async function expected(area: string, window: { from?: string; to?: string }) {
    return db.read<{ key: string; count: number }>(
      `MATCH (e:Event)
       WHERE ($from IS NULL OR e.dateTo >= date($from)) AND ($to IS NULL OR e.dateFrom <= date($to))
         AND EXISTS { (c:Claim)-[:SUPPORTS]->(e) WHERE coalesce(c.retracted, false) = false }
         AND (EXISTS { (e)-[:OCCURRED_IN]->()-[:LOCATED_IN*0..8]->(:Node {id: $area}) }
              OR EXISTS {
                MATCH (e)<-[:SUPPORTS]-(c:Claim)-[:SUPPORTS]->(f:Fact)-[:TO]->(p)
                WHERE f.type IN $locating AND coalesce(c.retracted, false) = false
                  AND EXISTS { (e)<-[:PARTICIPATED_IN]-()<-[:FROM]-(f) }
                  AND EXISTS { (p)-[:LOCATED_IN*0..8]->(:Node {id: $area}) }
              })
       RETURN e.type AS key, count(*) AS count ORDER BY key`,
      {
        area,
        locating: LOCATING_FACT_TYPES,
        from: window.from === undefined ? null : `${window.from}-01-01`,
        to: window.to === undefined ? null : `${window.to}-12-31`,
      },
    );
  }

  it('counts by type what the definition gives, for big and small countries and provinces, old and recent dates', async () => {
    let nonEmpty = 0;
    for (const area of areas) {
      const filter = area.startsWith('country:') ? { country: area } : { place: area };
      for (const window of WINDOWS) {
        const want = await expected(area, window);
        const got = await dashboard.eventCounts('TYPE', { ...filter, ...window }, { claimIds: false });
        expect({
          area,
          window,
          counts: got.map((b) => ({ key: b.key, count: b.count })).sort((a, b) => a.key!.localeCompare(b.key!)),
        }).toEqual({ area, window, counts: want });
        const page = await timeline.timeline({ ...filter, ...window }, 0, 5);
        expect(page.totalCount).toBe(want.reduce((n, b) => n + b.count, 0));
        if (want.length > 0) nonEmpty++;
      }
    }
    // The answers were not all empty.
    expect(nonEmpty).toBeGreaterThan(areas.length * 2);
  });

  it('finds events that only a locating fact places in the area', async () => {
    // Events of the corpus placed somewhere they did not occur: the definition's second half is exercised.
    const [row] = await db.read<{ placed: number }>(
      `RETURN COUNT {
         MATCH (e:Event)-[:WITHIN]->(x) WHERE e.id IN $ids AND NOT EXISTS { (e)-[:OCCURRED_IN]->()-[:LOCATED_IN*0..8]->(x) }
       } AS placed`,
      { ids },
    );
    expect(row!.placed).toBeGreaterThan(0);
  });
});
