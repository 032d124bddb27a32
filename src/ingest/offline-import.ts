import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { EMPTY_LIST_MARK } from '../db/graph-schema';
import { runNeo4jAdmin } from '../db/local-neo4j';
import { claimRow, disputeRow, documentRow, entityRow, eventRow, factRow, SYSTEM_STAMP } from '../graph/knowledge-writer';
import { MemoryPeaks, schemaChecked } from './bulk-load';
import { knowledgeFiles } from './knowledge-files';
import { LOCATING_FACT_TYPES } from './knowledge-schema';
import { countsOf, type LoadSummary } from './load';
import { readKnowledgeFiles, validateKnowledge, type KnowledgeSource, type Problem, type ValidatedKnowledge } from './validate';

/**
 * The offline path for a first load of a large corpus: the same checks as the loader, then the graph
 * the writer (knowledge-writer.ts) would make, written as CSV files and handed to Neo4j's own importer
 * (`neo4j-admin database import full`), which builds the store directly instead of going through
 * transactions. It only fills a store that does not exist yet, with no server running on it; the
 * graph schema (constraints, indexes) is applied when the server starts on it. Input for a graph
 * that holds data goes through the bulk loader or ingest.
 */

export interface OfflineImportOptions {
  /** A LocalNeo4j home whose store does not exist yet (never started, or emptied). */
  home: string;
  /** Check in-memory input against the input schema (files read from disk always are). */
  checkSchema?: boolean;
  /** Heap of the importer's JVM; it works mostly off-heap. */
  heap?: string;
  /**
   * The importer's worker threads; 1 by default. With one, the store's order (which decides the
   * neighbours a capped hub shows first in a neighbourhood) is the same on every import of the same
   * input; with more it varies from one import to the next. On two cores one is also the fastest.
   */
  threads?: number;
  onOutput?: (line: string) => void;
}

export interface OfflineImportSummary extends LoadSummary {
  nodes: number;
  relationships: number;
  /** Seconds spent checking the input, writing the CSV files, and importing them. */
  validateSeconds: number;
  csvSeconds: number;
  importSeconds: number;
  /** Peaks of this process, in MiB. */
  peakRssMb: number;
  peakHeapMb: number;
}

export class OfflineImportError extends Error {
  override name = 'OfflineImportError';
}

/** Reads knowledge files or folders and imports them offline. */
export async function importKnowledgePaths(targets: string[], options: OfflineImportOptions): Promise<OfflineImportSummary> {
  const files = await knowledgeFiles(targets);
  const { sources, problems } = await readKnowledgeFiles(files);
  return importKnowledge(sources, { ...options, checkSchema: false }, problems);
}

