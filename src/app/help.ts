import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import type { Command, HelpEntry } from './command.ts';

const PLACEHOLDER: Partial<Record<ApplicationCommandOptionType, string>> = {
  [ApplicationCommandOptionType.String]: 'text',
  [ApplicationCommandOptionType.Integer]: 'number',
  [ApplicationCommandOptionType.Number]: 'number',
  [ApplicationCommandOptionType.Boolean]: 'true|false',
};

/** `/ask question:<text> [document:<text>] [private:<true|false>]` */
export function usageOf(command: Command): string {
  const options = (command.data.options ?? []) as APIApplicationCommandOption[];
  const parts = options.map((o) => {
    const part = `${o.name}:<${PLACEHOLDER[o.type] ?? 'value'}>`;
    return 'required' in o && o.required ? part : `[${part}]`;
  });
  return [`/${command.data.name}`, ...parts].join(' ');
}

export function helpEntries(commands: readonly Command[]): HelpEntry[] {
  return commands.map((c) => ({ name: c.data.name, description: c.data.description ?? '', usage: usageOf(c) }));
}
