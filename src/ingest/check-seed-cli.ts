import path from 'node:path';
import { knowledgeFiles } from './knowledge-files';
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

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
