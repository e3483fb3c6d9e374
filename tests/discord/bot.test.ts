/**
 * The bot end to end: the real discord.js client, the real commands on the seed corpus, a fake Discord on
 * 127.0.0.1. Each test starts its own fake and bot (about 50 ms), so tests are independent.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Command } from '../../src/app/command.ts';
import { loadCommands } from '../../src/app/loadCommands.ts';
import { blockedConnections } from '../support/no-network.ts';
import { CallbackType, DEFAULT_IDS, FakeRoutes, GatewayOp, Intent, option, type JsonObject, type RecordedRequest } from '../fake-discord/server.ts';
import { OLED_QUESTION, SEED_DOC, SEED_TITLE, freshUser, startHarness, type Harness, type HarnessOptions } from './harness.ts';

const EPHEMERAL = 64;

let harness: Harness | null = null;
async function start(options: HarnessOptions = {}): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}

afterEach(async () => {
  const h = harness;
  harness = null;
  if (!h) return;
  await h.close();
  // The token never reaches a log line, whatever happened in the test.
  expect(h.logs.join('')).not.toContain(h.fake.token);
  expect(h.fake.problems).toEqual([]);
});

afterAll(() => {
  // Nothing but the loopback fake was contacted.
  expect(blockedConnections()).toEqual([]);
});

interface Embed {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
}
type Button = { custom_id: string; label: string; disabled?: boolean };
const embedOf = (request: RecordedRequest, path: 'data' | 'body' = 'data'): Embed => {
  const body = request.body as { data?: { embeds?: Embed[] }; embeds?: Embed[] };
  return (path === 'data' ? body.data?.embeds : body.embeds)?.[0] ?? {};
};
const dataOf = (request: RecordedRequest) => (request.body as { type: number; data: JsonObject }).data;
const buttonsOf = (data: JsonObject): Button[] => ((data.components as Array<{ components: Button[] }> | undefined) ?? []).flatMap((row) => row.components);

function askOptions(question: string, extra: Array<ReturnType<typeof option.string> | ReturnType<typeof option.boolean>> = []) {
  return [option.string('question', question), ...extra];
}

/** A command that answers after `ms` (or throws): stands in for slow or broken core work. */
function stubCommand(name: string, behaviour: { delayMs?: number; throws?: Error; private?: boolean }): Command {
  return {
    data: { name, description: `test ${name}`, options: [{ type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'private' }] },
    async execute(options) {
      if (behaviour.delayMs) await sleep(behaviour.delayMs);
      if (behaviour.throws) throw behaviour.throws;
      return { kind: 'help', commands: [{ name, description: 'slow help', usage: `/${name}` }], corpus: { documents: 1, passages: 17 }, private: options.private === true };
    },
  };
}

