import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem, KnowledgeValidationError, readKnowledgeFiles, validateKnowledge } from './validate';

/** Validates knowledge files without a database: `npm run check-seed [folder or files…]`. */
async function main(): Promise<void> {
  const targets = process.argv.slice(2);
  const files = await knowledgeFiles(targets.length > 0 ? targets : [path.resolve(__dirname, '../../seed/knowledge')]);
  const { sources, problems } = await readKnowledgeFiles(files);
  try {
    const knowledge = validateKnowledge(sources, undefined, problems);
    const counts = Object.entries(knowledge).map(([section, records]) => `${(records as unknown[]).length} ${section}`);
    console.log(`ok: ${files.length} file(s), ${counts.join(', ')}`);
  } catch (e) {
    if (!(e instanceof KnowledgeValidationError)) throw e;
    for (const p of e.problems) console.error(formatProblem(p));
    console.error(`${e.problems.length} problem(s)`);
    process.exitCode = 1;
  }
}

export async function knowledgeFiles(targets: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const target of targets) {
    const entries = await readdir(target, { withFileTypes: true }).catch(() => null);
    if (entries === null) {
      files.push(path.resolve(target));
      continue;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isFile() && /\.(ya?ml|json)$/.test(entry.name)) files.push(path.resolve(target, entry.name));
    }
  }
  return files;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
