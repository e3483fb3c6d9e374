import { writeFile } from 'node:fs/promises';
import { renderQuotes, renderSources, renderStats } from '../adapter/console/extract.ts';
import { styleFor } from '../adapter/console/style.ts';
import { quotesToJson, sourcesToJson, statsToJson } from '../adapter/json/extract.ts';
import { chartSvg, findSeries, svgToPng } from '../core/chart/index.ts';
import type { Engine } from '../core/engine.ts';
import type { Failure } from '../core/types.ts';
import { loadEngine, type CliArgs } from './args.ts';
import { runBatch, type BatchRequest } from './batch.ts';
import { UsageError } from './usage.ts';

type Kind = 'stats' | 'quote';

/** One stats or quote request answered as JSON (a failure still gets its line, with an error). */
function answerJson(engine: Engine, kind: Kind, request: BatchRequest, args: CliArgs): unknown {
  const doc = request.doc ?? args.doc;
  const options = { ...(doc ? { doc } : {}), ...(args.limit ? { limit: args.limit } : {}) };
  if (kind === 'stats') {
    const outcome = engine.stats(request.q, options);
    return outcome.ok ? statsToJson(outcome.stats) : failureJson(request.q, outcome);
  }
  const speaker = request.speaker ?? args.speaker;
  const outcome = engine.quotes(request.q, { ...options, ...(speaker ? { speaker } : {}) });
  return outcome.ok ? quotesToJson(outcome.quotes) : failureJson(request.q, outcome);
}

function failureJson(query: string, failure: Failure) {
  return { query, results: [], error: { code: failure.code, message: failure.message, ...(failure.hints ? { hints: failure.hints } : {}) } };
}

/** `stats [topic]` and `quote [topic] [--speaker NAME]`, single or `--batch`, text or `--json`. */
export async function runExtract(kind: Kind, args: CliArgs): Promise<number> {
  const topic = args.positionals.join(' ');
  if (args.batch && topic.trim()) throw new UsageError(`${kind} --batch reads its topics from stdin; give none on the command line`);
  const engine = await loadEngine(args);
  if (args.batch) {
    await runBatch(process.stdin, process.stdout, (request) =>
      'error' in request ? failureJson('', { ok: false, code: 'bad_option', message: `bad input line: ${request.error}` }) : answerJson(engine, kind, request, args),
    );
    return 0;
  }
  if (kind === 'stats' && args.chart) return writeChart(engine, topic, args, args.chart);
  const request: BatchRequest = { q: topic, ...(args.speaker ? { speaker: args.speaker } : {}) };
  const json = answerJson(engine, kind, request, args) as { error?: { message: string; hints?: string[] } };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(json)}\n`);
    return json.error ? 2 : 0;
  }
  if (json.error) {
    process.stderr.write(`${json.error.message}${json.error.hints?.length ? ` Did you mean: ${json.error.hints.join(', ')}?` : ''}\n`);
    return 2;
  }
  const style = styleFor(process.stdout);
  const doc = args.doc ? { doc: args.doc } : {};
  const limit = args.limit ? { limit: args.limit } : {};
  if (kind === 'stats') {
    const outcome = engine.stats(topic, { ...doc, ...limit });
    if (outcome.ok) process.stdout.write(`${renderStats(outcome.stats, style)}\n`);
  } else {
    const outcome = engine.quotes(topic, { ...doc, ...limit, ...(args.speaker ? { speaker: args.speaker } : {}) });
    if (outcome.ok) process.stdout.write(`${renderQuotes(outcome.quotes, style)}\n`);
  }
  return 0;
}

/**
 * `stats TOPIC --chart FILE`: the answer's first series drawn into FILE (PNG or SVG by its extension), the usual
 * answer on stdout (text or `--json`). No series: one line on stderr, exit 2, no file written.
 */
async function writeChart(engine: Engine, topic: string, args: CliArgs, file: string): Promise<number> {
  const outcome = engine.stats(topic, { ...(args.doc ? { doc: args.doc } : {}), ...(args.limit ? { limit: args.limit } : {}) });
  if (!outcome.ok) {
    process.stderr.write(`${outcome.message}${outcome.hints?.length ? ` Did you mean: ${outcome.hints.join(', ')}?` : ''}\n`);
    return 2;
  }
  const [series] = findSeries(outcome.stats.results);
  if (!series) {
    process.stderr.write('no chart: these figures form no series (the same measure and unit at two or more years, or for several named things)\n');
    return 2;
  }
  const svg = chartSvg(series);
  await writeFile(file, /\.svg$/i.test(file) ? svg : await svgToPng(svg));
  process.stdout.write(args.json ? `${JSON.stringify(statsToJson(outcome.stats))}\n` : `${renderStats(outcome.stats, styleFor(process.stdout))}\n`);
  return 0;
}

/** `sources [DOCUMENT]`: the document list, or one document's details. */
export async function runSources(args: CliArgs): Promise<number> {
  const engine = await loadEngine(args);
  const outcome = engine.sources(args.positionals.join(' ') || args.doc);
  if (!outcome.ok) {
    if (args.json) process.stdout.write(`${JSON.stringify(failureJson(args.positionals.join(' '), outcome))}\n`);
    else process.stderr.write(`${outcome.message}${outcome.hints?.length ? ` Did you mean: ${outcome.hints.join(', ')}?` : ''}\n`);
    return 2;
  }
  process.stdout.write(`${args.json ? JSON.stringify(sourcesToJson(outcome.sources)) : renderSources(outcome.sources, styleFor(process.stdout))}\n`);
  return 0;
}
