import type { GraphDatabase } from '../db/graph-database';
import { supportedByLiveClaim } from './cypher-fragments';
import { DOCUMENT_KEYS_BUT_TEXT } from './knowledge-writer';

/** A node's properties as stored, with `kind` naming its type. */
export interface NodeRow {
  id: string;
  kind: string;
  [property: string]: unknown;
}

export interface FactRelationshipRow {
  factId: string;
  type: string;
  direction: 'OUTGOING' | 'INCOMING';
  counterpartId: string;
  propertiesJson: string;
  /** False when every claim supporting the fact has been retracted. */
  established: boolean;
}

export interface ClaimLinksRow {
  id: string;
  attributedToId: string | null;
  ownReporting: boolean;
  citesId: string | null;
  supportIds: string[];
}

/** How far below a list of claims a query reads: the claims, their documents, and the documents' publishers. */
export type ClaimDepth = 'claims' | 'documents' | 'publishers';
export const CLAIM_DEPTHS: readonly ClaimDepth[] = ['claims', 'documents', 'publishers'];
/** The same below a claim's document: the document, or its publishers too. */
export type DocumentDepth = Exclude<ClaimDepth, 'claims'>;
export const DOCUMENT_DEPTHS: readonly DocumentDepth[] = ['documents', 'publishers'];
/** The same for fact relationships, which may also be read without their claims. */
export type RelationshipDepth = ClaimDepth | 'none';
export const RELATIONSHIP_DEPTHS: readonly RelationshipDepth[] = ['none', ...CLAIM_DEPTHS];

/** What a lookup reads beside the nodes asked for: the levels of the answer below them. */
export interface Include {
  /** The nodes' fact relationships, and how far below their claims. */
  relationships?: RelationshipDepth;
  /** The claims of events, facts or documents, and how far below them. */
  claims?: ClaimDepth;
  /** A page of the nodes' fact relationships (see `NodeRepository.relationshipPages`). */
  relationshipPage?: RelationshipPageRequest;
}

/** A page of fact relationships: which, where, and how far below them to read. */
export interface RelationshipPageRequest {
  filter: RelationshipFilter;
  page: { offset: number; limit: number };
  depth: RelationshipDepth;
}

/** What a query read beside what it was asked for, so that the next levels of an answer find it loaded. */
export interface Found {
  /** Every node read. */
  nodes: NodeRow[];
  /** Fact relationships by node id, with how far below them was read. */
  relationships: Map<string, { rows: FactRelationshipRow[]; depth: RelationshipDepth }>;
  /** Pages of fact relationships by node id, with what each page was asked as. */
  pages: Map<string, { request: RelationshipPageRequest; page: Page<FactRelationshipRow> }>;
  /** Claim ids by the event, fact or document they belong to, with how far below them was read. */
  claims: Map<string, { ids: string[]; depth: ClaimDepth }>;
  /** Document id by claim id. */
  documentIds: Map<string, string>;
  /** Publisher ids by document id, for the documents read with them. */
  publisherIds: Map<string, string[]>;
}

const nothingFound = (): Found => ({
  nodes: [],
  relationships: new Map(),
  pages: new Map(),
  claims: new Map(),
  documentIds: new Map(),
  publisherIds: new Map(),
});

/** A claim as `CLAIMS_OF` reads it. */
interface RawClaim {
  node: NodeRow;
  documents: { node: NodeRow; publishers: NodeRow[] | null }[] | null;
}

/** A fact relationship as `RELATIONSHIP` reads it. */
interface RawRelationship extends FactRelationshipRow {
  counterpart: NodeRow;
  claims: RawClaim[] | null;
}

/** Adds claims read by `CLAIMS_OF` to `found`, as those of `ownerId`. */
function foundClaims(found: Found, ownerId: string, claims: RawClaim[], depth: ClaimDepth): void {
  found.claims.set(ownerId, { ids: claims.map((c) => c.node.id), depth });
  for (const claim of claims) {
    found.nodes.push(claim.node);
    for (const document of claim.documents ?? []) {
      found.documentIds.set(claim.node.id, document.node.id);
      found.nodes.push(document.node);
      if (document.publishers) {
        found.publisherIds.set(
          document.node.id,
          document.publishers.map((p) => p.id),
        );
        found.nodes.push(...document.publishers);
      }
    }
  }
}

