/**
 * The Discord bot: a discord.js client wired to the interaction router and the channel Q&A handler.
 * Mentions can never ping anyone: `allowedMentions: { parse: [] }` is set on the client, and every reply
 * repeats it. REST goes to DISCORD_API_BASE (Discord, a REST proxy, or a test fake).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits, RESTEvents, type ClientOptions } from 'discord.js';
import type { Command } from '../../app/command.ts';
import type { CorpusAdmin } from '../../app/corpusAdmin.ts';
import type { GuildCorpora } from '../../app/guilds.ts';
import { fixedEngine, type EngineHolder } from '../../app/engineHolder.ts';
import type { Config } from '../../config/env.ts';
import type { Engine } from '../../core/engine.ts';
import type { QuestionLog } from '../../insights/log.ts';
import type { Logger } from '../../log/logger.ts';
import { createCooldown } from './cooldown.ts';
import { engineVersion } from './customId.ts';
import { DEFAULT_DEFER_AFTER_MS, createInteractionHandler, type DiscordDeps } from './interactions.ts';
import { createMessageHandler } from './messages.ts';

export type BotConfig = Pick<Config, 'DISCORD_API_BASE' | 'COOLDOWN_COMMANDS' | 'COOLDOWN_SECONDS' | 'ANSWER_CHANNELS'> & { readonly DISCORD_TOKEN: string };

export interface BotOptions {
  readonly config: BotConfig;
  /** The engine to answer from, when it never changes; otherwise `holder`. */
  readonly engine?: Engine;
  /** The engine answering now (`holder.current`, read per interaction) and its re-index. Takes precedence over `engine`. */
  readonly holder?: EngineHolder;
  /** Corpus management for /corpus (in guilds). Without it, /corpus says it is not available. */
  readonly admin?: CorpusAdmin;
  /** Server documents: each server answers from the base and its own documents and manages only those. */
  readonly guilds?: GuildCorpora;
  readonly commands: readonly Command[];
  readonly logger: Logger;
  /** Defer a slash command that has not answered after this long (default 1500 ms; Discord allows 3 s). */
  readonly deferAfterMs?: number;
  /** Clock for the cooldown (tests). */
  readonly now?: () => number;
  /** The question log (answers recorded, 👍/👎, /insights, /privacy). Without it nothing is recorded. */
  readonly questionLog?: QuestionLog;
  /** Extra discord.js client options (merged; `rest` is merged with the API base). */
  readonly clientOptions?: Partial<ClientOptions>;
}

export interface Bot {
  readonly client: Client<true>;
  /** Stops taking new events, waits for in-flight replies (at most `timeoutMs`), then disconnects. */
  stop(timeoutMs?: number): Promise<void>;
  /** How many replies are being worked on right now. */
  inFlight(): number;
}

/** Guilds for slash commands, GuildMessages for mentions; MessageContent (privileged) only for ANSWER_CHANNELS. */
export function intentsFor(config: Pick<Config, 'ANSWER_CHANNELS'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  if (config.ANSWER_CHANNELS.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

export function createClient(config: BotConfig, extra: Partial<ClientOptions> = {}): Client {
  return new Client({
    ...extra,
    intents: extra.intents ?? intentsFor(config),
    allowedMentions: { parse: [] },
    rest: { ...extra.rest, api: config.DISCORD_API_BASE },
  });
}

/** Creates the client, logs in and resolves once it is ready (guilds received). Rejects as `client.login` does. */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const client = createClient(config, options.clientOptions);
  const holder = options.holder ?? (options.engine ? fixedEngine(options.engine) : undefined);
  if (!holder) throw new Error('startBot needs an engine or an engine holder');
  const deps: DiscordDeps = {
    holder,
    commands: options.commands,
    logger,
    ...(options.admin ? { admin: options.admin } : {}),
    ...(options.guilds ? { guilds: options.guilds } : {}),
    cooldown: createCooldown({ limit: config.COOLDOWN_COMMANDS, windowMs: config.COOLDOWN_SECONDS * 1000, ...(options.now ? { now: options.now } : {}) }),
    deferAfterMs: options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
    ...(options.questionLog ? { questionLog: options.questionLog } : {}),
  };
  const onInteraction = createInteractionHandler(deps);
  const onMessage = createMessageHandler({ ...deps, answerChannels: new Set(config.ANSWER_CHANNELS) });

  const inflight = new Set<Promise<void>>();
  let stopping = false;
  const track = (work: Promise<void>) => {
    const tracked = work.catch((error: unknown) => logger.error('handler crashed', { error }));
    inflight.add(tracked);
    void tracked.finally(() => inflight.delete(tracked));
  };
  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(onInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopping) track(onMessage(message));
  });
  const guilds = options.guilds;
  if (guilds) {
    // GUILD_DELETE for a server the bot left (discord.js reports an outage, `unavailable: true`, as GuildUnavailable
    // instead, and so never here): its documents are kept for the retention period, then deleted.
    client.on(Events.GuildDelete, (guild) => {
      if (guild.available === false) return;
      track(guilds.left(guild.id));
    });
    client.on(Events.GuildCreate, (guild) => track(guilds.joined(guild.id)));
  }
  client.on(Events.Error, (error) => logger.error('client error', { error }));
  client.on(Events.Warn, (message) => logger.warn('discord.js warning', { detail: message }));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn('gateway disconnected', { shard, code: event.code }));
  client.on(Events.ShardReconnecting, (shard) => logger.debug('gateway reconnecting', { shard }));
  client.on(Events.ShardResume, (shard, replayed) => logger.info('gateway resumed', { shard, replayed }));
  client.rest.on(RESTEvents.RateLimited, (info) => logger.warn('rate limited', { route: info.route, retryAfterMs: info.retryAfter, global: info.global }));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(config.DISCORD_TOKEN);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  const readyClient = await ready;
  // Folders of servers left longer ago than the retention period: deleted at start, then twice a day.
  let sweeper: NodeJS.Timeout | undefined;
  if (guilds) {
    const sweep = () => track(guilds.sweep().then(() => undefined));
    sweep();
    sweeper = setInterval(sweep, 12 * 3600_000);
    sweeper.unref();
  }
  logger.info('ready', {
    user: readyClient.user.tag,
    guilds: readyClient.guilds.cache.size,
    shards: readyClient.shard?.ids ?? [0],
    commands: options.commands.map((c) => c.data.name),
    corpusVersion: engineVersion(holder.current),
    answerChannels: config.ANSWER_CHANNELS.length,
  });

  return {
    client: readyClient,
    inFlight: () => inflight.size,
    async stop(timeoutMs = 10_000) {
      if (stopping) return;
      stopping = true;
      if (sweeper) clearInterval(sweeper);
      const pending = [...inflight];
      if (pending.length > 0) logger.info('finishing in-flight replies', { count: pending.length });
      const timer = new AbortController();
      const finished = await Promise.race([
        Promise.allSettled(pending).then(() => true),
        sleep(timeoutMs, false, { signal: timer.signal }).catch(() => false),
      ]);
      timer.abort();
      if (!finished) logger.warn('gave up waiting for in-flight replies', { count: inflight.size, timeoutMs });
      await client.destroy();
      guilds?.close();
      logger.info('disconnected');
    },
  };
}
