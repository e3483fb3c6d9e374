/**
 * The server-documents section of the benchmark (bench/run.ts starts it, from its bundle): one process holding the
 * base corpus and every server folder under a data folder, as the bot does. Measures /ask over the base alone,
 * then the same questions asked in the servers in turn (each answer from the base and that server's documents,
 * ranked as one corpus), the first use of each server (its index opened), memory with the base alone and with
 * every server's index loaded, and a server's reopening from its snapshot (after the memory budget unloaded it).
 * Prints one JSON line.
 */
import fs from 'node:fs';
import { GuildCorpora, type GuildScope } from '../src/app/guilds.ts';
import { listGuildFolders } from '../src/core/guild/store.ts';
import { LiveEngine } from '../src/core/live/live.ts';
import { percentiles, settledMemory } from './measure.ts';

const [baseDir, dataDir, questionsFile, countArg, budgetArg] = process.argv.slice(2) as [string, string, string, string, string];
const count = Number(countArg);
const questions = fs.readFileSync(questionsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { q: string }).q);
const out: Record<string, unknown> = {};

const base = await LiveEngine.open(baseDir);
if (!(base instanceof LiveEngine)) throw new Error(base.message);
await base.current.ready();
await base.current.warmUp();
out.baseMemory = await settledMemory();

const measured = questions.slice(0, count);
const warm = questions.slice(-10);
for (const q of warm) base.current.ask(q);
// Base alone and the servers are measured in alternating rounds, so that the shared machine's load weighs on both.
const baseTimes: number[] = [];
const guildTimes: number[] = [];

const guilds = new GuildCorpora({ dataDir, base, limits: { maxDocuments: 1e6, maxBytes: 1e12 }, indexBudgetBytes: Number(budgetArg) * 1024 * 1024, retentionDays: 30, watch: false });
const ids = (await listGuildFolders(dataDir)).map((g) => g.id);
const openTimes: number[] = [];
const scopes: GuildScope[] = [];
for (const id of ids) {
  const t = performance.now();
  const scope = await guilds.scope(id);
  if (!scope.ok) throw new Error(scope.message);
  openTimes.push(performance.now() - t);
  scopes.push(scope.scope);
  // A server's first questions (as the bot's first users there).
  for (const q of warm.slice(0, 3)) scope.scope.holder.current.ask(q);
}
out.guilds = ids.length;
out.guildDocuments = scopes.reduce((n, s) => n + s.own.current.corpus.documents.length, 0);
out.firstUse = percentiles(openTimes);
out.loaded = guilds.loaded().length;
out.estimatedMB = guilds.loaded().reduce((n, g) => n + g.bytes, 0) / 1e6;
out.allMemory = await settledMemory();
const totalOf = (m: { heapMB: number; externalMB: number }) => m.heapMB + m.externalMB;
out.measuredPerServerMB = (totalOf(out.allMemory as never) - totalOf(out.baseMemory as never)) / ids.length;

for (let round = 0; round < 2; round++) {
  for (let i = 0; i < measured.length; i++) {
    const q = measured[i]!;
    let t = performance.now();
    base.current.ask(q);
    baseTimes.push(performance.now() - t);
    t = performance.now();
    const scope = await guilds.scope(ids[i % ids.length]!);
    if (scope.ok) scope.scope.holder.current.ask(q);
    guildTimes.push(performance.now() - t);
  }
}
out.baseLatency = percentiles(baseTimes);
out.guildLatency = percentiles(guildTimes);

// A server unloaded by the memory budget and used again: its index reopens from its snapshot.
const reopen: number[] = [];
const fresh = new GuildCorpora({ dataDir, base, limits: { maxDocuments: 1e6, maxBytes: 1e12 }, indexBudgetBytes: 1e12, retentionDays: 30, watch: false });
for (const id of ids.slice(0, 7)) {
  const t = performance.now();
  await fresh.scope(id);
  reopen.push(performance.now() - t);
}
out.reopen = percentiles(reopen);
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
