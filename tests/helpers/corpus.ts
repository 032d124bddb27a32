import type { GraphDatabase } from '../../src/db/graph-database';
import type { KnowledgeSource } from '../../src/ingest/validate';
import { generateCorpus } from '../../bench/corpus-generator';
import { KnowledgeFile } from '../../src/ingest/knowledge-schema';

/** A generated corpus, its records through the input schema first, as files are read. */
export function parsedCorpus(claims: number, seed: number): KnowledgeSource[] {
  return generateCorpus({ claims, seed }).sources.map((s) => ({ ...s, data: KnowledgeFile.parse(s.data) }));
}

/** Every id the knowledge files declare. */
export function idsOf(sources: KnowledgeSource[]): string[] {
  return sources.flatMap(({ data }) =>
    [...data.entities, ...data.documents, ...data.events, ...data.facts, ...data.claims, ...data.disputes].map((r) => r.id),
  );
}

/** Removes the nodes with these ids, and their relationships. */
export async function removeCorpus(db: GraphDatabase, ids: string[]): Promise<void> {
  await db.write('MATCH (n:Node) WHERE n.id IN $ids DETACH DELETE n', { ids });
}
