import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { PROJECT_ROOT } from '../config';
import { resolvers } from './resolvers/index';

export const SDL_DIR = path.join(PROJECT_ROOT, 'schema', 'graphql');

/** The SDL files of schema/graphql, in name order. */
export function loadTypeDefs(): string[] {
  return readdirSync(SDL_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(SDL_DIR, f), 'utf8'));
}

export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers, inheritResolversFromInterfaces: true });
}
