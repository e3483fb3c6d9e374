/**
 * One measured process of the benchmark (bench/run.ts starts it): opens a corpus with our engine, plain MiniSearch
 * (default options), tuned MiniSearch (our tokenizer, natural's English stop words and Porter stemmer, as a user
 * would set it up for questions) or FlexSearch (the speed reference; English language pack, `suggest` so that a
 * question's words need not all match), answers the first question (cold start = process start to that answer),
 * then optionally measures heap, /ask latency with hit@1/hit@3 on the questions asked (the gold of ObliQA dev,
 * matched as src/cli/eval.ts matches), or event-loop delay during a live re-index. Prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import type MiniSearch from 'minisearch';
import { gcNow, percentiles, settledMemory } from './measure.ts';

// Each mode imports what it needs when it runs (MiniSearch for plain, perf_hooks for the re-index), so that a cold
// start counts the loading of the engine measured and nothing of the other's.

const [impl, mode, dir, questionsFile, maxQuestionsArg, timeLimitArg, snapshotFile] = process.argv.slice(2) as [string, string, string, string?, string?, string?, string?];
const maxQuestions = Number(maxQuestionsArg ?? 0);
const timeLimitMs = Number(timeLimitArg ?? 60_000);
interface BenchQuestion {
  q: string;
  gold?: string[];
  match?: 'substring' | 'passage';
}
const questionRows: BenchQuestion[] = questionsFile
  ? fs.readFileSync(questionsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as BenchQuestion)
  : [{ q: 'What is the capital requirement?' }];
const questions: string[] = questionRows.map((r) => r.q);

const out: Record<string, unknown> = { startMs: performance.now() };
/** Memory after collections, into the result. */
async function memory() {
  Object.assign(out, await settledMemory());
}

/**
 * /ask latency over the first `maxQuestions` questions, and their hit@1 / hit@3: `texts` turns an answer into its
 * result texts, in order (outside the timed part), matched against the question's gold as src/cli/eval.ts does.
 */
async function latency<A>(answer: (q: string) => A, texts: (a: A) => readonly string[]) {
  if (!maxQuestions) return;
  const { isHit } = await import('../src/cli/eval.ts');
  // Warm-up (a serving bot is warm): questions from the end of the file, not among those measured; our engine has
  // also warmed itself up with questions of its own (engine.warmUp), as the bot does after start.
  for (const q of questions.slice(-10)) answer(q);
  const times: number[] = [];
  let hit1 = 0;
  let hit3 = 0;
  let judged = 0;
  // Per question, in order: the rank (0-2) of the first right result among the top 3, or -1 (null without gold).
  const ranks: (number | null)[] = [];
  const started = performance.now();
  for (const row of questionRows.slice(0, maxQuestions)) {
    const t = performance.now();
    const a = answer(row.q);
    times.push(performance.now() - t);
    if (row.gold) {
      judged++;
      const rank = texts(a).slice(0, 3).findIndex((text) => isHit({ q: row.q, gold: row.gold!, kind: 'ask', ...(row.match ? { match: row.match } : {}) }, { text }));
      if (rank === 0) hit1++;
      if (rank >= 0) hit3++;
      ranks.push(rank);
    } else ranks.push(null);
    if (performance.now() - started > timeLimitMs) break;
  }
  out.latency = {
    ...percentiles(times),
    totalMs: performance.now() - started,
    asked: times.length,
    wanted: Math.min(maxQuestions, questions.length),
    hit1: judged ? hit1 / judged : NaN,
    hit3: judged ? hit3 / judged : NaN,
    // So that an engine stopped by the time limit can be compared with another on the same first questions.
    times,
    ranks,
  };
}

/** Paragraphs of the corpus files, as plain MiniSearch documents (one per paragraph). */
function plainDocuments(): { id: number; text: string }[] {
  const docs: { id: number; text: string }[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else for (const text of fs.readFileSync(full, 'utf8').split(/\n\s*\n/)) if (text.trim()) docs.push({ id: docs.length, text });
    }
  };
  walk(dir);
  return docs;
}

