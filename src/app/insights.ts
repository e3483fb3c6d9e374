/** What /insights and /privacy answer (plain data each adapter renders), and recording answers in the log. */
import { engineVersion } from '../adapter/discord/customId.ts';
import type { Series } from '../core/chart/index.ts';
import type { Engine } from '../core/engine.ts';
import type { Report } from '../insights/store.ts';
import type { QuestionLog, QuestionLogMode, Where } from '../insights/log.ts';
import type { Reply } from './command.ts';

export interface InsightsReply {
  readonly report: Report;
  readonly days: number;
  /** 'server': one server's questions; 'all': every server and the console. */
  readonly scope: 'server' | 'all';
}

export type PrivacyReply =
  | { readonly action: 'shown'; readonly mode: QuestionLogMode; readonly retentionDays: number; readonly questions: number; readonly feedback: number }
  | { readonly action: 'forgotten'; readonly questions: number; readonly feedback: number };

/**
 * Records an answer reply in the log (queued: no I/O here); the answer id for its 👍/👎 buttons, or undefined when
 * the reply is not an answer or nothing is logged.
 */
export function recordReply(
  log: QuestionLog | undefined,
  reply: Reply,
  event: { readonly where: Where; readonly userId: string; readonly command: string; readonly latencyMs: number; readonly engine: Engine },
): string | undefined {
  if (!log?.enabled || reply.kind !== 'answer') return undefined;
  return log.recordAnswer({ where: event.where, userId: event.userId, command: event.command, answer: reply.answer, latencyMs: event.latencyMs, corpusVersion: engineVersion(event.engine) });
}

export interface InsightsSection {
  /** `perDay`: the questions-per-day sparkline, which an adapter that draws charts shows as a picture instead. */
  readonly key?: 'perDay';
  readonly name: string;
  readonly lines: readonly string[];
}

const pct = (n: number, of: number) => (of === 0 ? '0%' : `${Math.round((100 * n) / of)}%`);
const BARS = '▁▂▃▄▅▆▇█';

/** Days shown per day: at most 60, as the chart module draws. */
const MAX_DAYS_SHOWN = 60;

