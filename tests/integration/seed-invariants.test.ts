import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphDatabase } from '../../src/db/graph-database';
import { prepareGraph } from '../../src/db/graph-schema';
import { loadKnowledgePaths, SEED_DIR } from '../../src/ingest/load';
import { fingerprint, graphCounts, liveClaimCountsAstray, placedWithinAstray, testDatabase } from '../helpers/database';
import { readSeed, type SeedClaim, type SeedDocument, type SeedFile } from '../helpers/seed';

/**
 * The invariants of the knowledge model (design/knowledge-model.md), checked on the seed as the
 * global setup loaded it. Expectations come from the seed YAML (read here with the `yaml` package,
 * independently of the loader) and from values read in the articles.
 */

/** Every claim with the document it belongs to (a file with one text document may leave `document` out). */
function claimsWithDocument(seed: SeedFile[]): (SeedClaim & { document: string })[] {
  return seed.flatMap((f) => {
    const textDocs = f.documents.filter((d) => d.textFile);
    return f.claims.map((c) => ({ ...c, document: c.document ?? textDocs[0]!.id }));
  });
}

function seedIds(seed: SeedFile[]): string[] {
  return seed.flatMap((f) => [...f.documents, ...f.entities, ...f.events, ...f.facts, ...f.claims, ...f.disputes].map((r) => r.id));
}

/** Seed documents that have an article text, with the text file's path on disk. */
function articles(seed: SeedFile[]): (SeedDocument & { textPath: string })[] {
  return seed.flatMap((f) =>
    f.documents.filter((d) => d.textFile).map((d) => ({ ...d, textPath: path.resolve(path.dirname(f.file), d.textFile!) })),
  );
}

// ---------------------------------------------------------------------------------------------
// The graph
// ---------------------------------------------------------------------------------------------

async function allIds(db: GraphDatabase): Promise<string[]> {
  const rows = await db.read<{ id: string }>('MATCH (n) RETURN n.id AS id ORDER BY id');
  return rows.map((r) => r.id);
}

/** What one query returns about a fact: every claim with its quote, document, outlet, source and relay chain. */
interface ProvenanceRow {
  type: string;
  from: string;
  to: string;
  reportedBy: string[];
  claim: string;
  quote: string;
  modality: string;
  start: number;
  end: number;
  document: string;
  title: string;
  outlet: string;
  source: string;
  ownReporting: boolean;
  upstream: { id: string; by: string }[];
}

const PROVENANCE_QUERY = `
  MATCH (f:Fact {id: $factId})-[:FROM]->(from), (f)-[:TO]->(to)
  MATCH (c:Claim)-[:SUPPORTS]->(f)
  MATCH (c)-[ev:EVIDENCED_BY]->(d:Document)-[:PUBLISHED_BY]->(outlet)
  MATCH (c)-[att:ATTRIBUTED_TO]->(source)
  OPTIONAL MATCH chain = (c)-[:CITES*1..6]->(root) WHERE NOT (root)-[:CITES]->()
  WITH f, from, to, c, ev, d, outlet, att, source, chain ORDER BY length(chain) DESC
  WITH f, from, to, c, ev, d, outlet, att, source, head(collect(chain)) AS chain
  RETURN f.type AS type, from.id AS from, to.id AS to,
         [(f)-[:REPORTED_BY]->(o) | o.name] AS reportedBy,
         c.id AS claim, c.quote AS quote, c.modality AS modality, ev.start AS start, ev.end AS end,
         d.id AS document, d.title AS title, outlet.name AS outlet,
         source.id AS source, att.ownReporting AS ownReporting,
         CASE WHEN chain IS NULL THEN [] ELSE
           [n IN tail(nodes(chain)) | {id: n.id, by: coalesce(head([(n)-[:PUBLISHED_BY]->(p) | p.name]), n.name)}]
         END AS upstream
  ORDER BY claim`;

