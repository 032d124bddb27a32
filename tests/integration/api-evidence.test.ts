import { useTestApi } from '../helpers/api';

/**
 * Provenance, statements and disputes over HTTP, against the seed as loaded. Expected values were
 * read in the articles (seed/documents) and the seed YAML.
 */

interface Outlet {
  id: string;
  name: string;
}
interface Claim {
  id: string;
  quote: string;
  start: number;
  end: number;
  modality: string;
  supports: { id: string; kind: string }[];
  document: { id: string; title: string; byline: string | null; publishedOn: string | null; datePrecision: string; outlet: Outlet };
  attributedTo: { id: string; name: string; kind: string; anonymous: boolean };
  ownReporting: boolean;
  relayChain: { id: string; kind: string; name: string; outlet: Outlet }[];
  origin: { id: string; name: string };
}
interface Origins {
  count: number;
  origins: { origin: { id: string; name: string }; claimCount: number; modalities: string[]; claims: { id: string }[] }[];
}
interface ClaimSet {
  totalClaims: number;
  claims: Claim[];
  reportedBy: Outlet[];
  relayRoutes: { outlet: Outlet; via: Outlet[]; origin: { name: string }; claimCount: number }[];
  independentOrigins: Origins;
  asserted: Origins;
  modalityCounts: { reported: number; alleged: number; expected: number; denied: number };
}
interface Provenance extends ClaimSet {
  subject: { id: string; kind: string; name: string };
}

const CLAIM = `
  id quote start end modality
  supports { id kind }
  document { id title byline publishedOn datePrecision outlet { id name } }
  attributedTo { id name kind anonymous }
  ownReporting
  relayChain { id kind name outlet { id name } }
  origin { id name }`;
const CLAIM_SET = `
  totalClaims
  claims { ${CLAIM} }
  reportedBy { id name }
  relayRoutes { outlet { id name } via { id name } origin { name } claimCount }
  independentOrigins { count origins { origin { id name } claimCount modalities claims { id } } }
  asserted: independentOrigins(modalities: [REPORTED, ALLEGED]) { count origins { origin { id name } claimCount modalities claims { id } } }
  modalityCounts { reported alleged expected denied }`;
const PROVENANCE = `query ($id: ID!, $first: Int) { provenance(id: $id, first: $first) { subject { id kind name } ${CLAIM_SET} } }`;
const STATEMENTS = `query ($ids: [ID!]!) { statementsBy(sourceIds: $ids, first: 200) { sources { id name } ${CLAIM_SET} } }`;

const sorted = <T>(xs: T[]) => [...xs].sort();
const names = (xs: { name: string }[]) => xs.map((x) => x.name);
const byOutlet = (claims: Claim[], outlet: string) => claims.filter((c) => c.document.outlet.name === outlet);

