import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import type { GraphDatabase } from '../db/graph-database';
import { recordHash, writeBundle, type WriteBundle, type WriteStamp } from '../graph/knowledge-writer';
import { entitiesNamed, existingNodes, lockKeys, mergedIds, recordChange, type ExistingNode } from '../graph/write-repository';
import type { KnowledgeFile } from './knowledge-schema';
import { mapKnowledgeIds, SECTIONS, type Section } from './knowledge-ids';
import { KnowledgeValidationError, validateKnowledge, type KnowledgeSource, type Problem, type ValidatedKnowledge } from './validate';

export type RecordStatus = 'added' | 'updated' | 'unchanged';

export interface RecordOutcome {
  id: string;
  section: Section;
  status: RecordStatus;
}

/** An input id that turned out to name an entity already in the graph. */
export interface IdentityMatch {
  inputId: string;
  id: string;
  by: 'name' | 'merged-id';
}

export interface IngestResult {
  /** The audit record of the write; null when the input changed nothing. */
  change: string | null;
  actor: string;
  records: RecordOutcome[];
  matched: IdentityMatch[];
}

/** A new change id for a write by this actor. */
export function newStamp(actor: string): WriteStamp {
  return { actor, change: `change:${new Date().toISOString().slice(0, 10)}-${randomUUID()}` };
}

/** Input made ready to write: validated against the graph, every record classified. */
export interface Prepared {
  knowledge: ValidatedKnowledge;
  records: RecordOutcome[];
  matched: IdentityMatch[];
}

/**
 * Ingests knowledge (an article with its entities, events, facts and claims, or claims about documents
 * already in the graph) in one transaction. Validation is the seed's: quotes verbatim in the text,
 * references resolved in the input or the graph, ids unique. The same input twice changes nothing:
 * records already in the graph with the same content are left alone, and a record whose id the graph
 * holds with other content is refused (history is changed by retraction, never by overwriting).
 * Throws KnowledgeValidationError, with every problem, when anything is wrong; nothing is written then.
 */
export async function ingestSources(
  db: GraphDatabase,
  sources: KnowledgeSource[],
  stamp: WriteStamp,
  action: 'ingest' | 'add-claim' = 'ingest',
): Promise<IngestResult> {
  return db.writeTransaction(
    async (tx) => {
      await lockKeys(tx, lockedIds(sources));
      const prepared = await prepare(tx, sources);
      const written = prepared.records.filter((r) => r.status !== 'unchanged');
      if (written.length === 0) return { change: null, actor: stamp.actor, records: prepared.records, matched: prepared.matched };
      const bundle = bundleOf(prepared.knowledge, new Set(written.map((r) => r.id)));
      // An entity already in the graph keeps its name; the name this input gives it becomes an alias.
      const updated = new Set(written.filter((r) => r.status === 'updated').map((r) => r.id));
      bundle.entities = bundle.entities.map((e) => (updated.has(e.id) ? { ...e, aliases: [e.name, ...e.aliases] } : e));
      await writeBundle(tx, bundle, stamp);
      await recordChange(tx, stamp, {
        action,
        summary: { ...countByStatus(prepared.records), matched: prepared.matched },
        touched: written.map((r) => r.id),
      });
      return { change: stamp.change, actor: stamp.actor, records: prepared.records, matched: prepared.matched };
    },
    { operation: action, actor: stamp.actor },
  );
}

/** Checks input against the graph without writing: what would be added, updated or left unchanged. */
export async function checkSources(db: GraphDatabase, sources: KnowledgeSource[]): Promise<Prepared> {
  return db.readTransaction((tx) => prepare(tx, sources));
}

export function countByStatus(records: RecordOutcome[]): Record<Section, Record<RecordStatus, number>> {
  const counts = Object.fromEntries(SECTIONS.map((s) => [s, { added: 0, updated: 0, unchanged: 0 }])) as Record<
    Section,
    Record<RecordStatus, number>
  >;
  for (const r of records) counts[r.section][r.status] += 1;
  return counts;
}

/**
 * Every id the input declares or refers to. Writers touching one id take turns: a second ingest of an
 * article finds the first one's records, two articles declaring one new entity do not both create it,
 * and a merge of an entity the input names finishes before the input is checked (or waits for it).
 */
