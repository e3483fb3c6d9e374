/**
 * Honest measurement: every question set scored on two fixed halves, the tuning half (A) and the half kept for
 * checking (B), side by side, with plain MiniSearch (default options, one document per sentence) on the same
 * questions. A change tuned on A that does not hold on B is over-fitting.
 *
 *   npm run eval:split                 # every set below that is on this machine
 *   npm run eval:split -- --sets seed  # only the sets whose name holds "seed"
 *
 * Our answers are judged by the shared scorer (../shared/eval/score.mjs, through the CLI's batch mode, as a user
 * sees them); the baseline by the same matching rules (src/cli/eval.ts isHit). A question's half is the parity of
 * the first byte of the sha1 of its id, so the halves never change.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { isHit, readQuestions, type EvalQuestion } from '../src/cli/eval.ts';
import { loadCorpus } from '../src/core/corpus/load.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = path.resolve(ROOT, '../shared/eval');

interface QuestionSet {
  readonly name: string;
  readonly file: string;
  readonly corpus: string;
}

const SETS: readonly QuestionSet[] = [
  { name: 'seed-dev', file: path.join(SHARED, 'seed-dev.jsonl'), corpus: path.join(ROOT, 'corpus') },
  { name: 'seed-fresh', file: path.join(ROOT, 'eval/seed-fresh.jsonl'), corpus: path.join(ROOT, 'corpus') },
  { name: 'seed-fresh-typos', file: path.join(ROOT, 'eval/seed-fresh-typos.jsonl'), corpus: path.join(ROOT, 'corpus') },
  { name: 'seed-paraphrase', file: path.join(ROOT, 'eval/seed-paraphrase.jsonl'), corpus: path.join(ROOT, 'corpus') },
  { name: 'seed-paraphrase-typos', file: path.join(ROOT, 'eval/seed-paraphrase-typos.jsonl'), corpus: path.join(ROOT, 'corpus') },
  { name: 'obliqa-dev', file: path.join(SHARED, 'obliqa/dev.jsonl'), corpus: path.join(SHARED, 'obliqa/corpus') },
  { name: 'policyqa-dev', file: path.join(SHARED, 'policyqa/dev.jsonl'), corpus: path.join(SHARED, 'policyqa/corpus') },
];

const half = (id: string): 'A' | 'B' => ((createHash('sha1').update(id).digest()[0]! & 1) === 0 ? 'A' : 'B');

interface Figures {
  n: number;
  hit1: number;
  hit3: number;
  abstained: number;
  unanswerable: number;
  falseAbstain: number;
}

const format = (f: Figures | undefined) =>
  !f ? '–' : `${f.n ? (f.hit1 / f.n).toFixed(3) : '–'} / ${f.n ? (f.hit3 / f.n).toFixed(3) : '–'}${f.unanswerable ? `, ${f.abstained}/${f.unanswerable} abst.` : ''}${f.falseAbstain ? `, ${f.falseAbstain} false` : ''}`;

/** Our figures for one file of questions (ask only), from the shared scorer's JSON report. */
function ours(file: string, corpus: string): Figures | undefined {
  const run = spawnSync('node', [path.join(SHARED, 'score.mjs'), file, '--corpus', corpus, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = (run.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  if (!line) {
    console.error(`the scorer gave no report for ${file}: ${(run.stderr ?? '').trim().split('\n').slice(-2).join(' | ')}`);
    return undefined;
  }
  const r = JSON.parse(line).report.ask as { n: number; hit1: number; hit3: number; abstainedRight: number; unanswerable: number; falseAbstain: number } | undefined;
  return r && { n: r.n, hit1: r.hit1, hit3: r.hit3, abstained: r.abstainedRight, unanswerable: r.unanswerable, falseAbstain: r.falseAbstain };
}

/** Plain MiniSearch over the corpus's sentences (default options), answering with its three best. */
async function baseline(questions: readonly EvalQuestion[], corpusDir: string): Promise<Figures> {
  const loaded = await loadCorpus(corpusDir);
  if (!loaded.ok) throw new Error(loaded.message);
  const sentences: { id: number; text: string; docId: string }[] = [];
  for (const passage of loaded.corpus.passages) {
    for (const span of passage.sentences) sentences.push({ id: sentences.length, text: passage.text.slice(span.start, span.end), docId: passage.docId });
  }
  const search = new MiniSearch<{ id: number; text: string; docId: string }>({ fields: ['text'], storeFields: [] });
  search.addAll(sentences);
  const figures: Figures = { n: 0, hit1: 0, hit3: 0, abstained: 0, unanswerable: 0, falseAbstain: 0 };
  for (const q of questions) {
    const hits = search.search(q.q, q.doc ? { filter: (r) => sentences[r.id as number]!.docId === q.doc } : {}).slice(0, 3);
    if (q.unanswerable) {
      figures.unanswerable++;
      if (hits.length === 0) figures.abstained++;
      continue;
    }
    figures.n++;
    const rank = hits.findIndex((h) => isHit(q, { text: sentences[h.id as number]!.text }));
    if (rank === 0) figures.hit1++;
    if (rank >= 0) figures.hit3++;
  }
  return figures;
}

async function main(): Promise<void> {
  const only = process.argv.includes('--sets') ? process.argv[process.argv.indexOf('--sets') + 1] : undefined;
  const sets = SETS.filter((s) => (!only || s.name.includes(only)) && fs.existsSync(s.file) && fs.existsSync(s.corpus));
  const missing = SETS.filter((s) => !sets.includes(s) && (!only || s.name.includes(only)));
  if (missing.length) console.log(`not on this machine, skipped: ${missing.map((s) => s.name).join(', ')}`);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'policybot-eval-split-'));
  const rows: string[] = ['| set | half | questions | ours hit@1 / hit@3 | plain MiniSearch hit@1 / hit@3 |', '|---|---|---|---|---|'];
  try {
    for (const set of sets) {
      const questions = readQuestions(set.file).filter((q) => (q.kind ?? 'ask') === 'ask');
      for (const h of ['A', 'B'] as const) {
        const part = questions.filter((q) => half(String(q.id)) === h);
        if (part.length === 0) continue;
        const file = path.join(temp, `${set.name}-${h}.jsonl`);
        fs.writeFileSync(file, part.map((q) => JSON.stringify(q)).join('\n') + '\n');
        const label = h === 'A' ? 'A (tuning)' : 'B (check)';
        rows.push(`| ${set.name} | ${label} | ${part.length} | ${format(ours(file, set.corpus))} | ${format(await baseline(part, set.corpus))} |`);
        console.error(rows[rows.length - 1]);
      }
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  console.log(rows.join('\n'));
}

await main();
