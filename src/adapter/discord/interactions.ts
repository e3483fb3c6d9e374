/**
 * One router for everything Discord sends as an interaction: slash commands, autocomplete and buttons.
 * Commands are platform-neutral (`Command.execute(options, context)` → Reply); this file turns discord.js
 * interactions into options and Replies into responses, within Discord's 3-second acknowledgement deadline.
 */
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import {
  ApplicationCommandOptionType,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { APIApplicationCommandOption } from 'discord-api-types/v10';
import { SUBCOMMAND, type Choice, type Command, type CommandContext, type CommandOptions, type OptionValue, type Reply } from '../../app/command.ts';
import type { CorpusAdmin } from '../../app/corpusAdmin.ts';
import type { EngineHolder } from '../../app/engineHolder.ts';
import type { GuildCorpora } from '../../app/guilds.ts';
import { recordReply } from '../../app/insights.ts';
import type { QuestionLog } from '../../insights/log.ts';
import { COMMENT_MAX_CHARS } from '../../insights/text.ts';
import type { Engine } from '../../core/engine.ts';
import { errorId, type Logger } from '../../log/logger.ts';
import type { Cooldown } from './cooldown.ts';
import { attachChart, type ChartRenderer } from './chartAttachment.ts';
import { decodeButtonId, decodeChartButtonId, decodeCommandButtonId, decodeFeedbackId, encodeFeedbackId, engineVersion, parseQuestionFooter, parseStatsFooter, questionHash } from './customId.ts';
import { LIMITS, cutAtWord } from './limits.ts';
import { EXPIRED_NOTICE, STATS_EXPIRED_NOTICE, cooldownNotice, errorNotice, renderNotice, renderParagraph, renderReply, type MessagePayload } from './render.ts';

/** What the Discord handlers share. */
export interface DiscordDeps {
  /** The engine answering now is `holder.current`, read once per interaction (a re-index swaps it). */
  readonly holder: EngineHolder;
  readonly commands: readonly Command[];
  readonly logger: Logger;
  /** Corpus management for /corpus, offered in guilds only (Discord limits who sees the command). */
  readonly admin?: CorpusAdmin;
  readonly cooldown: Cooldown;
  /** A command that has not answered after this long is deferred ("thinking…") and edited later. */
  readonly deferAfterMs: number;
  /**
   * Server documents: in a server, answers come from the base and that server's documents, and /corpus manages
   * that server's documents only (`admin`, the base's, is then never offered in Discord). Without it, every server
   * shares the one corpus.
   */
  readonly guilds?: GuildCorpora;
  /** The question log: answers are recorded and carry 👍/👎; /insights and /privacy read it. */
  readonly questionLog?: QuestionLog;
  /** Draws /stats and /insights charts (default: the chart module's PNG renderer); tests swap in a failing one. */
  readonly renderChart?: ChartRenderer;
}

/** Where an interaction or message is answered from: its server's scope (base + server documents), or the base. */
export interface AnswerScope {
  readonly holder: EngineHolder;
  readonly admin?: CorpusAdmin;
}

/** The scope of a server (by id; null in DMs): with `guilds`, that server's; otherwise the one shared corpus. */
export async function scopeFor(deps: DiscordDeps, guildId: string | null): Promise<AnswerScope> {
  if (!guildId) return { holder: deps.holder };
  if (!deps.guilds) return { holder: deps.holder, ...(deps.admin ? { admin: deps.admin } : {}) };
  const scope = await deps.guilds.scope(guildId);
  // A guild id that is not a snowflake never names a folder: the base answers, and nothing can be managed.
  return scope.ok ? { holder: scope.scope.holder, admin: scope.scope.admin } : { holder: deps.holder };
}

export const DEFAULT_DEFER_AFTER_MS = 1500;

/** The subcommand chosen (`/corpus add` → `add`; a group's as `group sub`), or undefined. */
export function subcommandOf(interaction: ChatInputCommandInteraction): string | undefined {
  const sub = interaction.options.getSubcommand(false);
  if (!sub) return undefined;
  const group = interaction.options.getSubcommandGroup(false);
  return group ? `${group} ${sub}` : sub;
}

/**
 * discord.js's option list as the plain `CommandOptions` record every adapter hands to commands (the subcommand's
 * options flattened in; its name is added by the caller under SUBCOMMAND). Attachments become AttachmentValues.
 */
export function optionsOf(data: readonly CommandInteractionOption[]): CommandOptions {
  const options: Record<string, OptionValue> = {};
  for (const option of data) {
    if (option.type === ApplicationCommandOptionType.Attachment && option.attachment) {
      const a = option.attachment;
      options[option.name] = { kind: 'attachment', url: a.url, name: a.name, size: a.size, ...(a.contentType ? { contentType: a.contentType } : {}) };
    } else if (option.options) Object.assign(options, optionsOf(option.options));
    else if (option.value !== undefined && option.value !== null) options[option.name] = option.value;
  }
  return options;
}

/** The message options discord.js takes for edits and updates, from a rendered payload (no flags). */
export function editOptions(payload: MessagePayload) {
  return {
    ...(payload.content !== undefined ? { content: payload.content } : {}),
    embeds: payload.embeds,
    components: payload.components,
    ...(payload.files ? { files: payload.files.map((f) => ({ attachment: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength), name: f.name })) } : {}),
    allowedMentions: { parse: [] as [] },
  };
}

