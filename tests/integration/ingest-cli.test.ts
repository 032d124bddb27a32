import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';
import { fingerprint, graphCounts, testDatabase } from '../helpers/database';
import { readSeed } from '../helpers/seed';
import { ARTICLES_DIR, removeTestWrites } from '../helpers/writes';

const db = testDatabase();
const folder = mkdtempSync(path.join(os.tmpdir(), 'newsgraph-ingest-'));
let seedCounts: { nodes: number; relationships: number };

beforeAll(async () => {
  seedCounts = await graphCounts(db);
  for (const f of ['harbor-wire-tumen-detention.yaml', 'harbor-wire-tumen-detention.txt'])
    copyFileSync(path.join(ARTICLES_DIR, f), path.join(folder, f));
  // Sorts before the article it adds a claim to: order within a folder must not matter.
  writeFileSync(
    path.join(folder, 'a-follow-up.yaml'),
    `claims:
  - id: claim:harbor-jilin-silent
    document: doc:harbor-wire-tumen-detention
    quote: Jilin provincial authorities did not respond to a request for comment
    modality: reported
    subject: event:tumen-five-detained
    predicate: no_comment
    supports: [event:tumen-five-detained]
`,
  );
  writeFileSync(
    path.join(folder, 'b-bad.yaml'),
    `claims:
  - id: claim:harbor-invented
    document: doc:harbor-wire-tumen-detention
    quote: The five were released the same day
    modality: reported
    subject: group:tumen-five
    predicate: released
`,
  );
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await removeTestWrites(db);
  expect(await graphCounts(db)).toEqual(seedCounts);
  await db.close();
});

function ingest(...args: string[]) {
  const result = spawnSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['src/ingest/ingest-cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      NEO4J_URI: process.env.TEST_NEO4J_URI,
      NEO4J_USER: process.env.TEST_NEO4J_USER,
      NEO4J_PASSWORD: process.env.TEST_NEO4J_PASSWORD,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The summary table's row for a section: added, updated, unchanged, rejected. */
function row(stdout: string, section: string): number[] {
  const line = stdout.split('\n').find((l) => l.startsWith(section));
  if (!line) throw new Error(`no "${section}" row in:\n${stdout}`);
  return line.trim().split(/\s+/).slice(1).map(Number);
}

describe('npm run ingest', () => {
  it('writes the valid files, rejects the bad one with a per-record message, and exits non-zero', () => {
    const run = ingest(folder, '--actor', 'cli-tests');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${path.join(folder, 'b-bad.yaml')} › claim:harbor-invented › quote: quote not found verbatim in the text: "The five were released the same day" (document doc:harbor-wire-tumen-detention)`,
    );
    expect(row(run.stdout, 'documents')).toEqual([1, 0, 0, 0]);
    expect(row(run.stdout, 'entities')).toEqual([4, 0, 0, 0]);
    expect(row(run.stdout, 'claims')).toEqual([3, 0, 0, 1]);
    expect(run.stdout).toMatch(/2 of 3 file\(s\) accepted; \d+ transaction\(s\) written as cli-tests/);
  });

  it('leaves everything unchanged when run again, and exits zero without the bad file', async () => {
    rmSync(path.join(folder, 'b-bad.yaml'));
    const before = await fingerprint(db);
    const run = ingest(folder, '--actor', 'cli-tests');
    expect(run.stderr).not.toMatch(/›/);
    expect(run.code).toBe(0);
    expect(row(run.stdout, 'documents')).toEqual([0, 0, 1, 0]);
    expect(row(run.stdout, 'claims')).toEqual([0, 0, 3, 0]);
    expect(await fingerprint(db)).toEqual(before);
  });

  it('records the actor on what it wrote, and the claims can be read with their document', async () => {
    const rows = await db.read<{ id: string; by: string; doc: string }>(
      `MATCH (c:Claim)-[:EVIDENCED_BY]->(d:Document {id: 'doc:harbor-wire-tumen-detention'})
       RETURN c.id AS id, c.createdBy AS by, d.id AS doc ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, r.by])).toEqual([
      ['claim:harbor-jilin-silent', 'cli-tests'],
      ['claim:harbor-taken-before-dawn', 'cli-tests'],
      ['claim:harbor-tumen-five-detained', 'cli-tests'],
    ]);
  });

  it('says what is wrong with a file it cannot parse', async () => {
    const broken = path.join(folder, 'broken.yaml');
    writeFileSync(broken, 'claims: [unclosed\n');
    const before = await fingerprint(db);
    const run = ingest(broken, '--dry-run');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${broken}: not valid YAML/JSON`);
    expect(await fingerprint(db)).toEqual(before);
  });

  it('finds the whole seed already there: every record unchanged, nothing written', async () => {
    const seed = await readSeed();
    const count = (section: 'documents' | 'claims' | 'disputes') => seed.reduce((n, file) => n + (file[section]?.length ?? 0), 0);
    const before = await fingerprint(db);
    const run = ingest(path.join(PROJECT_ROOT, 'seed', 'knowledge'), '--actor', 'cli-tests');
    expect(run.stderr).not.toMatch(/›/);
    expect(run.code).toBe(0);
    for (const section of ['documents', 'claims', 'disputes'] as const) expect(row(run.stdout, section)).toEqual([0, 0, count(section), 0]);
    expect(await fingerprint(db)).toEqual(before);
  });
});