/** Relationships read by `FACT_RELATIONSHIPS` or `RELATIONSHIP_PAGE` as rows; what came with them goes to `found`. */
function relationshipRows(found: Found, raw: RawRelationship[], depth: RelationshipDepth): FactRelationshipRow[] {
  return raw.map(({ counterpart, claims, ...row }) => {
    found.nodes.push(counterpart);
    if (depth !== 'none') foundClaims(found, row.factId, claims ?? [], depth);
    return row;
  });
}

/** Adds relationships read by `FACT_RELATIONSHIPS` to `found`, as those of `nodeId`, read to `depth`. */
function foundRelationships(found: Found, nodeId: string, raw: RawRelationship[], depth: RelationshipDepth): void {
  found.relationships.set(nodeId, { rows: relationshipRows(found, raw, depth), depth });
}

/** Adds a page read by `RELATIONSHIP_PAGE` to `found`, as that of `nodeId`. */
function foundPage(
  found: Found,
  nodeId: string,
  request: RelationshipPageRequest,
  raw: { totalCount: number; relationships: RawRelationship[] },
): void {
  found.pages.set(nodeId, {
    request,
    page: { rows: relationshipRows(found, raw.relationships, request.depth), totalCount: raw.totalCount },
  });
}

/** Which of a node's fact relationships a page is taken from. */
export interface RelationshipFilter {
  types: string[] | null;
  direction: 'OUTGOING' | 'INCOMING' | null;
  includeRetracted: boolean;
}

export interface Page<T> {
  rows: T[];
  totalCount: number;
}

/** A node as a NodeRow: its properties, a document's without its text. */
const NODE = (x: string) =>
  `CASE WHEN ${x}:Document THEN ${x} { ${DOCUMENT_KEYS_BUT_TEXT.map((k) => `.${k}`).join(', ')} } ELSE ${x} { .*, createdAt: null } END`;

/**
 * The claims supporting or evidenced by `x`, in document order, each as a `RawClaim`: with its documents
 * when `depth` reaches them, and their publishers when it reaches those.
 */
const CLAIMS_OF = (x: string, depth: ClaimDepth) => {
  const publishers = depth === 'publishers' ? `COLLECT { MATCH (d)-[:PUBLISHED_BY]->(o) RETURN ${NODE('o')} }` : 'null';
  const documents =
    depth === 'claims'
      ? 'null'
      : `COLLECT { MATCH (c)-[:EVIDENCED_BY]->(d:Document) RETURN {node: ${NODE('d')}, publishers: ${publishers}} }`;
  return `COLLECT { MATCH (c:Claim)-[:SUPPORTS|EVIDENCED_BY]->(${x}) WITH c ORDER BY c.start, c.id
    RETURN {node: c { .*, createdAt: null }, documents: ${documents}} }`;
};

/** `f`'s fact relationship with `other` as a `RawRelationship`, its claims read to `depth`. */
const RELATIONSHIP = (depth: RelationshipDepth, established: string) =>
  `{factId: f.id, type: f.type, direction: direction, counterpartId: other.id, propertiesJson: coalesce(f.propertiesJson, '{}'),
    established: ${established}, counterpart: other { .*, createdAt: null }, claims: ${depth === 'none' ? 'null' : CLAIMS_OF('f', depth)}}`;

/** Whether fact `f` has a claim that is not retracted. */
const ESTABLISHED_FACT = supportedByLiveClaim('f');

/** Facts `f` with `x` at one end, the `other` end, and the `direction` seen from `x`. */
const FACTS_TOUCHING = (x: string) => `
  CALL (${x}) {
    MATCH (f:Fact)-[:FROM]->(${x}), (f)-[:TO]->(other)
    RETURN f, other, 'OUTGOING' AS direction
    UNION
    MATCH (f:Fact)-[:TO]->(${x}), (f)-[:FROM]->(other)
    RETURN f, other, 'INCOMING' AS direction
  }`;

/** Fact relationships touching `x`, seen from it, by type and fact id, as `RawRelationship`s with claims read to `depth`. */
const FACT_RELATIONSHIPS = (x: string, depth: RelationshipDepth) => `COLLECT {
  ${FACTS_TOUCHING(x)}
  WITH f, other, direction ORDER BY f.type, f.id
  RETURN ${RELATIONSHIP(depth, ESTABLISHED_FACT)}
}`;

/**
 * A page (`$offset`, `$limit`) of `x`'s fact relationships that pass `$filter`, in the same order:
 * binds `pageTotal` and `pageRelationships`. Counterparts and claims are read for the page only.
 */
