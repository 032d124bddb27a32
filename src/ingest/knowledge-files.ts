import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The knowledge files named by files or folders (a folder gives its .yaml, .yml and .json files, sorted). */
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