/** Questions per day, oldest day first, one entry per day of the last `days` (at most 60; missing days count 0). */
export function questionsPerDay(perDay: ReadonlyArray<{ day: string; count: number }>, days: number, today = new Date()): { day: string; count: number }[] {
  const counts = new Map(perDay.map((p) => [p.day, p.count]));
  const out: { day: string; count: number }[] = [];
  for (let i = Math.min(days, MAX_DAYS_SHOWN) - 1; i >= 0; i--) {
    const day = new Date(today.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
}

/** Questions per day as a one-line text chart, oldest day first (missing days count 0). */
export function sparkline(perDay: ReadonlyArray<{ day: string; count: number }>, days: number, today = new Date()): string {
  const series = questionsPerDay(perDay, days, today).map((d) => d.count);
  const max = Math.max(1, ...series);
  return series.map((n) => (n === 0 ? '·' : BARS[Math.min(BARS.length - 1, Math.floor(((n - 1) / max) * BARS.length))])).join('');
}

/**
 * Questions per day as a chart series (bars over the days; the source line names the question log, not a
 * document), or undefined when no question was asked in the period.
 */
export function questionsPerDaySeries(reply: InsightsReply, today = new Date()): Series | undefined {
  if (reply.report.questions === 0) return undefined;
  const days = questionsPerDay(reply.report.perDay, reply.days, today);
  const where = reply.scope === 'server' ? "this server's question log" : 'the question log of every server and the console';
  return {
    kind: 'day',
    measure: `questions per day, last ${days.length} day${days.length === 1 ? '' : 's'}`,
    unit: 'questions',
    points: days.map((d) => ({ x: d.day, value: d.count, text: String(d.count) })),
    changes: [],
    subtitle: 'Each bar: the questions answered or not answered that day (UTC) · unit: questions',
    source: `Source: ${where}, ${days[0]!.day} to ${days[days.length - 1]!.day}`,
  };
}

/**
 * The insights as titled sections of text lines; `quote` shows a user's question safely for the platform
 * (escaped markdown in Discord, plain text in the console).
 */
export function insightsSections(reply: InsightsReply, quote: (text: string) => string): { title: string; summary: string; sections: InsightsSection[] } {
  const r = reply.report;
  const scope = reply.scope === 'server' ? 'this server' : 'every server and the console';
  const title = `Insights: the last ${reply.days} day${reply.days === 1 ? '' : 's'} (${scope})`;
  const summary =
    r.questions === 0
      ? 'No questions were asked in this period.'
      : `${r.questions} question${r.questions === 1 ? '' : 's'}: ${r.answered} answered (${pct(r.answered, r.questions)}), ${r.abstained} not answered by the documents (${pct(r.abstained, r.questions)}). ` +
        `Feedback: ${r.feedback.up} 👍, ${r.feedback.down} 👎; ${pct(r.ratedDown, r.questions)} of answers rated 👎.`;
  const sections: InsightsSection[] = [];
  if (r.questions > 0) sections.push({ key: 'perDay', name: `Questions per day (last ${Math.min(reply.days, MAX_DAYS_SHOWN)} days)`, lines: [sparkline(r.perDay, reply.days)] });
  if (r.unanswered.length > 0) sections.push({ name: 'Asked most, not answered', lines: r.unanswered.map((u) => `${u.count}× ${quote(u.question)} (last ${u.last.slice(0, 10)})`) });
  if (r.topics.length > 0) sections.push({ name: 'Topics asked about most', lines: [r.topics.map((t) => `${quote(t.term)} (${t.count})`).join(', ')] });
  const cited = r.documents.filter((d) => d.cited > 0).slice(0, 5);
  if (cited.length > 0) sections.push({ name: 'Documents cited most', lines: cited.map((d) => `${d.cited}× ${quote(d.title)}`) });
  const never = r.documents.filter((d) => d.cited === 0);
  if (never.length > 0 && r.questions > 0) sections.push({ name: `Never cited (${never.length})`, lines: never.slice(0, 10).map((d) => quote(d.title)).concat(never.length > 10 ? [`… and ${never.length - 10} more`] : []) });
  if (r.lowestRated.length > 0) {
    sections.push({
      name: 'Lowest-rated answers',
      lines: r.lowestRated.map((l) => `👎 ${l.down} · 👍 ${l.up}: ${quote(l.question)}${l.comments.length ? ` (looking for: ${l.comments.slice(0, 2).map(quote).join('; ')})` : ''}`),
    });
  }
  return { title, summary, sections };
}

/** /privacy as text lines. */
export function privacyLines(reply: PrivacyReply): string[] {
  if (reply.action === 'forgotten') {
    return [`Deleted ${reply.questions} question${reply.questions === 1 ? '' : 's'} and ${reply.feedback} rating${reply.feedback === 1 ? '' : 's'} of yours. Nothing else about you is kept.`];
  }
  const who = reply.mode === 'full' ? 'your user id' : 'a keyed hash of your user id (not your name or id)';
  return [
    `For each question answered, the bot keeps: the time, the server and channel, ${who}, the command, the question (at most 500 characters), whether it was answered, the documents and paragraphs cited, the top score, the time taken and the corpus version.`,
    'For each 👍/👎: the vote and, after a 👎, what you said you were looking for.',
    `Rows older than ${reply.retentionDays} days are deleted daily. Server managers see them summed up with /insights.`,
    `Kept about you now: ${reply.questions} question${reply.questions === 1 ? '' : 's'}, ${reply.feedback} rating${reply.feedback === 1 ? '' : 's'}. \`/privacy forget-me\` deletes them.`,
  ];
}
