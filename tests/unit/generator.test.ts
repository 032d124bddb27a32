import { generateCorpus, newArticle } from '../../bench/corpus-generator';
import { KnowledgeFile } from '../../src/ingest/knowledge-schema';
import { validateKnowledge } from '../../src/ingest/validate';

describe('the synthetic corpus generator', () => {
  const corpus = generateCorpus({ claims: 600, seed: 42, documentsPerFile: 20 });

  it('is deterministic for a seed, and differs for another', () => {
    const again = generateCorpus({ claims: 600, seed: 42, documentsPerFile: 20 });
    expect(JSON.stringify(again.sources.map((s) => s.data))).toEqual(JSON.stringify(corpus.sources.map((s) => s.data)));
    expect([...again.sources[1]!.texts.values()]).toEqual([...corpus.sources[1]!.texts.values()]);
    const other = generateCorpus({ claims: 600, seed: 43, documentsPerFile: 20 });
    expect(JSON.stringify(other.sources.map((s) => s.data))).not.toEqual(JSON.stringify(corpus.sources.map((s) => s.data)));
  });

  it('makes as many claims as asked, each quoting its article verbatim at its offset', () => {
    const texts = new Map(corpus.sources.flatMap((s) => [...s.texts]));
    const claims = corpus.sources.flatMap((s) => s.data.claims);
    expect(claims).toHaveLength(600);
    for (const c of claims) {
      const text = texts.get(c.document!)!;
      expect(text.slice(c.start!, c.start! + c.quote.length)).toBe(c.quote);
    }
  });

  it('passes the input schema and the loader checks, with relays, disputes and a place hierarchy', () => {
    for (const source of corpus.sources) expect(KnowledgeFile.safeParse(source.data).success).toBe(true);
    const k = validateKnowledge(corpus.sources);
    expect(k.claims).toHaveLength(600);
    expect(k.claims.some((c) => c.cites?.startsWith('doc:u'))).toBe(true);
    expect(k.documents.some((d) => d.text === null && d.cites.some((c) => c.startsWith('doc:u')))).toBe(true);
    expect(k.disputes.length).toBeGreaterThan(0);
    const kinds = new Set(k.entities.map((e) => (e.kind === 'Place' ? e.placeType : e.kind)));
    expect([...kinds]).toEqual(
      expect.arrayContaining(['Country', 'province', 'city', 'facility', 'Person', 'PeopleGroup', 'Organization']),
    );
    expect(new Set(k.events.map((e) => e.datePrecision))).toEqual(new Set(['day', 'month', 'year', 'unknown']));
  });

  it("has detentions and arrests whose claims also say where the group was held, within the event's place", () => {
    const k = validateKnowledge(corpus.sources);
    const events = new Map(k.events.map((e) => [e.id, e]));
    const facts = new Map(k.facts.map((f) => [f.id, f]));
    const parentOf = new Map(k.entities.flatMap((e) => (e.kind === 'Place' ? [[e.id, e.locatedIn] as const] : [])));
    const within = (place: string | undefined, area: string): boolean =>
      place !== undefined && (place === area || within(parentOf.get(place), area));
    const placing = k.claims.flatMap((c) => {
      const event = c.supports.map((x) => events.get(x)).find((e) => e !== undefined);
      const fact = c.supports.map((x) => facts.get(x)).find((f) => f !== undefined);
      return event && fact ? [{ event, fact }] : [];
    });
    expect(placing.length).toBeGreaterThan(2);
    for (const { event, fact } of placing) {
      expect(['DETAINED_IN', 'ARRESTED_IN']).toContain(fact.type);
      expect(event.participants.map((p) => p.entity)).toContain(fact.from);
      expect(within(fact.to, event.place!)).toBe(true);
    }
  });

  it('writes new articles that refer only to what the corpus holds', () => {
    const article = newArticle(corpus.world, 0);
    const ids = new Set([...corpus.world.events.map((e) => e.id), ...corpus.world.outlets, 'country:k0']);
    expect(validateKnowledge([article], { ids }).claims.length).toBeGreaterThan(0);
  });
});
