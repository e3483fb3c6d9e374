/**
 * `npm run bench`: builds corpora of about 1 MB, 11 MB and the whole pool from ../shared/bench/policy-pool.jsonl.gz
 * (paragraphs grouped into documents by `doc`), and measures, side by side, our engine and three anchors (one
 * document per paragraph, see bench/child.ts): plain MiniSearch (default options), tuned MiniSearch (our tokenizer,
 * natural's stop words and Porter stemmer, as a user would set it up for questions) and FlexSearch (the speed
 * reference: another answer set, not BM25): build time and MB/s, snapshot size, cold start (process start to first
 * answer) from the snapshot and from scratch, heap and RSS after load, /ask latency over the ObliQA dev questions
 * with hit@1 / hit@3 on the same questions, and event-loop delay during a live re-index. Then the same on ObliQA
 * dev's own corpus, where hit@k means most (BENCH_QUALITY=0 skips it). Every process is a fresh child
 * (bench/child.ts, run from its bundle dist/bench/child.js, as `npm start` runs dist/); figures are medians of
 * the runs. Cold starts from the snapshot and from scratch are measured in turns (one of each, again and again), so
 * that a change in the shared machine's load weighs on both alike. Options: BENCH_SIZES=1,11,all BENCH_RUNS=3
 * BENCH_COLD_RUNS=7 (cold starts of the corpora under the whole pool) BENCH_QUESTIONS=500 BENCH_PLAIN_LIMIT_MS=60000
 * (the anchors' latency runs stop after this long). It starts with the chart rendering section (bench/chart.ts, also
 * alone as `npm run bench:chart`); BENCH_SIZES=none runs that section only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { runInsightsBench } from './insights.ts';
import { benchCharts } from './chart.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const POOL = path.resolve(ROOT, '../shared/bench/policy-pool.jsonl.gz');
const QUESTIONS = path.resolve(ROOT, '../shared/eval/obliqa/dev.jsonl');
const OBLIQA_CORPUS = path.resolve(ROOT, '../shared/eval/obliqa/corpus');
/** BENCH_QUALITY=0 skips the quality section (every engine on ObliQA dev's own corpus). */
const QUALITY = !/^(0|off|no|false)$/i.test(process.env.BENCH_QUALITY ?? '1');
/** The load run (bench/load.ts): BENCH_LOAD=0 skips it; BENCH_LOAD_SIZE (default 11), _RATE (50 a second), _SECONDS (60). */
const LOAD = !/^(0|off|no|false)$/i.test(process.env.BENCH_LOAD ?? '1');
const LOAD_SIZE = process.env.BENCH_LOAD_SIZE ?? '11';
const LOAD_RATE = Number(process.env.BENCH_LOAD_RATE ?? 50);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const WORK = path.join(os.tmpdir(), 'policybot-bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);
const QUESTION_COUNT = Number(process.env.BENCH_QUESTIONS ?? 500);
const PLAIN_TIME_LIMIT_MS = Number(process.env.BENCH_PLAIN_LIMIT_MS ?? 60_000);
const SIZES = (process.env.BENCH_SIZES ?? '1,11,all,guilds').split(',').filter((s) => s && s !== 'none');
/** The server-documents section: this many servers of BENCH_GUILD_MB each beside the 11 MB base. */
const GUILD_COUNT = Number(process.env.BENCH_GUILDS ?? 50);
const GUILD_MB = Number(process.env.BENCH_GUILD_MB ?? 1);
/** GUILD_INDEX_MB for the section: enough to keep every server's index loaded (the default 256 holds fewer). */
const GUILD_BUDGET_MB = Number(process.env.BENCH_GUILD_INDEX_MB ?? 1024);

interface PoolDocument {
  src: string;
  doc: string;
  paragraphs: string[];
  bytes: number;
}

async function readPool(): Promise<PoolDocument[]> {
  const documents = new Map<string, PoolDocument>();
  const lines = readline.createInterface({ input: fs.createReadStream(POOL).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { src: string; doc: string; text: string };
    const key = `${row.src}/${row.doc}`;
    let document = documents.get(key);
    if (!document) documents.set(key, (document = { src: row.src, doc: row.doc, paragraphs: [], bytes: 0 }));
    // A paragraph stays one block: blank lines inside it are folded away.
    const text = row.text.replace(/\s*\n\s*/g, '\n').trim();
    if (!text) continue;
    document.paragraphs.push(text);
    document.bytes += Buffer.byteLength(text) + 2;
  }
  return [...documents.values()];
}

/** Documents in a fixed pseudo-random order, so that every slice mixes the pool's sources. */
function shuffled(documents: PoolDocument[]): PoolDocument[] {
  const hash = (s: string) => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return h >>> 0;
  };
  return [...documents].sort((a, b) => hash(`${a.src}/${a.doc}`) - hash(`${b.src}/${b.doc}`));
}

function writeCorpus(name: string, documents: PoolDocument[], maxBytes: number): { dir: string; bytes: number; files: number } {
  const dir = path.join(WORK, name);
  const marker = path.join(dir, '.bench-corpus.json');
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  let files = 0;
  const used = new Set<string>();
  for (const document of documents) {
    if (bytes >= maxBytes) break;
    let base = document.doc.replace(/\.(txt|md|html?)$/i, '').replace(/[^\w.=-]+/g, '_').slice(0, 120);
    while (used.has(`${document.src}/${base}`)) base += '_';
    used.add(`${document.src}/${base}`);
    const file = path.join(dir, document.src, `${base}.txt`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const content = `${base.replace(/_/g, ' ')}\n\n${document.paragraphs.join('\n\n')}\n`;
    fs.writeFileSync(file, content);
    bytes += Buffer.byteLength(content);
    files++;
  }
  const info = { dir, bytes, files };
  fs.writeFileSync(marker, JSON.stringify(info));
  return info;
}

type Result = Record<string, any>;
/** The bundled child (`npm run bench` builds first): cold start is measured the way `npm start` runs, without tsx. */
const CHILD = path.join(ROOT, 'dist/bench/child.js');
const GUILD_CHILD = path.join(ROOT, 'dist/bench/guilds-child.js');

function child(args: string[], script = CHILD): Result {
  const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, POLICYBOT_SNAPSHOT: '' },
  });
  if (run.status !== 0) throw new Error(`bench child ${args.slice(0, 2).join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const median = (values: number[]) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function du(dir: string): number {
  let total = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

const fmt = (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const ratio = (ours: number, plain: number) => (Number.isFinite(ours) && Number.isFinite(plain) && plain > 0 ? `${(ours / plain).toFixed(2)}x` : '–');

/** The engines compared: ours, and the anchors (bench/child.ts says how each is set up). */
const ANCHORS = ['plain', 'tuned', 'flex'] as const;
type Anchor = (typeof ANCHORS)[number];
const ANCHOR_NAMES: Record<Anchor, string> = { plain: 'plain MiniSearch', tuned: 'tuned MiniSearch', flex: 'FlexSearch' };

/** Builds, starts and asks every engine on one corpus, in turns; returns the table's lines and our figures. */
function measureCorpus(
  title: string,
  corpus: { dir: string; bytes: number; files: number },
  mb: number,
  whole: boolean,
  name: string,
  options: { coldRuns?: number; reindex?: boolean } = {},
) {
  // The whole pool is built from scratch once (a minute or more); smaller corpora start cold several times.
  const scratchRuns = whole ? 1 : (options.coldRuns ?? COLD_RUNS);
  const snapshotRuns = whole ? RUNS : (options.coldRuns ?? COLD_RUNS);
  const snapshotDir = path.join(corpus.dir, '.policybot-index');
  const anchorSnapshot = (anchor: Anchor) => (anchor === 'flex' ? undefined : path.join(WORK, `${anchor}-${name}.json`));

  // The snapshots, written once: ours by a start without one, MiniSearch's by a build that saves its JSON.
  fs.rmSync(snapshotDir, { recursive: true, force: true });
  child(['ours', 'snapshot', corpus.dir]);
  const scratch: Record<'ours' | Anchor, Result[]> = { ours: [], plain: [], tuned: [], flex: [] };
  const snap: Record<'ours' | Anchor, Result[]> = { ours: [], plain: [], tuned: [], flex: [] };
  for (const anchor of ANCHORS) scratch[anchor].push(child([anchor, 'scratch', corpus.dir, '', '0', '0', anchorSnapshot(anchor) ?? '']));
  // Cold starts from scratch (build time, memory) and from the snapshot, in turns; the last start of ours from the
  // snapshot also measures /ask latency.
  for (let i = 0; i < Math.max(scratchRuns, snapshotRuns); i++) {
    if (i < scratchRuns) scratch.ours.push(child(['ours', 'scratch', corpus.dir]));
    if (i < snapshotRuns) snap.ours.push(child(['ours', 'snapshot', corpus.dir, QUESTIONS, i === snapshotRuns - 1 ? String(QUESTION_COUNT) : '0']));
    for (const anchor of ANCHORS) {
      if (i > 0 && i < scratchRuns) scratch[anchor].push(child([anchor, 'scratch', corpus.dir, '', '0', '0']));
      const file = anchorSnapshot(anchor);
      if (file && i < snapshotRuns) snap[anchor].push(child([anchor, 'snapshot', corpus.dir, '', '0', '0', file]));
    }
  }
  const latency: Record<'ours' | Anchor, Result> = {
    ours: snap.ours[snapshotRuns - 1]!.latency,
    plain: child(['plain', 'scratch', corpus.dir, QUESTIONS, String(QUESTION_COUNT), String(PLAIN_TIME_LIMIT_MS)]).latency,
    tuned: child(['tuned', 'scratch', corpus.dir, QUESTIONS, String(QUESTION_COUNT), String(PLAIN_TIME_LIMIT_MS)]).latency,
    flex: child(['flex', 'scratch', corpus.dir, QUESTIONS, String(QUESTION_COUNT), String(PLAIN_TIME_LIMIT_MS)]).latency,
  };
  const reindex = options.reindex === false ? undefined : child(['ours', 'reindex', corpus.dir]);

  const get = (rs: Result[], key: string) => median(rs.map((r) => r[key] as number));
  const engines = ['ours', ...ANCHORS] as const;
  // /ask figures over the first `n` questions (every engine's latency run asks them in the same order): an anchor
  // stopped by the time limit is compared with ours on the questions it answered.
  const over = (l: Result | undefined, n: number) => {
    if (!l?.times?.length) return undefined;
    const times = (l.times as number[]).slice(0, n).sort((a, b) => a - b);
    const ranks = (l.ranks as (number | null)[]).slice(0, n).filter((r): r is number => r !== null);
    const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? NaN;
    return {
      n: times.length,
      mean: times.reduce((a, b) => a + b, 0) / times.length,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      hit1: ranks.length ? ranks.filter((r) => r === 0).length / ranks.length : NaN,
      hit3: ranks.length ? ranks.filter((r) => r >= 0).length / ranks.length : NaN,
    };
  };
  const askRow = (label: string, key: 'mean' | 'p50' | 'p95' | 'p99' | 'hit1' | 'hit3', digits: number) => {
    const cells = engines.map((e) => over(latency[e], Infinity)?.[key] ?? NaN);
    const ratios = ANCHORS.map((a) => {
      const n = over(latency[a], Infinity)?.n ?? 0;
      const ours = over(latency.ours, n)?.[key] ?? NaN;
      const theirs = over(latency[a], n)?.[key] ?? NaN;
      return ratio(ours, theirs);
    });
    return `| ${label} | ${cells.map((v) => fmt(v, digits)).join(' | ')} | ${ratios.join(' | ')} |`;
  };
  const row = (label: string, value: (engine: 'ours' | Anchor) => number, digits = 0) => {
    const values = engines.map(value);
    return `| ${label} | ${values.map((v) => fmt(v, digits)).join(' | ')} | ${ANCHORS.map((_, i) => ratio(values[0]!, values[i + 1]!)).join(' | ')} |`;
  };
  const build = (engine: 'ours' | Anchor) => get(scratch[engine], 'openMs');
  const snapshotSize = (engine: 'ours' | Anchor) => {
    if (engine === 'ours') return du(snapshotDir) / 1e6;
    const file = anchorSnapshot(engine);
    return file && fs.existsSync(file) ? fs.statSync(file).size / 1e6 : NaN;
  };
  const lines = [
    `## ${title}: ${fmt(mb, 1)} MB, ${corpus.files} documents, ${snap.ours[0]!.snapshot?.files ?? '?'} files`,
    '',
    `| figure | ours | ${ANCHORS.map((a) => ANCHOR_NAMES[a]).join(' | ')} | ${ANCHORS.map((a) => `ours/${a}`).join(' | ')} |`,
    `|---|---|${ANCHORS.map(() => '---|---|').join('')}`,
    row('index build (load + index), ms', build),
    row('build speed, MB/s', (e) => mb / (build(e) / 1000), 2),
    row('snapshot size, MB', snapshotSize, 1),
    row('cold start from snapshot, ms', (e) => get(snap[e], 'coldMs')),
    row('cold start from scratch, ms', (e) => get(scratch[e], 'coldMs')),
    row('heap after load (from snapshot), MB', (e) => get(snap[e], 'heapMB')),
    row('memory outside the heap after load (typed arrays, buffers), MB', (e) => get(snap[e], 'externalMB')),
    row('RSS after load (from snapshot), MB', (e) => get(snap[e], 'rssMB')),
    row('heap after load (from scratch), MB', (e) => get(scratch[e], 'heapMB')),
    row('RSS after load (from scratch), MB', (e) => get(scratch[e], 'rssMB')),
    `| /ask: questions answered (of ${QUESTION_COUNT}; the anchors stop after ${fmt(PLAIN_TIME_LIMIT_MS / 1000)} s; ratios over the questions both answered) | ${engines.map((e) => fmt(over(latency[e], Infinity)?.n ?? NaN)).join(' | ')} | ${ANCHORS.map(() => '').join(' | ')} |`,
    askRow('/ask mean, ms', 'mean', 2),
    askRow('/ask p50, ms', 'p50', 2),
    askRow('/ask p95, ms', 'p95', 2),
    askRow('/ask p99, ms', 'p99', 2),
    askRow('hit@1 on those questions', 'hit1', 3),
    askRow('hit@3 on those questions', 'hit3', 3),
    ...(reindex
      ? [
          `| re-index of 1 changed document, answered (${reindex.reindexOne.layered ? 'layered on the assembled index' : 'assembled whole'}${[reindex.reindexOne, reindex.reindexNext, reindex.reindexThird].some((r) => r?.answered === false) ? '; NOT in the answers' : ''}): time (first change, indexing thread started; then two more documents), event-loop delay p99 / max | ${fmt(reindex.reindexOne.ms)} ms; ${fmt(reindex.reindexNext?.ms)} and ${fmt(reindex.reindexThird?.ms)} ms; ${fmt(reindex.reindexOne.p99DelayMs, 1)} / ${fmt(reindex.reindexOne.maxDelayMs, 1)} ms |`,
          ...(reindex.reindexOne.mergeMs !== undefined
            ? [`| then the whole index assembled again in the background: time, event-loop delay p99 / max | ${fmt(reindex.reindexOne.mergeMs)} ms, ${fmt(reindex.reindexOne.mergeP99DelayMs, 1)} / ${fmt(reindex.reindexOne.mergeMaxDelayMs, 1)} ms |`]
            : []),
          `| full re-index (all ${reindex.reindexAll.analysed} documents): time, event-loop delay p99 / max | ${fmt(reindex.reindexAll.ms)} ms, ${fmt(reindex.reindexAll.p99DelayMs, 1)} / ${fmt(reindex.reindexAll.maxDelayMs, 1)} ms |`,
        ]
      : []),
    '',
  ];
  return { lines, buildOurs: build('ours'), oursLatency: latency.ours, reindex };
}

