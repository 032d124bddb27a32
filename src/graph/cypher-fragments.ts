/** Cypher fragments shared by the repositories; constants only, never input. */

/** A claim that still counts: retracted claims stay for audit but support nothing established. */
export const liveClaim = (c = 'c') => `coalesce(${c}.retracted, false) = false`;