describe('GIVEN /ask on the seed corpus', () => {
  it('THEN the reply is an embed with the verbatim sentence, matched words in bold, the citation and next results as fields', async () => {
    const { fake } = await start();

    const ask = fake.interact({ kind: 'slash', name: 'ask', options: askOptions(OLED_QUESTION), user: freshUser() });
    const callback = await ask.callback();

    expect(callback.body).toMatchObject({ type: CallbackType.ChannelMessageWithSource });
    const data = dataOf(callback);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(data.flags ?? 0).toBe(0);
    const embed = embedOf(callback);
    expect(embed.title).toBe('Result 1 of 5');
    expect(embed.description).toContain(
      '> In the second quarter of this year, **domestic manufacturers** accounted for 24.7% of **OLED shipments**, and the market **share** more than doubled compared with 2019.',
    );
    expect(embed.description).toContain(`— **${SEED_TITLE}** (2022-08-14), paragraph 11`);
    expect(embed.fields).toHaveLength(4);
    expect(embed.fields![0]).toMatchObject({ name: '2. Next result · paragraph 8' });
    expect(embed.fields![0]!.value).toContain('orderly transfer of **domestic manufacturing**');
    expect(embed.footer?.text).toBe(`Asked: ${OLED_QUESTION}`);
    const buttons = buttonsOf(data);
    expect(buttons.map((b) => [b.label, b.disabled])).toEqual([
      ['◀', true],
      ['▶', false],
      ['Show paragraph', false],
    ]);
    expect(buttons.every((b) => b.custom_id.length <= 100)).toBe(true);
    // The structured log line of the command.
    await vi.waitFor(() => expect(harness!.records().find((r) => r.msg === 'command')).toMatchObject({ command: 'ask', results: 5, abstained: false, deferred: false }));
    expect(harness!.records().find((r) => r.msg === 'command')!.latencyMs).toEqual(expect.any(Number));
  });

  it('THEN @everyone and other mentions inside a question ping no one', async () => {
    const { fake } = await start();
    const question = `@everyone @here <@${DEFAULT_IDS.user}> <@&123456789012345678> ${OLED_QUESTION}`;

    const ask = fake.interact({ kind: 'slash', name: 'ask', options: askOptions(question), user: freshUser() });
    const data = dataOf(await ask.callback());

    expect(data.allowed_mentions).toEqual({ parse: [] });
    // Mentions only ping from `content`: the answer has none; the question is echoed in the footer only.
    expect(data.content ?? '').toBe('');
    expect(embedOf(await ask.callback()).footer?.text).toBe(`Asked: ${question}`);
    expect(JSON.stringify(embedOf(await ask.callback()).description)).not.toContain('@everyone');
  });

  it('WITH private: true THEN the reply is ephemeral (flag 64)', async () => {
    const { fake } = await start();

    const ask = fake.interact({ kind: 'slash', name: 'ask', options: askOptions(OLED_QUESTION, [option.boolean('private', true)]), user: freshUser() });

    expect(dataOf(await ask.callback()).flags).toBe(EPHEMERAL);
  });

  it('WITH a question the corpus does not answer THEN it says so plainly and suggests covered topics', async () => {
    const { fake } = await start();

    const ask = fake.interact({ kind: 'slash', name: 'ask', options: askOptions('What did Tesla decide about car prices?'), user: freshUser() });
    const callback = await ask.callback();

    const embed = embedOf(callback);
    expect(embed.title).toBe('No answer in the documents');
    expect(embed.description).toContain('The documents have nothing on that');
    expect(embed.description).toContain('• Coordinate development and safety, and further optimize the layout of the industrial chain');
    expect(buttonsOf(dataOf(callback))).toEqual([]);
    await vi.waitFor(() => expect(harness!.records().find((r) => r.msg === 'command')).toMatchObject({ abstained: true, results: 0 }));
  });

  it('WITH an unknown document THEN the reply is a polite private failure', async () => {
    const { fake } = await start();

    const ask = fake.interact({ kind: 'slash', name: 'ask', options: askOptions(OLED_QUESTION, [option.string('document', 'no-such-report')]), user: freshUser() });
    const callback = await ask.callback();

    expect(dataOf(callback).flags).toBe(EPHEMERAL);
    expect(embedOf(callback).title).toBe('I could not answer that');
    expect(embedOf(callback).description).toMatch(/no-such-report/);
  });

  it('WITH document scoped to the seed document THEN the answer is limited to it and the footer keeps the scope', async () => {
    const { fake } = await start();

    const ask = fake.interact({ kind: 'slash', name: 'ask', options: askOptions(OLED_QUESTION, [option.string('document', SEED_DOC)]), user: freshUser() });
    const embed = embedOf(await ask.callback());

    expect(embed.title).toMatch(/^Result 1 of \d in Stable chain/);
    expect(embed.footer?.text).toBe(`Asked: ${OLED_QUESTION}\nDocument: ${SEED_DOC}`);
  });
});

describe('GIVEN /help', () => {
  it('THEN it lists every command with its usage, privately', async () => {
    const { fake } = await start();

    const callback = await fake.interact({ kind: 'slash', name: 'help', user: freshUser() }).callback();

    expect(dataOf(callback).flags).toBe(EPHEMERAL);
    const embed = embedOf(callback);
    expect(embed.description).toContain('Corpus: 1 document, 17 passages.');
    expect(embed.fields?.map((f) => f.name)).toEqual(expect.arrayContaining(['/ask', '/help']));
    expect(embed.fields?.find((f) => f.name === '/ask')?.value).toContain('`/ask question:<text> [document:<text>] [private:<true|false>]`');
  });
});

describe('GIVEN autocomplete', () => {
  it('WHEN typing a document THEN at most 25 choices of at most 100 characters come back within the deadline', async () => {
    const { fake } = await start();

    const typing = fake.interact({ kind: 'autocomplete', name: 'ask', options: [option.string('question', 'x'), option.string('document', 'stable', { focused: true })] });
    const callback = await typing.callback();

    expect(callback.body).toMatchObject({ type: CallbackType.ApplicationCommandAutocompleteResult });
    const choices = (dataOf(callback).choices as Array<{ name: string; value: string }>) ?? [];
    expect(choices).toEqual([{ name: expect.stringMatching(/^Stable chain and strong chain optimize layout .*…$/), value: SEED_DOC }]);
    expect(choices.every((c) => c.name.length <= 100 && c.value.length <= 100)).toBe(true);
  });

  it('WHEN the command throws in autocomplete THEN an empty list is answered', async () => {
    const broken: Command = {
      data: { name: 'broken', description: 'x', options: [{ type: ApplicationCommandOptionType.String, name: 'topic', description: 'x', autocomplete: true }] },
      execute: () => ({ kind: 'failure', failure: { ok: false, code: 'not_found', message: 'x' } }),
      autocomplete: () => {
        throw new Error('index not ready');
      },
    };
    const { fake } = await start({ commands: [...(await loadCommands()), broken] });

    const callback = await fake.interact({ kind: 'autocomplete', name: 'broken', options: [option.string('topic', 'a', { focused: true })] }).callback();

    expect(dataOf(callback)).toEqual({ choices: [] });
  });
});

