import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  KnowledgeFile,
  precisionOf,
  type ClaimInput,
  type DatePrecision,
  type DisputeInput,
  type DocumentInput,
  type EntityInput,
  type EventInput,
  type FactInput,
} from './knowledge-schema';
import { SECTIONS } from './knowledge-ids';

/** One thing wrong with the input, located as precisely as the input allows. */
export interface Problem {
  file: string;
  record?: string;
  field?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.record, p.field].filter(Boolean).join(' › ');
  return `${where}: ${p.message}`;
}

export class KnowledgeValidationError extends Error {
  constructor(readonly problems: Problem[]) {
    const shown = problems.slice(0, 20).map((p) => `  - ${formatProblem(p)}`);
    const more = problems.length > 20 ? [`  … and ${problems.length - 20} more`] : [];
    super([`${problems.length} problem(s) in the input; nothing was written:`, ...shown, ...more].join('\n'));
    this.name = 'KnowledgeValidationError';
  }
}

/** A knowledge file as read: where it came from, and its content in the input format. */
export interface KnowledgeSource {
  file: string;
  data: KnowledgeFile;
  /** Texts of the documents this file declares with a textFile, by document id. */
  texts: Map<string, string>;
}

export interface ValidatedDocument extends DocumentInput {
  text: string | null;
  file: string;
}
export interface ValidatedClaim extends ClaimInput {
  document: string;
  start: number;
  end: number;
}
export interface ValidatedEvent extends EventInput {
  datePrecision: DatePrecision;
}

/** Input that has passed every check: references resolve, quotes sit at their offsets. */
export interface ValidatedKnowledge {
  documents: ValidatedDocument[];
  entities: EntityInput[];
  events: ValidatedEvent[];
  facts: FactInput[];
  claims: ValidatedClaim[];
  disputes: DisputeInput[];
}

/** What the graph already holds, so that new input may refer to it. */
export interface ExistingGraph {
  /** Ids already in the graph (entities, events, facts, claims, documents). */
  ids: ReadonlySet<string>;
}

/** Parses one file's text (YAML or JSON) into the input format, reporting schema problems by record and field. */
export function parseKnowledge(file: string, raw: string): { data?: KnowledgeFile; problems: Problem[] } {
  const yaml = parseDocument(raw, { prettyErrors: true, uniqueKeys: true });
  if (yaml.errors.length > 0) {
    return { problems: yaml.errors.map((e) => ({ file, message: `not valid YAML/JSON: ${e.message}` })) };
  }
  return parseKnowledgeValue(file, yaml.toJS() ?? {});
}

/**
 * A file's text in the input format: a .json file that parses as JSON is checked as it is (the YAML
 * parser, which also reads JSON, takes minutes on a million claims); anything else, or JSON with a
 * syntax error, goes through the YAML parser, which says where the error is.
 */
function parseKnowledgeText(file: string, raw: string): { data?: KnowledgeFile; problems: Problem[] } {
  if (file.endsWith('.json')) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return parseKnowledge(file, raw);
    }
    return parseKnowledgeValue(file, value);
  }
  return parseKnowledge(file, raw);
}

/** Checks a value (parsed from a file, or given through the API) against the input format. */
export function parseKnowledgeValue(file: string, value: unknown): { data?: KnowledgeFile; problems: Problem[] } {
  const parsed = KnowledgeFile.safeParse(value);
  if (parsed.success) return { data: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((issue) => locateIssue(file, value, issue)) };
}

function locateIssue(file: string, value: unknown, issue: z.core.$ZodIssue): Problem {
  const [section, index, ...rest] = issue.path;
  if (typeof section !== 'string' || typeof index !== 'number') {
    return { file, field: issue.path.join('.') || undefined, message: issue.message };
  }
  const record = (value as Record<string, unknown[]>)[section]?.[index] as { id?: unknown } | undefined;
  const name = typeof record?.id === 'string' ? record.id : `${section}[${index}]`;
  const field = rest.length > 0 ? rest.join('.') : undefined;
  const [key] = rest;
  // zod reports a missing choice field ("modality", "kind") as a wrong value; it is a missing one.
  const missing = rest.length === 1 && typeof key === 'string' && typeof record === 'object' && record !== null && !(key in record);
  return { file, record: name, field, message: describeIssue(issue, missing) };
}

