import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { LAUNCHER_DIR } from '../src/db/local-neo4j';

const run = promisify(execFile);
export const APOC_PLUGINS_DIR = path.join(LAUNCHER_DIR, 'target', 'plugins');

/**
 * APOC Core and what it needs beyond Neo4j, from Maven Central (the launcher's `apoc` profile),
 * copied into a plugins folder the launcher loads with `--plugins`. Done once.
 */
export async function apocPlugins(): Promise<string> {
  const present = existsSync(APOC_PLUGINS_DIR) && (await readdir(APOC_PLUGINS_DIR)).some((f) => f.startsWith('apoc-core'));
  if (present) return APOC_PLUGINS_DIR;
  await run('mvn', ['-B', '-q', '-Papoc', 'dependency:copy-dependencies'], { cwd: LAUNCHER_DIR, maxBuffer: 64 * 1024 * 1024 });
  return APOC_PLUGINS_DIR;
}
