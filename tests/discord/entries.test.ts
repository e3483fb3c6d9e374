/**
 * The entry points as users run them (child processes): `npm start` with a token, `npm run deploy`,
 * `npm run start:sharded`, against the fake Discord. Child processes are not covered by the in-process
 * network guard; they are only ever given the fake's loopback address as DISCORD_API_BASE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createShardManager, recommendedShardCount, shardCountFor, SHARD_SCRIPT } from '../../src/adapter/discord/sharding.ts';
import { deployCommands, deployErrorLine, deploySummary } from '../../src/adapter/discord/deploy.ts';
import { loadCommands } from '../../src/app/loadCommands.ts';
import { blockedConnections } from '../support/no-network.ts';
import { PROJECT } from '../support/run.ts';
import { DEFAULT_IDS, option, startFakeDiscord, type FakeDiscord } from '../fake-discord/server.ts';
import { OLED_QUESTION } from './harness.ts';

const REJECTED = 'policybot: the token was rejected by Discord (check DISCORD_TOKEN)';

interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exit: Promise<number | null>;
  /** Resolves once stderr contains `text`. */
  waitForStderr(text: string, timeoutMs?: number): Promise<void>;
}

/** Starts an entry point without blocking the event loop (the fake Discord runs in this process). */
/** Child processes start tsx and discord.js: seconds on a busy machine. */
const CHILD = { timeout: 60_000 };

function launch(entry: string, env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT, entry)], {
    cwd: PROJECT,
    env: { ...process.env, NO_COLOR: '1', DISCORD_TOKEN: '', DISCORD_GUILD_ID: '', ANSWER_CHANNELS: '', CORPUS_DIR: '', QUESTION_LOG: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    waitForStderr(text, timeoutMs = 50_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}" on stderr:\n${running.stderr}`)), timeoutMs);
        const check = () => {
          if (!running.stderr.includes(text)) return;
          clearTimeout(timer);
          child.stderr!.off('data', check);
          resolve();
        };
        child.stderr!.on('data', check);
        check();
      });
    },
  };
  child.stdout!.on('data', (chunk: Buffer) => (running.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (running.stderr += chunk.toString()));
  return running;
}

async function withFake<T>(work: (fake: FakeDiscord) => Promise<T>): Promise<T> {
  const fake = await startFakeDiscord();
  try {
    return await work(fake);
  } finally {
    await fake.close();
  }
}

describe.concurrent('GIVEN `npm start` with DISCORD_TOKEN', CHILD, () => {
  it('WHEN Discord rejects the token THEN it prints "the token was rejected" (no stack, no token) and exits 2', () =>
    withFake(async (fake) => {
      const run = launch('src/main.ts', { DISCORD_TOKEN: 'wrong-token-4f9a1c', DISCORD_API_BASE: fake.apiBase });

      expect(await run.exit).toBe(2);
      expect(run.stderr).toBe(`${REJECTED}\n`);
      expect(run.stdout).toBe('');
      expect(fake.requests.map((r) => `${r.route} ${r.status} ${r.auth}`)).toEqual([expect.stringMatching(/gateway\/bot 401 invalid$/)]);
    }));

  it('WHEN running and SIGTERM arrives THEN the bot answers, stops, disconnects and exits 0, with JSON logs and no token', () =>
    withFake(async (fake) => {
      const run = launch('src/main.ts', { DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase });
      await run.waitForStderr('"msg":"ready"');

      const ask = fake.interact({ kind: 'slash', name: 'ask', options: [option.string('question', OLED_QUESTION)] });
      run.child.kill('SIGTERM');
      const callback = await ask.callback();

      expect(await run.exit).toBe(0);
      expect(callback.body).toMatchObject({ type: 4, data: { embeds: [{ title: 'Result 1 of 5' }] } });
      const records = run.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records.map((r) => r.msg)).toEqual(expect.arrayContaining(['ready', 'command', 'stopping', 'disconnected']));
      expect(records.find((r) => r.msg === 'command')).toMatchObject({ command: 'ask', results: 5, abstained: false, latencyMs: expect.any(Number) });
      expect(run.stderr).not.toContain(fake.token);
      expect(fake.connected).toBe(false);
    }));

  it('WHEN settings are invalid THEN each gets one line naming the variable, the token is never printed, exit 2', async () => {
    const run = launch('src/main.ts', {
      DISCORD_TOKEN: 'sekrit token with spaces',
      DISCORD_GUILD_ID: 'abc',
      DISCORD_API_BASE: 'not a url',
      COOLDOWN_COMMANDS: '-1',
    });

    expect(await run.exit).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^config: DISCORD_TOKEN: expected the bot token/),
      expect.stringMatching(/^config: DISCORD_GUILD_ID: expected a Discord server id/),
      expect.stringMatching(/^config: DISCORD_API_BASE: expected an http\(s\) URL/),
      expect.stringMatching(/^config: COOLDOWN_COMMANDS: expected .* whole number from 1 to 1000$/),
    ]);
    expect(run.stderr).not.toContain('sekrit');
  });
});

