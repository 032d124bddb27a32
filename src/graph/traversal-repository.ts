import type { GraphDatabase } from '../db/graph-database';
import { badInput, boundedInt, notFound } from '../errors';
import { FACT_TYPES } from '../ingest/knowledge-schema';
import { liveClaim } from './cypher-fragments';

/**
 * Traversal: the neighbourhood of a node, the shortest paths between two nodes, the route of a
 * group. Each answer is one query, returned already shaped for the API's view types.
 */

/** Relationships of the world graph besides the fact relationships. */
const WORLD_TYPES = ['PARTICIPATED_IN', 'OCCURRED_IN', 'LOCATED_IN', 'PART_OF'] as const;
/** Provenance plumbing: followed only when asked for by name. */
const PROVENANCE_TYPES = [
  'FROM',
  'TO',
  'SUPPORTS',
  'EVIDENCED_BY',
  'REPORTED_BY',
  'PUBLISHED_BY',
  'WRITTEN_BY',
  'CITES',
  'ATTRIBUTED_TO',
  'SUBJECT',
  'OBJECT',
  'IN_DISPUTE',
  'CONTRADICTS',
  'ABOUT',
] as const;
/** What is traversed when no relationship types are given: the world graph. */
export const DEFAULT_TYPES: readonly string[] = [...new Set<string>([...FACT_TYPES, ...WORLD_TYPES])];
const TRAVERSABLE = new Set<string>([...DEFAULT_TYPES, ...PROVENANCE_TYPES]);

/** Events that move people: a group's journeys are events of these types that have parts (legs). */
const JOURNEY_TYPES = ['escape', 'travel', 'border_crossing', 'deportation', 'repatriation', 'transfer', 'defection'];

const MAX_NEIGHBORHOOD_DEPTH = 3;
const MAX_NODES = 500;
const MAX_PER_NODE = 100;
const MAX_HOPS = 6;
const MAX_PATHS = 100;

export type RelationshipKind = 'FACT' | 'PARTICIPATION' | 'OCCURRENCE' | 'COMPOSITION' | 'GAZETTEER' | 'PROVENANCE';

export interface GraphNodeRow {
  id: string;
  kind: string;
  label: string;
  type: string | null;
  date: string | null;
  datePrecision: string | null;
  dateText: string | null;
  modality: string | null;
  depth?: number | null;
}

export interface GraphEdgeRow {
  id: string;
  type: string;
  kind: RelationshipKind;
  source: string;
  target: string;
  factId: string | null;
  role: string | null;
  claimCount: number;
}

export interface NeighborhoodRow {
  center: GraphNodeRow;
  nodes: GraphNodeRow[];
  edges: GraphEdgeRow[];
  truncated: boolean;
  truncatedAt: string[];
}

export interface GraphRef {
  id: string;
  kind: string;
  name: string;
}

export interface SupportingClaimRow {
  id: string;
  quote: string;
  start: number;
  end: number;
  modality: string;
  qualifiersJson: string;
  document: { id: string; title: string; publishedOn: string | null; url: string | null };
  outlet: GraphRef;
  source: GraphRef | null;
  ownReporting: boolean;
  origin: GraphRef;
  date: string | null;
  dateText: string | null;
}

export interface PathHopRow {
  from: GraphNodeRow;
  to: GraphNodeRow;
  type: string;
  kind: RelationshipKind;
  direction: 'OUTGOING' | 'INCOMING';
  factId: string | null;
  role: string | null;
  structural: boolean;
  claims: SupportingClaimRow[];
  claimCount: number;
  outlets: GraphRef[];
}

export interface PathRow {
  length: number;
  nodes: GraphNodeRow[];
  hops: PathHopRow[];
}

export interface PathsRow {
  from: GraphNodeRow;
  to: GraphNodeRow;
  totalCount: number;
  paths: PathRow[];
}

export interface RoutePlaceRow extends GraphRef {
  placeType: string | null;
  within: GraphRef[];
  country: GraphRef | null;
}

export interface SourceDateRow {
  outlet: GraphRef;
  origin: GraphRef;
  date: string | null;
  dateText: string | null;
  datePrecision: string;
  claimIds: string[];
}

