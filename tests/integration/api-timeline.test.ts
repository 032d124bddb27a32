import { useTestApi } from '../helpers/api';
import { claimsPerOutlet, readSeed, tally } from '../helpers/seed';

/**
 * Timeline, dashboards and search over HTTP, against the seed as loaded. Expected values were read
 * in the articles (seed/documents) and the seed YAML; each operation is asserted to be one Cypher query.
 */
describe('the timeline, dashboard and search API', () => {
  const { api } = useTestApi();

  /** Runs an operation and counts the Cypher queries it made. */
  async function run<T>(query: string, variables: Record<string, unknown> = {}) {
    return api.counted<T>(query, variables);
  }

  async function errorOf(query: string, variables: Record<string, unknown> = {}) {
    const result = await api.graphql(query, variables);
    expect(result.errors).toHaveLength(1);
    return { code: result.errors![0]!.extensions?.code, message: result.errors![0]!.message };
  }

  describe('timeline (Q5)', () => {
    interface Entry {
      id: string;
      type: string;
      date: string | null;
      datePrecision: string;
      dateFrom: string | null;
      dateTo: string | null;
      dateText: string | null;
      modality: string;
      count: number | null;
      measure: string | null;
      place: { id: string; name: string; country: { id: string; name: string } | null } | null;
      places: { id: string }[];
      participants: { role: string; id: string; name: string; kind: string }[];
      claimCount: number;
      claimIds: string[];
      outlets: { id: string; name: string }[];
      disputed: boolean;
      disputeIds: string[];
    }
    type Timeline = {
      timeline: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Entry }[] };
    };
    const TIMELINE = `query ($filter: TimelineFilter, $first: Int, $after: String) {
      timeline(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node {
          id type label date datePrecision dateFrom dateTo dateText modality count measure
          place { id name kind country { id name } }
          places { id name }
          participants { role id name kind }
          claimCount claimIds outlets { id name } disputed disputeIds
        } }
      }
    }`;
    const DETENTIONS = ['detention', 'arrest', 'repatriation'];

    async function timeline(filter: Record<string, unknown>, first = 100) {
      const result = await run<Timeline>(TIMELINE, { filter, first });
      expect(result.errors).toBeUndefined();
      expect(result.roundTrips).toBe(1);
      return result.data!.timeline;
    }
    const ids = async (filter: Record<string, unknown>) => (await timeline(filter)).edges.map((e) => e.node.id);

    it('lists detentions, arrests and repatriations in date order, undated last, in one query', async () => {
      const page = await timeline({ types: DETENTIONS });
      const events = page.edges.map((e) => e.node);
      expect(page.totalCount).toBe(10);
      expect(events.map((e) => e.id).slice(0, 4)).toEqual([
        'event:eleven-yanji-tumen-repatriated', // 2014-07
        'event:twenty-repatriated', // 2014-08
        'event:eleven-detained', // 2014-08-12
        'event:seven-detained-in-liaoning', // 2019-03 to 2019-04-30
      ]);
      expect(events.slice(4).every((e) => e.date === null)).toBe(true);
      expect(events.slice(4).map((e) => e.id)).toEqual(expect.arrayContaining(['event:twenty-arrested', 'event:eleven-repatriation']));
    });

    it('carries everything an entry shows: the detention of the 11 at the Laos–China border on 12 August 2014', async () => {
      const { edges } = await timeline({ types: ['detention'], country: 'country:china', from: '2014-08', to: '2014-08' });
      expect(edges).toHaveLength(1);
      const detention = edges[0]!.node;
      expect(detention).toMatchObject({
        id: 'event:eleven-detained',
        type: 'detention',
        date: '2014-08-12',
        datePrecision: 'day',
        dateFrom: '2014-08-12',
        dateTo: '2014-08-12',
        modality: 'REPORTED',
        place: { id: 'place:laos-china-border', name: 'Laos–China border', country: { id: 'country:china', name: 'China' } },
        claimCount: 13,
        outlets: [
          { id: 'org:daily-nk', name: 'Daily NK' },
          { id: 'org:sky-news', name: 'Sky News' },
        ],
        disputed: true,
      });
      expect(detention.claimIds).toHaveLength(13);
      expect(detention.claimIds).toContain('claim:sky-detained-crossing-on-foot-august-12');
      expect(detention.disputeIds).toEqual(['dispute:eleven-detention-circumstances', 'dispute:eleven-detention-manner']);
      expect(detention.participants).toEqual([
        { role: 'detainee', id: 'group:eleven-laos-border', name: 'the 11 detained near the Laos–China border', kind: 'PeopleGroup' },
        { role: 'detaining_state', id: 'country:china', name: 'China', kind: 'Country' },
      ]);
    });

    it('treats a month-precision date as the whole month: the repatriation of the 20 "at the beginning of August" 2014', async () => {
      const { edges } = await timeline({ from: '2014-08-13', to: '2014-08-20' });
      expect(edges.map((e) => e.node.id)).toEqual(['event:twenty-repatriated']);
      expect(edges[0]!.node).toMatchObject({
        date: '2014-08',
        datePrecision: 'month',
        dateFrom: '2014-08-01',
        dateTo: '2014-08-31',
        dateText: 'at the beginning of August',
      });
      // 31 July 2014 lies in the three events dated July 2014; of those starting on the same day the
      // shorter comes first, so the escape (end of July to 12 August) comes last
      const lastOfJuly = await ids({ from: '2014-07-31', to: '2014-07-31' });
      expect(lastOfJuly).toEqual(['event:eleven-depart-ryanggang', 'event:eleven-yanji-tumen-repatriated', 'event:eleven-escape']);
    });

    it('filters by type and date range: repatriations in July–August 2014', async () => {
      expect(await ids({ types: ['repatriation'], from: '2014-07-01', to: '2014-08-31' })).toEqual([
        'event:eleven-yanji-tumen-repatriated',
        'event:twenty-repatriated',
      ]);
      expect(await ids({ types: ['repatriation'], from: '2014', to: '2014' })).toEqual([
        'event:eleven-yanji-tumen-repatriated',
        'event:twenty-repatriated',
      ]);
    });

    it('filters by year: 2019 holds the flight and detention of the seven and the protest in Seoul', async () => {
      expect(await ids({ from: '2019', to: '2019' })).toEqual([
        'event:seven-fled-north-korea',
        'event:seven-detained-in-liaoning',
        'event:protest-chinese-embassy-seoul-2019-04-30',
      ]);
    });

    it('filters by country: China, including events placed in its provinces and towns', async () => {
      const inChina = await ids({ types: DETENTIONS, country: 'country:china' });
      expect([...inChina].sort()).toEqual(
        [
          'event:eleven-detained',
          'event:seven-detained-in-liaoning',
          'event:twenty-arrested',
          'event:eleven-yanji-tumen-arrested',
          'event:voa002-three-arrested-yunnan',
          'event:nine-repatriated-to-north-korea',
          'event:twenty-repatriated',
          'event:eleven-yanji-tumen-repatriated',
          'event:eleven-repatriation',
        ].sort(),
      );
      expect(await ids({ types: DETENTIONS, place: 'country:china' })).toEqual(inChina);
      expect(await ids({ country: 'country:south-korea', types: ['protest'] })).toEqual([
        'event:protest-chinese-embassy-seoul-2019-04-30',
        'event:voa000-file-rally-chinese-embassy-seoul',
      ]);
    });

    it.each([
      ['place:yunnan', ['event:eleven-detained', 'event:twenty-arrested', 'event:voa002-three-arrested-yunnan']],
      ['place:shandong', ['event:twenty-arrested']],
      ['place:jilin', ['event:eleven-yanji-tumen-arrested']],
      ['place:tumen', ['event:eleven-yanji-tumen-arrested']],
      ['place:liaoning', ['event:seven-detained-in-liaoning']],
    ])('filters by province or town: %s', async (place, expected) => {
      expect((await ids({ types: DETENTIONS, place })).sort()).toEqual([...expected].sort());
    });

    it('places the arrest of the 20 in Shandong and Yunnan through its ARRESTED_IN facts, though its own place is China', async () => {
      const { edges } = await timeline({ types: ['arrest'], place: 'place:shandong' });
      const arrest = edges[0]!.node;
      expect(arrest.place!.id).toBe('country:china');
      expect(arrest.places.map((p) => p.id).sort()).toEqual(['country:china', 'place:shandong', 'place:yunnan']);
      expect(arrest).toMatchObject({ count: 26, measure: 'people arrested (20 defectors and 6 helpers)', dateText: 'last week' });
    });

    it('filters by participant and modality: what the sources expect for the group of 11', async () => {
      expect(await ids({ participant: 'group:eleven-laos-border', modalities: ['EXPECTED'] })).toEqual([
        'event:eleven-punishment-if-repatriated',
        'event:eleven-repatriation',
      ]);
      expect(await ids({ modalities: ['ALLEGED'], types: ['repatriation'] })).toEqual(['event:nine-repatriated-to-north-korea']);
    });

    it('pages with cursors, each page one query', async () => {
      const all = await ids({ types: DETENTIONS });
      const first = await timeline({ types: DETENTIONS }, 4);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const rest = await run<Timeline>(TIMELINE, { filter: { types: DETENTIONS }, first: 100, after: first.pageInfo.endCursor });
      expect(rest.roundTrips).toBe(1);
      expect([...first.edges, ...rest.data!.timeline.edges].map((e) => e.node.id)).toEqual(all);
      expect(rest.data!.timeline.pageInfo.hasNextPage).toBe(false);
    });

    it('answers `events` as `timeline`', async () => {
      const filter = { types: DETENTIONS, country: 'country:china' };
      const events = await run<{ events: { totalCount: number; edges: { node: { id: string } }[] } }>(
        `query ($filter: TimelineFilter) { events(filter: $filter, first: 100) { totalCount edges { node { id } } } }`,
        { filter },
      );
      expect(events.roundTrips).toBe(1);
      expect(events.data!.events.edges.map((e) => e.node.id)).toEqual(await ids(filter));
    });

    it.each([
      ['from', '2014-13'],
      ['from', '14-08'],
      ['to', '2014-02-30'],
      ['to', 'last week'],
      ['from', '2014-8-1'],
    ])('refuses a bad date in %s ("%s") with BAD_USER_INPUT naming the argument', async (argument, value) => {
      const error = await errorOf(`query ($filter: TimelineFilter) { timeline(filter: $filter) { totalCount } }`, {
        filter: { [argument]: value },
      });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(`filter.${argument}`);
      expect(error.message).toContain('YYYY-MM-DD');
    });

    it('refuses a range that ends before it starts, an unknown event type and a page over 100', async () => {
      const range = await errorOf(`{ timeline(filter: { from: "2015", to: "2014-12" }) { totalCount } }`);
      expect(range).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('filter.from') });
      const type = await errorOf(`{ timeline(filter: { types: ["detentoin"] }) { totalCount } }`);
      expect(type).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/filter\.types.*detentoin.*detention/) });
      const first = await errorOf(`{ timeline(first: 101) { totalCount } }`);
      expect(first).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/first.*100/) });
    });

    it('answers an unknown place, country or participant with NOT_FOUND, and a province given as country with BAD_USER_INPUT', async () => {
      for (const field of ['place', 'country', 'participant']) {
        const error = await errorOf(`query ($filter: TimelineFilter) { timeline(filter: $filter) { totalCount } }`, {
          filter: { [field]: 'place:atlantis' },
        });
        expect(error).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining('place:atlantis') });
      }
      const error = await errorOf(`{ timeline(filter: { country: "place:yunnan" }) { totalCount } }`);
      expect(error).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('filter.country') });
    });
  });

  describe('dashboards (Q8)', () => {
    type Bucket = { key: string | null; label: string; count: number; eventIds: string[]; claimIds: string[] };
    async function eventCounts(by: string, filter?: Record<string, unknown>) {
      const result = await run<{ eventCounts: Bucket[] }>(
        `query ($by: EventCountGrouping!, $filter: TimelineFilter) { eventCounts(by: $by, filter: $filter) { key label count eventIds claimIds } }`,
        { by, filter },
      );
      expect(result.errors).toBeUndefined();
      expect(result.roundTrips).toBe(1);
      for (const bucket of result.data!.eventCounts) expect(bucket.eventIds).toHaveLength(bucket.count);
      return result.data!.eventCounts;
    }
    const bucket = (buckets: Bucket[], key: string | null) => buckets.find((b) => b.key === key)!;

    it('counts events by type, as many as the seed declares of each type', async () => {
      const buckets = await eventCounts('TYPE');
      const seedEvents = (await readSeed()).flatMap((f) => f.events);
      expect(Object.fromEntries(buckets.map((b) => [b.key, b.count]))).toEqual(tally(seedEvents.map((e) => e.type)));
      expect(bucket(buckets, 'detention').eventIds.sort()).toEqual(['event:eleven-detained', 'event:seven-detained-in-liaoning']);
      expect(bucket(buckets, 'detention').claimIds).toContain('claim:sky-detained-crossing-on-foot-august-12');
    });

    it('gives the same buckets to a dashboard that asks only for the counts', async () => {
      for (const by of ['TYPE', 'COUNTRY', 'YEAR']) {
        const full = await eventCounts(by);
        const counts = await run<{ eventCounts: Bucket[] }>(
          `query ($by: EventCountGrouping!) { eventCounts(by: $by) { key label count } }`,
          {
            by,
          },
        );
        expect(counts.errors).toBeUndefined();
        expect(counts.data!.eventCounts).toEqual(full.map(({ key, label, count }) => ({ key, label, count })));
      }
      // Through a fragment, the claim ids are asked for and given.
      const fragment = await run<{ eventCounts: Bucket[] }>(
        `query { eventCounts(by: TYPE) { ...ids } } fragment ids on EventCountBucket { key claimIds }`,
      );
      expect(fragment.data!.eventCounts.find((b) => b.key === 'detention')!.claimIds).toContain(
        'claim:sky-detained-crossing-on-foot-august-12',
      );
    });

    it('counts events by place, by country and by year, undated and unplaced last', async () => {
      const byPlace = await eventCounts('PLACE');
      expect(bucket(byPlace, 'place:seoul')).toMatchObject({ label: 'Seoul', count: 4 });
      expect(byPlace[byPlace.length - 1]).toMatchObject({ key: null, label: 'no place' });

      const byCountry = await eventCounts('COUNTRY');
      expect(bucket(byCountry, 'country:south-korea')).toMatchObject({ label: 'South Korea', count: 7 });
      expect(bucket(byCountry, 'country:china').eventIds).toEqual(
        expect.arrayContaining(['event:eleven-detained', 'event:twenty-arrested', 'event:seven-detained-in-liaoning']),
      );

      const byYear = await eventCounts('YEAR');
      expect(byYear.map((b) => b.key)).toEqual(['2009', '2014', '2016', '2018', '2019', null]);
      expect(bucket(byYear, '2019')).toMatchObject({ count: 3 });
      expect(bucket(byYear, '2009').eventIds).toEqual(['event:defections-to-south-korea-2009']);
      expect(bucket(byYear, null).label).toBe('undated');
    });

    it('takes the timeline filter: detentions, arrests and repatriations by year', async () => {
      const buckets = await eventCounts('YEAR', { types: ['detention', 'arrest', 'repatriation'] });
      expect(buckets.map((b) => [b.key, b.count])).toEqual([
        ['2014', 3],
        ['2019', 1],
        [null, 6],
      ]);
      expect(bucket(buckets, '2014').eventIds).toEqual([
        'event:eleven-yanji-tumen-repatriated',
        'event:twenty-repatriated',
        'event:eleven-detained',
      ]);
      expect(await eventCounts('COUNTRY', { place: 'place:yunnan', types: ['arrest'] })).toEqual([
        expect.objectContaining({
          key: 'country:china',
          count: 2,
          eventIds: ['event:twenty-arrested', 'event:voa002-three-arrested-yunnan'],
        }),
      ]);
    });

    it('counts people detained by country and year from the group sizes: 11 in China in 2014, 7 in China in 2019', async () => {
      type PeopleBucket = {
        country: { id: string } | null;
        year: number | null;
        people: number;
        groups: { id: string; size: number }[];
        eventIds: string[];
        claimIds: string[];
      };
      const result = await run<{ peopleDetained: PeopleBucket[] }>(
        `{ peopleDetained(by: COUNTRY_YEAR) { country { id name } year people groups { id name size } eventIds claimIds } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(result.roundTrips).toBe(1);
      const [in2014, in2019, undatedInChina] = result.data!.peopleDetained;
      expect(in2014).toMatchObject({
        country: { id: 'country:china' },
        year: 2014,
        people: 11,
        groups: [{ id: 'group:eleven-laos-border', size: 11 }],
        eventIds: ['event:eleven-detained'],
      });
      expect(in2014!.claimIds).toContain('claim:dnk-caught-by-chinese-border-guards');
      expect(in2019).toMatchObject({
        country: { id: 'country:china' },
        year: 2019,
        people: 7,
        groups: [{ id: 'group:seven-liaoning', size: 7 }],
        eventIds: ['event:seven-detained-in-liaoning'],
      });
      // undated: the 20 and their six helpers, the 11 caught in Yanji and Tumen, the three in Yunnan
      expect(undatedInChina).toMatchObject({ country: { id: 'country:china' }, year: null, people: 20 + 6 + 11 + 3 });
      expect(undatedInChina!.eventIds.sort()).toEqual(
        ['event:eleven-yanji-tumen-arrested', 'event:twenty-arrested', 'event:voa002-three-arrested-yunnan'].sort(),
      );
    });

    it('counts claims and documents per outlet, with their ids', async () => {
      const result = await run<{
        claimsPerOutlet: {
          outlet: { id: string; name: string };
          claims: number;
          documents: number;
          claimIds: string[];
          documentIds: string[];
        }[];
      }>(`{ claimsPerOutlet { outlet { id name } claims documents claimIds documentIds } }`);
      expect(result.roundTrips).toBe(1);
      const rows = result.data!.claimsPerOutlet;
      // Most claims first; the figures are those the seed files declare.
      const expected = claimsPerOutlet(await readSeed());
      expect(Object.fromEntries(rows.map((r) => [r.outlet.name, r.claims]))).toEqual(expected);
      expect(rows.map((r) => r.claims)).toEqual(Object.values(expected).sort((a, b) => b - a));
      expect(rows.map((r) => [r.outlet.name, r.documents])).toEqual(
        expect.arrayContaining([
          ['Voice of America', 3],
          ['Sky News', 1],
          ['China Digital Times', 1],
          ['Daily NK', 1],
        ]),
      );
      for (const r of rows) expect(r.claimIds).toHaveLength(r.claims);
      expect(rows[0]!.documentIds.sort()).toEqual(['doc:voa-activists-urge-china', 'doc:voa-laos-deports-nine', 'doc:voa-twenty-arrested']);
    });

    it('gives defections to South Korea per year, 2,914 in 2009 and 1,137 in 2018, per the Unification Ministry via VOA', async () => {
      const result = await run<{ statistics: Record<string, unknown>[] }>(
        `query ($measure: String) { statistics(measure: $measure) {
          id value measure date datePrecision place { id name }
          claims { id quote value outlet { name } source { id name } ownReporting document { id title publishedOn } }
        } }`,
        { measure: 'defected to south korea' },
      );
      expect(result.errors).toBeUndefined();
      expect(result.roundTrips).toBe(1);
      const via = {
        outlet: { name: 'Voice of America' },
        source: { id: 'org:unification-ministry', name: 'Unification Ministry' },
        ownReporting: false,
        document: {
          id: 'doc:voa-activists-urge-china',
          title: 'Activists Urge China to Not Repatriate N. Korean Defectors',
          publishedOn: '2019-04-30',
        },
      };
      expect(result.data!.statistics).toEqual([
        {
          id: 'event:defections-to-south-korea-2009',
          value: 2914,
          measure: 'North Koreans who defected to South Korea',
          date: '2009',
          datePrecision: 'year',
          place: { id: 'country:south-korea', name: 'South Korea' },
          claims: [{ id: 'claim:voa003-defections-2009', quote: 'In 2009, that figure stood at 2,914.', value: '2914', ...via }],
        },
        {
          id: 'event:defections-to-south-korea-2018',
          value: 1137,
          measure: 'North Koreans who defected to South Korea',
          date: '2018',
          datePrecision: 'year',
          place: { id: 'country:south-korea', name: 'South Korea' },
          claims: [
            {
              id: 'claim:voa003-defections-2018',
              quote: 'In 2018, just 1,137 North Koreans defected to South Korea, according to Seoul’s Unification Ministry.',
              value: '1137',
              ...via,
            },
          ],
        },
      ]);
      // every reported figure has a count; statistics without one ("hundreds", "thousands") are not figures
      const all = await api.graphql<{ statistics: { value: number }[] }>(`{ statistics { value } }`);
      expect(all.data!.statistics.map((s) => s.value).sort()).toEqual([1137, 2914]);
    });
  });

  describe('search (Q9)', () => {
    interface Hit {
      id: string;
      kind: string;
      label: string;
      score: number;
      matchedAlias: string | null;
      snippet: string | null;
      fuzzy: boolean;
      within: { id: string }[];
    }
    const SEARCH = `query ($text: String!, $kinds: [SearchKind!], $first: Int) {
      search(text: $text, kinds: $kinds, first: $first) { id kind label score matchedAlias snippet fuzzy within { id } }
    }`;
    async function search(text: string, options: { kinds?: string[]; first?: number } = {}) {
      const result = await run<{ search: Hit[] }>(SEARCH, { text, ...options });
      expect(result.errors).toBeUndefined();
      expect(result.roundTrips).toBe(1);
      return result.data!.search;
    }

    it.each([
      ['Yangkang', 'place:ryanggang', 'Yangkang', ['country:north-korea']],
      ['yangkang province', 'place:ryanggang', 'Yangkang Province', ['country:north-korea']],
      ['Tsiingtao', 'place:qingdao', 'Tsiingtao', ['place:shandong', 'country:china']],
      ['Tsingtao', 'place:qingdao', 'Tsingtao', ['place:shandong', 'country:china']],
      ['DPRK', 'country:north-korea', 'DPRK', []],
      ['N. Korea', 'country:north-korea', 'N. Korea', []],
      ['North Korea', 'country:north-korea', 'North Korea', []],
      ['Pochon', 'place:bocheon', 'Pochon', ['place:ryanggang', 'country:north-korea']],
      ['OHCHR', 'org:un-human-rights-office', 'OHCHR', []],
    ])('"%s" finds %s first, saying which alias matched', async (text, id, alias, within) => {
      const [first] = await search(text);
      expect(first).toMatchObject({ id, matchedAlias: alias, fuzzy: false, within: within.map((w) => ({ id: w })) });
    });

    it('finds every entity of the seed by each of its names and aliases, among the first two hits', async () => {
      const entities = (await readSeed()).flatMap((f) => f.entities as unknown as { id: string; name: string; aliases?: string[] }[]);
      const missed: string[] = [];
      for (const entity of entities) {
        for (const name of [entity.name, ...(entity.aliases ?? [])]) {
          const hits = await search(name, { first: 2 });
          if (!hits.some((h) => h.id === entity.id && h.matchedAlias !== null)) missed.push(`${entity.id} by "${name}"`);
        }
      }
      expect(missed).toEqual([]);
    });

    it('ranks an exact name before names that merely contain it: "China" is the country, not the China–North Korea border', async () => {
      expect((await search('China'))[0]!.id).toBe('country:china');
      expect((await search('Laos'))[0]!.id).toBe('country:laos');
      const hits = await search('Seoul');
      expect(hits.slice(0, 2).map((h) => h.id)).toEqual(['place:seoul', 'org:south-korea-government']);
      expect(hits[1]!.matchedAlias).toBe('Seoul');
    });

    it('falls back to fuzzy matching when nothing matches exactly', async () => {
      const [first] = await search('Ryangang');
      expect(first).toMatchObject({ id: 'place:ryanggang', kind: 'Place', matchedAlias: 'Ryanggang', fuzzy: true });
      const [qingdao] = await search('Tsingtaoo');
      expect(qingdao).toMatchObject({ id: 'place:qingdao', matchedAlias: 'Tsingtao', fuzzy: true });
      expect(await search('zzyzxqwv')).toEqual([]);
    });

    it('never reads the text as Lucene syntax', async () => {
      for (const text of [
        'Qingdao AND',
        'N. Korea && DPRK || (',
        '"DPRK',
        'Kunming)',
        '[Seoul TO Tumen]',
        '/Qingdao/',
        'dprk^100',
        'name:Qingdao',
        'a\\',
      ]) {
        const result = await api.graphql<{ search: Hit[] }>(SEARCH, { text });
        expect({ text, errors: result.errors }).toEqual({ text, errors: undefined });
      }
      // a wildcard is a literal character: "Qing*" is not a prefix search for Qingdao
      expect((await search('Qing*')).map((h) => h.id)).not.toContain('place:qingdao');
      // field syntax is plain words: "name:Qingdao" finds Qingdao exactly
      expect((await search('name:Qingdao'))[0]).toMatchObject({ id: 'place:qingdao', fuzzy: false });
      // NOT is a word, not an operator that would exclude North Korea
      expect((await search('NOT North Korea'))[0]!.id).toBe('country:north-korea');
    });

    it('searches the articles, with the passage that matched', async () => {
      const hits = await search('credible information', { kinds: ['Document'] });
      expect(hits[0]).toMatchObject({
        id: 'doc:cdt-no-safety-in-china',
        kind: 'Document',
        label: 'North Korean Defectors Find No Safety in China',
      });
      expect(hits[0]!.snippet).toContain('The UN said it had “credible information” that China had sent the defectors back');
      expect(hits.every((h) => h.kind === 'Document' && h.matchedAlias === null)).toBe(true);
      const [tsiingtao] = await search('Tsiingtao', { kinds: ['Document'] });
      expect(tsiingtao).toMatchObject({ id: 'doc:dailynk-eleven-apprehended' });
      expect(tsiingtao!.snippet).toContain('Bocheon, Yangkang Province to Tsiingtao, Shandong Province on August 7th');
    });

    it('keeps to the kinds asked for and to the page size, by relevance', async () => {
      const events = await search('Qingdao', { kinds: ['Event'] });
      expect(events.map((h) => h.id)).toEqual(['event:eleven-travel-to-qingdao']);
      const hits = await search('Korea', { first: 3 });
      expect(hits).toHaveLength(3);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    });

    it('refuses empty text, text with nothing to search and a page over 100 with BAD_USER_INPUT', async () => {
      for (const text of ['', '   ', '*?!']) {
        expect(await errorOf(SEARCH, { text })).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('"text"') });
      }
      expect(await errorOf(SEARCH, { text: 'Seoul', first: 101 })).toEqual({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(/first.*100/),
      });
    });
  });
});
