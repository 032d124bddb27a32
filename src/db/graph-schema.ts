import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import type { GraphDatabase } from './graph-database';

export const GRAPH_SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'graph.cypher');

/** The statements of a Cypher script: `;`-terminated, `//` comment lines dropped. */
export function cypherStatements(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Creates the constraints and indexes of schema/graph.cypher (each `IF NOT EXISTS`) and waits for the indexes to come online. */
export async function applyGraphSchema(db: GraphDatabase): Promise<number> {
  const statements = cypherStatements(await readFile(GRAPH_SCHEMA_FILE, 'utf8'));
  // Schema changes cannot share a transaction with each other in Neo4j 5: one statement each.
  for (const statement of statements) await db.write(statement);
  await db.write('CALL db.awaitIndexes(300)');
  return statements.length;
}
