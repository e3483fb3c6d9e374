import type { Reply } from '../../app/command.ts';
import type { CorpusReply } from '../../app/corpusAdmin.ts';
import { insightsSections, privacyLines } from '../../app/insights.ts';
import { renderAnswer } from './answer.ts';
import { renderQuotes, renderSources, renderStats } from './extract.ts';
import type { Style } from './style.ts';

/** Any command reply as console text. */
export function renderReply(reply: Reply, style: Style): string {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply.answer, style);
    case 'failure': {
      const hints = reply.failure.hints?.length ? `\n  Did you mean: ${reply.failure.hints.join(', ')}?` : '';
      return `${reply.failure.message}${hints}`;
    }
    case 'stats':
      return renderStats(reply.stats, style);
    case 'quotes':
      return renderQuotes(reply.quotes, style);
    case 'sources':
      return renderSources(reply.sources, style);
    case 'help':
      return [
        style.bold('policybot answers from the policy documents with their exact words and where they stand.'),
        `Corpus: ${reply.corpus.documents} document${reply.corpus.documents === 1 ? '' : 's'}, ${reply.corpus.passages} passages.`,
        '',
        ...reply.commands.map((c) => `  ${style.bold(c.usage)}\n      ${c.description}`),
        '',
        'Type a command, or just a question. Ctrl+D or /exit leaves.',
      ].join('\n');
    case 'corpus':
      return renderCorpus(reply.corpus, style);
    case 'insights': {
      // Questions are shown as data: control characters are already gone (capText), quotes make the bounds clear.
      const { title, summary, sections } = insightsSections(reply.insights, (text) => `“${text}”`);
      return [style.bold(title), summary, ...sections.flatMap((s) => ['', style.bold(s.name), ...s.lines.map((l) => `  ${l}`)])].join('\n');
    }
    case 'privacy':
      return privacyLines(reply.privacy).join('\n');
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** /corpus replies as text (the console has no buttons: list pages are asked for with `page:`). */
export function renderCorpus(reply: CorpusReply, style: Style): string {
  switch (reply.action) {
    case 'added': {
      const { summary: s } = reply;
      const lines = [
        `${style.bold(`Added "${s.doc.title}"`)}${s.doc.date ? ` (${s.doc.date})` : ''} as ${s.doc.id} (${s.file})`,
        `  ${plural(s.paragraphs, 'paragraph')}, ${plural(s.sections, 'section')}, ${plural(s.figures, 'figure')} and ${plural(s.quotes, 'quote')} found; the corpus has ${plural(s.documents, 'document')}.`,
      ];
      if (s.sample) {
        lines.push(`  ${s.sample.label}${s.sample.question ? ` (“${s.sample.question}”)` : ''}:`, `   │ ${s.sample.text.replace(/\n/g, '\n   │ ')}`, `   └ ${s.sample.doc.title}${s.sample.doc.date ? ` (${s.sample.doc.date})` : ''}, paragraph ${s.sample.paragraph}`);
      }
      return lines.join('\n');
    }
    case 'removed':
      return `Removed "${reply.title}" (${reply.file}); ${plural(reply.documents, 'document')} remain${reply.documents === 1 ? 's' : ''}.`;
    case 'list': {
      const rows = reply.documents.map((d, i) => `${String(reply.first + i).padStart(3)}. ${d.title}${d.date ? ` (${d.date})` : ''} · ${plural(d.paragraphs, 'paragraph')}\n     ${style.dim(d.id)}`);
      const more = reply.page < reply.pages ? ` — /corpus list page: ${reply.page + 1} for more` : '';
      const heading = reply.base !== undefined ? `This server's documents (${reply.total})` : `Documents in the corpus (${reply.total})`;
      const base = reply.base !== undefined ? [`Base corpus: ${plural(reply.base, 'document')} (answered in every server).`] : [];
      return [style.bold(`${heading}, page ${reply.page} of ${reply.pages}${more}`), ...rows, ...base].join('\n');
    }
    case 'confirm':
      return `Remove "${reply.title}" (${reply.id})?`;
    case 'cancelled':
      return 'Nothing was removed.';
    case 'reloaded':
      return `Corpus re-read: ${plural(reply.documents, 'document')}, ${plural(reply.passages, 'passage')}${reply.ms !== undefined ? ` in ${Math.round(reply.ms)} ms` : ''}.`;
  }
}
