import os from 'node:os';
import { parseArgs } from 'node:util';
import { runCli } from '../cli';
import { loadConfig } from '../config';
import { acquireDatabase } from '../db/connect';
import { prepareGraph } from '../db/graph-schema';
import { ingestFiles, printReport } from './ingest-files';
import { knowledgeFiles } from './knowledge-files';

const USAGE = `usage: npm run ingest -- <file or folder>… [--actor NAME] [--dry-run]

Adds knowledge files (YAML or JSON, the seed's format) to the graph. Each file is checked as a whole;
a file with a problem is rejected with every problem listed, and the others are written, one transaction
per document. Records already in the graph with the same content are left unchanged.
  --actor NAME  who the writes are recorded as made by (default cli:<user>)
  --dry-run     check and report, write nothing`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { actor: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const files = await knowledgeFiles(positionals);
  if (files.length === 0) {
    console.error(`no knowledge files (.yaml, .yml, .json) in ${positionals.join(', ')}`);
    return 2;
  }
  const database = await acquireDatabase(loadConfig(), { log: (m) => console.error(m) });
  try {
    await prepareGraph(database.db);
    const report = await ingestFiles(database.db, files, {
      actor: values.actor ?? `cli:${os.userInfo().username}`,
      dryRun: values['dry-run'],
    });
    return printReport(report) ? 1 : 0;
  } finally {
    await database.release();
  }
}

runCli(main);