/** The options for a new reply: as for edits, plus the ephemeral flag when the payload has it. */
export function replyOptions(payload: MessagePayload) {
  const ephemeral = ((payload.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  return { ...editOptions(payload), ...(ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) };
}

const isEphemeral = (payload: MessagePayload) => ((payload.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** A command's context for one interaction: the engine answering now; corpus management in guilds only. */
function contextOf(deps: DiscordDeps, interaction: Interaction, engine: Engine, scope: AnswerScope): CommandContext {
  const admin = interaction.inGuild() ? scope.admin : undefined;
  return {
    engine,
    commands: deps.commands,
    user: { id: interaction.user.id, name: interaction.user.username },
    buttons: true,
    where: { guild: interaction.guildId ?? 'dm', ...(interaction.channelId ? { channel: interaction.channelId } : {}) },
    ...(deps.questionLog ? { questionLog: deps.questionLog } : {}),
    ...(admin ? { corpus: admin, download: (attachment) => admin.download(attachment.url, attachment.size) } : {}),
  };
}

/** Sanitized autocomplete choices: at most 25, names 1-100 characters, values at most 100 (longer ones dropped). */
export function fitChoices(choices: readonly Choice[]): Choice[] {
  return choices
    .filter((c) => typeof c?.name === 'string' && typeof c.value === 'string' && c.value.length <= LIMITS.choiceValue)
    .map((c) => ({ name: cutAtWord(c.name.replace(/\s+/g, ' ').trim(), LIMITS.choiceName), value: c.value }))
    .filter((c) => c.name.length > 0)
    .slice(0, LIMITS.choices);
}

type Mode = { kind: 'reply'; deferEphemeral: boolean } | { kind: 'update' };

/**
 * Acknowledges within the deadline: the work races a timer; the answer is sent directly when it is quick,
 * otherwise the interaction is deferred first and the answer edited in. Returns whether it deferred.
 */
async function respond(interaction: RepliableInteraction, deps: DiscordDeps, work: () => Promise<MessagePayload>, mode: Mode): Promise<boolean> {
  const timer = new AbortController();
  // Yield once so the timer is armed before any synchronous core work starts.
  const result = yieldToLoop().then(work);
  const first = await Promise.race([
    result.then((payload) => ({ payload })),
    sleep(deps.deferAfterMs, null, { signal: timer.signal }).catch(() => null),
  ]).finally(() => timer.abort());
  if (first) {
    if (mode.kind === 'update' && interaction.isMessageComponent() && !isEphemeral(first.payload)) await interaction.update(editOptions(first.payload));
    else await interaction.reply(replyOptions(first.payload));
    return false;
  }
  if (mode.kind === 'update' && interaction.isMessageComponent()) {
    await interaction.deferUpdate();
    const payload = await result;
    if (isEphemeral(payload)) await interaction.followUp(replyOptions(payload));
    else await interaction.editReply(editOptions(payload));
    return true;
  }
  const deferEphemeral = mode.kind === 'reply' && mode.deferEphemeral;
  await interaction.deferReply(deferEphemeral ? { flags: MessageFlags.Ephemeral } : {});
  const payload = await result;
  if (isEphemeral(payload) && !deferEphemeral) {
    // A public "thinking…" cannot become private: replace it by an ephemeral follow-up.
    await interaction.deleteReply();
    await interaction.followUp(replyOptions(payload));
  } else {
    await interaction.editReply(editOptions(payload));
  }
  return true;
}

/** The one catch of the adapter: logs the error with an id and tells the user politely, showing the id. */
export async function reportFailure(interaction: Interaction, deps: DiscordDeps, error: unknown, fields: Record<string, unknown>): Promise<void> {
  const id = errorId();
  deps.logger.error('interaction failed', { errorId: id, ...fields, error });
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
      return;
    }
    if (!interaction.isRepliable()) return;
    const notice = replyOptions(renderNotice(errorNotice(id)));
    if (interaction.deferred && !interaction.replied && !interaction.isMessageComponent()) await interaction.editReply({ content: notice.content ?? '', embeds: [], components: [] });
    else if (interaction.deferred || interaction.replied) await interaction.followUp(notice);
    else await interaction.reply(notice);
  } catch (secondary) {
    deps.logger.warn('could not tell the user about an error', { errorId: id, error: secondary });
  }
}

export function createInteractionHandler(deps: DiscordDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    const fields = { interaction: interaction.type, user: interaction.user.id, guild: interaction.guildId ?? undefined };
    try {
      if (interaction.isChatInputCommand()) await onChatInput(interaction, deps);
      else if (interaction.isAutocomplete()) await onAutocomplete(interaction, deps);
      else if (interaction.isButton()) await onButton(interaction, deps);
      else if (interaction.isModalSubmit()) await onModalSubmit(interaction, deps);
    } catch (error) {
      await reportFailure(interaction, deps, error, { ...fields, ...describe(interaction) });
    }
  };
}

function describe(interaction: Interaction): Record<string, unknown> {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) return { command: interaction.commandName };
  if (interaction.isButton()) return { button: interaction.customId };
  if (interaction.isModalSubmit()) return { modal: interaction.customId };
  return {};
}

