import { useTestApi } from '../helpers/api';
import { recountLiveClaims } from '../../src/graph/knowledge-writer';

/**
 * Traversal over HTTP (neighbourhoods, paths, routes), against the seed as loaded. Expected values
 * were read in the articles (seed/documents) and the seed YAML; each operation is one Cypher query.
 */
describe('the traversal API', () => {
  const { db, api } = useTestApi();

  /** Runs an operation, expects no errors, and counts the Cypher queries it made. */
  async function run<T>(query: string, variables: Record<string, unknown> = {}) {
    const result = await api.counted<T>(query, variables);
    expect(result.errors).toBeUndefined();
    return { data: result.data!, roundTrips: result.roundTrips };
  }

  async function errorOf(query: string, variables: Record<string, unknown> = {}) {
    const result = await api.graphql(query, variables);
    expect(result.errors).toHaveLength(1);
    return { code: result.errors![0]!.extensions?.code, message: result.errors![0]!.message };
  }

  const VOA_PROTEST_ARTICLE = 'Activists Urge China to Not Repatriate N. Korean Defectors';
  const THAE = 'person:thae-yong-ho';
  const EMBASSY = 'org:chinese-embassy-seoul';
  const PROTEST = 'event:protest-chinese-embassy-seoul-2019-04-30';

  describe('neighborhood', () => {
    interface GraphNode {
      id: string;
      kind: string;
      label: string;
      type: string | null;
      date: string | null;
      datePrecision: string | null;
      modality: string | null;
      depth: number;
    }
    interface GraphEdge {
      id: string;
      type: string;
      kind: string;
      source: string;
      target: string;
      factId: string | null;
      role: string | null;
      claimCount: number;
    }
    interface Neighborhood {
      center: GraphNode;
      nodes: GraphNode[];
      edges: GraphEdge[];
      truncated: boolean;
      truncatedAt: string[];
    }
    const NEIGHBORHOOD = `query ($id: ID!, $depth: Int, $types: [String!], $limit: Int, $perNode: Int) {
      neighborhood(id: $id, depth: $depth, relationshipTypes: $types, limit: $limit, perNode: $perNode) {
        center { id kind label depth }
        nodes { id kind label type date datePrecision dateText modality depth }
        edges { id type kind source target factId role claimCount }
        truncated truncatedAt
      }
    }`;
    async function neighborhood(variables: Record<string, unknown>) {
      const result = await run<{ neighborhood: Neighborhood }>(NEIGHBORHOOD, variables);
      expect(result.roundTrips).toBe(1);
      return result.data.neighborhood;
    }

    it('draws Thae Yong-ho and his neighbours: the protest he organized, his defection, his appeals; in one query', async () => {
      const n = await neighborhood({ id: THAE });
      expect(n.center).toEqual({ id: THAE, kind: 'Person', label: 'Thae Yong-ho', depth: 0 });
      expect(n.nodes[0]!.id).toBe(THAE);
      const ids = n.nodes.map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(
        expect.arrayContaining([PROTEST, 'event:thae-defection-2016', 'country:south-korea', 'org:china-government', 'org:us-government']),
      );
      expect(n.nodes.find((x) => x.id === PROTEST)).toMatchObject({
        kind: 'Event',
        type: 'protest',
        date: '2019-04-30',
        datePrecision: 'day',
        modality: 'REPORTED',
        depth: 1,
      });
      // The embassy is two hops away (through the protest); provenance plumbing is not traversed.
      expect(ids).not.toContain(EMBASSY);
      expect(n.nodes.filter((x) => ['Claim', 'Fact', 'Document'].includes(x.kind))).toEqual([]);
      expect(n.truncated).toBe(false);

      // A fact edge: stable id, its fact, the claims behind it.
      expect(n.edges).toContainEqual({
        id: `${THAE}-[ORGANIZED]->${PROTEST}#fact:thae-organized-embassy-protest`,
        type: 'ORGANIZED',
        kind: 'FACT',
        source: THAE,
        target: PROTEST,
        factId: 'fact:thae-organized-embassy-protest',
        role: null,
        claimCount: 2,
      });
      // A participation edge: the role, and the claims supporting the event.
      const organizer = n.edges.find((e) => e.type === 'PARTICIPATED_IN' && e.source === THAE && e.target === PROTEST)!;
      expect(organizer).toMatchObject({
        kind: 'PARTICIPATION',
        role: 'organizer',
        factId: null,
        id: `${THAE}-[PARTICIPATED_IN]->${PROTEST}#organizer`,
      });
      expect(organizer.claimCount).toBeGreaterThanOrEqual(2);
      // Every edge joins two nodes of the answer, and edge ids are unique.
      expect(n.edges.every((e) => ids.includes(e.source) && ids.includes(e.target))).toBe(true);
      expect(new Set(n.edges.map((e) => e.id)).size).toBe(n.edges.length);
    });

    it('depth 2 reaches the Chinese embassy in Seoul through the protest', async () => {
      const n = await neighborhood({ id: THAE, depth: 2 });
      expect(n.nodes.find((x) => x.id === EMBASSY)).toMatchObject({ kind: 'Organization', type: 'diplomatic_mission', depth: 2 });
      expect(n.edges.map((e) => e.id)).toContain(`${PROTEST}-[APPEALED_TO]->${EMBASSY}#fact:embassy-protest-appealed-to-chinese-embassy`);
      expect(Math.max(...n.nodes.map((x) => x.depth))).toBe(2);
    });

    it('caps a hub at perNode neighbours and says so', async () => {
      const n = await neighborhood({ id: 'country:china', perNode: 5 });
      expect(n.nodes).toHaveLength(6);
      expect(n.truncated).toBe(true);
      expect(n.truncatedAt).toEqual(['country:china']);
      const all = await neighborhood({ id: 'country:china', perNode: 100 });
      expect(all.nodes.length).toBeGreaterThan(6);
      expect(all.truncatedAt).toEqual([]);
    });

    it('counts neighbours against perNode, not the relationships that join them', async () => {
      const all = await neighborhood({ id: THAE, perNode: 100 });
      const neighbours = all.nodes.filter((x) => x.id !== THAE);
      const joining = (id: string) => all.edges.filter((e) => [e.source, e.target].includes(THAE) && [e.source, e.target].includes(id));
      // Some neighbour is joined by more than one relationship, or this would test nothing.
      expect(Math.max(...neighbours.map((x) => joining(x.id).length))).toBeGreaterThan(1);
      const exact = await neighborhood({ id: THAE, perNode: neighbours.length });
      expect(exact.nodes.map((x) => x.id).sort()).toEqual(all.nodes.map((x) => x.id).sort());
      expect(exact.truncated).toBe(false);
      const one = await neighborhood({ id: THAE, perNode: neighbours.length - 1 });
      expect(one.nodes).toHaveLength(neighbours.length);
      expect(one.truncatedAt).toEqual([THAE]);
    });

    it('stops at limit nodes and says so', async () => {
      const n = await neighborhood({ id: THAE, depth: 3, limit: 12 });
      expect(n.nodes).toHaveLength(12);
      expect(n.truncated).toBe(true);
    });

    it('follows LOCATED_IN as the gazetteer, with no claims', async () => {
      const n = await neighborhood({ id: 'place:qingdao', types: ['LOCATED_IN'], depth: 2 });
      expect(n.nodes.map((x) => [x.id, x.depth])).toEqual([
        ['place:qingdao', 0],
        ['place:shandong', 1],
        ['country:china', 2],
      ]);
      expect(n.edges.map((e) => [e.id, e.kind, e.claimCount])).toEqual([
        ['place:qingdao-[LOCATED_IN]->place:shandong', 'GAZETTEER', 0],
        ['place:shandong-[LOCATED_IN]->country:china', 'GAZETTEER', 0],
      ]);
    });

    it('follows provenance relationships only when asked: the claims supporting a fact', async () => {
      const n = await neighborhood({ id: 'fact:thae-organized-embassy-protest', types: ['SUPPORTS'] });
      expect(
        n.nodes
          .slice(1)
          .map((x) => x.id)
          .sort(),
      ).toEqual(['claim:voa003-caption-thae-organized', 'claim:voa003-thae-helped-organize']);
      expect(n.nodes.find((x) => x.id === 'claim:voa003-caption-thae-organized')).toMatchObject({
        kind: 'Claim',
        label: 'The event was organized by former North Korean diplomat Thae Yong-Ho',
      });
      expect(n.edges.every((e) => e.kind === 'PROVENANCE' && e.claimCount === 0)).toBe(true);
    });

    it.each([
      [{ id: 'person:nobody' }, 'NOT_FOUND', 'person:nobody'],
      [{ id: THAE, depth: 4 }, 'BAD_USER_INPUT', 'argument "depth" must be between 1 and 3, got 4'],
      [{ id: THAE, depth: 0 }, 'BAD_USER_INPUT', 'argument "depth"'],
      [{ id: THAE, limit: 501 }, 'BAD_USER_INPUT', 'argument "limit" must be between 1 and 500'],
      [{ id: THAE, perNode: 101 }, 'BAD_USER_INPUT', 'argument "perNode"'],
      [{ id: THAE, types: ['ORGANIZED', 'KNOWS'] }, 'BAD_USER_INPUT', 'unknown type "KNOWS"'],
      [{ id: THAE, types: [] }, 'BAD_USER_INPUT', 'argument "relationshipTypes" must name at least one type'],
    ])('%j → %s', async (variables, code, message) => {
      const error = await errorOf(NEIGHBORHOOD, variables);
      expect(error.code).toBe(code);
      expect(error.message).toContain(message);
    });
  });

  describe('paths (Q7)', () => {
    interface Claim {
      id: string;
      quote: string;
      modality: string;
      document: { id: string; title: string };
      outlet: { id: string; name: string };
      origin: { name: string };
    }
    interface Hop {
      from: { id: string };
      to: { id: string };
      type: string;
      kind: string;
      direction: string;
      factId: string | null;
      role: string | null;
      structural: boolean;
      claimCount: number;
      claims: Claim[];
      outlets: { name: string }[];
    }
    interface Paths {
      from: { id: string; label: string };
      to: { id: string; label: string };
      totalCount: number;
      paths: {
        length: number;
        nodes: { id: string; kind: string; label: string; type: string | null; date: string | null }[];
        hops: Hop[];
      }[];
    }
    const PATHS = `query ($from: ID!, $to: ID!, $maxHops: Int, $types: [String!], $first: Int) {
      paths(from: $from, to: $to, maxHops: $maxHops, relationshipTypes: $types, first: $first) {
        from { id label } to { id label } totalCount
        paths {
          length
          nodes { id kind label type date }
          hops {
            from { id } to { id } type kind direction factId role structural claimCount
            claims { id quote modality document { id title } outlet { id name } origin { name } }
            outlets { name }
          }
        }
      }
    }`;
    async function paths(variables: Record<string, unknown>) {
      const result = await run<{ paths: Paths }>(PATHS, variables);
      expect(result.roundTrips).toBe(1);
      return result.data.paths;
    }

    it('connects Thae Yong-ho to the Chinese embassy in Seoul through the protest of 30 April 2019, with provenance on every hop, in one query', async () => {
      const answer = await paths({ from: THAE, to: EMBASSY });
      expect(answer.from).toEqual({ id: THAE, label: 'Thae Yong-ho' });
      expect(answer.to).toEqual({ id: EMBASSY, label: 'Chinese embassy in Seoul' });
      // organizer/ORGANIZED × target/APPEALED_TO: four shortest paths, all through the protest.
      expect(answer.totalCount).toBe(4);
      expect(answer.paths).toHaveLength(4);
      for (const path of answer.paths) {
        expect(path.length).toBe(2);
        expect(path.nodes.map((n) => n.id)).toEqual([THAE, PROTEST, EMBASSY]);
        expect(path.nodes[1]).toMatchObject({ kind: 'Event', type: 'protest', date: '2019-04-30' });
        for (const hop of path.hops) {
          expect(hop.structural).toBe(false);
          expect(hop.claims.length).toBeGreaterThan(0);
          expect(hop.claimCount).toBe(hop.claims.length);
          expect(new Set(hop.claims.map((c) => c.document.title))).toEqual(new Set([VOA_PROTEST_ARTICLE]));
          expect(hop.outlets).toEqual([{ name: 'Voice of America' }]);
        }
      }

      // The path of facts comes first: Thae ORGANIZED the protest, which APPEALED_TO the embassy.
      const [facts] = answer.paths;
      expect(facts!.hops.map((h) => [h.type, h.kind, h.direction, h.factId])).toEqual([
        ['ORGANIZED', 'FACT', 'OUTGOING', 'fact:thae-organized-embassy-protest'],
        ['APPEALED_TO', 'FACT', 'OUTGOING', 'fact:embassy-protest-appealed-to-chinese-embassy'],
      ]);
      expect(facts!.hops[0]!.claims.map((c) => c.quote)).toEqual(
        expect.arrayContaining(['The event was organized by former North Korean diplomat Thae Yong-Ho', 'helped organize the protest']),
      );
      expect(facts!.hops[1]!.claims.map((c) => c.quote)).toContain(
        'About two dozen activists, including many who also fled North Korea, protested Tuesday in front of the Chinese embassy in Seoul',
      );
      expect(facts!.hops[0]!.claims[0]).toMatchObject({
        modality: 'REPORTED',
        outlet: { name: 'Voice of America' },
        origin: { name: 'Voice of America' },
      });

      // The path of participations: Thae the organizer, the embassy the target, each backed by the protest's claims.
      const roles = answer.paths.find((p) => p.hops.every((h) => h.type === 'PARTICIPATED_IN'))!;
      expect(roles.hops.map((h) => [h.kind, h.role, h.direction])).toEqual([
        ['PARTICIPATION', 'organizer', 'OUTGOING'],
        ['PARTICIPATION', 'target', 'INCOMING'],
      ]);
      expect(roles.hops[0]!.claims.map((c) => c.id)).toContain('claim:voa003-caption-thae-organized');
    });

    it('lists the first `first` paths and counts them all', async () => {
      const answer = await paths({ from: THAE, to: EMBASSY, first: 1 });
      expect(answer.totalCount).toBe(4);
      expect(answer.paths.map((p) => p.hops.map((h) => h.type))).toEqual([['ORGANIZED', 'APPEALED_TO']]);
    });

    it('marks LOCATED_IN hops structural, with no claims: the 11 travelled through Qingdao, in Shandong', async () => {
      const answer = await paths({ from: 'group:eleven-laos-border', to: 'place:shandong' });
      const viaQingdao = answer.paths.find((p) => p.nodes[1]!.id === 'place:qingdao')!;
      const [travelled, located] = viaQingdao.hops;
      expect(travelled).toMatchObject({
        type: 'TRAVELLED_THROUGH',
        kind: 'FACT',
        structural: false,
        factId: 'fact:eleven-travelled-through-qingdao',
      });
      expect(travelled!.claims.map((c) => c.quote).sort()).toEqual([
        'They travelled first to Qingdao in China’s Shandong Province',
        'to Tsiingtao, Shandong Province on August 7th',
      ]);
      expect(travelled!.outlets.map((o) => o.name)).toEqual(['Daily NK', 'Sky News']);
      expect(travelled!.claims.find((c) => c.outlet.name === 'Daily NK')!.origin.name).toBe('YTN');
      expect(located).toMatchObject({
        type: 'LOCATED_IN',
        kind: 'GAZETTEER',
        direction: 'OUTGOING',
        structural: true,
        claimCount: 0,
        claims: [],
      });
    });

    it('does not go through provenance unless asked: Daily NK reaches YTN by the document it cites', async () => {
      const world = await paths({ from: 'org:daily-nk', to: 'org:ytn', maxHops: 6 });
      expect(world.paths.flatMap((p) => p.nodes).filter((n) => ['Claim', 'Document', 'Fact'].includes(n.kind))).toEqual([]);
      const relay = await paths({ from: 'org:daily-nk', to: 'org:ytn', types: ['PUBLISHED_BY', 'CITES'] });
      expect(relay.paths[0]!.nodes.map((n) => n.id)).toEqual([
        'org:daily-nk',
        'doc:dailynk-eleven-apprehended',
        'doc:ytn-report-2014-08-12',
        'org:ytn',
      ]);
      expect(relay.paths[0]!.hops.map((h) => [h.type, h.direction, h.kind, h.structural])).toEqual([
        ['PUBLISHED_BY', 'INCOMING', 'PROVENANCE', true],
        ['CITES', 'OUTGOING', 'PROVENANCE', true],
        ['PUBLISHED_BY', 'OUTGOING', 'PROVENANCE', true],
      ]);
    });

    it('answers no path with an empty list', async () => {
      const answer = await paths({ from: THAE, to: EMBASSY, maxHops: 1 });
      expect(answer).toMatchObject({ totalCount: 0, paths: [] });
    });

    it.each([
      [{ from: 'person:nobody', to: EMBASSY }, 'NOT_FOUND', 'person:nobody'],
      [{ from: THAE, to: 'org:nowhere' }, 'NOT_FOUND', 'org:nowhere'],
      [{ from: THAE, to: EMBASSY, maxHops: 7 }, 'BAD_USER_INPUT', 'argument "maxHops" must be between 1 and 6, got 7'],
      [{ from: THAE, to: EMBASSY, first: 101 }, 'BAD_USER_INPUT', 'argument "first" must be between 0 and 100'],
      [{ from: THAE, to: EMBASSY, types: ['knows'] }, 'BAD_USER_INPUT', 'unknown type "knows"'],
      [{ from: THAE, to: THAE }, 'BAD_USER_INPUT', 'two different nodes'],
    ])('%j → %s', async (variables, code, message) => {
      const error = await errorOf(PATHS, variables);
      expect(error.code).toBe(code);
      expect(error.message).toContain(message);
    });
  });

  describe('a fact whose claims are all retracted', () => {
    // Own data, unique ids, removed afterwards: A HELPED B, asserted by one claim that is retracted,
    // and A HELPED C, asserted by one that is not; the counts of live claims taken as the writer does.
    const A = 'person:traversal-test-a';
    const B = 'person:traversal-test-b';
    const C = 'person:traversal-test-c';
    const FACT = 'fact:traversal-test-a-helped-b';
    const LIVE_FACT = 'fact:traversal-test-a-helped-c';
    const CLAIM = 'claim:traversal-test-a-helped-b';
    const LIVE_CLAIM = 'claim:traversal-test-a-helped-c';
    beforeAll(async () => {
      await db.write(
        `MATCH (d:Document {id: 'doc:sky-defectors-held-laos-border'})
         CREATE (a:Node:Entity:Person {id: $a, kind: 'Person', name: 'Traversal test A'})
         CREATE (b:Node:Entity:Person {id: $b, kind: 'Person', name: 'Traversal test B'})
         CREATE (c:Node:Entity:Person {id: $c, kind: 'Person', name: 'Traversal test C'})
         CREATE (f:Node:Fact {id: $fact, kind: 'Fact', type: 'HELPED', propertiesJson: '{}'})
         CREATE (g:Node:Fact {id: $liveFact, kind: 'Fact', type: 'HELPED', propertiesJson: '{}'})
         CREATE (x:Node:Claim {id: $claim, kind: 'Claim', quote: 'A helped B', modality: 'reported', retracted: true})
         CREATE (y:Node:Claim {id: $liveClaim, kind: 'Claim', quote: 'A helped C', start: 0, end: 10, qualifiersJson: '{}', modality: 'reported', retracted: false})
         CREATE (f)-[:FROM]->(a), (f)-[:TO]->(b), (a)-[:HELPED {factId: $fact}]->(b), (x)-[:SUPPORTS]->(f)
         CREATE (g)-[:FROM]->(a), (g)-[:TO]->(c), (a)-[:HELPED {factId: $liveFact}]->(c), (y)-[:SUPPORTS]->(g)
         CREATE (x)-[:EVIDENCED_BY]->(d), (y)-[:EVIDENCED_BY]->(d)`,
        { a: A, b: B, c: C, fact: FACT, liveFact: LIVE_FACT, claim: CLAIM, liveClaim: LIVE_CLAIM },
      );
      await db.writeTransaction((tx) => recountLiveClaims(tx, [FACT, LIVE_FACT]));
    });
    afterAll(async () => {
      await db.write('MATCH (n:Node) WHERE n.id IN $ids DETACH DELETE n', { ids: [A, B, C, FACT, LIVE_FACT, CLAIM, LIVE_CLAIM] });
    });

    it('is not traversed: no edge, no path; a fact with a live claim is', async () => {
      const n = await run<{ neighborhood: { nodes: { id: string }[]; edges: { id: string; claimCount: number }[] } }>(
        `query ($id: ID!) { neighborhood(id: $id) { nodes { id } edges { id claimCount } } }`,
        { id: A },
      );
      expect(n.data.neighborhood).toEqual({
        nodes: [{ id: A }, { id: C }],
        edges: [{ id: `${A}-[HELPED]->${C}#${LIVE_FACT}`, claimCount: 1 }],
      });
      const paths = async (to: string) =>
        (
          await run<{ paths: { totalCount: number } }>(`query ($from: ID!, $to: ID!) { paths(from: $from, to: $to) { totalCount } }`, {
            from: A,
            to,
          })
        ).data.paths.totalCount;
      expect(await paths(B)).toBe(0);
      expect(await paths(C)).toBe(1);
    });
  });

  describe('route (Q4)', () => {
    interface Ref {
      id: string;
      name: string;
    }
    interface Stop {
      factId: string;
      order: number | null;
      place: { id: string; name: string; placeType: string | null; within: Ref[]; country: Ref | null };
      refines: string | null;
      leg: string | null;
      date: string | null;
      dateText: string | null;
      datePrecision: string;
      datesDiffer: boolean;
      sourceDates: { outlet: Ref; origin: Ref; date: string | null; dateText: string | null; datePrecision: string; claimIds: string[] }[];
      claims: {
        id: string;
        quote: string;
        outlet: Ref;
        origin: Ref;
        document: { title: string };
        date: string | null;
        dateText: string | null;
      }[];
      outlets: Ref[];
      eventIds: string[];
    }
    interface Route {
      group: { id: string; label: string };
      stops: Stop[];
      journeys: { id: string; type: string }[];
      legs: {
        id: string;
        type: string;
        date: string | null;
        place: { name: string } | null;
        role: string;
        stopOrder: number | null;
        claimCount: number;
      }[];
    }
    const ROUTE = `query ($groupId: ID!) {
      route(groupId: $groupId) {
        group { id label }
        stops {
          factId order refines leg date dateText datePrecision datesDiffer eventIds
          place { id name placeType within { id name } country { id name } }
          sourceDates { outlet { id name } origin { id name } date dateText datePrecision claimIds }
          claims { id quote outlet { id name } origin { id name } document { title } date dateText }
          outlets { id name }
        }
        journeys { id type }
        legs { id type date place { name } role stopOrder claimCount }
      }
    }`;
    const name = (refs: Ref[]) => refs.map((r) => r.name);

    it('gives the route of the 11 from North Korea to the Laos–China border, in order, with dates, in one query', async () => {
      const result = await run<{ route: Route }>(ROUTE, { groupId: 'group:eleven-laos-border' });
      expect(result.roundTrips).toBe(1);
      const { route } = result.data;
      expect(route.group.id).toBe('group:eleven-laos-border');
      expect(route.stops.map((s) => [s.order, s.place.name, s.date, s.datePrecision])).toEqual([
        [1, 'Ryanggang Province', '2014-07', 'month'],
        [1, 'Bocheon', null, 'unknown'],
        [2, 'China–North Korea border', null, 'unknown'],
        [3, 'Qingdao', '2014-08-07', 'day'],
        [4, 'Kunming', '2014-08-10', 'day'],
        [5, 'Laos–China border', '2014-08-12', 'day'],
      ]);
      const at = (place: string) => route.stops.find((s) => s.place.name === place)!;

      // It starts in North Korea: Bocheon (Daily NK's precision) lies in Ryanggang (Sky News's).
      expect(at('Bocheon')).toMatchObject({ refines: 'place:ryanggang', leg: 'departure' });
      expect(name(at('Bocheon').place.within)).toEqual(['Ryanggang Province', 'North Korea']);
      expect(at('Bocheon').claims.map((c) => c.quote)).toEqual(['They escaped from Bocheon, Yangkang Province']);
      expect(at('Ryanggang Province')).toMatchObject({ dateText: 'at the end of July', place: { country: { name: 'North Korea' } } });
      expect(at('Ryanggang Province').claims.map((c) => c.quote)).toContain(
        'the group left North Korea’s Ryanggang Province at the end of July',
      );
      expect(at('Qingdao').place).toMatchObject({ placeType: 'city', country: { id: 'country:china' } });
      expect(name(at('Qingdao').place.within)).toEqual(['Shandong Province', 'China']);
      expect(name(at('Qingdao').outlets)).toEqual(['Daily NK', 'Sky News']);
      expect(at('Kunming').claims.map((c) => c.quote)).toContain('made their way to Kunming,Yunnan Province on August 10th');

      // Each source's date: Sky News gives none for Qingdao; Daily NK does, relaying YTN.
      expect(at('Qingdao').sourceDates).toEqual([
        {
          outlet: { id: 'org:daily-nk', name: 'Daily NK' },
          origin: { id: 'org:ytn', name: 'YTN' },
          date: '2014-08-07',
          dateText: 'on August 7th',
          datePrecision: 'day',
          claimIds: ['claim:dnk-reached-qingdao-august-7'],
        },
      ]);
      // At the border both date it to 12 August, each in its own words.
      const border = at('Laos–China border');
      expect(border.sourceDates.map((d) => [d.outlet.name, d.origin.name, d.date, d.dateText])).toEqual([
        ['Daily NK', 'YTN', '2014-08-12', 'on the morning of August 12th'],
        ['Sky News', 'Sky News', '2014-08-12', 'on August 12'],
      ]);
      expect(border.datesDiffer).toBe(false);
      expect(border.claims.map((c) => c.quote)).toEqual(
        expect.arrayContaining(['as they were trying to cross by foot on August 12', 'at a checkpoint on the morning of August 12th']),
      );
      expect(border.eventIds).toEqual(['event:eleven-detained']);

      // The legs of the escape, in route order: the bus of 11 August comes between Kunming and the border.
      expect(route.journeys).toEqual([{ id: 'event:eleven-escape', type: 'escape' }]);
      expect(route.legs.map((l) => [l.id, l.date, l.place?.name, l.stopOrder])).toEqual([
        ['event:eleven-depart-ryanggang', '2014-07', 'Ryanggang Province', 1],
        ['event:eleven-cross-into-china', null, 'China–North Korea border', 2],
        ['event:eleven-travel-to-qingdao', '2014-08-07', 'Qingdao', 3],
        ['event:eleven-travel-to-kunming', '2014-08-10', 'Kunming', 4],
        ['event:eleven-bus-toward-laos', '2014-08-11', 'Yunnan Province', null],
        ['event:eleven-detained', '2014-08-12', 'Laos–China border', 5],
      ]);
      expect(route.legs.find((l) => l.id === 'event:eleven-detained')).toMatchObject({ type: 'detention', role: 'detainee' });
    });

    it('answers a group without a route with no stops', async () => {
      const result = await run<{ route: Route }>(ROUTE, { groupId: 'group:nine-laos-deportees' });
      expect(result.data.route).toMatchObject({ stops: [], legs: [] });
    });

    it.each([
      ['group:nobody', 'NOT_FOUND', 'no people group with id "group:nobody"'],
      [THAE, 'BAD_USER_INPUT', `argument "groupId" must name a people group; "${THAE}" is a Person`],
    ])('%s → %s', async (groupId, code, message) => {
      const error = await errorOf(ROUTE, { groupId });
      expect(error.code).toBe(code);
      expect(error.message).toBe(message);
    });
  });
});
