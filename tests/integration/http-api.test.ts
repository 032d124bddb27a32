import { useTestApi } from '../helpers/api';
import { MAX_BODY_BYTES } from '../../src/graphql/http-endpoint';

describe('the HTTP API', () => {
  const { api } = useTestApi();

  it('answers a GraphQL query end to end from the seed in Neo4j', async () => {
    const result = await api.graphql<{
      document: { title: string; publishedOn: string; publisher: { name: string }; authors: { name: string }[] };
    }>(`query ($id: ID!) { document(id: $id) { title publishedOn publisher { name } authors { ... on Person { name } } } }`, {
      id: 'doc:dailynk-eleven-apprehended',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.document).toEqual({
      title: '11 Apprehended Near Laos-China Border',
      publishedOn: '2014-08-13',
      publisher: { name: 'Daily NK' },
      authors: [{ name: 'Koo Jun Hoe' }],
    });
  });

  it('pages through documents with cursors and a total count', async () => {
    const query = `query ($after: String) { documents(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    type Page = {
      documents: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] };
    };
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let guard = 0; guard < 10; guard++) {
      const page: { data?: Page } = await api.graphql<Page>(query, { after });
      total = page.data!.documents.totalCount;
      seen.push(...page.data!.documents.edges.map((e) => e.node.id));
      if (!page.data!.documents.pageInfo.hasNextPage) break;
      after = page.data!.documents.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual(
      expect.arrayContaining(['doc:voa-laos-deports-nine', 'doc:sky-defectors-held-laos-border', 'doc:cdt-no-safety-in-china']),
    );
  });

  it('shows a place with its hierarchy and the claims behind each relationship', async () => {
    const result = await api.graphql<{
      entity: {
        name: string;
        aliases: string[];
        locatedIn: { id: string }[];
        relationships: { type: string; claims: { quote: string }[] }[];
      };
    }>(`{ entity(id: "place:qingdao") { name aliases ... on Place { locatedIn { id } } relationships { type claims { quote } } } }`);
    const place = result.data!.entity;
    expect(place.aliases).toContain('Tsiingtao');
    expect(place.locatedIn.map((p) => p.id)).toEqual(['place:shandong', 'country:china']);
    const travelled = place.relationships.filter((r) => r.type === 'TRAVELLED_THROUGH');
    expect(travelled.length).toBeGreaterThan(0);
    const quotes = travelled.flatMap((r) => r.claims.map((c) => c.quote)).join(' | ');
    expect(quotes).toMatch(/Qingdao/);
    expect(quotes).toMatch(/Tsiingtao/);
  });

  it('answers an unknown id with NOT_FOUND naming the id', async () => {
    const result = await api.graphql(`{ document(id: "doc:no-such-article") { title } }`);
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(result.errors![0]!.message).toContain('doc:no-such-article');
  });

  it('answers invalid GraphQL with a validation error that says where', async () => {
    const result = await api.graphql(`{ document(id: "doc:voa-laos-deports-nine") { titel } }`);
    expect(result.status).toBe(400);
    expect(result.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors![0]!.message).toMatch(/titel/);
  });

  it('refuses a page size over the bound with BAD_USER_INPUT', async () => {
    const result = await api.graphql(`{ entities(first: 1000) { totalCount } }`);
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toMatch(/first.*100/);
  });

  it('answers a body that is not JSON, or too large, in GraphQL error shape rather than an HTML page', async () => {
    const post = (body: string) => fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const broken = await post('{"query": "{ health { status } }"');
    expect([broken.status, broken.headers.get('content-type')]).toEqual([400, 'application/json; charset=utf-8']);
    expect(await broken.json()).toEqual({
      errors: [{ message: expect.stringMatching(/^the request body is not valid JSON: /), extensions: { code: 'BAD_REQUEST' } }],
    });
    const huge = await post(JSON.stringify({ query: `{ health { status } }\n#${'x'.repeat(MAX_BODY_BYTES)}` }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });

  it('answers an operation sent by GET as it answers the same one POSTed', async () => {
    const query = `{ document(id: "doc:voa-laos-deports-nine") { title publisher { name } } }`;
    const get = await fetch(`${api.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(200);
    const posted = await api.graphql(query);
    expect(posted.data).toBeDefined();
    expect(await get.json()).toEqual({ data: posted.data });
  });

  it('reports health as up while the database answers', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'up' });
  });

  it('serves the playground page and its assets from the installed packages', async () => {
    const page = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css']) {
      const response = await fetch(`${api.url}/playground/${asset}`);
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  describe('entity filters', () => {
    type Entities = { entities: { totalCount: number; edges: { node: { id: string } }[] } };
    const ids = async (args: string) => {
      const result = await api.graphql<Entities>(`{ entities(${args}, first: 100) { totalCount edges { node { id } } } }`);
      expect(result.errors).toBeUndefined();
      return result.data!.entities.edges.map((e) => e.node.id);
    };

    it('finds the places inside a province or country, at any depth', async () => {
      expect(await ids('kind: Place, filter: { locatedIn: "place:yunnan" }')).toEqual(
        expect.arrayContaining(['place:kunming', 'place:laos-china-border']),
      );
      const inChina = await ids('filter: { locatedIn: "country:china" }');
      expect(inChina).toEqual(expect.arrayContaining(['place:yunnan', 'place:kunming', 'place:qingdao', 'place:tumen']));
      expect(inChina).not.toContain('place:seoul');
      expect(inChina).not.toContain('country:china');
    });

    it('finds organizations by type, news outlets among them', async () => {
      const outlets = await ids('kind: Organization, filter: { orgType: "news_outlet" }');
      expect(outlets).toEqual(expect.arrayContaining(['org:sky-news', 'org:daily-nk', 'org:voa', 'org:ytn', 'org:the-guardian']));
      expect(outlets).not.toContain('org:human-rights-watch');
    });

    it('matches a name or an alias, ignoring case, and separates anonymous sources', async () => {
      expect(await ids('filter: { nameContains: "yangkang" }')).toEqual(['place:ryanggang']);
      const anonymous = await ids('kind: Person, filter: { anonymous: true }');
      expect(anonymous.length).toBeGreaterThan(0);
      expect(anonymous).not.toContain('person:thae-yong-ho');
      expect(await ids('kind: Person, filter: { anonymous: false }')).toContain('person:thae-yong-ho');
    });
  });
});
