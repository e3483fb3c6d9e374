import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Command } from '../src/app/command.ts';
import { DOCUMENT_OPTION, PRIVATE_OPTION, documentChoices, textOption, replyOf } from '../src/app/options.ts';

export default {
  data: {
    name: 'ask',
    description: 'Answer a question from the policy documents, with verbatim quotes and citations',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'question', description: 'What you want to know', required: true, min_length: 2, max_length: 500 },
      DOCUMENT_OPTION,
      PRIVATE_OPTION,
    ],
  },
  execute(options, { engine }) {
    const doc = textOption(options, 'document');
    const outcome = engine.ask(String(options.question ?? ''), doc ? { doc } : {});
    return replyOf(outcome, options, ({ answer }, isPrivate) => ({ kind: 'answer', answer, private: isPrivate }));
  },
  autocomplete(_option, value, { engine }) {
    return documentChoices(engine, value);
  },
} satisfies Command;
