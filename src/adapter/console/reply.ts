import type { Reply } from '../../app/command.ts';
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
  }
}
