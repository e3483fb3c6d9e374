/**
 * Pure rendering of command Replies into Discord message payloads (plain API JSON): embeds, buttons, flags and
 * `allowed_mentions: { parse: [] }`. Nothing here talks to Discord, so every case is unit-tested by feeding Replies.
 */
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
} from 'discord-api-types/v10';
import type { HelpEntry, Reply, ReplyAction } from '../../app/command.ts';
import type { CorpusReply } from '../../app/corpusAdmin.ts';
import { insightsSections, privacyLines, questionsPerDaySeries, type InsightsReply } from '../../app/insights.ts';
import type { Answer, AnswerResult, Failure } from '../../core/types.ts';
import { CHART_FILE_NAME, findSeries, type Series } from '../../core/chart/index.ts';
import type { StatsAnswer } from '../../core/engine.ts';
import { encodeButtonId, encodeChartButtonId, encodeCommandButtonId, encodeFeedbackId, questionFooter, questionHash } from './customId.ts';
import { LIMITS, cutAtWord, fitEmbeds } from './limits.ts';
import { boldHighlights, escapeMarkdown } from './markdown.ts';
import { COLORS, citationLine, linkUrl } from './embedParts.ts';
import { quotesEmbed, sourcesEmbed, statsEmbed } from './renderExtract.ts';

export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: number;
  allowed_mentions: { parse: [] };
  /** A chart to draw and attach (the first embed's image points at it): see chartAttachment.ts. */
  chart?: Series;
  /** The embeds to send instead when the chart cannot be drawn (default: the embeds without their image). */
  chartFallback?: APIEmbed[];
  /** Files uploaded with the message (the chart's PNG). */
  files?: { name: string; data: Uint8Array }[];
}

export interface RenderContext {
  /** The corpus version (see `corpusVersion`), written into buttons so a changed corpus can be detected. */
  readonly version: string;
  /** The answer's id in the question log: 👍/👎 buttons are added when it is given. */
  readonly feedback?: string;
  /** Which result of an answer is shown in full (0-based); default 0. */
  readonly page?: number;
}

/** The longest a quote may be in the main embed; the rest of the 4096 is for the citation. */
const QUOTE_MAX = 3000;
const FIELD_QUOTE_MAX = 700;

function payload(embeds: APIEmbed[], options: { private?: boolean; components?: MessagePayload['components'] } = {}): MessagePayload {
  return {
    embeds: fitEmbeds(embeds),
    components: options.components ?? [],
    ...(options.private ? { flags: MessageFlags.Ephemeral } : {}),
    allowed_mentions: { parse: [] },
  };
}

/** Any command Reply as a Discord message. */
export function renderReply(reply: Reply, context: RenderContext): MessagePayload {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply.answer, context, reply.private === true);
    case 'help':
      return payload([helpEmbed(reply.commands, reply.corpus)], { private: reply.private === true });
    case 'failure':
      return payload([failureEmbed(reply.failure)], { private: reply.private === true });
    case 'stats':
      return statsPayload(reply.stats, reply.chart !== false, context, reply.private === true);
    case 'quotes':
      return payload([quotesEmbed(reply.quotes)], { private: reply.private === true });
    case 'sources':
      return payload([sourcesEmbed(reply.sources)], { private: reply.private === true });
    case 'corpus':
      return payload([corpusEmbed(reply.corpus)], { private: reply.private === true, components: actionRows('corpus', reply.actions ?? []) });
    case 'insights':
      return insightsPayload(reply.insights, reply.private === true);
    case 'privacy':
      return payload([{ title: reply.privacy.action === 'forgotten' ? 'Forgotten' : 'What is kept about your questions', description: privacyLines(reply.privacy).join('\n\n'), color: COLORS.help }], { private: true });
    default: {
      // New Reply kinds must be rendered here; this keeps the switch exhaustive at compile time.
      const unknown: never = reply;
      return payload([{ description: 'This reply cannot be shown in Discord yet.' }], { private: (unknown as { private?: boolean }).private === true });
    }
  }
}

/**
 * /stats: the figures' embed; when they form a series, its chart as the embed's image (drawn and attached by the
 * adapter, chartAttachment.ts), or, with `chart: false`, a **Chart** button that draws it on demand.
 */
function statsPayload(stats: StatsAnswer, withChart: boolean, context: RenderContext, isPrivate: boolean): MessagePayload {
  const embed = statsEmbed(stats);
  const [series] = findSeries(stats.results);
  if (!series) return payload([embed], { private: isPrivate });
  if (withChart) return { ...payload([{ ...embed, image: { url: `attachment://${CHART_FILE_NAME}` } }], { private: isPrivate }), chart: series };
  const button: APIButtonComponentWithCustomId = {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: 'Chart',
    custom_id: encodeChartButtonId(context.version, questionHash(stats.query, stats.scope?.id)),
  };
  return payload([embed], { private: isPrivate, components: [{ type: ComponentType.ActionRow, components: [button] }] });
}

