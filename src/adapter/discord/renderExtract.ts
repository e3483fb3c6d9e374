/**
 * Rendering of `/stats`, `/quote` and `/sources` replies as embeds. Pure, like render.ts: figures with their
 * sentence (the figure in bold), computed changes labelled as computed, quotes with speaker and citation.
 */
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { CitedFact, CitedQuote, QuotesAnswer, SourcesAnswer, StatsAnswer } from '../../core/engine.ts';
import type { SourceDetails, SourceSummary } from '../../core/sources.ts';
import { statsFooter } from './customId.ts';
import { LIMITS, cutAtWord } from './limits.ts';
import { boldHighlights, escapeMarkdown } from './markdown.ts';
import { citationLine, COLORS, linkUrl } from './embedParts.ts';

const FIELDS_SHOWN = 10;
const SENTENCE_MAX = 600;

const clean = (text: string, max: number) => escapeMarkdown(cutAtWord(text.replace(/\s+/g, ' '), max), false);

function factField(fact: CitedFact, position: number): APIEmbedField {
  const citation = citationLine(fact.doc, fact.paragraph, 100);
  const sentence = boldHighlights(fact.text, [[fact.at, fact.at + fact.value.length]], SENTENCE_MAX);
  const change = fact.change ? `\n*Computed by policybot, not quoted:* ${escapeMarkdown(fact.change.label, false)}` : '';
  return {
    name: cutAtWord(`${position}. ${fact.value}${fact.subject ? ` — ${fact.subject}` : ''}`, LIMITS.fieldName),
    value: cutAtWord(`> ${sentence}${change}\n${citation}`, LIMITS.fieldValue),
  };
}

export function statsEmbed(stats: StatsAnswer): APIEmbed {
  const scope = stats.scope ? ` in ${stats.scope.title}` : '';
  const title = stats.keyFigures ? `Key figures${scope}` : `Figures on “${stats.query}”${scope}`;
  if (stats.results.length === 0) {
    return { title: cutAtWord(title, LIMITS.embedTitle), description: 'I found no figures there.', color: COLORS.abstained };
  }
  return {
    title: cutAtWord(title, LIMITS.embedTitle),
    color: COLORS.answer,
    fields: stats.results.slice(0, FIELDS_SHOWN).map((fact, i) => factField(fact, i + 1)),
    footer: { text: statsFooter(stats.query, stats.scope?.id) },
  };
}

function quoteField(quote: CitedQuote, position: number): APIEmbedField {
  const who = quote.speaker ?? 'Unattributed';
  const role = quote.role && !quote.speaker?.includes(quote.role) ? `, ${quote.role}` : '';
  const verb = quote.verb ? ` (${quote.verb})` : '';
  const kind = quote.kind === 'reported' ? ' · reported speech' : '';
  const citation = citationLine(quote.doc, quote.paragraph, 100);
  const words = quote.kind === 'direct' ? `“${escapeMarkdown(cutAtWord(quote.text, SENTENCE_MAX), false)}”` : escapeMarkdown(cutAtWord(quote.text, SENTENCE_MAX), false);
  return {
    name: cutAtWord(`${position}. ${who}${role}${verb}${kind}`, LIMITS.fieldName),
    value: cutAtWord(`> ${words}\n${citation}`, LIMITS.fieldValue),
  };
}

export function quotesEmbed(quotes: QuotesAnswer): APIEmbed {
  const about = quotes.query.trim() ? ` on “${quotes.query}”` : '';
  const by = quotes.speaker ? ` by ${quotes.speaker}` : '';
  return {
    title: cutAtWord(`Quotes${by}${about}`, LIMITS.embedTitle),
    color: COLORS.answer,
    fields: quotes.results.slice(0, FIELDS_SHOWN).map((quote, i) => quoteField(quote, i + 1)),
  };
}

function summaryLine(s: SourceSummary): string {
  const link = linkUrl(s.doc.source);
  const meta = [s.doc.date, s.doc.publisher ? escapeMarkdown(s.doc.publisher, false) : undefined, link ? `[source](${link})` : undefined].filter(Boolean).join(' · ');
  return `**${clean(s.doc.title, 150)}**${meta ? ` — ${meta}` : ''}\n\`${s.doc.id.replace(/`/g, "'")}\` · ${s.paragraphs} paragraphs · ${s.facts} figures · ${s.quotes} quotes`;
}

function detailsEmbed(d: SourceDetails): APIEmbed {
  const link = linkUrl(d.doc.source);
  const facts = [
    `id \`${d.doc.id.replace(/`/g, "'")}\``,
    d.doc.date ? `date ${d.doc.date}` : undefined,
    d.doc.publisher ? `publisher ${escapeMarkdown(d.doc.publisher, false)}` : undefined,
    link ? `[source](${link})` : undefined,
    `${d.paragraphs} paragraphs, ${d.sections} sections, ${d.facts} figures, ${d.quotes} quotes`,
  ].filter(Boolean).join('\n');
  const fields: APIEmbedField[] = [{ name: 'Details', value: cutAtWord(facts, LIMITS.fieldValue) }];
  if (d.keyTerms.length > 0) fields.push({ name: 'Key terms', value: cutAtWord(d.keyTerms.map((t) => escapeMarkdown(t.term, false)).join(', '), LIMITS.fieldValue) });
  if (d.speakers.length > 0) {
    fields.push({ name: 'Speakers', value: cutAtWord(d.speakers.map((s) => `• ${clean(s.name, 200)} (${s.quotes})`).join('\n'), LIMITS.fieldValue) });
  }
  if (d.glossary.length > 0) fields.push({ name: 'Quoted terms', value: cutAtWord(d.glossary.map((g) => `“${escapeMarkdown(g.term, false)}”`).join(', '), LIMITS.fieldValue) });
  if (d.sectionTitles.length > 0) fields.push({ name: 'Sections', value: cutAtWord(d.sectionTitles.map((s) => `• ${clean(s, 200)}`).join('\n'), LIMITS.fieldValue) });
  return {
    title: cutAtWord(d.doc.title, LIMITS.embedTitle),
    description: `> ${escapeMarkdown(cutAtWord(d.lead.text, 1500), false)}\n— lead paragraph`,
    color: COLORS.help,
    fields,
  };
}

export function sourcesEmbed(sources: SourcesAnswer): APIEmbed {
  if (sources.kind === 'details') return detailsEmbed(sources.details);
  const lines = sources.documents.map(summaryLine);
  let description = '';
  let shown = 0;
  for (const line of lines) {
    if (description.length + line.length + 2 > LIMITS.embedDescription - 80) break;
    description += `${description ? '\n\n' : ''}${line}`;
    shown++;
  }
  if (shown < lines.length) description += `\n\n…and ${lines.length - shown} more. Use \`/sources document:\` to see one.`;
  return { title: `${sources.documents.length} document${sources.documents.length === 1 ? '' : 's'}`, description, color: COLORS.help };
}
