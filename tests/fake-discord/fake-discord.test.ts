/**
 * The fake Discord, proven against the REAL discord.js 14.28 client with a tiny inline bot
 * (not the product's handlers). Every test logs a fresh client in, so tests are independent.
 *
 * Keeping it fast: the fake answers the handshake immediately (HELLO, READY, GUILD_CREATE), so
 * no discord.js timeout is ever waited for; the only fixed delays are discord.js's own 500 ms
 * before reconnecting for a RESUME and the Retry-After of the 429 test.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  REST,
  RESTEvents,
  Routes,
  type Interaction,
  type Message,
} from 'discord.js';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { blockedConnections } from '../support/no-network.ts';
import {
  CallbackType,
  DEFAULT_IDS,
  FakeRoutes,
  GatewayOp,
  startFakeDiscord,
  option,
  slashInteraction,
  type FakeDiscord,
  type FakeDiscordOptions,
} from './server.ts';

// ------------------------------------------------------------------------------- the inline bot

interface TestBot {
  readonly client: Client;
  /** Contents of every MESSAGE_CREATE the bot saw, as discord.js exposed them. */
  readonly seenMessages: string[];
  /** Errors thrown by handlers (e.g. a DiscordAPIError from a rejected reply). */
  readonly handlerErrors: unknown[];
}

async function onInteraction(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused().toLowerCase();
    const topics = ['leave policy', 'travel policy', 'remote work'];
    await interaction.respond(topics.filter((t) => t.includes(typed)).map((t) => ({ name: t, value: t })));
    return;
  }
  if (interaction.isButton()) {
    await interaction.update({ content: `Pressed ${interaction.customId}`, components: [] });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  if (interaction.commandName === 'ping') {
    await interaction.reply({ content: `pong: ${interaction.options.getString('text') ?? ''}` });
  } else if (interaction.commandName === 'slow') {
    await interaction.deferReply();
    await interaction.editReply({ content: `slow answer for ${interaction.options.getInteger('n')}` });
  } else if (interaction.commandName === 'late') {
    await sleep(150);
    await interaction.reply({ content: 'too late' });
  } else if (interaction.commandName === 'conversation') {
    await conversation(interaction);
  }
}

/** reply (withResponse) → followUp (ephemeral) → fetchReply → deleteReply: every webhook route once. */
async function conversation(interaction: ChatInputCommandInteraction): Promise<void> {
  const response = await interaction.reply({ content: 'first', withResponse: true });
  const followUp = await interaction.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
  const fetched = await interaction.fetchReply();
  await interaction.deleteReply();
  await interaction.followUp({
    content: `reply ${response.resource?.message?.id === fetched.id ? 'matches' : 'differs'}, follow-up ephemeral: ${followUp.flags.has(MessageFlags.Ephemeral)}`,
  });
}

async function onMessage(client: Client, message: Message, seen: string[]): Promise<void> {
  seen.push(message.content);
  if (message.author.bot || !message.mentions.users.has(client.user!.id)) return;
  const question = message.content.replace(/<@!?\d+>/g, '').trim();
  await message.reply(`You asked: ${question}`);
}

function createBot(fake: FakeDiscord): TestBot {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    // retries: 0 -> a broken route fails at once instead of being retried 3 times (429s are still retried).
    rest: { api: fake.apiBase, retries: 0, timeout: 2_000 },
    allowedMentions: { parse: [] },
  });
  const bot: TestBot = { client, seenMessages: [], handlerErrors: [] };
  const guard = (work: Promise<void>) => work.catch((error: unknown) => bot.handlerErrors.push(error));
  client.on(Events.InteractionCreate, (interaction) => void guard(onInteraction(interaction)));
  client.on(Events.MessageCreate, (message) => void guard(onMessage(client, message, bot.seenMessages)));
  return bot;
}

// ------------------------------------------------------------------------------- fixtures

let fake: FakeDiscord | null = null;
let bot: TestBot | null = null;

/** GIVEN a fake Discord and a bot logged in to it, ready (clientReady fired). */
async function loggedInBot(options: FakeDiscordOptions = {}): Promise<{ fake: FakeDiscord; bot: TestBot }> {
  fake = await startFakeDiscord(options);
  bot = createBot(fake);
  const ready = once(bot.client, Events.ClientReady);
  await bot.client.login(fake.token);
  await ready;
  return { fake, bot };
}

afterEach(async () => {
  // Client first: a client whose server vanished keeps trying to reconnect.
  await bot?.client.destroy();
  await fake?.close();
  bot = null;
  fake = null;
});

