import dotenv from 'dotenv';
import { runConsole } from './adapter/console/repl.ts';
import type { Bot } from './adapter/discord/bot.ts';
import type { Command } from './app/command.ts';
import { loadCommands } from './app/loadCommands.ts';
import { parseConfig, type Config } from './config/env.ts';
import { corpusDir } from './config/paths.ts';
import { openEngine, type Engine } from './core/engine.ts';
import { createLogger, redact } from './log/logger.ts';

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the local console.
 * Exit codes: 0 done (or stopped by SIGINT/SIGTERM), 1 unexpected, 2 configuration, corpus or token problem
 * (explained on stderr).
 */
async function start(): Promise<number> {
  // quiet: dotenv otherwise prints a banner on stdout, which would spoil piped console output.
  dotenv.config({ quiet: true });
  const configured = parseConfig(process.env);
  if (!configured.ok) {
    for (const problem of configured.problems) process.stderr.write(`config: ${problem}\n`);
    return 2;
  }
  const { config } = configured;
  const opened = await openEngine(corpusDir(config.CORPUS_DIR), (w) => process.stderr.write(`warning: ${w.file}: ${w.reason}\n`));
  if (!opened.ok) {
    process.stderr.write(`policybot: ${opened.message}${opened.hints ? `\n  ${opened.hints.join('\n  ')}` : ''}\n`);
    return 2;
  }
  // The figure and quote ranking indexes are built in the background, between questions.
  void opened.engine.ready();
  const commands = await loadCommands();
  if (config.DISCORD_TOKEN) return runDiscord(config, config.DISCORD_TOKEN, opened.engine, commands);
  await runConsole({ engine: opened.engine, commands }, { input: process.stdin, output: process.stdout });
  return 0;
}

/** The Discord bot until SIGINT/SIGTERM; then in-flight replies are finished before disconnecting. */
async function runDiscord(config: Config, token: string, engine: Engine, commands: Command[]): Promise<number> {
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [token] });
  let signalled: (signal: string) => void = () => {};
  const signal = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (name: string) => () => signalled(name);
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
  // Imported here so the console does not pay for loading discord.js.
  const { startBot } = await import('./adapter/discord/bot.ts');
  let bot: Bot;
  try {
    bot = await startBot({ config: { ...config, DISCORD_TOKEN: token }, engine, commands, logger });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // 401 on REST (TokenInvalid) or the gateway's 4004 "Authentication failed".
    if (code === 'TokenInvalid' || (error instanceof Error && error.message === 'Authentication failed')) {
      process.stderr.write('policybot: the token was rejected by Discord (check DISCORD_TOKEN)\n');
      return 2;
    }
    if (code === 'DisallowedIntents') {
      process.stderr.write('policybot: Discord refused the MessageContent intent that ANSWER_CHANNELS needs: enable "Message Content Intent" for the bot in the Developer Portal, or unset ANSWER_CHANNELS\n');
      return 2;
    }
    logger.error('could not connect to Discord', { error });
    process.stderr.write(`policybot: could not connect to Discord: ${redact(error instanceof Error ? error.message : String(error), [token])}\n`);
    return 1;
  }
  const name = await signal;
  logger.info('stopping', { signal: name });
  await bot.stop();
  return 0;
}

const code = await start().catch((error: unknown) => {
  process.stderr.write(`policybot: unexpected error: ${redact(error instanceof Error ? error.message : String(error), [process.env.DISCORD_TOKEN])}\n`);
  return 1;
});
process.exitCode = code;
// The Discord client may leave keep-alive sockets or timers behind; the bot is done, so leave now.
if (process.env.DISCORD_TOKEN?.trim()) process.exit(code);