export interface RouteStopRow {
  factId: string;
  order: number | null;
  place: RoutePlaceRow;
  refines: string | null;
  leg: string | null;
  date: string | null;
  dateText: string | null;
  datePrecision: string;
  sourceDates: SourceDateRow[];
  datesDiffer: boolean;
  claims: SupportingClaimRow[];
  outlets: GraphRef[];
  eventIds: string[];
}

export interface RouteLegRow {
  id: string;
  type: string;
  label: string;
  date: string | null;
  datePrecision: string;
  dateText: string | null;
  modality: string;
  place: RoutePlaceRow | null;
  role: string;
  journeyId: string;
  stopOrder: number | null;
  claimCount: number;
}

export interface RouteRow {
  group: GraphNodeRow;
  stops: RouteStopRow[];
  journeys: GraphNodeRow[];
  legs: RouteLegRow[];
}

// ---------------------------------------------------------------------------------------------
// Cypher fragments (constant text; every value is a parameter)

/** Claims that count: retracted ones are ignored by every established view. */

/**
 * Traversable relationship `r`: not a fact relationship whose fact has no live claim left. A fact's
 * relationship holds its fact's count of live claims (see recountLiveClaims).
 */
const ESTABLISHED = (r: string) => `(${r}.factId IS NULL OR ${r}.liveClaims > 0)`;

/** `n` as a GraphNode. */
const graphNode = (n: string, extra = '') => `${n} {
  .id, .kind,${extra ? ` ${extra},` : ''}
  label: coalesce(${n}.name, ${n}.title, ${n}.label, ${n}.quote, ${n}.description,
    head([(${n}:Fact)-[:FROM]->(factFrom) | coalesce(factFrom.name, factFrom.label) + ' ' + ${n}.type + ' ' +
      head([(${n})-[:TO]->(factTo) | coalesce(factTo.name, factTo.label)])]), ${n}.id),
  type: coalesce(${n}.type, ${n}.orgType, ${n}.placeType),
  date: coalesce(${n}.date, ${n}.publishedOn),
  datePrecision: ${n}.datePrecision,
  dateText: ${n}.dateText,
  modality: toUpper(${n}.modality)
}`;

const ref = (n: string) => `${n} { .id, .kind, name: coalesce(${n}.name, ${n}.title, ${n}.id) }`;

/** The kinds of the world graph's relationships that are not facts; any other is provenance. */
const WORLD_KINDS: Readonly<Record<string, RelationshipKind>> = {
  PARTICIPATED_IN: 'PARTICIPATION',
  OCCURRED_IN: 'OCCURRENCE',
  PART_OF: 'COMPOSITION',
  LOCATED_IN: 'GAZETTEER',
};

/** What kind of relationship a type and a fact id make (see the RelationshipKind enum). */
function relationshipKind(type: string, factId: string | null): RelationshipKind {
  return factId !== null ? 'FACT' : (WORLD_KINDS[type] ?? 'PROVENANCE');
}

/** An edge as the neighbourhood query returns it: a list, which costs far less to send than a map. */
type EdgeTuple = [source: string, type: string, target: string, factId: string | null, role: string | null, claimCount: number];

function edgeOf([source, type, target, factId, role, claimCount]: EdgeTuple): GraphEdgeRow {
  const qualifier = factId ?? role;
  const id = `${source}-[${type}]->${target}${qualifier === null ? '' : `#${qualifier}`}`;
  return { id, type, kind: relationshipKind(type, factId), source, target, factId, role, claimCount };
}

/**
 * The node whose claims support `r`: the fact for a fact relationship, the event for a participation
 * or an occurrence, the part for PART_OF; null for the gazetteer and provenance. Binds `supported`.
 */
const SUPPORTED_BY_CLAIMS = `
  OPTIONAL MATCH (fact:Fact {id: r.factId})
  WITH *, CASE
    WHEN fact IS NOT NULL THEN fact
    WHEN type(r) = 'PARTICIPATED_IN' AND endNode(r):Event THEN endNode(r)
    WHEN type(r) IN ['OCCURRED_IN', 'PART_OF'] AND startNode(r):Event THEN startNode(r)
  END AS supported`;