function describeIssue(issue: z.core.$ZodIssue, missing: boolean): string {
  if (issue.code === 'invalid_type' && (missing || issue.message.includes('received undefined'))) {
    return `is required (expected ${issue.expected})`;
  }
  if (missing) return `is required (${issue.message})`;
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** Reads knowledge files and the document texts they name. */
export async function readKnowledgeFiles(files: string[]): Promise<{ sources: KnowledgeSource[]; problems: Problem[] }> {
  const sources: KnowledgeSource[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch (e) {
      problems.push({ file, message: `cannot be read: ${(e as Error).message}` });
      continue;
    }
    const parsed = parseKnowledgeText(file, raw);
    problems.push(...parsed.problems);
    if (!parsed.data) continue;
    const texts = new Map<string, string>();
    for (const doc of parsed.data.documents) {
      if (!doc.textFile) continue;
      const textPath = path.resolve(path.dirname(file), doc.textFile);
      try {
        texts.set(doc.id, normalizeText(await readFile(textPath, 'utf8')));
      } catch (e) {
        problems.push({ file, record: doc.id, field: 'textFile', message: `cannot read ${textPath}: ${(e as Error).message}` });
      }
    }
    sources.push({ file, data: parsed.data, texts });
  }
  return { sources, problems };
}

/** Line endings and a byte-order mark are not part of an article's words. */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * Checks input as a whole: ids unique, references resolved (within the input or against the
 * graph), quotes verbatim at their offsets, every event and fact supported by a claim.
 * Throws KnowledgeValidationError listing every problem; returns the input with offsets filled in.
 */
export function validateKnowledge(
  sources: KnowledgeSource[],
  existing: ExistingGraph = { ids: new Set() },
  earlierProblems: Problem[] = [],
): ValidatedKnowledge {
  const problems = [...earlierProblems];
  const declared = new Map<string, string>();
  const result: ValidatedKnowledge = { documents: [], entities: [], events: [], facts: [], claims: [], disputes: [] };
  const texts = new Map<string, string>();

  for (const source of sources) {
    for (const section of SECTIONS) {
      for (const record of source.data[section]) {
        const first = declared.get(record.id);
        if (first !== undefined) {
          problems.push({ file: source.file, record: record.id, field: 'id', message: `duplicate id: already declared in ${first}` });
        } else {
          declared.set(record.id, source.file);
        }
      }
    }
    for (const [docId, text] of source.texts) texts.set(docId, text);
  }

  const resolves = (ref: string) => declared.has(ref) || existing.ids.has(ref);
  const supported = new Set<string>();

  for (const source of sources) {
    const { file, data } = source;
    const check = (record: string, field: string, ref: string | undefined) => {
      if (ref !== undefined && !resolves(ref)) {
        problems.push({ file, record, field, message: `unknown reference "${ref}": no such id in the input or the graph` });
      }
    };

    for (const doc of data.documents) {
      check(doc.id, 'publisher', doc.publisher);
      doc.authors.forEach((a, i) => check(doc.id, `authors.${i}`, a));
      doc.contributors.forEach((a, i) => check(doc.id, `contributors.${i}`, a));
      doc.cites.forEach((c, i) => check(doc.id, `cites.${i}`, c));
      result.documents.push({ ...doc, text: texts.get(doc.id) ?? null, file });
    }
    for (const entity of data.entities) {
      if (entity.kind === 'Place') check(entity.id, 'locatedIn', entity.locatedIn);
      result.entities.push(entity);
    }
    for (const event of data.events) {
      check(event.id, 'place', event.place);
      check(event.id, 'partOf', event.partOf);
      event.participants.forEach((p, i) => check(event.id, `participants.${i}.entity`, p.entity));
      if (event.endDate && event.date && event.endDate < event.date) {
        problems.push({ file, record: event.id, field: 'endDate', message: `ends (${event.endDate}) before it starts (${event.date})` });
      }
      result.events.push({ ...event, datePrecision: precisionOf(event.date) });
    }
    for (const fact of data.facts) {
      check(fact.id, 'from', fact.from);
      check(fact.id, 'to', fact.to);
      result.facts.push(fact);
    }

    const textDocs = data.documents.filter((d) => source.texts.has(d.id));
    for (const claim of data.claims) {
      check(claim.id, 'subject', claim.subject);
      check(claim.id, 'object', claim.object);
      check(claim.id, 'attributedTo', claim.attributedTo);
      check(claim.id, 'cites', claim.cites);
      claim.supports.forEach((s, i) => {
        check(claim.id, `supports.${i}`, s);
        supported.add(s);
      });
      const documentId = claim.document ?? (textDocs.length === 1 ? textDocs[0]!.id : undefined);
      if (documentId === undefined) {
        problems.push({
          file,
          record: claim.id,
          field: 'document',
          message: 'is required: this file does not declare exactly one document with a text',
        });
        continue;
      }
      const text = texts.get(documentId);
      if (text === undefined) {
        const known = resolves(documentId);
        problems.push({
          file,
          record: claim.id,
          field: 'document',
          message: known
            ? `document "${documentId}" has no text in this input to find the quote in`
            : `unknown reference "${documentId}": no such document`,
        });
        continue;
      }
      const located = locateQuote(text, claim.quote, claim.start);
      if ('error' in located) {
        problems.push({ file, record: claim.id, field: located.field, message: `${located.error} (document ${documentId})` });
        continue;
      }
      result.claims.push({ ...claim, document: documentId, start: located.start, end: located.start + claim.quote.length });
    }

    for (const dispute of data.disputes) {
      dispute.sides.forEach((side, s) => side.forEach((c, i) => check(dispute.id, `sides.${s}.${i}`, c)));
      dispute.about.forEach((a, i) => check(dispute.id, `about.${i}`, a));
      const overlap = dispute.sides[0].filter((c) => dispute.sides[1].includes(c));
      if (overlap.length > 0) {
        problems.push({ file, record: dispute.id, field: 'sides', message: `a claim cannot be on both sides: ${overlap.join(', ')}` });
      }
      result.disputes.push(dispute);
    }
  }

  for (const source of sources) {
    for (const record of [...source.data.events, ...source.data.facts]) {
      if (!supported.has(record.id) && !existing.ids.has(record.id)) {
        problems.push({
          file: source.file,
          record: record.id,
          message: 'is supported by no claim: every event and fact needs at least one claim whose "supports" names it',
        });
      }
    }
  }
  problems.push(...placeCycles(result.entities, sources));

  if (problems.length > 0) throw new KnowledgeValidationError(problems);
  return result;
}

type Located = { start: number } | { error: string; field: string };

/** Finds a quote in a text: at the given offset, or at its only occurrence. */
export function locateQuote(text: string, quote: string, start?: number): Located {
  const occurrences: number[] = [];
  for (let at = text.indexOf(quote); at >= 0 && occurrences.length < 10; at = text.indexOf(quote, at + 1)) {
    occurrences.push(at);
  }
  if (start !== undefined) {
    if (text.startsWith(quote, start)) return { start };
    const where = occurrences.length > 0 ? `; it occurs at ${occurrences.join(', ')}` : '; it does not occur anywhere in the text';
    return { field: 'start', error: `quote is not at offset ${start}${where}` };
  }
  if (occurrences.length === 0) {
    return { field: 'quote', error: `quote not found verbatim in the text: "${abbreviate(quote)}"` };
  }
  if (occurrences.length > 1) {
    return {
      field: 'quote',
      error: `quote is ambiguous: it occurs ${occurrences.length} times (offsets ${occurrences.join(', ')}); give "start" or a longer quote`,
    };
  }
  return { start: occurrences[0]! };
}

function abbreviate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function placeCycles(entities: EntityInput[], sources: KnowledgeSource[]): Problem[] {
  const parent = new Map<string, string>();
  for (const e of entities) if (e.kind === 'Place') parent.set(e.id, e.locatedIn);
  const problems: Problem[] = [];
  for (const start of parent.keys()) {
    const seen = new Set<string>([start]);
    for (let at = parent.get(start); at !== undefined; at = parent.get(at)) {
      if (seen.has(at)) {
        const file = sources.find((s) => s.data.entities.some((e) => e.id === start))?.file ?? '?';
        problems.push({ file, record: start, field: 'locatedIn', message: `the locatedIn chain loops: ${[...seen, at].join(' → ')}` });
        break;
      }
      seen.add(at);
    }
  }
  return problems;
}