function provenance(db: GraphDatabase, factId: string): Promise<ProvenanceRow[]> {
  return db.read<ProvenanceRow>(PROVENANCE_QUERY, { factId });
}

/** Relay chains from a document or any of its claims, as outlet/body names from the first upstream hop to the origin. */
async function relayChains(db: GraphDatabase, documentId: string): Promise<string[][]> {
  const rows = await db.read<{ chain: string[] }>(
    `MATCH (d:Document {id: $documentId})
     UNWIND [d] + [(c:Claim)-[:EVIDENCED_BY]->(d) | c] AS start
     MATCH p = (start)-[:CITES*1..6]->(root) WHERE NOT (root)-[:CITES]->()
     RETURN DISTINCT [n IN tail(nodes(p)) | coalesce(head([(n)-[:PUBLISHED_BY]->(o) | o.name]), n.name)] AS chain`,
    { documentId },
  );
  return rows.map((r) => r.chain);
}

const byClaim = (rows: ProvenanceRow[], id: string) => rows.find((r) => r.claim === id)!;
const unique = <T>(xs: T[]) => [...new Set(xs)].sort();

// ---------------------------------------------------------------------------------------------

describe('seed invariants', () => {
  const db = testDatabase();
  let seed: SeedFile[];

  beforeAll(async () => {
    seed = await readSeed();
  });
  afterAll(() => db.close());

  describe('1. every event and fact is supported by at least one claim', () => {
    it('every Event node has a supporting claim', async () => {
      const unsupported = await db.read('MATCH (e:Event) WHERE NOT EXISTS { (:Claim)-[:SUPPORTS]->(e) } RETURN e.id AS id');
      expect(unsupported).toEqual([]);
      const [row] = await db.read<{ events: number }>('MATCH (e:Event) RETURN count(e) AS events');
      expect(row!.events).toBe(seed.flatMap((f) => f.events).length);
    });

    it('every Fact node has a supporting claim and both ends', async () => {
      const broken = await db.read(
        `MATCH (f:Fact)
         WHERE NOT EXISTS { (:Claim)-[:SUPPORTS]->(f) } OR COUNT { (f)-[:FROM]->() } <> 1 OR COUNT { (f)-[:TO]->() } <> 1
         RETURN f.id AS id`,
      );
      expect(broken).toEqual([]);
      const [row] = await db.read<{ facts: number }>('MATCH (f:Fact) RETURN count(f) AS facts');
      expect(row!.facts).toBe(seed.flatMap((f) => f.facts).length);
    });

    it('every fact, event and fact relationship holds the count of its live claims', async () => {
      expect(await liveClaimCountsAstray(db)).toEqual([]);
      // The counts are there to be read: facts with several claims hold more than one.
      const [row] = await db.read<{ most: number; counted: number }>(
        'MATCH (f:Fact) RETURN max(f.liveClaims) AS most, count(f.liveClaims) AS counted',
      );
      expect(row!.most).toBeGreaterThan(1);
      expect(row!.counted).toBe(seed.flatMap((f) => f.facts).length);
      // The seed's arrest of the 20 is placed in Shandong and Yunnan by claims that assert ARRESTED_IN facts too.
      const placing = await db.read<{ id: string; placing: number }>(
        `MATCH (e:Event {id: 'event:twenty-arrested'})<-[:SUPPORTS]-(:Claim)-[:SUPPORTS]->(f:Fact {type: 'ARRESTED_IN'})
         RETURN DISTINCT f.id AS id, f.placingClaims AS placing
         UNION
         MATCH (e:Event {id: 'event:twenty-arrested'}) RETURN e.id AS id, e.placingClaims AS placing`,
      );
      expect(placing.length).toBeGreaterThan(2);
      for (const x of placing) expect(x.placing).toBeGreaterThan(0);
    });

    it('are counted again when the graph is prepared, where a store written before they were kept lacks them', async () => {
      const before = await fingerprint(db);
      await db.write(
        `CALL () { MATCH (f:Fact) WITH f ORDER BY f.id LIMIT 20 MATCH ()-[r {factId: f.id}]->() REMOVE f.liveClaims, r.liveClaims }
         CALL () { MATCH (e:Event) WITH e ORDER BY e.id LIMIT 20 REMOVE e.liveClaims }
         CALL () { MATCH (x:Event|Fact) WHERE x.placingClaims IS NOT NULL WITH x ORDER BY x.id DESC LIMIT 20 REMOVE x.placingClaims }`,
      );
      expect(await liveClaimCountsAstray(db)).toHaveLength(80);
      await prepareGraph(db);
      expect(await fingerprint(db)).toEqual(before);
    });

    it('every event holds the places it lies within, up to its country, as a list and as WITHIN relationships', async () => {
      expect(await placedWithinAstray(db)).toEqual([]);
      const events = await db.read<{ id: string; within: string[] }>(
        `MATCH (e:Event) WHERE e.id IN $ids RETURN e.id AS id, e.placedWithin AS within`,
        { ids: ['event:voa002-transfer-to-tumen', 'event:nine-deported-laos-to-china', 'event:twenty-arrested'] },
      );
      expect(Object.fromEntries(events.map((e) => [e.id, e.within]))).toEqual({
        'event:voa002-transfer-to-tumen': ['country:china', 'place:jilin', 'place:tumen', 'place:tumen-detention-center'],
        'event:nine-deported-laos-to-china': ['country:laos', 'place:vientiane'],
        // China, where it occurred; Shandong and Yunnan, where the claims that report it say the 20 were arrested.
        'event:twenty-arrested': ['country:china', 'place:shandong', 'place:yunnan'],
      });
      // An event with no place of its own holds an empty list, not nothing.
      const [unplaced] = await db.read<{ within: string[] }>(
        `MATCH (e:Event) WHERE NOT EXISTS { (e)-[:OCCURRED_IN]->() } AND NOT EXISTS { (e)<-[:SUPPORTS]-(:Claim)-[:SUPPORTS]->(:Fact) }
         RETURN e.placedWithin AS within LIMIT 1`,
      );
      expect(unplaced?.within).toEqual([]);
    });

    it('are placed again when the graph is prepared, where a store written before they were kept lacks them', async () => {
      const before = await fingerprint(db);
      await db.write(
        `MATCH (e:Event) WITH e ORDER BY e.id LIMIT 5
         REMOVE e.placedWithin
         WITH e MATCH (e)-[w:WITHIN]->() DELETE w`,
      );
      expect(await placedWithinAstray(db)).toHaveLength(5);
      await prepareGraph(db);
      expect(await fingerprint(db)).toEqual(before);
    });

    it('every typed fact relationship matches a supported Fact node: same id, type and ends', async () => {
      const orphans = await db.read(
        `MATCH (a)-[r]->(b) WHERE r.factId IS NOT NULL
         OPTIONAL MATCH (f:Fact {id: r.factId})
         WITH a, r, b, f
         WHERE f IS NULL OR f.type <> type(r)
            OR NOT EXISTS { (f)-[:FROM]->(a) } OR NOT EXISTS { (f)-[:TO]->(b) }
            OR NOT EXISTS { (:Claim)-[:SUPPORTS]->(f) }
         RETURN r.factId AS factId, type(r) AS type`,
      );
      expect(orphans).toEqual([]);
      // and, the other way round, every Fact node has exactly one typed relationship
      const missing = await db.read(`MATCH (f:Fact) WHERE COUNT { ()-[r]->() WHERE r.factId = f.id } <> 1 RETURN f.id AS id`);
      expect(missing).toEqual([]);
    });

    it('REPORTED_BY of every event and fact is exactly the publishers of its supporting claims', async () => {
      const mismatched = await db.read(
        `MATCH (x) WHERE x:Event OR x:Fact
         WITH x,
              COLLECT { MATCH (x)-[:REPORTED_BY]->(o) RETURN DISTINCT o.id ORDER BY o.id } AS reportedBy,
              COLLECT { MATCH (x)<-[:SUPPORTS]-(:Claim)-[:EVIDENCED_BY]->(:Document)-[:PUBLISHED_BY]->(o)
                        RETURN DISTINCT o.id ORDER BY o.id } AS publishers
         WHERE reportedBy <> publishers
         RETURN x.id AS id, reportedBy, publishers`,
      );
      expect(mismatched).toEqual([]);
    });
  });

  describe('2. every claim quotes its document verbatim at the stored offsets', () => {
    it('every claim of the seed is in the graph with exactly one EVIDENCED_BY to its document', async () => {
      const expected = claimsWithDocument(seed)
        .map((c) => `${c.id} @ ${c.document}`)
        .sort();
      const rows = await db.read<{ line: string }>(
        `MATCH (c:Claim)-[:EVIDENCED_BY]->(d:Document) RETURN c.id + ' @ ' + d.id AS line ORDER BY line`,
      );
      expect(rows.map((r) => r.line)).toEqual(expected);
    });

    it('in Cypher: quote = substring(text, start, end - start), and the evidence link carries the same quote and offsets', async () => {
      const wrong = await db.read(
        `MATCH (c:Claim)-[ev:EVIDENCED_BY]->(d:Document)
         WHERE d.text IS NULL OR c.end - c.start <> size(c.quote)
            OR substring(d.text, c.start, c.end - c.start) <> c.quote
            OR ev.quote <> c.quote OR ev.start <> c.start OR ev.end <> c.end
         RETURN c.id AS id, c.start AS start, c.end AS end`,
      );
      expect(wrong).toEqual([]);
      const [row] = await db.read<{ checked: number }>('MATCH (c:Claim)-[:EVIDENCED_BY]->(:Document) RETURN count(c) AS checked');
      expect(row!.checked).toBe(claimsWithDocument(seed).length);
    });

    it('in JS: every quote sits at its offsets in the article file on disk, and equals the quote written in the seed', async () => {
      const texts = new Map<string, string>();
      for (const a of articles(seed)) texts.set(a.id, await readFile(a.textPath, 'utf8'));
      const stored = await db.read<{ id: string; document: string; quote: string; start: number; end: number }>(
        'MATCH (c:Claim)-[:EVIDENCED_BY]->(d:Document) RETURN c.id AS id, d.id AS document, c.quote AS quote, c.start AS start, c.end AS end',
      );
      const seedQuotes = new Map(claimsWithDocument(seed).map((c) => [c.id, c.quote]));
      const wrong = stored
        .filter((c) => texts.get(c.document)?.slice(c.start, c.end) !== c.quote || seedQuotes.get(c.id) !== c.quote)
        .map((c) => c.id);
      expect(wrong).toEqual([]);
      expect(stored).toHaveLength(seedQuotes.size);
    });

    it('every seed article text in the graph equals its file under seed/documents', async () => {
      const docs = articles(seed);
      expect(docs).toHaveLength(6);
      for (const doc of docs) {
        expect(path.dirname(doc.textPath)).toBe(path.resolve(SEED_DIR, '..', 'documents'));
        const [row] = await db.read<{ text: string }>('MATCH (d:Document {id: $id}) RETURN d.text AS text', { id: doc.id });
        expect({ id: doc.id, text: row?.text }).toEqual({ id: doc.id, text: await readFile(doc.textPath, 'utf8') });
      }
    });
  });

  describe('3 and 4. loading the seed again changes nothing; ids are stable and unique', () => {
    let before: Awaited<ReturnType<typeof fingerprint>>;
    let after: Awaited<ReturnType<typeof fingerprint>>;
    let countsBefore: Awaited<ReturnType<typeof graphCounts>>;
    let countsAfter: Awaited<ReturnType<typeof graphCounts>>;
    let idsBefore: string[];
    let idsAfter: string[];

    beforeAll(async () => {
      countsBefore = await graphCounts(db);
      before = await fingerprint(db);
      idsBefore = await allIds(db);
      await loadKnowledgePaths(db, [SEED_DIR]);
      countsAfter = await graphCounts(db);
      after = await fingerprint(db);
      idsAfter = await allIds(db);
    });

    it('node and relationship counts are unchanged', () => {
      expect(countsAfter).toEqual(countsBefore);
      expect(countsBefore.nodes).toBeGreaterThan(0);
    });

    it('every node, with all its properties including createdAt, is unchanged', () => {
      expect(after.nodes).toEqual(before.nodes);
      expect(before.nodes.every((n) => n.includes('"createdAt"'))).toBe(true);
    });

    it('every relationship (type, ends, properties) is unchanged', () => {
      expect(after.relationships).toEqual(before.relationships);
    });

    it('the set of ids after the reload equals the set before', () => {
      expect(idsAfter).toEqual(idsBefore);
    });

    it('every node has a non-empty id, unique across the graph', async () => {
      const blank = await db.read('MATCH (n) WHERE n.id IS NULL OR trim(toString(n.id)) = "" RETURN labels(n) AS labels LIMIT 5');
      expect(blank).toEqual([]);
      const duplicated = await db.read('MATCH (n) WITH n.id AS id, count(*) AS nodes WHERE nodes > 1 RETURN id, nodes');
      expect(duplicated).toEqual([]);
    });

    it('every seed id is a node, labelled :Node and with the kind its prefix names', async () => {
      const KIND_OF_PREFIX: Record<string, string> = {
        person: 'Person',
        group: 'PeopleGroup',
        org: 'Organization',
        country: 'Country',
        place: 'Place',
        event: 'Event',
        fact: 'Fact',
        claim: 'Claim',
        doc: 'Document',
        dispute: 'Dispute',
      };
      const ids = seedIds(seed);
      expect(new Set(ids).size).toBe(ids.length);
      const rows = await db.read<{ id: string; labels: string[]; kind: string }>(
        'MATCH (n:Node) WHERE n.id IN $ids RETURN n.id AS id, labels(n) AS labels, n.kind AS kind',
        { ids },
      );
      expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
      const wrongKind = rows.filter((r) => {
        const kind = KIND_OF_PREFIX[r.id.slice(0, r.id.indexOf(':'))]!;
        return r.kind !== kind || !r.labels.includes(kind);
      });
      expect(wrongKind).toEqual([]);
    });
  });

  describe('5. the provenance of a fact is one query', () => {
    it('the detention of the 11 at the Laos–China border: Sky News reporting, and Daily NK relaying YTN', async () => {
      const factId = 'fact:eleven-detained-at-laos-china-border';
      const rows = await provenance(db, factId);

      const expectedClaims = claimsWithDocument(seed)
        .filter((c) => c.supports?.includes(factId))
        .map((c) => c.id)
        .sort();
      expect(rows.map((r) => r.claim)).toEqual(expectedClaims);
      expect(rows.length).toBe(7);
      expect(rows[0]).toMatchObject({ type: 'DETAINED_IN', from: 'group:eleven-laos-border', to: 'place:laos-china-border' });
      expect(unique(rows[0]!.reportedBy)).toEqual(['Daily NK', 'Sky News']);
      expect(unique(rows.map((r) => r.outlet))).toEqual(['Daily NK', 'Sky News']);
      expect(unique(rows.map((r) => r.title))).toEqual(['11 Apprehended Near Laos-China Border', 'N Korean Defectors Held On Laos Border']);

      // Daily NK credits YTN and relays YTN's report of 12 August 2014.
      expect(byClaim(rows, 'claim:dnk-detained-by-border-control-units')).toMatchObject({
        quote: '11 North Koreans, detained by Chinese border control units near the border of Laos',
        document: 'doc:dailynk-eleven-apprehended',
        outlet: 'Daily NK',
        source: 'org:ytn',
        ownReporting: false,
        upstream: [{ id: 'doc:ytn-report-2014-08-12', by: 'YTN' }],
      });
      for (const row of rows.filter((r) => r.outlet === 'Daily NK')) {
        expect({ claim: row.claim, upstream: row.upstream }).toEqual({
          claim: row.claim,
          upstream: [{ id: 'doc:ytn-report-2014-08-12', by: 'YTN' }],
        });
      }
      // Sky News reports it on its own account and relays nobody.
      expect(byClaim(rows, 'claim:sky-detained-along-border-yunnan')).toMatchObject({
        quote: 'were detained along the border between Laos and China’s Yunnan Province',
        source: 'org:sky-news',
        ownReporting: true,
        upstream: [],
      });
      for (const row of rows.filter((r) => r.outlet === 'Sky News')) {
        expect(row).toMatchObject({
          document: 'doc:sky-defectors-held-laos-border',
          source: 'org:sky-news',
          ownReporting: true,
          upstream: [],
        });
      }
    });

    it('the repatriation of the nine: the full chain China Digital Times → The Guardian → UN human rights office', async () => {
      const factId = 'fact:nine-repatriated-to-north-korea';
      const rows = await provenance(db, factId);
      const expectedClaims = claimsWithDocument(seed)
        .filter((c) => c.supports?.includes(factId))
        .map((c) => c.id)
        .sort();
      expect(rows.map((r) => r.claim)).toEqual(expectedClaims);
      expect(rows[0]).toMatchObject({ type: 'REPATRIATED_TO', from: 'group:nine-laos-deportees', to: 'country:north-korea' });

      expect(byClaim(rows, 'claim:cdt-un-credible-information-sent-back')).toMatchObject({
        quote: 'The UN said it had “credible information” that China had sent the defectors back to North Korea last week',
        modality: 'alleged',
        outlet: 'China Digital Times',
        source: 'org:united-nations',
        ownReporting: false,
        upstream: [
          { id: 'doc:guardian-mccurry-nine-orphans', by: 'The Guardian' },
          { id: 'org:un-human-rights-office', by: 'UN human rights office' },
        ],
      });
      expect(byClaim(rows, 'claim:voa000-fears-repatriation-by-beijing')).toMatchObject({
        quote: 'The deportation raises fears the defectors may be repatriated by Beijing to North Korea',
        modality: 'expected',
        outlet: 'Voice of America',
        source: 'org:voa',
        ownReporting: true,
        upstream: [],
      });
    });
  });

  describe('the seed articles as loaded', () => {
    const ARTICLES = [
      ['doc:sky-defectors-held-laos-border', 'N Korean Defectors Held On Laos Border', 'Sky News', null],
      ['doc:dailynk-eleven-apprehended', '11 Apprehended Near Laos-China Border', 'Daily NK', '2014-08-13'],
      ['doc:voa-laos-deports-nine', 'Laos Deports 9 North Korean Defectors to China', 'Voice of America', null],
      ['doc:voa-twenty-arrested', '20 N. Korean Defectors Arrested in China, Face Deportation', 'Voice of America', null],
      ['doc:voa-activists-urge-china', 'Activists Urge China to Not Repatriate N. Korean Defectors', 'Voice of America', '2019-04-30'],
      ['doc:cdt-no-safety-in-china', 'North Korean Defectors Find No Safety in China', 'China Digital Times', null],
    ] as const;

    it('the six articles with a text are exactly the seed articles', async () => {
      const rows = await db.read<{ id: string }>(
        'MATCH (d:Document) WHERE d.text IS NOT NULL AND NOT d.external RETURN d.id AS id ORDER BY id',
      );
      expect(rows.map((r) => r.id)).toEqual(ARTICLES.map(([id]) => id).sort());
      expect(
        articles(seed)
          .map((a) => a.id)
          .sort(),
      ).toEqual(ARTICLES.map(([id]) => id).sort());
    });

    it.each(ARTICLES)(
      '%s: title "%s", published by %s on %s, the text opening with its title, with claims',
      async (id, title, outlet, date) => {
        const [row] = await db.read<{ title: string; text: string; outlet: string; publishedOn: string | null; claims: number }>(
          `MATCH (d:Document {id: $id})-[:PUBLISHED_BY]->(o)
         RETURN d.title AS title, d.text AS text, o.name AS outlet, d.publishedOn AS publishedOn,
                COUNT { (:Claim)-[:EVIDENCED_BY]->(d) } AS claims`,
          { id },
        );
        expect(row).toMatchObject({ title, outlet, publishedOn: date });
        expect(row!.text.split('\n')[0]).toBe(title);
        expect(row!.claims).toBeGreaterThan(0);
        const yamlClaims = claimsWithDocument(seed).filter((c) => c.document === id).length;
        expect(row!.claims).toBe(yamlClaims);
      },
    );

    it('Daily NK’s article is written by Koo Jun Hoe', async () => {
      const rows = await db.read<{ name: string; role: string }>(
        'MATCH (:Document {id: "doc:dailynk-eleven-apprehended"})-[w:WRITTEN_BY]->(p) RETURN p.name AS name, w.role AS role',
      );
      expect(rows).toEqual([{ name: 'Koo Jun Hoe', role: 'author' }]);
    });
  });

  describe('the contradictions the spec names: CONTRADICTS between Sky News and Daily NK claims', () => {
    interface Contradiction {
      kind: string;
      skyQuote: string;
      dnkQuote: string;
    }
    const contradictions = () =>
      db.read<Contradiction>(
        `MATCH (a:Claim)-[r:CONTRADICTS]-(b:Claim)
         MATCH (a)-[:EVIDENCED_BY]->(:Document {id: 'doc:sky-defectors-held-laos-border'})
         MATCH (b)-[:EVIDENCED_BY]->(:Document {id: 'doc:dailynk-eleven-apprehended'})
         RETURN r.kind AS kind, a.quote AS skyQuote, b.quote AS dnkQuote`,
      );

    it.each([
      ['released rather than repatriated', 'outcome', /released rather than repatriated|not been returned/, /repatriation/],
      ['Chinese military vs Chinese border guards', 'actor', /Chinese military/, /border guards|border control units/],
      ['on foot vs on a bus, at a checkpoint', 'manner', /by foot/, /bus|checkpoint/],
    ])('%s', async (_name, kind, sky, dnk) => {
      const found = (await contradictions()).filter((c) => c.kind === kind && sky.test(c.skyQuote) && dnk.test(c.dnkQuote));
      expect(found.length).toBeGreaterThan(0);
    });
  });

  describe('relay chains', () => {
    it('Daily NK relays YTN', async () => {
      expect(await relayChains(db, 'doc:dailynk-eleven-apprehended')).toContainEqual(['YTN']);
      const [row] = await db.read<{ ytn: string }>(
        `MATCH (:Document {id: 'doc:dailynk-eleven-apprehended'})-[:CITES]->(u:Document)-[:PUBLISHED_BY]->(o) RETURN o.name AS ytn`,
      );
      expect(row!.ytn).toBe('YTN');
    });

    it('VOA relays Yonhap (which quotes the South Korean foreign ministry)', async () => {
      expect(await relayChains(db, 'doc:voa-laos-deports-nine')).toContainEqual(['Yonhap', 'South Korean foreign ministry']);
    });

    it('China Digital Times relays The Guardian, which relays the UN human rights office', async () => {
      expect(await relayChains(db, 'doc:cdt-no-safety-in-china')).toContainEqual(['The Guardian', 'UN human rights office']);
      const [row] = await db.read<{ path: string[] }>(
        `MATCH p = (:Document {id: 'doc:cdt-no-safety-in-china'})-[:CITES]->(:Document)-[:CITES]->(:Organization)
         RETURN [n IN nodes(p) | n.id] AS path`,
      );
      expect(row!.path).toEqual(['doc:cdt-no-safety-in-china', 'doc:guardian-mccurry-nine-orphans', 'org:un-human-rights-office']);
    });
  });
});
