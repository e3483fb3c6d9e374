/**
 * Server documents end to end: the real bot and discord.js against the loopback fake Discord with two servers, A and
 * B, a shared base corpus, and each server's documents under a throw-away DATA_DIR. A document added in A is
 * answered in A at once and never in B; B's managers can neither list nor remove it; the base answers in both.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CorpusAdmin } from '../../src/app/corpusAdmin.ts';
import { GuildCorpora } from '../../src/app/guilds.ts';
import { loadCommands } from '../../src/app/loadCommands.ts';
import { LEFT_MARKER } from '../../src/core/guild/store.ts';
import { blockedConnections } from '../support/no-network.ts';
import { CallbackType, OptionType, nextSnowflake, option, type InteractionHandle, type JsonObject } from '../fake-discord/server.ts';
import { WIND, WIND_QUESTION, corpusFolder, folderState, holderFor } from '../corpus-admin/fixtures.ts';
import { freshUser, startHarness, type Harness } from '../discord/harness.ts';
import { tempDir } from '../support/temp.ts';

const A = '1300000000000001001';
const B = '1300000000000002002';
const EPHEMERAL = 64;
const WIND_ID = '2023-06-01-offshore-wind-farm-expansion';
const HARBOUR_QUESTION = 'How much does the harbour plan cost?';

interface Embed {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
}
type Button = { custom_id: string; label: string };

let files: http.Server | null = null;
const served = new Map<string, { body: string; type: string }>();
async function fileServer(): Promise<string> {
  if (!files) {
    files = http.createServer((req, res) => {
      const file = served.get(req.url ?? '');
      if (!file) res.writeHead(404).end('not found');
      else res.writeHead(200, { 'content-type': file.type }).end(file.body);
    });
    await new Promise<void>((resolve) => files!.listen(0, '127.0.0.1', resolve));
  }
  return `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
}

let harness: Harness | null = null;
let guilds: GuildCorpora | null = null;
afterEach(async () => {
  const h = harness;
  harness = null;
  guilds?.close();
  if (!h) return;
  await h.close();
  expect(h.fake.problems).toEqual([]);
});
afterAll(async () => {
  await new Promise((resolve) => (files ? files.close(resolve) : resolve(undefined)));
  expect(blockedConnections()).toEqual([]);
});

async function final(handle: InteractionHandle): Promise<{ data: JsonObject; type: number }> {
  const callback = await handle.callback({ timeoutMs: 10_000 });
  const body = callback.body as { type: number; data?: JsonObject };
  if (body.type !== CallbackType.DeferredChannelMessageWithSource && body.type !== CallbackType.DeferredMessageUpdate) return { data: body.data ?? {}, type: body.type };
  const later = await Promise.race([handle.editOriginal({ timeoutMs: 10_000 }), handle.followup({ timeoutMs: 10_000 })].map((p) => p.catch(() => new Promise<never>(() => {}))));
  return { data: later.body as JsonObject, type: body.type };
}
const embedOf = (data: JsonObject): Embed => (data.embeds as Embed[] | undefined)?.[0] ?? {};
const buttonsOf = (data: JsonObject): Button[] => ((data.components as Array<{ components: Button[] }> | undefined) ?? []).flatMap((row) => row.components);
const textOf = (data: JsonObject) => JSON.stringify(data.embeds ?? data.content ?? '');

async function start() {
  const baseDir = corpusFolder();
  const base = await holderFor(baseDir);
  const dataDir = tempDir('policybot-data-');
  guilds = new GuildCorpora({
    dataDir,
    base,
    limits: { maxDocuments: 200, maxBytes: 50 * 1024 * 1024 },
    indexBudgetBytes: 256 * 1024 * 1024,
    retentionDays: 30,
    watch: false,
    // Test only: the upload server is on loopback, which the bot otherwise refuses to reach.
    admin: { fetch: { allowPrivateAddresses: true } },
  });
  const admin = new CorpusAdmin({ dir: baseDir, holder: base });
  harness = await startHarness({
    holder: base,
    admin,
    guilds,
    commands: await loadCommands(),
    fake: { guilds: [{ id: A, name: 'Server A' }, { id: B, name: 'Server B' }] },
  });
  return { ...harness, baseDir, dataDir, base };
}

function upload(fake: Harness['fake'], url: string, guildId: string, name: string, body: string) {
  const id = nextSnowflake();
  served.set(`/attachments/${id}/${name}`, { body, type: 'text/plain' });
  const link = `${url}/attachments/${id}/${name}`;
  return fake.interact({
    kind: 'slash',
    name: 'corpus',
    guildId,
    user: freshUser(),
    options: [option.subcommand('add', [{ name: 'file', type: OptionType.Attachment, value: id }])],
    resolved: { attachments: { [id]: { id, filename: name, size: Buffer.byteLength(body), url: link, proxy_url: link, content_type: 'text/plain' } } },
  });
}
const ask = (fake: Harness['fake'], guildId: string, question: string) => final(fake.interact({ kind: 'slash', name: 'ask', guildId, user: freshUser(), options: [option.string('question', question)] }));
const corpus = (fake: Harness['fake'], guildId: string, sub: string, options: ReturnType<typeof option.string>[] = []) =>
  final(fake.interact({ kind: 'slash', name: 'corpus', guildId, user: freshUser(), options: [option.subcommand(sub, options)] }));

describe('GIVEN the bot in servers A and B, with a base corpus and server documents', () => {
  it('WHEN A adds a document THEN A answers from it at once, marked as its own; B never does; B can neither list nor remove it; the base answers in both', async () => {
    const url = await fileServer();
    const { fake, baseDir, dataDir } = await start();
    const baseBefore = folderState(baseDir);

    // Before: neither server has it.
    expect(textOf((await ask(fake, A, WIND_QUESTION)).data)).not.toContain('Skerry Point will grow');

    const added = await final(upload(fake, url, A, 'wind.txt', WIND));
    expect(embedOf(added.data).title).toBe('Added: Offshore wind farm expansion');

    const inA = await ask(fake, A, WIND_QUESTION);
    expect(embedOf(inA.data).description).toContain('Skerry Point will grow by 45%');
    expect(embedOf(inA.data).description).toContain("this server's document");
    const inB = await ask(fake, B, WIND_QUESTION);
    expect(textOf(inB.data)).not.toContain('Skerry Point');

    // The base corpus answers in both, not marked as a server's.
    for (const guild of [A, B]) {
      const base = await ask(fake, guild, HARBOUR_QUESTION);
      expect(embedOf(base.data).description).toContain('120 million euros');
      expect(embedOf(base.data).description).not.toContain("this server's document");
    }

    // B's managers: the list shows none of A's documents; remove says not found, even by exact id.
    const listB = await corpus(fake, B, 'list');
    expect(embedOf(listB.data).title).toBe("This server's documents (0)");
    expect(embedOf(listB.data).description).toContain('base corpus: 2 documents');
    expect(textOf(listB.data)).not.toContain(WIND_ID);
    const removeB = await corpus(fake, B, 'remove', [option.string('document', WIND_ID)]);
    expect(removeB.data.flags).toBe(EPHEMERAL);
    expect(buttonsOf(removeB.data)).toEqual([]);
    expect(textOf(removeB.data)).toContain(`There is no document \\"${WIND_ID}\\"`);
    // Nor can A remove a base document.
    const removeBase = await corpus(fake, A, 'remove', [option.string('document', '2023-05-02-harbour-plan-approved')]);
    expect(buttonsOf(removeBase.data)).toEqual([]);
    expect(textOf(removeBase.data)).toContain('There is no document');
    // Autocomplete of remove in B offers nothing of A's; in A it offers A's document only.
    const typed = (guildId: string) =>
      fake.interact({ kind: 'autocomplete', name: 'corpus', guildId, user: freshUser(), options: [option.subcommand('remove', [option.string('document', '', { focused: true })])] });
    const choicesOf = async (handle: InteractionHandle) => ((await handle.callback({ timeoutMs: 10_000 })).body as { data: { choices: { value: string }[] } }).data.choices.map((c) => c.value);
    expect(await choicesOf(typed(B))).toEqual([]);
    expect(await choicesOf(typed(A))).toEqual([WIND_ID]);

    // A's list shows it, and the base apart.
    const listA = await corpus(fake, A, 'list');
    expect(embedOf(listA.data).title).toBe("This server's documents (1)");
    expect(embedOf(listA.data).description).toContain(WIND_ID);

    // On disk: A's folder holds it, B has none, the base is untouched.
    expect(fs.existsSync(path.join(dataDir, 'guilds', A, `${WIND_ID}.md`))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'guilds', B))).toBe(false);
    expect(folderState(baseDir)).toEqual(baseBefore);
  });

  it('WHEN A confirms removing its own document THEN it is gone from A; and WHEN the bot leaves A THEN its folder is marked for deletion, not deleted', async () => {
    const url = await fileServer();
    const { fake, dataDir } = await start();
    await final(upload(fake, url, A, 'wind.txt', WIND));
    const user = freshUser();
    const confirm = await final(fake.interact({ kind: 'slash', name: 'corpus', guildId: A, user, options: [option.subcommand('remove', [option.string('document', WIND_ID)])] }));
    const remove = buttonsOf(confirm.data).find((b) => b.label.startsWith('Remove'))!;
    expect(remove).toBeDefined();
    const removed = await final(fake.interact({ kind: 'button', guildId: A, customId: remove.custom_id, user, message: { embeds: confirm.data.embeds, components: confirm.data.components, flags: EPHEMERAL } }));
    expect(embedOf(removed.data).title).toContain('Removed');
    expect(textOf((await ask(fake, A, WIND_QUESTION)).data)).not.toContain('Skerry Point will grow');

    await final(upload(fake, url, A, 'wind.txt', WIND));
    fake.dispatch('GUILD_DELETE', { id: A });
    await vi.waitFor(() => expect(fs.existsSync(path.join(dataDir, 'guilds', A, LEFT_MARKER))).toBe(true), { timeout: 5_000 });
    expect(fs.existsSync(path.join(dataDir, 'guilds', A, `${WIND_ID}.md`))).toBe(true);
    // An outage (unavailable) is not a leave.
    await final(upload(fake, url, B, 'wind.txt', WIND));
    fake.dispatch('GUILD_DELETE', { id: B, unavailable: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fs.existsSync(path.join(dataDir, 'guilds', B, LEFT_MARKER))).toBe(false);
  });
});
