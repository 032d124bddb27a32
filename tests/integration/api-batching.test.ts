import { useTestApi } from '../helpers/api';

/** Nested fields are batched per request: the number of Cypher round trips does not grow with the data. */
/** Levels of the deepest query below, with room for a level split across two macrotasks. */
const MAX_TRIPS = 10;

describe('batching of nested fields', () => {
  const { api } = useTestApi();

  const roundTripsOf = async (query: string) => {
    const result = await api.counted(query);
    expect(result.errors).toBeUndefined();
    return { trips: result.roundTrips, data: result.data };
  };

  const claimsOfDocuments = (first: number) => `{
    documents(first: ${first}) {
      edges { node { id publisher { name } claims { id modality document { title } attributedTo { id } cites { id } supports { id } } } }
    }
  }`;

  it('loads documents, their claims and each claim’s links in a fixed number of round trips', async () => {
    const small = await roundTripsOf(claimsOfDocuments(1));
    const large = await roundTripsOf(claimsOfDocuments(12));
    const claims = (large.data as { documents: { edges: { node: { claims: unknown[] } }[] } }).documents.edges.flatMap(
      (e) => e.node.claims,
    );
    expect(claims.length).toBeGreaterThan(150);
    // documents → links and claim ids → nodes → claim links → cited/attributed/supported nodes: one query per loader and
    // level, and a level may split in two when sibling loaders answer in different macrotasks. Loading per item would
    // make one query per claim, hundreds here; the bound holds for 1 document as for 12.
    expect(small.trips).toBeLessThanOrEqual(MAX_TRIPS);
    expect(large.trips).toBeLessThanOrEqual(MAX_TRIPS);
    expect(large.trips).toBeLessThan(claims.length / 20);
  });

  it('loads every entity’s relationships with their claims in a fixed number of round trips', async () => {
    const query = (first: number) =>
      `{ entities(first: ${first}) { edges { node { id relationships { type counterpart { id } claims { quote document { id } } } } } } }`;
    const few = await roundTripsOf(query(3));
    const many = await roundTripsOf(query(100));
    // entities, relationships, counterparts, claim ids, claims, claim links, documents: one query per level (see above).
    expect(few.trips).toBeLessThanOrEqual(MAX_TRIPS);
    expect(many.trips).toBeLessThanOrEqual(MAX_TRIPS);
  });

  it('reads a node by id with the levels below it that the answer asks for, in one query', async () => {
    // The node, its fact relationships with the counterparts, their claims and the claims' documents.
    const entity = await roundTripsOf(`{
      entity(id: "person:thae-yong-ho") {
        id relationships { factId counterpart { id ... on Entity { name } } claims { id quote document { id title } } }
      }
    }`);
    expect(entity.trips).toBe(1);
    // The event, its claims, their documents and the documents' publishers.
    const nested = await roundTripsOf(`{
      event(id: "event:thae-defection-2016") { id claims { id quote document { id title publisher { id name } } } }
    }`);
    expect(nested.trips).toBe(1);
    const claims = (nested.data as { event: { claims: { document: { publisher: { id: string } | null } }[] } }).event.claims;
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.every((c) => c.document.publisher !== null)).toBe(true);
    // Through `node`, fragments and aliases, asking for less in one place than in another.
    const throughNode = await roundTripsOf(`
      query { node(id: "person:thae-yong-ho") { ...Facts } }
      fragment Facts on Entity { brief: relationships { factId } full: relationships { claims { document { publisher { id } } } } }`);
    expect(throughNode.trips).toBe(1);
    // Two lookups asking for the same levels share the query.
    const twoRoots = await roundTripsOf(`{
      a: entity(id: "person:thae-yong-ho") { relationships { claims { id } } }
      b: entity(id: "country:north-korea") { relationships { claims { id } } }
    }`);
    expect(twoRoots.trips).toBe(1);
    // A page of relationships, with their claims and documents.
    const paged = await roundTripsOf(`{
      entity(id: "group:eleven-laos-border") {
        relationshipsConnection(first: 3) { totalCount edges { node { factId counterpart { id } claims { id document { id } } } } }
      }
    }`);
    expect(paged.trips).toBe(1);
    // The same page asked twice, once with less below it: the page read for the deeper one answers both.
    const twoDepths = await roundTripsOf(`{
      entity(id: "group:eleven-laos-border") {
        bare: relationshipsConnection(first: 3) { edges { node { factId } } }
        full: relationshipsConnection(first: 3) { edges { node { factId claims { id } } } }
      }
    }`);
    expect(twoDepths.trips).toBe(1);
  });

  it('reads a list’s relationships with their claims and documents in one query per level', async () => {
    const listed = await roundTripsOf(
      `{ entities(first: 100) { edges { node { id relationships { claims { id document { id title } } } } } } }`,
    );
    // The page; the relationships of every entity on it with their claims and documents.
    expect(listed.trips).toBe(2);
    const documents = await roundTripsOf(
      `{ documents(first: 50) { edges { node { id claims { id document { id publisher { id } } } } } } }`,
    );
    // The page; the claims of every document on it with their documents and publishers.
    expect(documents.trips).toBe(2);
  });

  it('answers the same whether the levels below a node are read with it or level by level', async () => {
    const ids = ['person:thae-yong-ho', 'org:china-government', 'country:north-korea', 'group:eleven-laos-border'];
    const relationships = `relationships { factId type direction propertiesJson counterpart { id ... on Entity { name } }
      claims { id quote start end modality document { id title url publisher { id name } } } }`;
    for (const id of ids) {
      const withIt = await api.graphql<{ entity: { relationships: { factId: string; claims: { id: string; document: unknown }[] }[] } }>(
        `query ($id: ID!) { entity(id: $id) { ${relationships} } }`,
        { id },
      );
      expect(withIt.errors).toBeUndefined();
      const rels = withIt.data!.entity.relationships;
      expect(rels.length).toBeGreaterThan(0);
      // Level by level: the relationships alone, then each claim's document through the claim itself.
      const bare = await api.graphql<{ entity: { relationships: { factId: string; claims: { id: string }[] }[] } }>(
        `query ($id: ID!) { entity(id: $id) { relationships { factId claims { id } } } }`,
        { id },
      );
      expect(bare.data!.entity.relationships).toEqual(rels.map((r) => ({ factId: r.factId, claims: r.claims.map((c) => ({ id: c.id })) })));
      for (const claim of rels.flatMap((r) => r.claims)) {
        const alone = await api.graphql<{ claim: { document: unknown } }>(
          'query ($id: ID!) { claim(id: $id) { document { id title url publisher { id name } } } }',
          { id: claim.id },
        );
        expect(alone.data!.claim.document).toEqual(claim.document);
      }
    }
  });
});

