import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../config/paths.ts';
import type { Command } from './command.ts';

export const COMMANDS_DIR = path.join(PROJECT_ROOT, 'commands');

/** Discord's rule for command and option names. */
const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

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
  const options = data.options ?? [];
  if (options.length > 25) problems.push('more than 25 options');
  let seenOptional = false;
  for (const option of options) {
    if (!NAME.test(option.name)) problems.push(`option "${option.name}" is not a valid option name`);
    if (!option.description || option.description.length > 100) problems.push(`option "${option.name}" needs a description of 1-100 characters`);
    const required = 'required' in option && option.required === true;
    if (required && seenOptional) problems.push(`required option "${option.name}" comes after an optional one`);
    if (!required) seenOptional = true;
    if ('autocomplete' in option && option.autocomplete && typeof command.autocomplete !== 'function') {
      problems.push(`option "${option.name}" asks for autocomplete but the command has no \`autocomplete\``);
    }
  }
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
