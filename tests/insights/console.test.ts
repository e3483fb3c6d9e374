/**
 * The question log through the real entry points: the console (`npm start` without a token) answers and refuses
 * questions, then `cli insights --json` lists the refused ones under `unanswered` with their counts; once on the
 * embedded PGlite in DATA_DIR, once on a real PostgreSQL started for the test (rows checked with psql).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, start } from '../support/run.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { tempDir } from '../support/temp.ts';

const ANSWERED = '/ask what share of OLED shipments did domestic manufacturers have?';
const REFUSED = ['/ask What did Tesla decide about car prices?', 'what did tesla decide about car prices', '/ask Who won the 1998 World Cup?'];
const INPUT = `${[ANSWERED, ...REFUSED].join('\n')}\n`;

interface InsightsJson {
  questions: number;
  answered: number;
  abstained: number;
  feedback: { up: number; down: number };
  unanswered: Array<{ question: string; count: number; last: string }>;
  topics: Array<{ term: string; count: number }>;
  documents: Array<{ id: string; title: string; cited: number }>;
}


let pg: TestPostgres | null = null;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

function expectRefusedCounted(json: InsightsJson) {
  expect({ questions: json.questions, answered: json.answered, abstained: json.abstained }).toEqual({ questions: 4, answered: 1, abstained: 3 });
  expect(json.unanswered.map((u) => [u.question, u.count])).toEqual([
    ['what did tesla decide about car prices', 2],
    ['Who won the 1998 World Cup?', 1],
  ]);
  expect(json.feedback).toEqual({ up: 0, down: 0 });
  expect(json.documents[0]).toMatchObject({ cited: 1 });
  expect(json.topics.find((t) => t.term === 'tesla')).toEqual({ term: 'tesla', count: 2 });
}

describe('GIVEN the console with DATA_DIR set', () => {
  it('WHEN questions are answered and refused THEN cli insights --json lists the refused ones under unanswered with their counts', () => {
    const data = tempDir('policybot-insights-');
    const env = { QUESTION_LOG: 'hashed', DATA_DIR: data, LOG_LEVEL: 'error' };
    const run = start(INPUT, env);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('24.7%');
    expect(fs.existsSync(path.join(data, 'db', 'PG_VERSION'))).toBe(true);
    const insights = cli(['insights', '--json'], '', env);
    expect(insights.stderr).toBe('');
    expect(insights.status).toBe(0);
    expectRefusedCounted(JSON.parse(insights.stdout) as InsightsJson);
  }, 180_000);
});

describe('GIVEN the console with DATABASE_URL on a real PostgreSQL', () => {
  it('WHEN questions are answered and refused THEN cli insights --json counts them, the rows are in PostgreSQL (psql), and cli ask logs only with --log', (t) => {
    if (!pg) return t.skip();
    const env = { QUESTION_LOG: 'hashed', DATABASE_URL: pg.url, DATA_DIR: tempDir('policybot-insights-'), LOG_LEVEL: 'error' };
    const run = start(INPUT, env);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const insights = cli(['insights', '--json'], '', env);
    expect(insights.status).toBe(0);
    expectRefusedCounted(JSON.parse(insights.stdout) as InsightsJson);
    expect(pg.psql('select guild, command, abstained, question from questions order by id').trim().split('\n')).toEqual([
      'console|ask|f|what share of OLED shipments did domestic manufacturers have?',
      'console|ask|t|What did Tesla decide about car prices?',
      'console|ask|t|what did tesla decide about car prices',
      'console|ask|t|Who won the 1998 World Cup?',
    ]);
    expect(pg.psql('select count(distinct user_key) from questions').trim()).toBe('1');
    expect(pg.psql("select count(*) from questions where user_key = 'console'").trim()).toBe('0');
    expect(pg.psql('select version, name from schema_migrations').trim()).toBe('1|001_question_log.sql');

    // Scripts and evaluations must not pollute the figures: nothing without --log.
    expect(cli(['ask', 'Who won the 1998 World Cup?', '--json'], '', env).status).toBe(0);
    expect(pg.psql("select count(*) from questions where guild = 'cli'").trim()).toBe('0');
    expect(cli(['ask', 'Who won the 1998 World Cup?', '--json', '--log'], '', env).status).toBe(0);
    expect(pg.psql("select command, abstained from questions where guild = 'cli'").trim()).toBe('cli ask|t');

    const csv = cli(['insights', 'export', '--csv'], '', env);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('at,guild,channel,user_key,command,question,abstained,docs,paragraphs,top_score,latency_ms,corpus_version,up,down');
    expect(csv.stdout.trim().split('\n')).toHaveLength(6);
  }, 120_000);
});

describe('GIVEN a damaged embedded database folder', () => {
  it('THEN the console answers and one line names the folder and what to do, without a stack trace', () => {
    const data = tempDir('policybot-insights-');
    fs.mkdirSync(path.join(data, 'db'));
    fs.writeFileSync(path.join(data, 'db', 'PG_VERSION'), 'garbage\n');
    fs.writeFileSync(path.join(data, 'db', 'global'), Buffer.alloc(4096, 7));
    const run = start(`${ANSWERED}\n`, { QUESTION_LOG: 'hashed', DATA_DIR: data, LOG_LEVEL: 'silent' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('24.7%');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(`the question log's database ${path.join(data, 'db')} cannot be opened`)]);
    expect(run.stderr).toContain('move the folder away');
  }, 60_000);
});