describe('GIVEN an answer with buttons', () => {
  async function answered(h: Harness, user = freshUser()) {
    const ask = h.fake.interact({ kind: 'slash', name: 'ask', options: askOptions(OLED_QUESTION), user });
    const callback = await ask.callback();
    const message = ask.original()!;
    return { callback, message, buttons: buttonsOf(message as JsonObject), user };
  }
  const press = (h: Harness, message: JsonObject, customId: string, user = freshUser()) =>
    h.fake.interact({ kind: 'button', customId, user, message: { embeds: message.embeds, components: message.components } });

  it('WHEN ▶ then ◀ are pressed THEN the message is updated (type 7) to the next result and back', async () => {
    const h = await start();
    const first = await answered(h);

    const next = await press(h, first.message, first.buttons.find((b) => b.label === '▶')!.custom_id).callback();
    expect(next.body).toMatchObject({ type: CallbackType.UpdateMessage });
    const second = embedOf(next);
    expect(second.title).toBe('Result 2 of 5');
    expect(second.description).toContain('orderly transfer of **domestic manufacturing**');
    expect(second.description).toContain('paragraph 8');
    expect(second.fields?.[0]?.name).toBe('1. Earlier result · paragraph 11');
    expect(buttonsOf(dataOf(next)).map((b) => b.disabled)).toEqual([false, false, false]);

    const back = await press(h, dataOf(next), buttonsOf(dataOf(next)).find((b) => b.label === '◀')!.custom_id).callback();
    expect(back.body).toMatchObject({ type: CallbackType.UpdateMessage });
    expect(embedOf(back)).toEqual(embedOf(first.callback));
  });

  it('WHEN the same button is pressed twice THEN both presses show the same page (no harm done)', async () => {
    const h = await start();
    const first = await answered(h);
    const nextId = first.buttons.find((b) => b.label === '▶')!.custom_id;

    const once = await press(h, first.message, nextId).callback();
    const twice = await press(h, first.message, nextId).callback();

    expect(dataOf(twice)).toEqual(dataOf(once));
    expect(embedOf(twice).title).toBe('Result 2 of 5');
  });

  it('WHEN "Show paragraph" is pressed THEN the whole paragraph comes back privately with its citation', async () => {
    const h = await start();
    const first = await answered(h);
    const paragraph = h.engine.corpus.byId.get(SEED_DOC)!.paragraphs[10]!;

    const shown = await press(h, first.message, first.buttons.find((b) => b.label === 'Show paragraph')!.custom_id).callback();

    expect(shown.body).toMatchObject({ type: CallbackType.ChannelMessageWithSource, data: { flags: EPHEMERAL } });
    const embed = embedOf(shown);
    expect(embed.title).toBe('Paragraph 11');
    const plain = embed.description!.replace(/\*\*/g, '').replace(/\\(.)/g, '$1');
    expect(plain).toContain(paragraph);
    expect(paragraph.length).toBeGreaterThan(250); // more than the quoted sentence
    expect(embed.description).toContain('**In the second quarter of this year, domestic manufacturers accounted for 24.7% of OLED shipments');
    expect(embed.description).toContain(`— **${SEED_TITLE}** (2022-08-14), paragraph 11`);
  });

  it('WHEN the corpus changed since the answer THEN the button says politely that the answer expired', async () => {
    const h = await start();
    const first = await answered(h);
    // The same button as written by a bot whose corpus had another version.
    const stale = first.buttons.find((b) => b.label === '▶')!.custom_id.replace(/^(pb:next:\d+:)[0-9a-z]+/, '$1oldver1');

    const callback = await press(h, first.message, stale).callback();

    expect(callback.body).toMatchObject({ type: CallbackType.ChannelMessageWithSource, data: { flags: EPHEMERAL } });
    expect(dataOf(callback).content).toMatch(/This answer has expired.*ask again/i);
  });

  it('WHEN a button sits on a message without a readable question THEN it also expires politely', async () => {
    const h = await start();
    const first = await answered(h);

    const callback = await press(h, { components: first.message.components, embeds: [] }, first.buttons[1]!.custom_id).callback();

    expect(dataOf(callback)).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/expired/) });
  });

  it('WHEN the bot restarted since the answer THEN the button still works (no server state)', async () => {
    const h = await start();
    const first = await answered(h);
    await h.close();
    harness = null;

    const again = await start();
    const next = await press(again, first.message, first.buttons[1]!.custom_id).callback();

    expect(embedOf(next).title).toBe('Result 2 of 5');
  });
});

