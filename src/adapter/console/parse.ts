import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { SUBCOMMAND, type Command, type CommandOptions, type OptionValue } from '../../app/command.ts';
import { failure, type Failure } from '../../core/types.ts';

export type ParsedLine =
  | { readonly ok: true; readonly command: Command; readonly options: CommandOptions }
  | Failure
  | { readonly ok: true; readonly empty: true };

/**
 * Reads a console line the way Discord reads a slash command: `/ask question: what share …? private: true`,
 * or `/ask what share …?` (the text fills the first required option). A line without `/` is a question.
 */
export function parseCommandLine(line: string, commands: readonly Command[]): ParsedLine {
  const trimmed = line.trim();
  if (!trimmed) return { ok: true, empty: true };
  const slash = /^\/(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const name = slash ? slash[1]!.toLowerCase() : 'ask';
  const rest = slash ? slash[2]! : trimmed;
  const command = commands.find((c) => c.data.name === name);
  if (!command) {
    const names = commands.map((c) => `/${c.data.name}`);
    return failure('unknown_command', `There is no command /${name}. Commands: ${names.join(', ')}.`, names.filter((n) => n.startsWith(`/${name[0] ?? ''}`)));
  }
  let definitions = (command.data.options ?? []) as APIApplicationCommandOption[];
  let body = rest;
  const options: Record<string, OptionValue> = {};
  // `/corpus add url: …`: the first word names the subcommand, whose options follow.
  const subcommands = definitions.filter((d) => d.type === ApplicationCommandOptionType.Subcommand);
  if (subcommands.length > 0) {
    const word = /^(\S+)\s*([\s\S]*)$/.exec(rest);
    const sub = subcommands.find((d) => d.name === word?.[1]?.toLowerCase());
    if (!sub) {
      const names = subcommands.map((d) => d.name);
      return failure('bad_option', `/${name} needs one of: ${names.join(', ')} (e.g. /${name} ${names[0]}).`, names.map((n) => `/${name} ${n}`));
    }
    options[SUBCOMMAND] = sub.name;
    definitions = ('options' in sub ? (sub.options ?? []) : []) as APIApplicationCommandOption[];
    body = word![2]!;
  }
  const raw = splitOptions(body, definitions);
  for (const [key, text] of Object.entries(raw)) {
    const definition = definitions.find((d) => d.name === key)!;
    const value = convert(definition, text);
    if (value === undefined) return failure('bad_option', `/${name}: ${key} must be ${describeType(definition.type)}, not "${text}".`);
    options[key] = value;
  }
  for (const definition of definitions) {
    if ('required' in definition && definition.required && options[definition.name] === undefined) {
      return failure('bad_option', `/${name} needs ${definition.name}: ${definition.description.toLowerCase()}. Try /${name} ${definition.name}: …`);
    }
  }
  return { ok: true, command, options };
}

/** Splits `a: x b: y` at known option names; text before any name fills the first required option. */
function splitOptions(rest: string, definitions: readonly APIApplicationCommandOption[]): Record<string, string> {
  const names = definitions.map((d) => d.name);
  const found: Record<string, string> = {};
  if (names.length === 0) return found;
  const marker = new RegExp(`(?:^|\\s)(${names.map(escapeRegExp).join('|')}):`, 'gi');
  const marks = [...rest.matchAll(marker)];
  const leading = (marks.length > 0 ? rest.slice(0, marks[0]!.index) : rest).trim();
  if (leading) {
    const first = definitions.find((d) => 'required' in d && d.required) ?? definitions[0]!;
    found[first.name] = leading;
  }
  marks.forEach((mark, i) => {
    const start = mark.index + mark[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : rest.length;
    found[mark[1]!.toLowerCase()] = rest.slice(start, end).trim();
  });
  return found;
}

function convert(definition: APIApplicationCommandOption, text: string): OptionValue | undefined {
  switch (definition.type) {
    case ApplicationCommandOptionType.Boolean:
      return /^(true|yes|y|1|on)$/i.test(text) ? true : /^(false|no|n|0|off)$/i.test(text) ? false : undefined;
    case ApplicationCommandOptionType.Integer: {
      const n = Number(text);
      return Number.isInteger(n) ? n : undefined;
    }
    case ApplicationCommandOptionType.Number: {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
    }
    case ApplicationCommandOptionType.Attachment: {
      // The console's "upload" is a local path (the console user owns the machine).
      const file = text.trim().replace(/^(['"])(.*)\1$/, '$2');
      if (!file) return undefined;
      const absolute = path.resolve(file);
      return { kind: 'attachment', url: pathToFileURL(absolute).href, name: path.basename(absolute), size: 0 };
    }
    default:
      return text;
  }
}

function describeType(type: ApplicationCommandOptionType): string {
  if (type === ApplicationCommandOptionType.Boolean) return 'true or false';
  if (type === ApplicationCommandOptionType.Integer) return 'a whole number';
  if (type === ApplicationCommandOptionType.Number) return 'a number';
  if (type === ApplicationCommandOptionType.Attachment) return 'a file path';
  return 'text';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