describe('the evidence API', () => {
  const { db, api } = useTestApi();

  /** Runs an operation that must succeed, and counts the Cypher round trips it made. */
  async function ask<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data: T; roundTrips: number }> {
    const { roundTrips, ...result } = await api.counted<T>(query, variables);
    expect(result.errors).toBeUndefined();
    return { data: result.data!, roundTrips };
  }

  const provenance = async (id: string, first?: number) => {
    const { data, roundTrips } = await ask<{ provenance: Provenance }>(PROVENANCE, { id, first });
    return { ...data.provenance, roundTrips };
  };

  describe('provenance', () => {
    it('Q1: the detention of the 11, in one round trip: Sky News on its own authority, Daily NK relaying YTN', async () => {
      const p = await provenance('event:eleven-detained');
      expect(p.roundTrips).toBe(1);
      expect(p.subject).toMatchObject({ id: 'event:eleven-detained', kind: 'Event' });
      expect(p.totalClaims).toBe(13);
      expect(p.claims).toHaveLength(13);
      expect(names(p.reportedBy)).toEqual(['Daily NK', 'Sky News']);
      expect(p.modalityCounts).toEqual({ reported: 13, alleged: 0, expected: 0, denied: 0 });

      const sky = byOutlet(p.claims, 'Sky News');
      expect(sky).toHaveLength(7);
      expect(sky.map((c) => c.quote)).toEqual(
        expect.arrayContaining(['Chinese military detained them', 'A group of North Korean defectors held by China on the Laos border']),
      );
      for (const c of sky) {
        expect(c).toMatchObject({
          attributedTo: { id: 'org:sky-news', name: 'Sky News', kind: 'Organization', anonymous: false },
          ownReporting: true,
          relayChain: [],
          origin: { id: 'org:sky-news', name: 'Sky News' },
        });
        expect(c.document).toMatchObject({
          id: 'doc:sky-defectors-held-laos-border',
          title: 'N Korean Defectors Held On Laos Border',
          publishedOn: null,
          datePrecision: 'unknown',
        });
      }

      const dailyNk = byOutlet(p.claims, 'Daily NK');
      expect(dailyNk).toHaveLength(6);
      expect(dailyNk.map((c) => c.quote)).toEqual(
        expect.arrayContaining([
          'were caught by Chinese border guards',
          '11 North Koreans, detained by Chinese border control units near the border of Laos',
        ]),
      );
      for (const c of dailyNk) {
        expect(c.document).toEqual({
          id: 'doc:dailynk-eleven-apprehended',
          title: '11 Apprehended Near Laos-China Border',
          byline: 'Koo Jun Hoe',
          publishedOn: '2014-08-13',
          datePrecision: 'day',
          outlet: { id: 'org:daily-nk', name: 'Daily NK' },
        });
        expect(c.relayChain).toEqual([
          {
            id: 'doc:ytn-report-2014-08-12',
            kind: 'Document',
            name: 'YTN report on 11 North Koreans detained near the border of Laos (August 12, 2014)',
            outlet: { id: 'org:ytn', name: 'YTN' },
          },
        ]);
        expect(c.origin).toEqual({ id: 'org:ytn', name: 'YTN' });
      }
      expect(p.claims.find((c) => c.id === 'claim:dnk-detained-by-border-control-units')).toMatchObject({
        attributedTo: { id: 'org:ytn', name: 'YTN' },
        ownReporting: false,
      });

      // Two outlets, two origins: Daily NK's six claims collapse into YTN.
      expect(p.independentOrigins.count).toBe(2);
      expect(p.independentOrigins.origins.map((o) => [o.origin.name, o.claimCount, o.modalities])).toEqual([
        ['Sky News', 7, ['REPORTED']],
        ['YTN', 6, ['REPORTED']],
      ]);
      expect(sorted(p.independentOrigins.origins[1]!.claims.map((c) => c.id))).toEqual(sorted(dailyNk.map((c) => c.id)));
    });

    it('gives each quote with offsets at which it stands verbatim in its document', async () => {
      const p = await provenance('event:eleven-detained');
      const texts = new Map<string, string>();
      for (const id of new Set(p.claims.map((c) => c.document.id))) {
        const { data } = await ask<{ document: { text: string } }>('query ($id: ID!) { document(id: $id) { text } }', { id });
        texts.set(id, data.document.text);
      }
      for (const c of p.claims) expect(texts.get(c.document.id)!.slice(c.start, c.end)).toBe(c.quote);
      expect(p.claims.find((c) => c.id === 'claim:sky-detained-by-chinese-military')).toMatchObject({
        quote: 'Chinese military detained them',
        modality: 'REPORTED',
      });
    });

    describe('Q2: the nine after Laos, one answer per step', () => {
      it('the deportation Laos → China: VOA and China Digital Times, two independent origins', async () => {
        const p = await provenance('event:nine-deported-laos-to-china');
        expect(p.roundTrips).toBe(1);
        expect(sorted(p.claims.map((c) => c.id))).toEqual(
          sorted([
            'claim:voa000-headline-laos-deports-nine',
            'claim:voa000-laos-sent-nine-to-china',
            'claim:voa000-flown-vientiane-to-kunming',
            'claim:cdt-ohchr-laos-abrogated-non-refoulement',
          ]),
        );
        expect(names(p.reportedBy)).toEqual(['China Digital Times', 'Voice of America']);
        expect(p.claims.map((c) => c.quote)).toContain(
          'they were flown from the Laotian capital, Vientiane, to Kunming in southwest China on Monday',
        );
        const cdt = byOutlet(p.claims, 'China Digital Times')[0]!;
        expect(cdt.attributedTo.name).toBe('Del Buey');
        expect(cdt.relayChain.map((h) => [h.kind, h.outlet.name])).toEqual([
          ['Document', 'The Guardian'],
          ['Organization', 'UN human rights office'],
        ]);
        expect(p.independentOrigins.count).toBe(2);
        expect(sorted(p.independentOrigins.origins.map((o) => o.origin.name))).toEqual(['UN human rights office', 'Voice of America']);
        expect(p.asserted.count).toBe(2);
      });

      it('the repatriation China → North Korea: alleged by one origin (the UN, relayed CDT → Guardian → UN); VOA only feared it', async () => {
        const p = await provenance('event:nine-repatriated-to-north-korea');
        expect(p.roundTrips).toBe(1);
        expect(p.totalClaims).toBe(5);
        expect(p.modalityCounts).toEqual({ reported: 0, alleged: 4, expected: 1, denied: 0 });
        expect(p.claims.map((c) => c.quote)).toContain(
          'The UN said it had “credible information” that China had sent the defectors back to North Korea last week',
        );
        expect(p.relayRoutes).toEqual(
          expect.arrayContaining([
            {
              outlet: { id: 'org:china-digital-times', name: 'China Digital Times' },
              via: [
                { id: 'org:the-guardian', name: 'The Guardian' },
                { id: 'org:un-human-rights-office', name: 'UN human rights office' },
              ],
              origin: { name: 'UN human rights office' },
              claimCount: 4,
            },
          ]),
        );
        // Three outlets on the chain, one origin.
        expect(p.independentOrigins.origins.map((o) => [o.origin.name, o.claimCount, o.modalities])).toEqual([
          ['UN human rights office', 4, ['ALLEGED']],
          ['Voice of America', 1, ['EXPECTED']],
        ]);
        expect(p.asserted).toMatchObject({ count: 1, origins: [{ origin: { name: 'UN human rights office' }, claimCount: 4 }] });
        expect(byOutlet(p.claims, 'Voice of America')).toMatchObject([
          { modality: 'EXPECTED', quote: 'The deportation raises fears the defectors may be repatriated by Beijing to North Korea' },
        ]);
      });
    });

    it('of a claim: that claim alone, with its relay chain up to the origin', async () => {
      const p = await provenance('claim:cdt-un-credible-information-sent-back');
      expect(p.roundTrips).toBe(1);
      expect(p.totalClaims).toBe(1);
      const [claim] = p.claims;
      expect(claim).toMatchObject({
        id: 'claim:cdt-un-credible-information-sent-back',
        modality: 'ALLEGED',
        attributedTo: { id: 'org:united-nations', name: 'United Nations' },
        ownReporting: false,
        document: { title: 'North Korean Defectors Find No Safety in China', outlet: { name: 'China Digital Times' } },
        origin: { id: 'org:un-human-rights-office' },
      });
      expect(claim!.relayChain.map((h) => h.id)).toEqual(['doc:guardian-mccurry-nine-orphans', 'org:un-human-rights-office']);
      expect(sorted(claim!.supports.map((s) => s.id))).toEqual(
        sorted(['event:nine-repatriated-to-north-korea', 'fact:nine-repatriated-to-north-korea', 'fact:nine-repatriated-by-china']),
      );
    });

    it('of a fact: the claims supporting it', async () => {
      const p = await provenance('fact:nine-repatriated-by-china');
      expect(p.roundTrips).toBe(1);
      expect(sorted(p.claims.map((c) => c.id))).toEqual(
        sorted([
          'claim:cdt-china-accused-sending-back-nine-orphans',
          'claim:cdt-un-credible-information-sent-back',
          'claim:cdt-ohchr-china-abrogated-non-refoulement',
        ]),
      );
      expect(p.independentOrigins.origins.map((o) => o.origin.name)).toEqual(['UN human rights office']);
    });

    it('of a claim relaying a report: the report stands for its publisher (Sky News citing the UN report)', async () => {
      const p = await provenance('claim:sky-un-report-mentions-repatriation-policy');
      expect(p.claims[0]!.relayChain).toEqual([
        {
          id: 'doc:un-report-north-korea-human-rights',
          kind: 'Document',
          name: 'United Nations report into North Korea’s human rights record',
          outlet: { id: 'org:united-nations', name: 'United Nations' },
        },
      ]);
      expect(p.claims[0]!.origin.name).toBe('United Nations');
    });

    it('of an entity: claims about it and claims behind the events it took part in, bounded by `first`', async () => {
      const all = await provenance('group:eleven-laos-border', 200);
      expect(all.roundTrips).toBe(1);
      expect(all.totalClaims).toBe(46);
      expect(all.claims).toHaveLength(46);
      const ids = all.claims.map((c) => c.id);
      // its subject is the group
      expect(ids).toContain('claim:sky-detained-by-chinese-military');
      // supports the detention, in which the group took part
      expect(ids).toContain('claim:sky-bid-to-escape-failed');
      expect(new Set(ids).size).toBe(ids.length);
      expect(names(all.reportedBy)).toEqual(['Daily NK', 'Sky News']);

      const page = await provenance('group:eleven-laos-border');
      expect(page.claims).toHaveLength(46); // default 50

      const few = await provenance('group:eleven-laos-border', 5);
      expect(few.totalClaims).toBe(46);
      expect(few.claims.map((c) => c.id)).toEqual(ids.slice(0, 5));
      // counts still cover every claim
      expect(few.independentOrigins.origins.reduce((n, o) => n + o.claimCount, 0)).toBe(46);
      expect(few.independentOrigins.origins.flatMap((o) => o.claims)).toHaveLength(5);
    });

    it('refuses `first` over 200 with BAD_USER_INPUT naming the argument', async () => {
      const result = await api.graphql(PROVENANCE, { id: 'group:eleven-laos-border', first: 201 });
      expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toMatch(/"first".*200/);
    });

    it('answers an unknown id with NOT_FOUND naming it', async () => {
      const result = await api.graphql(PROVENANCE, { id: 'event:no-such-event' });
      expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
      expect(result.errors![0]!.message).toContain('event:no-such-event');
    });
  });

  describe('statementsBy', () => {
    it('Q6: everything the UN said, and who relayed it, in one round trip', async () => {
      const { data, roundTrips } = await ask<{ statementsBy: ClaimSet & { sources: { id: string; name: string }[] } }>(STATEMENTS, {
        ids: ['org:united-nations', 'org:un-human-rights-office'],
      });
      const s = data.statementsBy;
      expect(roundTrips).toBe(1);
      expect(s.sources.map((x) => x.id)).toEqual([
        'org:united-nations',
        'org:un-human-rights-office',
        'person:del-buey',
        'person:rupert-colville',
      ]);
      expect(sorted(s.claims.map((c) => c.id))).toEqual(
        sorted([
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
        ]),
      );
      const quotes = s.claims.map((c) => c.quote).join('\n');
      for (const words of [
        'credible information',
        'extremely concerned',
        'dismayed',
        'non-refoulement',
        'forcibly repatriated from China',
      ]) {
        expect(quotes).toContain(words);
      }
      expect(sorted([...new Set(s.claims.map((c) => c.attributedTo.name))])).toEqual([
        'Del Buey',
        'Rupert Colville',
        'Sky News',
        'United Nations',
      ]);
      // Who relayed it: Sky News straight from the UN report; China Digital Times through The Guardian.
      expect(s.relayRoutes.map((r) => [r.outlet.name, names(r.via), r.origin.name, r.claimCount])).toEqual([
        ['China Digital Times', ['The Guardian', 'UN human rights office'], 'UN human rights office', 10],
        ['Sky News', ['United Nations'], 'United Nations', 3],
      ]);
      expect(s.independentOrigins.count).toBe(2);
      expect(s.modalityCounts).toEqual({ reported: 6, alleged: 6, expected: 1, denied: 0 });
    });

    it('what YTN reported reached the corpus only through Daily NK', async () => {
      const { data } = await ask<{ statementsBy: ClaimSet }>(STATEMENTS, { ids: ['org:ytn'] });
      expect(names(data.statementsBy.reportedBy)).toEqual(['Daily NK']);
      expect(data.statementsBy.totalClaims).toBe(16);
      expect(data.statementsBy.independentOrigins.origins.map((o) => o.origin.name)).toEqual(['YTN']);
    });

    it('answers an unknown source with NOT_FOUND, and no source with BAD_USER_INPUT', async () => {
      const unknown = await api.graphql(STATEMENTS, { ids: ['org:united-nations', 'org:no-such-body'] });
      expect(unknown.errors![0]!.extensions!.code).toBe('NOT_FOUND');
      expect(unknown.errors![0]!.message).toContain('org:no-such-body');
      const none = await api.graphql(STATEMENTS, { ids: [] });
      expect(none.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(none.errors![0]!.message).toContain('sourceIds');
    });
  });

  describe('disputes', () => {
    const DISPUTES = `query ($about: ID, $kind: DisputeKind, $first: Int, $after: String) {
      disputes(about: $about, kind: $kind, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id kind description about { id } sides { side outlets { name } claims { id quote document { title outlet { id name } } } } } }
      }
    }`;
    interface Dispute {
      id: string;
      kind: string;
      description: string;
      about: { id: string }[];
      sides: {
        side: number;
        outlets: { name: string }[];
        claims: { id: string; quote: string; document: { title: string; outlet: Outlet } }[];
      }[];
    }
    interface Page {
      disputes: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Dispute }[] };
    }
    const disputes = (variables: Record<string, unknown> = {}) => ask<Page>(DISPUTES, variables);
    const quotes = (d: Dispute, side: number) => d.sides[side]!.claims.map((c) => c.quote);

    it('Q3: where sources disagree, both sides with their quotes, articles and outlets, in one round trip', async () => {
      const { data, roundTrips } = await disputes();
      expect(roundTrips).toBe(1);
      const all = data.disputes.edges.map((e) => e.node);
      expect(data.disputes.totalCount).toBe(4);
      expect(all.map((d) => d.kind)).toEqual(['ACTOR', 'COUNT', 'MANNER', 'OUTCOME']);
      for (const d of all) expect(d.sides.map((s) => names(s.outlets))).toEqual([['Sky News'], ['Daily NK']]);
      const kind = (k: string) => all.find((d) => d.kind === k)!;

      const outcome = kind('OUTCOME');
      expect(outcome.id).toBe('dispute:eleven-released-or-repatriated');
      expect(quotes(outcome, 0)).toEqual(
        expect.arrayContaining([
          'is released rather than repatriated, Sky News understands',
          'Sky News understands that the group have not been returned to North Korea',
        ]),
      );
      expect(quotes(outcome, 1)).toContain('the probability of repatriation is high');
      expect(outcome.about.map((a) => a.id)).toEqual(expect.arrayContaining(['event:eleven-released', 'event:eleven-repatriation']));
      expect(outcome.sides[1]!.claims[0]!.document).toEqual({
        title: '11 Apprehended Near Laos-China Border',
        outlet: { id: 'org:daily-nk', name: 'Daily NK' },
      });

      const actor = kind('ACTOR');
      expect(quotes(actor, 0)).toEqual(['Chinese military detained them']);
      expect(quotes(actor, 1)).toContain('were caught by Chinese border guards');
      expect(actor.about.map((a) => a.id)).toContain('event:eleven-detained');

      const manner = kind('MANNER');
      expect(quotes(manner, 0)).toEqual(['as they were trying to cross by foot on August 12']);
      expect(quotes(manner, 1)).toEqual(
        expect.arrayContaining([
          'at a checkpoint on the morning of August 12th',
          'At 11 A.M. the following day, they boarded a bus headed to Laos',
        ]),
      );
    });

    it('filters by kind, and by what they are about, including the events an entity took part in', async () => {
      const byKind = await disputes({ kind: 'MANNER' });
      expect(byKind.data.disputes.edges.map((e) => e.node.id)).toEqual(['dispute:eleven-detention-manner']);

      // The group is named in the outcome dispute only; the others are about events it took part in.
      const group = await disputes({ about: 'group:eleven-laos-border' });
      expect(group.data.disputes.totalCount).toBe(4);

      const detention = await disputes({ about: 'event:eleven-detained' });
      expect(detention.data.disputes.edges.map((e) => e.node.kind)).toEqual(['ACTOR', 'MANNER']);

      // Disputes about the legs of the escape are disputes about the escape.
      const escape = await disputes({ about: 'event:eleven-escape' });
      expect(escape.data.disputes.edges.map((e) => e.node.kind)).toEqual(['ACTOR', 'MANNER']);

      const both = await disputes({ about: 'group:eleven-laos-border', kind: 'OUTCOME' });
      expect(both.data.disputes.edges.map((e) => e.node.id)).toEqual(['dispute:eleven-released-or-repatriated']);

      const military = await disputes({ about: 'org:chinese-military' });
      expect(military.data.disputes.edges.map((e) => e.node.id)).toEqual(['dispute:eleven-detention-circumstances']);

      const none = await disputes({ about: 'person:thae-yong-ho' });
      expect(none.data.disputes).toMatchObject({ totalCount: 0, edges: [] });
    });

    it('pages with cursors', async () => {
      const first = await disputes({ first: 3 });
      expect(first.data.disputes.pageInfo.hasNextPage).toBe(true);
      const rest = await disputes({ first: 3, after: first.data.disputes.pageInfo.endCursor });
      expect(rest.data.disputes.pageInfo.hasNextPage).toBe(false);
      expect([...first.data.disputes.edges, ...rest.data.disputes.edges].map((e) => e.node.kind)).toEqual([
        'ACTOR',
        'COUNT',
        'MANNER',
        'OUTCOME',
      ]);
    });

    it('answers an unknown `about` with NOT_FOUND and an unknown kind with a validation error naming the enum', async () => {
      const unknown = await api.graphql(DISPUTES, { about: 'event:no-such-event' });
      expect(unknown.errors![0]!.extensions!.code).toBe('NOT_FOUND');
      expect(unknown.errors![0]!.message).toContain('event:no-such-event');
      const badKind = await api.graphql(`{ disputes(kind: WEATHER) { totalCount } }`);
      expect(badKind.status).toBe(400);
      expect(badKind.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(badKind.errors![0]!.message).toMatch(/WEATHER.*DisputeKind/);
    });

    it('marks events and facts as disputed, batched: one query for the disputes of all of them', async () => {
      const ids = [
        'event:eleven-detained',
        'event:nine-deported-laos-to-china',
        'event:eleven-released',
        'fact:eleven-detained-by-chinese-military',
      ];
      const { data, roundTrips } = await ask<{
        nodes: { id: string; disputed: boolean; disputes: { id: string; kind: string; sides: { claims: { quote: string }[] }[] }[] }[];
      }>(
        `query ($ids: [ID!]!) { nodes(ids: $ids) {
           id
           ... on Event { disputed disputes { id kind sides { claims { quote } } } }
           ... on Fact { disputed disputes { id kind sides { claims { quote } } } }
         } }`,
        { ids },
      );
      expect(roundTrips).toBe(2); // the nodes, then the disputes of all four
      const [detained, deported, released, military] = data.nodes;
      expect(detained).toMatchObject({ disputed: true });
      expect(detained!.disputes.map((d) => d.kind)).toEqual(['ACTOR', 'MANNER']);
      expect(deported).toMatchObject({ disputed: false, disputes: [] });
      expect(released!.disputes.map((d) => d.id)).toEqual(['dispute:eleven-released-or-repatriated']);
      expect(military).toMatchObject({ disputed: true, disputes: [{ id: 'dispute:eleven-detention-circumstances', kind: 'ACTOR' }] });
      expect(military!.disputes[0]!.sides[0]!.claims.map((c) => c.quote)).toEqual(['Chinese military detained them']);
    });

    it('gives a dispute reached by id its sides and what it is about', async () => {
      const { data } = await ask<{ node: { kind: string; about: { id: string }[]; sides: { side: number; claims: { id: string }[] }[] } }>(
        `{ node(id: "dispute:eleven-detention-manner") { ... on Dispute { kind about { id } sides { side claims { id } } } } }`,
      );
      expect(data.node.kind).toBe('MANNER');
      expect(data.node.about.map((a) => a.id)).toEqual(['event:eleven-bus-toward-laos', 'event:eleven-detained']);
      expect(data.node.sides.map((s) => [s.side, sorted(s.claims.map((c) => c.id))])).toEqual([
        [0, ['claim:sky-detained-crossing-on-foot-august-12']],
        [1, ['claim:dnk-boarded-bus-to-laos', 'claim:dnk-caught-at-checkpoint-august-12']],
      ]);
    });

    it('links each claim to the claims it contradicts, either way round', async () => {
      const { data } = await ask<{ a: { contradicts: { id: string }[] }; b: { contradicts: { id: string }[] }; c: { contradicts: [] } }>(
        `{ a: claim(id: "claim:sky-detained-by-chinese-military") { contradicts { id } }
           b: claim(id: "claim:dnk-caught-by-chinese-border-guards") { contradicts { id } }
           c: claim(id: "claim:voa000-laos-sent-nine-to-china") { contradicts { id } } }`,
      );
      expect(data.a.contradicts.map((c) => c.id)).toEqual([
        'claim:dnk-caught-by-chinese-border-guards',
        'claim:dnk-detained-by-border-control-units',
      ]);
      expect(data.b.contradicts.map((c) => c.id)).toEqual(['claim:sky-detained-by-chinese-military']);
      expect(data.c.contradicts).toEqual([]);
    });
  });

  it('ignores retracted claims everywhere: provenance, statements, disputes and contradictions', async () => {
    const id = `claim:test-evidence-retracted-${Date.now()}`;
    await db.write(
      `MATCH (d:Document {id: 'doc:sky-defectors-held-laos-border'}), (e:Event {id: 'event:eleven-detained'}),
             (dispute:Dispute {id: 'dispute:eleven-detention-manner'}), (other:Claim {id: 'claim:dnk-caught-at-checkpoint-august-12'}),
             (un:Organization {id: 'org:united-nations'})
       CREATE (c:Node:Claim {id: $id, kind: 'Claim', quote: 'N Korean Defectors', start: 0, end: 18, modality: 'reported',
                             predicate: 'test', qualifiersJson: '{}', retracted: true})
       CREATE (c)-[:EVIDENCED_BY {quote: 'N Korean Defectors', start: 0, end: 18}]->(d), (c)-[:SUPPORTS]->(e),
              (c)-[:ATTRIBUTED_TO {ownReporting: false}]->(un), (c)-[:IN_DISPUTE {side: 0}]->(dispute),
              (c)-[:CONTRADICTS {disputeId: dispute.id, kind: 'manner'}]->(other)`,
      { id },
    );
    try {
      expect((await provenance('event:eleven-detained')).totalClaims).toBe(13);
      const { data } = await ask<{
        statementsBy: { totalClaims: number };
        node: { sides: { claims: { id: string }[] }[] };
        claim: { contradicts: { id: string }[] };
      }>(
        `{ statementsBy(sourceIds: ["org:united-nations"]) { totalClaims }
           node(id: "dispute:eleven-detention-manner") { ... on Dispute { sides { claims { id } } } }
           claim(id: "claim:dnk-caught-at-checkpoint-august-12") { contradicts { id } } }`,
      );
      expect(data.statementsBy.totalClaims).toBe(6);
      expect(data.node.sides[0]!.claims.map((c) => c.id)).toEqual(['claim:sky-detained-crossing-on-foot-august-12']);
      expect(data.claim.contradicts.map((c) => c.id)).toEqual(['claim:sky-detained-crossing-on-foot-august-12']);
    } finally {
      await db.write('MATCH (c:Claim {id: $id}) DETACH DELETE c', { id });
    }
  });
});
