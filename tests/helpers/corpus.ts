import type { GraphDatabase } from '../../src/db/graph-database';
import type { KnowledgeSource } from '../../src/ingest/validate';
import { canonical } from './database';

/**
 * The part of a graph made of these ids, as sorted lines: the nodes (labels and properties, without
 * createdAt, the time of writing) and every relationship touching one (type, ends, properties).
 */
export async function corpusFingerprint(db: GraphDatabase, ids: string[]): Promise<{ nodes: string[]; relationships: string[] }> {
  const nodes = await db.read<{ labels: string[]; props: Record<string, unknown> }>(
    'MATCH (n:Node) WHERE n.id IN $ids RETURN labels(n) AS labels, properties(n) AS props',
    { ids },
  );
  const relationships = await db.read<Record<string, unknown>>(
    `MATCH (a)-[r]->(b) WHERE a.id IN $ids OR b.id IN $ids
     RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props`,
    { ids },
  );
  return {
    nodes: nodes
      .map((n) => {
        const { createdAt, ...props } = n.props;
        expect(createdAt).toBeDefined();
        return canonical({ labels: [...n.labels].sort(), props });
      })
      .sort(),
    relationships: relationships.map(canonical).sort(),
  };
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