/** Claim `c` as a SupportingClaim (date and dateText are read from its qualifiers afterwards). */
const SUPPORTING_CLAIM = `c {
  .id, .quote, .start, .end, .qualifiersJson,
  modality: toUpper(c.modality),
  document: head([(c)-[:EVIDENCED_BY]->(claimDoc:Document) | claimDoc { .id, .title, .publishedOn, .url }]),
  outlet: head([(c)-[:EVIDENCED_BY]->(:Document)-[:PUBLISHED_BY]->(claimOutlet) | ${ref('claimOutlet')}]),
  source: head([(c)-[:ATTRIBUTED_TO]->(claimSource) | ${ref('claimSource')}]),
  ownReporting: coalesce(head([(c)-[attribution:ATTRIBUTED_TO]->() | attribution.ownReporting]), true),
  origin: coalesce(
    head(COLLECT {
      MATCH relay = (c)-[:CITES*1..8]->(relayRoot) WHERE NOT (relayRoot)-[:CITES]->()
      WITH relay, CASE WHEN relayRoot:Document THEN head([(relayRoot)-[:PUBLISHED_BY]->(po) | po]) ELSE relayRoot END AS relayOrigin
      RETURN ${ref('relayOrigin')} ORDER BY length(relay) DESC
    }),
    head([(c)-[:EVIDENCED_BY]->(:Document)-[:PUBLISHED_BY]->(claimOutlet) | ${ref('claimOutlet')}])
  )
}`;

const CLAIM_ORDER = 'c.start, c.id';
const claimsOf = (node: string, firstNaming?: string) => `COLLECT {
  MATCH (c:Claim)-[:SUPPORTS]->(${node}) WHERE ${liveClaim()}
  OPTIONAL MATCH (c)-[:EVIDENCED_BY]->(evidence:Document)
  RETURN ${SUPPORTING_CLAIM} AS claim
  ORDER BY ${firstNaming ? `EXISTS { (c)-[:SUBJECT|OBJECT]->(${firstNaming}) } DESC, ` : ''}evidence.publishedOn IS NULL, evidence.publishedOn, evidence.id, ${CLAIM_ORDER}
}`;

/** `p` as a RoutePlace. */
const routePlace = (p: string) => `CASE WHEN ${p} IS NULL THEN null ELSE ${p} {
  .id, .kind, .name, .placeType,
  within: COLLECT { MATCH up = (${p})-[:LOCATED_IN*1..8]->(outer) RETURN ${ref('outer')} ORDER BY length(up) },
  country: head(COLLECT { MATCH up = (${p})-[:LOCATED_IN*0..8]->(land:Country) RETURN ${ref('land')} ORDER BY length(up) })
} END`;

/**
 * Neighbours by rank, the order in which a node brings them when it has more than `perNode`: what
 * claims assert first (facts and participations), then occurrence and composition, the gazetteer,
 * and provenance. Each class is read only up to the cap, so a hub costs no more than a small node.
 */
const NEIGHBOUR_CLASSES: readonly (readonly string[])[] = [
  [...FACT_TYPES, 'PARTICIPATED_IN'],
  ['OCCURRED_IN', 'PART_OF'],
  ['LOCATED_IN'],
  PROVENANCE_TYPES,
];

/** `types` as the alternatives of a relationship pattern; every name comes from the allow-list. */
const typePattern = (types: readonly string[]) => types.map((t) => `\`${t}\``).join('|');

/**
 * Up to `$perNode + 1` distinct established neighbours `y` of `x` per class of the types asked for
 * (one more than the cap, to know whether the cap cut).
 * Within a class they come in the store's order: sorting all of a hub's neighbours is what the cap
 * is there to avoid.
 */
function nearestOf(types: readonly string[]): string {
  const branches = NEIGHBOUR_CLASSES.map((c) => c.filter((t) => types.includes(t)))
    .map((c, rank) => ({ c, rank }))
    .filter(({ c }) => c.length > 0)
    .map(
      ({ c, rank }) => `
      MATCH (x)-[r:${typePattern(c)}]-(y:Node) WHERE ${ESTABLISHED('r')}
      WITH DISTINCT y LIMIT toInteger($perNode) + 1
      RETURN y, ${rank} AS rank`,
    );
  return branches.join('\n      UNION ALL');
}

