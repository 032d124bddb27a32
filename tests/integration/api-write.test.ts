import { SignJWT } from 'jose';
import { fingerprint, graphCounts, liveClaimCountsAstray, placedWithinAstray } from '../helpers/database';
import { TestApi } from '../helpers/api';
import { articleInput, asEditor, asReader, JWT_SECRET, TEST_AUTH, useWriteApi } from '../helpers/writes';

const { db, api } = useWriteApi();

const INGEST = `mutation ($input: IngestDocumentInput!) {
  ingestDocument(input: $input) {
    ok
    change { id actor action }
    counts { documents { added updated unchanged } entities { added updated unchanged } events { added unchanged }
             facts { added unchanged } claims { added unchanged } }
    records { id section status }
    matched { inputId id by }
    problems { record field message }
  }
}`;

interface IngestPayload {
  ingestDocument: {
    ok: boolean;
    change: { id: string; actor: string; action: string } | null;
    counts: Record<string, Record<string, number>>;
    records: { id: string; section: string; status: string }[];
    matched: { inputId: string; id: string; by: string }[];
    problems: { record: string | null; field: string | null; message: string }[];
  };
}

const ingest = (input: Record<string, unknown>, headers: Record<string, string> = asEditor) =>
  api.graphql<IngestPayload>(INGEST, { input }, headers);

/** A copy of the test article under other ids, so each test can write its own. */
function variant(suffix: string, change: (input: Record<string, unknown>) => void = () => undefined) {
  const { input } = articleInput('harbor-wire-tumen-detention');
  const json = JSON.stringify(input).replace(
    /(doc|org|person|place|group|event|fact|claim):([a-z0-9-]+)/g,
    (id, kind: string, rest: string) => (id === 'place:tumen' ? id : `${kind}:${rest}-${suffix}`),
  );
  const copy = JSON.parse(json) as Record<string, unknown>;
  // Names differ too, so that matching by name finds only the original.
  for (const e of copy.entities as { name: string; aliases?: string[] }[]) {
    e.name = `${e.name} (${suffix})`;
    e.aliases = (e.aliases ?? []).map((a) => `${a} (${suffix})`);
  }
  change(copy);
  return copy;
}

/** Asserts a write left the graph exactly as it was: every node and relationship with every property. */
async function expectUnchanged<T>(write: () => Promise<T>): Promise<T> {
  const before = await fingerprint(db);
  const result = await write();
  expect(await fingerprint(db)).toEqual(before);
  return result;
}

describe('database errors', () => {
  it('maps a constraint violation to CONFLICT and writes nothing', async () => {
    const before = await graphCounts(db);
    await expect(
      db.write("CREATE (:Node:Claim {id: 'claim:voa000-headline-laos-deports-nine', createdBy: 'test-editor'})"),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^the write conflicts with existing data/),
    });
    expect(await graphCounts(db)).toEqual(before);
  });
});

