import type { GraphDatabase } from '../db/graph-database';
import { badInput, notFound } from '../errors';
import { ENTITY_KINDS, EVENT_TYPES, LOCATING_FACT_TYPES } from '../ingest/knowledge-schema';
import { dateRange } from './knowledge-writer';
import type { Page } from './node-repository';
import { liveClaim, locatingPlaces, supportedByLiveClaim } from './cypher-fragments';

/** The filter as the API receives it. */
export interface TimelineFilterInput {
  types?: string[] | null;
  place?: string | null;
  country?: string | null;
  participant?: string | null;
  modalities?: string[] | null;
  from?: string | null;
  to?: string | null;
  includeRetracted?: boolean | null;
}

export interface RefRow {
  id: string;
  kind: string;
  name: string;
}

export interface TimelinePlaceRow extends RefRow {
  country: RefRow | null;
}

export interface TimelineEntryRow {
  id: string;
  type: string;
  label: string;
  date: string | null;
  datePrecision: string;
  dateFrom: string | null;
  dateTo: string | null;
  dateText: string | null;
  modality: string;
  count: number | null;
  measure: string | null;
  place: TimelinePlaceRow | null;
  places: TimelinePlaceRow[];
  participants: { role: string; id: string; name: string; kind: string }[];
  claimCount: number;
  claimIds: string[];
  outlets: RefRow[];
  disputed: boolean;
  disputeIds: string[];
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The first and last day a "YYYY", "YYYY-MM" or "YYYY-MM-DD" date covers; BAD_USER_INPUT naming the argument otherwise. */
function dateBounds(value: string, argument: string): { start: string; end: string } {
  const match = DATE.exec(value);
  const bad = () =>
    badInput(`argument "${argument}" must be a date "YYYY", "YYYY-MM" or "YYYY-MM-DD", got "${value}"`, { argument, value });
  if (!match) throw bad();
  const [, year, month, day] = match;
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) throw bad();
  if (day !== undefined) {
    const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    if (d.getUTCMonth() !== Number(month) - 1 || d.getUTCDate() !== Number(day)) throw bad();
  }
  const { dateFrom, dateTo } = dateRange(value);
  return { start: dateFrom!, end: dateTo! };
}

/**
 * The filter as one query parameter, validated: dates, event types and modalities. It goes to Neo4j
 * as a single map because Neo4j plans a query again for each new combination of top-level parameter
 * types and sizes, which would cost a second or more for each new mix of filters.
 */