const RELATIONSHIP_PAGE = (x: string, depth: RelationshipDepth) => `
  CALL (${x}) {
    ${FACTS_TOUCHING(x)}
    WITH f, other, direction
    WHERE ($filter.types IS NULL OR f.type IN $filter.types) AND ($filter.direction IS NULL OR direction = $filter.direction)
    WITH f, other, direction, ${ESTABLISHED_FACT} AS established
    WHERE established OR $filter.includeRetracted
    WITH f, other, direction, established ORDER BY f.type, f.id
    WITH collect({f: f, other: other, direction: direction, established: established}) AS matching
    RETURN size(matching) AS pageTotal, matching[$offset..$offset + $limit] AS page
  }
  CALL (page) {
    UNWIND page AS p
    WITH p.f AS f, p.other AS other, p.direction AS direction, p.established AS established
    RETURN collect(${RELATIONSHIP(depth, 'established')}) AS pageRelationships
  }`;

/** `x`'s links as a NodeLinksRow. */
const LINKS = (x: string) => `{
  id: ${x}.id,
  placeIds: COLLECT { MATCH (${x})-[:OCCURRED_IN]->(place) RETURN place.id },
  participants: COLLECT { MATCH (participant)-[participation:PARTICIPATED_IN]->(${x}) RETURN {role: participation.role, entityId: participant.id} ORDER BY participation.role, participant.id },
  publisherIds: COLLECT { MATCH (${x})-[:PUBLISHED_BY]->(publisher) RETURN publisher.id },
  authorIds: COLLECT { MATCH (${x})-[:WRITTEN_BY]->(author) RETURN author.id ORDER BY author.id },
  citeIds: COLLECT { MATCH (${x})-[:CITES]->(cited) RETURN cited.id ORDER BY cited.id },
  ancestorIds: COLLECT { MATCH path = (${x})-[:LOCATED_IN*1..8]->(ancestor) RETURN ancestor.id ORDER BY length(path) },
  fromIds: COLLECT { MATCH (${x})-[:FROM]->(factFrom) RETURN factFrom.id },
  toIds: COLLECT { MATCH (${x})-[:TO]->(factTo) RETURN factTo.id }
}`;

const ENTITY_SORT_KEYS = { NAME: 'name', ID: 'id' } as const;
export type EntitySort = keyof typeof ENTITY_SORT_KEYS;

export interface EntityFilter {
  orgType?: string | null;
  placeType?: string | null;
  locatedIn?: string | null;
  nameContains?: string | null;
  anonymous?: boolean | null;
}

/**
 * Where a filtered list of entities starts: an index on the most selective filter given. The filter
 * is applied in full afterwards; one text per combination of filters, so each keeps its own plan.
 */
function entitiesFrom(filter: EntityFilter, kind: string | undefined): string {
  if (filter.orgType != null) return `MATCH (n:Organization:Entity) WHERE n.orgType = $f.orgType`;
  if (filter.placeType != null) return `MATCH (n:Place:Entity) WHERE n.placeType = $f.placeType`;
  if (kind !== undefined) return `MATCH (n:Entity) WHERE n.kind = $f.kind`;
  return `MATCH (n:Entity)`;
}

/** Reads nodes, their links and the levels below them an answer asks for; every method is one query for a whole batch of ids. */
export class NodeRepository {
  constructor(private readonly db: GraphDatabase) {}

  async byIds(ids: readonly string[]): Promise<(NodeRow | null)[]> {
    return (await this.lookup(ids, {})).nodes;
  }

  /**
   * Nodes by id, in the order asked (null for an unknown id; a merged-away id gives the entity it was
   * merged into), with what `include` names below them, all in one query: one text per `include`, each
   * with its own plan.
   */
  async lookup(ids: readonly string[], include: Include): Promise<{ nodes: (NodeRow | null)[]; found: Found }> {
    const paged = include.relationshipPage;
    const rows = await this.db.read<{
      requested: string;
      node: NodeRow;
      relationships: RawRelationship[] | null;
      claims: RawClaim[] | null;
      page: { totalCount: number; relationships: RawRelationship[] } | null;
    }>(
      `UNWIND $ids AS requested
       OPTIONAL MATCH (found:Node {id: requested})
       OPTIONAL MATCH (:Redirect {id: requested})-[:MERGED_INTO]->(kept:Node)
       WITH requested, coalesce(found, kept) AS n WHERE n IS NOT NULL
       ${paged ? RELATIONSHIP_PAGE('n', paged.depth) : ''}
       RETURN requested, ${NODE('n')} AS node,
              ${include.relationships ? FACT_RELATIONSHIPS('n', include.relationships) : 'null'} AS relationships,
              ${include.claims ? CLAIMS_OF('n', include.claims) : 'null'} AS claims,
              ${paged ? '{totalCount: pageTotal, relationships: pageRelationships}' : 'null'} AS page`,
      paged ? { ids, filter: paged.filter, offset: paged.page.offset, limit: paged.page.limit } : { ids },
    );
    const found = nothingFound();
    for (const r of rows) {
      if (r.relationships) foundRelationships(found, r.node.id, r.relationships, include.relationships!);
      if (r.claims) foundClaims(found, r.node.id, r.claims, include.claims!);
      if (r.page) foundPage(found, r.node.id, paged!, r.page);
    }
    const byId = new Map(rows.map((r) => [r.requested, r.node]));
    return { nodes: ids.map((id) => byId.get(id) ?? null), found };
  }

