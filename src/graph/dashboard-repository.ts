import type { GraphDatabase } from '../db/graph-database';
import { liveClaim, supportedByLiveClaim } from './cypher-fragments';
import {
  checkFilterIds,
  FILTER_IDS_KNOWN,
  EVENT_PLACES,
  filteredEvents,
  filterParams,
  PLACE_PROJECTION,
  type RefRow,
  type TimelineFilterInput,
  type TimelinePlaceRow,
} from './timeline-repository';

export interface EventCountBucketRow {
  key: string | null;
  label: string;
  count: number;
  eventIds: string[];
  claimIds: string[];
}

export interface PeopleDetainedBucketRow {
  country: RefRow | null;
  year: number | null;
  people: number;
  groups: { id: string; name: string; kind: string; size: number | null }[];
  eventIds: string[];
  claimIds: string[];
}

export interface OutletClaimCountRow {
  outlet: RefRow;
  claims: number;
  documents: number;
  claimIds: string[];
  documentIds: string[];
}

export interface StatisticFigureRow {
  id: string;
  label: string;
  value: number;
  measure: string;
  date: string | null;
  datePrecision: string;
  modality: string;
  place: TimelinePlaceRow | null;
  claims: {
    id: string;
    quote: string;
    modality: string;
    value: string | null;
    document: { id: string; title: string; publishedOn: string | null };
    outlet: RefRow;
    source: RefRow | null;
    ownReporting: boolean;
  }[];
}

/** How each grouping names its bucket: Cypher binding `key` and `label` from `e` (allow-list, never input). */
const EVENT_BUCKETS = {
  TYPE: `e.type AS key, e.type AS label`,
  PLACE: `head(COLLECT { MATCH (e)-[:OCCURRED_IN]->(p) RETURN p }) AS p
          WITH e, p.id AS key, coalesce(p.name, 'no place') AS label`,
  COUNTRY: `head(COLLECT { MATCH (e)-[:OCCURRED_IN]->()-[:LOCATED_IN*0..8]->(c:Country) RETURN c }) AS c
            WITH e, c.id AS key, coalesce(c.name, 'no country') AS label`,
  YEAR: `toString(e.dateFrom.year) AS key, coalesce(toString(e.dateFrom.year), 'undated') AS label`,
} as const;
export type EventCountGrouping = keyof typeof EVENT_BUCKETS;

/** Roles and event types that count people as detained. */
const DETENTION_TYPES = ['detention', 'arrest'];
const DETAINED_ROLES = ['detainee', 'arrestee'];

/** Dashboard figures; each is one query, and each bucket lists the events and claims it was counted from. */
export class DashboardRepository {
  constructor(private readonly db: GraphDatabase) {}

  /** `claimIds`: whether to list each bucket's supporting claims (their ids are [] otherwise). */
  async eventCounts(
    by: EventCountGrouping,
    filter: TimelineFilterInput | null | undefined,
    options: { claimIds: boolean },
  ): Promise<EventCountBucketRow[]> {
    const params = filterParams(filter);
    const [row] = await this.db.read<{ buckets: EventCountBucketRow[]; known: { id: string; kind: string }[] }>(
      `CALL () {
         ${filteredEvents(params)}
         WITH e, ${EVENT_BUCKETS[by]}
         WITH key, label, e ORDER BY e.dateFrom IS NULL, e.dateFrom, e.id
         WITH key, label, collect(e) AS events
         ORDER BY key IS NULL, CASE WHEN $chronological THEN key END, size(events) DESC, label
         RETURN collect({
           key: key, label: label, count: size(events), eventIds: [x IN events | x.id],
           claimIds: ${options.claimIds ? `COLLECT { UNWIND events AS x MATCH (x)<-[:SUPPORTS]-(c:Claim) WHERE ${liveClaim()} RETURN DISTINCT c.id AS id ORDER BY id }` : '[]'}
         }) AS buckets
       }
       RETURN buckets, ${FILTER_IDS_KNOWN}`,
      { filter: params, chronological: by === 'YEAR' },
    );
    checkFilterIds(params, row?.known ?? []);
    return row?.buckets ?? [];
  }