export async function importKnowledge(
  sources: KnowledgeSource[],
  options: OfflineImportOptions,
  earlierProblems: Problem[] = [],
): Promise<OfflineImportSummary> {
  const store = path.join(options.home, 'data', 'databases', 'neo4j');
  if (existsSync(store) && (await readdir(store)).length > 0) {
    throw new OfflineImportError(
      `${store} already holds a database: the offline import only fills a store that does not exist yet. ` +
        'Load into a running database with `npm run ingest` (or the bulk loader) instead.',
    );
  }
  const memory = new MemoryPeaks();
  const started = performance.now();
  const problems = [...earlierProblems];
  const checked = (options.checkSchema ?? true) ? schemaChecked(sources, problems) : sources;
  // The store is empty, so every reference must resolve within the input.
  const knowledge = validateKnowledge(checked, { ids: new Set() }, problems);
  memory.sample();
  const validated = performance.now();

  // The CSV files go to a folder in home, removed once the import has read them.
  const workDir = path.join(options.home, 'import');
  await mkdir(workDir, { recursive: true });
  const tables = new CsvTables(workDir);
  let written = 0;
  try {
    try {
      graphOf(knowledge, tables);
    } catch (e) {
      tables.abandon();
      throw e;
    }
    const files = tables.close();
    memory.sample();
    written = performance.now();
    await runNeo4jAdmin(
      options.home,
      [
        'database',
        'import',
        'full',
        'neo4j',
        ...files.map((f) => `--${f.section}=${f.name}=${f.path}`),
        `--array-delimiter=${ARRAY_DELIMITER_OPTION}`,
        `--report-file=${path.join(workDir, 'import.report')}`,
        `--threads=${options.threads ?? 1}`,
        // Names the field, its header and the file position when the import fails.
        '--verbose',
        // Values with line breaks (article texts) need the slower multi-line parsing. Naming only their files
        // (`--multiline-fields-format=v2`) fails in 5.26 when a record spans two read buffers.
        ...(tables.multiline ? ['--multiline-fields=true'] : []),
      ],
      { heap: options.heap, onOutput: options.onOutput },
    );
  } catch (e) {
    // The store did not exist before: what a failed import leaves of it is unusable, and would block the next attempt.
    await rm(store, { recursive: true, force: true });
    await rm(path.join(options.home, 'data', 'transactions', 'neo4j'), { recursive: true, force: true });
    throw e;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const imported = performance.now();
  return {
    files: sources.length,
    transactions: 0,
    ...countsOf(knowledge),
    nodes: tables.nodeCount,
    relationships: tables.relationshipCount,
    validateSeconds: (validated - started) / 1000,
    csvSeconds: (written - validated) / 1000,
    importSeconds: (imported - written) / 1000,
    peakRssMb: memory.rssMb,
    peakHeapMb: memory.heapMb,
  };
}

/**
 * The nodes and relationships `writeBundle` makes of the input, with the same labels, types and
 * properties (the node properties come from the writer's own row builders). Where the writer's
 * MERGE makes one relationship of several inputs, so does this: relationships are keyed like the
 * MERGE patterns, and a later SET wins as it does there. All but REPORTED_BY come from one record
 * each, so only those are remembered across records.
 */
function graphOf(k: ValidatedKnowledge, out: CsvTables): void {
  const created = { createdAt: new DateTimeValue(new Date().toISOString()), createdBy: SYSTEM_STAMP.actor, createdIn: SYSTEM_STAMP.change };
  // The writer's counts on facts and events (recountLiveClaims): every imported claim is live, and supports a node once.
  const supportedBy = new Map<string, number>();
  for (const c of k.claims) for (const x of new Set(c.supports)) supportedBy.set(x, (supportedBy.get(x) ?? 0) + 1);
  const liveClaims = (id: string) => {
    const n = supportedBy.get(id);
    return n === undefined ? {} : { liveClaims: BigInt(n) };
  };
  // And on events and locating facts, how many of those claims assert both an event and a locating fact.
  const events = new Set(k.events.map((e) => e.id));
  const locatingFacts = new Set(k.facts.filter((f) => LOCATING_FACT_TYPES.includes(f.type)).map((f) => f.id));
  const placingBy = new Map<string, number>();
  for (const c of k.claims) {
    if (!c.supports.some((x) => events.has(x)) || !c.supports.some((x) => locatingFacts.has(x))) continue;
    for (const x of new Set(c.supports)) placingBy.set(x, (placingBy.get(x) ?? 0) + 1);
  }
  const placingClaims = (id: string) =>
    supportedBy.has(id) && (events.has(id) || locatingFacts.has(id)) ? { placingClaims: BigInt(placingBy.get(id) ?? 0) } : {};
  // And on events, every place each lies within (PLACED_WITHIN): where it occurred and the place of each
  // locating fact about a participant that a claim asserts with it, each with its parents up to eight levels.
  const parentsOf = new Map<string, string[]>();
  for (const e of k.entities) if (e.kind === 'Place') parentsOf.set(e.id, [...(parentsOf.get(e.id) ?? []), e.locatedIn]);
  const aboveOf = new Map<string, string[]>();
  const above = (place: string): string[] => {
    let ids = aboveOf.get(place);
    if (ids === undefined) {
      const found = new Set([place]);
      let level = [place];
      for (let depth = 0; depth < 8 && level.length > 0; depth++) {
        level = level.flatMap((p) => parentsOf.get(p) ?? []).filter((p) => !found.has(p));
        for (const p of level) found.add(p);
      }
      ids = [...found];
      aboveOf.set(place, ids);
    }
    return ids;
  };
  const placesOf = new Map<string, Set<string>>();
  const placeEvent = (event: string, place: string) => placesOf.set(event, (placesOf.get(event) ?? new Set()).add(place));
  for (const e of k.events) if (e.place) placeEvent(e.id, e.place);
  const participantsOf = new Map(k.events.map((e) => [e.id, new Set(e.participants.map((p) => p.entity))]));
  const locating = new Map(k.facts.filter((f) => LOCATING_FACT_TYPES.includes(f.type)).map((f) => [f.id, f]));
  for (const c of k.claims) {
    const facts = c.supports.flatMap((x) => locating.get(x) ?? []);
    if (facts.length === 0) continue;
    for (const x of c.supports) {
      const participants = participantsOf.get(x);
      if (participants) for (const f of facts) if (participants.has(f.from)) placeEvent(x, f.to);
    }
  }
  const placedWithin = (event: string): string[] => [...new Set([...(placesOf.get(event) ?? [])].flatMap(above))].sort();
  const rels = new RelationshipSet();
  const record = (write: (rels: RelationshipSet) => void) => {
    rels.clear();
    write(rels);
    for (const r of rels.values()) out.relationship(r.type, r.from, r.to, r.props);
  };
  const reported = new Set<string>();

  for (const e of k.entities) {
    const row = entityRow(e);
    out.node(['Node', 'Entity', row.label], row.id, { ...row.props, ...created, inputHash: row.hash });
    if (e.kind === 'Place') out.relationship('LOCATED_IN', e.id, e.locatedIn, {});
  }

  const publisherOf = new Map<string, string>();
  for (const d of k.documents) {
    const row = documentRow(d);
    publisherOf.set(d.id, row.publisher);
    out.node(['Node', 'Document'], row.id, { ...row.props, ...created, inputHash: row.hash });
    record((rels) => {
      rels.add('PUBLISHED_BY', d.id, row.publisher);
      for (const a of row.authors) rels.add('WRITTEN_BY', d.id, a, { role: 'author' });
      for (const a of row.contributors) rels.add('WRITTEN_BY', d.id, a, { role: 'contributor' });
      for (const c of row.cites) rels.add('CITES', d.id, c);
    });
  }

  for (const e of k.events) {
    const row = eventRow(e);
    const within = placedWithin(e.id);
    const dates = {
      dateFrom: row.dateFrom === null ? undefined : new DateValue(row.dateFrom),
      dateTo: row.dateTo === null ? undefined : new DateValue(row.dateTo),
    };
    out.node(['Node', 'Event'], row.id, {
      ...row.props,
      ...created,
      inputHash: row.hash,
      ...liveClaims(row.id),
      ...placingClaims(row.id),
      placedWithin: within,
      ...dates,
    });
    for (const placeId of within) out.relationship('WITHIN', e.id, placeId, { placeId, ...dates });
    record((rels) => {
      if (row.place !== null) rels.add('OCCURRED_IN', e.id, row.place);
      if (row.partOf !== null) rels.add('PART_OF', e.id, row.partOf);
      for (const p of row.participants) rels.add('PARTICIPATED_IN', p.entity, e.id, { role: p.role }, p.role);
    });
  }

  for (const f of k.facts) {
    const row = factRow(f);
    const counted = liveClaims(row.id);
    out.node(['Node', 'Fact'], row.id, {
      kind: 'Fact',
      type: row.type,
      propertiesJson: row.json,
      ...created,
      inputHash: row.hash,
      ...counted,
      ...placingClaims(row.id),
    });
    out.relationship('FROM', f.id, row.from, {});
    out.relationship('TO', f.id, row.to, {});
    out.relationship(row.type, row.from, row.to, { factId: row.id, ...row.props, ...counted });
  }

  for (const c of k.claims) {
    const row = claimRow(c);
    const publisher = publisherOf.get(row.document);
    // Validation has resolved every document within the input, and each has a publisher.
    if (publisher === undefined) throw new OfflineImportError(`claim ${row.id}: document ${row.document} is not in the input`);
    out.node(['Node', 'Claim'], row.id, { ...row.props, ...created, retracted: false, inputHash: row.hash });
    record((rels) => {
      rels.add('EVIDENCED_BY', row.id, row.document, row.evidence);
      rels.add('SUBJECT', row.id, row.subject);
      if (row.object !== null) rels.add('OBJECT', row.id, row.object);
      rels.add('ATTRIBUTED_TO', row.id, row.attributedTo ?? publisher, { ownReporting: row.attributedTo === null });
      if (row.cites !== null) rels.add('CITES', row.id, row.cites);
      for (const x of row.supports) rels.add('SUPPORTS', row.id, x);
    });
    for (const x of row.supports) {
      const key = `${x}\u0000${publisher}`;
      if (reported.has(key)) continue;
      reported.add(key);
      out.relationship('REPORTED_BY', x, publisher, {});
    }
  }

  for (const d of k.disputes) {
    const row = disputeRow(d);
    out.node(['Node', 'Dispute'], row.id, { ...row.props, ...created, inputHash: row.hash });
    record((rels) => {
      // The writer sets the side from a Cypher list literal: an integer.
      for (const [side, claims] of [row.sideA, row.sideB].entries()) {
        for (const claimId of claims) rels.add('IN_DISPUTE', claimId, row.id, { side: BigInt(side) });
      }
      for (const a of row.sideA) {
        for (const b of row.sideB) rels.add('CONTRADICTS', a, b, { disputeId: row.id, kind: row.props.disputeKind });
      }
      for (const x of row.about) rels.add('ABOUT', row.id, x);
    });
  }
}

interface Relationship {
  type: string;
  from: string;
  to: string;
  props: Record<string, unknown>;
}

/** One record's relationships, keyed like the writer's MERGE patterns: type, ends, and the properties the pattern names. */
class RelationshipSet {
  private readonly byKey = new Map<string, Relationship>();

  add(type: string, from: string, to: string, props: Record<string, unknown> = {}, discriminator = ''): void {
    const key = `${type}\u0000${from}\u0000${to}\u0000${discriminator}`;
    const existing = this.byKey.get(key);
    if (existing) Object.assign(existing.props, props);
    else this.byKey.set(key, { type, from, to, props: { ...props } });
  }

  values(): IterableIterator<Relationship> {
    return this.byKey.values();
  }

  clear(): void {
    this.byKey.clear();
  }
}

/** Property values the import files carry with a type of their own. */
class DateValue {
  constructor(readonly iso: string) {}
}
class DateTimeValue {
  constructor(readonly iso: string) {}
}

const ARRAY_DELIMITER = '\u001f';
const ARRAY_DELIMITER_OPTION = 'U+001F';
const PROPERTY_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

const LINE_BREAK = /[\r\n]/;

/** A short code for a value's kind, for telling shapes of record apart. */
function typeCode(value: unknown): string {
  if (value instanceof DateValue) return 'D';
  if (value instanceof DateTimeValue) return 'T';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** The importer's type of a value; numbers are doubles, as the driver sends a JavaScript number. */
function csvType(value: unknown, where: string): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'bigint') return 'long';
  if (value instanceof DateValue) return 'date';
  if (value instanceof DateTimeValue) return 'datetime';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'string[]';
  throw new OfflineImportError(`${where}: a value of this kind cannot be imported: ${JSON.stringify(value)}`);
}

