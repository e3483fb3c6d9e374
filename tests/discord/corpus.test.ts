/**
 * /corpus end to end: the real bot and discord.js against the fake Discord, a LiveEngine over a throw-away
 * corpus folder, uploads and links served by a loopback HTTP server. Adds, refusals, the paged list, remove with its
 * confirm button, reload, and answers given before a change expiring politely after it.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Command } from '../../src/app/command.ts';
import { CorpusAdmin } from '../../src/app/corpusAdmin.ts';
import { loadCommands } from '../../src/app/loadCommands.ts';
import { blockedConnections } from '../support/no-network.ts';
import { CallbackType, OptionType, nextSnowflake, option, validateCommands, type InteractionHandle, type JsonObject } from '../fake-discord/server.ts';
import { HARBOUR, WIND, WIND_QUESTION, corpusFolder, folderState, holderFor } from '../corpus-admin/fixtures.ts';
import { freshUser, startHarness, type Harness, type HarnessOptions } from './harness.ts';

const EPHEMERAL = 64;
const WIND_ID = '2023-06-01-offshore-wind-farm-expansion';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const PAGE = `<!DOCTYPE html><html><head><title>Tidal energy pilot</title></head><body><article><h1>Tidal energy pilot</h1>
<p>The tidal energy pilot in the Skerry Sound produced 12 gigawatt hours in its first year, twice the forecast.</p>
<p>Engineers said the underwater kites needed less maintenance than the old turbines did.</p></article></body></html>`;

interface Embed {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
}
type Button = { custom_id: string; label: string; style: number; disabled?: boolean };

/** A loopback server for uploads (Discord's CDN stand-in) and links. */
let files: http.Server | null = null;
const served = new Map<string, { body: Buffer | string; type: string }>();
async function fileServer(): Promise<string> {
  if (!files) {
    files = http.createServer((req, res) => {
      const file = served.get(req.url ?? '');
      if (!file) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': file.type }).end(file.body);
    });
    await new Promise<void>((resolve) => files!.listen(0, '127.0.0.1', resolve));
  }
  return `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
}

let harness: Harness | null = null;
let commands: Command[] = [];
async function start(dir = corpusFolder(), options: HarnessOptions = {}) {
  commands = commands.length ? commands : await loadCommands();
  const holder = await holderFor(dir);
  // Test only: the upload and link server is on loopback, which the bot otherwise refuses to reach.
  const admin = new CorpusAdmin({ dir, holder, fetch: { allowPrivateAddresses: true } });
  harness = await startHarness({ holder, admin, commands, ...options });
  return { ...harness, dir, holder, admin };
}

afterEach(async () => {
  const h = harness;
  harness = null;
  if (!h) return;
  await h.close();
  expect(h.fake.problems).toEqual([]);
});

afterAll(async () => {
  await new Promise((resolve) => (files ? files.close(resolve) : resolve(undefined)));
  expect(blockedConnections()).toEqual([]);
});

/** What the interaction finally showed: the immediate response, or the edit / follow-up after a defer. */
async function final(handle: InteractionHandle): Promise<{ data: JsonObject; type: number; deferred: boolean }> {
  const callback = await handle.callback({ timeoutMs: 10_000 });
  const body = callback.body as { type: number; data?: JsonObject };
  if (body.type !== CallbackType.DeferredChannelMessageWithSource && body.type !== CallbackType.DeferredMessageUpdate) {
    return { data: body.data ?? {}, type: body.type, deferred: false };
  }
  const later = await Promise.race([handle.editOriginal({ timeoutMs: 10_000 }), handle.followup({ timeoutMs: 10_000 })].map((p) => p.catch(() => new Promise<never>(() => {}))));
  return { data: later.body as JsonObject, type: body.type, deferred: true };
}
const embedOf = (data: JsonObject): Embed => (data.embeds as Embed[] | undefined)?.[0] ?? {};
const buttonsOf = (data: JsonObject): Button[] => ((data.components as Array<{ components: Button[] }> | undefined) ?? []).flatMap((row) => row.components);

function upload(fake: Harness['fake'], base: string, file: { name: string; body: Buffer | string; type: string }, user = freshUser()) {
  const id = nextSnowflake();
  const url = `${base}/attachments/${id}/${file.name}`;
  served.set(`/attachments/${id}/${file.name}`, { body: file.body, type: file.type });
  const size = Buffer.byteLength(file.body);
  return fake.interact({
    kind: 'slash',
    name: 'corpus',
    user,
    options: [option.subcommand('add', [{ name: 'file', type: OptionType.Attachment, value: id }])],
    resolved: { attachments: { [id]: { id, filename: file.name, size, url, proxy_url: url, content_type: file.type } } },
  });
}

const slash = (fake: Harness['fake'], sub: string, options: ReturnType<typeof option.string>[] = [], user = freshUser()) =>
  fake.interact({ kind: 'slash', name: 'corpus', user, options: [option.subcommand(sub, options)] });
const press = (fake: Harness['fake'], data: JsonObject, customId: string, user = freshUser(), flags = EPHEMERAL) =>
  fake.interact({ kind: 'button', customId, user, message: { embeds: data.embeds, components: data.components, flags } });

describe('GIVEN the /corpus command definition', () => {
  it('THEN it is for server managers only (Manage Server = 32), in servers only, and Discord accepts its shape', async () => {
    const all = await loadCommands();
    const corpus = all.find((c) => c.data.name === 'corpus')!;
    expect(corpus.data.default_member_permissions).toBe('32');
    expect(corpus.data.contexts).toEqual([0]);
    expect(corpus.data.dm_permission).toBe(false);
    expect(corpus.data.options?.map((o) => o.name)).toEqual(['add', 'list', 'remove', 'reload']);
    expect(validateCommands(all.map((c) => c.data))).toEqual([]);
  });
});

describe('GIVEN the bot with corpus management', () => {
  it('WHEN an admin uploads a document THEN the reply summarises it with a cited key figure, and /ask answers from it next', async () => {
    const base = await fileServer();
    const { fake, dir } = await start();

    const { data } = await final(upload(fake, base, { name: 'wind.txt', body: WIND, type: 'text/plain' }));

    const embed = embedOf(data);
    expect(embed.title).toBe('Added: Offshore wind farm expansion');
    expect(embed.description).toContain('**Offshore wind farm expansion** (2023-06-01)');
    expect(embed.description).toMatch(/3 paragraphs, 0 sections, 2 figures and 1 quote found/);
    expect(embed.fields?.[0]?.name).toBe('Key figure');
    expect(embed.fields?.[0]?.value).toContain('900 megawatts');
    expect(embed.fields?.[0]?.value).toContain('— **Offshore wind farm expansion** (2023-06-01), paragraph 1');
    expect(embed.footer?.text).toContain(`id ${WIND_ID}`);
    expect(fs.existsSync(path.join(dir, `${WIND_ID}.md`))).toBe(true);

    const answer = await final(fake.interact({ kind: 'slash', name: 'ask', options: [option.string('question', WIND_QUESTION)], user: freshUser() }));
    expect(embedOf(answer.data).description).toContain('Skerry Point will grow by 45%');
    expect(embedOf(answer.data).description).toContain('Offshore wind farm expansion');
  });

  it('WHEN adding takes longer than the defer delay THEN the bot acknowledges first ("thinking…") and edits the summary in', async () => {
    const base = await fileServer();
    const { fake, records } = await start(corpusFolder(), { deferAfterMs: 1 });

    const result = await final(upload(fake, base, { name: 'wind.txt', body: WIND, type: 'text/plain' }));

    expect(result.deferred).toBe(true);
    expect(embedOf(result.data).title).toBe('Added: Offshore wind farm expansion');
    await vi.waitFor(() => expect(records().find((r) => r.msg === 'command')).toMatchObject({ command: 'corpus', subcommand: 'add', deferred: true }));
  });

  it('WHEN an admin adds a link THEN the page is fetched, converted and summarised', async () => {
    const base = await fileServer();
    served.set('/tidal.html', { body: PAGE, type: 'text/html; charset=utf-8' });
    const { fake, holder } = await start();

    const { data } = await final(slash(fake, 'add', [option.string('url', `${base}/tidal.html`)]));

    expect(embedOf(data).title).toBe('Added: Tidal energy pilot');
    expect(embedOf(data).description).toContain(`[source](${base}/tidal.html)`);
    expect(holder.current.corpus.byId.has('tidal-energy-pilot')).toBe(true);
  });

  it('WHEN the upload is an unsupported type THEN one polite private message, the folder and the answers unchanged', async () => {
    const base = await fileServer();
    const { fake, dir, holder } = await start();
    const state = folderState(dir);
    const engine = holder.current;

    const { data } = await final(upload(fake, base, { name: 'notes.txt', body: PNG, type: 'text/plain' }));

    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description).toMatch(/^"notes\.txt" is a PNG image: only \.txt, \.md, \.html, \.pdf \(with a text layer\) and \.docx documents can be added\.$/);
    expect(folderState(dir)).toEqual(state);
    expect(holder.current).toBe(engine);
    expect(holder.runs).toBe(0);
    // The bot keeps serving.
    const answer = await final(fake.interact({ kind: 'slash', name: 'ask', options: [option.string('question', 'How much does the harbour plan cost?')], user: freshUser() }));
    expect(embedOf(answer.data).description).toContain('120 million euros');
  });

  it('WHEN neither or both of file and url are given, or the link is unreachable THEN a polite private message each', async () => {
    const base = await fileServer();
    const { fake, dir } = await start();
    const state = folderState(dir);

    const none = await final(slash(fake, 'add'));
    const missing = await final(slash(fake, 'add', [option.string('url', `${base}/nothing-here.html`)]));
    const id = nextSnowflake();
    const both = await final(
      fake.interact({
        kind: 'slash',
        name: 'corpus',
        user: freshUser(),
        options: [option.subcommand('add', [{ name: 'file', type: OptionType.Attachment, value: id }, option.string('url', `${base}/tidal.html`)])],
        resolved: { attachments: { [id]: { id, filename: 'a.txt', size: 3, url: `${base}/a.txt`, proxy_url: `${base}/a.txt`, content_type: 'text/plain' } } },
      }),
    );

    expect(none.data.flags).toBe(EPHEMERAL);
    expect(embedOf(none.data).description).toContain('Give either a file to upload or a link');
    expect(embedOf(missing.data).description).toMatch(/answered 404/);
    expect(embedOf(both.data).description).toContain('Give either a file to upload or a link, one at a time');
    expect(folderState(dir)).toEqual(state);
  });

  it('WHEN the same document is uploaded twice THEN the second is refused as a duplicate naming the first', async () => {
    const base = await fileServer();
    const { fake } = await start();
    await final(upload(fake, base, { name: 'wind.txt', body: WIND, type: 'text/plain' }));
    const { data } = await final(upload(fake, base, { name: 'wind-copy.txt', body: WIND, type: 'text/plain' }));
    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description).toContain(`already in the corpus as "Offshore wind farm expansion" (${WIND_ID})`);
  });

  it('WHEN /corpus list is asked of 23 documents THEN a private first page of 10 with ◀ ▶; ▶ shows page 2 in place', async () => {
    const extra: Record<string, string> = {};
    for (let i = 0; i < 21; i++) extra[`note-${String(i).padStart(2, '0')}.txt`] = `Note ${String(i).padStart(2, '0')}\n\nThe note says the harbour needs ${i + 2} more cranes.\n`;
    const { fake } = await start(corpusFolder(extra));
    const user = freshUser();

    const { data } = await final(slash(fake, 'list', [], user));
    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).title).toBe('Documents in the corpus (23)');
    expect(embedOf(data).footer?.text).toBe('Page 1 of 3');
    expect(embedOf(data).description?.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(10);
    expect(embedOf(data).description).toContain('1. **Harbour plan approved** (2023-05-02) · 3 paragraphs');
    const buttons = buttonsOf(data);
    expect(buttons.map((b) => [b.label, b.disabled ?? false])).toEqual([['◀', true], ['▶', false]]);
    expect(buttons.every((b) => b.custom_id.startsWith('pbc:corpus:') && b.custom_id.length <= 100)).toBe(true);

    const next = await press(fake, data, buttons[1]!.custom_id, user).callback();
    expect(next.body).toMatchObject({ type: CallbackType.UpdateMessage });
    const page2 = (next.body as { data: JsonObject }).data;
    expect(embedOf(page2).footer?.text).toBe('Page 2 of 3');
    expect(embedOf(page2).description).toMatch(/^11\. /);
    expect(buttonsOf(page2).map((b) => b.disabled ?? false)).toEqual([false, false]);

    const third = await final(slash(fake, 'list', [option.integer('page', 3) as never]));
    expect(embedOf(third.data).description).toContain('23. **Steel output report** (2023-03-10)');
  });

  it('WHEN /corpus remove is confirmed THEN the document is gone from the folder and from the next /ask; a second press is harmless', async () => {
    const { fake, dir, holder } = await start(corpusFolder({ 'wind-farm.txt': WIND }));
    const user = freshUser();

    const ask = await final(fake.interact({ kind: 'slash', name: 'ask', options: [option.string('question', WIND_QUESTION)], user: freshUser() }));
    expect(embedOf(ask.data).description).toContain('Skerry Point will grow by 45%');

    const confirm = await final(slash(fake, 'remove', [option.string('document', 'wind-farm')], user));
    expect(confirm.data.flags).toBe(EPHEMERAL);
    expect(embedOf(confirm.data).title).toBe('Remove this document?');
    const [yes, cancel] = buttonsOf(confirm.data);
    expect(yes).toMatchObject({ label: 'Remove Offshore wind farm expansion', style: 4 });
    expect(cancel).toMatchObject({ label: 'Cancel' });
    expect(yes!.custom_id.length).toBeLessThanOrEqual(100);
    expect(fs.existsSync(path.join(dir, 'wind-farm.txt'))).toBe(true);

    const pressed = await press(fake, confirm.data, yes!.custom_id, user).callback({ timeoutMs: 10_000 });
    const removed = (pressed.body as { type: number; data: JsonObject });
    expect(removed.type).toBe(CallbackType.UpdateMessage);
    expect(embedOf(removed.data).title).toBe('Removed: Offshore wind farm expansion');
    expect(buttonsOf(removed.data)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'wind-farm.txt'))).toBe(false);

    const after = await final(fake.interact({ kind: 'slash', name: 'ask', options: [option.string('question', WIND_QUESTION)], user: freshUser() }));
    expect(JSON.stringify(after.data)).not.toContain('Skerry Point');
    expect(JSON.stringify(after.data)).not.toContain('Offshore wind farm expansion');

    const again = await press(fake, confirm.data, yes!.custom_id, user).callback();
    expect(again.body).toMatchObject({ type: CallbackType.ChannelMessageWithSource, data: { flags: EPHEMERAL } });
    expect(embedOf((again.body as { data: JsonObject }).data).description).toContain('no longer in the corpus');
    expect(holder.current.corpus.documents.map((d) => d.id).sort()).toEqual(['2023-05-02-harbour-plan-approved', 'steel-output']);
  });

  it('WHEN someone else presses the confirm button, or Cancel is pressed THEN nothing is removed', async () => {
    const { fake, dir } = await start(corpusFolder({ 'wind-farm.txt': WIND }));
    const user = freshUser();
    const confirm = await final(slash(fake, 'remove', [option.string('document', 'Offshore wind')], user));
    const [yes, cancel] = buttonsOf(confirm.data);

    const stranger = await press(fake, confirm.data, yes!.custom_id, freshUser()).callback();
    expect(embedOf((stranger.body as { data: JsonObject }).data).description).toContain('Only the person who asked for this removal can confirm it.');
    const cancelled = await press(fake, confirm.data, cancel!.custom_id, user).callback();
    expect(cancelled.body).toMatchObject({ type: CallbackType.UpdateMessage });
    expect(embedOf((cancelled.body as { data: JsonObject }).data).title).toBe('Nothing was removed');
    expect(fs.existsSync(path.join(dir, 'wind-farm.txt'))).toBe(true);
  });

  it('WHEN the document to remove is typed THEN it autocompletes inside the subcommand', async () => {
    const { fake } = await start(corpusFolder({ 'wind-farm.txt': WIND }));
    const callback = await fake
      .interact({ kind: 'autocomplete', name: 'corpus', user: freshUser(), options: [option.subcommand('remove', [option.string('document', 'wind', { focused: true })])] })
      .callback();
    expect(callback.body).toMatchObject({ type: CallbackType.ApplicationCommandAutocompleteResult, data: { choices: [{ name: 'Offshore wind farm expansion (2023-06-01)', value: 'wind-farm' }] } });
  });

  it('WHEN a document was added by hand THEN /corpus reload brings it into the answers', async () => {
    const { fake, dir } = await start();
    fs.writeFileSync(path.join(dir, 'wind-farm.txt'), WIND);

    const { data } = await final(slash(fake, 'reload'));

    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).title).toBe('Corpus re-read');
    expect(embedOf(data).description).toMatch(/^3 documents, \d+ passages, indexed in \d+ ms\. Answers come from it now\.$/);
    const answer = await final(fake.interact({ kind: 'slash', name: 'ask', options: [option.string('question', WIND_QUESTION)], user: freshUser() }));
    expect(embedOf(answer.data).description).toContain('Skerry Point will grow by 45%');
  });

  it('WHEN the corpus changed after an answer THEN that answer’s buttons expire politely', async () => {
    const base = await fileServer();
    const { fake } = await start();
    const user = freshUser();
    const ask = await final(fake.interact({ kind: 'slash', name: 'ask', options: [option.string('question', 'How much does the harbour plan cost?')], user }));
    const para = buttonsOf(ask.data).find((b) => b.label === 'Show paragraph')!;
    // Before the change the button works.
    const before = await press(fake, ask.data, para.custom_id, user, 0).callback();
    expect(embedOf((before.body as { data: JsonObject }).data).title).toMatch(/^Paragraph \d+$/);

    await final(upload(fake, base, { name: 'wind.txt', body: WIND, type: 'text/plain' }));

    const after = await press(fake, ask.data, para.custom_id, user, 0).callback();
    expect((after.body as { data: JsonObject }).data.content).toContain('This answer has expired: the documents changed');
  });

  it('WHEN the bot has no corpus management THEN /corpus says so politely', async () => {
    const h = await startHarness({ commands: await loadCommands() });
    harness = h;
    const { data } = await final(h.fake.interact({ kind: 'slash', name: 'corpus', user: freshUser(), options: [option.subcommand('reload')] }));
    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description).toContain('The corpus can only be managed in a server');
    expect(HARBOUR).toBeTruthy();
  });
});