describe.concurrent('GIVEN `npm run deploy`', CHILD, () => {
  it('WITH DISCORD_GUILD_ID THEN the commands are registered to that server and a one-line summary printed', () =>
    withFake(async (fake) => {
      const run = launch('src/deploy.ts', { DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DISCORD_GUILD_ID: DEFAULT_IDS.guild });

      expect(await run.exit).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^policybot: registered \\d+ commands \\(/ask, .*/help.*\\) to server ${DEFAULT_IDS.guild} \\(available now\\)\\n$`));
      expect(run.stderr).toBe('');
      expect(fake.commands.get(DEFAULT_IDS.guild)?.map((c) => c.name)).toEqual(expect.arrayContaining(['ask', 'help']));
      expect(fake.commands.get('global')).toBeUndefined();
    }));

  it('WITH a rejected token THEN the error is the one clear line', () =>
    withFake(async (fake) => {
      const error = await deployCommands({ apiBase: fake.apiBase, token: 'bad-token-77c2', commands: await loadCommands() }).catch((e: unknown) => e);

      expect(deployErrorLine(error)).toBe(REJECTED);
      expect(fake.commands.size).toBe(0);
    }));

  it('WITHOUT a guild THEN they are registered globally, and deploying twice changes nothing (bulk overwrite)', () =>
    withFake(async (fake) => {
      const commands = await loadCommands();

      const first = await deployCommands({ apiBase: fake.apiBase, token: fake.token, commands });
      const ids = fake.commands.get('global')!.map((c) => c.id);
      const second = await deployCommands({ apiBase: fake.apiBase, token: fake.token, commands });

      expect(second).toEqual(first);
      expect(first.scope).toEqual({ kind: 'global' });
      expect(fake.commands.get('global')!.map((c) => c.id)).toEqual(ids);
      expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([
        `/api/v10/applications/${DEFAULT_IDS.application}/commands`,
        `/api/v10/applications/${DEFAULT_IDS.application}/commands`,
      ]);
      expect(fake.requests.find((r) => r.method === 'PUT')!.body).toEqual(commands.map((c) => c.data));
      expect(deploySummary(first)).toMatch(/registered \d+ commands .* globally/);
      expect(deployErrorLine({ status: 403 }, DEFAULT_IDS.guild)).toMatch(/refused access to server/);
      expect(blockedConnections()).toEqual([]);
    }));
});

describe.concurrent('GIVEN `npm run start:sharded`', () => {
  it('THEN the shard count is asked at DISCORD_API_BASE, and the manager runs src/main.ts through tsx', () =>
    withFake(async (fake) => {
      expect(await recommendedShardCount(fake.apiBase, fake.token)).toBe(1);
      await expect(recommendedShardCount(fake.apiBase, 'nope')).rejects.toMatchObject({ code: 'TokenInvalid' });
      // discord.js asks discord.com itself for 'auto': only used when the base is Discord's own.
      expect(await shardCountFor('https://discord.com/api', 'token')).toBe('auto');

      const manager = createShardManager(fake.token, 1);
      const { mode, execArgv } = manager as unknown as { mode: string; execArgv: string[] };
      expect([manager.file, manager.totalShards, mode, execArgv]).toEqual([SHARD_SCRIPT, 1, 'process', ['--import', 'tsx']]);
      expect(SHARD_SCRIPT).toBe(path.join(PROJECT, 'src', 'main.ts'));
    }));
});
