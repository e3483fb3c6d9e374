/**
 * The question log's queries, one set for PGlite and PostgreSQL (kysely; values are always parameters).
 */
import { randomBytes } from 'node:crypto';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from './db.ts';

/** One answered question, as recorded. */
export interface QuestionRecord {
  readonly answerId: string;
  readonly at: Date;
  readonly guild: string;
  readonly channel?: string;
  readonly userKey: string;
  readonly command: string;
  readonly question: string;
  readonly questionKey: string;
  readonly terms: readonly string[];
  readonly abstained: boolean;
  readonly docs: readonly string[];
  readonly paragraphs: readonly string[];
  readonly topScore?: number;
  readonly latencyMs: number;
  readonly corpusVersion: string;
}

/** A 👍 (1) or 👎 (-1) on an answer, or the comment after a 👎 (`comment` set, vote -1). */
export interface VoteRecord {
  readonly answerId: string;
  readonly userKey: string;
  readonly guild: string;
  readonly vote: 1 | -1;
  readonly comment?: string;
  readonly at: Date;
}

export async function insertQuestions(db: Db, rows: readonly QuestionRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('questions')
    .values(
      rows.map((r) => ({
        answer_id: r.answerId,
        at: r.at,
        guild: r.guild,
        channel: r.channel ?? null,
        user_key: r.userKey,
        command: r.command,
        question: r.question,
        question_key: r.questionKey,
        terms: [...r.terms],
        abstained: r.abstained,
        docs: [...r.docs],
        paragraphs: [...r.paragraphs],
        top_score: r.topScore ?? null,
        latency_ms: Math.round(r.latencyMs),
        corpus_version: r.corpusVersion,
      })),
    )
    .onConflict((oc) => oc.column('answer_id').doNothing())
    .execute();
}

/** One vote per user per answer: the last one counts. A comment is kept until the vote turns 👍. */
export async function upsertVote(db: Db, v: VoteRecord): Promise<void> {
  await db
    .insertInto('feedback')
    .values({ answer_id: v.answerId, user_key: v.userKey, guild: v.guild, vote: v.vote, comment: v.comment ?? null, at: v.at })
    .onConflict((oc) =>
      oc.columns(['answer_id', 'user_key']).doUpdateSet({
        vote: v.vote,
        at: v.at,
        comment: v.comment !== undefined ? v.comment : v.vote === 1 ? null : sql`feedback.comment`,
      }),
    )
    .execute();
}

