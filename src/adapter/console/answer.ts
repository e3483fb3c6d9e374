import type { Answer, AnswerResult, DocumentInfo } from '../../core/types.ts';
import { applyHighlights, type Style } from './style.ts';

/** "Title (2022-08-14), paragraph 4" — how a result is cited in text. */
export function citation(doc: DocumentInfo, paragraph: number): string {
  return `${doc.title}${doc.date ? ` (${doc.date})` : ''}, paragraph ${paragraph}${doc.source ? ` — ${doc.source}` : ''}${doc.server ? " · this server's document" : ''}`;
}

/** The verbatim text as an indented block (no added quotation marks: the text may hold its own). */
function quoteBlock(result: AnswerResult, style: Style, label = ''): string {
  const text = applyHighlights(result.text, result.highlights, style.bold);
  return `${label.padEnd(3)}│ ${text}\n   └ ${style.dim(citation(result.doc, result.paragraph))}`;
}

/** An answer as console text: the answer's quote and citation, then the next best results. */
export function renderAnswer(answer: Answer, style: Style): string {
  const scope = answer.scope ? ` in “${answer.scope.title}”` : '';
  if (answer.abstained) {
    const lines = [`The corpus has nothing on that${scope}.`];
    if (answer.suggestions.length > 0) {
      lines.push('Nearest topics it does cover:', ...answer.suggestions.map((s) => `  • ${s}`));
    }
    return lines.join('\n');
  }
  const [first, ...rest] = answer.results;
  const lines = [quoteBlock(first!, style)];
  if (rest.length > 0) {
    lines.push('', style.dim('More results:'));
    rest.forEach((r, i) => lines.push(quoteBlock(r, style, `${i + 2}.`)));
  }
  return lines.join('\n');
}
