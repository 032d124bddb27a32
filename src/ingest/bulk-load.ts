import type { GraphDatabase } from '../db/graph-database';
import { writeBundle, type WriteBundle } from '../graph/knowledge-writer';
import { knowledgeFiles } from './knowledge-files';
import type { EntityInput } from './knowledge-schema';
import { countsOf, existingIds, type LoadSummary } from './load';
import {
  parseKnowledgeValue,
  readKnowledgeFiles,
  validateKnowledge,
  type KnowledgeSource,
  type Problem,
  type ValidatedEvent,
} from './validate';

/**
 * The bulk path for large inputs: the same checks as the loader (input schema, references, quotes
 * at their offsets, support), then writes through the same writer, but section by section in large
 * batches (many documents per transaction) instead of one transaction per document. It gives the graph
 * the loader gives. Nothing is
 * written unless all of the input is valid; once writing starts a failure can leave earlier batches
 * written, and loading again completes them.
 */

export interface BulkLoadOptions {
  /** Records (or relationships) per write transaction. */
  batchSize?: number;
  /** Check in-memory input against the input schema (files read from disk always are). */
  checkSchema?: boolean;
  onProgress?: (progress: BulkProgress) => void;
}

export interface BulkProgress {
  /** The section being written. */
  section: string;
  written: number;
  total: number;
}

export interface BulkLoadSummary extends LoadSummary {
  /** Seconds spent checking the input, and writing it. */
  validateSeconds: number;
  writeSeconds: number;
  claimsPerSecond: number;
  /** Peaks of this process while loading, in MiB. */
  peakRssMb: number;
  peakHeapMb: number;
}

const SECTIONS = ['entities', 'documents', 'events', 'facts', 'claims', 'disputes'] as const;
const DEFAULT_BATCH = 5000;

/** Reads knowledge files or folders (JSON parsed natively, YAML by the loader's parser) and bulk-loads them. */
export async function bulkLoadPaths(db: GraphDatabase, targets: string[], options: BulkLoadOptions = {}): Promise<BulkLoadSummary> {
  const files = await knowledgeFiles(targets);
  const { sources, problems } = await readKnowledgeFiles(files);
  return bulkLoadKnowledge(db, sources, { ...options, checkSchema: false }, problems);
}

export async function bulkLoadKnowledge(
  db: GraphDatabase,
  sources: KnowledgeSource[],
  options: BulkLoadOptions = {},
  earlierProblems: Problem[] = [],
): Promise<BulkLoadSummary> {
  const memory = new MemoryPeaks();
  const started = performance.now();
  const problems = [...earlierProblems];
  const checked = (options.checkSchema ?? true) ? schemaChecked(sources, problems) : sources;
  const existing = await existingIds(db, checked);
  const knowledge = validateKnowledge(checked, { ids: existing }, problems);
  memory.sample();
  const validated = performance.now();

  const ordered: WriteBundle = {
    entities: placesOutwardIn(knowledge.entities),
    documents: citedFirst(knowledge.documents, (d) => d.cites),
    events: citedFirst(knowledge.events, (e: ValidatedEvent) => (e.partOf ? [e.partOf] : [])),
    facts: knowledge.facts,
    claims: knowledge.claims,
    disputes: knowledge.disputes,
  };
  let transactions = 0;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  for (const section of SECTIONS) {
    const records = ordered[section] as unknown[];
    for (let at = 0; at < records.length; at += batchSize) {
      const bundle: WriteBundle = { entities: [], documents: [], events: [], facts: [], claims: [], disputes: [] };
      (bundle[section] as unknown[]) = records.slice(at, at + batchSize);
      await db.writeTransaction((tx) => writeBundle(tx, bundle), { operation: 'bulk-load' });
      transactions += 1;
      memory.sample();
      options.onProgress?.({ section, written: Math.min(records.length, at + batchSize), total: records.length });
    }
  }
  const finished = performance.now();
  const writeSeconds = (finished - validated) / 1000;
  return {
    files: sources.length,
    transactions,
    ...countsOf(knowledge),
    validateSeconds: (validated - started) / 1000,
    writeSeconds,
    claimsPerSecond: knowledge.claims.length / ((finished - started) / 1000),
    peakRssMb: memory.rssMb,
    peakHeapMb: memory.heapMb,
  };
}

/** In-memory sources as the input schema reads them (defaults filled in); the problems of those it refuses go to `problems`. */
export function schemaChecked(sources: KnowledgeSource[], problems: Problem[]): KnowledgeSource[] {
  const checked: KnowledgeSource[] = [];
  for (const source of sources) {
    const parsed = parseKnowledgeValue(source.file, source.data);
    if (parsed.data) checked.push({ ...source, data: parsed.data });
    else problems.push(...parsed.problems);
  }
  return checked;
}

/** Peaks of this process's memory, sampled between steps. */
export class MemoryPeaks {
  rssMb = 0;
  heapMb = 0;

  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.rssMb = Math.max(this.rssMb, Math.round(rss / 2 ** 20));
    this.heapMb = Math.max(this.heapMb, Math.round(heapUsed / 2 ** 20));
  }
}

/** Places after the place or country they lie in, so each LOCATED_IN finds its parent already written. */
function placesOutwardIn(entities: EntityInput[]): EntityInput[] {
  const parent = new Map<string, string>();
  for (const e of entities) if (e.kind === 'Place') parent.set(e.id, e.locatedIn);
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    // Validation has refused loops, so the chain ends.
    const d = up === undefined ? 0 : depthOf(up) + 1;
    depth.set(id, d);
    return d;
  };
  return entities
    .map((e, i) => ({ e, i, d: depthOf(e.id) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.e);
}

/** Records after the records of the same section they point at (cited documents, larger events). */
function citedFirst<T extends { id: string }>(records: T[], pointsAt: (record: T) => string[]): T[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const placed = new Set<string>();
  const out: T[] = [];
  for (const root of records) {
    const stack: { record: T; expanded: boolean }[] = [{ record: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (placed.has(top.record.id)) continue;
      if (top.expanded) {
        placed.add(top.record.id);
        out.push(top.record);
        continue;
      }
      stack.push({ record: top.record, expanded: true });
      for (const id of pointsAt(top.record)) {
        const target = byId.get(id);
        if (target && !placed.has(id)) stack.push({ record: target, expanded: false });
      }
    }
  }
  return out;
}

/** Ids the input refers to without declaring them. */
