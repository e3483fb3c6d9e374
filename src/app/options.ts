import { ApplicationCommandOptionType, type APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import type { Engine } from '../core/engine.ts';
import { filterChoices } from './choices.ts';
import type { Outcome } from '../core/types.ts';
import type { Choice, CommandOptions, Reply } from './command.ts';

/** Options several commands share, declared once so that they read the same everywhere. */
export const DOCUMENT_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'document',
  description: 'Only this document (start typing its title)',
  autocomplete: true,
  max_length: 200,
} as const satisfies APIApplicationCommandBasicOption;

export const PRIVATE_OPTION = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'private',
  description: 'Show the answer to you only',
} as const satisfies APIApplicationCommandBasicOption;

/** A string option's value, trimmed; undefined when absent or blank. */
export function textOption(options: CommandOptions, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Document choices: titles (with dates) for what was typed, valued by document id. */
export function documentChoices(engine: Engine, typed: string): Choice[] {
  return filterChoices(engine.corpus.documents.map((d) => ({ name: `${d.title}${d.date ? ` (${d.date})` : ''}`, value: d.id })), typed);
}

/**
 * A core outcome as a command's Reply: the answer, private when the user asked for it, or the expected failure
 * as a polite reply only the user sees.
 */
export function replyOf<T>(outcome: Outcome<T>, options: CommandOptions, toReply: (value: T, isPrivate: boolean) => Reply): Reply {
  return outcome.ok ? toReply(outcome, options.private === true) : { kind: 'failure', failure: outcome, private: true };
}
