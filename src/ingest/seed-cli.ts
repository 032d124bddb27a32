import { runCli } from '../cli';
import { loadConfig } from '../config';
import { acquireDatabase } from '../db/connect';
import { prepareGraph } from '../db/graph-schema';
import { SYSTEM_STAMP } from '../graph/knowledge-writer';
import { ingestFiles, printReport } from './ingest-files';
import { knowledgeFiles } from './knowledge-files';
import { loadKnowledgePaths, SEED_DIR } from './load';
import { formatProblem, KnowledgeValidationError } from './validate';

/**
 * `npm run seed [files or folders…]`: applies the graph schema and loads knowledge files (the seed by
 * default). Into an empty graph they go straight in; into a graph that holds documents they go the way
 * of `npm run ingest`, so nothing already there is overwritten, retracted claims stay retracted and
 * merged ids land on the entity they were merged into.
 */
async function main(): Promise<number> {
  const targets = process.argv.slice(2);
  const paths = targets.length > 0 ? targets : [SEED_DIR];
  const database = await acquireDatabase(loadConfig(), { log: (m) => console.log(m) });
  try {
    await prepareGraph(database.db);
    const [row] = await database.db.read<{ documents: number }>('MATCH (d:Document) RETURN count(d) AS documents');
    if ((row?.documents ?? 0) > 0) {
      console.log('the graph already holds documents: checking the input against it');
      const report = await ingestFiles(database.db, await knowledgeFiles(paths), { actor: SYSTEM_STAMP.actor });
      return printReport(report) ? 1 : 0;
    }
    try {
      const summary = await loadKnowledgePaths(database.db, paths);
      console.log(
        `loaded ${summary.documents} documents, ${summary.entities} entities, ${summary.events} events, ` +
          `${summary.facts} facts, ${summary.claims} claims, ${summary.disputes} disputes ` +
          `from ${summary.files} file(s) in ${summary.transactions} transaction(s)`,
      );
      return 0;
    } catch (e) {
      if (!(e instanceof KnowledgeValidationError)) throw e;
      for (const p of e.problems) console.error(formatProblem(p));
      console.error(`${e.problems.length} problem(s); nothing was written`);
      return 1;
    }
  } finally {
    await database.release();
  }
}

runCli(main);
