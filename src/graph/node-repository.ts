import type { GraphDatabase } from '../db/graph-database';
import { liveClaim } from './cypher-fragments';
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

export interface FactRelationshipsBatch {
  relationships: Map<string, FactRelationshipRow[]>;
  counterparts: NodeRow[];
  /** Claim ids by fact id. */
  claimIds: Map<string, string[]>;
  /** The claims themselves, when asked for. */
  claims: NodeRow[];
}

export interface ClaimDocumentsBatch {
  /** Document id by claim id. */
  documentIds: Map<string, string>;
  documents: NodeRow[];
  /** By document id. */
  publisherIds: Map<string, string[]>;
  publishers: NodeRow[];
}

export interface Page<T> {
  rows: T[];
  totalCount: number;
}

/** A node as a NodeRow: its properties, a document's without its text. */
const NODE = (x: string) =>
  `CASE WHEN ${x}:Document THEN ${x} { ${DOCUMENT_KEYS_BUT_TEXT.map((k) => `.${k}`).join(', ')} } ELSE ${x} { .*, createdAt: null } END`;

/** The claims supporting or evidenced by `x`, in document order: their ids, or (`nodes`) the claims as nodes. */
const CLAIMS_OF = (x: string, nodes: boolean) =>
  `COLLECT { MATCH (c:Claim)-[:SUPPORTS|EVIDENCED_BY]->(${x}) RETURN ${nodes ? 'c { .*, createdAt: null }' : 'c.id'} ORDER BY c.start, c.id }`;

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

/** Reads nodes and their immediate links; every method is one query for a whole batch of ids. */
export class NodeRepository {
  constructor(private readonly db: GraphDatabase) {}

  async byIds(ids: readonly string[]): Promise<(NodeRow | null)[]> {
    const rows = await this.db.read<{ requested: string; node: NodeRow }>(
      `UNWIND $ids AS requested
       OPTIONAL MATCH (found:Node {id: requested})
       OPTIONAL MATCH (:Redirect {id: requested})-[:MERGED_INTO]->(kept:Node)
       WITH requested, coalesce(found, kept) AS n WHERE n IS NOT NULL
       RETURN requested, ${NODE('n')} AS node`,
      { ids },
    );
    // An id merged into another entity resolves to the kept entity.
    const byId = new Map(rows.map((r) => [r.requested, r.node]));
    return ids.map((id) => byId.get(id) ?? null);
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

  /**
   * Fact relationships touching each node, seen from that node; with the counterparts as nodes and
   * each fact's claims (as `claimIdsFor` gives them: as nodes when `claims` is set, else their ids),
   * which the next levels of an answer ask for.
   */
  async factRelationships(ids: readonly string[], options: { claims: boolean }): Promise<FactRelationshipsBatch> {
    // Two query texts, each with its own plan: the claims' properties are read only when asked for.
    const rows = await this.db.read<{ nodeId: string; rels: FactRelationshipRow[]; counterparts: NodeRow[]; claims: unknown[][] }>(
      `UNWIND $ids AS nodeId
       MATCH (x:Node {id: nodeId})
       CALL (x) {
         MATCH (f:Fact)-[:FROM]->(x), (f)-[:TO]->(other)
         RETURN f, other, 'OUTGOING' AS direction
         UNION
         MATCH (f:Fact)-[:TO]->(x), (f)-[:FROM]->(other)
         RETURN f, other, 'INCOMING' AS direction
       }
       WITH nodeId, f, other, direction ORDER BY f.type, f.id
       RETURN nodeId, collect({factId: f.id, type: f.type, direction: direction,
                               counterpartId: other.id, propertiesJson: coalesce(f.propertiesJson, '{}'),
                               established: EXISTS { (f)<-[:SUPPORTS]-(c:Claim) WHERE ${liveClaim()} }}) AS rels,
              collect(other { .*, createdAt: null }) AS counterparts,
              collect(${CLAIMS_OF('f', options.claims)}) AS claims`,
      { ids },
    );
    const claimIds = new Map<string, string[]>();
    const claims: NodeRow[] = [];
    for (const r of rows) {
      r.rels.forEach((rel, i) => {
        const ofFact = r.claims[i]!;
        if (options.claims) {
          claims.push(...(ofFact as NodeRow[]));
          claimIds.set(
            rel.factId,
            (ofFact as NodeRow[]).map((c) => c.id),
          );
        } else claimIds.set(rel.factId, ofFact as string[]);
      });
    }
    return {
      relationships: new Map(rows.map((r) => [r.nodeId, r.rels])),
      counterparts: rows.flatMap((r) => r.counterparts),
      claimIds,
      claims,
    };
  }

  /** Claims supporting each event or fact, or evidenced by each document, in document order; with the claims as nodes. */
  async claimIdsFor(ids: readonly string[]): Promise<{ claimIds: Map<string, string[]>; claims: NodeRow[] }> {
    const rows = await this.db.read<{ id: string; claims: NodeRow[] }>(
      `UNWIND $ids AS id
       MATCH (x:Node {id: id})
       RETURN id, ${CLAIMS_OF('x', true)} AS claims`,
      { ids },
    );
    return { claimIds: new Map(rows.map((r) => [r.id, r.claims.map((c) => c.id)])), claims: rows.flatMap((r) => r.claims) };
  }

  /** Each claim's document; with the documents as nodes, and (`publishers`) their publishers as nodes. */
  async claimDocuments(ids: readonly string[], options: { publishers: boolean }): Promise<ClaimDocumentsBatch> {
    // One row per document, and each publisher once however many of the documents it published.
    // Two query texts: the publishers cost a walk of each document's relationships, made only when asked for.
    const [row] = await this.db.read<{ rows: { claimIds: string[]; document: NodeRow; publisherIds: string[] }[]; publishers: NodeRow[] }>(
      `MATCH (c:Claim) WHERE c.id IN $ids
       MATCH (c)-[:EVIDENCED_BY]->(d:Document)
       WITH d, collect(c.id) AS claimIds
       WITH d, claimIds, ${options.publishers ? 'COLLECT { MATCH (d)-[:PUBLISHED_BY]->(o) RETURN o }' : '[]'} AS publishers
       WITH collect({claimIds: claimIds, document: ${NODE('d')}, publisherIds: [o IN publishers | o.id]}) AS rows,
            collect(publishers) AS publishers
       RETURN rows, COLLECT { UNWIND publishers AS ofDocument UNWIND ofDocument AS o WITH DISTINCT o RETURN ${NODE('o')} } AS publishers`,
      { ids },
    );
    const rows = row?.rows ?? [];
    return {
      documentIds: new Map(rows.flatMap((r) => r.claimIds.map((id) => [id, r.document.id] as const))),
      documents: rows.map((r) => r.document),
      publisherIds: options.publishers ? new Map(rows.map((r) => [r.document.id, r.publisherIds])) : new Map(),
      publishers: row?.publishers ?? [],
    };
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
