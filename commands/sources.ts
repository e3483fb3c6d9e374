import type { Command } from '../src/app/command.ts';
import { DOCUMENT_OPTION, PRIVATE_OPTION, documentChoices, textOption, replyOf } from '../src/app/options.ts';

export default {
  data: {
    name: 'sources',
    description: 'The documents the bot answers from, or the details of one of them',
    options: [{ ...DOCUMENT_OPTION, description: 'A document to describe (start typing its title); leave out for the list' }, PRIVATE_OPTION],
  },
  execute(options, { engine }) {
    const outcome = engine.sources(textOption(options, 'document'));
    return replyOf(outcome, options, ({ sources }, isPrivate) => ({ kind: 'sources', sources, private: isPrivate }));
  },
  autocomplete(_option, value, { engine }) {
    return documentChoices(engine, value);
  },
} satisfies Command;
