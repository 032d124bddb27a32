import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import type { GraphDatabase } from '../db/graph-database';
import { writeBundle, type WriteBundle } from '../graph/knowledge-writer';
import { knowledgeFiles } from './knowledge-files';
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

/** Reads, validates and writes knowledge files or folders. Nothing is written unless all of it is valid. */
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
    documents: knowledge.documents.length,
    entities: knowledge.entities.length,
    events: knowledge.events.length,
    facts: knowledge.facts.length,
    claims: knowledge.claims.length,
    disputes: knowledge.disputes.length,
  };
}

/** Loads the seed knowledge base when the graph holds no documents yet. */
export async function loadSeedIfEmpty(db: GraphDatabase): Promise<LoadSummary | null> {
  const [row] = await db.read<{ documents: number }>('MATCH (d:Document) RETURN count(d) AS documents');
  if ((row?.documents ?? 0) > 0) return null;
  return loadKnowledgePaths(db, [SEED_DIR]);
}

/** Ids the input refers to without declaring them, that the graph already holds. */
async function existingIds(db: GraphDatabase, sources: KnowledgeSource[]): Promise<Set<string>> {
  const declared = new Set<string>();
  const referenced = new Set<string>();
  for (const { data } of sources) {
    for (const list of Object.values(data)) for (const record of list as { id: string }[]) declared.add(record.id);
    collectReferences(data, referenced);
  }
  const missing = [...referenced].filter((id) => !declared.has(id));
  if (missing.length === 0) return new Set();
  const found = await db.read<{ id: string }>('MATCH (n:Node) WHERE n.id IN $ids RETURN n.id AS id', { ids: missing });
  return new Set(found.map((r) => r.id));
}

function collectReferences(data: KnowledgeSource['data'], into: Set<string>): void {
  const add = (...ids: (string | undefined | null)[]) => ids.forEach((id) => id && into.add(id));
  for (const d of data.documents) add(d.publisher, ...d.authors, ...d.contributors, ...d.cites);
  for (const e of data.entities) if (e.kind === 'Place') add(e.locatedIn);
  for (const e of data.events) add(e.place, e.partOf, ...e.participants.map((p) => p.entity));
  for (const f of data.facts) add(f.from, f.to);
  for (const c of data.claims) add(c.document, c.subject, c.object, c.attributedTo, c.cites, ...c.supports);
  for (const d of data.disputes) add(...d.sides[0], ...d.sides[1], ...d.about);
}

/**
 * Splits validated input into transactions: one per document with a text (the document, its claims
 * and everything they need), then one for whatever is left (disputes across documents, records no
 * claim reaches). Each record is written once, in the first transaction that needs it.
 */
export function planBundles(k: ValidatedKnowledge): WriteBundle[] {
  const byId = new Map<string, { section: keyof WriteBundle; record: unknown }>();
  const sections: (keyof WriteBundle)[] = ['entities', 'documents', 'events', 'facts', 'claims', 'disputes'];
  for (const section of sections) for (const record of k[section] as { id: string }[]) byId.set(record.id, { section, record });

  const refs = (id: string): string[] => {
    const entry = byId.get(id);
    if (!entry) return [];
    const r = entry.record as Record<string, unknown>;
    switch (entry.section) {
      case 'entities':
        return r.kind === 'Place' ? [r.locatedIn as string] : [];
      case 'documents': {
        const d = k.documents.find((x) => x.id === id)!;
        return [d.publisher, ...d.authors, ...d.contributors, ...d.cites];
      }
      case 'events': {
        const e = k.events.find((x) => x.id === id)!;
        return [e.place, e.partOf, ...e.participants.map((p) => p.entity)].filter((x): x is string => !!x);
      }
      case 'facts': {
        const f = k.facts.find((x) => x.id === id)!;
        return [f.from, f.to];
      }
      case 'claims': {
        const c = k.claims.find((x) => x.id === id)!;
        return [c.document, c.subject, c.object, c.attributedTo, c.cites, ...c.supports].filter((x): x is string => !!x);
      }
      case 'disputes': {
        const d = k.disputes.find((x) => x.id === id)!;
        return [...d.sides[0], ...d.sides[1], ...d.about];
      }
    }
  };

  const written = new Set<string>();
  const bundleOf = (roots: string[]): WriteBundle => {
    const bundle: WriteBundle = { entities: [], documents: [], events: [], facts: [], claims: [], disputes: [] };
    const stack = [...roots];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (written.has(id) || !byId.has(id)) continue;
      written.add(id);
      const { section, record } = byId.get(id)!;
      (bundle[section] as unknown[]).push(record);
      stack.push(...refs(id));
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