afterAll(() => {
  expect(blockedConnections()).toEqual([]);
});

// ------------------------------------------------------------------------------- tests

describe('fake Discord with the real discord.js client', () => {
  it('GIVEN a valid token THEN login fetches /gateway/bot, IDENTIFYs with the intents and reaches clientReady with the guild cached', async () => {
    const { fake, bot } = await loggedInBot();

    expect(bot.client.isReady()).toBe(true);
    expect(bot.client.user?.id).toBe(DEFAULT_IDS.botUser);
    expect(bot.client.application?.id).toBe(DEFAULT_IDS.application);
    const guild = bot.client.guilds.cache.get(DEFAULT_IDS.guild);
    expect(guild?.channels.cache.get(DEFAULT_IDS.channel)?.name).toBe('general');
    expect(guild?.channels.cache.get(DEFAULT_IDS.thread)?.isThread()).toBe(true);

    expect(fake.requests.map((r) => `${r.route} ${r.status} ${r.auth}`)).toEqual([`${FakeRoutes.gatewayBot} 200 valid`]);
    expect(fake.requests[0]!.headers.authorization).toBe('[redacted]');
    expect(fake.gatewayConnections.map((c) => c.url)).toEqual(['/gateway?v=10&encoding=json']);
    const identify = await fake.waitForFrame((f) => f.op === GatewayOp.Identify);
    expect(identify.d).toMatchObject({
      token: '[redacted]',
      intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages,
      compress: false,
      shard: [0, 1],
    });
    expect(fake.dispatched.map((d) => d.t)).toEqual(['READY', 'GUILD_CREATE']);
    expect(fake.problems).toEqual([]);
  });

  it('GIVEN a short heartbeat interval THEN heartbeats are acknowledged and discord.js measures a ping', async () => {
    const { fake, bot } = await loggedInBot({ heartbeatIntervalMs: 50 });

    await fake.waitForFrame((f) => f.op === GatewayOp.Heartbeat, 1_000, 1);
    await vi.waitFor(() => expect(bot.client.ws.ping).toBeGreaterThanOrEqual(0));

    // Heartbeats carry the last sequence number the client saw (READY=1, GUILD_CREATE=2).
    expect(fake.gatewayFrames.filter((f) => f.op === GatewayOp.Heartbeat).map((f) => f.d)).toContain(2);
  });

  it('GIVEN a slash command with an option THEN the reply is a type 4 callback with the content', async () => {
    const { fake, bot } = await loggedInBot();

    const ping = fake.interact({ kind: 'slash', name: 'ping', options: [option.string('text', 'hello')] });
    const callback = await ping.callback();

    expect(callback.body).toEqual({
      type: CallbackType.ChannelMessageWithSource,
      data: expect.objectContaining({ content: 'pong: hello', allowed_mentions: { parse: [] } }),
    });
    expect(callback.status).toBe(204);
    expect(callback.query).toEqual({ with_response: 'false' });
    expect(callback.auth).toBe('missing'); // discord.js sends interaction callbacks without the bot token
    expect(ping.original()?.content).toBe('pong: hello');
    expect(bot.handlerErrors).toEqual([]);
  });

  it('GIVEN a deferred command THEN a type 5 callback comes first and the answer arrives as PATCH @original', async () => {
    const { fake, bot } = await loggedInBot();

    const slow = fake.interact({ kind: 'slash', name: 'slow', options: [option.integer('n', 7)] });
    const callback = await slow.callback();
    const edit = await slow.editOriginal();

    expect(callback.body).toMatchObject({ type: CallbackType.DeferredChannelMessageWithSource });
    expect(edit.path).toBe(`/api/v10/webhooks/${DEFAULT_IDS.application}/${slow.token}/messages/@original`);
    expect(edit.body).toMatchObject({ content: 'slow answer for 7' });
    expect(edit.seq).toBeGreaterThan(callback.seq);
    expect(edit.response).toMatchObject({ content: 'slow answer for 7', flags: 0, author: { id: DEFAULT_IDS.botUser } });
    expect(slow.original()?.content).toBe('slow answer for 7');
    expect(bot.handlerErrors).toEqual([]);
  });

  it('GIVEN reply, followUp, fetchReply and deleteReply THEN each webhook route is hit in order and answered consistently', async () => {
    const { fake, bot } = await loggedInBot();

    const chat = fake.interact({ kind: 'slash', name: 'conversation' });
    const summary = await chat.followup({ nth: 1 });

    expect(chat.requests().map((r) => `${r.route} ${r.status}`)).toEqual([
      `${FakeRoutes.interactionCallback} 200`,
      `${FakeRoutes.followup} 200`,
      `${FakeRoutes.getWebhookMessage} 200`,
      `${FakeRoutes.deleteWebhookMessage} 204`,
      `${FakeRoutes.followup} 200`,
    ]);
    expect((await chat.callback()).query).toEqual({ with_response: 'true' });
    expect((await chat.followup()).body).toMatchObject({ content: 'second', flags: MessageFlags.Ephemeral });
    expect(summary.body).toMatchObject({ content: 'reply matches, follow-up ephemeral: true' });
    expect(chat.original()).toBeNull(); // deleted
    expect(bot.handlerErrors).toEqual([]);
  });

  it('GIVEN an autocomplete with a focused option THEN the bot answers a type 8 callback with matching choices', async () => {
    const { fake } = await loggedInBot();

    const typing = fake.interact({ kind: 'autocomplete', name: 'ask', options: [option.string('topic', 'pol', { focused: true })] });

    expect((await typing.callback()).body).toEqual({
      type: CallbackType.ApplicationCommandAutocompleteResult,
      data: {
        choices: [
          { name: 'leave policy', value: 'leave policy' },
          { name: 'travel policy', value: 'travel policy' },
        ],
      },
    });
  });

  it('GIVEN a button press THEN the bot updates the message with a type 7 callback', async () => {
    const { fake } = await loggedInBot();

    const press = fake.interact({ kind: 'button', customId: 'more-sources' });
    const callback = await press.callback();

    expect(callback.body).toMatchObject({ type: CallbackType.UpdateMessage, data: { content: 'Pressed more-sources', components: [] } });
    // The button's message is what the update edited.
    expect(press.original()).toMatchObject({ id: press.payload.message?.id, content: 'Pressed more-sources', components: [] });
  });

  it('GIVEN a guild message mentioning the bot THEN it replies in the channel with a message_reference and no pings', async () => {
    const { fake, bot } = await loggedInBot();

    const question = fake.sendMessage({ content: 'what is the leave policy?', mentionBot: true });
    const reply = await question.reply();

    expect(reply.path).toBe(`/api/v10/channels/${DEFAULT_IDS.channel}/messages`);
    expect(reply.body).toMatchObject({
      content: 'You asked: what is the leave policy?',
      message_reference: { message_id: question.message.id },
      allowed_mentions: { parse: [] },
    });
    expect(reply.response).toMatchObject({ type: 19, referenced_message: { id: question.message.id } });
    expect(bot.seenMessages[0]).toBe(`<@${DEFAULT_IDS.botUser}> what is the leave policy?`);
    expect(bot.handlerErrors).toEqual([]);
  });

  it('GIVEN a mention inside a thread THEN the reply is posted to the thread', async () => {
    const { fake } = await loggedInBot();

    const question = fake.sendMessage({ content: 'and in threads?', mentionBot: true, channelId: DEFAULT_IDS.thread });
    const reply = await question.reply();

    expect(reply.params.channelId).toBe(DEFAULT_IDS.thread);
    expect(reply.body).toMatchObject({ content: 'You asked: and in threads?' });
  });

  it('GIVEN no MESSAGE_CONTENT intent THEN an unmentioned message arrives with empty content, as on Discord', async () => {
    const { fake, bot } = await loggedInBot();

    fake.sendMessage({ content: 'chatter the bot should not read' });
    const mention = fake.sendMessage({ content: 'but this one', mentionBot: true });
    await mention.reply();

    expect(bot.seenMessages.slice(0, 2)).toEqual(['', `<@${DEFAULT_IDS.botUser}> but this one`]);
  });

  it.each([
    { how: 'close code 4000', drop: { code: 4000 } },
    { how: 'a killed socket', drop: { terminate: true } },
  ])('GIVEN the gateway drops with $how THEN discord.js RESUMEs, gets the missed interaction replayed and answers it', async ({ drop }) => {
    const { fake, bot } = await loggedInBot();
    const resumed = once(bot.client, Events.ShardResume);

    await fake.dropGateway(drop);
    const missed = fake.interact({ kind: 'slash', name: 'ping', options: [option.string('text', 'after the drop')] });
    await fake.waitForResume();
    const callback = await missed.callback();

    expect(callback.body).toMatchObject({ data: { content: 'pong: after the drop' } });
    const resume = await fake.waitForFrame((f) => f.op === GatewayOp.Resume);
    expect(resume.d).toMatchObject({ token: '[redacted]', seq: 2 });
    expect(fake.gatewayConnections.map((c) => c.url)).toEqual(['/gateway?v=10&encoding=json', '/gateway/resume?v=10&encoding=json']);
    // The queued interaction is replayed before RESUMED; the public reply echoes back as MESSAGE_CREATE.
    expect(fake.dispatched.map((d) => `${d.s} ${d.t}`)).toEqual(['1 READY', '2 GUILD_CREATE', '3 INTERACTION_CREATE', '4 RESUMED', '5 MESSAGE_CREATE']);
    expect([fake.identifyCount, fake.resumeCount]).toEqual([1, 1]);
    await resumed;
  });

  it('GIVEN the callback is rate limited once THEN discord.js waits Retry-After and the retry is delivered', async () => {
    const { fake, bot } = await loggedInBot();
    // A 429 without X-RateLimit-* headers is "unexpected" to @discordjs/rest: no `rateLimited` event, only restDebug.
    const debug: string[] = [];
    bot.client.rest.on(RESTEvents.Debug, (line) => debug.push(line));
    fake.rateLimitNext(FakeRoutes.interactionCallback, { retryAfter: 0.2 });

    const ping = fake.interact({ kind: 'slash', name: 'ping', options: [option.string('text', 'limited')] });
    const callback = await ping.callback();

    const attempts = ping.requests();
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0]!.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.2, global: false });
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(200);
    expect(callback.body).toMatchObject({ data: { content: 'pong: limited' } });
    // Retry-After seconds -> ms, plus @discordjs/rest's default 50 ms offset.
    expect(debug.find((line) => line.includes('Encountered unexpected 429 rate limit'))).toMatch(/Global\s+: false[\s\S]*Retry After\s+: 250ms/);
    expect(bot.handlerErrors).toEqual([]);
  });

  it('GIVEN a handler slower than the acknowledgement deadline THEN the late reply fails with Unknown interaction', async () => {
    const { fake, bot } = await loggedInBot({ interactionDeadlineMs: 100 });

    const late = fake.interact({ kind: 'slash', name: 'late' });
    await fake.waitForRequest((r) => r.route === FakeRoutes.interactionCallback && r.params.token === late.token);
    await sleep(20);

    expect(late.requests().map((r) => r.status)).toEqual([404]);
    expect(bot.handlerErrors).toEqual([expect.objectContaining({ code: 10062, status: 404 })]);
  });

  it('GIVEN a wrong token THEN GET /gateway/bot answers 401 and login rejects with TokenInvalid', async () => {
    fake = await startFakeDiscord({ token: 'the-right-token' });
    bot = createBot(fake);

    const error = await bot.client.login('a-wrong-token').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'TokenInvalid', message: 'An invalid token was provided.' });
    expect(fake.requests.map((r) => `${r.route} ${r.status} ${r.auth}`)).toEqual([`${FakeRoutes.gatewayBot} 401 invalid`]);
    expect(fake.requests[0]!.response).toEqual({ message: '401: Unauthorized', code: 0 });
    expect(fake.gatewayConnections).toEqual([]);
  });

  it('GIVEN the gateway refuses IDENTIFY with 4004 THEN login rejects with "Authentication failed"', async () => {
    fake = await startFakeDiscord();
    bot = createBot(fake);
    fake.closeNextIdentify(4004, 'Authentication failed.');

    const error = await bot.client.login(fake.token).catch((e: unknown) => e);

    // Not a DiscordjsError: @discordjs/ws rejects with a plain Error and no code.
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Authentication failed');
    await vi.waitFor(() => expect(fake?.gatewayConnections.map((c) => c.closeCode)).toEqual([4004]));
  });

  it('GIVEN a logged-in client WHEN it is destroyed THEN the gateway closes with 1000 and nothing reconnects', async () => {
    const { fake, bot } = await loggedInBot();

    await bot.client.destroy();
    await sleep(600); // longer than discord.js's 500 ms reconnect delay

    expect(fake.gatewayConnections).toEqual([expect.objectContaining({ closeCode: 1000 })]);
    expect(fake.connected).toBe(false);
    expect(bot.client.isReady()).toBe(false);
  });

  it('GIVEN a deploy script THEN bulk overwrite echoes commands with stable ids and invalid ones get 400 Invalid Form Body', async () => {
    fake = await startFakeDiscord();
    const rest = new REST({ api: fake.apiBase, retries: 0 }).setToken(fake.token);
    const commands = [
      { name: 'ask', description: 'Ask a policy question', options: [{ type: 3, name: 'question', description: 'Your question', required: true, autocomplete: true }] },
      { name: 'sources', description: 'List the sources' },
    ];

    const first = (await rest.put(Routes.applicationGuildCommands(fake.applicationId, DEFAULT_IDS.guild), { body: commands })) as Array<{ id: string; name: string; guild_id: string }>;
    const second = (await rest.put(Routes.applicationGuildCommands(fake.applicationId, DEFAULT_IDS.guild), { body: commands })) as typeof first;
    const invalid = await rest.put(Routes.applicationCommands(fake.applicationId), { body: [{ name: 'Ask Me', description: '' }] }).catch((e: unknown) => e);

    expect(first.map((c) => [c.name, c.guild_id])).toEqual([
      ['ask', DEFAULT_IDS.guild],
      ['sources', DEFAULT_IDS.guild],
    ]);
    expect(second.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(invalid).toBeInstanceOf(DiscordAPIError);
    expect(invalid).toMatchObject({ status: 400, code: 50035 });
    expect((invalid as DiscordAPIError).message).toContain('0.name');
    expect(fake.commands.get('global')).toBeUndefined();
  });

  it('GIVEN a route the fake does not serve THEN it answers 404 JSON and records it', async () => {
    fake = await startFakeDiscord();

    const response = await fetch(`${fake.apiBase}/v10/guilds/${DEFAULT_IDS.guild}/bans`, { headers: { authorization: `Bot ${fake.token}` } });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(fake.requests).toEqual([expect.objectContaining({ method: 'GET', route: null, status: 404, auth: 'valid', path: `/api/v10/guilds/${DEFAULT_IDS.guild}/bans` })]);
  });

  it('GIVEN a reply with a file THEN the multipart body is recorded as payload_json plus the file', async () => {
    const { fake, bot } = await loggedInBot();
    bot.client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand() && interaction.commandName === 'export') {
        void interaction
          .reply({ content: 'attached', files: [{ attachment: Buffer.from('quote,source\n"x",doc.pdf\n'), name: 'answer.csv' }] })
          .catch((error: unknown) => bot.handlerErrors.push(error));
      }
    });

    const exported = fake.interact({ kind: 'slash', name: 'export' });
    const callback = await exported.callback();

    expect(callback.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(callback.body).toMatchObject({ type: 4, data: { content: 'attached', attachments: [{ id: '0' }] } });
    expect(callback.files.map((f) => [f.field, f.filename, f.data.toString()])).toEqual([['files[0]', 'answer.csv', 'quote,source\n"x",doc.pdf\n']]);
    expect(exported.original()?.attachments).toEqual([expect.objectContaining({ filename: 'answer.csv', size: 25 })]);
  });

  it('GIVEN a button press THEN discord.js parses it into a ButtonInteraction on the right message, channel and guild', async () => {
    const { fake, bot } = await loggedInBot();
    const pressed = new Promise<Interaction>((resolve) => bot.client.once(Events.InteractionCreate, resolve));

    fake.interact({ kind: 'button', customId: 'next-page' });
    const interaction = await pressed;

    expect(interaction.isButton() && interaction.componentType === ComponentType.Button).toBe(true);
    expect(interaction.isButton() && interaction.message.components[0]?.toJSON()).toMatchObject({
      components: [{ custom_id: 'next-page', style: ButtonStyle.Primary }],
    });
    expect(interaction.channelId).toBe(DEFAULT_IDS.channel);
    expect(interaction.guildId).toBe(DEFAULT_IDS.guild);
  });

  it('GIVEN a hand-built payload from the exported builders THEN interact() sends it as is', async () => {
    const { fake, bot } = await loggedInBot();
    const seen = new Promise<Interaction>((resolve) => bot.client.once(Events.InteractionCreate, resolve));
    const payload = slashInteraction(fake.eventContext({ channelId: DEFAULT_IDS.thread, locale: 'fr' }), {
      name: 'ping',
      options: [option.string('text', 'from a thread')],
    });
    payload.app_permissions = '0';

    const ping = fake.interact(payload);
    const interaction = await seen;

    expect((await ping.callback()).body).toMatchObject({ data: { content: 'pong: from a thread' } });
    expect([interaction.channelId, interaction.locale, interaction.appPermissions.bitfield]).toEqual([DEFAULT_IDS.thread, 'fr', 0n]);
  });
});
