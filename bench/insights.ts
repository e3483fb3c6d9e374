/**
 * The question log's bench (`npm run bench`, or alone: `BENCH_ONLY=insights npm run bench`), self-contained:
 *  1. what recording adds to /ask: the seed corpus answers the shared seed questions (and refusals) again and
 *     again, each question once with the log and once without, in turns; p50/p99 of both. The log writes to an
 *     embedded PGlite on its timer while the questions run, as in the bot.
 *  2. /insights over 1,000,000 logged questions: rows made in the database itself (generate_series: 50 servers,
 *     90 days, a quarter refused, 2,000 distinct questions, 3 topic terms and 1-2 documents each, 5% rated), then
 *     the report for one server (what /insights asks) and for all of them (`cli insights` without --guild), on
 *     PGlite and on a throw-away PostgreSQL 15 (skipped where the binaries are missing). Medians of 3.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openEngine } from '../src/core/engine.ts';
import { recordReply } from '../src/app/insights.ts';
import { migrate, openPglite, openPostgres, type OpenedDb } from '../src/insights/db.ts';
import { QuestionLog } from '../src/insights/log.ts';
import { report } from '../src/insights/store.ts';
import { startPostgres } from '../tests/support/postgres.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROWS = Number(process.env.BENCH_INSIGHTS_ROWS ?? 1_000_000);
const ASKS = Number(process.env.BENCH_INSIGHTS_ASKS ?? 1000);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const median = (values: number[]) => quantile(values, 0.5);
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function recordingOverhead(): Promise<string[]> {
  const opened = await openEngine(path.join(ROOT, 'corpus'));
  if (!opened.ok) throw new Error(opened.message);
  const engine = opened.engine;
  await engine.ready();
  await engine.warmUp();
  const seed = fs
    .readFileSync(path.resolve(ROOT, '../shared/eval/seed-dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
  const questions = [...seed, 'What did Tesla decide about car prices?', 'Who won the 1998 World Cup?'];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policybot-bench-log-'));
  const log = new QuestionLog({ mode: 'hashed', retentionDays: 90, open: () => openPglite(path.join(dir, 'db')), explain: String });
  await log.start();
  const without: number[] = [];
  const withLog: number[] = [];
  const recording: number[] = [];
  const ask = { execute: (q: string) => engine.ask(q) };
  for (let i = 0; i < 50; i++) ask.execute(questions[i % questions.length]!);
  for (let i = 0; i < ASKS; i++) {
    const q = questions[i % questions.length]!;
    for (const logged of i % 2 === 0 ? [false, true] : [true, false]) {
      const started = performance.now();
      const outcome = ask.execute(q);
      const answered = performance.now();
      if (logged && outcome.ok) recordReply(log, { kind: 'answer', answer: outcome.answer }, { where: { guild: '100000000000000001', channel: '200000000000000001' }, userId: `3000000000000${i % 50}`, command: 'ask', latencyMs: performance.now() - started, engine });
      if (logged) recording.push(performance.now() - answered);
      (logged ? withLog : without).push(performance.now() - started);
      // A turn of the event loop between questions, as between interactions: the log's timer writes meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await log.flush();
  const written = (await log.kept('30000000000001')).ok;
  await log.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    `### Question log: what recording adds to /ask (seed corpus, ${ASKS} questions each way, in turns)`,
    '',
    '| /ask | p50, ms | p99, ms |',
    '|---|---|---|',
    `| without the log | ${fmt(median(without), 3)} | ${fmt(quantile(without, 0.99), 3)} |`,
    `| with the log (recorded, written to PGlite in batches meanwhile) | ${fmt(median(withLog), 3)} | ${fmt(quantile(withLog, 0.99), 3)} |`,
    `| difference | ${fmt(median(withLog) - median(without), 3)} | ${fmt(quantile(withLog, 0.99) - quantile(without, 0.99), 3)} |`,
    `| the recording call itself (queueing the record) | ${fmt(median(recording), 4)} | ${fmt(quantile(recording, 0.99), 4)} |`,
    '',
    written ? '' : 'warning: the records were not readable back',
  ];
}

/** 1,000,000 rows made by the database itself; every value is a parameter or a generated series. */
export async function fill(opened: OpenedDb, rows: number): Promise<number> {
  await migrate(opened.db);
  const started = performance.now();
  const chunk = 100_000;
  const now = new Date();
  for (let from = 1; from <= rows; from += chunk) {
    const to = Math.min(rows, from + chunk - 1);
    await sql`
      insert into questions (answer_id, at, guild, channel, user_key, command, question, question_key, terms, abstained, docs, paragraphs, top_score, latency_ms, corpus_version)
      select 'b' || lpad(to_hex(i), 11, '0'),
             ${now}::timestamptz - ((i::bigint * 7919) % (90 * 86400)) * interval '1 second',
             '1000000000000000' || lpad((i % 50)::text, 2, '0'),
             'c' || (i % 7),
             md5((i % 5000)::text),
             'ask',
             'question number ' || (i % 2000) || ' about topic ' || (i % 37),
             'number question topic ' || (i % 2000) || ' ' || (i % 37),
             array['topic' || (i % 37), 'term' || (i % 101), 'word' || (i % 13)],
             (i % 4 = 0),
             case when i % 4 = 0 then '{}'::text[] else array['doc-' || (i % 45), 'doc-' || ((i::bigint * 3) % 45)] end,
             case when i % 4 = 0 then '{}'::text[] else array['doc-' || (i % 45) || '#' || (i % 30)] end,
             case when i % 4 = 0 then null else (i % 100) / 10.0 end,
             (i % 40) + 2,
             'benchv1'
      from generate_series(${from}::int, ${to}::int) as s(i)`.execute(opened.db);
  }
  await sql`
    insert into feedback (answer_id, user_key, guild, vote, comment, at)
    select answer_id, md5(id::text), guild, case when id % 3 = 0 then -1 else 1 end, case when id % 6 = 0 then 'the figures for ' || (id % 9) else null end, at
    from questions where id % 20 = 0`.execute(opened.db);
  await sql`analyze`.execute(opened.db);
  return performance.now() - started;
}