/** Facts about a reply for the log line. */
export function replyFacts(reply: Reply): Record<string, unknown> {
  switch (reply.kind) {
    case 'answer':
      return { results: reply.answer.results.length, abstained: reply.answer.abstained };
    case 'failure':
      return { failure: reply.failure.code };
    default:
      return { reply: reply.kind };
  }
}

async function onChatInput(interaction: ChatInputCommandInteraction, deps: DiscordDeps): Promise<void> {
  const command = deps.commands.find((c) => c.data.name === interaction.commandName);
  if (!command) {
    await interaction.reply(replyOptions(renderNotice(`I don't know /${interaction.commandName} (any more). Try \`/help\`.`)));
    return;
  }
  const allowed = deps.cooldown.take(interaction.user.id);
  if (!allowed.ok) {
    deps.logger.info('cooldown', { command: command.data.name, user: interaction.user.id });
    await interaction.reply(replyOptions(renderNotice(cooldownNotice(allowed.retryAt))));
    return;
  }
  const subcommand = subcommandOf(interaction);
  const options: CommandOptions = { ...optionsOf(interaction.options.data), ...(subcommand ? { [SUBCOMMAND]: subcommand } : {}) };
  await answerWith(interaction, deps, (context) => command.execute(options, context), { kind: 'reply', deferEphemeral: options.private === true }, 'command', {
    command: command.data.name,
    ...(typeof options[SUBCOMMAND] === 'string' ? { subcommand: options[SUBCOMMAND] } : {}),
    guild: interaction.guildId ?? undefined,
  });
}

/**
 * Runs a command's work against the engine answering now, renders its Reply (deferring when slow), and logs the
 * outcome with its latency under `event`.
 */
async function answerWith(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  deps: DiscordDeps,
  work: (context: CommandContext) => Reply | Promise<Reply>,
  mode: Mode,
  event: string,
  fields: Record<string, unknown>,
): Promise<void> {
  const started = performance.now();
  // A server's first interaction opens its documents' index (from its snapshot): inside the deadline's race.
  let engine: Engine | undefined;
  let reply: Reply | undefined;
  const deferred = await respond(
    interaction,
    deps,
    async () => {
      const scope = await scopeFor(deps, interaction.guildId);
      engine = scope.holder.current;
      reply = await work(contextOf(deps, interaction, engine, scope));
      // Slash-command answers are logged (queued: no I/O here) and get 👍/👎; button presses re-render, not re-log.
      const feedback =
        event === 'command' && interaction.isChatInputCommand()
          ? recordReply(deps.questionLog, reply, { where: { guild: interaction.guildId ?? 'dm', ...(interaction.channelId ? { channel: interaction.channelId } : {}) }, userId: interaction.user.id, command: String(fields.command ?? interaction.commandName), latencyMs: performance.now() - started, engine })
          : undefined;
      return attachChart(renderReply(reply, { version: engineVersion(engine), ...(feedback ? { feedback } : {}) }), deps.logger, deps.renderChart);
    },
    mode,
  );
  deps.logger.info(event, { ...fields, user: interaction.user.id, latencyMs: Math.round(performance.now() - started), deferred, ...(reply ? replyFacts(reply) : {}) });
}