/**
 * /insights: questions per day as a bar chart, the embed's image (drawn and attached by the adapter,
 * chartAttachment.ts), in place of the text sparkline; the embed with the sparkline is the fallback when the chart
 * cannot be drawn. No questions, no chart.
 */
function insightsPayload(insights: InsightsReply, isPrivate: boolean): MessagePayload {
  const series = questionsPerDaySeries(insights);
  const text = payload([insightsEmbed(insights)], { private: isPrivate });
  if (!series) return text;
  const pictured = payload([{ ...insightsEmbed(insights, { perDay: false }), image: { url: `attachment://${CHART_FILE_NAME}` } }], { private: isPrivate });
  return { ...pictured, chart: series, chartFallback: text.embeds };
}

/** A result's verbatim text with matched words in bold, as a block quote, at most `max` characters. */
export function quoteMarkdown(result: Pick<AnswerResult, 'text' | 'highlights'>, max: number): string {
  const lines = (text: string) => text.split('\n').length;
  // Each line gets a "> " prefix: leave room for it.
  const body = boldHighlights(result.text, result.highlights, Math.max(0, max - 2 * lines(result.text)));
  return body
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function answerButtons(answer: Answer, page: number, version: string, feedback?: string): MessagePayload['components'] {
  const qhash = questionHash(answer.query, answer.scope?.id);
  const button = (action: 'prev' | 'next' | 'para', target: number, label: string, disabled: boolean, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style,
    label,
    custom_id: encodeButtonId({ action, page: target, version, qhash }),
    disabled,
  });
  const count = answer.results.length;
  const buttons: APIButtonComponentWithCustomId[] = [];
  if (count > 1) {
    buttons.push(button('prev', Math.max(0, page - 1), '◀', page === 0));
    buttons.push(button('next', Math.min(count - 1, page + 1), '▶', page >= count - 1));
  }
  buttons.push(button('para', page, 'Show paragraph', false, ButtonStyle.Primary));
  // ◀ ▶ Show paragraph 👍 👎: five, Discord's most for one row.
  if (feedback) buttons.push(...feedbackButtons(feedback));
  return [{ type: ComponentType.ActionRow, components: buttons }];
}

/** 👍 and 👎 for the answer with this log id (`pbf:up:<id>`, `pbf:down:<id>`). */
export function feedbackButtons(answerId: string): APIButtonComponentWithCustomId[] {
  return (['up', 'down'] as const).map((vote) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    emoji: { name: vote === 'up' ? '👍' : '👎' },
    custom_id: encodeFeedbackId(vote, answerId),
  }));
}

/** An answer: result `page` in full (quote and citation), the other results as fields, page buttons. */
export function renderAnswer(answer: Answer, context: RenderContext, isPrivate = false): MessagePayload {
  const footer = { text: questionFooter(answer.query, answer.scope?.id) };
  if (answer.abstained || answer.results.length === 0) {
    const components: MessagePayload['components'] = context.feedback ? [{ type: ComponentType.ActionRow, components: feedbackButtons(context.feedback) }] : [];
    return payload([abstentionEmbed(answer, footer)], { private: isPrivate, components });
  }
  const count = answer.results.length;
  const page = Math.min(Math.max(0, Math.floor(context.page ?? 0)), count - 1);
  const shown = answer.results[page]!;
  const citation = citationLine(shown.doc, shown.paragraph);
  const description = `${quoteMarkdown(shown, Math.min(QUOTE_MAX, LIMITS.embedDescription - citation.length - 2))}\n${citation}`;
  const fields: APIEmbedField[] = answer.results
    .map((result, index) => ({ result, index }))
    .filter(({ index }) => index !== page)
    .slice(0, LIMITS.embedFields)
    .map(({ result, index }) => {
      const cite = citationLine(result.doc, result.paragraph, 120);
      return {
        name: cutAtWord(`${index + 1}. ${index < page ? 'Earlier' : 'Next'} result · paragraph ${result.paragraph}`, LIMITS.fieldName),
        value: `${quoteMarkdown(result, Math.min(FIELD_QUOTE_MAX, LIMITS.fieldValue - cite.length - 1))}\n${cite}`,
      };
    });
  const scope = answer.scope ? ` in ${cutAtWord(answer.scope.title, 150)}` : '';
  const embed: APIEmbed = {
    title: cutAtWord(`Result ${page + 1} of ${count}${scope}`, LIMITS.embedTitle),
    description,
    color: COLORS.answer,
    ...(fields.length > 0 ? { fields } : {}),
    footer,
  };
  return payload([embed], { private: isPrivate, components: answerButtons(answer, page, context.version, context.feedback) });
}