describe('GIVEN questions in channels', () => {
  it('WHEN the bot is mentioned THEN it replies to that message with the answer and pings no one', async () => {
    const { fake } = await start();

    const question = fake.sendMessage({ content: `${OLED_QUESTION} @everyone`, mentionBot: true, author: freshUser() });
    const reply = await question.reply();

    expect(reply.params.channelId).toBe(DEFAULT_IDS.channel);
    expect(reply.body).toMatchObject({
      message_reference: { message_id: question.message.id },
      allowed_mentions: { parse: [], replied_user: false },
    });
    expect((reply.body as JsonObject).content ?? '').toBe('');
    expect(embedOf(reply, 'body').description).toContain('**domestic manufacturers** accounted for 24.7% of **OLED shipments**');
    expect(embedOf(reply, 'body').footer?.text).toBe(`Asked: ${OLED_QUESTION} @everyone`);
  });

  it('WHEN the bot is mentioned in a thread THEN the reply goes to the thread', async () => {
    const { fake } = await start();

    const question = fake.sendMessage({ content: OLED_QUESTION, mentionBot: true, channelId: DEFAULT_IDS.thread, author: freshUser() });
    const reply = await question.reply();

    expect(reply.params.channelId).toBe(DEFAULT_IDS.thread);
    expect(reply.body).toMatchObject({ message_reference: { message_id: question.message.id } });
  });

  it('WHEN the bot is mentioned without a question THEN it answers with a hint how to ask', async () => {
    const { fake } = await start();

    const reply = await fake.sendMessage({ content: '', mentionBot: true, author: freshUser() }).reply();

    expect((reply.body as JsonObject).content).toMatch(/^Ask me a question after the mention/);
  });

  it('WHEN ANSWER_CHANNELS is unset THEN MessageContent is not requested and unmentioned questions are ignored', async () => {
    const { fake } = await start();

    const identify = await fake.waitForFrame((f) => f.op === GatewayOp.Identify);
    fake.sendMessage({ content: OLED_QUESTION, author: freshUser() });
    await sleep(100);

    expect((identify.d as { intents: number }).intents).toBe(Intent.Guilds | Intent.GuildMessages);
    expect(fake.requests.filter((r) => r.route === FakeRoutes.createMessage)).toEqual([]);
  });

  it('WHEN a channel is in ANSWER_CHANNELS THEN MessageContent is requested and questions there are answered without a mention', async () => {
    const { fake } = await start({ config: { ANSWER_CHANNELS: [DEFAULT_IDS.channel] } });

    const identify = await fake.waitForFrame((f) => f.op === GatewayOp.Identify);
    fake.sendMessage({ content: 'nice weather today', author: freshUser() });
    const question = fake.sendMessage({ content: OLED_QUESTION, author: freshUser() });
    const reply = await question.reply();

    expect((identify.d as { intents: number }).intents).toBe(Intent.Guilds | Intent.GuildMessages | Intent.MessageContent);
    expect(reply.body).toMatchObject({ message_reference: { message_id: question.message.id } });
    expect(embedOf(reply, 'body').title).toBe('Result 1 of 5');
    expect(fake.requests.filter((r) => r.route === FakeRoutes.createMessage)).toHaveLength(1);
  });
});