/** One breadth-first level: expands the frontier `f{n-1}` into `f{n}`, new nodes only, within the node limit. */
function expandLevel(level: number, nearest: string): string {
  const prev = level - 1;
  return `
CALL (f${prev}, s${prev}, seen${prev}) {
  UNWIND CASE WHEN $depth >= ${level} AND size(s${prev}) < $limit THEN f${prev} ELSE [] END AS x
  CALL (x) {
    CALL (x) {${nearest}
    }
    WITH rank, collect(y) AS ys
    WITH collect({rank: rank, ys: ys}) AS classes
    WITH classes, any(c IN classes WHERE size(c.ys) > $perNode) AS cut
    UNWIND classes AS c
    UNWIND c.ys AS y
    WITH cut, y, min(c.rank) AS rank ORDER BY rank, y.kind, y.id
    WITH cut, collect(y) AS ys
    RETURN ys[0..$perNode] AS near, cut OR size(ys) > $perNode AS over
  }
  WITH collect(near) AS nears, collect(CASE WHEN over THEN x.id END) AS capped
  CALL (nears, seen${prev}) {
    WITH reduce(all = [], l IN nears | all + l) AS candidates
    UNWIND range(0, size(candidates) - 1) AS k
    WITH candidates[k] AS n, k WHERE NOT candidates[k].id IN seen${prev}
    WITH n, min(k) AS first ORDER BY first
    RETURN collect(n) AS found
  }
  RETURN capped AS capped${level}, found[0..$limit - size(s${prev})] AS f${level},
         size(found) > $limit - size(s${prev}) AS full${level}
}
WITH *, s${prev} + f${level} AS s${level}, seen${prev} + [n IN f${level} | n.id] AS seen${level}`;
}

/**
 * Relationships between the nodes of an answer are read from the side with fewer of them: from a
 * node's outgoing ones unless it has more than this many, else from the other end's incoming ones.
 * Between two such hubs they are read type by type, from whichever side has fewer of that type.
 */
export const EDGE_HUB = 50;

