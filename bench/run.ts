/**
 * `npm run bench`: builds corpora of about 1 MB, 11 MB and the whole pool from ../shared/bench/policy-pool.jsonl.gz
 * (paragraphs grouped into documents by `doc`), and measures, for our engine and for plain MiniSearch (default
 * options, one document per paragraph) side by side: build time and MB/s, snapshot size, cold start (process
 * start to first answer) from the snapshot and from scratch, heap and RSS after load, /ask latency over the
 * ObliQA dev questions, and event-loop delay during a live re-index. Every process is a fresh child
 * (bench/child.ts, run from its bundle dist/bench/child.js, as `npm start` runs dist/); figures are medians of
 * the runs. Cold starts from the snapshot and from scratch are measured in turns (one of each, again and again), so
 * that a change in the shared machine's load weighs on both alike. Options: BENCH_SIZES=1,11,all BENCH_RUNS=3
 * BENCH_COLD_RUNS=7 (cold starts of the corpora under the whole pool) BENCH_QUESTIONS=500. It starts with the chart
 * rendering section (bench/chart.ts, also alone as `npm run bench:chart`); BENCH_SIZES=none runs that section only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { benchCharts } from './chart.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const POOL = path.resolve(ROOT, '../shared/bench/policy-pool.jsonl.gz');
const QUESTIONS = path.resolve(ROOT, '../shared/eval/obliqa/dev.jsonl');
const WORK = path.join(os.tmpdir(), 'policybot-bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);
const QUESTION_COUNT = Number(process.env.BENCH_QUESTIONS ?? 500);
const PLAIN_TIME_LIMIT_MS = Number(process.env.BENCH_PLAIN_LIMIT_MS ?? 60_000);
const SIZES = (process.env.BENCH_SIZES ?? '1,11,all').split(',').filter((s) => s && s !== 'none');

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

function child(args: string[]): Result {
  const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', CHILD, ...args], {
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

async function main() {
  const started = performance.now();
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at start`;
  console.log(`# policybot benchmark\n\nMachine: ${machine}\nRuns: medians of ${COLD_RUNS} cold starts of each kind, in turns (whole pool: ${RUNS} from the snapshot, 1 from scratch), /ask over the first ${QUESTION_COUNT} questions of ObliQA dev (plain MiniSearch stopped after ${PLAIN_TIME_LIMIT_MS / 1000} s)\n`);
  // Charts first: a small section of its own, needing no corpus from ../shared.
  console.log(await benchCharts());
  if (SIZES.length === 0) return;
  const pool = shuffled(await readPool());
  const poolBytes = pool.reduce((n, d) => n + d.bytes, 0);
  const targets: Record<string, number> = { '1': 1e6, '11': 11e6, all: Infinity };
  const summary: Result[] = [];

  for (const size of SIZES) {
    const corpus = writeCorpus(`corpus-${size}`, pool, targets[size] ?? Number(size) * 1e6);
    const mb = corpus.bytes / 1e6;
    // The whole pool is built from scratch once (a minute or more); smaller corpora start cold several times.
    const scratchRuns = size === 'all' ? 1 : COLD_RUNS;
    const snapshotRuns = size === 'all' ? RUNS : COLD_RUNS;
    const plainSnapshot = path.join(WORK, `plain-${size}.json`);
    const snapshotDir = path.join(corpus.dir, '.policybot-index');

    // The snapshots, written once: ours by a start without one, plain MiniSearch's by a build that saves its JSON.
    fs.rmSync(snapshotDir, { recursive: true, force: true });
    child(['ours', 'snapshot', corpus.dir]);
    const plainScratch = [child(['plain', 'scratch', corpus.dir, '', '0', '0', plainSnapshot])];
    // Cold starts from scratch (build time, memory) and from the snapshot, in turns; the last start from the
    // snapshot also measures /ask latency.
    const oursScratch: Result[] = [];
    const oursSnap: Result[] = [];
    const plainSnap: Result[] = [];
    for (let i = 0; i < Math.max(scratchRuns, snapshotRuns); i++) {
      if (i < scratchRuns) oursScratch.push(child(['ours', 'scratch', corpus.dir]));
      if (i < snapshotRuns) oursSnap.push(child(['ours', 'snapshot', corpus.dir, QUESTIONS, i === snapshotRuns - 1 ? String(QUESTION_COUNT) : '0']));
      if (i > 0 && i < scratchRuns) plainScratch.push(child(['plain', 'scratch', corpus.dir, '', '0', '0']));
      if (i < snapshotRuns) plainSnap.push(child(['plain', 'snapshot', corpus.dir, '', '0', '0', plainSnapshot]));
    }
    const plainLatency = child(['plain', 'scratch', corpus.dir, QUESTIONS, String(QUESTION_COUNT), String(PLAIN_TIME_LIMIT_MS)]).latency;
    const oursLatency = oursSnap[snapshotRuns - 1]!.latency;
    const reindex = child(['ours', 'reindex', corpus.dir]);

    const get = (rs: Result[], key: string) => median(rs.map((r) => r[key] as number));
    const row = (label: string, ours: number, plain: number, digits = 0, unit = '') => `| ${label} | ${fmt(ours, digits)}${unit} | ${fmt(plain, digits)}${unit} | ${ratio(ours, plain)} |`;
    const buildOurs = get(oursScratch, 'openMs');
    const buildPlain = get(plainScratch, 'openMs');
    const latencyCell = (l: Result | undefined, key: string) => (l && l.asked === l.wanted ? (l[key] as number) : NaN);
    const plainDone = plainLatency && plainLatency.asked === plainLatency.wanted;
    const lines = [
      `## ${size === 'all' ? 'whole pool' : `${size} MB`}: ${fmt(mb, 1)} MB, ${corpus.files} documents, ${oursSnap[0]!.snapshot?.files ?? '?'} files`,
      '',
      '| figure | ours | plain MiniSearch | ours/plain |',
      '|---|---|---|---|',
      row('index build (load + index), ms', buildOurs, buildPlain),
      row('build speed, MB/s', mb / (buildOurs / 1000), mb / (buildPlain / 1000), 2),
      row('snapshot size, MB', du(snapshotDir) / 1e6, fs.existsSync(plainSnapshot) ? fs.statSync(plainSnapshot).size / 1e6 : NaN, 1),
      row('cold start from snapshot, ms', get(oursSnap, 'coldMs'), get(plainSnap, 'coldMs')),
      row('cold start from scratch, ms', get(oursScratch, 'coldMs'), get(plainScratch, 'coldMs')),
      `| scratch / snapshot cold start | ${ratio(get(oursScratch, 'coldMs'), get(oursSnap, 'coldMs'))} | ${ratio(get(plainScratch, 'coldMs'), get(plainSnap, 'coldMs'))} | |`,
      row('heap after load (from snapshot), MB', get(oursSnap, 'heapMB'), get(plainSnap, 'heapMB')),
      row('memory outside the heap after load (typed arrays, buffers), MB', get(oursSnap, 'externalMB'), get(plainSnap, 'externalMB')),
      row('RSS after load (from snapshot), MB', get(oursSnap, 'rssMB'), get(plainSnap, 'rssMB')),
      row('heap after load (from scratch), MB', get(oursScratch, 'heapMB'), get(plainScratch, 'heapMB')),
      row('/ask p50, ms', latencyCell(oursLatency, 'p50'), latencyCell(plainLatency, 'p50'), 1),
      row('/ask p95, ms', latencyCell(oursLatency, 'p95'), latencyCell(plainLatency, 'p95'), 1),
      row('/ask p99, ms', latencyCell(oursLatency, 'p99'), latencyCell(plainLatency, 'p99'), 1),
      ...(plainDone ? [] : [`| /ask, plain MiniSearch | | did not finish ${plainLatency.wanted} questions in ${fmt(plainLatency.totalMs / 1000)} s (${plainLatency.asked} answered: p50 ${fmt(plainLatency.p50, 1)} ms, p99 ${fmt(plainLatency.p99, 1)} ms) | |`]),
      `| re-index of 1 changed document (worker + sliced swap): time, event-loop delay p99 / max | ${fmt(reindex.reindexOne.ms)} ms, ${fmt(reindex.reindexOne.p99DelayMs, 1)} / ${fmt(reindex.reindexOne.maxDelayMs, 1)} ms | | |`,
      `| full re-index (all ${reindex.reindexAll.analysed} documents): time, event-loop delay p99 / max | ${fmt(reindex.reindexAll.ms)} ms, ${fmt(reindex.reindexAll.p99DelayMs, 1)} / ${fmt(reindex.reindexAll.maxDelayMs, 1)} ms | | |`,
      '',
    ];
    console.log(lines.join('\n'));
    summary.push({ size, mb, buildOurs, oursLatency, reindex });
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

await main();