  async entities(options: {
    kind?: string;
    filter?: EntityFilter;
    offset: number;
    limit: number;
    sort: EntitySort;
  }): Promise<Page<NodeRow>> {
    // The sort key comes from an allow-list; everything else is a parameter.
    const key = ENTITY_SORT_KEYS[options.sort];
    const f = options.filter ?? {};
    const [row] = await this.db.read<{ totalCount: number; rows: NodeRow[] }>(
      `${entitiesFrom(f, options.kind)}
       WITH n
       WHERE ($f.kind IS NULL OR n.kind = $f.kind)
         AND ($f.orgType IS NULL OR n.orgType = $f.orgType)
         AND ($f.placeType IS NULL OR n.placeType = $f.placeType)
         AND ($f.anonymous IS NULL OR coalesce(n.anonymous, false) = $f.anonymous)
         AND ($f.nameContains IS NULL OR toLower(n.name) CONTAINS toLower($f.nameContains)
              OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS toLower($f.nameContains)))
         AND ($f.locatedIn IS NULL OR EXISTS { (n)-[:LOCATED_IN*1..8]->(:Node {id: $f.locatedIn}) })
       WITH n ORDER BY n.${key}, n.id
       WITH collect(n) AS items
       RETURN size(items) AS totalCount, [n IN items[$offset..$offset + $limit] | n { .*, createdAt: null }] AS rows`,
      {
        // One map parameter: Neo4j plans a query anew for each mix of null and non-null top-level parameters.
        f: {
          kind: options.kind ?? null,
          orgType: f.orgType ?? null,
          placeType: f.placeType ?? null,
          anonymous: f.anonymous ?? null,
          nameContains: f.nameContains ?? null,
          locatedIn: f.locatedIn ?? null,
        },
        offset: options.offset,
        limit: options.limit,
      },
    );
    return { rows: row?.rows ?? [], totalCount: row?.totalCount ?? 0 };
  }

  async documents(options: { offset: number; limit: number }): Promise<Page<NodeRow>> {
    const [row] = await this.db.read<{ totalCount: number; rows: NodeRow[] }>(
      `MATCH (d:Document)
       WITH d ORDER BY d.external, d.publishedOn DESC, d.id
       WITH collect(d) AS items
       RETURN size(items) AS totalCount, [d IN items[$offset..$offset + $limit] | ${NODE('d')}] AS rows`,
      { offset: options.offset, limit: options.limit },
    );
    return { rows: row?.rows ?? [], totalCount: row?.totalCount ?? 0 };
  }

  /** Fact relationships touching each node, seen from it, with the counterparts, and the facts' claims read to `depth`. */
  async factRelationships(ids: readonly string[], depth: RelationshipDepth): Promise<Found> {
    const rows = await this.db.read<{ nodeId: string; relationships: RawRelationship[] }>(
      `UNWIND $ids AS nodeId
       MATCH (x:Node {id: nodeId})
       RETURN nodeId, ${FACT_RELATIONSHIPS('x', depth)} AS relationships`,
      { ids },
    );
    const found = nothingFound();
    for (const r of rows) foundRelationships(found, r.nodeId, r.relationships, depth);
    return found;
  }

  /** A page of each node's fact relationships passing `filter` (see `RELATIONSHIP_PAGE`), with the total count, in `found.pages`. */
  async relationshipPages(ids: readonly string[], request: RelationshipPageRequest): Promise<Found> {
    const { filter, page, depth } = request;
    const rows = await this.db.read<{ nodeId: string; totalCount: number; relationships: RawRelationship[] }>(
      `UNWIND $ids AS nodeId
       MATCH (x:Node {id: nodeId})
       ${RELATIONSHIP_PAGE('x', depth)}
       RETURN nodeId, pageTotal AS totalCount, pageRelationships AS relationships`,
      { ids, filter, offset: page.offset, limit: page.limit },
    );
    const found = nothingFound();
    for (const r of rows) foundPage(found, r.nodeId, request, r);
    return found;
  }

