/**
 * The question log as the adapters use it: `recordAnswer` and `vote` only queue a record (no I/O on the answer
 * path); a timer writes the queue in batches. The database is opened once per process, lazily and in the
 * background; when it cannot be opened or is down, records wait in a bounded queue (the oldest are dropped and
 * counted in a warning) and the insights say why they are unavailable.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Answer } from '../core/types.ts';
import { failure, type Outcome } from '../core/types.ts';
import type { Logger } from '../log/logger.ts';
import type { OpenedDb } from './db.ts';
import type { QuestionRecord, Report, ReportQuery, VoteRecord } from './store.ts';
import { COMMENT_MAX_CHARS, QUESTION_MAX_CHARS, capText, keyTerms, questionKey } from './text.ts';

export type QuestionLogMode = 'hashed' | 'full' | 'off';

/** Where a question was asked: a server id (or 'console', 'dm') and a channel. */
export interface Where {
  readonly guild: string;
  readonly channel?: string;
}

export interface AnswerEvent {
  readonly where: Where;
  /** The platform's user id (hashed before it is stored unless QUESTION_LOG=full). */
  readonly userId: string;
  readonly command: string;
  readonly answer: Answer;
  readonly latencyMs: number;
  readonly corpusVersion: string;
}

export interface QuestionLogOptions {
  readonly mode: QuestionLogMode;
  readonly retentionDays: number;
  /** Opens the database (PGlite or PostgreSQL); called once, in the background. */
  readonly open: () => Promise<OpenedDb>;
  /** Turns an open failure into the one line to show (naming the folder or server and what to do). */
  readonly explain: (error: unknown) => string;
  /** Retry opening after a failure (a server that may come back; not a damaged embedded folder). */
  readonly retryOpenMs?: number;
  readonly logger?: Logger;
  /** Told once when the database cannot be opened (the console prints it on stderr). */
  readonly onProblem?: (line: string) => void;
  readonly maxQueue?: number;
  readonly batchSize?: number;
  readonly flushMs?: number;
  readonly now?: () => Date;
}

type Queued = { readonly kind: 'question'; readonly event: AnswerEvent; readonly answerId: string; readonly at: Date } | { readonly kind: 'vote'; readonly answerId: string; readonly userId: string; readonly guild: string; readonly vote: 1 | -1; readonly comment?: string; readonly at: Date };

export type LogStatus = { readonly state: 'off' | 'opening' | 'open' } | { readonly state: 'failed'; readonly message: string };

const DAY_MS = 86_400_000;

/** This process's prefix of answer ids: 6 random characters of [0-9a-z] (about 2 billion). */
const ID_PREFIX = (randomBytes(4).readUInt32BE(0) % 36 ** 6).toString(36).padStart(6, '0');
let idSeq = 0;

/**
 * A fresh answer id for the 👍/👎 buttons: 12 characters of [0-9a-z], the process's random prefix and a counter
 * (cheap on the answer path; the column is unique, so a collision across restarts is skipped, never an error).
 */
export function newAnswerId(): string {
  idSeq = (idSeq + 1) % 36 ** 6;
  return `${ID_PREFIX}${idSeq.toString(36).padStart(6, '0')}`;
}

export class QuestionLog {
  readonly mode: QuestionLogMode;
  readonly retentionDays: number;
  private readonly options: QuestionLogOptions;
  private readonly queue: Queued[] = [];
  private readonly maxQueue: number;
  private opened: OpenedDb | null = null;
  private opening: Promise<void> | null = null;
  private status_: LogStatus;
  private secret: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retention: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private dropped = 0;
  private failures = 0;
  private closed = false;
  /** The queries (kysely), loaded with the database, off the start path. */
  private store!: typeof import('./store.ts');

  constructor(options: QuestionLogOptions) {
    this.options = options;
    this.mode = options.mode;
    this.retentionDays = options.retentionDays;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.status_ = options.mode === 'off' ? { state: 'off' } : { state: 'opening' };
  }

  /** A log that records nothing (QUESTION_LOG=off, the CLI without --log). */
  static off(): QuestionLog {
    return new QuestionLog({ mode: 'off', retentionDays: 90, open: () => Promise.reject(new Error('off')), explain: () => 'the question log is off' });
  }

  get enabled(): boolean {
    return this.mode !== 'off';
  }

