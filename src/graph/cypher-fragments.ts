/** Cypher fragments shared by the repositories; constants only, never input. */

/** A claim that still counts: retracted claims stay for audit but support nothing established. */
export const liveClaim = (c = 'c') => `coalesce(${c}.retracted, false) = false`;

/**
 * Whether fact or event `x` is supported by a claim that is not retracted, read from the count of
 * such claims the writer keeps on it (`liveClaims`, see recountLiveClaims in knowledge-writer.ts).
 */
export const supportedByLiveClaim = (x: string) => `coalesce(${x}.liveClaims, 0) > 0`;
