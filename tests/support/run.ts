import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const PROJECT = path.resolve(import.meta.dirname, '../..');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a project entry point in a real child process, the way users and scripts do. */
export function runEntry(entry: string, args: readonly string[], input = '', env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT, entry), ...args], {
    cwd: PROJECT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    // The question log is off unless a test turns it on: tests must not write into the project's data/ folder.
    env: { ...process.env, NO_COLOR: '1', DISCORD_TOKEN: '', CORPUS_DIR: '', QUESTION_LOG: 'off', DATA_DIR: '', DATABASE_URL: '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const cli = (args: readonly string[], input = '', env: NodeJS.ProcessEnv = {}) => runEntry('src/cli/main.ts', args, input, env);
export const start = (input: string, env: NodeJS.ProcessEnv = {}) => runEntry('src/main.ts', [], input, env);
