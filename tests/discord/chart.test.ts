/**
 * /stats charts end to end: the real bot and discord.js against the fake Discord, which takes multipart uploads
 * and resolves an embed's `attachment://` image to the uploaded file, as Discord does.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachChart } from '../../src/adapter/discord/chartAttachment.ts';
import { renderReply } from '../../src/adapter/discord/render.ts';
import { chartPng, findSeries } from '../../src/core/chart/index.ts';
import { createLogger } from '../../src/log/logger.ts';
import { blockedConnections } from '../support/no-network.ts';
import { option, type JsonObject, type RecordedRequest } from '../fake-discord/server.ts';
import { freshUser, seed, startHarness, type Harness } from './harness.ts';

const TOPIC = 'manufacturing value added';
/** A callback's `data`, or an edit's body. */
const dataOf = (request: RecordedRequest) => (request.body as { data?: JsonObject }).data ?? (request.body as JsonObject);
/** The request that carries the answer: the callback, or the edit after a deferral (a busy machine may defer). */
async function answerOf(interaction: { callback(): Promise<RecordedRequest>; editOriginal(): Promise<RecordedRequest> }): Promise<RecordedRequest> {
  const first = await interaction.callback();
  return [5, 6].includes((first.body as { type: number }).type) ? interaction.editOriginal() : first;
}
type Embed = { title?: string; image?: { url: string }; footer?: { text: string }; fields?: unknown[] };
const embedOf = (data: JsonObject): Embed => ((data.embeds as Embed[] | undefined) ?? [])[0] ?? {};
type Button = { label: string; custom_id: string };
const buttonsOf = (data: JsonObject): Button[] => ((data.components as Array<{ components: Button[] }> | undefined) ?? []).flatMap((row) => row.components);

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});
afterAll(() => expect(blockedConnections()).toEqual([]));
// The renderer (@napi-rs/canvas) loads and registers its fonts on the first chart of a process: loaded before the tests, so that their answers come in time.
beforeAll(async () => {
  const outcome = (await seed()).stats(TOPIC);
  if (!outcome.ok) throw new Error(outcome.message);
  await chartPng(findSeries(outcome.stats.results)[0]!);
});