export function filterParams(filter: TimelineFilterInput | null | undefined, argument = 'filter') {
  const f = filter ?? {};
  const from = f.from == null ? null : dateBounds(f.from, `${argument}.from`).start;
  const to = f.to == null ? null : dateBounds(f.to, `${argument}.to`).end;
  if (from !== null && to !== null && from > to) {
    throw badInput(`argument "${argument}.from" (${f.from}) must not be after "${argument}.to" (${f.to})`, {
      argument: `${argument}.from`,
    });
  }
  const unknownType = (f.types ?? []).find((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (unknownType !== undefined) {
    throw badInput(`argument "${argument}.types" has an unknown event type "${unknownType}"; allowed: ${EVENT_TYPES.join(', ')}`, {
      argument: `${argument}.types`,
    });
  }
  return {
    types: f.types && f.types.length > 0 ? f.types : null,
    modalities: f.modalities && f.modalities.length > 0 ? f.modalities.map((m) => m.toLowerCase()) : null,
    from,
    to,
    place: f.place ?? null,
    country: f.country ?? null,
    participant: f.participant ?? null,
    includeRetracted: f.includeRetracted ?? false,
    locatingFacts: [...LOCATING_FACT_TYPES],
  };
}

type FilterParams = ReturnType<typeof filterParams>;

/**
 * Where the search for events starts: the most selective filter given, so that an index or the named
 * node narrows the events before the other conditions are tested on each. The other conditions still
 * apply in full; the start only decides which events are looked at. One text per combination of
 * filters given, so each combination keeps a plan of its own.
 */
function eventsFrom(params: FilterParams): string {
  if (params.participant !== null) return `MATCH (:Node {id: $filter.participant})-[:PARTICIPATED_IN]->(e:Event)`;
  const within = params.place !== null ? '$filter.place' : params.country !== null ? '$filter.country' : null;
  // The index on the end date for a range's start, the one on the start date for its end.
  const [bound, dated] =
    params.from !== null ? ['dateTo', '>= date($filter.from)'] : params.to !== null ? ['dateFrom', '<= date($filter.to)'] : [null, null];
  // A place's or a country's events in a range: the index on the WITHIN relationships (see PLACED_WITHIN).
  if (within !== null && bound !== null) return `MATCH (e:Event)-[w:WITHIN]->() WHERE w.placeId = ${within} AND w.${bound} ${dated}`;
  if (within !== null) return `MATCH (:Node {id: ${within}})<-[:WITHIN]-(e:Event)`;
  if (bound !== null) return `MATCH (e:Event) WHERE e.${bound} ${dated}`;
  if (params.types !== null) return `MATCH (e:Event) WHERE e.type IN $filter.types`;
  return `MATCH (e:Event)`;
}

/** The places a participant of event `e` was at when it happened (see locatingPlaces); needs `$filter` from filterParams. */
const LOCATING_PLACES = locatingPlaces('e', '$filter.locatingFacts');

/** The places of event `e`: where it occurred and where its locating facts put a participant; needs `$filter` from filterParams. */
export const EVENT_PLACES = `COLLECT {
    MATCH (e)-[:OCCURRED_IN]->(p) RETURN p
    UNION
    ${LOCATING_PLACES}
    RETURN p
  }`;

/**
 * Binds `e`: each event passing $filter, supported by at least one claim that is not retracted unless
 * $filter.includeRetracted. $filter comes from filterParams; EVENT_PLACES gives a bound event's places.
 * Whether an event lies within the filter's place or country is read from the places the writer
 * keeps on it (`placedWithin`, see PLACED_WITHIN); a filter naming an id of the wrong kind is
 * refused by checkFilterIds.
 */
export const filteredEvents = (params: FilterParams) => `
  ${eventsFrom(params)}
  WITH e
  WHERE ($filter.types IS NULL OR e.type IN $filter.types)
    AND ($filter.modalities IS NULL OR e.modality IN $filter.modalities)
    AND ($filter.from IS NULL OR e.dateTo >= date($filter.from))
    AND ($filter.to IS NULL OR e.dateFrom <= date($filter.to))
    AND ($filter.participant IS NULL OR EXISTS { (:Node {id: $filter.participant})-[:PARTICIPATED_IN]->(e) })
    AND ($filter.includeRetracted OR ${supportedByLiveClaim('e')})
    AND ($filter.place IS NULL OR $filter.place IN e.placedWithin)
    AND ($filter.country IS NULL OR $filter.country IN e.placedWithin)`;

/** The ids a filter names, with their kinds, so unknown ids can be reported; appended to a RETURN. */
export const FILTER_IDS_KNOWN = `COLLECT {
    MATCH (x:Node) WHERE x.id IN [$filter.place, $filter.country, $filter.participant] RETURN x { .id, .kind }
  } AS known`;

/** NOT_FOUND for ids the filter names that are not in the graph (or not of the kind asked for). */
export function checkFilterIds(params: FilterParams, known: { id: string; kind: string }[], argument = 'filter'): void {
  const kindOf = new Map(known.map((k) => [k.id, k.kind]));
  const check = (id: string | null, kinds: readonly string[], what: string, field: string) => {
    if (id === null) return;
    const kind = kindOf.get(id);
    if (kind === undefined) throw notFound(what, id);
    if (!kinds.includes(kind)) {
      throw badInput(`argument "${argument}.${field}" must be the id of a ${what}; "${id}" is a ${kind}`, {
        argument: `${argument}.${field}`,
      });
    }
  };
  check(params.place, ['Place', 'Country'], 'place or country', 'place');
  check(params.country, ['Country'], 'country', 'country');
  check(params.participant, ENTITY_KINDS, 'entity', 'participant');
}

/** A place with the country it lies in; `p` must be bound. */
export const PLACE_PROJECTION = `p { .id, .kind, .name,
    country: head(COLLECT { MATCH (p)-[:LOCATED_IN*0..8]->(c:Country) RETURN c { .id, .kind, .name } }) }`;

/** Reads the timeline: filtered events in date order, each with its place, participants and provenance. */
export class TimelineRepository {
  constructor(private readonly db: GraphDatabase) {}

  /** One query: the page of entries, the total, and whether the ids the filter names exist. */
  async timeline(filter: TimelineFilterInput | null | undefined, offset: number, limit: number): Promise<Page<TimelineEntryRow>> {
    const params = filterParams(filter);
    const [row] = await this.db.read<{ totalCount: number; rows: TimelineEntryRow[]; known: { id: string; kind: string }[] }>(
      `CALL () {
         ${filteredEvents(params)}
         WITH e ORDER BY e.dateFrom IS NULL, e.dateFrom, e.dateTo, e.id
         RETURN collect(e) AS matched
       }
       WITH size(matched) AS totalCount, matched[$offset..$offset + $limit] AS page
       CALL (page) {
         UNWIND range(0, size(page) - 1) AS i
         WITH i, page[i] AS e
         WITH i, e, ${EVENT_PLACES} AS places, COLLECT {
             MATCH (e)<-[:SUPPORTS]-(c:Claim) WHERE ${liveClaim()} RETURN c ORDER BY c.id
           } AS claims
         ORDER BY i
         RETURN collect(e {
           .id, .type, .label, .date, .dateFrom, .dateTo, .dateText, .count, .measure,
           datePrecision: coalesce(e.datePrecision, 'unknown'),
           modality: toUpper(e.modality),
           place: head(COLLECT { MATCH (e)-[:OCCURRED_IN]->(p) RETURN ${PLACE_PROJECTION} }),
           places: [p IN places | ${PLACE_PROJECTION}],
           participants: COLLECT {
             MATCH (x)-[r:PARTICIPATED_IN]->(e)
             RETURN {role: r.role, id: x.id, name: x.name, kind: x.kind} ORDER BY r.role, x.id
           },
           claimCount: size(claims),
           claimIds: [c IN claims | c.id],
           outlets: COLLECT {
             UNWIND claims AS c
             MATCH (c)-[:EVIDENCED_BY]->(:Document)-[:PUBLISHED_BY]->(o)
             RETURN DISTINCT o { .id, .kind, .name } AS outlet ORDER BY outlet.name
           },
           disputeIds: COLLECT { MATCH (d:Dispute)-[:ABOUT]->(e) RETURN d.id ORDER BY d.id },
           disputed: EXISTS { (:Dispute)-[:ABOUT]->(e) }
         }) AS rows
       }
       RETURN totalCount, rows, ${FILTER_IDS_KNOWN}`,
      { filter: params, offset, limit },
    );
    checkFilterIds(params, row?.known ?? []);
    return { rows: row?.rows ?? [], totalCount: row?.totalCount ?? 0 };
  }
}
