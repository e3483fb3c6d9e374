import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILT, DIST_DIR, PROJECT_ROOT } from '../config/paths.ts';
import type { Command } from './command.ts';

/** The command files: `commands/*.ts` from source, their bundles `dist/commands/*.js` when built. */
export const COMMANDS_DIR = path.join(BUILT ? DIST_DIR : PROJECT_ROOT, 'commands');

/** Discord's rule for command and option names. */
const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

type RawOption = { name: string; description?: string; type: number; required?: boolean; autocomplete?: boolean; options?: readonly RawOption[] };

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

/**
 * Problems of an option list: names, descriptions, at most 25, required before optional, autocomplete backed by
 * the command; subcommands (and groups) are checked the same way, one level down, and may not be mixed with
 * plain options.
 */
function optionProblems(options: readonly RawOption[], where: string, hasAutocomplete: boolean, depth = 0): string[] {
  const problems: string[] = [];
  if (options.length > 25) problems.push(`more than 25 options${where}`);
  const nested = options.filter((o) => o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP);
  if (nested.length > 0 && nested.length < options.length) problems.push(`subcommands and plain options are mixed${where}`);
  let seenOptional = false;
  for (const option of options) {
    const label = where ? `option "${option.name}"${where}` : `option "${option.name}"`;
    if (!NAME.test(option.name)) problems.push(`${label} is not a valid option name`);
    if (!option.description || option.description.length > 100) problems.push(`${label} needs a description of 1-100 characters`);
    if (option.type === SUBCOMMAND || option.type === SUBCOMMAND_GROUP) {
      if (option.type === SUBCOMMAND_GROUP && depth > 0) problems.push(`${label}: a subcommand group cannot sit inside a subcommand`);
      const inner = option.options ?? [];
      if (option.type === SUBCOMMAND && inner.some((o) => o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP)) problems.push(`${label}: a subcommand cannot hold subcommands`);
      if (option.type === SUBCOMMAND_GROUP && inner.some((o) => o.type !== SUBCOMMAND)) problems.push(`${label}: a subcommand group holds subcommands only`);
      problems.push(...optionProblems(inner, ` in "${option.name}"${where}`, hasAutocomplete, depth + 1));
      continue;
    }
    const required = option.required === true;
    if (required && seenOptional) problems.push(`required ${label} comes after an optional one`);
    if (!required) seenOptional = true;
    if (option.autocomplete && !hasAutocomplete) problems.push(`${label} asks for autocomplete but the command has no \`autocomplete\``);
  }
  return problems;
}

/** Checks a module's default export is a well-formed command; returns every problem found. */
export function commandProblems(value: unknown, fileBase: string): string[] {
  if (typeof value !== 'object' || value === null) return ['its default export is not a command object'];
  const command = value as Partial<Command>;
  const problems: string[] = [];
  const data = command.data;
  if (!data || typeof data !== 'object') return ['it has no `data` definition'];
  if (!NAME.test(data.name ?? '')) problems.push(`name "${data.name}" is not a valid command name`);
  if (data.name !== fileBase) problems.push(`name "${data.name}" does not match its file name "${fileBase}"`);
  if (!data.description || data.description.length > 100) problems.push('description must be 1-100 characters');
  if (typeof command.execute !== 'function') problems.push('`execute` is not a function');
  if (command.button !== undefined && typeof command.button !== 'function') problems.push('`button` is not a function');
  problems.push(...optionProblems((data.options ?? []) as readonly RawOption[], '', typeof command.autocomplete === 'function'));
  return problems;
}

/** Imports and validates every command file; throws one error listing all problems. */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Command[]> {
  const files = (await fs.readdir(dir)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts')).sort();
  const commands: Command[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
    const found = commandProblems(module.default, file.replace(/\.[^.]+$/, ''));
    if (found.length > 0) problems.push(...found.map((p) => `commands/${file}: ${p}`));
    else commands.push(module.default as Command);
  }
  if (problems.length > 0) throw new Error(`policybot: invalid command files:\n  ${problems.join('\n  ')}`);
  return commands;
}
