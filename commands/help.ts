import type { Command } from '../src/app/command.ts';
import { helpEntries } from '../src/app/help.ts';

export default {
  data: {
    name: 'help',
    description: 'What this bot can do, and how to ask it',
  },
  execute(_options, context) {
    const { engine } = context;
    return {
      kind: 'help',
      commands: helpEntries(context.commands),
      corpus: { documents: engine.corpus.documents.length, passages: engine.corpus.passages.length },
      private: true,
    };
  },
} satisfies Command;
