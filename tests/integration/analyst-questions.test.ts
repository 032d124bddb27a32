import type { GraphDatabase } from '../../src/db/graph-database';
import { testDatabase } from '../helpers/database';
import { claimsPerOutlet, readSeed, tally } from '../helpers/seed';
import { SearchRepository } from '../../src/graph/search-repository';

/**
 * The nine analyst questions of design/knowledge-model.md, each answered in Cypher against the
 * seed as loaded. Expected values were read in the articles (seed/documents) and the seed YAML.
 */

const unique = <T>(xs: T[]) => [...new Set(xs)].sort();

/** Provenance of one claim, shared by several questions. */
interface ClaimRow {
  claim: string;
  quote: string;
  modality: string;
  outlet: string;
  document: string;
  source: string;
  ownReporting: boolean;
  /** Outlets/bodies along the claim's CITES chain, first hop first (empty when it relays nobody). */
  relayedVia: string[];
  /** The origin: the end of the relay chain (a document stands for its publisher), or the outlet itself. */
  origin: string;
}

/** Claims that support an event or fact, with their quotes, outlets, sources, relay chains and origins. */
function claimsSupporting(db: GraphDatabase, id: string): Promise<ClaimRow[]> {
  return claimRows(db, 'MATCH (c:Claim)-[:SUPPORTS]->(:Node {id: $id})', { id });
}

/** Provenance rows for the claims a MATCH clause binds to `c`. */
function claimRows(db: GraphDatabase, match: string, params: Record<string, unknown>): Promise<ClaimRow[]> {
  return db.read<ClaimRow>(
    `${match}
     WITH DISTINCT c
     MATCH (c)-[:EVIDENCED_BY]->(d:Document)-[:PUBLISHED_BY]->(outlet)
     MATCH (c)-[a:ATTRIBUTED_TO]->(source)
     OPTIONAL MATCH chain = (c)-[:CITES*1..6]->(root) WHERE NOT (root)-[:CITES]->()
     WITH c, d, outlet, a, source, chain, root ORDER BY length(chain) DESC
     WITH c, d, outlet, a, source, head(collect(chain)) AS chain, head(collect(root)) AS root
     WITH c, d, outlet, a, source,
          CASE WHEN chain IS NULL THEN [] ELSE tail(nodes(chain)) END AS upstream,
          CASE WHEN root IS NULL THEN outlet
               WHEN root:Document THEN head([(root)-[:PUBLISHED_BY]->(o) | o])
               ELSE root END AS origin
     RETURN c.id AS claim, c.quote AS quote, c.modality AS modality, outlet.name AS outlet, d.id AS document,
            source.name AS source, a.ownReporting AS ownReporting,
            [n IN upstream | coalesce(head([(n)-[:PUBLISHED_BY]->(o) | o.name]), n.name)] AS relayedVia,
            origin.name AS origin
     ORDER BY claim`,
    params,
  );
}

const claimIds = (rows: ClaimRow[]) => rows.map((r) => r.claim).sort();
const quotesOf = (rows: ClaimRow[], outlet: string) => rows.filter((r) => r.outlet === outlet).map((r) => r.quote);

// ---------------------------------------------------------------------------------------------

