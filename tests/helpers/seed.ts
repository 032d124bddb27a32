import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { SEED_DIR } from '../../src/ingest/load';

/** The seed as written in YAML, read independently of the loader, so tests can compare the graph with it. */
export interface SeedRecord {
  id: string;
  name?: string;
}
export interface SeedDocument extends SeedRecord {
  title: string;
  textFile?: string;
  publisher: string;
  publishedOn?: string | null;
}
export interface SeedEvent extends SeedRecord {
  type: string;
  date?: string | null;
}
export interface SeedClaim extends SeedRecord {
  document?: string;
  quote: string;
  supports?: string[];
}
export interface SeedFile {
  file: string;
  documents: SeedDocument[];
  entities: SeedRecord[];
  events: SeedEvent[];
  facts: SeedRecord[];
  claims: SeedClaim[];
  disputes: SeedRecord[];
}

export async function readSeed(): Promise<SeedFile[]> {
  const names = (await readdir(SEED_DIR)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(SEED_DIR, name);
      const data = (parse(await readFile(file, 'utf8')) ?? {}) as Partial<SeedFile>;
      return {
        file,
        documents: data.documents ?? [],
        entities: data.entities ?? [],
        events: data.events ?? [],
        facts: data.facts ?? [],
        claims: data.claims ?? [],
        disputes: data.disputes ?? [],
      };
    }),
  );
}

/** How many times each value occurs, as a plain object. */
export function tally(values: (string | number)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** Claims per publishing outlet, by outlet name, as the seed files declare them. */
export function claimsPerOutlet(seed: SeedFile[]): Record<string, number> {
  const names = new Map(seed.flatMap((f) => f.entities).map((e) => [e.id, e.name ?? e.id]));
  const publisherOf = new Map(seed.flatMap((f) => f.documents).map((d) => [d.id, d.publisher]));
  return tally(
    seed.flatMap((f) => {
      const text = f.documents.filter((d) => d.textFile);
      return f.claims.map((c) => names.get(publisherOf.get(c.document ?? text[0]!.id)!)!);
    }),
  );
}