async function main() {
  const started = performance.now();
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at start`;
  console.log(`# policybot benchmark\n\nMachine: ${machine}\nRuns: medians of ${COLD_RUNS} cold starts of each kind, in turns (whole pool: ${RUNS} from the snapshot, 1 from scratch), /ask over the first ${QUESTION_COUNT} questions of ObliQA dev (the anchors stopped after ${PLAIN_TIME_LIMIT_MS / 1000} s; FlexSearch has no snapshot here)\n`);
  // Charts first: a small section of its own, needing no corpus from ../shared.
  console.log(await benchCharts());
  if (SIZES.length === 0) return;
  const pool = shuffled(await readPool());
  const poolBytes = pool.reduce((n, d) => n + d.bytes, 0);
  const targets: Record<string, number> = { '1': 1e6, '11': 11e6, all: Infinity };
  const summary: Result[] = [];

  for (const size of SIZES) {
    if (size === 'guilds') {
      console.log(guildSection(pool).join('\n'));
      continue;
    }
    const corpus = writeCorpus(`corpus-${size}`, pool, targets[size] ?? Number(size) * 1e6);
    const mb = corpus.bytes / 1e6;
    const result = measureCorpus(size === 'all' ? 'whole pool' : `${size} MB`, corpus, mb, size === 'all', size);
    console.log(result.lines.join('\n'));
    summary.push({ size, mb, buildOurs: result.buildOurs, oursLatency: result.oursLatency, reindex: result.reindex });
  }
  if (QUALITY) {
    // Quality on ObliQA dev's own corpus (a copy, so that no snapshot is written into ../shared): the same questions
    // and the same matching for every engine; speed figures here are a second, smaller sample.
    const copy = path.join(WORK, 'obliqa-corpus');
    if (!fs.existsSync(path.join(copy, '.bench-corpus.json'))) {
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(OBLIQA_CORPUS, copy, { recursive: true, filter: (source) => !path.basename(source).startsWith('.') });
      const files = fs.readdirSync(copy, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      const bytes = files.reduce((n, e) => n + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
      fs.writeFileSync(path.join(copy, '.bench-corpus.json'), JSON.stringify({ dir: copy, bytes, files: files.length }));
    }
    const info = JSON.parse(fs.readFileSync(path.join(copy, '.bench-corpus.json'), 'utf8')) as { dir: string; bytes: number; files: number };
    const result = measureCorpus('ObliQA corpus (quality)', info, info.bytes / 1e6, false, 'obliqa', { coldRuns: 1, reindex: false });
    console.log(result.lines.join('\n'));
  }
  if (LOAD) {
    const corpus = writeCorpus(`corpus-${LOAD_SIZE}`, pool, targets[LOAD_SIZE] ?? Number(LOAD_SIZE) * 1e6);
    // Run from the sources (tsx): the fake Discord is test code, not in the bundle.
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/load.ts'), corpus.dir, QUESTIONS, String(LOAD_RATE), String(LOAD_SECONDS)], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, POLICYBOT_SNAPSHOT: '' },
    });
    if (run.status !== 0) throw new Error(`load run failed: ${run.stderr}`);
    const load = JSON.parse(run.stdout.trim().split('\n').pop()!) as Result;
    const mem = (m: Result) => `heap ${fmt(m.heapMB)} + outside ${fmt(m.externalMB)} MB, RSS ${fmt(m.rssMB)} MB`;
    console.log([
      `## Load: the bot against the loopback fake Discord, ${fmt(corpus.bytes / 1e6, 1)} MB corpus (${LOAD_SIZE === 'all' ? 'whole pool' : `${LOAD_SIZE} MB`})`,
      '',
      `${load.sent} interactions in ${fmt(load.sentMs / 1000, 1)} s (${LOAD_RATE} a second), ${Object.entries(load.byKind as Record<string, number>).map(([k, n]) => `${n} ${k}`).join(', ')}; the fake in another process, the bot as \`startBot\` runs it (discord.js, the real commands), from the sources.`,
      '',
      '| figure | value |',
      '|---|---|',
      `| lost (never acknowledged) | ${load.lost} |`,
      `| acknowledged after more than 3 s | ${load.ackOver3s} |`,
      `| without a final reply | ${load.unanswered} |`,
      `| deferred (no answer within 1.5 s: acknowledged, then edited) | ${load.deferred} |`,
      `| to acknowledgement: p50 / p99 / max, ms | ${fmt(load.ack.p50)} / ${fmt(load.ack.p99)} / ${fmt(load.ack.max)} |`,
      `| to the final reply: p50 / p99 / max, ms | ${fmt(load.final.p50)} / ${fmt(load.final.p99)} / ${fmt(load.final.max)} |`,
      `| bot's event-loop delay: p50 / p99 / max, ms | ${fmt(load.eventLoopDelayMs.p50, 1)} / ${fmt(load.eventLoopDelayMs.p99, 1)} / ${fmt(load.eventLoopDelayMs.max, 1)} |`,
      `| bot's CPU during the run | ${fmt(load.botCpuPercent)}% of a core |`,
      `| memory before (after ready + warm-up) | ${mem(load.before)} |`,
      `| memory after | ${mem(load.after)} |`,
      `| fake Discord's protocol problems | ${load.fakeProblems} |`,
      `| errors and warnings logged by the bot | ${load.errors.length} |`,
      '',
    ].join('\n'));
  }
  if (summary.length > 1) {
    const first = summary[0]!;
    const last = summary[summary.length - 1]!;
    const growth = last.buildOurs / first.buildOurs / (last.mb / first.mb);
    console.log(`Build time growth from ${fmt(first.mb, 1)} MB to ${fmt(last.mb, 1)} MB: ${growth.toFixed(2)}x of linear (pool: ${fmt(poolBytes / 1e6, 1)} MB).`);
  }
  console.log(`\nBenchmark took ${fmt((performance.now() - started) / 1000)} s. Corpora and snapshots: ${WORK}`);
  void execFileSync;
}

