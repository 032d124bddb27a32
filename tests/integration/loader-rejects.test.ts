import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { GraphDatabase } from '../../src/db/graph-database';
import { loadKnowledgePaths } from '../../src/ingest/load';
import { formatProblem, KnowledgeValidationError, type Problem } from '../../src/ingest/validate';
import { graphCounts, testDatabase } from '../helpers/database';

/**
 * Bad input is refused as a whole, with problems that name the file, the record and the field and
 * say what was expected; the graph is left exactly as it was. Good input loads once: loading it again
 * changes nothing. Every fixture uses ids with a random suffix and is removed afterwards, so the seed
 * is never touched.
 */

const SUFFIX = Math.random().toString(36).slice(2, 8);
const ID = {
  doc: `doc:loader-test-${SUFFIX}`,
  group: `group:loader-test-${SUFFIX}`,
  event: `event:loader-test-${SUFFIX}`,
  fact: `fact:loader-test-${SUFFIX}`,
  claim: `claim:loader-test-${SUFFIX}`,
};
const CREATED_IDS = Object.values(ID);

/** "Border guards" occurs twice, so a quote of just those words is ambiguous. */
const TEXT = `Test article ${SUFFIX}\n\nBorder guards detained two travellers in Kunming on 3 March 2020. Border guards said nothing more.\n`;
const QUOTE = 'detained two travellers in Kunming';

type Input = {
  documents: Record<string, unknown>[];
  entities: Record<string, unknown>[];
  events: Record<string, unknown>[];
  facts: Record<string, unknown>[];
  claims: Record<string, unknown>[];
};

/** A small valid knowledge file: one document, one group, one event, one fact, one claim, referring to seed entities. */
function validInput(): Input {
  return {
    documents: [{ id: ID.doc, title: `Test article ${SUFFIX}`, textFile: 'article.txt', publisher: 'org:voa', publishedOn: '2020-03-03' }],
    entities: [{ id: ID.group, kind: 'PeopleGroup', name: `two travellers (${SUFFIX})`, size: 2 }],
    events: [
      {
        id: ID.event,
        type: 'detention',
        label: `Two travellers detained in Kunming (${SUFFIX})`,
        date: '2020-03-03',
        place: 'place:kunming',
        participants: [
          { entity: ID.group, role: 'detainee' },
          { entity: 'country:china', role: 'detaining_state' },
        ],
      },
    ],
    facts: [{ id: ID.fact, type: 'DETAINED_IN', from: ID.group, to: 'place:kunming' }],
    claims: [
      {
        id: ID.claim,
        quote: QUOTE,
        modality: 'reported',
        subject: ID.group,
        predicate: 'detained_in',
        object: 'place:kunming',
        supports: [ID.event, ID.fact],
      },
    ],
  };
}

/** The valid input with one change applied. */
function inputWith(change: (input: Input) => void): Input {
  const input = validInput();
  change(input);
  return input;
}

const folders: string[] = [];

/** Writes files (objects as YAML, strings verbatim) to a new temporary folder; returns the folder. */
async function fixture(files: Record<string, string | Input | object>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-loader-test-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), typeof content === 'string' ? content : stringify(content));
  }
  return dir;
}

/** A folder holding the article text and one knowledge file. */
async function articleFixture(input: Input | string): Promise<{ dir: string; file: string }> {
  const dir = await fixture({ 'article.txt': TEXT, 'knowledge.yaml': input });
  return { dir, file: path.join(dir, 'knowledge.yaml') };
}

async function nodesOfThisTest(db: GraphDatabase): Promise<number> {
  const [row] = await db.read<{ n: number }>('MATCH (n) WHERE n.id CONTAINS $suffix RETURN count(n) AS n', { suffix: SUFFIX });
  return row!.n;
}

