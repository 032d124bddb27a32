import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__TEST_DATABASE__?.release();
  if (globalThis.__TEST_DATABASE_HOME__) await rm(globalThis.__TEST_DATABASE_HOME__, { recursive: true, force: true });
}
