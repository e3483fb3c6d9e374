/**
 * The question log's store, the same stories on the embedded PGlite and on a real PostgreSQL started for the test
 * (skipped, with one line, where the PostgreSQL binaries are missing).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openPglite, openPostgres, type OpenedDb } from '../../src/insights/db.ts';
import { QuestionLog } from '../../src/insights/log.ts';
import { questionLogFrom } from '../../src/insights/open.ts';
import { QUESTION_MAX_CHARS, questionKey } from '../../src/insights/text.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { DOCS, abstained, answered, logOver } from './fixtures.ts';

let pg: TestPostgres | null = null;
const engines: Record<string, OpenedDb | null> = { pglite: null, postgres: null };

beforeAll(async () => {
  const [lite, server] = await Promise.all([openPglite(), startPostgres()]);
  engines.pglite = lite;
  pg = server;
  if (pg) engines.postgres = await openPostgres(pg.url);
}, 60_000);

afterAll(async () => {
  await engines.pglite?.close();
  await engines.postgres?.close();
  await pg?.stop();
});

const GUILD_A = '100000000000000001';
const GUILD_B = '100000000000000002';
let guildSeq = 0;
/** Each story gets its own server id, so stories do not see each other's rows in the shared database. */
const freshGuild = () => `2000000000000${String(++guildSeq).padStart(5, '0')}`;

