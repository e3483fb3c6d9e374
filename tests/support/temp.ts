import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Throw-away folders under the system's temp folder, removed after the test file that made them
 * (tests/support/temp-cleanup.ts, a setup file, removes them after the file's own after-all hooks, which stop
 * what still reads them). Each `npm test` otherwise left a few hundred corpus and data folders behind.
 */
const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