  /** Claims supporting each event or fact, or evidenced by each document, in document order, read to `depth`. */
  async claimsOf(ids: readonly string[], depth: ClaimDepth): Promise<Found> {
    const rows = await this.db.read<{ id: string; claims: RawClaim[] }>(
      `UNWIND $ids AS id
       MATCH (x:Node {id: id})
       RETURN id, ${CLAIMS_OF('x', depth)} AS claims`,
      { ids },
    );
    const found = nothingFound();
    for (const r of rows) foundClaims(found, r.id, r.claims, depth);
    return found;
  }

  /** Each claim's document, with the documents as nodes and, read to `publishers`, their publishers as nodes. */
  async claimDocuments(ids: readonly string[], depth: DocumentDepth): Promise<Found> {
    // One row per document, and each publisher once however many of the documents it published.
    // Two query texts: the publishers cost a walk of each document's relationships, made only when asked for.
    const [row] = await this.db.read<{ rows: { claimIds: string[]; document: NodeRow; publisherIds: string[] }[]; publishers: NodeRow[] }>(
      `MATCH (c:Claim) WHERE c.id IN $ids
       MATCH (c)-[:EVIDENCED_BY]->(d:Document)
       WITH d, collect(c.id) AS claimIds
       WITH d, claimIds, ${depth === 'publishers' ? 'COLLECT { MATCH (d)-[:PUBLISHED_BY]->(o) RETURN o }' : '[]'} AS publishers
       WITH collect({claimIds: claimIds, document: ${NODE('d')}, publisherIds: [o IN publishers | o.id]}) AS rows,
            collect(publishers) AS publishers
       RETURN rows, COLLECT { UNWIND publishers AS ofDocument UNWIND ofDocument AS o WITH DISTINCT o RETURN ${NODE('o')} } AS publishers`,
      { ids },
    );
    const found = nothingFound();
    for (const r of row?.rows ?? []) {
      found.nodes.push(r.document);
      for (const claimId of r.claimIds) found.documentIds.set(claimId, r.document.id);
      if (depth === 'publishers') found.publisherIds.set(r.document.id, r.publisherIds);
    }
    found.nodes.push(...(row?.publishers ?? []));
    return found;
  }

  /** The texts of documents (null for a report known only by its citation). */
  async documentTexts(ids: readonly string[]): Promise<Map<string, string | null>> {
    const rows = await this.db.read<{ id: string; text: string | null }>(
      'MATCH (d:Document) WHERE d.id IN $ids RETURN d.id AS id, d.text AS text',
      { ids },
    );
    return new Map(rows.map((r) => [r.id, r.text]));
  }

  /** Each claim's source, the upstream report it relays, and what it supports. */
  async claimLinks(ids: readonly string[]): Promise<Map<string, ClaimLinksRow>> {
    const rows = await this.db.read<{ links: ClaimLinksRow }>(
      `MATCH (c:Claim) WHERE c.id IN $ids
       OPTIONAL MATCH (c)-[a:ATTRIBUTED_TO]->(source)
       OPTIONAL MATCH (c)-[:CITES]->(upstream)
       RETURN {id: c.id, attributedToId: source.id, ownReporting: coalesce(a.ownReporting, true), citesId: upstream.id,
               supportIds: COLLECT { MATCH (c)-[:SUPPORTS]->(s) RETURN s.id ORDER BY s.id }} AS links`,
      { ids },
    );
    return new Map(rows.map((r) => [r.links.id, r.links]));
  }

  /** For events: the place and the participants; for documents: publisher, authors, cited sources; for places: ancestors. */
  async links(ids: readonly string[]): Promise<Map<string, NodeLinksRow>> {
    const rows = await this.db.read<{ links: NodeLinksRow }>(`MATCH (x:Node) WHERE x.id IN $ids RETURN ${LINKS('x')} AS links`, { ids });
    return new Map(rows.map((r) => [r.links.id, r.links]));
  }
}

export interface NodeLinksRow {
  id: string;
  placeIds: string[];
  participants: { role: string; entityId: string }[];
  publisherIds: string[];
  authorIds: string[];
  citeIds: string[];
  ancestorIds: string[];
  fromIds: string[];
  toIds: string[];
}