for (const name of ['pglite', 'postgres'] as const) {
  describe(`question log on ${name}`, () => {
    const db = () => {
      const opened = engines[name];
      if (!opened) return null;
      return opened;
    };

    it('GIVEN a new database WHEN migrated twice THEN each migration is applied once and recorded', async (t) => {
      const opened = db();
      if (!opened) return t.skip();
      const first = await migrate(opened.db);
      const second = await migrate(opened.db);
      expect([...first, ...second]).toEqual(first.length ? [1] : []);
      const recorded = await opened.db.selectFrom('schema_migrations').select(['version', 'name']).execute();
      expect(recorded).toEqual([{ version: 1, name: '001_question_log.sql' }]);
    });

    it('GIVEN answered and refused questions in two servers THEN the report counts, groups near-identical refusals, and sees only its server', async (t) => {
      const opened = db();
      if (!opened) return t.skip();
      const log = logOver(opened);
      await log.start();
      const a = freshGuild();
      const b = freshGuild();
      const ask = (guild: string, user: string, answer: ReturnType<typeof answered>) => log.recordAnswer({ where: { guild, channel: 'c1' }, userId: user, command: 'ask', answer, latencyMs: 12, corpusVersion: 'v1' });
      ask(a, 'u1', answered('What is the harbour plan budget?'));
      ask(a, 'u2', answered('When does the wind farm expand?', ['wind-farm', 'harbour-plan']));
      ask(a, 'u1', abstained('What is the tram timetable?'));
      ask(a, 'u2', abstained('what is the TRAM timetable??'));
      ask(a, 'u3', abstained('Tram timetable'));
      ask(a, 'u3', abstained('Who runs the ferry?'));
      ask(b, 'u9', abstained('Secret question of server B?'));
      const report = await log.insights({ since: new Date(Date.now() - 86_400_000), guild: a, documents: DOCS });
      if (!report.ok) throw new Error(report.message);
      const r = report.report;
      expect({ questions: r.questions, answered: r.answered, abstained: r.abstained }).toEqual({ questions: 6, answered: 2, abstained: 4 });
      expect(r.unanswered.map((u) => [u.question, u.count])).toEqual([
        ['Tram timetable', 3],
        ['Who runs the ferry?', 1],
      ]);
      expect(r.unanswered.some((u) => u.question.includes('server B'))).toBe(false);
      expect(r.topics[0]).toEqual({ term: 'timetable', count: 3 });
      expect(r.documents).toEqual([
        { id: 'harbour-plan', title: 'Harbour plan approved', cited: 2 },
        { id: 'wind-farm', title: 'Offshore wind farm expansion', cited: 1 },
        { id: 'rail-budget', title: 'Rail budget 2024', cited: 0 },
      ]);
      expect(r.perDay.reduce((n, d) => n + d.count, 0)).toBe(6);
      const all = await log.insights({ since: new Date(Date.now() - 86_400_000), documents: DOCS });
      expect(all.ok && all.report.questions).toBeGreaterThanOrEqual(7);
      await log.close();
    });

    it('GIVEN votes pressed again and changed THEN one vote per user per answer counts, the last one, with the 👎 text kept', async (t) => {
      const opened = db();
      if (!opened) return t.skip();
      const log = logOver(opened);
      await log.start();
      const g = freshGuild();
      const id = log.recordAnswer({ where: { guild: g }, userId: 'u1', command: 'ask', answer: answered('Harbour budget?'), latencyMs: 5, corpusVersion: 'v1' })!;
      log.vote(id, 'u1', g, 1);
      log.vote(id, 'u1', g, 1);
      log.vote(id, 'u2', g, 1);
      log.vote(id, 'u2', g, -1);
      log.vote(id, 'u2', g, -1, 'The 2024 figure, not 2022');
      log.vote(id, 'u3', g, -1);
      const report = await log.insights({ since: new Date(0), guild: g, documents: DOCS });
      if (!report.ok) throw new Error(report.message);
      expect(report.report.feedback).toEqual({ up: 1, down: 2 });
      expect(report.report.ratedDown).toBe(1);
      expect(report.report.lowestRated).toEqual([{ question: 'Harbour budget?', up: 1, down: 2, comments: ['The 2024 figure, not 2022'] }]);
      const rows = await opened.db.selectFrom('feedback').select(['user_key']).where('guild', '=', g).execute();
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => /^[0-9a-f]{32}$/.test(r.user_key))).toBe(true);
      await log.close();
    });

    it('GIVEN a user with questions and votes WHEN they are forgotten THEN their rows are gone everywhere and counted', async (t) => {
      const opened = db();
      if (!opened) return t.skip();
      const log = logOver(opened);
      await log.start();
      const g = freshGuild();
      const id = log.recordAnswer({ where: { guild: g }, userId: 'forget-me', command: 'ask', answer: answered('x?'), latencyMs: 5, corpusVersion: 'v1' })!;
      log.recordAnswer({ where: { guild: g }, userId: 'forget-me', command: 'mention', answer: abstained('y?'), latencyMs: 5, corpusVersion: 'v1' });
      log.recordAnswer({ where: { guild: g }, userId: 'stays', command: 'ask', answer: abstained('z?'), latencyMs: 5, corpusVersion: 'v1' });
      log.vote(id, 'forget-me', g, -1, 'why');
      expect(await log.kept('forget-me')).toEqual({ ok: true, questions: 2, feedback: 1 });
      expect(await log.forget('forget-me')).toEqual({ ok: true, questions: 2, feedback: 1 });
      expect(await log.kept('forget-me')).toEqual({ ok: true, questions: 0, feedback: 0 });
      expect(await log.kept('stays')).toEqual({ ok: true, questions: 1, feedback: 0 });
      await log.close();
    });

    it('GIVEN rows older than the retention THEN they are deleted when the log opens', async (t) => {
      const opened = db();
      if (!opened) return t.skip();
      const g = freshGuild();
      const old = logOver(opened, { now: () => new Date(Date.now() - 100 * 86_400_000) });
      await old.start();
      old.recordAnswer({ where: { guild: g }, userId: 'u', command: 'ask', answer: abstained('old?'), latencyMs: 1, corpusVersion: 'v' });
      await old.flush();
      await old.close();
      const count = async () => (await opened.db.selectFrom('questions').select(sql<number>`count(*)::int`.as('n')).where('guild', '=', g).executeTakeFirstOrThrow()).n;
      expect(await count()).toBe(1);
      const log = logOver(opened, { retentionDays: 90 });
      await log.start();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await count()).toBe(0);
      await log.close();
    });

    it('GIVEN 10 KB of emoji and SQL as a question THEN it is stored capped, as data', async (t) => {
      const opened = db();
      if (!opened) return t.skip();
      const log = logOver(opened);
      await log.start();
      const g = freshGuild();
      const nasty = `'); drop table questions; -- ${'😀'.repeat(5000)}`;
      log.recordAnswer({ where: { guild: g, channel: "'; --" }, userId: "1' or '1'='1", command: 'ask', answer: abstained(nasty), latencyMs: 1, corpusVersion: 'v' });
      const report = await log.insights({ since: new Date(0), guild: g, documents: DOCS });
      if (!report.ok) throw new Error(report.message);
      const stored = report.report.unanswered[0]!.question;
      expect(stored.length).toBeLessThanOrEqual(QUESTION_MAX_CHARS);
      expect(stored.startsWith("'); drop table questions; -- 😀")).toBe(true);
      expect(stored.endsWith('…')).toBe(true);
      expect(/[\uD800-\uDBFF]…$/.test(stored)).toBe(false);
      await log.close();
    });
  });
}

