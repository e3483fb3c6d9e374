import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { filterChoices } from '../src/app/choices.ts';
import type { Command } from '../src/app/command.ts';
import { DOCUMENT_OPTION, PRIVATE_OPTION, documentChoices, textOption, replyOf } from '../src/app/options.ts';
import { matchSpeakers } from '../src/core/extract/index.ts';

export default {
  data: {
    name: 'quote',
    description: 'Who said what: quotations from the documents on a topic, with speaker and source',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'topic', description: 'What the quotation is about; leave out to list a speaker’s quotes', autocomplete: true, max_length: 300 },
      { type: ApplicationCommandOptionType.String, name: 'speaker', description: 'Only quotes of this person or body', autocomplete: true, max_length: 200 },
      DOCUMENT_OPTION,
      PRIVATE_OPTION,
    ],
  },
  async execute(options, { engine }) {
    // On a large corpus the ranking indexes may still be building: wait without blocking (Discord defers meanwhile).
    await engine.ready();
    const doc = textOption(options, 'document');
    const speaker = textOption(options, 'speaker');
    const outcome = engine.quotes(textOption(options, 'topic') ?? '', { ...(doc ? { doc } : {}), ...(speaker ? { speaker } : {}) });
    return replyOf(outcome, options, ({ quotes }, isPrivate) => ({ kind: 'quotes', quotes, private: isPrivate }));
  },
  autocomplete(option, value, { engine }) {
    if (option === 'document') return documentChoices(engine, value);
    if (option === 'speaker') {
      return filterChoices(matchSpeakers(engine.extraction.speakers, value).map((s) => ({ name: s.role ? `${s.name} (${s.role})` : s.name, value: s.name })), '');
    }
    const terms = [...new Set(engine.extraction.glossary.map((g) => g.term))];
    return filterChoices(terms.map((t) => ({ name: t, value: t })), value);
  },
} satisfies Command;
