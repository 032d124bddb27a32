import { locateQuote, parseKnowledge, validateKnowledge, KnowledgeValidationError, type KnowledgeSource } from '../../src/ingest/validate';
import { precisionOf } from '../../src/ingest/knowledge-schema';
import { dateRange } from '../../src/graph/knowledge-writer';

const TEXT = 'They were detained on August 12. They were released. Police said they were detained.';

describe('locateQuote', () => {
  it('finds a quote that occurs once', () => {
    expect(locateQuote(TEXT, 'They were released')).toEqual({ start: TEXT.indexOf('They were released') });
  });

  it('refuses an ambiguous quote and lists where it occurs', () => {
    const located = locateQuote(TEXT, 'were detained');
    expect(located).toMatchObject({ field: 'quote', error: expect.stringMatching(/occurs 2 times \(offsets 5, 70\)/) });
  });

  it('accepts an ambiguous quote pinned by its offset', () => {
    expect(locateQuote(TEXT, 'were detained', 70)).toEqual({ start: 70 });
  });

  it('refuses an offset where the quote is not, saying where it is', () => {
    expect(locateQuote(TEXT, 'were released', 3)).toMatchObject({ field: 'start', error: 'quote is not at offset 3; it occurs at 38' });
  });

  it('refuses a quote that is not in the text, even one differing only in punctuation', () => {
    expect(locateQuote(TEXT, 'detained on August 12th')).toMatchObject({
      field: 'quote',
      error: expect.stringMatching(/not found verbatim/),
    });
    expect(locateQuote('don’t go', "don't go")).toMatchObject({ field: 'quote' });
  });
});

describe('dates', () => {
  it('derive their precision from their form', () => {
    expect([precisionOf('2014-08-12'), precisionOf('2014-08'), precisionOf('2014'), precisionOf(null)]).toEqual([
      'day',
      'month',
      'year',
      'unknown',
    ]);
  });

  it('cover the whole month or year they name', () => {
    expect(dateRange('2014-08')).toEqual({ dateFrom: '2014-08-01', dateTo: '2014-08-31' });
    expect(dateRange('2016-02')).toEqual({ dateFrom: '2016-02-01', dateTo: '2016-02-29' });
    expect(dateRange('2018')).toEqual({ dateFrom: '2018-01-01', dateTo: '2018-12-31' });
    expect(dateRange('2014-07', '2014-08-12')).toEqual({ dateFrom: '2014-07-01', dateTo: '2014-08-12' });
    expect(dateRange(null)).toEqual({ dateFrom: null, dateTo: null });
  });
});

describe('parseKnowledge', () => {
  it('names the record and the field of a schema error', () => {
    const { problems } = parseKnowledge(
      'in.yaml',
      'entities:\n  - id: group:nine\n    kind: PeopleGroup\n    name: The nine\n    size: nine\n',
    );
    expect(problems).toEqual([{ file: 'in.yaml', record: 'group:nine', field: 'size', message: expect.stringMatching(/number/) }]);
  });

  it('reports a missing required field as required', () => {
    const { problems } = parseKnowledge('in.yaml', 'entities:\n  - id: country:laos\n    kind: Country\n');
    expect(problems).toEqual([{ file: 'in.yaml', record: 'country:laos', field: 'name', message: expect.stringMatching(/required/) }]);
  });

  it('reports unknown fields by name', () => {
    const { problems } = parseKnowledge(
      'in.yaml',
      'entities:\n  - id: country:laos\n    kind: Country\n    name: Laos\n    capital: Vientiane\n',
    );
    expect(problems[0]).toMatchObject({ record: 'country:laos', message: 'unknown field(s) "capital"' });
  });

  it('reports YAML that does not parse, with its position', () => {
    const { problems } = parseKnowledge('in.yaml', 'entities: [\n  - id: x\n');
    expect(problems[0]!.message).toMatch(/not valid YAML/);
    expect(problems[0]!.message).toMatch(/line/);
  });

  it("refuses fact properties named like the graph's own on the fact's relationship", () => {
    const { problems } = parseKnowledge(
      'in.yaml',
      'facts:\n  - { id: fact:x, type: DETAINED_IN, from: group:g, to: place:p, properties: { liveClaims: 9, factId: fact:y, place: p } }\n',
    );
    expect(problems).toEqual([
      { file: 'in.yaml', record: 'fact:x', field: 'properties.factId', message: '"factId" is kept by the graph and cannot be given' },
      {
        file: 'in.yaml',
        record: 'fact:x',
        field: 'properties.liveClaims',
        message: '"liveClaims" is kept by the graph and cannot be given',
      },
    ]);
  });

  it('refuses an id of the wrong kind for a field', () => {
    const { problems } = parseKnowledge(
      'in.yaml',
      'entities:\n  - id: place:kunming\n    kind: Place\n    name: Kunming\n    placeType: city\n    locatedIn: org:voa\n',
    );
    expect(problems[0]).toMatchObject({ record: 'place:kunming', field: 'locatedIn', message: expect.stringMatching(/Place or Country/) });
  });
});

describe('validateKnowledge', () => {
  const source = (yaml: string, text = TEXT): KnowledgeSource => {
    const { data, problems } = parseKnowledge('in.yaml', yaml);
    if (!data) throw new Error(JSON.stringify(problems));
    return { file: 'in.yaml', data, texts: new Map(data.documents.map((d) => [d.id, text])) };
  };
  const base = `
documents:
  - id: doc:t
    title: T
    textFile: t.txt
    publisher: org:outlet
entities:
  - { id: org:outlet, kind: Organization, name: Outlet, orgType: news_outlet }
  - { id: group:g, kind: PeopleGroup, name: G }
events:
  - { id: event:release, type: release, label: Released, participants: [{ entity: group:g, role: released }] }
`;

  it('fills in offsets and defaults the claim document to the only text in the file', () => {
    const k = validateKnowledge([
      source(
        `${base}claims:\n  - { id: claim:c, quote: They were released, modality: reported, subject: group:g, predicate: released, supports: [event:release] }\n`,
      ),
    ]);
    expect(k.claims[0]).toMatchObject({ document: 'doc:t', start: 33, end: 51 });
  });

  it('refuses an event no claim supports', () => {
    expect(() => validateKnowledge([source(base)])).toThrow(/event:release.*supported by no claim/s);
  });

  it('collects every problem at once rather than stopping at the first', () => {
    try {
      validateKnowledge([
        source(
          `${base}claims:\n  - { id: claim:c, quote: not there, modality: reported, subject: group:nobody, predicate: p, supports: [event:release] }\n`,
        ),
      ]);
      throw new Error('expected a validation error');
    } catch (e) {
      expect(e).toBeInstanceOf(KnowledgeValidationError);
      const problems = (e as KnowledgeValidationError).problems;
      expect(problems.map((p) => `${p.record}/${p.field}`).sort()).toEqual(['claim:c/quote', 'claim:c/subject']);
    }
  });

  it('accepts references to ids the graph already holds', () => {
    const yaml = `claims:\n  - { id: claim:c, document: doc:t, quote: They were released, modality: reported, subject: group:g, predicate: released }\n`;
    const withText: KnowledgeSource = { ...source(yaml), texts: new Map([['doc:t', TEXT]]) };
    expect(() => validateKnowledge([withText])).toThrow(/unknown reference "group:g"/);
    expect(validateKnowledge([withText], { ids: new Set(['group:g', 'doc:t']) }).claims).toHaveLength(1);
  });
});
