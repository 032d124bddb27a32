import { mergeResolvers } from '@graphql-tools/merge';
import { coreResolvers } from './core';
import { evidenceResolvers } from './evidence';
import { timelineResolvers } from './timeline';
import { traversalResolvers } from './traversal';
import { writeResolvers } from './write';

/** One resolver map per domain, merged: each schema/graphql file has its module here. */
export const resolvers = mergeResolvers([coreResolvers, evidenceResolvers, traversalResolvers, timelineResolvers, writeResolvers]);
