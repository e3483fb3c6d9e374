/**
 * Channel Q&A: "@policybot what share …?" gets a reply to that message (in its thread when it has one).
 * In ANSWER_CHANNELS, questions are answered without a mention too (that needs the MessageContent intent).
 */
import type { Message } from 'discord.js';
import type { Reply } from '../../app/command.ts';
import { recordReply } from '../../app/insights.ts';
import { errorId } from '../../log/logger.ts';
import { engineVersion } from './customId.ts';
import { editOptions, replyFacts, scopeFor, type DiscordDeps } from './interactions.ts';
import { MENTION_HINT, cooldownNotice, errorNotice, renderNotice, renderReply, type MessagePayload } from './render.ts';

export interface MessageDeps extends DiscordDeps {
  /** Channels (or their threads) where unmentioned questions are answered. */
  readonly answerChannels: ReadonlySet<string>;
}

const QUESTION_START = /^(what|which|who|whom|whose|when|where|why|how|is|are|was|were|does|do|did|can|could|should|will|would|has|have|had)\b/i;

/** Whether an unmentioned message reads like a question for the bot (ends in "?" or starts like one). */
export function looksLikeQuestion(text: string): boolean {
  const clean = text.trim();
  if (clean.length < 8 || clean.startsWith('/') || /^<[@#]/.test(clean)) return false;
  return /\?\s*$/.test(clean) || (QUESTION_START.test(clean) && clean.split(/\s+/).length >= 3);
}

/** The question of a message that mentions the bot: the text without the bot's mention(s); null when not mentioned. */
export function questionFromMention(content: string, botId: string): string | null {
  const mention = new RegExp(`<@!?${botId}>`, 'g');
  if (!mention.test(content)) return null;
  return content.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

export function createMessageHandler(deps: MessageDeps): (message: Message) => Promise<void> {
  return async (message) => {
    if (message.author.bot || message.webhookId || message.system) return;
    const botId = message.client.user.id;
    const mentioned = questionFromMention(message.content, botId);
    const channel = message.channel;
    const parentId = channel.isThread() ? channel.parentId : null;
    const inAnswerChannel = deps.answerChannels.has(message.channelId) || (parentId !== null && deps.answerChannels.has(parentId));
    const question = mentioned ?? (inAnswerChannel && looksLikeQuestion(message.content) ? message.content.trim() : null);
    if (question === null) return;
    const send = (payload: MessagePayload) => message.reply({ ...editOptions(payload), allowedMentions: { parse: [], repliedUser: false } });
    try {
      if (!question) {
        await send(renderNotice(MENTION_HINT, false));
        return;
      }
      const allowed = deps.cooldown.take(message.author.id);
      if (!allowed.ok) {
        deps.logger.info('cooldown', { command: 'mention', user: message.author.id });
        await send(renderNotice(cooldownNotice(allowed.retryAt), false));
        return;
      }
      const ask = deps.commands.find((c) => c.data.name === 'ask');
      if (!ask) return;
      const started = performance.now();
      const engine = (await scopeFor(deps, message.guildId)).holder.current;
      const reply: Reply = await ask.execute({ question }, { engine, commands: deps.commands, user: { id: message.author.id, name: message.author.username } });
      const where = { guild: message.guildId ?? 'dm', channel: message.channelId };
      const feedback = recordReply(deps.questionLog, reply, { where, userId: message.author.id, command: mentioned !== null ? 'mention' : 'channel', latencyMs: performance.now() - started, engine });
      await send(renderReply({ ...reply, private: false }, { version: engineVersion(engine), ...(feedback ? { feedback } : {}) }));
      deps.logger.info('command', {
        command: 'ask',
        via: mentioned !== null ? 'mention' : 'channel',
        user: message.author.id,
        guild: message.guildId ?? undefined,
        latencyMs: Math.round(performance.now() - started),
        ...replyFacts(reply),
      });
    } catch (error) {
      const id = errorId();
      deps.logger.error('message failed', { errorId: id, user: message.author.id, channel: message.channelId, error });
      await send(renderNotice(errorNotice(id), false)).catch((secondary: unknown) => deps.logger.warn('could not tell the user about an error', { errorId: id, error: secondary }));
    }
  };
}