function abstentionEmbed(answer: Answer, footer: { text: string }): APIEmbed {
  const scope = answer.scope ? ` in “${escapeMarkdown(cutAtWord(answer.scope.title, 200), false)}”` : '';
  const lines = [`The documents have nothing on that${scope}, so there is no quote to give.`];
  if (answer.suggestions.length > 0) {
    lines.push('', 'Nearest topics they do cover:', ...answer.suggestions.slice(0, 10).map((s) => `• ${escapeMarkdown(cutAtWord(s, 300), false)}`));
  }
  lines.push('', 'Try other words, or `/help` to see what you can ask.');
  return { title: 'No answer in the documents', description: lines.join('\n'), color: COLORS.abstained, footer };
}

export function failureEmbed(failure: Pick<Failure, 'message' | 'hints'>): APIEmbed {
  const hints = failure.hints?.length ? ['', 'Did you mean:', ...failure.hints.slice(0, 10).map((h) => `• ${escapeMarkdown(cutAtWord(h, 200), false)}`)] : [];
  return { title: 'I could not answer that', description: [escapeMarkdown(failure.message), ...hints].join('\n'), color: COLORS.failure };
}

function helpEmbed(commands: readonly HelpEntry[], corpus: { documents: number; passages: number }): APIEmbed {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    title: 'policybot: answers in the documents’ own words',
    description: [
      'Every answer is a verbatim quote with its citation (document, date, paragraph). When the documents do not answer, I say so and suggest what they cover.',
      '',
      `Corpus: ${plural(corpus.documents, 'document')}, ${plural(corpus.passages, 'passage')}.`,
      'You can also mention me in a channel with a question.',
    ].join('\n'),
    color: COLORS.help,
    fields: commands.map((c) => ({ name: cutAtWord(`/${c.name}`, LIMITS.fieldName), value: `\`${c.usage.replace(/`/g, "'")}\`\n${escapeMarkdown(c.description)}` })),
  };
}

/** The whole paragraph a result stands in, with the quoted text in bold, and its citation. Ephemeral. */
export function renderParagraph(paragraph: string, result: Pick<AnswerResult, 'text' | 'doc' | 'paragraph'>): MessagePayload {
  const at = paragraph.indexOf(result.text.replace(/…$/, ''));
  const highlights = at >= 0 ? [[at, at + result.text.replace(/…$/, '').length] as const] : [];
  const citation = citationLine(result.doc, result.paragraph);
  const text = boldHighlights(paragraph, highlights, LIMITS.embedDescription - citation.length - 2);
  return payload([{ title: `Paragraph ${result.paragraph}`, description: `${text}\n\n${citation}`, color: COLORS.answer }], { private: true });
}

/** A short polite ephemeral notice (cooldown, expired answer, errors). */
export function renderNotice(text: string, isPrivate = true): MessagePayload {
  return { content: cutAtWord(text, LIMITS.content), embeds: [], components: [], ...(isPrivate ? { flags: MessageFlags.Ephemeral } : {}), allowed_mentions: { parse: [] } };
}

export const STATS_EXPIRED_NOTICE = 'This answer has expired: the documents changed since it was given. Please ask again with `/stats`.';
export const EXPIRED_NOTICE = 'This answer has expired: the documents changed since it was given. Please ask again with `/ask`.';

export function cooldownNotice(retryAtMs: number): string {
  return `You're going a bit fast — try again <t:${Math.ceil(retryAtMs / 1000)}:R>.`;
}

export function errorNotice(errorId: string): string {
  return `Sorry, something went wrong on my side. Please try again in a moment (error id \`${errorId}\`).`;
}

export const MENTION_HINT = 'Ask me a question after the mention, e.g. “@policybot what share of OLED shipments did domestic manufacturers have?” — or use `/ask`.';

const STYLES = { primary: ButtonStyle.Primary, secondary: ButtonStyle.Secondary, danger: ButtonStyle.Danger } as const;

