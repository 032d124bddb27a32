/** Cypher fragments shared by the repositories; constants only, never input. */

/** A claim that still counts: retracted claims stay for audit but support nothing established. */
export const liveClaim = (c = 'c') => `coalesce(${c}.retracted, false) = false`;

/**
 * Whether fact or event `x` is supported by a claim that is not retracted, read from the count of
 * such claims the writer keeps on it (`liveClaims`, see recountLiveClaims in knowledge-writer.ts).
 */
export const supportedByLiveClaim = (x: string) => `coalesce(${x}.liveClaims, 0) > 0`;

/**
 * The ids of the places event `e` occurred in and of every place and country they lie in, in id
 * order: what the writer keeps on the event (`occurredWithin`, see recordOccurredWithin in
 * knowledge-writer.ts), so that a filter by place or country reads one property instead of walking
 * `LOCATED_IN` up from each candidate.
 */
export const OCCURRED_WITHIN = (e = 'e') =>
  `COLLECT { MATCH (${e})-[:OCCURRED_IN]->()-[:LOCATED_IN*0..8]->(x) RETURN DISTINCT x.id AS withinId ORDER BY withinId }`;
