import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs/promises';
import { runConsole } from './adapter/console/repl.ts';
import type { Bot } from './adapter/discord/bot.ts';
import type { AttachmentValue, Command } from './app/command.ts';
import { CorpusAdmin } from './app/corpusAdmin.ts';
import { watchAndReindex } from './app/corpusWatch.ts';
import type { EngineHolder } from './app/engineHolder.ts';
import { loadCommands } from './app/loadCommands.ts';
import { GuildCorpora, type GuildScope } from './app/guilds.ts';
import { loadConfig, type Config } from './config/env.ts';
import { corpusDir, dataDir } from './config/paths.ts';
import { isGuildId } from './core/guild/store.ts';
import { openEngine } from './core/engine.ts';
import { LiveEngine } from './core/live/live.ts';
import { DEFAULT_LIMITS, formatBytes } from './core/ingest/limits.ts';
import { failure, type Outcome } from './core/types.ts';
import { createLogger, redact, type Logger } from './log/logger.ts';
import type { QuestionLog } from './insights/log.ts';
import { questionLogFrom } from './insights/open.ts';

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the local console.
 * Exit codes: 0 done (or stopped by SIGINT/SIGTERM), 1 unexpected, 2 configuration, corpus or token problem
 * (explained on stderr).
 */
async function start(): Promise<number> {
  const config = loadConfig();
  if (!config) return 2;
  const dir = corpusDir(config.CORPUS_DIR);
  const data = dataDir(config.DATA_DIR);
  const inside = path.relative(dir, data);
  if (!inside || (!inside.startsWith('..') && !path.isAbsolute(inside))) {
    // The base corpus would then read every server's documents as its own.
    process.stderr.write(`config: DATA_DIR: must not be inside the corpus folder (${dir})\n`);
    return 2;
  }
  const warn = (w: { file: string; reason: string }) => process.stderr.write(`warning: ${w.file}: ${w.reason}\n`);
  const opened = await openEngine(dir, warn);
  if (!opened.ok) {
    process.stderr.write(`policybot: ${opened.message}${opened.hints ? `\n  ${opened.hints.join('\n  ')}` : ''}\n`);
    return 2;
  }
  // The figure and quote ranking indexes are built in the background, between questions; then the answering code
  // is warmed up (answer/warmup.ts), so that the first users' questions are answered as fast as later ones.
  void opened.engine.ready().then(() => opened.engine.warmUp());
  const commands = await loadCommands();
  // The engine answering now, re-indexed off the main thread and swapped in when the corpus changes (by /corpus
  // or by hand: the folder is watched).
  const live = LiveEngine.of(dir, opened.engine);
  live.on('warning', warn);
  // A re-index someone asked for reports to them; a background assembly (after a layered change) has nobody to
  // tell, and the answers go on from the layers: its failure is logged here.
  live.on('failed', (result) => process.stderr.write(`policybot: re-indexing the corpus failed (${result.message}); answers go on from the engine before it\n`));
  const holder: EngineHolder = live;
  const admin = new CorpusAdmin({ dir, holder });
  const guildsOf = (logger: ReturnType<typeof createLogger>) =>
    new GuildCorpora({
      dataDir: data,
      base: holder,
      limits: { maxDocuments: config.GUILD_MAX_DOCUMENTS, maxBytes: config.GUILD_MAX_BYTES },
      indexBudgetBytes: config.GUILD_INDEX_MB * 1024 * 1024,
      retentionDays: config.GUILD_RETENTION_DAYS,
      logger,
    });
  if (config.DISCORD_TOKEN) return runDiscord(config, config.DISCORD_TOKEN, holder, admin, commands, guildsOf);
  // The console user owns the machine: corpus management without a permission check; reload messages on stderr.
  const logger = createLogger({ level: config.LOG_LEVEL });
  const questionLog = openQuestionLog(config, logger);
  const watch = watchAndReindex({ dir, holder, admin, logger });
  const user = { id: 'console', name: `console:${safeUser()}` };
  // `--guild ID` (or `/guild ID` in the console) acts as that server: its documents beside the base, /corpus on
  // its folder; `/guild` alone goes back to the base corpus.
  const where = { guild: 'console', channel: 'console' };
  const guilds = guildsOf(logger);
  let scope: GuildScope | undefined;
  const switchTo = async (id: string | undefined): Promise<string> => {
    if (!id) {
      scope = undefined;
      return 'Now acting on the base corpus.';
    }
    const opened = await guilds.scope(id);
    if (!opened.ok) return `policybot: ${opened.message}`;
    scope = opened.scope;
    const own = scope.own.current.corpus.documents.length;
    return `Now acting as server ${id}: ${own} document${own === 1 ? '' : 's'} of its own (${scope.dir}) beside the base corpus.`;
  };
  const flag = process.argv.indexOf('--guild');
  if (flag >= 0) {
    const id = process.argv[flag + 1];
    if (!isGuildId(id)) {
      process.stderr.write('policybot: --guild takes a Discord server id (17 to 20 digits)\n');
      return 2;
    }
    const said = await switchTo(id);
    if (said.startsWith('policybot:')) {
      process.stderr.write(`${said}\n`);
      return 2;
    }
  }
  const meta = async (line: string) => {
    const match = /^\/guild(?:\s+(\S+))?\s*$/i.exec(line.trim());
    return match ? switchTo(match[1]) : undefined;
  };
  await runConsole(
    () => (scope ? { engine: scope.holder.current, commands, user, corpus: scope.admin, download: readLocalFile, questionLog, where } : { engine: holder.current, commands, user, corpus: admin, download: readLocalFile, questionLog, where }),
    { input: process.stdin, output: process.stdout },
    meta,
  );
  watch.close();
  guilds.close();
  await questionLog.close();
  return 0;
}

