import { loadConfig } from '../config';
import { acquireDatabase } from '../db/connect';
import { applyGraphSchema } from '../db/graph-schema';
import { loadKnowledgePaths, SEED_DIR } from './load';
import { formatProblem, KnowledgeValidationError } from './validate';

/** `npm run seed [files or folders…]`: applies the graph schema and loads knowledge files (the seed by default). */
async function main(): Promise<void> {
  const targets = process.argv.slice(2);
  const database = await acquireDatabase(loadConfig(), { log: (m) => console.log(m) });
  try {
    await applyGraphSchema(database.db);
    const summary = await loadKnowledgePaths(database.db, targets.length > 0 ? targets : [SEED_DIR]);
    console.log(
      `loaded ${summary.documents} documents, ${summary.entities} entities, ${summary.events} events, ` +
        `${summary.facts} facts, ${summary.claims} claims, ${summary.disputes} disputes ` +
        `from ${summary.files} file(s) in ${summary.transactions} transaction(s)`,
    );
  } catch (e) {
    if (!(e instanceof KnowledgeValidationError)) throw e;
    for (const p of e.problems) console.error(formatProblem(p));
    console.error(`${e.problems.length} problem(s); nothing was written`);
    process.exitCode = 1;
  } finally {
    await database.release();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
