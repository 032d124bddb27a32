import type { GraphDatabase } from '../db/graph-database';
import { MODALITIES } from '../ingest/knowledge-schema';
import { liveClaim } from './cypher-fragments';

/**
 * Evidence: the provenance of facts, events, entities and claims, what a source said, and where
 * sources disagree. Every answer comes back from one query already shaped for the API.
 */

/** A node as evidence answers name it. */
export interface NodeRef {
  id: string;
  kind: string;
  name: string;
}

export interface OutletRef {
  id: string;
  name: string;
  orgType: string | null;
}

export interface ClaimView {
  id: string;
  quote: string;
  start: number;
  end: number;
  modality: string;
  predicate: string;
  value: string | null;
  qualifiersJson: string;
  subject: NodeRef | null;
  object: NodeRef | null;
  supports: NodeRef[];
  document: {
    id: string;
    title: string;
    byline: string | null;
    publishedOn: string | null;
    datePrecision: string;
    external: boolean;
    url: string | null;
    outlet: OutletRef;
  };
  attributedTo: { id: string; name: string; kind: string; anonymous: boolean };
  ownReporting: boolean;
  /** The claim's CITES chain, first hop first, each with the outlet it stands for. */
  relayChain: { id: string; kind: string; name: string; outlet: OutletRef }[];
  /** Where the chain ends: a cited document's publisher, a cited body, or the outlet itself. */
  origin: NodeRef;
}

export type ModalityCounts = Record<(typeof MODALITIES)[number], number>;

/** An origin and the claims that go back to it, however many outlets relayed them. */
export interface OriginView {
  origin: NodeRef;
  claimCount: number;
  modalities: string[];
  modalityCounts: ModalityCounts;
  /** Those of its claims that are among the claims shown. */
  claims: ClaimView[];
}

export interface ClaimSetSummary {
  totalClaims: number;
  claims: ClaimView[];
  reportedBy: OutletRef[];
  relayRoutes: { outlet: OutletRef; via: OutletRef[]; origin: NodeRef; claimCount: number }[];
  independentOrigins: {
    count: number;
    origins: OriginView[];
  };
  modalityCounts: ModalityCounts;
}

export interface ProvenanceRow extends ClaimSetSummary {
  subject: NodeRef;
}

export interface StatementsRow extends ClaimSetSummary {
  sources: NodeRef[];
  missing: string[];
}

export interface DisputeView {
  id: string;
  kind: 'Dispute';
  disputeKind: string;
  description: string;
  about: NodeRef[];
  sides: { side: number; outlets: OutletRef[]; claims: ClaimView[] }[];
}

export interface DisputePage {
  /** False when `about` named no node. */
  aboutFound: boolean;
  totalCount: number;
  rows: DisputeView[];
}

// Cypher fragments below are constants composed with constant variable names, never with input.

/** A node's reference; a fact is named "from TYPE to", a claim by its quote. */
const ref = (v: string) => `{id: ${v}.id, kind: ${v}.kind, name: CASE WHEN ${v}:Fact
  THEN coalesce(head([(${v})-[:FROM]->(refFrom) | refFrom.name]), '?') + ' ' + ${v}.type + ' ' + coalesce(head([(${v})-[:TO]->(refTo) | refTo.name]), '?')
  ELSE coalesce(${v}.name, ${v}.title, ${v}.label, ${v}.quote, ${v}.description, ${v}.id) END}`;

const outletOf = (v: string) => `${v} {.id, .name, orgType: ${v}.orgType}`;

/** The outlet a relay hop stands for: a document's publisher, or the body itself. */
const hopOutlet = (v: string) => `CASE WHEN ${v}:Document THEN head([(${v})-[:PUBLISHED_BY]->(p) | p]) ELSE ${v} END`;

/**
 * For a claim `c`: its document `d`, outlet, upstream relay nodes (longest CITES chain, first hop
 * first) and origin (the end of that chain, a document standing for its publisher; else the outlet).
 */
const CLAIM_ROUTE = `
  CALL (c) {
    MATCH (c)-[:EVIDENCED_BY]->(d:Document)-[:PUBLISHED_BY]->(outlet)
    WITH c, d, outlet, COLLECT {
      MATCH chain = (c)-[:CITES*1..6]->(root) WHERE NOT (root)-[:CITES]->()
      RETURN tail(nodes(chain)) ORDER BY length(chain) DESC, root.id LIMIT 1
    } AS chains
    WITH d, outlet, coalesce(head(chains), []) AS upstream
    WITH d, outlet, upstream, last(upstream) AS root
    RETURN d, outlet, upstream,
           CASE WHEN root IS NULL THEN outlet
                WHEN root:Document THEN coalesce(head([(root)-[:PUBLISHED_BY]->(p) | p]), root)
                ELSE root END AS origin
    LIMIT 1
  }`;