/**
 * The question log, opened in the background (answers never wait for it). Under `npm run start:sharded` every
 * shard is its own process: they share a log only through DATABASE_URL, so without it shards log nothing.
 */
function openQuestionLog(config: Config, logger: Logger): QuestionLog {
  const sharded = process.env.SHARDS !== undefined && process.env.SHARD_COUNT !== undefined;
  if (sharded && !config.DATABASE_URL && config.QUESTION_LOG !== 'off') {
    logger.warn('question log off: sharded bots share it through DATABASE_URL (PostgreSQL); the embedded database is for one process');
    return questionLogFrom({ ...config, QUESTION_LOG: 'off' });
  }
  const log = questionLogFrom(config, { logger, onProblem: (line) => process.stderr.write(`policybot: ${line}\n`) });
  void log.start();
  return log;
}

function safeUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The console's `/corpus add file: PATH`: the local file's bytes, size-checked before reading. */
async function readLocalFile(attachment: AttachmentValue): Promise<Outcome<{ bytes: Uint8Array }>> {
  let file: string;
  try {
    file = fileURLToPath(attachment.url);
  } catch {
    return failure('not_found', `"${attachment.name}" is not a local file.`);
  }
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return failure('not_found', `${file} is not a file.`);
    if (stat.size > DEFAULT_LIMITS.maxBytes) return failure('too_large', `"${attachment.name}" is ${formatBytes(stat.size)}, more than the ${formatBytes(DEFAULT_LIMITS.maxBytes)} a document may be.`);
    return { ok: true, bytes: await fs.readFile(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failure('not_found', code === 'ENOENT' ? `There is no file ${file}.` : `${file} cannot be read (${code ?? 'error'}).`);
  }
}

/** The Discord bot until SIGINT/SIGTERM; then in-flight replies are finished before disconnecting. */
async function runDiscord(
  config: Config,
  token: string,
  holder: EngineHolder,
  admin: CorpusAdmin,
  commands: Command[],
  guildsOf: (logger: ReturnType<typeof createLogger>) => GuildCorpora,
): Promise<number> {
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [token] });
  // Each server answers from the base and its own documents, and /corpus there manages its own documents only.
  const guilds = guildsOf(logger);
  let signalled: (signal: string) => void = () => {};
  const signal = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (name: string) => () => signalled(name);
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
  // Imported here so the console does not pay for loading discord.js.
  const { startBot } = await import('./adapter/discord/bot.ts');
  const questionLog = openQuestionLog(config, logger);
  let bot: Bot;
  try {
    bot = await startBot({ config: { ...config, DISCORD_TOKEN: token }, holder, admin, guilds, commands, logger, questionLog });
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
  const watch = watchAndReindex({ dir: admin.dir, holder, admin, logger });
  const name = await signal;
  logger.info('stopping', { signal: name });
  watch.close();
  await bot.stop();
  await questionLog.close();
  return 0;
}

const code = await start().catch((error: unknown) => {
  process.stderr.write(`policybot: unexpected error: ${redact(error instanceof Error ? error.message : String(error), [process.env.DISCORD_TOKEN])}\n`);
  return 1;
});
process.exitCode = code;
// The Discord client may leave keep-alive sockets or timers behind; the bot is done, so leave now.
if (process.env.DISCORD_TOKEN?.trim()) process.exit(code);
