import type { GraphDatabase } from '../db/graph-database';
import { badInput } from '../errors';
import type { RefRow } from './timeline-repository';

const SEARCH_KINDS = ['Person', 'PeopleGroup', 'Organization', 'Country', 'Place', 'Event', 'Document'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchHitRow {
  id: string;
  kind: SearchKind;
  label: string;
  score: number;
  matchedAlias: string | null;
  snippet: string | null;
  fuzzy: boolean;
  within: RefRow[];
}

/** What the index query returns for a hit, before the match is explained. */
interface RawHit {
  id: string;
  kind: SearchKind;
  label: string;
  score: number;
  /** 2 when the name is the text, 1 when an alias is, else 0. */
  sameName: number;
  names: string[];
  text: string | null;
  within: RefRow[];
}

const MAX_TEXT = 200;
const SNIPPET_RADIUS = 80;

/** Characters the Lucene classic query parser gives a meaning to. */
const LUCENE_SPECIAL = /[+\-!(){}[\]^"~*?:\\/&|]/g;
const HAS_LUCENE_SPECIAL = new RegExp(LUCENE_SPECIAL.source);

/** User text as plain Lucene terms: every special character escaped, and AND/OR/NOT/TO no longer operators. */
function escapeLucene(text: string): string {
  return text.replace(LUCENE_SPECIAL, (c) => `\\${c}`).replace(/\b(AND|OR|NOT|TO)\b/g, (w) => w.toLowerCase());
}

/** Words of the text as the index sees them: letters and digits, lower case. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The exact query: each whitespace-separated chunk as escaped terms (the analyzer splits "N." and
 * "U.S." as it split the aliases), the words of chunks that hold special characters on their own too
 * (the analyzer would keep "name:qingdao" as one word), and the whole text as a phrase, boosted.
 */
function exactQuery(text: string): string {
  const chunks = text.split(/\s+/).filter((c) => words(c).length > 0);
  const terms = chunks.flatMap((c) => (HAS_LUCENE_SPECIAL.test(c) ? [escapeLucene(c), ...words(c)] : [escapeLucene(c)]));
  const phrase = words(text).length > 1 ? `"${words(text).join(' ')}"^3 OR ` : '';
  return `${phrase}(${terms.join(' ')})`;
}

/** The fallback for misspellings: each word of three or more letters within one or two edits. */
function fuzzyQuery(text: string): string | null {
  const terms = words(text)
    .filter((w) => w.length >= 3)
    .map((w) => `${w}~${w.length <= 4 ? 1 : 2}`);
  return terms.length > 0 ? terms.join(' ') : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** How well a query word matches a word: 1 when equal, less for a near spelling, 0 otherwise. */
function wordScore(query: string, word: string): number {
  if (query === word) return 1;
  const distance = editDistance(query, word);
  return distance <= 2 && distance < query.length / 2 ? 1 - distance / Math.max(query.length, word.length) : 0;
}

/** The name or alias the text matched best: the same words first, then most words matched, then the shortest. */
function matchedName(text: string, names: string[]): string | null {
  const verbatim = names.find((name) => name === text);
  if (verbatim !== undefined) return verbatim;
  const query = words(text);
  const joined = query.join(' ');
  let best: { name: string; score: number } | null = null;
  for (const name of names) {
    const nameWords = words(name);
    if (nameWords.join(' ') === joined) return name;
    const matched = query.reduce((sum, q) => sum + Math.max(0, ...nameWords.map((w) => wordScore(q, w))), 0);
    // Fewer extra words is a closer match, so "Yangkang" beats "Yangkang Province" for the text "yangkang".
    const score = matched - nameWords.length * 0.01;
    if (matched > 0 && (best === null || score > best.score)) best = { name, score };
  }
  return best?.name ?? null;
}

/** Where the query first occurs in the text: as a phrase, else its longest word, else a near spelling of a word. */
function firstMatch(text: string, query: string): { at: number; length: number } | null {
  const queryWords = words(query);
  if (queryWords.length === 0) return null;
  // Words hold only letters and digits, so they can go into a pattern as they are.
  const phrase = new RegExp(queryWords.join('[^\\p{L}\\p{N}]+'), 'iu').exec(text);
  if (phrase) return { at: phrase.index, length: phrase[0].length };
  const textWords = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  for (const q of [...queryWords].sort((a, b) => b.length - a.length)) {
    const exact = textWords.find((m) => m[0].toLowerCase() === q);
    if (exact) return { at: exact.index, length: exact[0].length };
  }
  const near = textWords.find((m) => queryWords.some((q) => wordScore(q, m[0].toLowerCase()) > 0));
  return near ? { at: near.index, length: near[0].length } : null;
}

/** A passage of the text around the first match, cut on word boundaries, with ellipses where cut. */
function snippet(text: string | null, query: string): string | null {
  const match = text ? firstMatch(text, query) : null;
  if (!text || !match) return null;
  let start = Math.max(0, match.at - SNIPPET_RADIUS);
  let end = Math.min(text.length, match.at + match.length + SNIPPET_RADIUS);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > match.at + match.length ? text.lastIndexOf(' ', end) : end;
  const passage = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '… ' : ''}${passage}${end < text.length ? ' …' : ''}`;
}

/**
 * Hits of both indexes for the Lucene query in `param`, of the kinds asked for, at most $limit: those
 * named exactly as asked first (by name, then by alias: "China" is the country before the China–North
 * Korea border), then names before article texts, then by score: the order search() restores.
 */
const indexHits = (param: '$search.exact' | '$search.fuzzy') => `
  CALL () {
    CALL db.index.fulltext.queryNodes('entity_search', ${param}) YIELD node, score
    WHERE node.kind IN $search.kinds
    RETURN node, score
    UNION ALL
    CALL db.index.fulltext.queryNodes('document_search', ${param}) YIELD node, score
    WHERE node.kind IN $search.kinds
    RETURN node, score
  }
  WITH node, score,
       CASE WHEN toLower(coalesce(node.name, node.title)) = $search.lowerText THEN 2
            WHEN any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $search.lowerText) THEN 1
            ELSE 0 END AS sameName
  ORDER BY sameName DESC, CASE WHEN node:Document THEN 0 ELSE 1 END DESC, score DESC, node.id LIMIT toInteger($search.limit)
  RETURN collect({
    id: node.id, kind: node.kind, label: coalesce(node.name, node.label, node.title), score: score, sameName: sameName,
    names: [coalesce(node.name, node.label, node.title)] + coalesce(node.aliases, []),
    text: CASE WHEN node:Document THEN node.text END,
    within: COLLECT { MATCH path = (node)-[:LOCATED_IN*1..8]->(x) RETURN x { .id, .kind, .name } ORDER BY length(path) }
  }) AS hits`;

/** Full-text search over entities, events and documents (the entity_search and document_search indexes). */
export class SearchRepository {
  constructor(private readonly db: GraphDatabase) {}

  /**
   * One query: the exact search, and only when it finds nothing, the fuzzy one (both run in the
   * same transaction, so a search is one round trip either way).
   */
  async search(text: string, kinds: readonly string[] | null | undefined, limit: number): Promise<SearchHitRow[]> {
    const trimmed = text.trim();
    if (trimmed.length === 0) throw badInput('argument "text" must not be empty', { argument: 'text' });
    if (trimmed.length > MAX_TEXT) throw badInput(`argument "text" must be at most ${MAX_TEXT} characters`, { argument: 'text' });
    if (words(trimmed).length === 0) throw badInput('argument "text" must contain a letter or a digit', { argument: 'text' });
    const wanted = kinds && kinds.length > 0 ? [...kinds] : [...SEARCH_KINDS];
    const [row] = await this.db.read<{ exact: RawHit[]; fuzzy: RawHit[] }>(
      `CALL () { ${indexHits('$search.exact')} }
       WITH hits AS exact
       CALL (exact) {
         WITH exact WHERE size(exact) = 0 AND $search.fuzzy IS NOT NULL
         ${indexHits('$search.fuzzy')}
       }
       RETURN exact, hits AS fuzzy`,
      // One map parameter: Neo4j would plan the query again for each new length of text otherwise.
      { search: { exact: exactQuery(trimmed), fuzzy: fuzzyQuery(trimmed), lowerText: trimmed.toLowerCase(), kinds: wanted, limit } },
    );
    const exact = row?.exact ?? [];
    // Named exactly first; then names (entities, events) before article texts, whose scores come from
    // another index and do not compare; then by score. collect() keeps an ORDER BY only as long as the
    // plan does, so the order is made here, not assumed.
    const named = (h: RawHit) => (h.kind === 'Document' ? 0 : 1);
    const hits = [...(exact.length > 0 ? exact : (row?.fuzzy ?? []))].sort(
      (a, b) => b.sameName - a.sameName || named(b) - named(a) || b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return hits.map((h) => ({
      id: h.id,
      kind: h.kind,
      label: h.label,
      score: h.score,
      matchedAlias: h.kind === 'Document' ? null : matchedName(trimmed, h.names),
      snippet: h.kind === 'Document' ? snippet(h.text, trimmed) : null,
      fuzzy: exact.length === 0,
      within: h.within,
    }));
  }
}