function lockedIds(sources: KnowledgeSource[]): string[] {
  const ids: string[] = [];
  for (const { data } of sources) mapKnowledgeIds(data, (id) => (ids.push(id), id));
  return ids;
}

async function prepare(tx: ManagedTransaction, given: KnowledgeSource[]): Promise<Prepared> {
  const { sources, matched } = await resolveIdentities(tx, given);
  const ids = new Set<string>();
  for (const { data } of sources) mapKnowledgeIds(data, (id) => (ids.add(id), id));
  const existing = await existingNodes(tx, [...ids]);

  // Claims about documents already in the graph find their quotes in the stored text.
  const graphTexts = new Map<string, string>();
  for (const node of existing.values()) if (node.text !== null) graphTexts.set(node.id, node.text);
  const withGraphTexts = graphTexts.size > 0 ? [...sources, { file: 'graph', data: emptyKnowledge(), texts: graphTexts }] : sources;

  const knowledge = validateKnowledge(withGraphTexts, { ids: new Set(existing.keys()) });
  // The text file a document was read from is where it came from, not what it says.
  knowledge.documents = knowledge.documents.map(({ textFile: _textFile, ...doc }) => doc);
  // How an entity was matched is an instruction, not a property.
  knowledge.entities = knowledge.entities.map(({ match: _match, ...entity }) => entity as typeof entity & { match?: never });

  const originals = originalHashes(given, knowledge);
  const problems: Problem[] = [];
  const records: RecordOutcome[] = [];
  const fileOf = new Map<string, string>();
  for (const { file, data } of sources) for (const section of SECTIONS) for (const r of data[section]) fileOf.set(r.id, file);

  for (const section of SECTIONS) {
    for (const record of knowledge[section]) {
      const node = existing.get(record.id);
      const file = fileOf.get(record.id) ?? '?';
      const outcome = classify(section, record, node, originals.get(record.id));
      if ('problem' in outcome) problems.push({ file, record: record.id, field: outcome.field, message: outcome.problem });
      else records.push({ id: record.id, section, status: outcome.status });
    }
  }
  if (problems.length > 0) throw new KnowledgeValidationError(problems);
  return { knowledge, records, matched };
}

type Classified = { status: RecordStatus } | { problem: string; field?: string };

function classify(section: Section, record: { id: string }, node: ExistingNode | undefined, originalHash: string | undefined): Classified {
  if (!node) return { status: 'added' };
  // Entities name their kind; a dispute's "kind" is what the dispute is about, not a node kind.
  const kind = section === 'entities' ? (record as unknown as { kind: string }).kind : KIND_OF_SECTION[section];
  if (node.kind !== kind) {
    return { field: 'id', problem: `the graph already holds "${record.id}" as a ${node.kind}, not a ${kind}` };
  }
  if (section === 'entities') {
    const entity = record as unknown as { name: string; aliases: string[] };
    const known = new Set([node.name, ...node.aliases]);
    return { status: [entity.name, ...entity.aliases].some((a) => !known.has(a)) ? 'updated' : 'unchanged' };
  }
  const hash = recordHash(record);
  // Nodes written before fingerprints were kept have none to compare with.
  if (node.hash === null || node.hash === hash || node.hash === originalHash) return { status: 'unchanged' };
  const origin = node.createdBy ? ` (written by ${node.createdBy}${node.createdAt ? ` at ${node.createdAt}` : ''})` : '';
  return {
    problem:
      `already in the graph with different content${origin}; ` +
      (section === 'claims' ? 'retract it and add a corrected claim under a new id' : 'use a new id for different content'),
  };
}

const KIND_OF_SECTION: Record<Section, string> = {
  documents: 'Document',
  entities: 'Entity',
  events: 'Event',
  facts: 'Fact',
  claims: 'Claim',
  disputes: 'Dispute',
};

/**
 * Ids that stand for entities already in the graph: ids merged into another entity resolve to the kept
 * one, and entities marked `match: name` become the one existing entity of their kind with that name or
 * alias. Every reference in the input is rewritten accordingly.
 */