/** The full view of a claim `c`, once CLAIM_ROUTE has bound d, outlet, upstream and origin. */
const CLAIM_VIEW = `
  CALL (c, d, outlet, upstream, origin) {
    OPTIONAL MATCH (c)-[a:ATTRIBUTED_TO]->(source)
    WITH c, d, outlet, upstream, origin, a, coalesce(source, outlet) AS source LIMIT 1
    RETURN c {
      .id, .quote, .start, .end, .predicate, .value,
      modality: toUpper(c.modality),
      qualifiersJson: coalesce(c.qualifiersJson, '{}'),
      subject: head([(c)-[:SUBJECT]->(s) | ${ref('s')}]),
      object: head([(c)-[:OBJECT]->(o) | ${ref('o')}]),
      supports: COLLECT { MATCH (c)-[:SUPPORTS]->(x) RETURN ${ref('x')} AS x ORDER BY x.id },
      document: d {
        .id, .title, .byline, .publishedOn, .url,
        datePrecision: coalesce(d.datePrecision, 'unknown'),
        external: coalesce(d.external, false),
        outlet: ${outletOf('outlet')}
      },
      attributedTo: source {.id, .name, .kind, anonymous: coalesce(source.anonymous, false)},
      ownReporting: coalesce(a.ownReporting, true),
      relayChain: [n IN upstream | {id: n.id, kind: n.kind, name: coalesce(n.title, n.name, n.id),
                                    outlet: head([o IN [${hopOutlet('n')}] | ${outletOf('o')}])}],
      origin: ${ref('origin')}
    } AS view
  }`;

/** How many of a list of (lower-case) modalities are of each kind. */
const modalityCounts = (list: string) => `{${MODALITIES.map((m) => `${m}: size([m IN ${list} WHERE m = '${m}'])`).join(', ')}}`;

/**
 * From `claims` (a list of Claim nodes) to the columns of ClaimSetSummary: every claim counted,
 * the first $first shown in full, ordered by outlet, document and position.
 */
const SUMMARY = `
  CALL (claims) {
    UNWIND claims AS c
    ${CLAIM_ROUTE}
    WITH c, d, outlet, upstream, origin ORDER BY outlet.name, d.publishedOn, d.id, c.start, c.id
    RETURN collect({c: c, d: d, outlet: outlet, upstream: upstream, origin: origin}) AS rows
  }
  CALL (rows) {
    UNWIND range(0, size(rows[0..$first]) - 1) AS i
    WITH i, rows[i] AS r
    WITH i, r.c AS c, r.d AS d, r.outlet AS outlet, r.upstream AS upstream, r.origin AS origin
    ${CLAIM_VIEW}
    WITH i, view ORDER BY i
    RETURN collect(view) AS views
  }
  CALL (rows) {
    UNWIND rows AS r
    WITH DISTINCT r.outlet AS o ORDER BY o.name
    RETURN collect(${outletOf('o')}) AS reportedBy
  }
  CALL (rows) {
    UNWIND rows AS r
    WITH r.outlet AS outlet, [n IN r.upstream | ${hopOutlet('n')}] AS via, r.origin AS origin, count(*) AS claimCount
    ORDER BY outlet.name, size(via), claimCount DESC
    RETURN collect({outlet: ${outletOf('outlet')}, via: [o IN via | ${outletOf('o')}], origin: ${ref('origin')},
                    claimCount: claimCount}) AS relayRoutes
  }
  CALL (rows, views) {
    UNWIND rows AS r
    WITH r.origin AS origin, collect(r.c) AS cs
    WITH origin, cs, [c IN cs | c.id] AS ids,
         reduce(ms = [], m IN [c IN cs | toUpper(c.modality)] | CASE WHEN m IN ms THEN ms ELSE ms + m END) AS modalities
    ORDER BY size(cs) DESC, origin.name
    RETURN collect({origin: ${ref('origin')}, claimCount: size(cs), modalities: modalities,
                    modalityCounts: ${modalityCounts('[c IN cs | c.modality]')},
                    claims: [v IN views WHERE v.id IN ids]}) AS origins
  }
  WITH *, [r IN rows | r.c.modality] AS modalities`;

const SUMMARY_COLUMNS = `
  size(rows) AS totalClaims, views AS claims, reportedBy, relayRoutes,
  {count: size(origins), origins: origins} AS independentOrigins,
  ${modalityCounts('modalities')} AS modalityCounts`;