  status(): LogStatus {
    return this.status_;
  }

  /** Records waiting to be written, and how many were dropped because the queue was full. */
  backlog(): { queued: number; dropped: number } {
    return { queued: this.queue.length, dropped: this.dropped };
  }

  /** Opens the database in the background (idempotent); resolves when it is open or has failed. */
  start(): Promise<void> {
    if (!this.enabled || this.closed) return Promise.resolve();
    this.opening ??= this.openNow();
    return this.opening;
  }

  private async openNow(): Promise<void> {
    try {
      const opened = await this.options.open();
      try {
        const [{ migrate }, store] = await Promise.all([import('./db.ts'), import('./store.ts')]);
        this.store = store;
        await migrate(opened.db);
        this.secret = await store.userKeySecret(opened.db);
      } catch (error) {
        await opened.close().catch(() => {});
        throw error;
      }
      if (this.closed) {
        await opened.close();
        return;
      }
      this.opened = opened;
      this.status_ = { state: 'open' };
      this.options.logger?.info('question log open', { engine: opened.engine, where: opened.where, retentionDays: this.retentionDays });
      void this.applyRetention();
      this.retention = setInterval(() => void this.applyRetention(), DAY_MS);
      this.retention.unref();
      this.schedule(0);
    } catch (error) {
      const message = this.options.explain(error);
      if (this.status_.state !== 'failed') this.options.onProblem?.(message);
      this.status_ = { state: 'failed', message };
      this.options.logger?.warn('question log unavailable', { reason: message });
      const retry = this.options.retryOpenMs;
      if (retry && !this.closed) {
        setTimeout(() => {
          this.opening = null;
          void this.start();
        }, retry).unref();
      }
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Queues an answered question; returns its answer id (for the 👍/👎 buttons), or undefined when the log is off. */
  recordAnswer(event: AnswerEvent): string | undefined {
    if (!this.enabled || this.closed) return undefined;
    const answerId = newAnswerId();
    this.push({ kind: 'question', event, answerId, at: this.now() });
    return answerId;
  }

  /** Queues a vote (the last one per user and answer counts), with the 👎 modal's text when given. */
  vote(answerId: string, userId: string, guild: string, vote: 1 | -1, comment?: string): void {
    if (!this.enabled || this.closed) return;
    const text = comment !== undefined ? capText(comment, COMMENT_MAX_CHARS) : undefined;
    this.push({ kind: 'vote', answerId, userId, guild, vote, ...(text ? { comment: text } : {}), at: this.now() });
  }

  private push(item: Queued): void {
    this.queue.push(item);
    if (this.queue.length > this.maxQueue) {
      const over = this.queue.length - this.maxQueue;
      this.queue.splice(0, over);
      this.dropped += over;
      // Warn at the first drop and then every 1000.
      if (this.dropped === over || Math.floor(this.dropped / 1000) !== Math.floor((this.dropped - over) / 1000)) {
        this.options.logger?.warn('question log queue full; dropped the oldest records', { dropped: this.dropped, queued: this.queue.length });
      }
    }
    this.schedule(this.options.flushMs ?? 250);
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  /** The user key stored for a platform user id. */
  userKey(userId: string): string {
    if (this.mode === 'full') return userId;
    return createHmac('sha256', this.secret ?? '').update(userId).digest('hex').slice(0, 32);
  }

  /** Writes what is queued now (tests and shutdown await this; otherwise a timer calls it). */
  flush(): Promise<void> {
    this.flushing ??= this.flushNow().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    const db = this.opened?.db;
    if (!db || this.queue.length === 0) return;
    const batchSize = this.options.batchSize ?? 500;
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, batchSize);
      try {
        const questions: QuestionRecord[] = [];
        const votes: VoteRecord[] = [];
        for (const item of batch) {
          if (item.kind === 'question') questions.push(this.questionRecord(item));
          else votes.push({ answerId: item.answerId, userKey: this.userKey(item.userId), guild: item.guild, vote: item.vote, ...(item.comment !== undefined ? { comment: item.comment } : {}), at: item.at });
        }
        await this.store.insertQuestions(db, questions);
        for (const vote of votes) await this.store.upsertVote(db, vote);
        // Only now: a failed batch stays queued (unless pushed out meanwhile) and is written when the database returns.
        const done = new Set(batch);
        let removed = 0;
        while (removed < batch.length && this.queue.length > 0 && done.has(this.queue[0]!)) {
          this.queue.shift();
          removed += 1;
        }
        if (this.failures > 0) this.options.logger?.info('question log writing again', { queued: this.queue.length });
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        if (this.failures === 1) this.options.logger?.warn('question log write failed; records kept in the queue', { queued: this.queue.length, error });
        this.schedule(Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6)));
        return;
      }
    }
  }

  private questionRecord(item: Extract<Queued, { kind: 'question' }>): QuestionRecord {
    const { event } = item;
    const answer = event.answer;
    const question = capText(answer.query, QUESTION_MAX_CHARS);
    const docs = [...new Set(answer.results.map((r) => r.doc.id))];
    const top = answer.results[0]?.score;
    return {
      answerId: item.answerId,
      at: item.at,
      guild: event.where.guild,
      ...(event.where.channel ? { channel: event.where.channel } : {}),
      userKey: this.userKey(event.userId),
      command: event.command,
      question,
      questionKey: questionKey(question),
      terms: keyTerms(question),
      abstained: answer.abstained || answer.results.length === 0,
      docs,
      paragraphs: answer.results.map((r) => `${r.doc.id}#${r.paragraph}`),
      ...(top !== undefined && Number.isFinite(top) ? { topScore: top } : {}),
      latencyMs: event.latencyMs,
      corpusVersion: event.corpusVersion,
    };
  }

  private async applyRetention(): Promise<void> {
    const db = this.opened?.db;
    if (!db) return;
    try {
      const deleted = await this.store.deleteOlderThan(db, new Date(this.now().getTime() - this.retentionDays * DAY_MS));
      if (deleted.questions + deleted.feedback > 0) this.options.logger?.info('question log retention', { ...deleted, retentionDays: this.retentionDays });
    } catch (error) {
      this.options.logger?.warn('question log retention failed', { error });
    }
  }

  /** Why the log cannot be read, or the open database (waiting for it to open first). */
  private async reader(): Promise<Outcome<{ db: NonNullable<OpenedDb['db']> }>> {
    if (!this.enabled) return failure('not_found', 'The question log is off on this bot (QUESTION_LOG=off), so there are no insights.');
    await this.start();
    if (!this.opened) {
      const why = this.status_.state === 'failed' ? this.status_.message : 'the database is still opening';
      return failure('not_found', `Insights are unavailable: ${why}. Answers work as usual.`);
    }
    // What was just recorded is in the figures.
    await this.flush();
    return { ok: true, db: this.opened.db };
  }

  async insights(query: ReportQuery): Promise<Outcome<{ report: Report }>> {
    const r = await this.reader();
    if (!r.ok) return r;
    try {
      return { ok: true, report: await this.store.report(r.db, query) };
    } catch (error) {
      this.options.logger?.warn('insights query failed', { error });
      return failure('not_found', 'Insights are unavailable right now: the database did not answer. Answers work as usual.');
    }
  }

  async export(query: { since: Date; guild?: string }) {
    const r = await this.reader();
    if (!r.ok) return r;
    return { ok: true as const, rows: await this.store.exportRows(r.db, query) };
  }

  private keys(userId: string): string[] {
    return [this.mode === 'full' ? createHmac('sha256', this.secret ?? '').update(userId).digest('hex').slice(0, 32) : this.userKey(userId), userId];
  }

  /** Deletes every row of this user (hashed or raw), queued ones included; how many. */
  async forget(userId: string): Promise<Outcome<{ questions: number; feedback: number }>> {
    const r = await this.reader();
    if (!r.ok) return r;
    return { ok: true, ...(await this.store.forgetUser(r.db, this.keys(userId))) };
  }

  async kept(userId: string): Promise<Outcome<{ questions: number; feedback: number }>> {
    const r = await this.reader();
    if (!r.ok) return r;
    return { ok: true, ...(await this.store.countUser(r.db, this.keys(userId))) };
  }

  /** Writes what is queued (a few seconds at most) and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.retention) clearInterval(this.retention);
    if (this.opening) await this.opening;
    await Promise.race([this.flush(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    this.closed = true;
    const opened = this.opened;
    this.opened = null;
    await opened?.close();
  }
}