async function insightsOver(name: string, opened: OpenedDb): Promise<string[]> {
  const fillMs = await fill(opened, ROWS);
  const documents = Array.from({ length: 50 }, (_, i) => ({ id: `doc-${i}`, title: `Document ${i}` }));
  const time = async (query: Parameters<typeof report>[1]) => {
    const runs: number[] = [];
    let questions = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      questions = (await report(opened.db, query)).questions;
      runs.push(performance.now() - started);
    }
    return { ms: median(runs), questions };
  };
  const since = (days: number) => new Date(Date.now() - days * 86_400_000);
  const one30 = await time({ since: since(30), guild: '100000000000000007', documents });
  const one90 = await time({ since: since(90), guild: '100000000000000007', documents });
  const all30 = await time({ since: since(30), documents });
  const all90 = await time({ since: since(90), documents });
  return [
    `| ${name} | ${fmt(fillMs / 1000, 1)} s | ${fmt(one30.ms)} ms (${one30.questions}) | ${fmt(one90.ms)} ms (${one90.questions}) | ${fmt(all30.ms)} ms (${all30.questions}) | ${fmt(all90.ms)} ms (${all90.questions}) |`,
  ];
}

export async function runInsightsBench(): Promise<void> {
  const started = performance.now();
  console.log((await recordingOverhead()).join('\n'));
  const lines = [
    `### Question log: /insights over ${ROWS.toLocaleString('en')} logged questions (median of 3; questions counted in brackets)`,
    '',
    '| engine | filling it | one server, 30 days (/insights) | one server, 90 days | all servers, 30 days (cli insights) | all servers, 90 days |',
    '|---|---|---|---|---|---|',
  ];
  const lite = await openPglite();
  lines.push(...(await insightsOver('PGlite 0.6 (in memory)', lite)));
  await lite.close();
  const pg = await startPostgres();
  if (pg) {
    const opened = await openPostgres(pg.url);
    const version = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(opened.db)).rows[0]?.v ?? '?';
    lines.push(...(await insightsOver(`PostgreSQL ${version}`, opened)));
    await opened.close();
    await pg.stop();
  } else lines.push('| PostgreSQL | not installed here: skipped | | | | |');
  console.log(lines.join('\n'));
  console.log(`\nQuestion log bench took ${fmt((performance.now() - started) / 1000)} s.`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runInsightsBench();