/** A `dispute` in full: what it is about, and each side's standing claims with their outlets. */
const DISPUTE_VIEW = `
  CALL (dispute) {
    UNWIND [0, 1] AS side
    CALL (dispute, side) {
      MATCH (c:Claim)-[s:IN_DISPUTE]->(dispute) WHERE s.side = side AND ${liveClaim('c')}
      ${CLAIM_ROUTE}
      ${CLAIM_VIEW}
      WITH view, outlet ORDER BY outlet.name, d.id, c.start, c.id
      RETURN collect(view) AS claims, collect(DISTINCT ${outletOf('outlet')}) AS outlets
    }
    WITH side, claims, outlets ORDER BY side
    RETURN collect({side: side, outlets: outlets, claims: claims}) AS sides
  }
  WITH dispute, sides
  RETURN dispute {
    .id, .description, kind: 'Dispute', disputeKind: dispute.disputeKind,
    about: COLLECT { MATCH (dispute)-[:ABOUT]->(y) RETURN ${ref('y')} AS y ORDER BY y.id },
    sides: sides
  } AS view`;

/** A dispute stands while each side keeps a claim that has not been retracted. */
const STANDING = (d: string) =>
  `all(side IN [0, 1] WHERE EXISTS { MATCH (c:Claim)-[s:IN_DISPUTE]->(${d}) WHERE s.side = side AND ${liveClaim('c')} })`;

/** Relationships that make someone speak for a body: its spokespeople, members and parts. */
const SPEAKS_FOR = 'SPOKESPERSON_FOR|MEMBER_OF|PART_OF';

export const MAX_PROVENANCE_CLAIMS = 200;

export class EvidenceRepository {
  constructor(private readonly db: GraphDatabase) {}

  /**
   * Provenance of a node in one query. Events and facts: the claims that support them. Entities:
   * claims about them (subject or object) and claims supporting the facts and events they take
   * part in. Documents: their claims. Disputes: the claims in dispute. Claims: the claim itself.
   * Null when no node has the id.
   */
  async provenanceOf(id: string, first: number): Promise<ProvenanceRow | null> {
    const [row] = await this.db.read<ProvenanceRow>(
      `MATCH (x:Node {id: $id})
       WITH x, COLLECT {
         MATCH (c:Claim)-[:SUPPORTS]->(x) RETURN c
         UNION
         MATCH (c:Claim)-[:SUBJECT|OBJECT]->(x:Entity) RETURN c
         UNION
         MATCH (c:Claim)-[:SUPPORTS]->(:Fact)-[:FROM|TO]->(x:Entity) RETURN c
         UNION
         MATCH (c:Claim)-[:SUPPORTS]->(:Event)<-[:PARTICIPATED_IN]-(x:Entity) RETURN c
         UNION
         MATCH (c:Claim)-[:EVIDENCED_BY]->(x:Document) RETURN c
         UNION
         MATCH (c:Claim)-[:IN_DISPUTE]->(x:Dispute) RETURN c
         UNION
         UNWIND [x] AS c WITH c WHERE c:Claim RETURN c
       } AS found
       WITH x, [c IN found WHERE ${liveClaim('c')}] AS claims
       ${SUMMARY}
       RETURN ${ref('x')} AS subject, ${SUMMARY_COLUMNS}`,
      { id, first },
    );
    return row ?? null;
  }

  /**
   * What the given bodies said: claims attributed to them or to anyone speaking for them
   * (spokespeople, members, parts), and claims relaying a report they published.
   * `missing` lists the ids that name no node.
   */
  async statementsBy(sourceIds: string[], first: number): Promise<StatementsRow> {
    const [row] = await this.db.read<StatementsRow>(
      `OPTIONAL MATCH (asked:Node) WHERE asked.id IN $sourceIds
       WITH collect(asked) AS asked
       WITH asked, [id IN $sourceIds WHERE NOT id IN [a IN asked | a.id]] AS missing,
            COLLECT {
              UNWIND asked AS a
              MATCH (p)-[:${SPEAKS_FOR}*1..3]->(a) WHERE NOT p IN asked
              RETURN DISTINCT p ORDER BY p.name
            } AS speakers
       WITH missing, asked + speakers AS sources
       WITH missing, sources, COLLECT {
         MATCH (c:Claim)-[:ATTRIBUTED_TO]->(s) WHERE s IN sources RETURN c
         UNION
         MATCH (c:Claim)-[:CITES]->(s) WHERE s IN sources RETURN c
         UNION
         MATCH (c:Claim)-[:CITES]->(:Document)-[:PUBLISHED_BY]->(s) WHERE s IN sources RETURN c
       } AS found
       WITH missing, sources, [c IN found WHERE ${liveClaim('c')}] AS claims
       ${SUMMARY}
       RETURN missing, [s IN sources | ${ref('s')}] AS sources, ${SUMMARY_COLUMNS}`,
      { sourceIds, first },
    );
    return row!;
  }