describe('GIVEN the 3-second deadline and load', () => {
  it('WHEN a command is slower than deferAfterMs THEN it defers (type 5) and then edits @original', async () => {
    const slow = stubCommand('slow', { delayMs: 250 });
    const { fake } = await start({ commands: [...(await loadCommands()), slow], deferAfterMs: 50 });

    const run = fake.interact({ kind: 'slash', name: 'slow', user: freshUser() });
    const callback = await run.callback();
    const edit = await run.editOriginal();

    expect(callback.body).toMatchObject({ type: CallbackType.DeferredChannelMessageWithSource });
    expect(edit.seq).toBeGreaterThan(callback.seq);
    expect(embedOf(edit, 'body').fields?.[0]).toMatchObject({ name: '/slow', value: expect.stringContaining('slow help') });
    expect(run.original()?.flags).toBe(0);
    await vi.waitFor(() => expect(harness!.records().find((r) => r.msg === 'command')).toMatchObject({ command: 'slow', deferred: true }));
  });

  it('WHEN a slow private command is deferred THEN the "thinking" placeholder is already ephemeral', async () => {
    const slow = stubCommand('slow', { delayMs: 250 });
    const { fake } = await start({ commands: [...(await loadCommands()), slow], deferAfterMs: 50 });

    const run = fake.interact({ kind: 'slash', name: 'slow', options: [option.boolean('private', true)], user: freshUser() });

    expect((await run.callback()).body).toMatchObject({ type: CallbackType.DeferredChannelMessageWithSource, data: { flags: EPHEMERAL } });
    await run.editOriginal();
    expect(run.original()?.flags).toBe(EPHEMERAL);
  });

  it('WHEN a user sends a 6th command within 10 s THEN it gets a private "try again <t:…:R>"', async () => {
    const { fake } = await start();
    const user = freshUser();

    for (let i = 0; i < 5; i += 1) await fake.interact({ kind: 'slash', name: 'help', user }).callback();
    const sixth = await fake.interact({ kind: 'slash', name: 'help', user }).callback();
    const other = await fake.interact({ kind: 'slash', name: 'help', user: freshUser() }).callback();

    expect(dataOf(sixth)).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^You're going a bit fast — try again <t:\d{10}:R>\.$/) });
    expect(embedOf(other).title).toMatch(/^policybot/);
  });

  it('WHEN a command throws unexpectedly THEN the user gets a polite private message with the error id that the log shows', async () => {
    const broken = stubCommand('broken', { throws: new Error(`boom with test-token inside`) });
    const { fake } = await start({ commands: [...(await loadCommands()), broken] });

    const callback = await fake.interact({ kind: 'slash', name: 'broken', user: freshUser() }).callback();

    const content = String(dataOf(callback).content);
    expect(dataOf(callback).flags).toBe(EPHEMERAL);
    const id = /error id `([0-9a-f]{8})`/.exec(content)?.[1];
    expect(id).toBeDefined();
    await vi.waitFor(() => expect(harness!.records().find((r) => r.msg === 'interaction failed')).toMatchObject({ errorId: id, command: 'broken' }));
    expect(harness!.logs.join('')).toContain('boom with [redacted] inside');
  });
});

describe('GIVEN a flaky connection to Discord', () => {
  it('WHEN the gateway drops with close code 4000 THEN the bot resumes and answers the next interaction', async () => {
    const { fake } = await start();

    await fake.dropGateway({ code: 4000 });
    const ask = fake.interact({ kind: 'slash', name: 'ask', options: askOptions(OLED_QUESTION), user: freshUser() });
    await fake.waitForResume();

    expect(embedOf(await ask.callback()).title).toBe('Result 1 of 5');
    expect(fake.resumeCount).toBe(1);
  });

  it('WHEN the callback is rate limited (429) once THEN it is retried after Retry-After and delivered', async () => {
    const { fake } = await start();
    fake.rateLimitNext(FakeRoutes.interactionCallback, { retryAfter: 0.2 });

    const ask = fake.interact({ kind: 'slash', name: 'ask', options: askOptions(OLED_QUESTION), user: freshUser() });
    const callback = await ask.callback();

    expect(ask.requests().map((r) => r.status)).toEqual([429, 204]);
    expect(embedOf(callback).title).toBe('Result 1 of 5');
  });
});

describe('GIVEN a stop (SIGINT/SIGTERM) while a reply is in flight', () => {
  it('THEN the reply is finished before the client disconnects', async () => {
    const slow = stubCommand('slow', { delayMs: 300 });
    const { fake, bot } = await start({ commands: [...(await loadCommands()), slow] });

    const run = fake.interact({ kind: 'slash', name: 'slow', user: freshUser() });
    await vi.waitFor(() => expect(bot.inFlight()).toBe(1));
    await bot.stop(2_000);

    expect(run.requests().map((r) => `${r.route} ${r.status}`)).toEqual([`${FakeRoutes.interactionCallback} 204`]);
    expect(embedOf(await run.callback()).fields?.[0]?.name).toBe('/slow');
    await vi.waitFor(() => expect(fake.connected).toBe(false));
    expect(harness!.records().map((r) => r.msg)).toEqual(expect.arrayContaining(['finishing in-flight replies', 'disconnected']));
  });
});
