import { DashboardRepository } from '../../src/graph/dashboard-repository';
import { TimelineRepository } from '../../src/graph/timeline-repository';
import { bulkLoadKnowledge } from '../../src/ingest/bulk-load';
import { LOCATING_FACT_TYPES } from '../../src/ingest/knowledge-schema';
import { idsOf, parsedCorpus, removeCorpus } from '../helpers/corpus';
import { testDatabase } from '../helpers/database';

/**
 * Events filtered by a country and dates. The search starts from the country's places or from the
 * dates, whichever it expects to give fewer events; whichever it takes, the answer must be the plain
 * definition's, read here with one naive query. A generated corpus gives a country holding half the
 * places, small ones, and dates over 25 years, so that both starts are taken.
 */
describe('events by country and dates', () => {
  const db = testDatabase();
  const dashboard = new DashboardRepository(db);
  const timeline = new TimelineRepository(db);
  let ids: string[];
  let countries: string[];

  beforeAll(async () => {
    const corpus = parsedCorpus(3000, 5);
    ids = idsOf(corpus);
    await bulkLoadKnowledge(db, corpus);
    const rows = await db.read<{ id: string }>(
      `MATCH (c:Country) WHERE c.id IN $ids RETURN c.id AS id ORDER BY COUNT { (c)<-[:LOCATED_IN*0..8]-() } DESC LIMIT 4`,
      { ids },
    );
    countries = [...rows.map((r) => r.id), 'country:china'];
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
  ];

  /** Events by type as the definition gives them: live, within the dates, with a place in the country. */
  async function expected(country: string, window: { from?: string; to?: string }) {
    return db.read<{ key: string; count: number }>(
      `MATCH (e:Event)
       WHERE ($from IS NULL OR e.dateTo >= date($from)) AND ($to IS NULL OR e.dateFrom <= date($to))
         AND EXISTS { (c:Claim)-[:SUPPORTS]->(e) WHERE coalesce(c.retracted, false) = false }
         AND (EXISTS { (e)-[:OCCURRED_IN]->()-[:LOCATED_IN*0..8]->(:Country {id: $country}) }
              OR EXISTS {
                MATCH (e)<-[:SUPPORTS]-(c:Claim)-[:SUPPORTS]->(f:Fact)-[:TO]->(p)
                WHERE f.type IN $locating AND coalesce(c.retracted, false) = false
                  AND EXISTS { (e)<-[:PARTICIPATED_IN]-()<-[:FROM]-(f) }
                  AND EXISTS { (p)-[:LOCATED_IN*0..8]->(:Country {id: $country}) }
              })
       RETURN e.type AS key, count(*) AS count ORDER BY key`,
      {
        country,
        locating: LOCATING_FACT_TYPES,
        from: window.from === undefined ? null : `${window.from}-01-01`,
        to: window.to === undefined ? null : `${window.to}-12-31`,
      },
    );
  }

  /** Whether the country's share of the places promises fewer events than the dates give (the search's own estimate). */
  async function startsFromCountry(country: string, window: { from?: string; to?: string }): Promise<boolean> {
    const [row] = await db.read<{ countryEvents: number; datedEvents: number }>(
      `MATCH (c:Country {id: $country})
       RETURN COUNT { (:Event) } * COUNT { (c)<-[:LOCATED_IN*0..8]-() } / (COUNT { (:Place) } + COUNT { (:Country) }) AS countryEvents,
              COUNT { (e:Event) WHERE CASE WHEN $from IS NULL THEN e.dateFrom <= date($to) ELSE e.dateTo >= date($from) END } AS datedEvents`,
      {
        country,
        from: window.from === undefined ? null : `${window.from}-01-01`,
        to: window.to === undefined ? null : `${window.to}-12-31`,
      },
    );
    return row!.countryEvents < row!.datedEvents;
  }

  it('counts by type what the definition gives, for big and small countries, old and recent dates', async () => {
    const starts = new Set<boolean>();
    let nonEmpty = 0;
    for (const country of countries) {
      for (const window of WINDOWS) {
        const want = await expected(country, window);
        const got = await dashboard.eventCounts('TYPE', { country, ...window }, { claimIds: false });
        expect({
          country,
          window,
          counts: got.map((b) => ({ key: b.key, count: b.count })).sort((a, b) => a.key!.localeCompare(b.key!)),
        }).toEqual({ country, window, counts: want });
        const page = await timeline.timeline({ country, ...window }, 0, 5);
        expect(page.totalCount).toBe(want.reduce((n, b) => n + b.count, 0));
        starts.add(await startsFromCountry(country, window));
        if (want.length > 0) nonEmpty++;
      }
    }
    // Both starts were taken, and the answers were not all empty.
    expect([...starts].sort()).toEqual([false, true]);
    expect(nonEmpty).toBeGreaterThan(countries.length);
  });
});