function csvField(value: unknown): string {
  if (value instanceof DateValue || value instanceof DateTimeValue) return value.iso;
  if (Array.isArray(value)) return quote(value.join(ARRAY_DELIMITER));
  if (typeof value === 'string') return quote(value);
  return String(value);
}

/** Always quoted, so that an empty string stays an empty string (an empty unquoted field is no value). */
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

interface CsvTable {
  section: 'nodes' | 'relationships';
  /** Labels joined by ':' for nodes, the type for relationships. */
  name: string;
  path: string;
  fd: number;
  pending: string[];
  pendingChars: number;
}

/**
 * Import files, one per label set (or relationship type) and set of property keys and types: the
 * importer gives each file one header, and a property absent from a record must stay absent. Lines
 * go to their file as they come, a megabyte at a time.
 */
class CsvTables {
  private readonly tables = new Map<string, CsvTable>();
  private readonly plans = new Map<string, { table: CsvTable; keys: string[] }>();
  nodeCount = 0;
  relationshipCount = 0;
  /** Whether some value holds a line break: the importer then needs its slower multi-line parsing. */
  multiline = false;

  constructor(private readonly dir: string) {}

  node(labels: string[], id: string, props: Record<string, unknown>): void {
    this.nodeCount += 1;
    // The import files cannot hold an empty list: the node is marked, and prepareGraph sets it.
    let rest = props;
    let marked = labels;
    for (const k in props) {
      const v = props[k];
      if (Array.isArray(v) && v.length === 0) {
        if (rest === props) rest = { ...props };
        delete rest[k];
        marked = [...marked, `${EMPTY_LIST_MARK}${k}`];
      }
    }
    this.add('nodes', marked.join(':'), ['id:ID'], [quote(id)], rest, () => id);
  }

