/**
 * The bundle `npm start` runs (dist/, made by `npm run build` and on `npm install`): built from the current
 * sources here, it answers exactly as the sources do, loads the command folder's bundles, and runs without tsx.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, PROJECT, start } from '../support/run.ts';

function runDist(entry: string, args: readonly string[], input = '') {
  return spawnSync(process.execPath, [path.join(PROJECT, 'dist', entry), ...args], {
    cwd: PROJECT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', DISCORD_TOKEN: '', CORPUS_DIR: '', QUESTION_LOG: 'off' },
  });
}

const QUESTION = 'When was the hydrogen metallurgy project launched?';

describe('GIVEN the project built with `npm run build`', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, [path.join(PROJECT, 'scripts/build.mjs')], { cwd: PROJECT, encoding: 'utf8', timeout: 60_000 });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  }, 60_000);

  it('THEN every entry point and command has its bundle, with a source map', () => {
    const commands = fs.readdirSync(path.join(PROJECT, 'commands')).filter((f) => f.endsWith('.ts')).map((f) => `commands/${f.replace(/\.ts$/, '.js')}`);
    for (const file of ['src/main.js', 'src/cli/main.js', 'src/deploy.js', 'src/shard.js', 'src/core/live/worker.js', 'src/core/snapshot/analysisWorker.js', 'bench/child.js', ...commands]) {
      expect(fs.existsSync(path.join(PROJECT, 'dist', file)), file).toBe(true);
      expect(fs.existsSync(path.join(PROJECT, 'dist', `${file}.map`)), `${file}.map`).toBe(true);
    }
  });

  it('WHEN `npm start` asks on the console THEN the bundle prints only the answer, the same as the sources', () => {
    const built = runDist('src/main.js', [], `/ask ${QUESTION}\n`);
    const source = start(`/ask ${QUESTION}\n`);
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(built.stdout).toContain('hydrogen metallurgy demonstration project launched in 2019');
    expect(built.stdout).toBe(source.stdout);
  }, 60_000);

  it('WHEN the CLI runs from the bundle THEN its JSON answer is the one from the sources', () => {
    const args = ['ask', QUESTION, '--json'];
    const built = runDist('src/cli/main.js', args);
    expect(built.status).toBe(0);
    expect(JSON.parse(built.stdout)).toEqual(JSON.parse(cli(args).stdout));
  }, 60_000);

  it('WHEN the bundle draws a chart THEN @napi-rs/canvas and the font packages are found from dist/ and it writes a PNG', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policybot-build-chart-')), 'chart.png');
    const built = runDist('src/cli/main.js', ['stats', 'manufacturing value added', '--chart', file]);
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }, 60_000);

  it('WHEN the bundle lists its commands THEN it loaded them from dist/commands, not the .ts sources', () => {
    const built = runDist('src/main.js', [], '/help\n');
    expect(built.status).toBe(0);
    expect(built.stdout).toBe(start('/help\n').stdout);
    for (const name of ['ask', 'quote', 'stats', 'sources', 'corpus']) expect(built.stdout).toContain(`/${name}`);
  }, 60_000);
});