async function onAutocomplete(interaction: AutocompleteInteraction, deps: DiscordDeps): Promise<void> {
  const command = deps.commands.find((c) => c.data.name === interaction.commandName);
  let choices: Choice[] = [];
  try {
    const focused = interaction.options.getFocused(true);
    // The focused option's definition, inside the subcommand (and group) chosen when there is one.
    let definitions = (command?.data.options ?? []) as APIApplicationCommandOption[];
    for (const name of [interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)]) {
      const nested = name ? definitions.find((o) => o.name === name) : undefined;
      if (nested && 'options' in nested) definitions = (nested.options ?? []) as APIApplicationCommandOption[];
    }
    const definition = definitions.find((o) => o.name === focused.name);
    const wantsAutocomplete = definition !== undefined && 'autocomplete' in definition && definition.autocomplete === true;
    if (command?.autocomplete && wantsAutocomplete) {
      const scope = await scopeFor(deps, interaction.guildId);
      choices = fitChoices(command.autocomplete(focused.name, String(focused.value ?? ''), contextOf(deps, interaction, scope.holder.current, scope)));
    }
  } catch (error) {
    deps.logger.warn('autocomplete failed; answering no choices', { command: interaction.commandName, error });
    choices = [];
  }
  await interaction.respond(choices);
}

/** A button of a command's reply (`pbc:<command>:<action>`): the command answers the press. */
async function onCommandButton(interaction: ButtonInteraction, deps: DiscordDeps, owned: { command: string; action: string }): Promise<void> {
  const command = deps.commands.find((c) => c.data.name === owned.command);
  if (!command?.button) {
    deps.logger.info('button expired', { button: interaction.customId, user: interaction.user.id, why: 'no such command button' });
    await interaction.reply(replyOptions(renderNotice('This button no longer works. Please run the command again.')));
    return;
  }
  const press = command.button.bind(command);
  await answerWith(interaction, deps, (context) => press(owned.action, context), { kind: 'update' }, 'button', { command: owned.command, button: owned.action });
}

/** The answer id of the 👍/👎 buttons on a message (kept when ◀ ▶ re-render it), or undefined. */
function feedbackIdOf(message: ButtonInteraction['message']): string | undefined {
  for (const row of message.components ?? []) {
    for (const component of ('components' in row ? row.components : []) as Array<{ customId?: string | null }>) {
      const decoded = component.customId ? decodeFeedbackId(component.customId) : null;
      if (decoded) return decoded.answerId;
    }
  }
  return undefined;
}

const THANKS_UP = 'Thanks: your 👍 is recorded. Pressing again changes nothing; 👎 would replace it.';
const THANKS_DOWN = 'Thanks: your 👎 is recorded. What you were looking for helps the team add the right documents.';
const FEEDBACK_OFF = 'Feedback is not recorded on this bot (the question log is off).';

/** 👍 records at once; 👎 records, then asks "What were you looking for?" in a modal (optional). */
async function onFeedbackButton(interaction: ButtonInteraction, deps: DiscordDeps, feedback: { action: 'up' | 'down' | 'why'; answerId: string }): Promise<void> {
  const log = deps.questionLog;
  const guild = interaction.guildId ?? 'dm';
  if (!log?.enabled || feedback.action === 'why') {
    await interaction.reply(replyOptions(renderNotice(FEEDBACK_OFF)));
    return;
  }
  log.vote(feedback.answerId, interaction.user.id, guild, feedback.action === 'up' ? 1 : -1);
  deps.logger.info('feedback', { vote: feedback.action, answer: feedback.answerId, user: interaction.user.id, guild });
  if (feedback.action === 'up') {
    await interaction.reply(replyOptions(renderNotice(THANKS_UP)));
    return;
  }
  await interaction.showModal({
    custom_id: encodeFeedbackId('why', feedback.answerId),
    title: 'What were you looking for?',
    components: [
      {
        type: 1,
        components: [{ type: 4, custom_id: 'looking_for', style: 2, label: 'What were you looking for? (optional)', required: false, max_length: COMMENT_MAX_CHARS }],
      },
    ],
  });
}

