import { createHash } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { LOCATING_FACT_TYPES, precisionOf, type EntityKind } from '../ingest/knowledge-schema';
import type { ValidatedClaim, ValidatedDocument, ValidatedEvent } from '../ingest/validate';
import type { DisputeInput, EntityInput, FactInput } from '../ingest/knowledge-schema';
import { liveClaim, PLACED_WITHIN } from './cypher-fragments';

/** Rows ready for Cypher: only scalars and lists of scalars as properties. */
export interface WriteBundle {
  entities: EntityInput[];
  documents: ValidatedDocument[];
  events: ValidatedEvent[];
  facts: FactInput[];
  claims: ValidatedClaim[];
  disputes: DisputeInput[];
}

/** Who writes, and the change (an audit record) the write belongs to. */
export interface WriteStamp {
  actor: string;
  change: string;
}

/** The stamp of writes made by the seed loader and command-line tools when no one else is named. */
export const SYSTEM_STAMP: WriteStamp = { actor: 'system', change: 'change:seed' };

/**
 * A fingerprint of a record as the input gives it (not the files it was read from), stored on its node
 * so that the same record given again is recognized as unchanged.
 */
export function recordHash(record: object): string {
  const { file: _file, textFile: _textFile, ...rest } = record as Record<string, unknown>;
  return createHash('sha256').update(stableJson(rest)).digest('base64url').slice(0, 22);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Set on every node a write creates: when, by whom, in which change. */
const CREATED = (n: string) => `ON CREATE SET ${n}.createdAt = datetime(), ${n}.createdBy = $stamp.actor, ${n}.createdIn = $stamp.change`;

/** Labels come from this allow-list, never from input. */
const ENTITY_LABELS: Record<EntityKind, string> = {
  Person: 'Person',
  PeopleGroup: 'PeopleGroup',
  Organization: 'Organization',
  Country: 'Country',
  Place: 'Place',
};

/**
 * Writes a bundle with MERGE on stable ids, so writing it again changes nothing. An entity already in
 * the graph keeps its properties and gains the aliases it lacked: a later article naming it differently
 * adds to it and never overwrites it.
 */
export async function writeBundle(tx: ManagedTransaction, bundle: WriteBundle, stamp: WriteStamp = SYSTEM_STAMP): Promise<void> {
  if (bundle.entities.length > 0) {
    // The label comes from ENTITY_LABELS and goes in as a parameter:
    // one query plan for every kind (dynamic labels need Neo4j 5.26 or later).
    await tx.run(
      `UNWIND $rows AS row
       MERGE (n:Node {id: row.id})
       ${CREATED('n')}, n:Entity:$(row.label), n += row.props, n.inputHash = row.hash
       WITH n, row, [a IN row.props.aliases WHERE NOT a IN n.aliases AND a <> n.name] AS added
       WHERE size(added) > 0
       SET n.aliases = n.aliases + added,
           n.aliasText = reduce(text = '', a IN n.aliases + added | text + CASE text WHEN '' THEN '' ELSE ' | ' END + a)`,
      { rows: bundle.entities.map(entityRow), stamp },
    );
  }
  const places = bundle.entities.flatMap((e) => (e.kind === 'Place' ? [{ id: e.id, parent: e.locatedIn }] : []));
  if (places.length > 0) {
    // A place already in the graph may gain a parent (entities gain what a later article adds): its events then lie in more places.
    const placed = await tx.run<{ moved: string[] }>(
      `UNWIND $places AS row
       MATCH (p:Node {id: row.id}), (parent:Node {id: row.parent})
       WITH p, parent, EXISTS { (p)-[:LOCATED_IN]->(parent) } AS had
       MERGE (p)-[:LOCATED_IN]->(parent)
       WITH p WHERE NOT had
       RETURN collect(p.id) AS moved`,
      { places },
    );
    await placeEventsWithin(tx, placed.records[0]?.get('moved') ?? []);
  }
  if (bundle.documents.length > 0) await writeDocuments(tx, bundle.documents, stamp);
  if (bundle.events.length > 0) await writeEvents(tx, bundle.events, stamp);
  if (bundle.facts.length > 0) await writeFacts(tx, bundle.facts, stamp);
  const supported = new Set(bundle.claims.flatMap((c) => c.supports));
  if (bundle.claims.length > 0) {
    const paired = await writeClaims(tx, bundle.claims, stamp);
    await recountLiveClaims(tx, [...supported], paired);
  }
  // The recount places the claims' new events and those a claim asserts with a locating fact; the others are placed here.
  await placeEvents(
    tx,
    bundle.events.map((e) => e.id).filter((id) => !supported.has(id)),
  );
  if (bundle.disputes.length > 0) await writeDisputes(tx, bundle.disputes, stamp);
}

/**
 * Stores on each fact and event of `ids` the number of claims that support it and are not retracted
 * (`liveClaims`), and on a fact's relationship its fact's number: traversals read whether a
 * relationship is established, and how many claims back it, from the relationship or the event
 * itself instead of looking its fact up and counting. On an event and on a locating fact, also the
 * number of those claims that assert both an event and a locating fact (`placingClaims`): only such
 * events are placed by a locating fact, and only such facts place an event (see
 * timeline-repository.ts), so the search for them is skipped where the count is 0. Facts and claims
 * never change once written (ingest refuses a record that differs from the one stored), so every
 * write that adds a claim or retracts one recounts what the claim supports; the offline importer
 * writes the same counts (see offline-import.ts). Other ids are passed over. The events whose
 * count of placing claims changed, that were never placed, or that are named in `alsoPlace` (those
 * a claim just written asserts with a locating fact) are placed again (placeEvents): a claim
 * asserting no locating fact with its event leaves the event's places as they were.
 */
export async function recountLiveClaims(tx: ManagedTransaction, ids: string[], alsoPlace: string[] = []): Promise<void> {
  if (ids.length === 0) return;
  const recounted = await tx.run<{ moved: string[] }>(
    `UNWIND $ids AS id
     MATCH (x:Node {id: id}) WHERE x:Fact OR x:Event
     // The node's write lock before the count: a writer counting the same node at once waits, then counts what this one committed.
     SET x.liveClaims = coalesce(x.liveClaims, 0)
     WITH x, COUNT { (c:Claim)-[:SUPPORTS]->(x) WHERE ${liveClaim()} } AS live
     SET x.liveClaims = live
     WITH x, live, x.placingClaims AS placingBefore
     CALL (x) {
       WITH x WHERE x:Event
       SET x.placingClaims = COUNT {
         (c:Claim)-[:SUPPORTS]->(x) WHERE ${liveClaim()} AND EXISTS { (c)-[:SUPPORTS]->(f:Fact) WHERE f.type IN $locating }
       }
     }
     CALL (x) {
       WITH x WHERE x:Fact AND x.type IN $locating
       SET x.placingClaims = COUNT { (c:Claim)-[:SUPPORTS]->(x) WHERE ${liveClaim()} AND EXISTS { (c)-[:SUPPORTS]->(:Event) } }
     }
     CALL (x, live) {
       WITH x, live WHERE x:Fact
       MATCH (x)-[:FROM]->(a), (x)-[:TO]->(b)
       MATCH (a)-[r:$(x.type) {factId: x.id}]->(b)
       SET r.liveClaims = live
     }
     RETURN collect(CASE WHEN x:Event AND (x.placedWithin IS NULL OR placingBefore IS NULL OR placingBefore <> x.placingClaims)
                         THEN x.id END) AS moved`,
    // In one order, so that two writers locking the same nodes cannot deadlock.
    { ids: [...ids].sort(), locating: LOCATING_FACT_TYPES },
  );
  // An event's places depend on its claims only through those asserting a locating fact with it.
  await placeEvents(tx, [...(recounted.records[0]?.get('moved') ?? []), ...alsoPlace]);
}

/**
 * Gives each event of `ids` the places it lies within (PLACED_WITHIN) where they changed: the list
 * `placedWithin`, and a `WITHIN` relationship to each of those places with the event's dates, for
 * the indexes on `(placeId, dateTo)` and `(placeId, dateFrom)`. What places an event changes only
 * when a claim asserting it with a locating fact is written or retracted (recountLiveClaims), when
 * a place above its places gains a parent or is merged (placeEventsWithin), or when one of its
 * participants is merged; facts, events and claims never change once written. Other ids are passed
 * over.
 */
export async function placeEvents(tx: ManagedTransaction, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.run(
    `UNWIND $ids AS id
     MATCH (e:Event {id: id})
     // The event's write lock before its places are worked out: a writer placing it at once waits, then sees what this one committed.
     SET e.placedWithin = coalesce(e.placedWithin, [])
     WITH e, ${PLACED_WITHIN('e')} AS within
     // A place deleted and written again takes its WITHIN relationships with it.
     WHERE e.placedWithin <> within OR COUNT { (e)-[:WITHIN]->() } <> size(within)
     SET e.placedWithin = within
     WITH e
     CALL (e) {
       MATCH (e)-[old:WITHIN]->()
       DELETE old
     }
     CALL (e) {
       UNWIND e.placedWithin AS placeId
       MATCH (x:Node {id: placeId})
       CREATE (e)-[:WITHIN {placeId: placeId, dateFrom: e.dateFrom, dateTo: e.dateTo}]->(x)
     }`,
    { ids: [...new Set(ids)].sort(), locating: LOCATING_FACT_TYPES },
  );
}

/** Places again (placeEvents) every event placed within one of the places `placeIds`, after they gained a parent or were merged. */
export async function placeEventsWithin(tx: ManagedTransaction, placeIds: string[]): Promise<void> {
  if (placeIds.length === 0) return;
  const found = await tx.run<{ ids: string[] }>(
    `MATCH (p:Node) WHERE p.id IN $placeIds
     RETURN COLLECT { MATCH (p)<-[:WITHIN]-(e:Event) RETURN DISTINCT e.id } AS ids`,
    { placeIds },
  );
  await placeEvents(
    tx,
    found.records.flatMap((r) => r.get('ids')),
  );
}

/*
 * The row builders below give each record's node properties as the writer sets them; the offline
 * importer (src/ingest/offline-import.ts) builds its files from the same rows.
 */

export function entityRow(e: EntityInput) {
  const { id, kind, aliases, ...rest } = e;
  // locatedIn becomes a LOCATED_IN relationship, not a property.
  const props: Record<string, unknown> = { ...rest, kind, aliases, aliasText: aliases.join(' | ') };
  delete props.locatedIn;
  return { id, label: ENTITY_LABELS[kind], props: withoutUndefined(props), hash: recordHash(e) };
}

export function documentRow(d: ValidatedDocument) {
  return {
    id: d.id,
    hash: recordHash(d),
    publisher: d.publisher,
    authors: d.authors,
    contributors: d.contributors,
    cites: d.cites,
    props: withoutUndefined({
      kind: 'Document',
      title: d.title,
      text: d.text,
      external: d.text === null,
      sourceFile: d.sourceFile,
      url: d.url,
      byline: d.byline,
      publishedOn: d.publishedOn,
      datePrecision: precisionOf(d.publishedOn),
      language: d.language,
    }),
  };
}

/** Every property the writer stores on a document. */
type DocumentKey = keyof ReturnType<typeof documentRow>['props'] | 'id' | 'inputHash' | 'createdBy' | 'createdIn' | 'createdAt';

/**
 * A document's properties but its text, which can be long and is read only when asked for, and
 * createdAt, which node rows leave out. Reads list them by name so that the text is never read.
 */
export const DOCUMENT_KEYS_BUT_TEXT = [
  'id',
  'kind',
  'title',
  'external',
  'sourceFile',
  'url',
  'byline',
  'publishedOn',
  'datePrecision',
  'language',
  'inputHash',
  'createdBy',
  'createdIn',
] as const satisfies readonly DocumentKey[];

/** Fails to compile when documentRow gains a property this list does not name. */
export type DocumentKeysListed =
  Exclude<DocumentKey, 'text' | 'createdAt' | (typeof DOCUMENT_KEYS_BUT_TEXT)[number]> extends never ? true : never;
export const DOCUMENT_KEYS_COMPLETE: DocumentKeysListed = true;

async function writeDocuments(tx: ManagedTransaction, documents: ValidatedDocument[], stamp: WriteStamp): Promise<void> {
  const rows = documents.map(documentRow);
  await tx.run(
    `UNWIND $rows AS row
     MERGE (d:Node {id: row.id})
     ${CREATED('d')}
     SET d:Document, d += row.props, d.inputHash = row.hash
     WITH d, row
     MATCH (publisher:Node {id: row.publisher})
     MERGE (d)-[:PUBLISHED_BY]->(publisher)
     WITH d, row
     CALL (d, row) {
       UNWIND row.authors AS authorId
       MATCH (a:Node {id: authorId})
       MERGE (d)-[w:WRITTEN_BY]->(a) SET w.role = 'author'
     }
     CALL (d, row) {
       UNWIND row.contributors AS contributorId
       MATCH (a:Node {id: contributorId})
       MERGE (d)-[w:WRITTEN_BY]->(a) SET w.role = 'contributor'
     }
     CALL (d, row) {
       UNWIND row.cites AS citedId
       MATCH (c:Node {id: citedId})
       MERGE (d)-[:CITES]->(c)
     }`,
    { rows, stamp },
  );
}

/** First and last day a partial date covers, so a month-precision date filters as that whole month. */
export function dateRange(date: string | null, endDate?: string): { dateFrom: string | null; dateTo: string | null } {
  if (!date) return { dateFrom: null, dateTo: null };
  const from = date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
  const last = endDate ?? date;
  let to: string;
  if (last.length === 4) to = `${last}-12-31`;
  else if (last.length === 7) {
    const [y, m] = last.split('-').map(Number) as [number, number];
    to = `${last}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  } else to = last;
  return { dateFrom: from, dateTo: to };
}

export function eventRow(e: ValidatedEvent) {
  const { dateFrom, dateTo } = dateRange(e.date, e.endDate);
  return {
    id: e.id,
    hash: recordHash(e),
    place: e.place ?? null,
    partOf: e.partOf ?? null,
    participants: e.participants,
    dateFrom,
    dateTo,
    props: withoutUndefined({
      kind: 'Event',
      type: e.type,
      label: e.label,
      name: e.label,
      aliasText: '',
      date: e.date,
      datePrecision: e.datePrecision,
      dateText: e.dateText,
      endDate: e.endDate,
      modality: e.modality,
      count: e.count,
      measure: e.measure,
    }),
  };
}

async function writeEvents(tx: ManagedTransaction, events: ValidatedEvent[], stamp: WriteStamp): Promise<void> {
  const rows = events.map(eventRow);
  await tx.run(
    `UNWIND $rows AS row
     MERGE (e:Node {id: row.id})
     ${CREATED('e')}
     SET e:Event, e += row.props, e.inputHash = row.hash,
         e.dateFrom = CASE WHEN row.dateFrom IS NULL THEN null ELSE date(row.dateFrom) END,
         e.dateTo = CASE WHEN row.dateTo IS NULL THEN null ELSE date(row.dateTo) END
     WITH e, row
     CALL (e, row) {
       WITH e, row WHERE row.place IS NOT NULL
       MATCH (p:Node {id: row.place})
       MERGE (e)-[:OCCURRED_IN]->(p)
     }
     CALL (e, row) {
       WITH e, row WHERE row.partOf IS NOT NULL
       MATCH (parent:Node {id: row.partOf})
       MERGE (e)-[:PART_OF]->(parent)
     }
     CALL (e, row) {
       UNWIND row.participants AS participant
       MATCH (x:Node {id: participant.entity})
       MERGE (x)-[:PARTICIPATED_IN {role: participant.role}]->(e)
     }`,
    { rows, stamp },
  );
}

/**
 * A fact is a node (so claims can SUPPORT it and it can be retracted or disputed) and, for
 * traversal, a typed relationship between its two ends carrying the fact's id.
 */
export function factRow(f: FactInput) {
  return {
    id: f.id,
    hash: recordHash(f),
    type: f.type,
    from: f.from,
    to: f.to,
    props: { ...f.properties },
    json: JSON.stringify(f.properties),
  };
}

async function writeFacts(tx: ManagedTransaction, facts: FactInput[], stamp: WriteStamp): Promise<void> {
  const rows = facts.map(factRow);
  // The type is one of FACT_TYPES (checked by the input schema) and goes in as a parameter: one plan for all types.
  await tx.run(
    `UNWIND $rows AS row
     MATCH (a:Node {id: row.from}), (b:Node {id: row.to})
     MERGE (f:Node {id: row.id})
     ${CREATED('f')}
     SET f:Fact, f.kind = 'Fact', f.type = row.type, f.propertiesJson = row.json, f.inputHash = row.hash
     MERGE (f)-[:FROM]->(a)
     MERGE (f)-[:TO]->(b)
     MERGE (a)-[r:$(row.type) {factId: row.id}]->(b)
     SET r += row.props`,
    { rows, stamp },
  );
}

export function claimRow(c: ValidatedClaim) {
  return {
    id: c.id,
    hash: recordHash(c),
    document: c.document,
    subject: c.subject,
    object: c.object ?? null,
    attributedTo: c.attributedTo ?? null,
    cites: c.cites ?? null,
    supports: c.supports,
    evidence: { quote: c.quote, start: c.start, end: c.end },
    props: withoutUndefined({
      kind: 'Claim',
      quote: c.quote,
      start: c.start,
      end: c.end,
      modality: c.modality,
      predicate: c.predicate,
      value: c.value === undefined ? undefined : String(c.value),
      qualifiersJson: JSON.stringify(c.qualifiers),
    }),
  };
}

/** Writes the claims; returns the events a claim asserts together with a locating fact, which the fact may place. */
async function writeClaims(tx: ManagedTransaction, claims: ValidatedClaim[], stamp: WriteStamp): Promise<string[]> {
  const rows = claims.map(claimRow);
  const written = await tx.run<{ paired: string[] }>(
    `UNWIND $rows AS row
     MATCH (d:Document {id: row.document})-[:PUBLISHED_BY]->(publisher)
     MERGE (c:Node {id: row.id})
     ${CREATED('c')}, c.retracted = false
     SET c:Claim, c += row.props, c.inputHash = row.hash
     MERGE (c)-[ev:EVIDENCED_BY]->(d)
     SET ev += row.evidence
     WITH c, row, publisher
     MATCH (s:Node {id: row.subject})
     MERGE (c)-[:SUBJECT]->(s)
     WITH c, row, publisher
     CALL (c, row) {
       WITH c, row WHERE row.object IS NOT NULL
       MATCH (o:Node {id: row.object})
       MERGE (c)-[:OBJECT]->(o)
     }
     CALL (c, row, publisher) {
       OPTIONAL MATCH (named:Node {id: row.attributedTo})
       WITH c, coalesce(named, publisher) AS source, named IS NULL AS own
       MERGE (c)-[a:ATTRIBUTED_TO]->(source)
       SET a.ownReporting = own
     }
     CALL (c, row) {
       WITH c, row WHERE row.cites IS NOT NULL
       MATCH (upstream:Node {id: row.cites})
       MERGE (c)-[:CITES]->(upstream)
     }
     CALL (c, row, publisher) {
       UNWIND row.supports AS supportedId
       MATCH (x:Node {id: supportedId})
       MERGE (c)-[:SUPPORTS]->(x)
       MERGE (x)-[:REPORTED_BY]->(publisher)
     }
     WITH c WHERE EXISTS { (c)-[:SUPPORTS]->(f:Fact) WHERE f.type IN $locating }
     MATCH (c)-[:SUPPORTS]->(e:Event)
     RETURN collect(DISTINCT e.id) AS paired`,
    { rows, stamp, locating: LOCATING_FACT_TYPES },
  );
  return written.records[0]?.get('paired') ?? [];
}

export function disputeRow(d: DisputeInput) {
  return {
    id: d.id,
    hash: recordHash(d),
    sideA: d.sides[0],
    sideB: d.sides[1],
    about: d.about,
    props: { kind: 'Dispute', disputeKind: d.kind, description: d.description },
  };
}

async function writeDisputes(tx: ManagedTransaction, disputes: DisputeInput[], stamp: WriteStamp): Promise<void> {
  const rows = disputes.map(disputeRow);
  await tx.run(
    `UNWIND $rows AS row
     MERGE (d:Node {id: row.id})
     ${CREATED('d')}
     SET d:Dispute, d += row.props, d.inputHash = row.hash
     WITH d, row
     CALL (d, row) {
       UNWIND [side IN [0, 1] | {side: side, claims: CASE side WHEN 0 THEN row.sideA ELSE row.sideB END}] AS s
       UNWIND s.claims AS claimId
       MATCH (c:Claim {id: claimId})
       MERGE (c)-[r:IN_DISPUTE]->(d) SET r.side = s.side
     }
     CALL (d, row) {
       UNWIND row.sideA AS aId
       UNWIND row.sideB AS bId
       MATCH (a:Claim {id: aId}), (b:Claim {id: bId})
       MERGE (a)-[r:CONTRADICTS {disputeId: row.id}]->(b)
       SET r.kind = row.props.disputeKind
     }
     CALL (d, row) {
       UNWIND row.about AS aboutId
       MATCH (x:Node {id: aboutId})
       MERGE (d)-[:ABOUT]->(x)
     }`,
    { rows, stamp },
  );
}

function withoutUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