  /** People in detainee and arrestee groups of detention and arrest events, each group counted once per bucket. */
  async peopleDetained(filter: TimelineFilterInput | null | undefined): Promise<PeopleDetainedBucketRow[]> {
    const params = filterParams(filter);
    const [row] = await this.db.read<{ buckets: PeopleDetainedBucketRow[]; known: { id: string; kind: string }[] }>(
      `CALL () {
         ${filteredEvents(params)}
         WITH e WHERE e.type IN $detentionTypes
         WITH e, ${EVENT_PLACES} AS places
         MATCH (x)-[r:PARTICIPATED_IN]->(e) WHERE r.role IN $detainedRoles
         WITH e, x, coalesce(
             head(COLLECT { MATCH (e)-[:OCCURRED_IN]->()-[:LOCATED_IN*0..8]->(c:Country) RETURN c }),
             head(COLLECT { UNWIND places AS p MATCH (p)-[:LOCATED_IN*0..8]->(c:Country) RETURN c })
           ) AS country
         WITH country, e.dateFrom.year AS year, e, x ORDER BY e.dateFrom, e.id, x.id
         WITH country, year, collect(DISTINCT e) AS events, collect(DISTINCT x) AS detained
         WITH country, year, events,
              [x IN detained | x { .id, .kind, .name, size: CASE WHEN x:Person THEN 1 ELSE x.size END }] AS groups
         ORDER BY year IS NULL, year, country IS NULL, country.name
         RETURN collect({
           country: country { .id, .kind, .name }, year: year,
           people: reduce(total = 0, g IN groups | total + coalesce(g.size, 0)),
           groups: groups, eventIds: [x IN events | x.id],
           claimIds: COLLECT { UNWIND events AS x MATCH (x)<-[:SUPPORTS]-(c:Claim) WHERE ${liveClaim()} RETURN DISTINCT c.id AS id ORDER BY id }
         }) AS buckets
       }
       RETURN buckets, ${FILTER_IDS_KNOWN}`,
      { filter: params, detentionTypes: DETENTION_TYPES, detainedRoles: DETAINED_ROLES },
    );
    checkFilterIds(params, row?.known ?? []);
    return row?.buckets ?? [];
  }

  /** Outlets that published claims, most claims first. */
  claimsPerOutlet(): Promise<OutletClaimCountRow[]> {
    return this.db.read<OutletClaimCountRow>(
      `MATCH (c:Claim)-[:EVIDENCED_BY]->(d:Document)-[:PUBLISHED_BY]->(o)
       WHERE ${liveClaim()}
       WITH o, c, d ORDER BY c.id
       WITH o, collect(c.id) AS claimIds, collect(DISTINCT d.id) AS documentIds
       RETURN o { .id, .kind, .name } AS outlet, size(claimIds) AS claims, size(documentIds) AS documents, claimIds, documentIds
       ORDER BY claims DESC, outlet.name`,
    );
  }

  /** Statistic events with a figure, by measure and date, each with the claims that report it. */
  statistics(measure: string | null | undefined): Promise<StatisticFigureRow[]> {
    return this.db.read<StatisticFigureRow>(
      `MATCH (e:Event {type: 'statistic'})
       WHERE e.count IS NOT NULL
         AND ($query.measure IS NULL OR toLower(e.measure) CONTAINS toLower($query.measure))
         AND ${supportedByLiveClaim('e')}
       WITH e ORDER BY e.measure, e.dateFrom IS NULL, e.dateFrom, e.id
       RETURN e.id AS id, e.label AS label, e.count AS value, e.measure AS measure, e.date AS date,
              coalesce(e.datePrecision, 'unknown') AS datePrecision, toUpper(e.modality) AS modality,
              head(COLLECT { MATCH (e)-[:OCCURRED_IN]->(p) RETURN ${PLACE_PROJECTION} }) AS place,
              COLLECT {
                MATCH (e)<-[:SUPPORTS]-(c:Claim)-[:EVIDENCED_BY]->(d:Document)-[:PUBLISHED_BY]->(o)
                WHERE ${liveClaim()}
                OPTIONAL MATCH (c)-[a:ATTRIBUTED_TO]->(s)
                RETURN {
                  id: c.id, quote: c.quote, modality: toUpper(c.modality), value: c.value,
                  document: d { .id, .title, .publishedOn }, outlet: o { .id, .kind, .name },
                  source: s { .id, .kind, .name }, ownReporting: coalesce(a.ownReporting, true)
                } AS claim ORDER BY claim.id
              } AS claims`,
      { query: { measure: measure ?? null } },
    );
  }
}
