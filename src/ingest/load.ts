import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import type { GraphDatabase } from '../db/graph-database';
import { writeBundle, type WriteBundle } from '../graph/knowledge-writer';
import type { ClaimInput, DisputeInput, DocumentInput, EntityInput, EventInput, FactInput } from './knowledge-schema';
import { knowledgeFiles } from './knowledge-files';
import { referencesOf } from './knowledge-ids';
import { readKnowledgeFiles, validateKnowledge, type KnowledgeSource, type Problem, type ValidatedKnowledge } from './validate';

export const SEED_DIR = path.join(PROJECT_ROOT, 'seed', 'knowledge');

export interface LoadSummary {
  files: number;
  transactions: number;
  documents: number;
  entities: number;
  events: number;
  facts: number;
  claims: number;
  disputes: number;
}

/**
 * Reads, validates and writes knowledge files or folders into a graph that does not hold them yet (the
 * seed into an empty graph, a generated corpus): nothing is written unless all of it is valid, and
 * records are written as given. Input for a graph that may hold it already goes through ingest-files.ts.
 */
export async function loadKnowledgePaths(db: GraphDatabase, targets: string[]): Promise<LoadSummary> {
  const files = await knowledgeFiles(targets);
  const { sources, problems } = await readKnowledgeFiles(files);
  return loadKnowledgeSources(db, sources, problems);
}

export async function loadKnowledgeSources(db: GraphDatabase, sources: KnowledgeSource[], problems: Problem[] = []): Promise<LoadSummary> {
  const existing = await existingIds(db, sources);
  const knowledge = validateKnowledge(sources, { ids: existing }, problems);
  const bundles = planBundles(knowledge);
  for (const bundle of bundles) {
    await db.writeTransaction((tx) => writeBundle(tx, bundle), { operation: 'load-knowledge' });
  }
  return {
    files: sources.length,
    transactions: bundles.length,
    ...countsOf(knowledge),
  };
}

/** How many records of each section the input holds. */
export function countsOf(k: ValidatedKnowledge): Omit<LoadSummary, 'files' | 'transactions'> {
  return {
    documents: k.documents.length,
    entities: k.entities.length,
    events: k.events.length,
    facts: k.facts.length,
    claims: k.claims.length,
    disputes: k.disputes.length,
  };
}

/** Loads the seed knowledge base when the graph holds no documents yet. */
export async function loadSeedIfEmpty(db: GraphDatabase): Promise<LoadSummary | null> {
  const [row] = await db.read<{ documents: number }>('MATCH (d:Document) RETURN count(d) AS documents');
  if ((row?.documents ?? 0) > 0) return null;
  return loadKnowledgePaths(db, [SEED_DIR]);
}

const ID_CHUNK = 50_000;

/** Ids the input refers to without declaring them, that the graph already holds (asked in chunks, for large inputs). */
export async function existingIds(db: GraphDatabase, sources: KnowledgeSource[]): Promise<Set<string>> {
  const declared = new Set<string>();
  const referenced = new Set<string>();
  for (const { data } of sources) {
    for (const entry of entriesOf(data)) {
      declared.add(entry.record.id);
      referencesOf(entry.section, entry.record).forEach((id) => referenced.add(id));
    }
  }
  const missing = [...referenced].filter((id) => !declared.has(id));
  const found = new Set<string>();
  for (let at = 0; at < missing.length; at += ID_CHUNK) {
    const rows = await db.read<{ id: string }>('MATCH (n:Node) WHERE n.id IN $ids RETURN n.id AS id', {
      ids: missing.slice(at, at + ID_CHUNK),
    });
    rows.forEach((r) => found.add(r.id));
  }
  return found;
}

/** A record of the input with the section it belongs to. */
type Entry =
  | { section: 'documents'; record: DocumentInput }
  | { section: 'entities'; record: EntityInput }
  | { section: 'events'; record: EventInput }
  | { section: 'facts'; record: FactInput }
  | { section: 'claims'; record: ClaimInput }
  | { section: 'disputes'; record: DisputeInput };

type Sections = { [E in Entry as E['section']]: E['record'][] };

function entriesOf(data: Sections): Entry[] {
  return [
    ...data.entities.map((record) => ({ section: 'entities' as const, record })),
    ...data.documents.map((record) => ({ section: 'documents' as const, record })),
    ...data.events.map((record) => ({ section: 'events' as const, record })),
    ...data.facts.map((record) => ({ section: 'facts' as const, record })),
    ...data.claims.map((record) => ({ section: 'claims' as const, record })),
    ...data.disputes.map((record) => ({ section: 'disputes' as const, record })),
  ];
}

/**
 * Splits validated input into transactions: one per document with a text (the document, its claims
 * and everything they need), then one for whatever is left (disputes across documents, records no
 * claim reaches). Each record is written once, in the first transaction that needs it.
 */
export function planBundles(k: ValidatedKnowledge): WriteBundle[] {
  const byId = new Map(entriesOf(k).map((entry) => [entry.record.id, entry]));

  const written = new Set<string>();
  const bundleOf = (roots: string[]): WriteBundle => {
    const bundle: WriteBundle = { entities: [], documents: [], events: [], facts: [], claims: [], disputes: [] };
    const stack = [...roots];
    while (stack.length > 0) {
      const id = stack.pop()!;
      const entry = byId.get(id);
      if (written.has(id) || !entry) continue;
      written.add(id);
      (bundle[entry.section] as unknown[]).push(entry.record);
      stack.push(...referencesOf(entry.section, entry.record));
    }
    return bundle;
  };

  const bundles: WriteBundle[] = [];
  for (const doc of k.documents.filter((d) => d.text !== null)) {
    const claims = k.claims.filter((c) => c.document === doc.id).map((c) => c.id);
    bundles.push(bundleOf([doc.id, ...claims]));
  }
  const rest = bundleOf([...byId.keys()]);
  if (Object.values(rest).some((list) => list.length > 0)) bundles.push(rest);
  return bundles;
}
