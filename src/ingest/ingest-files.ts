import { AppError } from '../errors';
import type { GraphDatabase } from '../db/graph-database';
import type { WriteBundle } from '../graph/knowledge-writer';
import { checkSources, ingestSources, newStamp, type Prepared, type RecordStatus } from './ingest';
import { SECTIONS, type Section } from './knowledge-ids';
import { planBundles } from './load';
import { formatProblem, KnowledgeValidationError, readKnowledgeFiles, type KnowledgeSource, type Problem } from './validate';

export type Tally = Record<Section, Record<RecordStatus | 'rejected', number>>;

export interface IngestFilesReport {
  tally: Tally;
  problems: Problem[];
  files: number;
  accepted: number;
  /** Transactions that wrote something. */
  transactions: number;
  dryRun: boolean;
  actor: string;
}

/**
 * Adds knowledge files to the graph: each file is checked against the graph as a whole; a file with a
 * problem is rejected with every problem listed, and the rest is written one transaction per document,
 * records already there with the same content left unchanged.
 */
export async function ingestFiles(
  db: GraphDatabase,
  files: string[],
  options: { actor: string; dryRun?: boolean },
): Promise<IngestFilesReport> {
  const { sources: read, problems: readProblems } = await readKnowledgeFiles(files);
  const tally = emptyTally();
  const problems: Problem[] = [...readProblems];
  const { accepted, prepared } = await preflight(db, read, problems, tally);
  const report = {
    tally,
    problems,
    files: files.length,
    accepted: accepted.length,
    transactions: 0,
    dryRun: options.dryRun ?? false,
    actor: options.actor,
  };
  if (!prepared) return report;
  if (report.dryRun) {
    for (const r of prepared.records) tally[r.section][r.status] += 1;
    return report;
  }
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
      const result = await ingestSources(db, [asSource(bundle)], newStamp(options.actor));
      report.transactions += result.change ? 1 : 0;
    } catch (e) {
      // Another writer got there between the check and this write.
      if (!(e instanceof KnowledgeValidationError) && !(e instanceof AppError && e.code === 'CONFLICT')) throw e;
      problems.push(...(e instanceof KnowledgeValidationError ? e.problems : [{ file: asSource(bundle).file, message: e.message }]));
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
  return report;
}

/** Every problem (file › record › field: message) on stderr, then the summary table; true when anything was rejected. */
export function printReport(report: IngestFilesReport): boolean {
  for (const p of report.problems) console.error(formatProblem(p));
  printSummary(report.tally, report);
  return SECTIONS.some((s) => report.tally[s].rejected > 0) || report.problems.length > 0;
}

/**
 * Checks every file against the graph; a file with a problem is set aside with its problems, and the
 * rest are checked again (they may have relied on it) until what remains passes.
 */
async function preflight(
  db: GraphDatabase,
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
