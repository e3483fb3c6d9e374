/**
 * The load run of `npm run bench` (BENCH_LOAD=0 skips it): the real bot (startBot, discord.js, the real commands)
 * on a bench corpus, against the loopback fake Discord run in another process (bench/load-fake.ts), which sends
 * `rate` interactions a second for `seconds` seconds, mixed commands. Prints one JSON line: interactions sent,
 * lost (no acknowledgement), acknowledged after more than 3 s, p50/p99/max to acknowledgement and to the final
 * reply, the bot's event-loop delay during the run, and its memory (heap, outside the heap, RSS) before and after.
 *
 *   node --expose-gc --import tsx bench/load.ts CORPUS_DIR QUESTIONS.jsonl [rate=50] [seconds=60]
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBot } from '../src/adapter/discord/bot.ts';
import { loadCommands } from '../src/app/loadCommands.ts';
import { openEngine } from '../src/core/engine.ts';
import { createLogger } from '../src/log/logger.ts';
import { settledMemory } from './measure.ts';

const [dir, questionsFile, rateArg, secondsArg] = process.argv.slice(2) as [string, string, string?, string?];
const rate = Number(rateArg ?? 50);
const seconds = Number(secondsArg ?? 60);
const questions = fs.readFileSync(questionsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { q: string }).q);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
};

const opened = await openEngine(dir);
if (!opened.ok) throw new Error(opened.message);
const engine = opened.engine;
// As src/main.ts does after start: the ranking indexes, then the warm-up, before users come.
await engine.ready();
await engine.warmUp();

const fakeProcess = fork(path.join(import.meta.dirname, 'load-fake.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const fromFake = <T>(key: string) => new Promise<T>((resolve, reject) => {
  const onMessage = (message: Record<string, unknown>) => {
    if (!(key in message)) return;
    fakeProcess.off('message', onMessage);
    resolve(message[key] as T);
  };
  fakeProcess.on('message', onMessage);
  fakeProcess.once('exit', (code) => reject(new Error(`the fake Discord exited (${code})`)));
});
const { token, apiBase } = await fromFake<{ token: string; apiBase: string }>('ready');

let logged = 0;
const errors: string[] = [];
const logger = createLogger({
  level: 'info',
  write: (line) => {
    logged++;
    if (/"level":"(error|warn)"/.test(line) && errors.length < 10) errors.push(line.slice(0, 300));
  },
  secrets: [token],
});
const bot = await startBot({
  config: { DISCORD_TOKEN: token, DISCORD_API_BASE: apiBase, COOLDOWN_COMMANDS: 5, COOLDOWN_SECONDS: 10, ANSWER_CHANNELS: [] },
  engine,
  commands: await loadCommands(),
  logger,
  clientOptions: { rest: { retries: 0, timeout: 5_000 } },
});

const before = await settledMemory();
const histogram = monitorEventLoopDelay({ resolution: 2 });
histogram.enable();
const cpuBefore = process.cpuUsage();
fakeProcess.send({ start: { rate, seconds, questions } });
const done = await fromFake<{ sent: number; sentMs: number; byKind: Record<string, number>; acks: (number | null)[]; finals: (number | null)[]; deferred: number; problems: string[]; problemCount: number }>('done');
histogram.disable();
const cpu = process.cpuUsage(cpuBefore);
const after = await settledMemory();
await bot.stop(2_000);
fakeProcess.send({ stop: true });

// JSON carries Infinity as null: an interaction never acknowledged (or answered) within 10 s after the last was sent.
const acks = done.acks.map((v) => v ?? Infinity);
const finals = done.finals.map((v) => v ?? Infinity);
process.stdout.write(`${JSON.stringify({
  rate,
  seconds,
  sent: done.sent,
  sentMs: done.sentMs,
  byKind: done.byKind,
  lost: acks.filter((v) => !Number.isFinite(v)).length,
  unanswered: finals.filter((v) => !Number.isFinite(v)).length,
  ackOver3s: acks.filter((v) => v > 3000).length,
  deferred: done.deferred,
  ack: { p50: percentile(acks, 0.5), p99: percentile(acks, 0.99), max: Math.max(...acks) },
  final: { p50: percentile(finals, 0.5), p99: percentile(finals, 0.99), max: Math.max(...finals) },
  eventLoopDelayMs: { p50: histogram.percentile(50) / 1e6, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 },
  botCpuPercent: ((cpu.user + cpu.system) / 1e3 / done.sentMs) * 100,
  before,
  after,
  fakeProblems: done.problemCount,
  problems: done.problems,
  logLines: logged,
  errors,
})}\n`);
process.exit(0);