async function resolveIdentities(
  tx: ManagedTransaction,
  sources: KnowledgeSource[],
): Promise<{ sources: KnowledgeSource[]; matched: IdentityMatch[] }> {
  const ids = new Set<string>();
  for (const { data } of sources) mapKnowledgeIds(data, (id) => (ids.add(id), id));
  const rewrite = new Map<string, string>();
  const matched: IdentityMatch[] = [];
  for (const [inputId, id] of await mergedIds(tx, [...ids])) {
    rewrite.set(inputId, id);
    matched.push({ inputId, id, by: 'merged-id' });
  }

  const byName = sources.flatMap(({ data }) =>
    data.entities
      .filter((e) => e.match === 'name' && !rewrite.has(e.id))
      .map((e) => ({ inputId: e.id, kind: e.kind, names: [e.name, ...e.aliases] })),
  );
  const problems: Problem[] = [];
  if (byName.length > 0) {
    const present = await existingNodes(
      tx,
      byName.map((c) => c.inputId),
    );
    const found = await entitiesNamed(
      tx,
      byName.filter((c) => !present.has(c.inputId)),
    );
    for (const [inputId, candidates] of found) {
      if (candidates.length === 1) {
        rewrite.set(inputId, candidates[0]!);
        matched.push({ inputId, id: candidates[0]!, by: 'name' });
      } else if (candidates.length > 1) {
        const file = sources.find((s) => s.data.entities.some((e) => e.id === inputId))?.file ?? '?';
        problems.push({
          file,
          record: inputId,
          field: 'match',
          message: `matches ${candidates.length} entities by name or alias (${candidates.join(', ')}); give the id of the one meant`,
        });
      }
    }
  }
  if (problems.length > 0) throw new KnowledgeValidationError(problems);
  if (rewrite.size === 0) return { sources, matched };

  const map = (id: string) => rewrite.get(id) ?? id;
  const rewritten = sources.map((s) => ({
    ...s,
    data: dropRedeclared(mapKnowledgeIds(s.data, map)),
    texts: new Map([...s.texts].map(([id, text]) => [map(id), text])),
  }));
  return { sources: rewritten, matched };
}

/** After rewriting, two entity records may declare the same kept entity: the first stands, later ones add aliases. */
function dropRedeclared(data: KnowledgeFile): KnowledgeFile {
  const seen = new Map<string, KnowledgeFile['entities'][number]>();
  for (const entity of data.entities) {
    const first = seen.get(entity.id);
    if (!first) seen.set(entity.id, { ...entity, aliases: [...entity.aliases] });
    else for (const a of [entity.name, ...entity.aliases]) if (a !== first.name && !first.aliases.includes(a)) first.aliases.push(a);
  }
  return { ...data, entities: [...seen.values()] };
}

/**
 * Fingerprints of records in the form the input gave them, before ids were rewritten: a record written
 * before an entity it names was merged away is still recognized when the same input comes again.
 */
function originalHashes(given: KnowledgeSource[], knowledge: ValidatedKnowledge): Map<string, string> {
  const hashes = new Map<string, string>();
  const validated = new Map<string, object>();
  for (const section of SECTIONS) for (const r of knowledge[section]) validated.set(r.id, r);
  for (const { data } of given) {
    for (const section of SECTIONS) {
      for (const original of data[section] as { id: string }[]) {
        const written = validated.get(original.id);
        if (!written) continue;
        const asGiven = Object.fromEntries(Object.entries(original).filter(([key, v]) => v !== undefined && key !== 'textFile'));
        hashes.set(original.id, recordHash({ ...written, ...asGiven }));
      }
    }
  }
  return hashes;
}

function bundleOf(k: ValidatedKnowledge, ids: Set<string>): WriteBundle {
  return {
    entities: k.entities.filter((r) => ids.has(r.id)),
    documents: k.documents.filter((r) => ids.has(r.id)),
    events: k.events.filter((r) => ids.has(r.id)),
    facts: k.facts.filter((r) => ids.has(r.id)),
    claims: k.claims.filter((r) => ids.has(r.id)),
    disputes: k.disputes.filter((r) => ids.has(r.id)),
  };
}

function emptyKnowledge(): KnowledgeFile {
  return { documents: [], entities: [], events: [], facts: [], claims: [], disputes: [] };
}