/** Loads the targets, expecting a KnowledgeValidationError and a graph left exactly as it was. */
async function rejection(db: GraphDatabase, targets: string[]): Promise<KnowledgeValidationError> {
  const before = await graphCounts(db);
  const error = await loadKnowledgePaths(db, targets).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KnowledgeValidationError);
  expect(await graphCounts(db)).toEqual(before);
  expect(await nodesOfThisTest(db)).toBe(0);
  const rejected = error as KnowledgeValidationError;
  expect(rejected.message).toContain('nothing was written');
  return rejected;
}

type ExpectedProblem = Omit<Problem, 'message'> & { message: string | RegExp };

/** The error lists this problem, and its message shows it located as "file › record › field: message". */
function expectProblem(error: KnowledgeValidationError, expected: ExpectedProblem): void {
  const { message } = expected;
  expect(error.problems).toContainEqual(
    expect.objectContaining({ ...expected, message: typeof message === 'string' ? message : expect.stringMatching(message) }),
  );
  expect(error.message).toContain(formatProblem({ ...expected, message: typeof message === 'string' ? message : '' }));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the loader', () => {
  const db = testDatabase();

  afterAll(async () => {
    // Safety net: remove anything a failing test may have left; the seed never carries the suffix.
    await db.write('MATCH (n) WHERE n.id CONTAINS $suffix DETACH DELETE n', { suffix: SUFFIX });
    await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
    await db.close();
  });

  describe('rejects bad input, names where, says what was expected, and writes nothing', () => {
    it('a quote that is not in the text', async () => {
      const missing = 'detained three travellers in Kunming';
      const { dir, file } = await articleFixture(inputWith((i) => (i.claims[0]!.quote = missing)));
      const error = await rejection(db, [dir]);
      expectProblem(error, {
        file,
        record: ID.claim,
        field: 'quote',
        message: `quote not found verbatim in the text: "${missing}" (document ${ID.doc})`,
      });
    });

    it('an ambiguous quote (it occurs twice and no start is given)', async () => {
      const { dir, file } = await articleFixture(inputWith((i) => (i.claims[0]!.quote = 'Border guards')));
      const first = TEXT.indexOf('Border guards');
      const second = TEXT.indexOf('Border guards', first + 1);
      expect(second).toBeGreaterThan(first);
      const error = await rejection(db, [dir]);
      expectProblem(error, {
        file,
        record: ID.claim,
        field: 'quote',
        message: `quote is ambiguous: it occurs 2 times (offsets ${first}, ${second}); give "start" or a longer quote (document ${ID.doc})`,
      });
    });

    it('a wrong start offset', async () => {
      const { dir, file } = await articleFixture(inputWith((i) => (i.claims[0]!.start = 5)));
      const error = await rejection(db, [dir]);
      expectProblem(error, {
        file,
        record: ID.claim,
        field: 'start',
        message: `quote is not at offset 5; it occurs at ${TEXT.indexOf(QUOTE)} (document ${ID.doc})`,
      });
    });

    it.each([
      ['a claim subject', 'claims', ID.claim, 'subject', `group:nobody-${SUFFIX}`],
      ['an event place', 'events', ID.event, 'place', `place:nowhere-${SUFFIX}`],
      ['a document publisher', 'documents', ID.doc, 'publisher', `org:no-such-outlet-${SUFFIX}`],
    ] as const)('an unknown reference: %s', async (_name, section, record, field, ref) => {
      const { dir, file } = await articleFixture(inputWith((i) => (i[section][0]![field] = ref)));
      const error = await rejection(db, [dir]);
      expectProblem(error, { file, record, field, message: `unknown reference "${ref}": no such id in the input or the graph` });
    });

    it('a duplicate id within one file', async () => {
      const { dir, file } = await articleFixture(inputWith((i) => i.events.push({ ...i.events[0]!, label: 'the same id again' })));
      const error = await rejection(db, [dir]);
      expectProblem(error, { file, record: ID.event, field: 'id', message: `duplicate id: already declared in ${file}` });
    });

    it('a duplicate id across two files', async () => {
      const dir = await fixture({
        'article.txt': TEXT,
        'a.yaml': validInput(),
        'b.yaml': { entities: [{ id: ID.group, kind: 'PeopleGroup', name: 'declared a second time' }] },
      });
      const error = await rejection(db, [dir]);
      expectProblem(error, {
        file: path.join(dir, 'b.yaml'),
        record: ID.group,
        field: 'id',
        message: `duplicate id: already declared in ${path.join(dir, 'a.yaml')}`,
      });
    });

    it.each([
      ['a document title', 'documents', ID.doc, 'title', /^is required \(expected string\)$/],
      ['a document publisher', 'documents', ID.doc, 'publisher', /^is required \(expected string\)$/],
      // an enum: the message must still say the field is missing, and list the values it accepts
      ['a claim modality', 'claims', ID.claim, 'modality', /^is required\b.*"reported"\|"alleged"\|"expected"\|"denied"/],
    ] as const)('a missing required field: %s', async (_name, section, record, field, message) => {
      const { dir, file } = await articleFixture(inputWith((i) => delete i[section][0]![field]));
      const error = await rejection(db, [dir]);
      expectProblem(error, { file, record, field, message });
    });

    it('a value of the wrong type (size: "nine")', async () => {
      const { dir, file } = await articleFixture(inputWith((i) => (i.entities[0]!.size = 'nine')));
      const error = await rejection(db, [dir]);
      expectProblem(error, { file, record: ID.group, field: 'size', message: 'Invalid input: expected number, received string' });
    });

    it('an unknown field', async () => {
      const { dir, file } = await articleFixture(inputWith((i) => (i.events[0]!.colour = 'red')));
      const error = await rejection(db, [dir]);
      expectProblem(error, { file, record: ID.event, message: 'unknown field(s) "colour"' });
    });

    it('malformed YAML, with the line it fails on', async () => {
      const { dir, file } = await articleFixture(`documents:\n  - id: ${ID.doc}\n    title: [unclosed\n`);
      const error = await rejection(db, [dir]);
      expect(error.problems).toContainEqual({
        file,
        message: expect.stringMatching(/^not valid YAML\/JSON: .* at line \d+, column \d+/),
      });
    });

    it('a key given twice in one record (YAML duplicate key)', async () => {
      const { dir, file } = await articleFixture(`documents:\n  - id: ${ID.doc}\n    title: one\n    title: two\n`);
      const error = await rejection(db, [dir]);
      expect(error.problems).toContainEqual({ file, message: expect.stringMatching(/^not valid YAML\/JSON: Map keys must be unique/) });
    });

    it('an event that no claim supports', async () => {
      const { dir, file } = await articleFixture(inputWith((i) => (i.claims[0]!.supports = [ID.fact])));
      const error = await rejection(db, [dir]);
      expectProblem(error, {
        file,
        record: ID.event,
        message: 'is supported by no claim: every event and fact needs at least one claim whose "supports" names it',
      });
    });

    it('a fact that no claim supports', async () => {
      const { dir, file } = await articleFixture(inputWith((i) => (i.claims[0]!.supports = [ID.event])));
      const error = await rejection(db, [dir]);
      expectProblem(error, {
        file,
        record: ID.fact,
        message: 'is supported by no claim: every event and fact needs at least one claim whose "supports" names it',
      });
    });

    it('a document whose textFile does not exist', async () => {
      const { dir, file } = await articleFixture(inputWith((i) => (i.documents[0]!.textFile = 'missing.txt')));
      const error = await rejection(db, [dir]);
      expect(error.problems).toContainEqual({
        file,
        record: ID.doc,
        field: 'textFile',
        message: expect.stringMatching(new RegExp(`^cannot read ${escape(path.join(dir, 'missing.txt'))}: ENOENT`)),
      });
    });

    it('a valid document together with an invalid one: neither is written', async () => {
      const dir = await fixture({
        'article.txt': TEXT,
        'a-valid.yaml': validInput(),
        'b-invalid.yaml': {
          documents: [{ id: `doc:loader-test-other-${SUFFIX}`, title: 'Other', textFile: 'article.txt', publisher: 'org:voa' }],
          claims: [
            {
              id: `claim:loader-test-other-${SUFFIX}`,
              quote: 'words that are not in the article',
              modality: 'reported',
              subject: 'country:china',
              predicate: 'says',
            },
          ],
        },
      });
      const error = await rejection(db, [dir]);
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatchObject({ file: path.join(dir, 'b-invalid.yaml'), record: `claim:loader-test-other-${SUFFIX}` });
    });
  });

  describe('accepts a small valid new document', () => {
    const seedNodes = ['org:voa', 'place:kunming', 'country:china'];
    const seedNodeProperties = () =>
      db.read('MATCH (n) WHERE n.id IN $ids RETURN n.id AS id, properties(n) AS props ORDER BY id', { ids: seedNodes });
    const created = () =>
      db.read(
        `MATCH (n) WHERE n.id IN $ids
         RETURN n.id AS id, properties(n) AS props, COLLECT { MATCH (n)-[r]-(m) RETURN type(r) + ' ' + m.id ORDER BY type(r), m.id } AS links
         ORDER BY id`,
        { ids: CREATED_IDS },
      );

    it('loads it once, loading it again changes nothing, and removing its nodes restores the graph', async () => {
      const { dir } = await articleFixture(validInput());
      const before = await graphCounts(db);
      const seedBefore = await seedNodeProperties();

      const summary = await loadKnowledgePaths(db, [dir]);
      expect(summary).toMatchObject({ documents: 1, entities: 1, events: 1, facts: 1, claims: 1, disputes: 0 });
      const once = await graphCounts(db);
      // document, group, event, fact, claim
      expect(once.nodes - before.nodes).toBe(5);
      // PUBLISHED_BY; OCCURRED_IN + 2 PARTICIPATED_IN; FROM, TO, DETAINED_IN;
      // EVIDENCED_BY, SUBJECT, OBJECT, ATTRIBUTED_TO, 2 SUPPORTS, 2 REPORTED_BY;
      // 3 WITHIN (the event is in Kunming, in Yunnan, in China)
      expect(once.relationships - before.relationships).toBe(18);

      const [claim] = await db.read<{ start: number; end: number; source: string; own: boolean }>(
        `MATCH (c:Claim {id: $id})-[a:ATTRIBUTED_TO]->(s) RETURN c.start AS start, c.end AS end, s.id AS source, a.ownReporting AS own`,
        { id: ID.claim },
      );
      expect(claim).toEqual({ start: TEXT.indexOf(QUOTE), end: TEXT.indexOf(QUOTE) + QUOTE.length, source: 'org:voa', own: true });
      const [event] = await db.read('MATCH (e:Event {id: $id}) RETURN e.dateFrom AS dateFrom, e.datePrecision AS precision', {
        id: ID.event,
      });
      expect(event).toEqual({ dateFrom: '2020-03-03', precision: 'day' });

      const createdOnce = await created();
      await loadKnowledgePaths(db, [dir]);
      expect(await graphCounts(db)).toEqual(once);
      expect(await created()).toEqual(createdOnce);
      expect(await seedNodeProperties()).toEqual(seedBefore);

      const [deleted] = await db.write<{ deleted: number }>(
        'MATCH (n) WHERE n.id IN $ids WITH collect(n) AS nodes, count(n) AS deleted FOREACH (n IN nodes | DETACH DELETE n) RETURN deleted',
        { ids: CREATED_IDS },
      );
      expect(deleted!.deleted).toBe(5);
      expect(await graphCounts(db)).toEqual(before);
      expect(await seedNodeProperties()).toEqual(seedBefore);
    });
  });
});
