/**
 * GuildCorpora: each server's documents in its own folder under DATA_DIR, answered beside the shared base corpus in
 * that server only; /corpus in a server reaches that server's documents only; limits, retention, bad ids.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuildCorpora, type GuildScope } from '../../src/app/guilds.ts';
import { listGuildFolders, purgeGuild } from '../../src/core/guild/store.ts';
import { STEEL, WIND, WIND_QUESTION, answeringDocs, corpusFolder, eventually, folderState, holderFor } from '../corpus-admin/fixtures.ts';
import { tempDir } from '../support/temp.ts';

const A = '111111111111111111';
const B = '222222222222222222';
const bytes = (text: string) => new TextEncoder().encode(text);
const HARBOUR_QUESTION = 'How many berths does the harbour plan add?';

async function setup(limits = { maxDocuments: 200, maxBytes: 50 * 1024 * 1024 }) {
  const baseDir = corpusFolder();
  const base = await holderFor(baseDir);
  const dataDir = tempDir('policybot-data-');
  const guilds = new GuildCorpora({ dataDir, base, limits, indexBudgetBytes: 256 * 1024 * 1024, retentionDays: 30, watch: false, admin: { now: () => new Date('2024-01-02T03:04:05Z') } });
  const scope = async (id: string): Promise<GuildScope> => {
    const s = await guilds.scope(id);
    if (!s.ok) throw new Error(s.message);
    return s.scope;
  };
  return { baseDir, base, dataDir, guilds, scope };
}

describe('GIVEN a base corpus and two servers A and B', () => {
  it('WHEN A adds a document THEN A answers from it at once, B never does, and both answer from the base', async () => {
    const { guilds, scope, dataDir, baseDir } = await setup();
    const baseBefore = folderState(baseDir);
    const a = await scope(A);
    expect(answeringDocs(a.holder, WIND_QUESTION)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'guilds', A))).toBe(false); // created on first add, not on first use

    const added = await a.admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' });
    expect(added.ok).toBe(true);
    expect(answeringDocs(a.holder, WIND_QUESTION)).toEqual(['2023-06-01-offshore-wind-farm-expansion']);
    const answer = a.holder.current.ask(WIND_QUESTION);
    expect(answer.ok && answer.answer.results[0]!.doc.server).toBe(true);

    const b = await scope(B);
    expect(answeringDocs(b.holder, WIND_QUESTION)).toEqual([]);
    for (const s of [a, b]) expect(answeringDocs(s.holder, HARBOUR_QUESTION)[0]).toBe('2023-05-02-harbour-plan-approved');
    // The base folder is untouched, and A's document is in A's folder only.
    expect(folderState(baseDir)).toEqual(baseBefore);
    expect(fs.readdirSync(path.join(dataDir, 'guilds', A))).toContain('2023-06-01-offshore-wind-farm-expansion.md');
    expect(fs.existsSync(path.join(dataDir, 'guilds', B))).toBe(false);
    guilds.close();
  });

  it("WHEN B's managers list or remove THEN they see and reach only B's documents; a base id or A's id is not found", async () => {
    const { guilds, scope } = await setup();
    const a = await scope(A);
    await a.admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' });
    const b = await scope(B);
    const list = b.admin.list();
    expect(list.total).toBe(0);
    expect(list.base).toBe(2);
    expect(a.admin.list()).toMatchObject({ total: 1, base: 2 });
    expect(b.admin.find('2023-06-01-offshore-wind-farm-expansion')).toBeUndefined();
    expect(a.admin.find('2023-05-02-harbour-plan-approved')).toBeUndefined();
    const removed = await b.admin.remove('2023-06-01-offshore-wind-farm-expansion');
    expect(removed.ok).toBe(false);
    const baseRemoved = await a.admin.remove('2023-05-02-harbour-plan-approved');
    expect(baseRemoved.ok).toBe(false);
    expect(answeringDocs(a.holder, HARBOUR_QUESTION)[0]).toBe('2023-05-02-harbour-plan-approved');
    expect(answeringDocs(a.holder, WIND_QUESTION)).toEqual(['2023-06-01-offshore-wind-farm-expansion']);
    // A removes its own: gone from its answers, the base still answers.
    const own = await a.admin.remove('2023-06-01-offshore-wind-farm-expansion');
    expect(own.ok).toBe(true);
    expect(answeringDocs(a.holder, WIND_QUESTION)).toEqual([]);
    expect(a.holder.current).toBe((await scope(A)).holder.current);
    guilds.close();
  });

  it('WHEN two servers add a document of the same file name THEN each gets its own document', async () => {
    const { guilds, scope } = await setup();
    const a = await scope(A);
    const b = await scope(B);
    expect((await a.admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' })).ok).toBe(true);
    expect((await b.admin.addBytes({ bytes: bytes(WIND.replace('900 megawatts', '700 megawatts')), name: 'wind.txt' })).ok).toBe(true);
    const text = (s: GuildScope) => {
      const asked = s.holder.current.ask(WIND_QUESTION);
      return asked.ok ? asked.answer.results[0]!.text : '';
    };
    expect(text(a)).toContain('900 megawatts');
    expect(text(b)).toContain('700 megawatts');
    guilds.close();
  });

  it('WHEN an add would pass the document or size limit THEN it is refused with one line and nothing is written', async () => {
    const { guilds, scope, dataDir } = await setup({ maxDocuments: 1, maxBytes: 50 * 1024 * 1024 });
    const a = await scope(A);
    expect((await a.admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' })).ok).toBe(true);
    const before = folderState(path.join(dataDir, 'guilds', A));
    const refused = await a.admin.addBytes({ bytes: bytes(STEEL), name: 'steel.txt' });
    expect(refused).toMatchObject({ ok: false, code: 'guild_limit' });
    if (!refused.ok) expect(refused.message.split('\n')).toHaveLength(1);
    expect(folderState(path.join(dataDir, 'guilds', A))).toEqual(before);
    guilds.close();

    const small = await setup({ maxDocuments: 200, maxBytes: 300 });
    const c = await small.scope(A);
    const tooBig = await c.admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' });
    expect(tooBig).toMatchObject({ ok: false, code: 'guild_limit' });
    expect(fs.readdirSync(path.join(small.dataDir, 'guilds', A)).filter((f) => !f.startsWith('.'))).toEqual([]);
    small.guilds.close();
  });

  it('WHEN an add in A fails half-way (the process dies while writing) THEN B, the base and A hold no partial file', async () => {
    const { guilds, scope, dataDir, baseDir } = await setup();
    const b = await scope(B);
    await b.admin.addBytes({ bytes: bytes(STEEL.replace('Steel output report', 'Steel mills report')), name: 'steel.txt' });
    const before = { base: folderState(baseDir), b: folderState(path.join(dataDir, 'guilds', B)) };
    const { addDocument } = await import('../../src/core/ingest/add.ts');
    const dirA = path.join(dataDir, 'guilds', A);
    fs.mkdirSync(dirA, { recursive: true });
    const failed = await addDocument(dirA, { bytes: bytes(WIND), name: 'wind.txt' }, { afterTempOpen: () => { throw new Error('killed'); } });
    expect(failed).toMatchObject({ ok: false, code: 'write_failed' });
    const a = await scope(A);
    expect(a.admin.list().total).toBe(0);
    expect(fs.readdirSync(dirA).filter((f) => !f.startsWith('.'))).toEqual([]);
    expect({ base: folderState(baseDir), b: folderState(path.join(dataDir, 'guilds', B)) }).toEqual(before);
    guilds.close();
  });

  it('WHEN a guild id is not a snowflake THEN it never becomes a path', async () => {
    const { guilds, dataDir } = await setup();
    for (const id of ['../../etc', '..', '123', '1'.repeat(21), '11111111111111111/../2', '']) {
      const s = await guilds.scope(id);
      expect(s).toMatchObject({ ok: false, code: 'bad_guild_id' });
      expect(await purgeGuild(dataDir, id)).toMatchObject({ ok: false, code: 'bad_guild_id' });
    }
    guilds.close();
  });

  it('WHEN the bot leaves a server THEN its folder is kept for the retention period, then deleted; coming back keeps it', async () => {
    const { guilds, scope, dataDir } = await setup();
    for (const id of [A, B]) await (await scope(id)).admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' });
    const day = 86_400_000;
    const t0 = new Date('2025-01-01T00:00:00Z');
    await guilds.left(A, t0);
    await guilds.left(B, t0);
    await guilds.joined(B);
    expect(await guilds.sweep(new Date(t0.getTime() + 29 * day))).toEqual([]);
    expect((await listGuildFolders(dataDir)).map((g) => [g.id, g.documents, !!g.leftAt])).toEqual([[A, 1, true], [B, 1, false]]);
    expect(await guilds.sweep(new Date(t0.getTime() + 31 * day))).toEqual([A]);
    expect((await listGuildFolders(dataDir)).map((g) => g.id)).toEqual([B]);
    guilds.close();
  });

  it('WHEN a file is dropped into a server folder by hand THEN the server answers from it once the folder is re-read', async () => {
    const { guilds, scope, dataDir } = await setup();
    const dir = path.join(dataDir, 'guilds', A);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'wind.txt'), WIND);
    const a = await scope(A);
    expect(answeringDocs(a.holder, WIND_QUESTION)).toEqual(['wind']);
    expect(answeringDocs((await scope(B)).holder, WIND_QUESTION)).toEqual([]);
    guilds.close();
  });
});

describe('GIVEN the Discord adapter with server documents', () => {
  it('WHEN a question comes from a DM THEN only the base answers; from a server, the base and that server', async () => {
    const { scopeFor } = await import('../../src/adapter/discord/interactions.ts');
    const { guilds, scope, base } = await setup();
    await (await scope(A)).admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' });
    const deps = { holder: base, guilds } as unknown as Parameters<typeof scopeFor>[0];
    const dm = await scopeFor(deps, null);
    expect(dm.holder).toBe(base);
    expect(dm.admin).toBeUndefined();
    expect(answeringDocs(dm.holder, WIND_QUESTION)).toEqual([]);
    const inA = await scopeFor(deps, A);
    expect(answeringDocs(inA.holder, WIND_QUESTION)).toEqual(['2023-06-01-offshore-wind-farm-expansion']);
    const bogus = await scopeFor(deps, '../x');
    expect(bogus.holder).toBe(base);
    expect(bogus.admin).toBeUndefined();
    guilds.close();
  });
});

describe('GIVEN a loaded server whose folder is watched', () => {
  it('WHEN a .md is dropped into its folder by hand THEN that server answers from it a moment later, and no other server does', async () => {
    const baseDir = corpusFolder();
    const base = await holderFor(baseDir);
    const dataDir = tempDir('policybot-data-');
    const dir = path.join(dataDir, 'guilds', A);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'steel.txt'), STEEL.replace('Steel output report', 'Steel mills report'));
    const guilds = new GuildCorpora({ dataDir, base, limits: { maxDocuments: 200, maxBytes: 1e9 }, indexBudgetBytes: 1e9, retentionDays: 30 });
    const a = await guilds.scope(A);
    const b = await guilds.scope(B);
    if (!a.ok || !b.ok) throw new Error('no scope');
    fs.writeFileSync(path.join(dir, 'wind.md'), `---\ntitle: Offshore wind farm expansion\n---\n${WIND.split('\n').slice(1).join('\n')}`);
    await eventually(() => answeringDocs(a.scope.holder, WIND_QUESTION)[0] === 'wind', 15_000, 'the dropped file to be indexed');
    expect(answeringDocs(b.scope.holder, WIND_QUESTION)).toEqual([]);
    guilds.close();
  }, 30_000);
});

describe('GIVEN a memory budget for the servers\' indexes', () => {
  it('WHEN more servers are used than fit THEN the least recently used index is unloaded, and reopened (same answers) when used again', async () => {
    const baseDir = corpusFolder();
    const base = await holderFor(baseDir);
    const dataDir = tempDir('policybot-data-');
    for (const id of [A, B]) {
      fs.mkdirSync(path.join(dataDir, 'guilds', id), { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'guilds', id, 'wind.txt'), WIND);
    }
    const guilds = new GuildCorpora({ dataDir, base, limits: { maxDocuments: 200, maxBytes: 1e9 }, indexBudgetBytes: 1, retentionDays: 30, watch: false });
    const a = await guilds.scope(A);
    if (!a.ok) throw new Error(a.message);
    const before = answeringDocs(a.scope.holder, WIND_QUESTION);
    expect(guilds.loaded().map((g) => g.id)).toEqual([A]);
    await guilds.scope(B);
    expect(guilds.loaded().map((g) => g.id)).toEqual([B]);
    const again = await guilds.scope(A);
    if (!again.ok) throw new Error(again.message);
    expect(guilds.loaded().map((g) => g.id)).toEqual([A]);
    expect(answeringDocs(again.scope.holder, WIND_QUESTION)).toEqual(before);
    expect(again.scope.holder.current.corpus.documents.length).toBe(3);
    guilds.close();
  }, 30_000);
});