if (impl === 'ours') {
  const { openEngine } = await import('../src/core/engine.ts');
  out.importedMs = performance.now();
  if (mode === 'reindex') {
    const { LiveEngine } = await import('../src/core/live/live.ts');
    const { fallbackSnapshotDir } = await import('../src/core/snapshot/store.ts');
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const live = await LiveEngine.open(dir);
    if (!(live instanceof LiveEngine)) throw new Error(live.message);
    // As the bot does after start: the ranking indexes built, the answering code and what it reads warmed up.
    await live.current.ready();
    await live.current.warmUp();
    const texts = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.txt'));
    const measure = async (label: string, options: { change?: number; full?: boolean }) => {
      const quota = 12 + (options.change ?? 0);
      if (options.change !== undefined) {
        // A different document each time: the k-th change finds the indexing thread started by the first.
        const entry = texts[options.change % texts.length]!;
        const file = path.join(entry.parentPath, entry.name);
        originals.set(file, originals.get(file) ?? fs.readFileSync(file));
        fs.appendFileSync(file, `\n\nBenchmark change ${Date.now()}: the zebra quota is ${quota}.\n`);
      }
      let engine = live;
      if (options.full) {
        // A full re-index: a live engine whose (temporary) snapshot is empty, so every document is analysed.
        fs.rmSync(fallbackSnapshotDir(`${dir}#live`), { recursive: true, force: true });
        const opened = await LiveEngine.open(dir, () => {}, {});
        if (!(opened instanceof LiveEngine)) throw new Error(opened.message);
        engine = LiveEngine.of(dir, opened.current, { snapshot: false });
      }
      gcNow();
      const histogram = monitorEventLoopDelay({ resolution: 2 });
      let heartbeats = 0;
      let worstLate = 0;
      let last = performance.now();
      const heartbeat = setInterval(() => {
        const now = performance.now();
        worstLate = Math.max(worstLate, now - last - 5);
        last = now;
        heartbeats++;
        engine.current; // what the gateway would read
      }, 5);
      histogram.enable();
      const result = await engine.reindex();
      histogram.disable();
      // A change is answered when reindex resolves (layered, or assembled whole): the bench asks to be sure.
      const asked = options.change !== undefined ? engine.current.ask('What is the zebra quota in the benchmark change?', { limit: 10 }) : undefined;
      const answered = asked?.ok ? asked.answer.results.some((r) => r.text.includes(`zebra quota is ${quota}.`)) : undefined;
      const figures = { ok: result.ok, ms: result.ms, analyseMs: result.analyseMs, layered: result.layered === true, analysed: result.stats?.analysed, p99DelayMs: histogram.percentile(99) / 1e6, maxDelayMs: histogram.max / 1e6, worstHeartbeatLateMs: worstLate, heartbeats, answered };
      // Then the whole index is assembled again in the background (after a layered change): its time and stalls.
      histogram.reset();
      histogram.enable();
      const mergeStarted = performance.now();
      const merging = engine.merging;
      await engine.settled();
      histogram.disable();
      clearInterval(heartbeat);
      out[label] = { ...figures, ...(merging ? { mergeMs: performance.now() - mergeStarted, mergeP99DelayMs: histogram.percentile(99) / 1e6, mergeMaxDelayMs: histogram.max / 1e6 } : {}) };
    };
    const originals = new Map<string, Buffer>();
    try {
      await measure('reindexOne', { change: 0 });
      await measure('reindexNext', { change: 1 });
      await measure('reindexThird', { change: 2 });
      await measure('reindexAll', { full: true });
    } finally {
      for (const [file, original] of originals) fs.writeFileSync(file, original); // the corpus as it was
    }
  } else {
    const snapshot = mode !== 'scratch';
    const t = performance.now();
    const opened = await openEngine(dir, () => {}, { snapshot });
    if (!opened.ok) throw new Error(opened.message);
    out.openMs = performance.now() - t;
    out.openedMs = performance.now();
    opened.engine.ask(questions[0]!);
    out.coldMs = performance.now(); // since process start (performance.timeOrigin)
    out.snapshot = opened.engine.snapshot;
    await memory();
    // As a server does after start (src/main.ts): the answering code is warmed up before users ask.
    if (maxQuestions) await opened.engine.warmUp();
    await latency(
      (q) => opened.engine.ask(q),
      (outcome) => (outcome.ok && !outcome.answer.abstained ? outcome.answer.results.map((r) => r.text) : []),
    );
  }
} else if (impl === 'flex') {
  // FlexSearch: the speed reference. Its answers are another set (no BM25: its own scoring by term position and
  // resolution), measured with the same questions and matching; it has no snapshot here (its export is per key).
  const { Index, Encoder, Charset } = await import('flexsearch');
  const { default: EnglishPreset } = await import('flexsearch/lang/en');
  out.importedMs = performance.now();
  const t = performance.now();
  const documents = plainDocuments();
  const index = new Index({ tokenize: 'strict', encoder: new Encoder(Charset.LatinBalance).assign(EnglishPreset) });
  for (const d of documents) index.add(d.id, d.text);
  out.openMs = performance.now() - t;
  out.passages = documents.length;
  const searcher = index as unknown as { search(q: string, options: { limit: number; suggest: boolean }): number[] };
  const search = (q: string) => searcher.search(q, { limit: 10, suggest: true });
  search(questions[0]!);
  out.coldMs = performance.now();
  await memory();
  await latency(search, (ids) => ids.map((id) => documents[id]!.text));
} else {
  const { default: MiniSearch } = await import('minisearch');
  // Tuned as a user would for questions: our tokenizer (MiniSearch takes one), natural's English stop words and
  // natural's Porter stemmer in processTerm. Plain: MiniSearch's defaults.
  let options: { fields: string[]; tokenize?: (text: string) => string[]; processTerm?: (term: string) => string | null } = { fields: ['text'] };
  if (impl === 'tuned') {
    const { tokenizeForms } = await import('../src/core/text/tokenize.ts');
    // CommonJS modules: their exports are `default` in the bundle (esbuild), and named as well under tsx.
    const porterModule = (await import('natural/lib/natural/stemmers/porter_stemmer.js')) as { default: { stem(word: string): string } };
    const stopWordsModule = (await import('natural/lib/natural/util/stopwords.js')) as { words?: string[]; default?: { words?: string[] } };
    const porter = porterModule.default;
    const words = stopWordsModule.words ?? stopWordsModule.default?.words;
    if (!words?.length || typeof porter?.stem !== 'function') throw new Error('natural stop words or Porter stemmer not found');
    const stopWords = new Set<string>(words);
    options = { fields: ['text'], tokenize: tokenizeForms, processTerm: (term) => (stopWords.has(term) ? null : porter.stem(term)) };
  }
  out.importedMs = performance.now();
  const t = performance.now();
  let miniSearch: MiniSearch<{ id: number; text: string }>;
  let documents: { id: number; text: string }[] | undefined;
  if (mode === 'scratch') {
    documents = plainDocuments();
    miniSearch = new MiniSearch(options);
    miniSearch.addAll(documents);
    out.openMs = performance.now() - t;
    out.passages = documents.length;
  } else {
    miniSearch = MiniSearch.loadJSON(fs.readFileSync(snapshotFile!, 'utf8'), options);
    out.openMs = performance.now() - t;
  }
  miniSearch.search(questions[0]!);
  out.coldMs = performance.now();
  if (mode === 'scratch' && snapshotFile) {
    // Saved after the cold start is measured: writing the snapshot is not part of starting.
    const json = JSON.stringify(miniSearch);
    fs.writeFileSync(snapshotFile, json);
    out.snapshotBytes = Buffer.byteLength(json);
  }
  await memory();
  // The latency run starts from scratch (bench/run.ts), so the paragraphs' texts are at hand for hit@k.
  await latency(
    (q) => miniSearch.search(q),
    (results) => (documents ? results.slice(0, 10).map((r) => documents![r.id as number]!.text) : []),
  );
}
process.stdout.write(`${JSON.stringify(out)}\n`);
