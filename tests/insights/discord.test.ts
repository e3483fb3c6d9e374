/**
 * 👍/👎, the 👎 modal and /insights end to end: the real bot and discord.js against the fake Discord, the question
 * log on a real PostgreSQL started for the test (the embedded PGlite where the binaries are missing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/app/loadCommands.ts';
import type { Command } from '../../src/app/command.ts';
import { chartPng } from '../../src/core/chart/index.ts';
import { questionsPerDaySeries } from '../../src/app/insights.ts';
import { openPglite, openPostgres, type OpenedDb } from '../../src/insights/db.ts';
import type { QuestionLog } from '../../src/insights/log.ts';
import { CallbackType, option, type JsonObject, type RecordedRequest } from '../fake-discord/server.ts';
import { OLED_QUESTION, freshUser, startHarness, type Harness } from '../discord/harness.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { logOver } from './fixtures.ts';

const EPHEMERAL = 64;
type Button = { custom_id: string; label?: string; emoji?: { name: string } };
interface Embed {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  image?: { url: string };
}

let pg: TestPostgres | null = null;
let opened: OpenedDb;
let log: QuestionLog;
let harness: Harness;
let commands: Command[];

beforeAll(async () => {
  pg = await startPostgres();
  opened = pg ? await openPostgres(pg.url) : await openPglite();
  log = logOver(opened);
  await log.start();
  commands = await loadCommands();
  // The chart renderer (@napi-rs/canvas) loads its fonts on a process's first chart: loaded here, so that /insights answers in time.
  await chartPng(questionsPerDaySeries({ days: 1, scope: 'server', report: { questions: 1, answered: 1, abstained: 0, ratedDown: 0, feedback: { up: 0, down: 0 }, unanswered: [], topics: [], documents: [], lowestRated: [], perDay: [] } })!);
  harness = await startHarness({ commands, questionLog: log, fake: { guilds: [{ name: 'Harbour team' }, { name: 'Other team' }] } });
}, 90_000);

afterAll(async () => {
  await harness?.close();
  expect(harness.fake.problems).toEqual([]);
  await log?.close();
  await opened?.close();
  await pg?.stop();
});

const dataOf = (request: RecordedRequest) => (request.body as { type: number; data: JsonObject }).data;
const buttonsOf = (data: JsonObject): Button[] => ((data.components as Array<{ components: Button[] }> | undefined) ?? []).flatMap((row) => row.components);
const embedOf = (data: JsonObject) => (data.embeds as Embed[])[0]!;

describe('GIVEN an answer in a server with the question log on', () => {
  it('THEN 👍/👎 are recorded once per user (the last press counts), the 👎 modal text is stored, and /insights shows them only in that server', async () => {
    const { fake } = harness;
    const [home, other] = fake.guilds;
    const asker = freshUser();
    const ask = fake.interact({ kind: 'slash', name: 'ask', guildId: home!.id, options: [option.string('question', OLED_QUESTION)], user: asker });
    await ask.callback();
    const message = ask.original()! as JsonObject;
    const buttons = buttonsOf(message);
    // ◀ ▶ Show paragraph 👍 👎: one row of five, Discord's most.
    expect((message.components as unknown[]).length).toBe(1);
    expect(buttons.map((b) => b.label ?? b.emoji?.name)).toEqual(['◀', '▶', 'Show paragraph', '👍', '👎']);
    const up = buttons[3]!.custom_id;
    const down = buttons[4]!.custom_id;
    expect(up).toMatch(/^pbf:up:[0-9a-z]{12}$/);
    const answerId = up.split(':')[2]!;

    const press = (customId: string, user: { id: string; username: string }) =>
      fake.interact({ kind: 'button', guildId: home!.id, customId, user, message: { embeds: message.embeds, components: message.components } });

    // A presses 👍 twice; B presses 👎 and says what was missing; C presses 👍, then changes to 👎 without a text.
    const a = freshUser();
    const b = freshUser();
    const c = freshUser();
    for (const [id, user] of [[up, a], [up, a], [down, b], [up, c], [down, c]] as const) {
      const callback = await press(id, user).callback();
      if (id === up) {
        expect(callback.body).toMatchObject({ type: CallbackType.ChannelMessageWithSource, data: { flags: EPHEMERAL } });
        expect(String(dataOf(callback).content)).toContain('👍 is recorded');
      } else {
        expect(callback.body).toMatchObject({ type: CallbackType.Modal, data: { custom_id: `pbf:why:${answerId}`, title: 'What were you looking for?' } });
      }
    }
    const nasty = '**The 2023 figures** <@&123> `drop table`';
    const submitted = await fake.interact({ kind: 'modal', guildId: home!.id, customId: `pbf:why:${answerId}`, fields: { looking_for: nasty }, user: b }).callback();
    expect(submitted.body).toMatchObject({ type: CallbackType.ChannelMessageWithSource, data: { flags: EPHEMERAL } });

    // ▶ re-renders the answer and keeps its 👍/👎 (the same answer id).
    const next = await press(buttons[1]!.custom_id, freshUser()).callback();
    expect(buttonsOf(dataOf(next)).map((x) => x.custom_id)).toContain(up);

    await log.flush();
    const rows = await opened.db.selectFrom('feedback').select(['vote', 'comment']).where('answer_id', '=', answerId).orderBy('vote', 'desc').orderBy('comment').execute();
    expect(rows).toEqual([
      { vote: 1, comment: null },
      { vote: -1, comment: nasty },
      { vote: -1, comment: null },
    ]);

    const asked = fake.interact({ kind: 'slash', name: 'insights', guildId: home!.id, options: [], user: freshUser() });
    const insights = await asked.callback({ timeoutMs: 10_000 });
    const data = dataOf(insights);
    expect(data.flags).toBe(EPHEMERAL);
    const embed = embedOf(data);
    // Questions per day: a PNG chart attached as the embed's image, in place of the text sparkline.
    expect(insights.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(embed.image).toEqual({ url: 'attachment://policybot-chart.png' });
    expect(insights.files.map((f) => f.filename)).toEqual(['policybot-chart.png']);
    const png = insights.files[0]!.data;
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 800]);
    expect(embed.fields?.map((f) => f.name)).not.toContain('Questions per day (last 30 days)');
    const [attachment] = (asked.original()!.attachments ?? []) as Array<{ filename: string; url: string }>;
    expect(attachment?.filename).toBe('policybot-chart.png');
    expect(embedOf(asked.original() as JsonObject).image?.url).toBe(attachment?.url);
    expect(embed.description).toContain('1 question: 1 answered (100%)');
    expect(embed.description).toContain('1 👍, 2 👎');
    const lowest = embed.fields?.find((f) => f.name === 'Lowest-rated answers');
    expect(lowest?.value).toContain('👎 2 · 👍 1');
    // The modal's text is shown escaped: as typed, no bold, no mention.
    expect(lowest?.value).toContain('\\*\\*The 2023 figures\\*\\*');
    expect(data.allowed_mentions).toEqual({ parse: [] });

    const elsewhere = await fake.interact({ kind: 'slash', name: 'insights', guildId: other!.id, options: [], user: freshUser() }).callback({ timeoutMs: 10_000 });
    const otherEmbed = embedOf(dataOf(elsewhere));
    expect(otherEmbed.description).toBe('No questions were asked in this period.');
    // No questions, no chart.
    expect(elsewhere.files).toEqual([]);
    expect(otherEmbed.image).toBeUndefined();
    expect(JSON.stringify(otherEmbed)).not.toContain('OLED');
  });

  it('THEN a question asked by mentioning the bot is recorded as a mention, and its reply carries 👍/👎', async () => {
    const { fake } = harness;
    const author = freshUser();
    const reply = await fake.sendMessage({ content: 'Who won the 1998 World Cup?', mentionBot: true, author }).reply();
    const buttons = buttonsOf(reply.body as JsonObject);
    expect(buttons.map((b) => b.emoji?.name)).toEqual(['👍', '👎']);
    await log.flush();
    const row = await opened.db.selectFrom('questions').select(['command', 'abstained', 'question']).where('answer_id', '=', buttons[0]!.custom_id.split(':')[2]!).executeTakeFirst();
    expect(row).toEqual({ command: 'mention', abstained: true, question: 'Who won the 1998 World Cup?' });
  });

  it('THEN /privacy show counts what is kept and forget-me deletes it and says how many', async () => {
    const { fake } = harness;
    const user = freshUser();
    await fake.interact({ kind: 'slash', name: 'ask', options: [option.string('question', 'What did Tesla decide about car prices?')], user }).callback();
    const shown = await fake.interact({ kind: 'slash', name: 'privacy', options: [option.subcommand('show')], user }).callback({ timeoutMs: 10_000 });
    expect(embedOf(dataOf(shown)).description).toContain('Kept about you now: 1 question, 0 ratings');
    const forgotten = await fake.interact({ kind: 'slash', name: 'privacy', options: [option.subcommand('forget-me')], user }).callback({ timeoutMs: 10_000 });
    expect(dataOf(forgotten).flags).toBe(EPHEMERAL);
    expect(embedOf(dataOf(forgotten)).description).toContain('Deleted 1 question and 0 ratings');
  });
});