describe('the queue when the database is away', () => {
  it('GIVEN the database cannot be opened at first WHEN more records come than the queue holds THEN the oldest are dropped and counted, the rest written once it opens', async (t) => {
    const opened = engines.postgres ?? engines.pglite;
    if (!opened) return t.skip();
    let attempts = 0;
    const warnings: Array<Record<string, unknown>> = [];
    const logger = { debug() {}, info() {}, warn: (msg: string, fields?: Record<string, unknown>) => warnings.push({ msg, ...fields }), error() {} };
    const log = new QuestionLog({
      mode: 'hashed',
      retentionDays: 90,
      maxQueue: 3,
      flushMs: 5,
      retryOpenMs: 50,
      logger: logger as never,
      open: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('connection refused');
        return { ...opened, close: async () => {} };
      },
      explain: (e) => `server down (${(e as Error).message})`,
    });
    await log.start();
    expect(log.status()).toEqual({ state: 'failed', message: 'server down (connection refused)' });
    const g = freshGuild();
    const started = performance.now();
    for (let i = 1; i <= 5; i++) log.recordAnswer({ where: { guild: g }, userId: 'u', command: 'ask', answer: abstained(`queued question ${i}?`), latencyMs: 1, corpusVersion: 'v' });
    expect(performance.now() - started).toBeLessThan(50);
    expect(log.backlog()).toEqual({ queued: 3, dropped: 2 });
    expect(warnings.some((w) => w.msg === 'question log queue full; dropped the oldest records' && w.dropped === 1)).toBe(true);
    const insights = await log.insights({ since: new Date(0), guild: g, documents: DOCS });
    expect(insights.ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(log.status()).toEqual({ state: 'open' });
    const report = await log.insights({ since: new Date(0), guild: g, documents: DOCS });
    if (!report.ok) throw new Error(report.message);
    expect(report.report.unanswered.map((u) => u.question).sort()).toEqual(['queued question 3?', 'queued question 4?', 'queued question 5?']);
    await log.close();
  });

  it('GIVEN another running process holds the embedded folder THEN the log says so in one line naming the folder, without opening it', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'policybot-locked-'));
    fs.writeFileSync(path.join(data, 'db.lock'), String(process.ppid));
    const problems: string[] = [];
    const log = questionLogFrom({ QUESTION_LOG: 'hashed', LOG_RETENTION_DAYS: 90, DATA_DIR: data }, { onProblem: (line) => problems.push(line) });
    await log.start();
    expect(problems).toEqual([`the question log's database ${path.join(data, 'db')} is in use by process ${process.ppid}: stop the other policybot using this DATA_DIR, or give this one its own DATA_DIR (or DATABASE_URL)`]);
    const insights = await log.insights({ since: new Date(0), documents: DOCS });
    expect(insights.ok ? '' : insights.message).toContain('Insights are unavailable: the question log');
    expect(fs.existsSync(path.join(data, 'db'))).toBe(false);
    await log.close();
    fs.rmSync(data, { recursive: true, force: true });
  });

  it('GIVEN near-identical questions THEN they fold to one key', () => {
    expect(questionKey('What is the OLED share?')).toBe(questionKey('oled  shares??'));
    expect(questionKey('What is the OLED share?')).not.toBe(questionKey('What is the LCD share?'));
  });
});

void GUILD_A;
void GUILD_B;