/** `n`'s relationships of each type, in the order of `types`, in the direction `arrow` ('->' or '<-'). */
const degreesByType = (n: string, types: readonly string[], arrow: '->' | '<-') =>
  `[${types.map((t) => `COUNT { (${n})${arrow === '->' ? '' : '<'}-[:\`${t}\`]-${arrow === '->' ? '>' : ''}() }`).join(', ')}]`;

/** Element-wise sum of a list of equally long lists of integers, `width` long. */
const sumOfLists = (lists: string, width: number) =>
  `reduce(sum = [i IN range(1, ${width}) | 0], l IN ${lists} | [i IN range(0, ${width - 1}) | sum[i] + l[i]])`;

/**
 * Relationships of `type`, the `i`-th of the sorted types, from an out-hub to an in-hub: read from
 * the out-hubs' outgoing ones when `side[i]` is 1, from the in-hubs' incoming ones when it is 2, not
 * at all when 0 (one side has none).
 */
const hubToHub = (type: string, i: number) => `
    UNWIND CASE side[${i}] WHEN 1 THEN outHubs ELSE [] END AS a
    MATCH (a)-[r:\`${type}\`]->(b) WHERE elementId(b) IN inHubKeys
    RETURN collect([a, r, b]) AS found
    UNION ALL
    UNWIND CASE side[${i}] WHEN 2 THEN inHubs ELSE [] END AS b
    MATCH (b)<-[r:\`${type}\`]-(a) WHERE elementId(a) IN outHubKeys
    RETURN collect([a, r, b]) AS found`;

/** The neighbourhood query for a set of relationship types (names from the allow-list only). */
function neighborhoodQuery(types: readonly string[]): string {
  const nearest = nearestOf(types);
  const sorted = [...types].sort();
  const pattern = typePattern(sorted);
  return `
MATCH (center:Node {id: $id})
WITH center, [center] AS f0, [center] AS s0, [center.id] AS seen0
${[1, 2, 3].map((level) => expandLevel(level, nearest)).join('\n')}
WITH center, f1, f2, f3, s3 AS nodes, capped1 + capped2 + capped3 AS capped, full1 OR full2 OR full3 AS full
// Membership is tested on element ids: testing a node against a list of nodes costs far more.
CALL (nodes) {
  UNWIND nodes AS n
  WITH n, COUNT { (n)-[:${pattern}]->() } > ${EDGE_HUB} AS outHub, COUNT { (n)<-[:${pattern}]-() } > ${EDGE_HUB} AS inHub
  RETURN collect(elementId(n)) AS keys,
         collect(CASE WHEN outHub THEN n END) AS outHubs,
         collect(CASE WHEN outHub THEN elementId(n) END) AS outHubKeys,
         collect(CASE WHEN outHub THEN ${degreesByType('n', sorted, '->')} END) AS outByType,
         collect(CASE WHEN inHub THEN n END) AS inHubs,
         collect(CASE WHEN inHub THEN elementId(n) END) AS inHubKeys,
         collect(CASE WHEN inHub THEN ${degreesByType('n', sorted, '<-')} END) AS inByType
}
WITH *, ${sumOfLists('outByType', sorted.length)} AS outTotals, ${sumOfLists('inByType', sorted.length)} AS inTotals
WITH *, [i IN range(0, ${sorted.length - 1}) | CASE
  WHEN outTotals[i] = 0 OR inTotals[i] = 0 THEN 0 WHEN outTotals[i] <= inTotals[i] THEN 1 ELSE 2
END] AS side
CALL (nodes, keys, outHubs, outHubKeys, inHubs, inHubKeys, side) {
  CALL (nodes, keys, outHubs, outHubKeys, inHubs, inHubKeys, side) {
    UNWIND nodes AS a
    WITH a, keys WHERE NOT elementId(a) IN outHubKeys
    MATCH (a)-[r:${pattern}]->(b) WHERE elementId(b) IN keys
    RETURN collect([a, r, b]) AS found
    UNION ALL
    UNWIND nodes AS b
    WITH b, outHubKeys WHERE NOT elementId(b) IN inHubKeys
    MATCH (b)<-[r:${pattern}]-(a) WHERE elementId(a) IN outHubKeys
    RETURN collect([a, r, b]) AS found
    UNION ALL${sorted.map(hubToHub).join('\n    UNION ALL')}
  }
  // Each branch returns one list: rows passed one by one through so many unions would cost more.
  UNWIND found AS edge
  WITH edge[0] AS a, edge[1] AS r, edge[2] AS b
  // The live claims of what supports the relationship (see SUPPORTED_BY_CLAIMS), as stored by the writes.
  WITH a, r, b, coalesce(CASE
    WHEN r.factId IS NOT NULL THEN r.liveClaims
    WHEN type(r) = 'PARTICIPATED_IN' AND b:Event THEN b.liveClaims
    WHEN type(r) IN ['OCCURRED_IN', 'PART_OF'] AND a:Event THEN a.liveClaims
  END, 0) AS claimCount
  // A fact relationship is shown while its fact has a live claim.
  WHERE r.factId IS NULL OR claimCount > 0
  WITH a, r, b, claimCount ORDER BY a.id, type(r), b.id, coalesce(r.factId, r.role, '')
  RETURN collect([a.id, type(r), b.id, r.factId, r.role, claimCount]) AS edges
}
RETURN ${graphNode('center', 'depth: 0')} AS center,
       [${graphNode('center', 'depth: 0')}] + ${[1, 2, 3].map((d) => `[n IN f${d} | ${graphNode('n', `depth: ${d}`)}]`).join(' + ')} AS nodes,
       edges, full OR size(capped) > 0 AS truncated, capped AS truncatedAt`;
}

/**
 * `maxHops` is an integer checked to be within 1..MAX_HOPS, and `types` names from the allow-list
 * (relationshipTypes): the only text put into the query. The search expands only the types asked
 * for, so each set of types is its own query text.
 */
const PATHS = (maxHops: number, types: readonly string[]) => `
OPTIONAL MATCH (a:Node {id: $from})
OPTIONAL MATCH (b:Node {id: $to})
CALL (a, b) {
  WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
  MATCH p = allShortestPaths((a)-[:${[...types]
    .sort()
    .map((t) => `\`${t}\``)
    .join('|')}*1..${maxHops}]-(b))
  WHERE all(r IN relationships(p) WHERE ${ESTABLISHED('r')})
  WITH p, size([r IN relationships(p) WHERE r.factId IS NOT NULL]) AS factHops,
       reduce(key = '', r IN relationships(p) | key + type(r) + '/' + coalesce(r.factId, r.role, '') + ' ') AS byType,
       reduce(key = '', n IN nodes(p) | key + n.id + ' ') AS byNodes
  ORDER BY factHops DESC, byNodes, byType
  WITH collect(p) AS found
  RETURN size(found) AS totalCount, found[0..$first] AS chosen
}
CALL (chosen) {
  UNWIND range(0, size(chosen) - 1) AS pathIndex
  WITH pathIndex, chosen[pathIndex] AS p
  UNWIND range(0, length(p) - 1) AS i
  WITH pathIndex, p, i, relationships(p)[i] AS r, nodes(p)[i] AS x, nodes(p)[i + 1] AS y
  CALL (r, x, y) {
    ${SUPPORTED_BY_CLAIMS}
    WITH r, x, y, supported, CASE WHEN supported = x THEN y ELSE x END AS other
    WITH r, x, y, CASE WHEN supported IS NULL THEN [] ELSE ${claimsOf('supported', 'other')} END AS claims
    RETURN {
      from: ${graphNode('x')}, to: ${graphNode('y')},
      type: type(r),
      direction: CASE WHEN startNode(r) = x THEN 'OUTGOING' ELSE 'INCOMING' END,
      factId: r.factId, role: r.role,
      claims: claims, claimCount: size(claims)
    } AS hop
  }
  WITH pathIndex, p, i, hop ORDER BY pathIndex, i
  WITH pathIndex, p, collect(hop) AS hops ORDER BY pathIndex
  RETURN collect({ length: length(p), nodes: [n IN nodes(p) | ${graphNode('n')}], hops: hops }) AS paths
}
RETURN CASE WHEN a IS NULL THEN null ELSE ${graphNode('a')} END AS from,
       CASE WHEN b IS NULL THEN null ELSE ${graphNode('b')} END AS to,
       totalCount, paths`;

const ROUTE = `
OPTIONAL MATCH (g:Node {id: $id})
RETURN g.kind AS kind, CASE WHEN g:PeopleGroup THEN {
  group: ${graphNode('g')},
  stops: COLLECT {
    MATCH (g)-[r:TRAVELLED_THROUGH]->(p)
    MATCH (f:Fact {id: r.factId})
    RETURN {
      factId: f.id, order: r.order, leg: r.leg, date: r.date, dateText: r.dateText,
      place: ${routePlace('p')},
      claims: ${claimsOf('f')},
      eventIds: COLLECT {
        MATCH (f)<-[:SUPPORTS]-(c:Claim)-[:SUPPORTS]->(e:Event)<-[:PARTICIPATED_IN]-(g)
        WHERE ${liveClaim()} AND NOT EXISTS { (:Event)-[:PART_OF]->(e) }
        RETURN DISTINCT e.id AS id ORDER BY id
      }
    } AS stop ORDER BY r.order, f.id
  },
  journeys: COLLECT {
    MATCH (g)-[:PARTICIPATED_IN]->(j:Event) WHERE j.type IN $journeyTypes AND EXISTS { (:Event)-[:PART_OF]->(j) }
    RETURN DISTINCT ${graphNode('j')} AS journey ORDER BY journey.date, journey.id
  },
  legs: COLLECT {
    MATCH (g)-[pr:PARTICIPATED_IN]->(e:Event)-[:PART_OF]->(j:Event)<-[:PARTICIPATED_IN]-(g)
    WHERE j.type IN $journeyTypes
    WITH DISTINCT e, j, pr
    OPTIONAL MATCH (e)-[:OCCURRED_IN]->(p)
    RETURN {
      id: e.id, type: e.type, label: e.label, date: e.date, datePrecision: e.datePrecision, dateText: e.dateText,
      modality: toUpper(e.modality), role: pr.role, journeyId: j.id, place: ${routePlace('p')},
      claimCount: COUNT { MATCH (c:Claim)-[:SUPPORTS]->(e) WHERE ${liveClaim()} }
    } AS leg ORDER BY e.dateFrom, e.id
  }
} END AS route`;

// ---------------------------------------------------------------------------------------------

export class TraversalRepository {
  constructor(private readonly db: GraphDatabase) {}

  /** A node and its neighbours up to `depth` hops, each expanded node bringing at most `perNode`. */
  async neighborhood(options: {
    id: string;
    depth?: number | null;
    relationshipTypes?: string[] | null;
    limit?: number | null;
    perNode?: number | null;
  }): Promise<NeighborhoodRow> {
    const depth = boundedInt(options.depth ?? 1, 'depth', 1, MAX_NEIGHBORHOOD_DEPTH);
    const limit = boundedInt(options.limit ?? 100, 'limit', 1, MAX_NODES);
    const perNode = boundedInt(options.perNode ?? 25, 'perNode', 1, MAX_PER_NODE);
    const types = relationshipTypes(options.relationshipTypes);
    const [row] = await this.db.read<Omit<NeighborhoodRow, 'edges'> & { edges: EdgeTuple[] }>(neighborhoodQuery(types), {
      id: options.id,
      depth,
      limit,
      perNode,
    });
    if (!row) throw notFound('node', options.id);
    return { ...row, edges: row.edges.map(edgeOf) };
  }

  /** All shortest paths between two nodes, the first `first` of them, each hop with its supporting claims. */
  async paths(options: {
    from: string;
    to: string;
    maxHops?: number | null;
    relationshipTypes?: string[] | null;
    first?: number | null;
  }): Promise<PathsRow> {
    const maxHops = boundedInt(options.maxHops ?? 4, 'maxHops', 1, MAX_HOPS);
    const first = boundedInt(options.first ?? 5, 'first', 0, MAX_PATHS);
    const types = relationshipTypes(options.relationshipTypes);
    if (options.from === options.to) throw badInput(`arguments "from" and "to" must name two different nodes, got "${options.from}" twice`);
    const [row] = await this.db.read<RawPaths>(PATHS(maxHops, types), { from: options.from, to: options.to, first });
    if (!row?.from) throw notFound('node', options.from);
    if (!row.to) throw notFound('node', options.to);
    return {
      ...row,
      from: row.from,
      to: row.to,
      paths: row.paths.map((p) => ({
        ...p,
        hops: p.hops.map((h) => {
          const kind = relationshipKind(h.type, h.factId);
          // The gazetteer and provenance hold the world together; no claim asserts them.
          const structural = kind === 'GAZETTEER' || kind === 'PROVENANCE';
          return { ...h, kind, structural, claims: h.claims.map(withDate), outlets: outletsOf(h.claims) };
        }),
      })),
    };
  }

  /** The route of a people group: its TRAVELLED_THROUGH stops in order, and the legs of its journeys. */
  async route(groupId: string): Promise<RouteRow> {
    const [row] = await this.db.read<{ kind: string | null; route: RawRoute | null }>(ROUTE, { id: groupId, journeyTypes: JOURNEY_TYPES });
    if (!row?.kind) throw notFound('people group', groupId);
    if (!row.route)
      throw badInput(`argument "groupId" must name a people group; "${groupId}" is ${/^[AEIOU]/.test(row.kind) ? 'an' : 'a'} ${row.kind}`, {
        argument: 'groupId',
      });
    return shapeRoute(row.route);
  }
}

/** Paths as the query returns them: a hop's kind and outlets are worked out from the rest. */
interface RawPaths {
  from: GraphNodeRow | null;
  to: GraphNodeRow | null;
  totalCount: number;
  paths: (Omit<PathRow, 'hops'> & { hops: Omit<PathHopRow, 'kind' | 'structural' | 'outlets'>[] })[];
}

interface RawRoute {
  group: GraphNodeRow;
  stops: Omit<RouteStopRow, 'datePrecision' | 'sourceDates' | 'datesDiffer' | 'outlets' | 'refines'>[];
  journeys: GraphNodeRow[];
  legs: Omit<RouteLegRow, 'stopOrder'>[];
}

// ---------------------------------------------------------------------------------------------
// Rules applied to the rows

/** The relationship types to traverse: the world graph by default, else names from the allow-list. */
function relationshipTypes(types: readonly string[] | null | undefined): string[] {
  if (types === null || types === undefined) return [...DEFAULT_TYPES];
  if (types.length === 0)
    throw badInput('argument "relationshipTypes" must name at least one type, or be left out', { argument: 'relationshipTypes' });
  const unknown = types.filter((t) => !TRAVERSABLE.has(t));
  if (unknown.length > 0) {
    throw badInput(
      `argument "relationshipTypes" has unknown type${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `"${t}"`).join(', ')}; ` +
        `allowed: the fact types (${FACT_TYPES.join(', ')}), ${WORLD_TYPES.join(', ')}, and the provenance types (${PROVENANCE_TYPES.join(', ')})`,
      { argument: 'relationshipTypes', unknown },
    );
  }
  return [...new Set(types)];
}

function precisionOf(date: string | null | undefined): string {
  if (!date) return 'unknown';
  return date.length === 10 ? 'day' : date.length === 7 ? 'month' : date.length === 4 ? 'year' : 'unknown';
}

/** The date and its wording a claim gives in its qualifiers. */
function withDate(claim: SupportingClaimRow): SupportingClaimRow {
  let qualifiers: Record<string, unknown> = {};
  try {
    qualifiers = JSON.parse(claim.qualifiersJson ?? '{}') as Record<string, unknown>;
  } catch {
    // a claim without readable qualifiers gives no date
  }
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  return { ...claim, qualifiersJson: claim.qualifiersJson ?? '{}', date: text(qualifiers.date), dateText: text(qualifiers.dateText) };
}

function outletsOf(claims: SupportingClaimRow[]): GraphRef[] {
  const byId = new Map(claims.map((c) => [c.outlet.id, c.outlet]));
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Each source's date for a stop: one entry per outlet and origin that dates it, in date order. */
function sourceDates(claims: SupportingClaimRow[]): SourceDateRow[] {
  const bySource = new Map<string, SourceDateRow>();
  for (const c of claims) {
    if (!c.date && !c.dateText) continue;
    const key = [c.outlet.id, c.origin.id, c.date ?? '', c.dateText ?? ''].join('|');
    const entry = bySource.get(key) ?? {
      outlet: c.outlet,
      origin: c.origin,
      date: c.date,
      dateText: c.dateText,
      datePrecision: precisionOf(c.date),
      claimIds: [],
    };
    entry.claimIds.push(c.id);
    bySource.set(key, entry);
  }
  return [...bySource.values()].sort(
    (a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.outlet.name.localeCompare(b.outlet.name),
  );
}

function shapeRoute(raw: RawRoute): RouteRow {
  const stops: RouteStopRow[] = raw.stops.map((s) => {
    const claims = s.claims.map(withDate);
    const dates = sourceDates(claims);
    return {
      ...s,
      refines: null,
      datePrecision: precisionOf(s.date),
      claims,
      sourceDates: dates,
      datesDiffer: new Set(dates.map((d) => d.date).filter((d) => d !== null)).size > 1,
      outlets: outletsOf(claims),
    };
  });
  // Two stops of the same order name one step at two precisions: the narrower refines the broader.
  for (const stop of stops) {
    const broader = stops.find((o) => o !== stop && o.order === stop.order && stop.place.within.some((w) => w.id === o.place.id));
    stop.refines = broader?.place.id ?? null;
  }
  stops.sort(
    (a, b) =>
      (a.order ?? Infinity) - (b.order ?? Infinity) ||
      a.place.within.length - b.place.within.length ||
      a.place.name.localeCompare(b.place.name),
  );
  return { group: raw.group, journeys: raw.journeys, stops, legs: orderLegs(raw.legs, stops) };
}

/**
 * Legs in route order: a leg that happened at a stop takes the stop's order; an undated one without
 * a stop goes last; a dated one without a stop goes right after the last stop dated on or before it
 * (the bus of 11 August between Kunming on the 10th and the border on the 12th).
 */
function orderLegs(legs: Omit<RouteLegRow, 'stopOrder'>[], stops: RouteStopRow[]): RouteLegRow[] {
  const stopOf = (legId: string) => stops.find((s) => s.eventIds.includes(legId) && s.order !== null);
  const keyed = legs.map((leg) => {
    const stop = stopOf(leg.id);
    let key = stop?.order ?? Infinity;
    if (!stop && leg.date) {
      const before = stops.filter((s) => s.order !== null && s.date !== null && s.date <= leg.date!);
      if (before.length > 0) key = Math.max(...before.map((s) => s.order!)) + 0.5;
    }
    return { leg: { ...leg, stopOrder: stop?.order ?? null }, key };
  });
  keyed.sort((a, b) => a.key - b.key || (a.leg.date ?? '9999').localeCompare(b.leg.date ?? '9999') || a.leg.id.localeCompare(b.leg.id));
  return keyed.map((k) => k.leg);
}
