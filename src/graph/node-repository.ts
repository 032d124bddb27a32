import type { GraphDatabase } from '../db/graph-database';
import { liveClaim } from './cypher-fragments';

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
  documentId: string;
  attributedToId: string | null;
  ownReporting: boolean;
  citesId: string | null;
  supportIds: string[];
}

export interface Page<T> {
  rows: T[];
  totalCount: number;
}

const ENTITY_SORT_KEYS = { NAME: 'name', ID: 'id' } as const;
export type EntitySort = keyof typeof ENTITY_SORT_KEYS;

export interface EntityFilter {
  orgType?: string | null;
  placeType?: string | null;
  locatedIn?: string | null;
  nameContains?: string | null;
  anonymous?: boolean | null;
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
       RETURN requested, n { .*, createdAt: null } AS node`,
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
      `MATCH (n:Entity)
       WHERE ($f.kind IS NULL OR n.kind = $f.kind)
         AND ($f.orgType IS NULL OR n.orgType = $f.orgType)
         AND ($f.placeType IS NULL OR n.placeType = $f.placeType)
         AND ($f.anonymous IS NULL OR coalesce(n.anonymous, false) = $f.anonymous)
         AND ($f.nameContains IS NULL OR toLower(n.name) CONTAINS toLower($f.nameContains)
              OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS toLower($f.nameContains)))
         AND ($f.locatedIn IS NULL OR EXISTS { (n)-[:LOCATED_IN*1..8]->(:Node {id: $f.locatedIn}) })
       WITH n ORDER BY n.${key}, n.id
       WITH collect(n { .*, createdAt: null }) AS items
       RETURN size(items) AS totalCount, items[$offset..$offset + $limit] AS rows`,
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
       WITH collect(d { .*, createdAt: null }) AS items
       RETURN size(items) AS totalCount, items[$offset..$offset + $limit] AS rows`,
      { offset: options.offset, limit: options.limit },
    );
    return { rows: row?.rows ?? [], totalCount: row?.totalCount ?? 0 };
  }

  /** Fact relationships touching each node, seen from that node. */
  async factRelationships(ids: readonly string[]): Promise<Map<string, FactRelationshipRow[]>> {
    const rows = await this.db.read<{ nodeId: string; rels: FactRelationshipRow[] }>(
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
                               established: EXISTS { (f)<-[:SUPPORTS]-(c:Claim) WHERE ${liveClaim()} }}) AS rels`,
      { ids },
    );
    return new Map(rows.map((r) => [r.nodeId, r.rels]));
  }

  /** Claims supporting each event or fact, or evidenced by each document, in document order. */
  async claimIdsFor(ids: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.db.read<{ id: string; claimIds: string[] }>(
      `UNWIND $ids AS id
       MATCH (x:Node {id: id})
       CALL (x) {
         MATCH (c:Claim)-[:SUPPORTS|EVIDENCED_BY]->(x)
         RETURN c ORDER BY c.start, c.id
       }
       RETURN id, collect(c.id) AS claimIds`,
      { ids },
    );
    return new Map(rows.map((r) => [r.id, r.claimIds]));
  }

  async claimLinks(ids: readonly string[]): Promise<Map<string, ClaimLinksRow>> {
    const rows = await this.db.read<ClaimLinksRow>(
      `MATCH (c:Claim) WHERE c.id IN $ids
       MATCH (c)-[:EVIDENCED_BY]->(d:Document)
       OPTIONAL MATCH (c)-[a:ATTRIBUTED_TO]->(source)
       OPTIONAL MATCH (c)-[:CITES]->(upstream)
       RETURN c.id AS id, d.id AS documentId, source.id AS attributedToId,
              coalesce(a.ownReporting, true) AS ownReporting, upstream.id AS citesId,
              COLLECT { MATCH (c)-[:SUPPORTS]->(s) RETURN s.id ORDER BY s.id } AS supportIds`,
      { ids },
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** For events: the place and the participants; for documents: publisher, authors, cited sources; for places: ancestors. */
  async links(ids: readonly string[]): Promise<Map<string, NodeLinksRow>> {
    const rows = await this.db.read<NodeLinksRow>(
      `MATCH (x:Node) WHERE x.id IN $ids
       RETURN x.id AS id,
              COLLECT { MATCH (x)-[:OCCURRED_IN]->(p) RETURN p.id } AS placeIds,
              COLLECT { MATCH (e)-[r:PARTICIPATED_IN]->(x) RETURN {role: r.role, entityId: e.id} ORDER BY r.role, e.id } AS participants,
              COLLECT { MATCH (x)-[:PUBLISHED_BY]->(o) RETURN o.id } AS publisherIds,
              COLLECT { MATCH (x)-[:WRITTEN_BY]->(a) RETURN a.id ORDER BY a.id } AS authorIds,
              COLLECT { MATCH (x)-[:CITES]->(c) RETURN c.id ORDER BY c.id } AS citeIds,
              COLLECT { MATCH path = (x)-[:LOCATED_IN*1..8]->(a) RETURN a.id ORDER BY length(path) } AS ancestorIds,
              COLLECT { MATCH (x)-[:FROM]->(a) RETURN a.id } AS fromIds,
              COLLECT { MATCH (x)-[:TO]->(b) RETURN b.id } AS toIds`,
      { ids },
    );
    return new Map(rows.map((r) => [r.id, r]));
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
