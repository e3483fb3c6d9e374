import { ApplicationCommandOptionType, InteractionContextType } from 'discord-api-types/v10';
import type { Command } from '../src/app/command.ts';
import { failure } from '../src/core/types.ts';

/** Discord's Manage Server permission (1 << 5): the same default as /corpus. */
const MANAGE_GUILD = '32';
const DAY_MS = 86_400_000;

export default {
  data: {
    name: 'insights',
    description: 'What this server asks: unanswered questions, topics, documents cited, 👎 answers (admins)',
    default_member_permissions: MANAGE_GUILD,
    dm_permission: false,
    contexts: [InteractionContextType.Guild],
    options: [
      { type: ApplicationCommandOptionType.Integer, name: 'days', description: 'How many days back (default 30)', min_value: 1, max_value: 3650 },
      { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Show the insights to you only (default: yes)' },
    ],
  },
  async execute(options, context) {
    const log = context.questionLog;
    if (!log) return { kind: 'failure', failure: failure('not_found', 'There is no question log here, so there are no insights.'), private: true };
    const where = context.where?.guild;
    if (where === undefined || where === 'dm') return { kind: 'failure', failure: failure('not_allowed', 'Insights are per server: run /insights in the server.'), private: true };
    const days = Math.min(typeof options.days === 'number' ? Math.floor(options.days) : 30, log.retentionDays);
    // The console's owner sees everything (as `cli insights` without --guild); a server only its own questions.
    const scope = where === 'console' ? 'all' : 'server';
    const got = await log.insights({
      since: new Date(Date.now() - days * DAY_MS),
      ...(scope === 'server' ? { guild: where } : {}),
      documents: context.engine.corpus.documents.map((d) => ({ id: d.id, title: d.title })),
    });
    if (!got.ok) return { kind: 'failure', failure: got, private: true };
    return { kind: 'insights', insights: { report: got.report, days, scope }, private: options.private !== false };
  },
} satisfies Command;
