/**
 * The real bot (startBot with the real discord.js client) on the seed corpus against the fake Discord.
 */
import type { ClientOptions } from 'discord.js';
import { startBot, type Bot, type BotConfig } from '../../src/adapter/discord/bot.ts';
import type { Command } from '../../src/app/command.ts';
import type { CorpusAdmin } from '../../src/app/corpusAdmin.ts';
import type { EngineHolder } from '../../src/app/engineHolder.ts';
import type { GuildCorpora } from '../../src/app/guilds.ts';
import { loadCommands } from '../../src/app/loadCommands.ts';
import { openEngine, type Engine } from '../../src/core/engine.ts';
import type { QuestionLog } from '../../src/insights/log.ts';
import { createLogger } from '../../src/log/logger.ts';
import { SEED_CORPUS } from '../support/corpus.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fake-discord/server.ts';

export const OLED_QUESTION = 'What share of OLED shipments did domestic manufacturers have?';
export const SEED_TITLE = 'Stable chain and strong chain optimize layout (new economic orientation, consolidate the trend of economic recovery)';
export const SEED_DOC = '2022-08-14-stable-chain-and-strong-chain-optimize-layout';

let seedEngine: Promise<Engine> | null = null;

/** The seed corpus's engine, opened once per test file. */
export function seed(): Promise<Engine> {
  seedEngine ??= openEngine(SEED_CORPUS).then((opened) => {
    if (!opened.ok) throw new Error(opened.message);
    return opened.engine;
  });
  return seedEngine;
}

export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: Bot;
  readonly engine: Engine;
  /** Log lines (JSON) the bot wrote. */
  readonly logs: string[];
  /** Parsed log records. */
  records(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  fake?: FakeDiscordOptions;
  config?: Partial<BotConfig>;
  commands?: Command[];
  engine?: Engine;
  /** An engine that re-indexes (takes precedence over `engine`), and corpus management for /corpus. */
  holder?: EngineHolder;
  admin?: CorpusAdmin;
  /** Server documents (each server its own, beside the base). */
  guilds?: GuildCorpora;
  deferAfterMs?: number;
  now?: () => number;
  clientOptions?: Partial<ClientOptions>;
  questionLog?: QuestionLog;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  const engine = options.holder?.current ?? options.engine ?? (await seed());
  const commands = options.commands ?? (await loadCommands());
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line), secrets: [fake.token] });
  try {
    const bot = await startBot({
      config: {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_BASE: fake.apiBase,
        COOLDOWN_COMMANDS: 5,
        COOLDOWN_SECONDS: 10,
        ANSWER_CHANNELS: [],
        ...options.config,
      },
      engine,
      ...(options.holder ? { holder: options.holder } : {}),
      ...(options.admin ? { admin: options.admin } : {}),
      ...(options.guilds ? { guilds: options.guilds } : {}),
      commands,
      logger,
      deferAfterMs: options.deferAfterMs ?? 1500,
      ...(options.now ? { now: options.now } : {}),
      ...(options.questionLog ? { questionLog: options.questionLog } : {}),
      // retries: 0 -> a broken route fails at once (429s are still retried).
      clientOptions: { rest: { retries: 0, timeout: 2_000 }, ...options.clientOptions },
    });
    return {
      fake,
      bot,
      engine,
      logs,
      records: () => logs.map((line) => JSON.parse(line) as Record<string, unknown>),
      async close() {
        await bot.stop(2_000);
        await fake.close();
      },
    };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

/** Each test gets a fresh user id, so the per-user cooldown of one test never spills into another. */
let userSeq = 0;
export function freshUser(): { id: string; username: string } {
  userSeq += 1;
  return { id: `14000000000000${String(userSeq).padStart(5, '0')}`, username: `asker${userSeq}` };
}