/**
 * 50 servers of 1 MB each beside the 11 MB base, in one process (bench/guilds-child.ts): /ask p99 in the servers
 * against the base alone (the same questions, in alternating turns), first use of a server, memory.
 */
function guildSection(pool: PoolDocument[]): string[] {
  const base = writeCorpus('corpus-11', pool, 11e6);
  const rest = pool.slice(base.files);
  const data = path.join(WORK, `guilds-data-${GUILD_COUNT}x${GUILD_MB}`);
  let at = 0;
  let bytes = 0;
  for (let g = 0; g < GUILD_COUNT; g++) {
    const id = String(100000000000000000n + BigInt(g + 1));
    const written = writeCorpus(path.relative(WORK, path.join(data, 'guilds', id)), rest.slice(at), GUILD_MB * 1e6);
    at += written.files;
    bytes += written.bytes;
  }
  const r = child([base.dir, data, QUESTIONS, String(QUESTION_COUNT), String(GUILD_BUDGET_MB)], GUILD_CHILD);
  const ratioP99 = r.guildLatency.p99 / r.baseLatency.p99;
  const mem = (m: Result) => `heap ${fmt(m.heapMB)} MB, outside the heap ${fmt(m.externalMB)} MB, RSS ${fmt(m.rssMB)} MB`;
  return [
    `## server documents: ${r.guilds} servers, ${fmt(bytes / 1e6, 1)} MB (${r.guildDocuments} documents) beside the ${fmt(base.bytes / 1e6, 1)} MB base (${base.files} documents)`,
    '',
    '| figure | base alone | in the servers (base + that server) | servers/base |',
    '|---|---|---|---|',
    `| /ask p50, ms | ${fmt(r.baseLatency.p50, 1)} | ${fmt(r.guildLatency.p50, 1)} | ${ratio(r.guildLatency.p50, r.baseLatency.p50)} |`,
    `| /ask p95, ms | ${fmt(r.baseLatency.p95, 1)} | ${fmt(r.guildLatency.p95, 1)} | ${ratio(r.guildLatency.p95, r.baseLatency.p95)} |`,
    `| /ask p99, ms | ${fmt(r.baseLatency.p99, 1)} | ${fmt(r.guildLatency.p99, 1)} | ${ratioP99.toFixed(2)}x |`,
    `| memory after load | ${mem(r.baseMemory)} | ${mem(r.allMemory)} (${r.loaded} server indexes loaded: ${fmt(r.measuredPerServerMB, 1)} MB each measured, ${fmt(r.estimatedMB / r.loaded, 1)} MB estimated for GUILD_INDEX_MB) | |`,
    `| first use of a server (its index opened) p50 / max, ms | | ${fmt(r.firstUse.p50)} / ${fmt(r.firstUse.p99)} | |`,
    `| a server reopened from its snapshot (after the budget unloaded it) p50, ms | | ${fmt(r.reopen.p50)} | |`,
    '',
    `Questions: the first ${r.baseLatency.n / 2} of ObliQA dev, twice, each asked of the base alone and then in the next server in turn. /ask p99 in the servers ${ratioP99.toFixed(2)}x the base alone (goal <= 1.5x: ${ratioP99 <= 1.5 ? 'met' : 'not met'}).`,
    '',
  ];
}

// BENCH_ONLY=insights runs only the question log's section (bench/insights.ts); BENCH_INSIGHTS=off skips it.
if (process.env.BENCH_ONLY !== 'insights') await main();
if (process.env.BENCH_INSIGHTS !== 'off') await runInsightsBench();
