import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { acquireDatabase } from '../db/connect';
import { applyGraphSchema } from '../db/graph-schema';
import { AppError } from '../errors';
import type { WriteBundle } from '../graph/knowledge-writer';
import { checkSources, ingestSources, newStamp, type Prepared, type RecordStatus } from './ingest';
import { knowledgeFiles } from './knowledge-files';
import { SECTIONS, type Section } from './knowledge-ids';
import { planBundles } from './load';
import { formatProblem, KnowledgeValidationError, readKnowledgeFiles, type KnowledgeSource, type Problem } from './validate';

const USAGE = `usage: npm run ingest -- <file or folder>… [--actor NAME] [--dry-run]

Adds knowledge files (YAML or JSON, the seed's format) to the graph. Each file is checked as a whole;
a file with a problem is rejected with every problem listed, and the others are written, one transaction
per document. Records already in the graph with the same content are left unchanged.
  --actor NAME  who the writes are recorded as made by (default cli:<user>)
  --dry-run     check and report, write nothing`;

type Tally = Record<Section, Record<RecordStatus | 'rejected', number>>;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { actor: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const actor = values.actor ?? `cli:${os.userInfo().username}`;
  const files = await knowledgeFiles(positionals);
  if (files.length === 0) {
    console.error(`no knowledge files (.yaml, .yml, .json) in ${positionals.join(', ')}`);
    return 2;
  }
  const { sources: read, problems: readProblems } = await readKnowledgeFiles(files);
  const database = await acquireDatabase(loadConfig(), { log: (m) => console.error(m) });
  try {
    await applyGraphSchema(database.db);
    const tally = emptyTally();
    const problems: Problem[] = [...readProblems];
    const { accepted, prepared } = await preflight(database.db, read, problems, tally);

    let written = 0;
    if (prepared && !values['dry-run']) {
      const pending = new Map(prepared.records.filter((r) => r.status !== 'unchanged').map((r) => [r.id, r]));
      const bundles = planBundles(prepared.knowledge)
        .map((b) => pick(b, pending))
        .filter((b) => SECTIONS.some((s) => b[s].length > 0));
      const bar = progress(
        bundles.reduce((n, b) => n + b.claims.length, 0),
        bundles.length,
      );
      for (const bundle of bundles) {
        try {
          const result = await ingestSources(database.db, [asSource(bundle)], newStamp(actor));
          written += result.change ? 1 : 0;
        } catch (e) {
          // Another writer got there between the check and this write.
          if (!(e instanceof KnowledgeValidationError) && !(e instanceof AppError && e.code === 'CONFLICT')) throw e;
          problems.push(...(e instanceof KnowledgeValidationError ? e.problems : [{ file: 'database', message: e.message }]));
          for (const s of SECTIONS) {
            for (const r of bundle[s]) {
              pending.delete(r.id);
              tally[s].rejected += 1;
            }
          }
        }
        bar.tick(bundle.claims.length);
      }
      bar.done();
      for (const r of prepared.records) if (r.status === 'unchanged' || pending.has(r.id)) tally[r.section][r.status] += 1;
    } else if (prepared) {
      for (const r of prepared.records) tally[r.section][r.status] += 1;
    }

    for (const p of problems) console.error(formatProblem(p));
    printSummary(tally, {
      files: files.length,
      accepted: accepted.length,
      transactions: written,
      dryRun: values['dry-run'] ?? false,
      actor,
    });
    const rejected = SECTIONS.some((s) => tally[s].rejected > 0) || problems.length > 0;
    return rejected ? 1 : 0;
  } finally {
    await database.release();
  }
}

/**
 * Checks every file against the graph; a file with a problem is set aside with its problems, and the
 * rest are checked again (they may have relied on it) until what remains passes.
 */
async function preflight(
  db: Parameters<typeof checkSources>[0],
  sources: KnowledgeSource[],
  problems: Problem[],
  tally: Tally,
): Promise<{ accepted: KnowledgeSource[]; prepared: Prepared | null }> {
  let accepted = sources.filter((s) => !problems.some((p) => p.file === s.file));
  while (accepted.length > 0) {
    try {
      return { accepted, prepared: await checkSources(db, accepted) };
    } catch (e) {
      if (!(e instanceof KnowledgeValidationError)) throw e;
      const bad = new Set(e.problems.map((p) => p.file));
      const rejected = accepted.filter((s) => bad.has(s.file));
      // A problem that names no file of the input rejects everything still in question.
      const dropped = rejected.length > 0 ? rejected : accepted;
      problems.push(...e.problems);
      for (const s of dropped) for (const section of SECTIONS) tally[section].rejected += s.data[section].length;
      accepted = accepted.filter((s) => !dropped.includes(s));
    }
  }
  return { accepted, prepared: null };
}

function pick(bundle: WriteBundle, pending: Map<string, unknown>): WriteBundle {
  const keep = <T extends { id: string }>(records: T[]) => records.filter((r) => pending.has(r.id));
  return {
    documents: keep(bundle.documents),
    entities: keep(bundle.entities),
    events: keep(bundle.events),
    facts: keep(bundle.facts),
    claims: keep(bundle.claims),
    disputes: keep(bundle.disputes),
  };
}

/** A planned transaction as input of its own: its documents' texts travel with it. */
function asSource(bundle: WriteBundle): KnowledgeSource {
  const file = bundle.documents[0]?.file ?? 'input';
  const texts = new Map(bundle.documents.flatMap((d) => (d.text === null ? [] : [[d.id, d.text] as const])));
  return { file, data: bundle, texts };
}

function emptyTally(): Tally {
  return Object.fromEntries(SECTIONS.map((s) => [s, { added: 0, updated: 0, unchanged: 0, rejected: 0 }])) as Tally;
}

function printSummary(tally: Tally, run: { files: number; accepted: number; transactions: number; dryRun: boolean; actor: string }): void {
  const rows = SECTIONS.map((s) => [s, tally[s].added, tally[s].updated, tally[s].unchanged, tally[s].rejected] as const);
  const header = ['', run.dryRun ? 'would add' : 'added', 'updated', 'unchanged', 'rejected'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: readonly (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(
    `${run.accepted} of ${run.files} file(s) accepted; ` +
      (run.dryRun ? 'dry run: nothing written' : `${run.transactions} transaction(s) written as ${run.actor}`),
  );
}

/** A progress bar on stderr when it is a terminal and the input is large enough to wait for. */
function progress(totalClaims: number, totalBundles: number) {
  const shown = process.stderr.isTTY === true && totalBundles > 1;
  const started = Date.now();
  let claims = 0;
  let bundles = 0;
  const draw = () => {
    const ratio = totalBundles === 0 ? 1 : bundles / totalBundles;
    const filled = Math.round(ratio * 30);
    const rate = Math.round(claims / Math.max((Date.now() - started) / 1000, 0.001));
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${bundles}/${totalBundles} documents, ${claims}/${totalClaims} claims, ${rate} claims/s`,
    );
  };
  return {
    tick(n: number) {
      claims += n;
      bundles += 1;
      if (shown) draw();
    },
    done() {
      if (shown) process.stderr.write('\n');
    },
  };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
