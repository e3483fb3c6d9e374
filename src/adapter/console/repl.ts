import readline from 'node:readline';
import type { Command, CommandContext } from '../../app/command.ts';
import { recordReply } from '../../app/insights.ts';
import { parseCommandLine } from './parse.ts';
import { renderReply } from './reply.ts';
import { styleFor } from './style.ts';

export interface ConsoleIO {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WriteStream;
}

/** Runs one console line; returns the text to print (empty for a blank line). */
export async function runLine(line: string, context: CommandContext, output: NodeJS.WriteStream): Promise<string> {
  const parsed = parseCommandLine(line, context.commands);
  if ('empty' in parsed) return '';
  if (!parsed.ok) return renderReply({ kind: 'failure', failure: parsed }, styleFor(output));
  const started = performance.now();
  const reply = await parsed.command.execute(parsed.options, context);
  // Console answers are logged as the server 'console' (queued; the console has no 👍/👎 buttons).
  recordReply(context.questionLog, reply, { where: context.where ?? { guild: 'console', channel: 'console' }, userId: context.user?.id ?? 'console', command: parsed.command.data.name, latencyMs: performance.now() - started, engine: context.engine });
  return renderReply(reply, styleFor(output));
}

/**
 * The local console: the same slash commands as in Discord. On a terminal it prompts and completes command
 * names; otherwise it reads one command a line and ends at end of input (`echo "/ask …" | npm start`).
 */
export async function runConsole(
  contextOf: CommandContext | (() => CommandContext),
  io: ConsoleIO,
  /** Console-only lines (`/guild 123`): the text to print when the line was one, undefined otherwise. */
  meta?: (line: string) => Promise<string | undefined>,
): Promise<void> {
  // A function gives a fresh context per line: the engine answering now (the corpus may be re-indexed meanwhile).
  const current = typeof contextOf === 'function' ? contextOf : () => contextOf;
  const context = current();
  const interactive = io.input.isTTY === true;
  const names = context.commands.map((c) => `/${c.data.name}`).concat(meta ? ['/guild', '/exit'] : ['/exit']);
  const rl = readline.createInterface({
    input: io.input,
    output: interactive ? io.output : undefined,
    terminal: interactive,
    crlfDelay: Infinity,
    ...(interactive ? { completer: (line: string) => [names.filter((n) => n.startsWith(line)), line] as [string[], string] } : {}),
  });
  if (interactive) {
    const count = context.engine.corpus.documents.length;
    io.output.write(`policybot console — ${count} document${count === 1 ? '' : 's'} loaded. Type /help, a command, or a question.\n`);
    rl.setPrompt('policybot> ');
    rl.prompt();
  }
  let printed = 0;
  for await (const line of rl) {
    if (/^\/(exit|quit)\s*$/i.test(line.trim())) break;
    const text = (await meta?.(line)) ?? (await runLine(line, current(), io.output));
    // Answers are separated by a blank line, piped or not.
    if (text) io.output.write(`${interactive || printed++ === 0 ? '' : '\n'}${text}\n${interactive ? '\n' : ''}`);
    if (interactive) rl.prompt();
  }
  rl.close();
}
