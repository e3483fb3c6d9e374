import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { filterChoices } from '../src/app/choices.ts';
import type { Command } from '../src/app/command.ts';

export default {
  data: {
    name: 'ask',
    description: 'Answer a question from the policy documents, with verbatim quotes and citations',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'question', description: 'What you want to know', required: true, min_length: 2, max_length: 500 },
      { type: ApplicationCommandOptionType.String, name: 'document', description: 'Search this document only', autocomplete: true, max_length: 200 },
      { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Show the answer to you only' },
    ],
  },
  execute(options, { engine }) {
    const question = String(options.question ?? '');
    const doc = typeof options.document === 'string' && options.document.trim() ? options.document : undefined;
    const outcome = engine.ask(question, doc ? { doc } : {});
    const isPrivate = options.private === true;
    return outcome.ok ? { kind: 'answer', answer: outcome.answer, private: isPrivate } : { kind: 'failure', failure: outcome, private: true };
  },
  autocomplete(_option, value, { engine }) {
    return filterChoices(engine.corpus.documents.map((d) => ({ name: `${d.title}${d.date ? ` (${d.date})` : ''}`, value: d.id })), value);
  },
} satisfies Command;