/** The secret that keys the user hash: made once per database, shared by every process writing to it. */
export async function userKeySecret(db: Db): Promise<string> {
  await db.insertInto('settings').values({ name: 'user_key_secret', value: randomBytes(32).toString('hex') }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('name', '=', 'user_key_secret').executeTakeFirstOrThrow();
  return row.value;
}

/** Deletes every row of these user keys (a hashed and a raw id), in one transaction; how many of each. */
export async function forgetUser(db: Db, keys: readonly string[]): Promise<{ questions: number; feedback: number }> {
  return db.transaction().execute(async (trx) => {
    const questions = await trx.deleteFrom('questions').where('user_key', 'in', [...keys]).executeTakeFirst();
    const feedback = await trx.deleteFrom('feedback').where('user_key', 'in', [...keys]).executeTakeFirst();
    return { questions: Number(questions.numDeletedRows), feedback: Number(feedback.numDeletedRows) };
  });
}

/** Counts of this user's rows (for /privacy). */
export async function countUser(db: Db, keys: readonly string[]): Promise<{ questions: number; feedback: number }> {
  const q = await db.selectFrom('questions').select(sql<number>`count(*)::int`.as('n')).where('user_key', 'in', [...keys]).executeTakeFirstOrThrow();
  const f = await db.selectFrom('feedback').select(sql<number>`count(*)::int`.as('n')).where('user_key', 'in', [...keys]).executeTakeFirstOrThrow();
  return { questions: q.n, feedback: f.n };
}

/** Retention: deletes rows older than `cutoff`. */
export async function deleteOlderThan(db: Db, cutoff: Date): Promise<{ questions: number; feedback: number }> {
  const questions = await db.deleteFrom('questions').where('at', '<', cutoff).executeTakeFirst();
  const feedback = await db.deleteFrom('feedback').where('at', '<', cutoff).executeTakeFirst();
  return { questions: Number(questions.numDeletedRows), feedback: Number(feedback.numDeletedRows) };
}

export interface ReportQuery {
  readonly since: Date;
  /** One server's (or 'console') questions; undefined: all of them. */
  readonly guild?: string;
  /** The corpus's documents, for "cited most and never". */
  readonly documents: ReadonlyArray<{ readonly id: string; readonly title: string }>;
  /** How many of each list (default 10). */
  readonly top?: number;
}

export interface Report {
  readonly questions: number;
  readonly answered: number;
  readonly abstained: number;
  /** Answers with at least one 👎 (their last vote). */
  readonly ratedDown: number;
  readonly feedback: { readonly up: number; readonly down: number };
  readonly unanswered: ReadonlyArray<{ readonly question: string; readonly count: number; readonly last: string }>;
  readonly topics: ReadonlyArray<{ readonly term: string; readonly count: number }>;
  /** Every corpus document with how often it was cited, most first (never-cited ones at the end with 0). */
  readonly documents: ReadonlyArray<{ readonly id: string; readonly title: string; readonly cited: number }>;
  readonly lowestRated: ReadonlyArray<{ readonly question: string; readonly up: number; readonly down: number; readonly comments: readonly string[] }>;
  readonly perDay: ReadonlyArray<{ readonly day: string; readonly count: number }>;
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());

/** The /insights and `cli insights` figures for one server (or all) since a time. */
export async function report(db: Db, query: ReportQuery): Promise<Report> {
  const top = query.top ?? 10;
  const inScope = (alias: 'questions' | 'feedback'): Expression<SqlBool> =>
    query.guild !== undefined
      ? sql<SqlBool>`${sql.ref(`${alias}.at`)} >= ${query.since} and ${sql.ref(`${alias}.guild`)} = ${query.guild}`
      : sql<SqlBool>`${sql.ref(`${alias}.at`)} >= ${query.since}`;

  // The server's questions are read from the table once (the rows of one server lie scattered over the whole
  // table), and every figure about them is computed from that one pass.
  const questionsPass = sql<{
    questions: number;
    abstained: number;
    unanswered: Array<{ question: string; count: number; last: string }> | null;
    topics: Array<{ term: string; count: number }> | null;
    cited: Array<{ doc: string; count: number }> | null;
    per_day: Array<{ day: string; count: number }> | null;
  }>`
    with scoped as materialized (
      select id, at, abstained, question, question_key, terms, docs from questions where ${inScope('questions')}
    )
    select
      (select count(*)::int from scoped) as questions,
      (select count(*)::int from scoped where abstained) as abstained,
      (select json_agg(u order by u.count desc, u.last desc) from (
        select (array_agg(question order by at desc, id desc))[1] as question, count(*)::int as count, max(at) as last
        from scoped where abstained group by question_key order by count(*) desc, max(at) desc limit ${top}) u) as unanswered,
      (select json_agg(t order by t.count desc, t.term) from (
        select term, count(*)::int as count from scoped, unnest(scoped.terms) as x(term) group by term order by count(*) desc, term limit ${top}) t) as topics,
      (select json_agg(d) from (select doc, count(*)::int as count from scoped, unnest(scoped.docs) as y(doc) group by doc) d) as cited,
      (select json_agg(p order by p.day) from (
        select to_char(date_trunc('day', at at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*)::int as count from scoped group by 1) p) as per_day`
    .execute(db)
    .then((r) => r.rows[0]!);

  const [pass, votes, lowest] = await Promise.all([
    questionsPass,
    db
      .selectFrom('feedback')
      .select([
        sql<number>`(count(*) filter (where vote > 0))::int`.as('up'),
        sql<number>`(count(*) filter (where vote < 0))::int`.as('down'),
        sql<number>`(count(distinct answer_id) filter (where vote < 0))::int`.as('rated_down'),
      ])
      .where(inScope('feedback'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('feedback')
      .innerJoin('questions', 'questions.answer_id', 'feedback.answer_id')
      .select([
        'questions.answer_id',
        sql<string>`min(questions.question)`.as('question'),
        sql<number>`(count(*) filter (where feedback.vote > 0))::int`.as('up'),
        sql<number>`(count(*) filter (where feedback.vote < 0))::int`.as('down'),
        sql<string[]>`array_remove(array_agg(feedback.comment order by feedback.at desc), null)`.as('comments'),
        sql<Date>`max(feedback.at)`.as('last'),
      ])
      .where(inScope('feedback'))
      .groupBy('questions.answer_id')
      .having(sql<SqlBool>`sum(feedback.vote) < 0`)
      .orderBy(sql`sum(feedback.vote)`)
      .orderBy('last', 'desc')
      .limit(Math.min(top, 5))
      .execute(),
  ]);

  const totals = { questions: pass.questions, abstained: pass.abstained };
  const unanswered = pass.unanswered ?? [];
  const topics = pass.topics ?? [];
  const perDay = pass.per_day ?? [];
  const citedById = new Map((pass.cited ?? []).map((c) => [c.doc, c.count]));
  const documents = query.documents.map((d) => ({ id: d.id, title: d.title, cited: citedById.get(d.id) ?? 0 })).sort((a, b) => b.cited - a.cited || a.title.localeCompare(b.title));
  return {
    questions: totals.questions,
    answered: totals.questions - totals.abstained,
    abstained: totals.abstained,
    ratedDown: votes.rated_down,
    feedback: { up: votes.up, down: votes.down },
    unanswered: unanswered.map((u) => ({ question: u.question, count: u.count, last: iso(u.last) })),
    topics: topics.map((t) => ({ term: t.term, count: t.count })),
    documents,
    lowestRated: lowest.map((l) => ({ question: l.question, up: l.up, down: l.down, comments: l.comments ?? [] })),
    perDay: perDay.map((p) => ({ day: p.day, count: p.count })),
  };
}

/** The rows for `insights export --csv`, oldest first. */
export async function exportRows(db: Db, query: { since: Date; guild?: string }) {
  let q = db
    .selectFrom('questions')
    .leftJoin(
      db.selectFrom('feedback').select(['answer_id', sql<number>`(count(*) filter (where vote > 0))::int`.as('up'), sql<number>`(count(*) filter (where vote < 0))::int`.as('down')]).groupBy('answer_id').as('f'),
      'f.answer_id',
      'questions.answer_id',
    )
    .select([
      'questions.at',
      'questions.guild',
      'questions.channel',
      'questions.user_key',
      'questions.command',
      'questions.question',
      'questions.abstained',
      'questions.docs',
      'questions.paragraphs',
      'questions.top_score',
      'questions.latency_ms',
      'questions.corpus_version',
      sql<number>`coalesce(f.up, 0)::int`.as('up'),
      sql<number>`coalesce(f.down, 0)::int`.as('down'),
    ])
    .where('questions.at', '>=', query.since);
  if (query.guild !== undefined) q = q.where('questions.guild', '=', query.guild);
  return q.orderBy('questions.at').orderBy('questions.id').execute();
}
