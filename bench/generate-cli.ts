import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { count, parseArgs } from './args';
import { generateCorpus } from './corpus-generator';

/**
 * `npm run generate -- --claims N [--seed S] [--out DIR]`: writes a synthetic corpus as JSON
 * knowledge files with their article texts, loadable by `npm run seed DIR` (or the bulk loader).
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const claims = count(args.get('claims') ?? '10000', 'claims');
  const seed = Number(args.get('seed') ?? '1');
  const out = path.resolve(args.get('out') ?? `bench/results/corpus-${claims}`);
  const started = performance.now();
  const corpus = generateCorpus({ claims, seed });
  for (const source of corpus.sources) {
    const file = path.join(out, source.file);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(source.data));
    for (const doc of source.data.documents) {
      const text = source.texts.get(doc.id);
      if (text === undefined || !doc.textFile) continue;
      const textPath = path.join(out, doc.textFile);
      await mkdir(path.dirname(textPath), { recursive: true });
      await writeFile(textPath, text);
    }
  }
  const c = corpus.counts;
  console.log(
    `wrote ${c.claims} claims, ${c.documents} articles (+${c.upstream} upstream reports), ${c.entities} entities, ` +
      `${c.events} events, ${c.facts} facts, ${c.disputes} disputes in ${corpus.sources.length} files to ${out} ` +
      `(seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