/** A command's reply actions as buttons (`pbc:<command>:<id>`), five to a row. */
export function actionRows(command: string, actions: readonly ReplyAction[]): MessagePayload['components'] {
  const buttons: APIButtonComponentWithCustomId[] = actions.map((a) => ({
    type: ComponentType.Button,
    style: STYLES[a.style ?? 'secondary'],
    label: cutAtWord(a.label, LIMITS.buttonLabel),
    custom_id: encodeCommandButtonId(command, a.id),
    ...(a.disabled ? { disabled: true } : {}),
  }));
  const rows: MessagePayload['components'] = [];
  for (let i = 0; i < buttons.length && rows.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return rows;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const titled = (title: string, date?: string, max = 200) => `**${escapeMarkdown(cutAtWord(title.replace(/\s+/g, ' '), max), false)}**${date ? ` (${date})` : ''}`;

/** /corpus replies: a document added (with a first sample of it), removed, the list, a confirmation, a reload. */
export function corpusEmbed(reply: CorpusReply): APIEmbed {
  switch (reply.action) {
    case 'added': {
      const { summary } = reply;
      const link = linkUrl(summary.doc.source);
      const lines = [
        `${titled(summary.doc.title, summary.doc.date)}${link ? ` · [source](${link})` : ''}`,
        `${plural(summary.paragraphs, 'paragraph')}, ${plural(summary.sections, 'section')}, ${plural(summary.figures, 'figure')} and ${plural(summary.quotes, 'quote')} found.`,
        `It is in the answers now: the corpus has ${plural(summary.documents, 'document')}.`,
      ];
      const fields: APIEmbedField[] = [];
      if (summary.sample) {
        const cite = citationLine(summary.sample.doc, summary.sample.paragraph, 120);
        const name = summary.sample.question ? `${summary.sample.label}: “${summary.sample.question}”` : summary.sample.label;
        fields.push({ name: cutAtWord(name, LIMITS.fieldName), value: `${quoteMarkdown({ text: summary.sample.text, highlights: summary.sample.highlights ?? [] }, Math.min(FIELD_QUOTE_MAX, LIMITS.fieldValue - cite.length - 1))}\n${cite}` });
      }
      return { title: cutAtWord(`Added: ${summary.doc.title}`, LIMITS.embedTitle), description: lines.join('\n'), color: COLORS.corpus, ...(fields.length ? { fields } : {}), footer: { text: `id ${summary.doc.id} · file ${summary.file} · ${summary.kind}` } };
    }
    case 'removed':
      return {
        title: cutAtWord(`Removed: ${reply.title}`, LIMITS.embedTitle),
        description: `${titled(reply.title)} is gone from the corpus folder and from answers. ${plural(reply.documents, 'document')} remain${reply.documents === 1 ? 's' : ''}.`,
        color: COLORS.corpus,
        footer: { text: `id ${reply.id} · file ${reply.file}` },
      };
    case 'list': {
      const base = reply.base !== undefined ? `\n\nAnswers here also use the base corpus: ${plural(reply.base, 'document')}, managed by the bot's operator.` : '';
      return {
        title: reply.base !== undefined ? `This server's documents (${reply.total})` : `Documents in the corpus (${reply.total})`,
        description:
          (reply.documents.length === 0
            ? reply.base !== undefined
              ? 'This server has no documents of its own yet: `/corpus add` adds one.'
              : 'The corpus has no documents.'
            : reply.documents.map((d, i) => `${reply.first + i}. ${titled(d.title, d.date, 150)} · ${plural(d.paragraphs, 'paragraph')}\n    \`${d.id.replace(/`/g, "'")}\``).join('\n')) + base,
        color: COLORS.corpus,
        footer: { text: `Page ${reply.page} of ${reply.pages}` },
      };
    }
    case 'confirm':
      return {
        title: 'Remove this document?',
        description: `${titled(reply.title, reply.date)}, ${plural(reply.paragraphs, 'paragraph')}.\nIts file is deleted from the corpus folder and it disappears from answers. This cannot be undone here.`,
        color: COLORS.failure,
        footer: { text: `id ${reply.id}` },
      };
    case 'cancelled':
      return { title: 'Nothing was removed', description: 'The document stays in the corpus.', color: COLORS.help };
    case 'reloaded':
      return {
        title: 'Corpus re-read',
        description: `${plural(reply.documents, 'document')}, ${plural(reply.passages, 'passage')}${reply.ms !== undefined ? `, indexed in ${Math.round(reply.ms)} ms` : ''}. Answers come from it now.`,
        color: COLORS.corpus,
      };
  }
}

/** /insights as one embed: the summary, then a field per section (user text escaped, so it renders as typed). */
export function insightsEmbed(reply: InsightsReply, options: { perDay?: boolean } = {}): APIEmbed {
  const { title, summary, sections: all } = insightsSections(reply, (text) => `“${escapeMarkdown(cutAtWord(text, 150), false)}”`);
  // Without the sparkline when the chart shows questions per day.
  const sections = options.perDay === false ? all.filter((s) => s.key !== 'perDay') : all;
  return {
    title: cutAtWord(title, LIMITS.embedTitle),
    description: summary,
    color: COLORS.help,
    fields: sections.map((s) => ({ name: cutAtWord(s.name, LIMITS.fieldName), value: cutAtWord(s.lines.join('\n'), LIMITS.fieldValue) })),
  };
}