  /**
   * Standing disputes, by kind then id; `about` an entity, event or fact also finds disputes about
   * the events it took part in or that are part of it, and about the facts it is an end of.
   */
  async disputes(options: { about: string | null; kind: string | null; offset: number; limit: number }): Promise<DisputePage> {
    const [row] = await this.db.read<DisputePage>(
      `OPTIONAL MATCH (target:Node {id: $about})
       WITH target, COLLECT {
         MATCH (dispute:Dispute)
         WHERE ($kind IS NULL OR dispute.disputeKind = $kind) AND ${STANDING('dispute')}
           AND ($about IS NULL OR EXISTS {
             MATCH (dispute)-[:ABOUT]->(y)
             WHERE y = target
                OR (y:Event AND (EXISTS { (target)-[:PARTICIPATED_IN]->(y) } OR EXISTS { (y)-[:PART_OF*1..4]->(target) }))
                OR (y:Fact AND EXISTS { (y)-[:FROM|TO]->(target) })
           })
         RETURN dispute ORDER BY dispute.disputeKind, dispute.id
       } AS matched
       WITH target, size(matched) AS totalCount, matched[$offset..$offset + $limit] AS page
       CALL (page) {
         UNWIND range(0, size(page) - 1) AS i
         WITH i, page[i] AS dispute
         CALL (dispute) { ${DISPUTE_VIEW} }
         WITH i, view ORDER BY i
         RETURN collect(view) AS rows
       }
       RETURN target IS NOT NULL AS aboutFound, totalCount, rows`,
      { about: options.about, kind: options.kind, offset: options.offset, limit: options.limit },
    );
    return row!;
  }

  /** Standing disputes about each event or fact (directly), by id. */
  async disputesAbout(ids: readonly string[]): Promise<Map<string, DisputeView[]>> {
    const rows = await this.db.read<{ id: string; disputes: DisputeView[] }>(
      `UNWIND $ids AS id
       CALL (id) {
         MATCH (dispute:Dispute)-[:ABOUT]->(:Node {id: id}) WHERE ${STANDING('dispute')}
         CALL (dispute) { ${DISPUTE_VIEW} }
         WITH view ORDER BY view.disputeKind, view.id
         RETURN collect(view) AS disputes
       }
       RETURN id, disputes`,
      { ids },
    );
    return new Map(rows.map((r) => [r.id, r.disputes]));
  }

  /** Full views of disputes by their ids. */
  async disputeViews(ids: readonly string[]): Promise<Map<string, DisputeView>> {
    const rows = await this.db.read<{ view: DisputeView }>(
      `MATCH (dispute:Dispute) WHERE dispute.id IN $ids
       CALL (dispute) { ${DISPUTE_VIEW} }
       RETURN view`,
      { ids },
    );
    return new Map(rows.map((r) => [r.view.id, r.view]));
  }

  /** Ids of the standing claims each claim contradicts, either way round. */
  async contradictingClaimIds(ids: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.db.read<{ id: string; claimIds: string[] }>(
      `MATCH (c:Claim) WHERE c.id IN $ids
       RETURN c.id AS id,
              COLLECT { MATCH (c)-[:CONTRADICTS]-(o:Claim) WHERE ${liveClaim('o')} RETURN DISTINCT o.id AS oid ORDER BY oid } AS claimIds`,
      { ids },
    );
    return new Map(rows.map((r) => [r.id, r.claimIds]));
  }
}

/**
 * The independent origins counting only claims of the given modalities (all when none are
 * given): `[REPORTED, ALLEGED]` leaves out an origin that only expected or denied it.
 */
export function originsOfModalities(
  origins: OriginView[],
  modalities: readonly string[] | null | undefined,
): { count: number; origins: OriginView[] } {
  if (!modalities || modalities.length === 0) return { count: origins.length, origins };
  const wanted = new Set(modalities.map((m) => m.toLowerCase()));
  const kept = origins
    .map((o) => ({
      ...o,
      claimCount: Object.entries(o.modalityCounts).reduce((sum, [m, n]) => sum + (wanted.has(m) ? n : 0), 0),
      modalities: o.modalities.filter((m) => wanted.has(m.toLowerCase())),
      modalityCounts: Object.fromEntries(Object.entries(o.modalityCounts).map(([m, n]) => [m, wanted.has(m) ? n : 0])) as ModalityCounts,
      claims: o.claims.filter((c) => wanted.has(c.modality.toLowerCase())),
    }))
    .filter((o) => o.claimCount > 0);
  return { count: kept.length, origins: kept };
}