describe('roles', () => {
  it('refuses a mutation without a credential (UNAUTHENTICATED) and writes nothing', async () => {
    const res = await expectUnchanged(() => ingest(variant('anon'), {}));
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toMatch(/ingestDocument needs an editor credential/);
  });

  it('refuses a reader (FORBIDDEN)', async () => {
    const res = await expectUnchanged(() => ingest(variant('reader'), asReader));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toMatch(/needs the editor role; "test-reader" is a reader/);
  });

  it('answers 401 to a key that is not valid, even for a read', async () => {
    const res = await api.graphql('{ viewer { id } }', {}, { authorization: 'Bearer not-a-key-anyone-was-given' });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('requires a credential for reads too when configured so', async () => {
    const closed = await TestApi.start(db, { auth: { ...TEST_AUTH, readsRequireAuth: true } });
    try {
      const anonymous = await closed.graphql('{ documents(first: 1) { totalCount } }');
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors?.[0]).toMatchObject({
        message: 'this server needs a credential for every request',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      const reader = await closed.graphql<{ documents: { totalCount: number } }>('{ documents(first: 1) { totalCount } }', {}, asReader);
      expect(reader.data?.documents.totalCount).toBeGreaterThan(0);
    } finally {
      await closed.stop();
    }
  });

  it('keeps reads open by default, and names the viewer of a key', async () => {
    expect((await api.graphql<{ viewer: unknown }>('{ viewer { id role } }')).data?.viewer).toBeNull();
    expect((await api.graphql('{ viewer { id role } }', {}, asReader)).data).toEqual({ viewer: { id: 'test-reader', role: 'reader' } });
  });

  it('accepts a signed token with the editor role, and refuses an expired or forged one', async () => {
    const secret = new TextEncoder().encode(JWT_SECRET);
    const token = await new SignJWT({ roles: ['editor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('jwt-editor')
      .setExpirationTime('5m')
      .sign(secret);
    const ok = await api.graphql('{ viewer { id role } }', {}, { authorization: `Bearer ${token}` });
    expect(ok.data).toEqual({ viewer: { id: 'jwt-editor', role: 'editor' } });

    const expired = await new SignJWT({ roles: ['editor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('jwt-editor')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    const late = await api.graphql('{ viewer { id } }', {}, { authorization: `Bearer ${expired}` });
    expect(late.status).toBe(401);
    expect(late.errors?.[0]?.message).toBe('the token has expired');

    const forged = await new SignJWT({ roles: ['editor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('jwt-editor')
      .sign(new TextEncoder().encode('another-secret-of-at-least-32-characters!'));
    const bad = await api.graphql('{ viewer { id } }', {}, { authorization: `Bearer ${forged}` });
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0]?.message).toMatch(/signature/);

    const endless = await new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('jwt-editor').sign(secret);
    const never = await api.graphql('{ viewer { id } }', {}, { authorization: `Bearer ${endless}` });
    expect(never.status).toBe(401);
    expect(never.errors?.[0]?.message).toMatch(/"exp" claim/);
  });

  it('records a token subject as the author of its writes', async () => {
    const token = await new SignJWT({ roles: 'editor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('jwt-editor')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const res = await ingest(variant('jwt'), { authorization: `Bearer ${token}` });
    expect(res.data?.ingestDocument.change?.actor).toBe('jwt-editor');
    const [row] = await db.read<{ by: string }>('MATCH (c:Claim {id: $id}) RETURN c.createdBy AS by', {
      id: 'claim:harbor-tumen-five-detained-jwt',
    });
    expect(row?.by).toBe('jwt-editor');
  });
});

describe('ingestDocument', () => {
  it('writes a new article with its entities, events, facts and claims, queryable with provenance', async () => {
    const { input } = articleInput('harbor-wire-tumen-detention');
    const res = await ingest(input);
    const payload = res.data!.ingestDocument;
    expect(payload.problems).toEqual([]);
    expect(payload.ok).toBe(true);
    expect(payload.change).toMatchObject({ actor: 'test-editor', action: 'ingest' });
    expect(payload.counts.documents).toEqual({ added: 1, updated: 0, unchanged: 0 });
    expect(payload.counts.entities).toEqual({ added: 4, updated: 0, unchanged: 0 });
    expect(payload.counts.claims).toEqual({ added: 2, unchanged: 0 });

    const prov = await api.graphql<{
      provenance: { claims: { quote: string; document: { id: string } }[]; independentOrigins: { count: number } };
    }>(`{ provenance(id: "fact:tumen-five-detained-in-tumen") { claims { quote document { id } } independentOrigins { count } } }`);
    expect(prov.data?.provenance.claims).toEqual([
      {
        quote: 'Chinese border police detained five North Koreans in the city of Tumen on March 3',
        document: { id: 'doc:harbor-wire-tumen-detention' },
      },
    ]);
    expect(prov.data?.provenance.independentOrigins.count).toBe(1);

    const event = await api.graphql<{ event: { place: { id: string }; participants: { role: string; entity: { id: string } }[] } }>(
      `{ event(id: "event:tumen-five-detained") { place { id } participants { role entity { id } } } }`,
    );
    expect(event.data?.event).toEqual({
      place: { id: 'place:tumen' },
      participants: [{ role: 'detainee', entity: { id: 'group:tumen-five' } }],
    });

    const audit = await api.graphql<{ changes: { edges: { node: { id: string; touched: { id: string }[] } }[] } }>(
      `{ changes(touching: "doc:harbor-wire-tumen-detention") { edges { node { id touched(first: 100) { id } } } } }`,
    );
    expect(audit.data?.changes.edges.map((e) => e.node.id)).toEqual([payload.change!.id]);
    expect(audit.data?.changes.edges[0]?.node.touched.map((n) => n.id)).toContain('claim:harbor-taken-before-dawn');
  });

  it('changes nothing when the same article comes again', async () => {
    const { input } = articleInput('harbor-wire-tumen-detention');
    const res = await expectUnchanged(() => ingest(input));
    const payload = res.data!.ingestDocument;
    expect(payload.ok).toBe(true);
    expect(payload.change).toBeNull();
    expect(new Set(payload.records.map((r) => r.status))).toEqual(new Set(['UNCHANGED']));
    expect(payload.records).toHaveLength(9);
  });

  it('refuses a quote that is not in the text, saying where, and writes nothing', async () => {
    const input = variant('badquote', (i) => {
      (i.claims as { quote: string }[])[1]!.quote = 'They were taken away after dusk';
    });
    const payload = (await expectUnchanged(() => ingest(input))).data!.ingestDocument;
    expect(payload.ok).toBe(false);
    expect(payload.change).toBeNull();
    expect(payload.problems).toEqual([
      {
        record: 'claim:harbor-taken-before-dawn-badquote',
        field: 'quote',
        message:
          'quote not found verbatim in the text: "They were taken away after dusk" (document doc:harbor-wire-tumen-detention-badquote)',
      },
    ]);
  });

  it('refuses unknown references and values of the wrong type, each located', async () => {
    const input = variant('badrefs', (i) => {
      (i.events as { place: string }[])[0]!.place = 'place:atlantis';
      (i.facts as { type: string }[])[0]!.type = 'EATS';
      (i.entities as { orgType?: string }[])[0]!.orgType = 'bakery';
    });
    const payload = (await expectUnchanged(() => ingest(input))).data!.ingestDocument;
    expect(payload.ok).toBe(false);
    const located = payload.problems.map((p) => `${p.record} › ${p.field}`);
    expect(located).toEqual(
      expect.arrayContaining(['org:harbor-wire-badrefs › orgType', 'fact:tumen-five-detained-in-tumen-badrefs › type']),
    );
    // Schema problems are reported first; the reference is checked once the shapes are right.
    const fixed = variant('badrefs', (i) => {
      (i.events as { place: string }[])[0]!.place = 'place:atlantis';
    });
    const second = (await expectUnchanged(() => ingest(fixed))).data!.ingestDocument;
    expect(second.problems).toEqual([
      {
        record: 'event:tumen-five-detained-badrefs',
        field: 'place',
        message: 'unknown reference "place:atlantis": no such id in the input or the graph',
      },
    ]);
  });

  it('refuses a GraphQL value of the wrong type before anything runs', async () => {
    const input = variant('types', (i) => {
      (i.events as { count: unknown }[])[0]!.count = 'five';
    });
    const res = await expectUnchanged(() => ingest(input));
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/input\.events\[0\]\.count/);
  });

  it('refuses oversize input with the limit', async () => {
    const input = variant('huge', (i) => {
      (i.document as { text: string }).text += ' padding'.repeat(130_000);
    });
    const res = await expectUnchanged(() => ingest(input));
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/at most 1000000 are taken in one request/);
  });

  it('stores injection-looking strings as plain text', async () => {
    const hostile = `x"}) MATCH (n) DETACH DELETE n //`;
    const input = variant('hostile', (i) => {
      const entities = i.entities as { name: string; aliases?: string[] }[];
      entities[2]!.name = hostile;
      entities[2]!.aliases = ["Robert'); DROP TABLE claims;--", '$(whoami)'];
    });
    const knowledgeNodes = async () => (await db.read<{ n: number }>('MATCH (n:Node) RETURN count(n) AS n'))[0]!.n;
    const before = await knowledgeNodes();
    const payload = (await ingest(input)).data!.ingestDocument;
    expect(payload.ok).toBe(true);
    expect((await knowledgeNodes()) - before).toBe(9);
    const org = await api.graphql<{ entity: { name: string; aliases: string[] } }>(
      `{ entity(id: "org:bridge-network-hostile") { name aliases } }`,
    );
    expect(org.data?.entity).toEqual({ name: hostile, aliases: ["Robert'); DROP TABLE claims;--", '$(whoami)'] });
  });

  it('refuses a claim id the graph holds with other content, naming who wrote it', async () => {
    const { input } = articleInput('harbor-wire-tumen-detention');
    (input.claims as { modality: string }[])[1]!.modality = 'ALLEGED';
    const payload = (await expectUnchanged(() => ingest(input))).data!.ingestDocument;
    expect(payload.problems).toHaveLength(1);
    expect(payload.problems[0]).toMatchObject({ record: 'claim:harbor-taken-before-dawn', field: null });
    expect(payload.problems[0]?.message).toMatch(
      /^already in the graph with different content \(written by test-editor at .+\); retract it and add a corrected claim under a new id$/,
    );
  });

  it('matches an entity by name or alias when the input asks, and adds the new alias', async () => {
    const input = variant('match', (i) => {
      const entities = i.entities as Record<string, unknown>[];
      entities[2] = {
        id: 'org:bridge-activists',
        kind: 'Organization',
        name: 'The Bridge Network',
        aliases: ['BN'],
        orgType: 'ngo',
        match: 'NAME',
      };
      const json = JSON.stringify(i).replaceAll('org:bridge-network-match', 'org:bridge-activists');
      Object.assign(i, JSON.parse(json));
    });
    const payload = (await ingest(input)).data!.ingestDocument;
    expect(payload.problems).toEqual([]);
    expect(payload.matched).toEqual([{ inputId: 'org:bridge-activists', id: 'org:bridge-network', by: 'name' }]);
    expect(payload.records).toContainEqual({ id: 'org:bridge-network', section: 'entities', status: 'UPDATED' });
    const org = await api.graphql<{ entity: { aliases: string[] } }>(`{ entity(id: "org:bridge-network") { aliases } }`);
    expect(org.data?.entity.aliases).toEqual(['the Bridge Network', 'The Bridge Network', 'BN']);
    const [claim] = await db.read<{ source: string }>('MATCH (:Claim {id: $id})-[:ATTRIBUTED_TO]->(s) RETURN s.id AS source', {
      id: 'claim:harbor-taken-before-dawn-match',
    });
    expect(claim?.source).toBe('org:bridge-network');
  });

  it('gives one article when two clients ingest it at once', async () => {
    const input = variant('twice');
    const results = await Promise.all([1, 2, 3].map(() => ingest(input)));
    const payloads = results.map((r) => r.data!.ingestDocument);
    expect(payloads.every((p) => p.ok)).toBe(true);
    // One writer added the article; the others waited for it and found it there.
    expect(payloads.filter((p) => p.change !== null)).toHaveLength(1);
    expect(payloads.filter((p) => p.records.every((r) => r.status === 'UNCHANGED'))).toHaveLength(2);
    const [row] = await db.read<{ documents: number; claims: number; evidence: number }>(
      `MATCH (d:Document {id: 'doc:harbor-wire-tumen-detention-twice'})
       RETURN count(d) AS documents, COUNT { (c:Claim)-[:EVIDENCED_BY]->(d) } AS claims, COUNT { ()-[:EVIDENCED_BY]->(d) } AS evidence`,
    );
    expect(row).toEqual({ documents: 1, claims: 2, evidence: 2 });
  });
});

describe('ingestDocument, more', () => {
  it('recognizes an article with a dispute when it comes again', async () => {
    const input = variant('disputed', (i) => {
      i.disputes = [
        {
          id: 'dispute:tumen-timing-disputed',
          kind: 'DATE',
          description: 'When the five were taken',
          sides: [['claim:harbor-tumen-five-detained-disputed'], ['claim:harbor-taken-before-dawn-disputed']],
          about: ['event:tumen-five-detained-disputed'],
        },
      ];
    });
    const first = (await ingest(input)).data!.ingestDocument;
    expect(first.problems).toEqual([]);
    expect(first.records).toContainEqual({ id: 'dispute:tumen-timing-disputed', section: 'disputes', status: 'ADDED' });
    const again = (await expectUnchanged(() => ingest(input))).data!.ingestDocument;
    expect(again.problems).toEqual([]);
    expect(again.records).toContainEqual({ id: 'dispute:tumen-timing-disputed', section: 'disputes', status: 'UNCHANGED' });
  });

  it('creates a new entity once when two articles declaring it arrive at once', async () => {
    const shared = (suffix: string) =>
      variant(suffix, (i) => {
        const json = JSON.stringify(i)
          .replaceAll(`org:bridge-network-${suffix}`, 'org:shared-monitor')
          .replaceAll(`(${suffix})`, '(shared)');
        Object.assign(i, JSON.parse(json));
      });
    const [a, b] = await Promise.all([ingest(shared('share-a')), ingest(shared('share-b'))]);
    const statuses = [a, b].map((r) => r.data!.ingestDocument.records.find((x) => x.id === 'org:shared-monitor')?.status).sort();
    expect(statuses).toEqual(['ADDED', 'UNCHANGED']);
    const [row] = await db.read<{ nodes: number; attributed: number }>(
      `MATCH (o:Node {id: 'org:shared-monitor'}) RETURN count(o) AS nodes, COUNT { (:Claim)-[:ATTRIBUTED_TO]->(o) } AS attributed`,
    );
    expect(row).toEqual({ nodes: 1, attributed: 4 });
  });
});

describe('addClaim', () => {
  const ADD = `mutation ($input: ClaimInput!) { addClaim(input: $input) { ok change { action } records { id status } problems { record field message } } }`;
  interface AddPayload {
    addClaim: IngestPayload['ingestDocument'];
  }

  it('adds a claim quoting a document already in the graph', async () => {
    const res = await api.graphql<AddPayload>(
      ADD,
      {
        input: {
          id: 'claim:harbor-jilin-no-comment',
          document: 'doc:harbor-wire-tumen-detention',
          quote: 'Jilin provincial authorities did not respond to a request for comment',
          modality: 'REPORTED',
          subject: 'event:tumen-five-detained',
          predicate: 'no_comment',
          supports: ['event:tumen-five-detained'],
        },
      },
      asEditor,
    );
    expect(res.data?.addClaim).toMatchObject({
      ok: true,
      change: { action: 'add-claim' },
      records: [{ id: 'claim:harbor-jilin-no-comment', status: 'ADDED' }],
    });
    const claim = await api.graphql<{ claim: { start: number; createdBy: string } }>(
      `{ claim(id: "claim:harbor-jilin-no-comment") { start createdBy } }`,
    );
    const { text } = articleInput('harbor-wire-tumen-detention');
    expect(claim.data?.claim).toEqual({ start: text.indexOf('Jilin provincial'), createdBy: 'test-editor' });
  });

  it('refuses a quote not in the document, and an unknown document', async () => {
    const base = {
      id: 'claim:harbor-made-up',
      quote: 'Police denied everything',
      modality: 'REPORTED',
      subject: 'group:tumen-five',
      predicate: 'denied',
    };
    const missing = await expectUnchanged(() =>
      api.graphql<AddPayload>(ADD, { input: { ...base, document: 'doc:harbor-wire-tumen-detention' } }, asEditor),
    );
    expect(missing.data?.addClaim.problems).toEqual([
      {
        record: 'claim:harbor-made-up',
        field: 'quote',
        message: 'quote not found verbatim in the text: "Police denied everything" (document doc:harbor-wire-tumen-detention)',
      },
    ]);
    const unknown = await expectUnchanged(() => api.graphql<AddPayload>(ADD, { input: { ...base, document: 'doc:nowhere' } }, asEditor));
    expect(unknown.data?.addClaim.problems).toEqual([
      { record: 'claim:harbor-made-up', field: 'document', message: 'unknown reference "doc:nowhere": no such document' },
    ]);
  });
});

describe('retractClaim', () => {
  const RETRACT = `mutation ($id: ID!, $reason: String!) {
    retractClaim(id: $id, reason: $reason) {
      alreadyRetracted
      claim { id retracted retraction { by reason at } }
      noLongerEstablished { id }
      change { action actor }
    }
  }`;

  it('keeps the claim for audit with who and why, and drops what it alone supported from the established view', async () => {
    const input = variant('retract');
    expect((await ingest(input)).data?.ingestDocument.ok).toBe(true);
    const res = await api.graphql<{
      retractClaim: {
        alreadyRetracted: boolean;
        claim: { retracted: boolean; retraction: { by: string; reason: string; at: string } };
        noLongerEstablished: { id: string }[];
        change: { action: string; actor: string };
      };
    }>(RETRACT, { id: 'claim:harbor-tumen-five-detained-retract', reason: 'The group withdrew its statement.' }, asEditor);
    const r = res.data!.retractClaim;
    expect(r.alreadyRetracted).toBe(false);
    expect(r.claim.retracted).toBe(true);
    expect(r.claim.retraction).toMatchObject({ by: 'test-editor', reason: 'The group withdrew its statement.' });
    expect(Date.parse(r.claim.retraction.at)).not.toBeNaN();
    // The event still has a live claim ("taken away before dawn"); the fact had only this one.
    expect(r.noLongerEstablished).toEqual([{ id: 'fact:tumen-five-detained-in-tumen-retract' }]);
    expect(r.change).toEqual({ action: 'retract-claim', actor: 'test-editor' });

    const fact = await api.graphql<{ node: { established: boolean; claims: { id: string; retracted: boolean }[] } }>(
      `{ node(id: "fact:tumen-five-detained-in-tumen-retract") { ... on Fact { established claims { id retracted } } } }`,
    );
    expect(fact.data?.node).toEqual({ established: false, claims: [{ id: 'claim:harbor-tumen-five-detained-retract', retracted: true }] });

    const rels = await api.graphql<{ entity: { now: unknown[]; all: { factId: string }[] } }>(
      `{ entity(id: "group:tumen-five-retract") { now: relationships { factId } all: relationships(includeRetracted: true) { factId } } }`,
    );
    expect(rels.data?.entity).toEqual({ now: [], all: [{ factId: 'fact:tumen-five-detained-in-tumen-retract' }] });
    // Paged, the same: counted without the retracted fact unless it is asked for.
    const paged = await api.graphql<{ entity: unknown }>(`{ entity(id: "group:tumen-five-retract") {
      now: relationshipsConnection { totalCount edges { node { factId } } }
      all: relationshipsConnection(includeRetracted: true) { totalCount edges { node { factId } } } } }`);
    expect(paged.data?.entity).toEqual({
      now: { totalCount: 0, edges: [] },
      all: { totalCount: 1, edges: [{ node: { factId: 'fact:tumen-five-detained-in-tumen-retract' } }] },
    });
  });

  it('drops an event from the timeline once all its claims are retracted, unless asked for retracted material', async () => {
    const input = variant('gone');
    expect((await ingest(input)).data?.ingestDocument.ok).toBe(true);
    for (const id of ['claim:harbor-tumen-five-detained-gone', 'claim:harbor-taken-before-dawn-gone']) {
      expect((await api.graphql(RETRACT, { id, reason: 'Fabricated by the source.' }, asEditor)).errors).toBeUndefined();
    }
    const TIMELINE = `query ($filter: TimelineFilter) { timeline(filter: $filter, first: 100) { edges { node { id } } } }`;
    const ids = async (filter: Record<string, unknown>) =>
      ((await api.graphql<{ timeline: { edges: { node: { id: string } }[] } }>(TIMELINE, { filter })).data?.timeline.edges ?? []).map(
        (e) => e.node.id,
      );
    expect(await ids({ participant: 'group:tumen-five-gone' })).toEqual([]);
    expect(await ids({ participant: 'group:tumen-five-gone', includeRetracted: true })).toEqual(['event:tumen-five-detained-gone']);
    const event = await api.graphql<{ event: { established: boolean } }>(`{ event(id: "event:tumen-five-detained-gone") { established } }`);
    expect(event.data?.event.established).toBe(false);
  });

  it('no longer places an event where only a retracted claim put it', async () => {
    // Without a place of its own, the detention is in Tumen only through the claim that also asserts the DETAINED_IN fact.
    const input = variant('placed', (i) => delete (i.events as { place?: string }[])[0]!.place);
    expect((await ingest(input)).data?.ingestDocument.ok).toBe(true);
    const placed = async (filter: Record<string, unknown>) => {
      const res = await api.graphql<{ timeline: { edges: { node: { id: string; places: { id: string }[] } }[] } }>(
        `query ($filter: TimelineFilter) { timeline(filter: $filter, first: 10) { edges { node { id places { id } } } } }`,
        { filter: { participant: 'group:tumen-five-placed', ...filter } },
      );
      return res.data!.timeline.edges.map((e) => ({ id: e.node.id, places: e.node.places.map((p) => p.id) }));
    };
    const counts = async () => {
      const res = await api.graphql<{ eventCounts: { key: string; count: number }[] }>(
        `{ eventCounts(by: TYPE, filter: { participant: "group:tumen-five-placed", country: "country:china" }) { key count } }`,
      );
      return res.data!.eventCounts;
    };
    // Filtered by place alone, the search starts from Tumen and finds the detention through the fact.
    const inTumen = async (filter: Record<string, unknown> = {}) => {
      const res = await api.graphql<{ timeline: { edges: { node: { id: string } }[] } }>(
        `query ($filter: TimelineFilter) { timeline(filter: $filter, first: 100) { edges { node { id } } } }`,
        { filter: { place: 'place:tumen', ...filter } },
      );
      return res.data!.timeline.edges.map((e) => e.node.id);
    };
    const detention = 'event:tumen-five-detained-placed';
    expect(await placed({ place: 'place:tumen' })).toEqual([{ id: detention, places: ['place:tumen'] }]);
    expect(await inTumen()).toContain(detention);
    expect(await counts()).toEqual([{ key: 'detention', count: 1 }]);

    const retracted = await api.graphql(RETRACT, { id: 'claim:harbor-tumen-five-detained-placed', reason: 'Wrong town.' }, asEditor);
    expect(retracted.errors).toBeUndefined();
    expect(await liveClaimCountsAstray(db)).toEqual([]);
    // Still established by "taken away before dawn", but no longer anywhere.
    expect(await placed({})).toEqual([{ id: detention, places: [] }]);
    expect(await placed({ place: 'place:tumen' })).toEqual([]);
    expect(await inTumen()).not.toContain(detention);
    // Retracted material asked for still shows the event, but a retracted claim places it nowhere.
    expect(await placed({ includeRetracted: true })).toEqual([{ id: detention, places: [] }]);
    expect(await inTumen({ includeRetracted: true })).not.toContain(detention);
    expect(await counts()).toEqual([]);
  });

  it('keeps the first retraction when a claim is retracted again', async () => {
    const again = await api.graphql<{
      retractClaim: { alreadyRetracted: boolean; claim: { retraction: { reason: string } }; change: null };
    }>(RETRACT, { id: 'claim:harbor-tumen-five-detained-retract', reason: 'Second thoughts.' }, asEditor);
    expect(again.data?.retractClaim).toMatchObject({
      alreadyRetracted: true,
      change: null,
      claim: { retraction: { reason: 'The group withdrew its statement.' } },
    });
  });

  it('recounts what a retracted claim supported, and the neighbourhood reads the counts', async () => {
    expect(await liveClaimCountsAstray(db)).toEqual([]);
    const res = await api.graphql<{
      neighborhood: { edges: { type: string; target: string; factId: string | null; claimCount: number }[] };
    }>(`{ neighborhood(id: "group:tumen-five-retract", depth: 1) { edges { type target factId claimCount } } }`);
    const edges = res.data!.neighborhood.edges;
    // The fact's one claim is retracted, so its relationship is not shown; the event keeps one live claim of its two.
    expect(edges.filter((e) => e.factId !== null)).toEqual([]);
    expect(edges.filter((e) => e.type === 'PARTICIPATED_IN')).toEqual([
      { type: 'PARTICIPATED_IN', target: 'event:tumen-five-detained-retract', factId: null, claimCount: 1 },
    ]);
  });

  it('refuses an unknown claim and an empty reason', async () => {
    const unknown = await expectUnchanged(() => api.graphql(RETRACT, { id: 'claim:never-made', reason: 'Wrong.' }, asEditor));
    expect(unknown.errors?.[0]).toMatchObject({ message: 'no claim with id "claim:never-made"', extensions: { code: 'NOT_FOUND' } });
    const empty = await expectUnchanged(() => api.graphql(RETRACT, { id: 'claim:harbor-taken-before-dawn', reason: '  ' }, asEditor));
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('mergeEntities', () => {
  const MERGE = `mutation ($keep: ID!, $merge: ID!, $reason: String) {
    mergeEntities(keep: $keep, merge: $merge, reason: $reason) {
      entity { id name aliases }
      mergedId
      relationshipsMoved
      change { action actor }
    }
  }`;

  /** The test article again, naming the Bridge Network under another id and name, with a fact about it. */
  const duplicateOfBridgeNetwork = () =>
    variant('dup', (i) => {
      const entities = i.entities as { name: string; aliases?: string[] }[];
      entities[2]!.name = 'Bridge Network Seoul';
      entities[2]!.aliases = ['BNS'];
      // A fact about the duplicate, which the kept entity takes over.
      (i.facts as unknown[]).push({
        id: 'fact:bridge-network-helped-dup',
        type: 'HELPED',
        from: 'org:bridge-network-dup',
        to: 'group:tumen-five-dup',
      });
      (i.claims as { supports: string[] }[])[0]!.supports.push('fact:bridge-network-helped-dup');
    });

  it('unites aliases, re-points claims and relationships, and keeps the merged id resolving', async () => {
    const input = duplicateOfBridgeNetwork();
    expect((await ingest(input)).data?.ingestDocument.ok).toBe(true);
    const claimsBefore = await db.read<{ id: string }>(
      'MATCH (c:Claim)-[:ATTRIBUTED_TO]->(:Node {id: $id}) RETURN c.id AS id ORDER BY id',
      { id: 'org:bridge-network-dup' },
    );
    expect(claimsBefore).toHaveLength(2);
    const [before] = await db.read<{ types: string[] }>('MATCH (:Node {id: $id})-[r]-() RETURN collect(type(r)) AS types', {
      id: 'org:bridge-network-dup',
    });

    const res = await api.graphql<{
      mergeEntities: {
        entity: { id: string; aliases: string[] };
        mergedId: string;
        relationshipsMoved: number;
        change: { action: string };
      };
    }>(MERGE, { keep: 'org:bridge-network', merge: 'org:bridge-network-dup', reason: 'Same group' }, asEditor);
    expect(res.errors).toBeUndefined();
    const merged = res.data!.mergeEntities;
    expect(merged.entity.id).toBe('org:bridge-network');
    expect(merged.entity.aliases).toEqual(expect.arrayContaining(['the Bridge Network', 'Bridge Network Seoul', 'BNS']));
    // Two claims attributed to it, the fact it is part of, and the audit record of the ingest that created it: every one moves.
    expect(before!.types).toEqual(expect.arrayContaining(['ATTRIBUTED_TO', 'FROM']));
    expect(merged.relationshipsMoved).toBe(before!.types.length);

    const claimsAfter = await db.read<{ id: string }>('MATCH (c:Claim)-[:ATTRIBUTED_TO]->(:Node {id: $id}) RETURN c.id AS id ORDER BY id', {
      id: 'org:bridge-network',
    });
    expect(claimsAfter.map((c) => c.id)).toEqual(expect.arrayContaining(claimsBefore.map((c) => c.id)));

    // The merged id answers with the kept entity, its relationships and their claims read with it.
    const asked = `query ($id: ID!) { entity(id: $id) { id relationships { factId counterpart { id } claims { id document { id } } } } }`;
    type Answer = { entity: { id: string; relationships: { factId: string; claims: unknown[] }[] } };
    const old = await api.graphql<Answer>(asked, { id: 'org:bridge-network-dup' });
    const kept = await api.graphql<Answer>(asked, { id: 'org:bridge-network' });
    expect(old.data?.entity.id).toBe('org:bridge-network');
    expect(old.data?.entity.relationships.length).toBeGreaterThan(0);
    expect(old.data).toEqual(kept.data);
    const [redirect] = await db.read<{ snapshot: string; by: string }>(
      'MATCH (r:Redirect {id: $id}) RETURN r.snapshotJson AS snapshot, r.mergedBy AS by',
      { id: 'org:bridge-network-dup' },
    );
    expect(JSON.parse(redirect!.snapshot)).toMatchObject({
      properties: { name: 'Bridge Network Seoul', aliases: ['BNS'], orgType: 'ngo' },
      droppedRelationships: [],
    });
    // The audit trail of the merged id is found under it still.
    const audit = await api.graphql<{ changes: { edges: { node: { action: string } }[] } }>(
      `{ changes(touching: "org:bridge-network-dup") { edges { node { action } } } }`,
    );
    expect(audit.data?.changes.edges.map((e) => e.node.action)).toEqual(expect.arrayContaining(['merge-entities', 'ingest']));
    expect(redirect!.by).toBe('test-editor');
  });

  it('recognizes the same article again after an entity it names was merged away', async () => {
    const input = duplicateOfBridgeNetwork();
    const payload = (await expectUnchanged(() => ingest(input))).data!.ingestDocument;
    expect(payload.problems).toEqual([]);
    expect(payload.change).toBeNull();
    expect(payload.matched).toEqual([{ inputId: 'org:bridge-network-dup', id: 'org:bridge-network', by: 'merged-id' }]);
  });

  it('refuses unknown ids, an entity merged into itself, and different kinds', async () => {
    const unknown = await expectUnchanged(() => api.graphql(MERGE, { keep: 'org:bridge-network', merge: 'org:nobody' }, asEditor));
    expect(unknown.errors?.[0]).toMatchObject({ message: 'no entity with id "org:nobody"', extensions: { code: 'NOT_FOUND' } });
    const self = await expectUnchanged(() => api.graphql(MERGE, { keep: 'org:bridge-network', merge: 'org:bridge-network' }, asEditor));
    expect(self.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const again = await expectUnchanged(() =>
      api.graphql(MERGE, { keep: 'org:bridge-network', merge: 'org:bridge-network-dup' }, asEditor),
    );
    expect(again.errors?.[0]?.message).toMatch(/^"org:bridge-network-dup" was already merged into "org:bridge-network" by test-editor at /);
    const kinds = await expectUnchanged(() => api.graphql(MERGE, { keep: 'org:bridge-network', merge: 'person:mira-sato' }, asEditor));
    expect(kinds.errors?.[0]?.message).toBe('cannot merge Person "person:mira-sato" into Organization "org:bridge-network": kinds differ');
  });
  it('recounts the live claims of the facts it moves: a count that went stale while it copied them is put right', async () => {
    for (const suffix of ['recount', 'recount-kept']) expect((await ingest(variant(suffix))).data?.ingestDocument.ok).toBe(true);
    const FACT = 'fact:tumen-five-detained-in-tumen-recount';
    // As if the fact's claims changed between the merge's read of its relationship and the copy.
    await db.write('MATCH ()-[r {factId: $fact}]->() SET r.liveClaims = 7', { fact: FACT });
    const res = await api.graphql(MERGE, { keep: 'group:tumen-five-recount-kept', merge: 'group:tumen-five-recount' }, asEditor);
    expect(res.errors).toBeUndefined();
    const [moved] = await db.read<{ from: string; count: number }>(
      'MATCH (a)-[r {factId: $fact}]->() RETURN a.id AS from, r.liveClaims AS count',
      { fact: FACT },
    );
    expect(moved).toEqual({ from: 'group:tumen-five-recount-kept', count: 1 });
  });

  it('leaves every stored count of live claims right after the merges', async () => {
    expect(await liveClaimCountsAstray(db)).toEqual([]);
  });

  it('places an event again when its place is merged into another or gains a parent, as the filters read it', async () => {
    type PlaceRecord = { id: string; locatedIn: string; aliases?: string[] };
    /** The test article under other ids, its detention in the first of `places` and placed by nothing else. */
    const elsewhere = (suffix: string, ...places: PlaceRecord[]) =>
      variant(suffix, (input) => {
        for (const place of places) {
          (input.entities as Record<string, unknown>[]).push({ kind: 'Place', placeType: 'town', name: `Town ${place.id}`, ...place });
        }
        (input.events as { place?: string }[])[0]!.place = places[0]!.id;
        input.facts = [];
        for (const claim of input.claims as { supports: string[] }[]) claim.supports = claim.supports.filter((x) => x.startsWith('event:'));
      });
    const written = async (input: Record<string, unknown>) => {
      const res = await ingest(input);
      expect(res.errors ?? res.data?.ingestDocument.problems).toEqual([]);
    };
    const countries = async (suffix: string) => {
      const found: string[] = [];
      for (const country of ['country:china', 'country:north-korea']) {
        const res = await api.graphql<{ eventCounts: { count: number }[]; timeline: { totalCount: number } }>(
          `query ($filter: TimelineFilter) { eventCounts(by: TYPE, filter: $filter) { count } timeline(filter: $filter) { totalCount } }`,
          { filter: { participant: `group:tumen-five-${suffix}`, country } },
        );
        expect(res.errors).toBeUndefined();
        // The dashboard and the timeline agree.
        expect(res.data!.eventCounts.reduce((n, b) => n + b.count, 0)).toBe(res.data!.timeline.totalCount);
        if (res.data!.timeline.totalCount > 0) found.push(country);
      }
      return found;
    };

    // A town in North Korea merged into one in China: the event is in China now, and only there.
    const north = { id: 'place:riverside-north', locatedIn: 'country:north-korea' };
    const jilin = { id: 'place:riverside-jilin', locatedIn: 'place:jilin' };
    await written(elsewhere('riverside', north, jilin));
    expect(await countries('riverside')).toEqual(['country:north-korea']);
    const merged = await api.graphql(MERGE, { keep: jilin.id, merge: north.id }, asEditor);
    expect(merged.errors).toBeUndefined();
    expect(await countries('riverside')).toEqual(['country:china']);
    expect(await placedWithinAstray(db)).toEqual([]);

    // A town named again by a later article, with a new alias and a parent in another country, lies in both.
    await written(elsewhere('ridge', { id: 'place:ridge', locatedIn: 'country:north-korea' }));
    expect(await countries('ridge')).toEqual(['country:north-korea']);
    await written(elsewhere('ridge-again', { id: 'place:ridge', locatedIn: 'place:jilin', aliases: ['the ridge'] }));
    expect(await countries('ridge')).toEqual(['country:china', 'country:north-korea']);
    expect(await placedWithinAstray(db)).toEqual([]);

    // A detention with no place of its own, and a claim that the group held in Tumen is another group:
    // once the two groups are merged, the claim's DETAINED_IN fact is about a participant and places it.
    await written(
      variant('aside', (input) => {
        delete (input.events as { place?: string }[])[0]!.place;
        (input.entities as Record<string, unknown>[]).push({
          id: 'group:tumen-five-aside-other',
          kind: 'PeopleGroup',
          name: 'the five (aside)',
        });
        (input.facts as { from: string }[])[0]!.from = 'group:tumen-five-aside-other';
      }),
    );
    expect(await countries('aside')).toEqual([]);
    const groups = await api.graphql(MERGE, { keep: 'group:tumen-five-aside', merge: 'group:tumen-five-aside-other' }, asEditor);
    expect(groups.errors).toBeUndefined();
    expect(await countries('aside')).toEqual(['country:china']);
    expect(await placedWithinAstray(db)).toEqual([]);
  });
});