  relationship(type: string, from: string, to: string, props: Record<string, unknown>): void {
    this.relationshipCount += 1;
    this.add('relationships', type, [':START_ID', ':END_ID'], [quote(from), quote(to)], props, () => `${type} ${from} → ${to}`);
  }

  private add(
    section: CsvTable['section'],
    name: string,
    fixed: string[],
    fixedValues: string[],
    props: Record<string, unknown>,
    /** Names the record in an error: made only then. */
    where: () => string,
  ) {
    // Records of one kind come with the same keys in the same order: the table and the order of its
    // columns are worked out once per such shape.
    let shape = `${section}|${name}|`;
    for (const k in props) {
      const v = props[k];
      if (v !== undefined && v !== null && k !== 'id') shape += `${k}:${typeCode(v)},`;
    }
    let plan = this.plans.get(shape);
    if (!plan) {
      plan = this.plan(section, name, fixed, props, where);
      this.plans.set(shape, plan);
    }
    const { table, keys } = plan;
    const fields = [...fixedValues];
    for (const k of keys) {
      const v = props[k];
      if (Array.isArray(v)) {
        if (v.some((item) => typeof item !== 'string')) csvType(v, `${where()} › ${k}`);
        if (v.some((item: string) => item.includes(ARRAY_DELIMITER))) {
          throw new OfflineImportError(
            `${where()}: a list value holds the character U+001F, which the import files use between list items`,
          );
        }
        if (!this.multiline && v.some((item: string) => LINE_BREAK.test(item))) this.multiline = true;
      } else if (!this.multiline && typeof v === 'string' && LINE_BREAK.test(v)) this.multiline = true;
      fields.push(csvField(v));
    }
    this.append(table, fields.join(','));
  }