/** The 👎 modal's answer: stored with the vote (capped, as data). */
async function onModalSubmit(interaction: ModalSubmitInteraction, deps: DiscordDeps): Promise<void> {
  const feedback = decodeFeedbackId(interaction.customId);
  const log = deps.questionLog;
  if (!feedback || feedback.action !== 'why' || !log?.enabled) {
    await interaction.reply(replyOptions(renderNotice(!feedback ? 'This form is no longer valid.' : FEEDBACK_OFF)));
    return;
  }
  let text = '';
  try {
    text = interaction.fields.getTextInputValue('looking_for') ?? '';
  } catch {
    text = '';
  }
  log.vote(feedback.answerId, interaction.user.id, interaction.guildId ?? 'dm', -1, text.trim() ? text : undefined);
  deps.logger.info('feedback', { vote: 'down', answer: feedback.answerId, user: interaction.user.id, comment: text.trim().length > 0 });
  await interaction.reply(replyOptions(renderNotice(THANKS_DOWN)));
}

/**
 * The **Chart** button of a /stats answer: the topic and document come back from the embed footer, the figures are
 * found again (the corpus must be the one that answered) and the message is replaced by the answer with its chart.
 */
async function onChartButton(interaction: ButtonInteraction, deps: DiscordDeps, button: { version: string; qhash: string }): Promise<void> {
  const engine = (await scopeFor(deps, interaction.guildId)).holder.current;
  const stored = parseStatsFooter(interaction.message.embeds[0]?.footer?.text);
  const stats = deps.commands.find((c) => c.data.name === 'stats');
  const expired = async (why: string) => {
    deps.logger.info('button expired', { button: interaction.customId, user: interaction.user.id, why });
    await interaction.reply(replyOptions(renderNotice(STATS_EXPIRED_NOTICE)));
  };
  if (!stored || !stats) return expired(!stored ? 'no topic in the message' : 'no /stats command');
  if (button.version !== engineVersion(engine)) return expired('corpus changed');
  if (questionHash(stored.topic, stored.document) !== button.qhash) return expired('topic does not match');
  const options = { topic: stored.topic, ...(stored.document ? { document: stored.document } : {}), chart: true };
  await answerWith(interaction, deps, (context) => stats.execute(options, context), { kind: 'update' }, 'button', { command: 'stats', button: 'chart' });
}

async function onButton(interaction: ButtonInteraction, deps: DiscordDeps): Promise<void> {
  const chart = decodeChartButtonId(interaction.customId);
  if (chart) return onChartButton(interaction, deps, chart);
  const owned = decodeCommandButtonId(interaction.customId);
  if (owned) return onCommandButton(interaction, deps, owned);
  const feedback = decodeFeedbackId(interaction.customId);
  if (feedback) return onFeedbackButton(interaction, deps, feedback);
  const scope = await scopeFor(deps, interaction.guildId);
  const engine = scope.holder.current;
  const version = engineVersion(engine);
  const button = decodeButtonId(interaction.customId);
  const stored = parseQuestionFooter(interaction.message.embeds[0]?.footer?.text);
  const ask = deps.commands.find((c) => c.data.name === 'ask');
  const expired = async (why: string) => {
    deps.logger.info('button expired', { button: interaction.customId, user: interaction.user.id, why });
    await interaction.reply(replyOptions(renderNotice(EXPIRED_NOTICE)));
  };
  if (!button || !stored || !ask) return expired(!button ? 'not our button' : !stored ? 'no question in the message' : 'no /ask command');
  if (button.version !== version) return expired('corpus changed');
  if (questionHash(stored.question, stored.document) !== button.qhash) return expired('question does not match');
  const started = performance.now();
  const options = { question: stored.question, ...(stored.document ? { document: stored.document } : {}) };
  const answerOf = async () => {
    const reply = await ask.execute(options, contextOf(deps, interaction, engine, scope));
    return reply.kind === 'answer' && button.page < reply.answer.results.length ? reply : null;
  };
  const deferred = await respond(
    interaction,
    deps,
    async () => {
      const reply = await answerOf();
      if (!reply) return renderNotice(EXPIRED_NOTICE);
      const answerId = feedbackIdOf(interaction.message);
      if (button.action !== 'para') return renderReply({ ...reply, private: false }, { version, page: button.page, ...(answerId ? { feedback: answerId } : {}) });
      const result = reply.answer.results[button.page]!;
      const paragraph = engine.corpus.byId.get(result.doc.id)?.paragraphs[result.paragraph - 1];
      return paragraph ? renderParagraph(paragraph, result) : renderNotice(EXPIRED_NOTICE);
    },
    button.action === 'para' ? { kind: 'reply', deferEphemeral: true } : { kind: 'update' },
  );
  deps.logger.info('button', { button: button.action, page: button.page, user: interaction.user.id, latencyMs: Math.round(performance.now() - started), deferred });
}

