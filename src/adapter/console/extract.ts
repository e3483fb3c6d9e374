import type { QuotesAnswer, SourcesAnswer, StatsAnswer } from '../../core/engine.ts';
import { citation } from './answer.ts';
import { applyHighlights, type Style } from './style.ts';

/** Figures as console text: the figure in bold inside its verbatim sentence, computed changes labelled. */
export function renderStats(stats: StatsAnswer, style: Style): string {
  const scope = stats.scope ? ` in “${stats.scope.title}”` : '';
  const heading = stats.keyFigures ? `Key figures${scope}:` : `Figures on “${stats.query}”${scope}:`;
  if (stats.results.length === 0) return `I found no figures${scope}.`;
  const blocks = stats.results.map((fact, i) => {
    const sentence = applyHighlights(fact.text, [[fact.at, fact.at + fact.value.length]], style.bold);
    const lines = [`${`${i + 1}.`.padEnd(3)} ${style.bold(fact.value)}${fact.subject ? ` — ${fact.subject}` : ''}`, `   │ ${sentence}`];
    if (fact.change) lines.push(`   ${style.dim('computed by policybot, not quoted:')} ${fact.change.label}`);
    lines.push(`   └ ${style.dim(citation(fact.doc, fact.paragraph))}`);
    return lines.join('\n');
  });
  return [heading, ...blocks].join('\n');
}

/** Quotations as console text: speaker, role and verb, then the words and the citation. */
export function renderQuotes(quotes: QuotesAnswer, style: Style): string {
  const about = quotes.query.trim() ? ` on “${quotes.query}”` : '';
  const by = quotes.speaker ? ` by ${quotes.speaker}` : '';
  const blocks = quotes.results.map((quote, i) => {
    const who = quote.speaker ?? 'Unattributed';
    const role = quote.role && !quote.speaker?.includes(quote.role) ? `, ${quote.role}` : '';
    const verb = quote.verb ? ` (${quote.verb})` : '';
    const kind = quote.kind === 'reported' ? ' · reported speech' : '';
    const words = quote.kind === 'direct' ? `“${quote.text}”` : quote.text;
    return `${`${i + 1}.`.padEnd(3)} ${style.bold(`${who}${role}`)}${verb}${kind}\n   │ ${words}\n   └ ${style.dim(citation(quote.doc, quote.paragraph))}`;
  });
  return [`Quotes${by}${about}:`, ...blocks].join('\n');
}

/** The document list, or one document's details. */
export function renderSources(sources: SourcesAnswer, style: Style): string {
  if (sources.kind === 'list') {
    return [
      `${sources.documents.length} document${sources.documents.length === 1 ? '' : 's'}:`,
      ...sources.documents.map((s) => {
        const meta = [s.doc.date, s.doc.publisher, s.doc.source].filter(Boolean).join(' · ');
        return `  ${style.bold(s.doc.title)}${meta ? ` — ${meta}` : ''}\n    ${s.doc.id} · ${s.paragraphs} paragraphs · ${s.facts} figures · ${s.quotes} quotes`;
      }),
    ].join('\n');
  }
  const d = sources.details;
  const lines = [
    style.bold(d.doc.title),
    `  id ${d.doc.id}${d.doc.date ? ` · ${d.doc.date}` : ''}${d.doc.publisher ? ` · ${d.doc.publisher}` : ''}${d.doc.source ? ` · ${d.doc.source}` : ''}`,
    `  ${d.paragraphs} paragraphs, ${d.sections} sections, ${d.facts} figures, ${d.quotes} quotes`,
    '',
    `Lead paragraph:\n   │ ${d.lead.text}`,
  ];
  if (d.keyTerms.length > 0) lines.push('', `Key terms: ${d.keyTerms.map((t) => t.term).join(', ')}`);
  if (d.speakers.length > 0) lines.push('', 'Speakers:', ...d.speakers.map((s) => `  • ${s.name} (${s.quotes} quote${s.quotes === 1 ? '' : 's'})`));
  if (d.glossary.length > 0) lines.push('', `Quoted terms: ${d.glossary.map((g) => `“${g.term}”`).join(', ')}`);
  if (d.sectionTitles.length > 0) lines.push('', 'Sections:', ...d.sectionTitles.map((s) => `  • ${s}`));
  return lines.join('\n');
}
