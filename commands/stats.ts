import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { filterChoices } from '../src/app/choices.ts';
import type { Command } from '../src/app/command.ts';
import { DOCUMENT_OPTION, PRIVATE_OPTION, documentChoices, textOption, replyOf } from '../src/app/options.ts';

export default {
  data: {
    name: 'stats',
    description: 'Figures from the documents on a topic (how much, how many, what share), with their sentences',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'topic', description: 'What the figures are about; leave out for the key figures', autocomplete: true, max_length: 300 },
      DOCUMENT_OPTION,
      { type: ApplicationCommandOptionType.Boolean, name: 'chart', description: 'Attach a chart when the figures form a series (default: yes)' },
      PRIVATE_OPTION,
    ],
  },
  async execute(options, { engine }) {
    // On a large corpus the ranking indexes may still be building: wait without blocking (Discord defers meanwhile).
    await engine.ready();
    const doc = textOption(options, 'document');
    const outcome = engine.stats(textOption(options, 'topic') ?? '', doc ? { doc } : {});
    return replyOf(outcome, options, ({ stats }, isPrivate) => ({ kind: 'stats', stats, chart: options.chart !== false, private: isPrivate }));
  },
  autocomplete(option, value, { engine }) {
    if (option === 'document') return documentChoices(engine, value);
    const subjects = [...new Set(engine.extraction.facts.map((f) => f.subject).filter(Boolean))];
    return filterChoices(subjects.map((s) => ({ name: s, value: s })), value);
  },
} satisfies Command;
