import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';

export const EXAMPLES_DIR = path.join(PROJECT_ROOT, 'examples');

export interface ExampleOperation {
  file: string;
  query: string;
}

/** The example operations of examples/*.graphql, in file-name order (numbered by analyst question). */
export function exampleOperations(dir = EXAMPLES_DIR): ExampleOperation[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((file) => ({ file, query: readFileSync(path.join(dir, file), 'utf8') }));
}