describe('relationships a page at a time', () => {
  const { api } = useTestApi();
  const ID = 'group:eleven-laos-border';
  type Rel = {
    factId: string;
    type: string;
    direction: string;
    counterpart: { id: string };
    claims: { id: string; document: { id: string } }[];
  };
  type Page = {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    edges: { node: Rel }[];
  };
  const REL = 'factId type direction counterpart { id } claims { id document { id } }';

  const whole = async (args = '') => {
    const res = await api.graphql<{ entity: { relationships: Rel[] } }>(`{ entity(id: "${ID}") { relationships${args} { ${REL} } } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.entity.relationships;
  };
  const page = async (args: string) => {
    const res = await api.graphql<{ entity: { relationshipsConnection: Page } }>(
      `{ entity(id: "${ID}") { relationshipsConnection(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { ${REL} } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.entity.relationshipsConnection;
  };

  it('pages through the same relationships, in the same order, with their claims and documents', async () => {
    const all = await whole();
    expect(all.length).toBeGreaterThan(4);
    const seen: Rel[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const p: Page = await page(`first: 3${after ? `, after: "${after}"` : ''}`);
      expect(p.totalCount).toBe(all.length);
      expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...p.edges.map((e) => e.node));
      after = p.pageInfo.hasNextPage ? p.pageInfo.endCursor : null;
      pages++;
    } while (after !== null);
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(seen).toEqual(all);
  });

  it('filters by type and direction as the whole list does, and counts what passes', async () => {
    const all = await whole();
    const type = all[all.length - 1]!.type;
    for (const args of [`types: ["${type}"]`, 'direction: INCOMING', 'direction: OUTGOING', `types: ["${type}"], direction: OUTGOING`]) {
      const expected = await whole(`(${args})`);
      const p = await page(`${args}, first: 100`);
      expect(p.totalCount).toBe(expected.length);
      expect(p.edges.map((e) => e.node)).toEqual(expected);
    }
    expect((await page('types: ["NO_SUCH_TYPE"]')).totalCount).toBe(0);
  });

  it('gives the same page read with the entity as read on its own', async () => {
    const all = await whole();
    for (const args of [
      'first: 3',
      `first: 2, after: "${(await page('first: 2')).pageInfo.endCursor}"`,
      'direction: INCOMING, first: 100',
    ]) {
      const withEntity = await page(args);
      // Two pages asked differently below one entity: each is read on its own.
      const res = await api.graphql<{ entity: { asked: Page; other: { totalCount: number } } }>(
        `{ entity(id: "${ID}") {
            asked: relationshipsConnection(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { ${REL} } } }
            other: relationshipsConnection(first: 1) { totalCount }
          } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.entity.asked).toEqual(withEntity);
      expect(res.data!.entity.other.totalCount).toBe(all.length);
    }
  });

  it('refuses a page larger than 100 and a cursor it did not give out', async () => {
    const big = await api.graphql(`{ entity(id: "${ID}") { relationshipsConnection(first: 101) { totalCount } } }`);
    expect(big.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(big.errors?.[0]?.message).toContain('first');
    const forged = await api.graphql(`{ entity(id: "${ID}") { relationshipsConnection(after: "bogus") { totalCount } } }`);
    expect(forged.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(forged.errors?.[0]?.message).toContain('after');
  });
});

describe('document texts', () => {
  const { api } = useTestApi();

  it('are the same whichever way the document is reached, with every quote at its offsets', async () => {
    type Doc = {
      id: string;
      external: boolean;
      text: string | null;
      claims: { quote: string; start: number; end: number; document: { id: string; text: string | null } }[];
    };
    const listed = await api.graphql<{ documents: { edges: { node: Doc }[] } }>(`{
      documents(first: 100) {
        edges { node { id external text claims { quote start end document { id text } } } }
      }
    }`);
    expect(listed.errors).toBeUndefined();
    const docs = listed.data!.documents.edges.map((e) => e.node);
    expect(docs.filter((d) => !d.external).length).toBeGreaterThan(0);
    for (const d of docs) {
      if (d.external) {
        expect(d.text).toBeNull();
        continue;
      }
      expect(d.text!.length).toBeGreaterThan(100);
      for (const c of d.claims) {
        // Reached through a claim, the document brings the same text, and the quote sits at its offsets in it.
        expect(c.document).toEqual({ id: d.id, text: d.text });
        expect(d.text!.slice(c.start, c.end)).toBe(c.quote);
      }
      const single = await api.graphql<{ document: { text: string } }>('query ($id: ID!) { document(id: $id) { text } }', { id: d.id });
      expect(single.data!.document.text).toBe(d.text);
    }
  });
});