describe('GIVEN /stats on figures that form a series', () => {
  it('THEN the reply is an embed whose image is the attached PNG chart, 1280x800, pinging no one', async () => {
    harness = await startHarness();
    const asked = harness.fake.interact({ kind: 'slash', name: 'stats', user: freshUser(), options: [option.string('topic', TOPIC)] });
    const callback = await answerOf(asked);

    expect(callback.headers['content-type']).toMatch(/^multipart\/form-data/);
    const data = dataOf(callback);
    expect(embedOf(data).image).toEqual({ url: 'attachment://policybot-chart.png' });
    expect(embedOf(data).fields?.length).toBeGreaterThan(0);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(callback.files.map((f) => f.filename)).toEqual(['policybot-chart.png']);
    expect(pngSize(callback.files[0]!.data)).toEqual({ width: 1280, height: 800 });
    // Discord shows the image from the message's attachment.
    const message = asked.original()!;
    const [attachment] = message.attachments as Array<{ filename: string; url: string }>;
    expect(attachment?.filename).toBe('policybot-chart.png');
    expect(embedOf(message as JsonObject).image?.url).toBe(attachment?.url);
  });

  it('WHEN the answer is slow THEN it is deferred first and the chart comes with the edit', async () => {
    harness = await startHarness({ deferAfterMs: 0 });
    const asked = harness.fake.interact({ kind: 'slash', name: 'stats', user: freshUser(), options: [option.string('topic', TOPIC)] });
    expect(((await asked.callback()).body as { type: number }).type).toBe(5);
    const edit = await asked.editOriginal();
    expect(edit.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(edit.files.map((f) => f.filename)).toEqual(['policybot-chart.png']);
    expect(embedOf(asked.original() as JsonObject).image?.url).toBe((asked.original()!.attachments as Array<{ url: string }>)[0]?.url);
  });

  it('WITH chart:false THEN no picture but a Chart button, which draws it on press (the message is updated)', async () => {
    harness = await startHarness();
    const asked = harness.fake.interact({ kind: 'slash', name: 'stats', user: freshUser(), options: [option.string('topic', TOPIC), option.boolean('chart', false)] });
    const callback = await asked.callback();
    expect(callback.files).toEqual([]);
    expect(embedOf(dataOf(callback)).image).toBeUndefined();
    const [button] = buttonsOf(dataOf(callback));
    expect(button?.label).toBe('Chart');
    expect(button!.custom_id.length).toBeLessThanOrEqual(100);

    const message = asked.original()!;
    const press = harness.fake.interact({ kind: 'button', customId: button!.custom_id, user: freshUser(), message: { id: message.id, embeds: message.embeds, components: message.components } });
    expect([6, 7]).toContain(((await press.callback()).body as { type: number }).type);
    const pressed = await answerOf(press);
    expect(embedOf(dataOf(pressed)).image).toEqual({ url: 'attachment://policybot-chart.png' });
    expect(buttonsOf(dataOf(pressed))).toEqual([]);
    expect(pngSize(pressed.files[0]!.data).width).toBe(1280);
  });

  it('WHEN the bot restarted since THEN the Chart button still works; a changed corpus makes it expire politely', async () => {
    harness = await startHarness();
    const asked = harness.fake.interact({ kind: 'slash', name: 'stats', user: freshUser(), options: [option.string('topic', TOPIC), option.boolean('chart', false)] });
    await asked.callback();
    const message = asked.original()!;
    const [button] = buttonsOf(message as JsonObject);
    await harness.close();

    harness = await startHarness();
    const press = (customId: string) => answerOf(harness!.fake.interact({ kind: 'button', customId, user: freshUser(), message: { embeds: message.embeds, components: message.components } }));
    const pressed = await press(button!.custom_id);
    expect(pressed.files.map((f) => f.filename)).toEqual(['policybot-chart.png']);

    const stale = await press(button!.custom_id.replace(/^pbs:chart:[0-9a-z]+/, 'pbs:chart:oldver1'));
    expect(dataOf(stale)).toMatchObject({ flags: 64, content: expect.stringMatching(/expired/) });
  });
});

describe('GIVEN /stats on figures that form no series', () => {
  it('THEN the text answer as before: no file, no image, no Chart button', async () => {
    harness = await startHarness();
    const callback = await harness.fake.interact({ kind: 'slash', name: 'stats', user: freshUser(), options: [option.string('topic', 'OLED shipments')] }).callback();
    expect(callback.files).toEqual([]);
    expect(embedOf(dataOf(callback)).image).toBeUndefined();
    expect(buttonsOf(dataOf(callback))).toEqual([]);
    expect(embedOf(dataOf(callback)).fields?.length).toBeGreaterThan(0);
  });
});

describe('GIVEN a chart that fails to render', () => {
  it('THEN the text answer goes out without the image, naming the error id that the log has', async () => {
    const engine = await seed();
    const outcome = engine.stats(TOPIC);
    if (!outcome.ok) throw new Error(outcome.message);
    const payload = renderReply({ kind: 'stats', stats: outcome.stats, chart: true }, { version: 'v1' });
    expect(payload.chart?.measure).toBe('added value of the manufacturing industry');
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });

    const sent = await attachChart(payload, logger, async () => {
      throw new Error('renderer crashed');
    });

    expect(sent.files).toBeUndefined();
    expect(sent.chart).toBeUndefined();
    expect(sent.embeds[0]!.image).toBeUndefined();
    expect(sent.embeds[0]!.fields!.length).toBeGreaterThan(0);
    const record = JSON.parse(lines.find((l) => l.includes('chart render failed'))!) as { errorId: string };
    expect(sent.content).toContain(record.errorId);
    expect(embedOf(sent as unknown as JsonObject).footer?.text).toContain(`Topic: ${TOPIC}`);
  });
});
