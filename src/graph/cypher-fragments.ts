/** Cypher fragments shared by the repositories; constants only, never input. */

/** A claim that still counts: retracted claims stay for audit but support nothing established. */
export const liveClaim = (c = 'c') => `coalesce(${c}.retracted, false) = false`;

/**
 * Whether fact or event `x` is supported by a claim that is not retracted, read from the count of
 * such claims the writer keeps on it (`liveClaims`, see recountLiveClaims in knowledge-writer.ts).
 */
export const supportedByLiveClaim = (x: string) => `coalesce(${x}.liveClaims, 0) > 0`;

/**
 * The places a participant of event `e` was at when it happened, bound as `p` (more than one row when
 * there are several): the place of each locating fact about a participant that a live claim asserts
 * together with the event. `types` names the parameter holding LOCATING_FACT_TYPES. The search is
 * skipped for an event none of whose live claims asserts a locating fact (`placingClaims`, counted by
 * the writer with its live claims).
 */
export const locatingPlaces = (e: string, types: string) => `
  MATCH (${e})<-[:SUPPORTS]-(c:Claim)-[:SUPPORTS]->(f:Fact)-[:TO]->(p)
  WHERE coalesce(${e}.placingClaims, 1) > 0 AND f.type IN ${types} AND ${liveClaim()}
    AND EXISTS { MATCH (${e})<-[:PARTICIPATED_IN]-(participant) WHERE (f)-[:FROM]->(participant) }`;

/**
 * The ids of every place and country event `e` lies within, in id order: where it occurred, and the
 * place of each locating fact about a participant that a live claim asserts together with the event
 * (the seed's "the 20 were arrested … held in Shandong"), each with every place and country above it.
 * Needs `$locating` (LOCATING_FACT_TYPES); see locatingPlaces, whose count of placing claims the
 * writer keeps before it places the event (recountLiveClaims). The writer keeps it on the event
 * (`placedWithin`) and as one `WITHIN` relationship to each of those places, carrying the event's
 * dates (see placeEvents in knowledge-writer.ts): the timeline and the dashboards find the events of
 * a place or a country in a range of dates through an index on those relationships, and test a
 * candidate's place on the list.
 */
export const PLACED_WITHIN = (e = 'e') => `COLLECT {
    CALL (${e}) {
      MATCH (${e})-[:OCCURRED_IN]->(p) RETURN p
      UNION
      ${locatingPlaces(e, '$locating')}
      RETURN p
    }
    MATCH (p)-[:LOCATED_IN*0..8]->(x)
    RETURN DISTINCT x.id AS withinId ORDER BY withinId
  }`;
