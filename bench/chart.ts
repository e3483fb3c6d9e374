/**
 * Chart rendering time (`npm run bench:chart`, also the first section of `npm run bench`): series in, PNG out, as
 * /stats draws them (SVG built, fonts chosen, drawn by Skia, PNG deflated on the thread pool). Three series: the
 * bundled corpus's manufacturing value added (2 points), a 40-point series with rotated labels, and a comparison
 * with a Chinese title (CJK fallback fonts). The first chart of a process (loading @napi-rs/canvas, registering the
 * fonts, converting the CJK font pieces once) is reported apart; then BENCH_CHART_RUNS renders of each (default 100) after 5 warm-up renders. Times are
 * wall-clock (what a user waits); the process's CPU time a render (main thread and the thread pool) shows how much
 * of it is work rather than waiting for a core on a shared machine.
 * Needs nothing but the project (no ../shared data). Goal: p99 under 100 ms.
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { chartPng, findSeries, type Series } from '../src/core/chart/index.ts';
import { openEngine } from '../src/core/engine.ts';

const RUNS = Number(process.env.BENCH_CHART_RUNS ?? 100);
const ROOT = path.resolve(import.meta.dirname, '..');

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export async function benchCharts(): Promise<string> {
  const opened = await openEngine(path.join(ROOT, 'corpus'), () => {}, { snapshot: false });
  if (!opened.ok) throw new Error(opened.message);
  const stats = opened.engine.stats('manufacturing value added');
  if (!stats.ok) throw new Error(stats.message);
  const [seed] = findSeries(stats.stats.results);
  if (!seed) throw new Error('the bundled corpus gave no series for "manufacturing value added"');
  const doc = seed.points[0]!.doc!;
  const forty: Series = {
    kind: 'time',
    measure: 'output of a long-named measure across four decades',
    unit: 'tons',
    points: Array.from({ length: 40 }, (_, i) => ({ x: String(1980 + i), value: 1000 + i * 37, text: `nearly ${1000 + i * 37} tons`, doc, paragraph: i + 1 })),
    changes: [],
  };
  const cjk: Series = {
    kind: 'category',
    measure: '制造业增加值 shipments, 2022',
    unit: '%',
    points: ['OLED', 'LCD', '芯片'].map((x, i) => ({ x, value: 20 + i * 9, text: `${20 + i * 9}%`, doc: { ...doc, title: '稳链强链 优化布局' }, paragraph: 3 })),
    changes: [],
  };
  const cases: [string, Series][] = [
    ['manufacturing value added (2 points, bundled corpus)', seed],
    ['40 points', forty],
    ['comparison, Chinese title', cjk],
  ];
  const time = async (series: Series) => {
    const started = performance.now();
    await chartPng(series);
    return performance.now() - started;
  };
  const first = await time(seed);
  const firstCjk = await time(cjk);
  const rows: string[] = [];
  const all: number[] = [];
  // How long the main thread is held while charts render (drawing runs on it, deflating on the thread pool).
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  for (const [label, series] of cases) {
    for (let i = 0; i < 5; i++) await time(series);
    const samples: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < RUNS; i++) samples.push(await time(series));
    const used = process.cpuUsage(cpu);
    samples.sort((a, b) => a - b);
    all.push(...samples);
    const cpuMs = (used.user + used.system) / 1000 / RUNS;
    rows.push(`| ${label} | ${quantile(samples, 0.5).toFixed(1)} | ${quantile(samples, 0.95).toFixed(1)} | ${quantile(samples, 0.99).toFixed(1)} | ${samples[samples.length - 1]!.toFixed(1)} | ${cpuMs.toFixed(1)} |`);
  }
  delay.disable();
  all.sort((a, b) => a - b);
  const p99 = quantile(all, 0.99);
  return [
    `## Chart rendering (series → SVG → PNG 1280x800), ${RUNS} renders of each after 5 warm-up renders`,
    '',
    '| chart | p50, ms | p95, ms | p99, ms | max, ms | CPU time a render, ms |',
    '|---|---|---|---|---|---|',
    ...rows,
    `| all | ${quantile(all, 0.5).toFixed(1)} | ${quantile(all, 0.95).toFixed(1)} | ${p99.toFixed(1)} | ${all[all.length - 1]!.toFixed(1)} | |`,
    '',
    `Event-loop delay while rendering: p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms.`,
    `First chart of the process (loads @napi-rs/canvas, registers the fonts): ${first.toFixed(0)} ms; first Chinese chart (converts its font pieces, once per machine, and registers them): ${firstCjk.toFixed(0)} ms.`,
    `Goal p99 < 100 ms: ${p99 < 100 ? 'met' : 'NOT met'} (p99 ${p99.toFixed(1)} ms; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}).`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchCharts());