  /** The table of a shape of record (created with its header when it is the first of its signature), and its columns in order. */
  private plan(section: CsvTable['section'], name: string, fixed: string[], props: Record<string, unknown>, where: () => string) {
    const keys = Object.keys(props)
      .filter((k) => props[k] !== undefined && props[k] !== null && k !== 'id')
      .sort();
    const typed = keys.map((k) => {
      if (!PROPERTY_KEY.test(k))
        throw new OfflineImportError(`${where()}: property name "${k}" cannot be imported offline; load it with the bulk loader`);
      return `${k}:${csvType(props[k], `${where()} › ${k}`)}`;
    });
    const signature = `${section}|${name}|${typed.join(',')}`;
    let table = this.tables.get(signature);
    if (!table) {
      const file = path.join(this.dir, `${section}-${String(this.tables.size + 1).padStart(3, '0')}.csv`);
      table = { section, name, path: file, fd: openSync(file, 'w'), pending: [], pendingChars: 0 };
      this.tables.set(signature, table);
      this.append(table, [...fixed, ...typed].join(','));
    }
    return { table, keys };
  }

  private append(table: CsvTable, line: string): void {
    table.pending.push(line);
    table.pendingChars += line.length;
    if (table.pendingChars > 1 << 20) this.flush(table);
  }

  private flush(table: CsvTable): void {
    if (table.pending.length === 0) return;
    writeSync(table.fd, `${table.pending.join('\n')}\n`);
    table.pending = [];
    table.pendingChars = 0;
  }

  /** Writes what is left and closes the files; returns them as the importer's arguments need them. */
  close(): { section: CsvTable['section']; name: string; path: string }[] {
    return [...this.tables.values()].map((table) => {
      this.flush(table);
      closeSync(table.fd);
      return { section: table.section, name: table.name, path: table.path };
    });
  }

  /** Closes the files without writing, after a failure. */
  abandon(): void {
    for (const table of this.tables.values()) closeSync(table.fd);
  }
}