describe('the analyst questions', () => {
  const db = testDatabase();
  afterAll(() => db.close());

  it('1. who reported that the group of 11 was detained near the Laos–China border, quoting what, on whose authority', async () => {
    const [event] = await db.read<{ id: string; date: string; place: string; country: string }>(
      `MATCH (:PeopleGroup {id: 'group:eleven-laos-border'})-[:PARTICIPATED_IN {role: 'detainee'}]->(e:Event {type: 'detention'})
       MATCH (e)-[:OCCURRED_IN]->(p)-[:LOCATED_IN*0..5]->(c:Country)
       RETURN e.id AS id, e.date AS date, p.name AS place, c.name AS country`,
    );
    expect(event).toEqual({ id: 'event:eleven-detained', date: '2014-08-12', place: 'Laos–China border', country: 'China' });

    const claims = await claimsSupporting(db, 'event:eleven-detained');
    expect(claimIds(claims)).toEqual(
      [
        'claim:sky-headline-held-on-laos-border',
        'claim:sky-held-by-china-on-laos-border',
        'claim:sky-detained-on-chinese-border-with-laos',
        'claim:sky-detained-along-border-yunnan',
        'claim:sky-detained-by-chinese-military',
        'claim:sky-detained-crossing-on-foot-august-12',
        'claim:sky-bid-to-escape-failed',
        'claim:dnk-headline-apprehended-near-border',
        'claim:dnk-detained-by-border-control-units',
        'claim:dnk-caught-by-chinese-border-guards',
        'claim:dnk-caught-at-checkpoint-august-12',
        'claim:dnk-message-explained-apprehended',
        'claim:dnk-held-at-undisclosed-location',
      ].sort(),
    );
    expect(unique(claims.map((c) => c.outlet))).toEqual(['Daily NK', 'Sky News']);

    // Sky News: on its own authority, quoting its own words.
    expect(quotesOf(claims, 'Sky News')).toEqual(
      expect.arrayContaining(['Chinese military detained them', 'A group of North Korean defectors held by China on the Laos border']),
    );
    for (const c of claims.filter((r) => r.outlet === 'Sky News')) {
      expect(c).toMatchObject({ source: 'Sky News', ownReporting: true, relayedVia: [], origin: 'Sky News' });
    }
    // Daily NK: relaying YTN's report of 12 August, and crediting YTN by name.
    expect(quotesOf(claims, 'Daily NK')).toEqual(
      expect.arrayContaining([
        'were caught by Chinese border guards',
        '11 North Koreans, detained by Chinese border control units near the border of Laos',
      ]),
    );
    expect(claims.find((c) => c.claim === 'claim:dnk-detained-by-border-control-units')).toMatchObject({
      source: 'YTN',
      ownReporting: false,
    });
    for (const c of claims.filter((r) => r.outlet === 'Daily NK')) {
      expect(c).toMatchObject({ relayedVia: ['YTN'], origin: 'YTN' });
    }
    const [ytn] = await db.read(
      'MATCH (d:Document {id: "doc:ytn-report-2014-08-12"})-[:PUBLISHED_BY]->(o) RETURN o.name AS outlet, d.publishedOn AS date',
    );
    expect(ytn).toEqual({ outlet: 'YTN', date: '2014-08-12' });
  });

  describe('2. what happened to the nine after Laos deported them, and how many independent origins back each step', () => {
    interface Step {
      id: string;
      type: string;
      modality: string;
      place: string;
      roles: { role: string; entity: string }[];
    }
    const stepsOfTheNine = () =>
      db.read<Step>(
        `MATCH (:PeopleGroup {id: 'group:nine-laos-deportees'})-[:PARTICIPATED_IN {role: 'deportee'}]->(e:Event)
         MATCH (e)-[:OCCURRED_IN]->(p)
         RETURN e.id AS id, e.type AS type, e.modality AS modality, p.name AS place,
                [(x)-[r:PARTICIPATED_IN]->(e) | {role: r.role, entity: x.name}] AS roles
         ORDER BY e.type`,
      );
    const role = (step: Step, name: string) => step.roles.filter((r) => r.role === name).map((r) => r.entity);

    it('the deportation Laos → China and the repatriation China → North Korea are two separate events, chained through China', async () => {
      const [deportation, repatriation] = await stepsOfTheNine();
      expect(deportation).toMatchObject({
        id: 'event:nine-deported-laos-to-china',
        type: 'deportation',
        modality: 'reported',
        place: 'Vientiane',
      });
      expect(role(deportation!, 'perpetrator')).toEqual(['Lao government']);
      expect(role(deportation!, 'destination')).toEqual(['Kunming']);
      expect(role(deportation!, 'destination_country')).toEqual(['China']);

      expect(repatriation).toMatchObject({
        id: 'event:nine-repatriated-to-north-korea',
        type: 'repatriation',
        modality: 'alleged',
        place: 'China',
      });
      expect(role(repatriation!, 'perpetrator')).toEqual(['Chinese government']);
      expect(role(repatriation!, 'destination_country')).toEqual(['North Korea']);
      // the second step starts where the first one ended
      expect(repatriation!.place).toBe(role(deportation!, 'destination_country')[0]);
    });

    it('the deportation: reported by VOA and China Digital Times, two independent origins (VOA; the UN human rights office)', async () => {
      const claims = await claimsSupporting(db, 'event:nine-deported-laos-to-china');
      expect(claimIds(claims)).toEqual(
        [
          'claim:voa000-headline-laos-deports-nine',
          'claim:voa000-laos-sent-nine-to-china',
          'claim:voa000-flown-vientiane-to-kunming',
          'claim:cdt-ohchr-laos-abrogated-non-refoulement',
        ].sort(),
      );
      expect(unique(claims.map((c) => c.outlet))).toEqual(['China Digital Times', 'Voice of America']);
      expect(unique(claims.map((c) => c.origin))).toEqual(['UN human rights office', 'Voice of America']);
      expect(quotesOf(claims, 'Voice of America')).toContain(
        'they were flown from the Laotian capital, Vientiane, to Kunming in southwest China on Monday',
      );
      expect(claims.find((c) => c.outlet === 'China Digital Times')).toMatchObject({
        source: 'Del Buey',
        relayedVia: ['The Guardian', 'UN human rights office'],
      });
    });

    it('the repatriation: alleged by one origin only (the UN, relayed CDT → Guardian → UN); VOA only feared it', async () => {
      const claims = await claimsSupporting(db, 'event:nine-repatriated-to-north-korea');
      expect(claimIds(claims)).toEqual(
        [
          'claim:voa000-fears-repatriation-by-beijing',
          'claim:cdt-china-accused-sending-back-nine-orphans',
          'claim:cdt-un-credible-information-sent-back',
          'claim:cdt-un-violation-of-international-law',
          'claim:cdt-ohchr-china-abrogated-non-refoulement',
        ].sort(),
      );
      expect(unique(claims.map((c) => c.outlet))).toEqual(['China Digital Times', 'Voice of America']);
      expect(unique(claims.map((c) => c.origin))).toEqual(['UN human rights office', 'Voice of America']);

      const asserted = claims.filter((c) => c.modality !== 'expected');
      // four claims through a three-outlet relay chain, yet one origin
      expect(asserted).toHaveLength(4);
      expect(unique(asserted.flatMap((c) => [c.outlet, ...c.relayedVia]))).toEqual([
        'China Digital Times',
        'The Guardian',
        'UN human rights office',
      ]);
      expect(unique(asserted.map((c) => c.origin))).toEqual(['UN human rights office']);
      expect(quotesOf(asserted, 'China Digital Times')).toContain(
        'The UN said it had “credible information” that China had sent the defectors back to North Korea last week',
      );
      expect(claims.find((c) => c.outlet === 'Voice of America')).toMatchObject({
        modality: 'expected',
        quote: 'The deportation raises fears the defectors may be repatriated by Beijing to North Korea',
      });
    });
  });

  it('3. where the sources disagree: Sky News and Daily NK on the outcome, the actor and the manner of the detention', async () => {
    const disputes = await db.read<{ kind: string; about: string[]; sides: { side: number; outlets: string[]; quotes: string[] }[] }>(
      `MATCH (dispute:Dispute)<-[s:IN_DISPUTE]-(c:Claim)-[:EVIDENCED_BY]->(:Document)-[:PUBLISHED_BY]->(o)
       WITH dispute, s.side AS side, collect(DISTINCT o.name) AS outlets, collect(c.quote) AS quotes ORDER BY side
       RETURN dispute.disputeKind AS kind, [(dispute)-[:ABOUT]->(x) | x.id] AS about,
              collect({side: side, outlets: outlets, quotes: quotes}) AS sides`,
    );
    const dispute = (kind: string) => disputes.find((d) => d.kind === kind)!;
    for (const d of disputes) {
      expect({ kind: d.kind, outlets: d.sides.map((s) => s.outlets) }).toEqual({ kind: d.kind, outlets: [['Sky News'], ['Daily NK']] });
    }

    const outcome = dispute('outcome');
    expect(outcome.sides[0]!.quotes).toContain('is released rather than repatriated, Sky News understands');
    expect(outcome.sides[0]!.quotes).toContain('Sky News understands that the group have not been returned to North Korea');
    expect(outcome.sides[1]!.quotes).toContain('the probability of repatriation is high');
    expect(outcome.about).toEqual(expect.arrayContaining(['event:eleven-released', 'event:eleven-repatriation']));

    const actor = dispute('actor');
    expect(actor.sides[0]!.quotes).toEqual(['Chinese military detained them']);
    expect(actor.sides[1]!.quotes).toContain('were caught by Chinese border guards');
    expect(actor.about).toContain('event:eleven-detained');

    const manner = dispute('manner');
    expect(manner.sides[0]!.quotes).toEqual(['as they were trying to cross by foot on August 12']);
    expect(manner.sides[1]!.quotes).toEqual(
      expect.arrayContaining([
        'at a checkpoint on the morning of August 12th',
        'At 11 A.M. the following day, they boarded a bus headed to Laos',
      ]),
    );
    expect(manner.about).toContain('event:eleven-detained');
  });

  it('4. the route of the group of 11 from North Korea to the border, in order, with dates where a source gives them', async () => {
    const stops = await db.read<{ order: number; stop: string; date: string | null; outlets: string[]; quotes: string[] }>(
      `MATCH (:PeopleGroup {id: 'group:eleven-laos-border'})-[r:TRAVELLED_THROUGH]->(p)
       MATCH (f:Fact {id: r.factId})<-[:SUPPORTS]-(c:Claim)-[:EVIDENCED_BY]->(:Document)-[:PUBLISHED_BY]->(o)
       WITH r, p, c, o ORDER BY c.id
       RETURN r.order AS order, p.name AS stop, r.date AS date, collect(DISTINCT o.name) AS outlets, collect(c.quote) AS quotes
       ORDER BY order, stop`,
    );
    expect(stops.map((s) => [s.order, s.stop, s.date])).toEqual([
      [1, 'Bocheon', null],
      [1, 'Ryanggang Province', '2014-07'],
      [2, 'China–North Korea border', null],
      [3, 'Qingdao', '2014-08-07'],
      [4, 'Kunming', '2014-08-10'],
      [5, 'Laos–China border', '2014-08-12'],
    ]);
    const at = (stop: string) => stops.find((s) => s.stop === stop)!;
    expect(at('Bocheon').quotes).toContain('They escaped from Bocheon, Yangkang Province');
    expect(at('Ryanggang Province').quotes).toContain('the group left North Korea’s Ryanggang Province at the end of July');
    expect(at('Qingdao').quotes).toContain('to Tsiingtao, Shandong Province on August 7th');
    expect(at('Kunming').quotes).toContain('made their way to Kunming,Yunnan Province on August 10th');
    expect(at('Laos–China border').quotes).toEqual(
      expect.arrayContaining(['as they were trying to cross by foot on August 12', 'at a checkpoint on the morning of August 12th']),
    );
    expect(at('Qingdao').outlets.sort()).toEqual(['Daily NK', 'Sky News']);

    // The route starts in North Korea: Bocheon lies in Ryanggang, which lies in North Korea.
    const [start] = await db.read<{ chain: string[] }>(
      `MATCH p = (:Place {id: 'place:bocheon'})-[:LOCATED_IN*]->(:Country) RETURN [n IN nodes(p) | n.name] AS chain`,
    );
    expect(start!.chain).toEqual(['Bocheon', 'Ryanggang Province', 'North Korea']);

    // The legs of the escape as events, in date order, end with the detention.
    const legs = await db.read<{ type: string; place: string; date: string }>(
      `MATCH (e:Event)-[:PART_OF]->(:Event {id: 'event:eleven-escape'}) WHERE e.dateFrom IS NOT NULL
       MATCH (e)-[:OCCURRED_IN]->(p)
       RETURN e.type AS type, p.name AS place, e.date AS date ORDER BY e.dateFrom`,
    );
    expect(legs).toEqual([
      { type: 'travel', place: 'Ryanggang Province', date: '2014-07' },
      { type: 'travel', place: 'Qingdao', date: '2014-08-07' },
      { type: 'travel', place: 'Kunming', date: '2014-08-10' },
      { type: 'travel', place: 'Yunnan Province', date: '2014-08-11' },
      { type: 'detention', place: 'Laos–China border', date: '2014-08-12' },
    ]);
  });

  describe('5. a timeline of detentions, arrests and repatriations, filterable by country, province, type and date range', () => {
    const ALL_TYPES = ['detention', 'arrest', 'repatriation'];
    interface Filter {
      types?: string[];
      /** A country or place id: the event happened there or somewhere inside it. */
      within?: string;
      from?: string;
      to?: string;
    }
    /**
     * Where an event happened: its OCCURRED_IN place, and the places of the detention/arrest facts its
     * own claims assert (the 20 were "discovered in Shandong and Yunnan provinces").
     */
    const timeline = (filter: Filter) =>
      db
        .read<{ id: string }>(
          `MATCH (e:Event) WHERE e.type IN $types
             AND ($from IS NULL OR e.dateTo >= date($from))
             AND ($to IS NULL OR e.dateFrom <= date($to))
           WITH e, COLLECT {
               MATCH (e)-[:OCCURRED_IN]->(p) RETURN p
               UNION
               MATCH (e)<-[:SUPPORTS]-(:Claim)-[:SUPPORTS]->(f:Fact)-[:TO]->(p:Place)
               WHERE f.type IN ['DETAINED_IN', 'ARRESTED_IN', 'HELD_IN'] RETURN p
             } AS places
           WHERE $within IS NULL OR any(p IN places WHERE EXISTS { (p)-[:LOCATED_IN*0..6]->(:Node {id: $within}) })
           RETURN e.id AS id ORDER BY e.dateFrom IS NULL, e.dateFrom, e.id`,
          { types: filter.types ?? ALL_TYPES, within: filter.within ?? null, from: filter.from ?? null, to: filter.to ?? null },
        )
        .then((rows) => rows.map((r) => r.id));

    it('unfiltered: ten events, the dated ones first and in date order', async () => {
      const events = await timeline({});
      expect(events).toHaveLength(10);
      expect(events.slice(0, 3)).toEqual(['event:eleven-yanji-tumen-repatriated', 'event:twenty-repatriated', 'event:eleven-detained']);
      expect([...events].sort()).toEqual(
        [
          'event:eleven-detained',
          'event:seven-detained-in-liaoning',
          'event:twenty-arrested',
          'event:eleven-yanji-tumen-arrested',
          'event:voa002-three-arrested-yunnan',
          'event:voa002-eleven-arrested-last-month',
          'event:nine-repatriated-to-north-korea',
          'event:twenty-repatriated',
          'event:eleven-yanji-tumen-repatriated',
          'event:eleven-repatriation',
        ].sort(),
      );
    });

    it('by country: China', async () => {
      expect(await timeline({ within: 'country:china' })).toEqual(
        expect.arrayContaining([
          'event:eleven-detained',
          'event:seven-detained-in-liaoning',
          'event:twenty-arrested',
          'event:eleven-yanji-tumen-arrested',
          'event:voa002-three-arrested-yunnan',
          'event:nine-repatriated-to-north-korea',
          'event:twenty-repatriated',
          'event:eleven-yanji-tumen-repatriated',
          'event:eleven-repatriation',
        ]),
      );
    });

    it.each([
      ['place:yunnan', ['event:eleven-detained', 'event:twenty-arrested', 'event:voa002-three-arrested-yunnan']],
      ['place:shandong', ['event:twenty-arrested']],
      ['place:jilin', ['event:eleven-yanji-tumen-arrested']],
      ['place:liaoning', ['event:seven-detained-in-liaoning']],
    ])('by province: %s', async (province, expected) => {
      expect((await timeline({ within: province })).sort()).toEqual([...expected].sort());
    });

    it('by type and date range: repatriations in July–August 2014, in date order', async () => {
      expect(await timeline({ types: ['repatriation'], from: '2014-07-01', to: '2014-08-31' })).toEqual([
        'event:eleven-yanji-tumen-repatriated',
        'event:twenty-repatriated',
      ]);
    });

    it('all filters at once: detentions in China in August 2014', async () => {
      expect(await timeline({ types: ['detention'], within: 'country:china', from: '2014-08-01', to: '2014-08-31' })).toEqual([
        'event:eleven-detained',
      ]);
    });

    it('by date range: 2019 holds the detention of the seven in Liaoning (fled in March 2019, detained before 30 April 2019)', async () => {
      expect(await timeline({ from: '2019-01-01', to: '2019-12-31' })).toEqual(['event:seven-detained-in-liaoning']);
    });
  });

  it('6. everything the UN said in the corpus, and who relayed it', async () => {
    const UN = ['org:united-nations', 'org:un-human-rights-office'];
    const said = await claimRows(
      db,
      `MATCH (c:Claim)
       WHERE EXISTS { (c)-[:ATTRIBUTED_TO]->(s) WHERE s.id IN $un OR EXISTS { (s)-[:SPOKESPERSON_FOR]->(u) WHERE u.id IN $un } }
          OR EXISTS { (c)-[:CITES]->(:Document)-[:PUBLISHED_BY]->(u) WHERE u.id IN $un }`,
      { un: UN },
    );
    expect(claimIds(said)).toEqual(
      [
        'claim:sky-un-called-china-change-policy',
        'claim:sky-un-forcibly-repatriated-tortured',
        'claim:sky-un-report-mentions-repatriation-policy',
        'claim:cdt-china-accused-sending-back-nine-orphans',
        'claim:cdt-un-credible-information-sent-back',
        'claim:cdt-un-violation-of-international-law',
        'claim:cdt-colville-extremely-concerned',
        'claim:cdt-colville-up-to-five-minors',
        'claim:cdt-colville-risk-severe-punishment',
        'claim:cdt-ohchr-dismayed',
        'claim:cdt-ohchr-laos-abrogated-non-refoulement',
        'claim:cdt-ohchr-china-abrogated-non-refoulement',
        'claim:cdt-ohchr-all-orphans',
      ].sort(),
    );
    const quotes = said.map((c) => c.quote).join('\n');
    for (const words of ['credible information', 'extremely concerned', 'dismayed', 'non-refoulement', 'forcibly repatriated from China']) {
      expect(quotes).toContain(words);
    }
    expect(unique(said.map((c) => c.source))).toEqual(['Del Buey', 'Rupert Colville', 'Sky News', 'United Nations']);

    // Who relayed it: Sky News straight from the UN report; China Digital Times through The Guardian.
    const relays = unique(said.map((c) => `${c.outlet} ← ${c.relayedVia.join(' ← ')}`));
    expect(relays).toEqual(['China Digital Times ← The Guardian ← UN human rights office', 'Sky News ← United Nations']);
    expect(said.filter((c) => c.outlet === 'Sky News')).toHaveLength(3);
    expect(said.filter((c) => c.outlet === 'China Digital Times')).toHaveLength(10);
  });

  it('7. how Thae Yong-ho is connected to the Chinese embassy in Seoul: through the protest of 30 April 2019, with provenance on every hop', async () => {
    const paths = await db.read<{
      nodes: string[];
      hops: { type: string; claims: { quote: string; outlet: string; document: string }[] }[];
    }>(
      `MATCH (thae:Person {id: 'person:thae-yong-ho'}), (embassy:Organization {id: 'org:chinese-embassy-seoul'})
       MATCH p = allShortestPaths((thae)-[*..4]-(embassy))
       WHERE all(r IN relationships(p) WHERE r.factId IS NOT NULL OR type(r) = 'PARTICIPATED_IN')
       RETURN [n IN nodes(p) | n.id] AS nodes,
              [r IN relationships(p) | {
                 type: type(r),
                 claims: CASE WHEN r.factId IS NOT NULL
                   THEN [(f:Fact {id: r.factId})<-[:SUPPORTS]-(c:Claim)-[:EVIDENCED_BY]->(d:Document)-[:PUBLISHED_BY]->(o)
                         | {quote: c.quote, outlet: o.name, document: d.id}]
                   ELSE [(e:Event)<-[:SUPPORTS]-(c:Claim)-[:EVIDENCED_BY]->(d:Document)-[:PUBLISHED_BY]->(o) WHERE e IN [startNode(r), endNode(r)]
                         | {quote: c.quote, outlet: o.name, document: d.id}]
                 END
              }] AS hops`,
    );
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path.nodes).toEqual(['person:thae-yong-ho', 'event:protest-chinese-embassy-seoul-2019-04-30', 'org:chinese-embassy-seoul']);
      for (const hop of path.hops) {
        expect(hop.claims.length).toBeGreaterThan(0);
        expect(unique(hop.claims.map((c) => c.document))).toEqual(['doc:voa-activists-urge-china']);
      }
    }
    const factPath = paths.find((p) => p.hops.map((h) => h.type).join(' ') === 'ORGANIZED APPEALED_TO')!;
    expect(factPath).toBeDefined();
    expect(factPath.hops[0]!.claims.map((c) => c.quote)).toContain('The event was organized by former North Korean diplomat Thae Yong-Ho');
    expect(factPath.hops[1]!.claims.map((c) => c.quote)).toContain(
      'About two dozen activists, including many who also fled North Korea, protested Tuesday in front of the Chinese embassy in Seoul',
    );

    const [protest] = await db.read(
      `MATCH (e:Event {id: 'event:protest-chinese-embassy-seoul-2019-04-30'})-[:OCCURRED_IN]->(p)
       RETURN e.type AS type, e.date AS date, p.name AS place,
              [(x)-[r:PARTICIPATED_IN]->(e) WHERE x.id IN ['person:thae-yong-ho', 'org:chinese-embassy-seoul'] | x.name + ': ' + r.role] AS roles`,
    );
    expect(protest).toMatchObject({ type: 'protest', date: '2019-04-30', place: 'Seoul' });
    expect((protest!.roles as string[]).sort()).toEqual(['Chinese embassy in Seoul: target', 'Thae Yong-ho: organizer']);
  });

  describe('8. dashboard figures', () => {
    it('events by type: every event of the seed, counted by its type', async () => {
      const rows = await db.read<{ type: string; events: number }>('MATCH (e:Event) RETURN e.type AS type, count(e) AS events');
      const seedEvents = (await readSeed()).flatMap((f) => f.events);
      expect(Object.fromEntries(rows.map((r) => [r.type, r.events]))).toEqual(tally(seedEvents.map((e) => e.type)));
      expect(rows.find((r) => r.type === 'statistic')!.events).toBeGreaterThanOrEqual(3);
    });

    it.each([
      ['place:seoul', 4],
      ['country:south-korea', 7],
      ['place:yunnan', 4],
    ])('events by place: %s holds %d (its own and those of the places inside it)', async (place, events) => {
      const [row] = await db.read<{ events: number }>(
        'MATCH (e:Event)-[:OCCURRED_IN]->()-[:LOCATED_IN*0..6]->(:Node {id: $place}) RETURN count(DISTINCT e) AS events',
        { place },
      );
      expect(row!.events).toBe(events);
    });

    it('events by year: each dated event counted in the year it starts (2019: the flight, the detention and the protest of the seven’s case)', async () => {
      const rows = await db.read<{ year: number; events: number }>(
        'MATCH (e:Event) WHERE e.dateFrom IS NOT NULL RETURN e.dateFrom.year AS year, count(e) AS events ORDER BY year',
      );
      const seedYears = (await readSeed()).flatMap((f) => f.events.flatMap((e) => (e.date ? [Number(e.date.slice(0, 4))] : [])));
      expect(Object.fromEntries(rows.map((r) => [r.year, r.events]))).toEqual(tally(seedYears));
      expect(rows).toContainEqual({ year: 2019, events: 3 });
      expect(rows).toContainEqual({ year: 2009, events: 1 });
    });

    it('people detained by country and year: 11 in China in 2014 (the Laos border group), 7 in China in 2019 (Liaoning)', async () => {
      const rows = await db.read<{ country: string | null; year: number | null; people: number }>(
        `MATCH (x)-[r:PARTICIPATED_IN]->(e:Event) WHERE e.type IN ['detention', 'arrest'] AND r.role IN ['detainee', 'arrestee']
         OPTIONAL MATCH (e)-[:OCCURRED_IN]->()-[:LOCATED_IN*0..6]->(c:Country)
         RETURN c.name AS country, e.dateFrom.year AS year, sum(CASE WHEN x:PeopleGroup THEN coalesce(x.size, 0) ELSE 1 END) AS people`,
      );
      expect(rows).toContainEqual({ country: 'China', year: 2014, people: 11 });
      expect(rows).toContainEqual({ country: 'China', year: 2019, people: 7 });
    });

    it('claims per outlet', async () => {
      const rows = await db.read<{ outlet: string; claims: number }>(
        'MATCH (c:Claim)-[:EVIDENCED_BY]->(:Document)-[:PUBLISHED_BY]->(o) RETURN o.name AS outlet, count(c) AS claims ORDER BY outlet',
      );
      expect(Object.fromEntries(rows.map((r) => [r.outlet, r.claims]))).toEqual(claimsPerOutlet(await readSeed()));
      expect(rows.map((r) => r.outlet)).toEqual(['China Digital Times', 'Daily NK', 'Sky News', 'Voice of America']);
    });

    it('defections to South Korea per year: 2,914 in 2009 and 1,137 in 2018, each traced to its claim (the Unification Ministry, via VOA)', async () => {
      const rows = await db.read(
        `MATCH (e:Event {type: 'statistic', measure: 'North Koreans who defected to South Korea'})<-[:SUPPORTS]-(c:Claim)
         MATCH (c)-[a:ATTRIBUTED_TO]->(s), (c)-[:EVIDENCED_BY]->(d:Document)-[:PUBLISHED_BY]->(o)
         RETURN e.dateFrom.year AS year, e.count AS figure, c.value AS value, c.quote AS quote,
                s.name AS source, a.ownReporting AS ownReporting, o.name AS outlet, d.title AS title
         ORDER BY year`,
      );
      const voa = {
        source: 'Unification Ministry',
        ownReporting: false,
        outlet: 'Voice of America',
        title: 'Activists Urge China to Not Repatriate N. Korean Defectors',
      };
      expect(rows).toEqual([
        { year: 2009, figure: 2914, value: '2914', quote: 'In 2009, that figure stood at 2,914.', ...voa },
        {
          year: 2018,
          figure: 1137,
          value: '1137',
          quote: 'In 2018, just 1,137 North Koreans defected to South Korea, according to Seoul’s Unification Ministry.',
          ...voa,
        },
      ]);
    });
  });

  describe('9. search by any spelling', () => {
    // The product's search: one query over names, aliases and texts, exact names first.
    const search = async (q: string) =>
      (await new SearchRepository(db).search(q, null, 5)).map((h) => ({ id: h.id, name: h.label, within: h.within.map((w) => w.name) }));

    it.each([
      ['Yangkang', 'place:ryanggang', 'Ryanggang Province', ['North Korea']],
      ['yangkang province', 'place:ryanggang', 'Ryanggang Province', ['North Korea']],
      ['Tsiingtao', 'place:qingdao', 'Qingdao', ['Shandong Province', 'China']],
      ['Tsingtao', 'place:qingdao', 'Qingdao', ['Shandong Province', 'China']],
      ['DPRK', 'country:north-korea', 'North Korea', []],
    ])('"%s" finds %s first', async (q, id, name, within) => {
      const [first] = await search(q);
      expect(first).toEqual({ id, name, within });
    });
  });
});
