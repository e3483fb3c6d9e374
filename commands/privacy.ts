import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { SUBCOMMAND, type Command } from '../src/app/command.ts';
import { failure } from '../src/core/types.ts';

export default {
  data: {
    name: 'privacy',
    description: 'What the bot keeps about your questions, and deleting it',
    options: [
      { type: ApplicationCommandOptionType.Subcommand, name: 'show', description: 'What is kept about your questions and for how long' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'forget-me', description: 'Delete every question and rating of yours the bot has kept' },
    ],
  },
  async execute(options, context) {
    const log = context.questionLog;
    const user = context.user;
    if (!log?.enabled || !user) {
      return { kind: 'failure', failure: failure('not_found', 'This bot keeps no log of questions (QUESTION_LOG=off): nothing about you is stored.'), private: true };
    }
    if (options[SUBCOMMAND] === 'forget-me') {
      const forgotten = await log.forget(user.id);
      if (!forgotten.ok) return { kind: 'failure', failure: forgotten, private: true };
      return { kind: 'privacy', privacy: { action: 'forgotten', questions: forgotten.questions, feedback: forgotten.feedback }, private: true };
    }
    const kept = await log.kept(user.id);
    if (!kept.ok) return { kind: 'failure', failure: kept, private: true };
    return { kind: 'privacy', privacy: { action: 'shown', mode: log.mode, retentionDays: log.retentionDays, questions: kept.questions, feedback: kept.feedback }, private: true };
  },
} satisfies Command;
