import fs from 'node:fs';
import { canonicalText } from '../core/text/fold.ts';
import { loadEngine, type CliArgs } from './args.ts';
import { loggedEngine } from './insights.ts';
import { UsageError } from './usage.ts';
import type { Engine } from '../core/engine.ts';

/** One question of an evaluation file (the format of the shared eval README). */
export interface EvalQuestion {
  id?: string;
  kind?: string;
  q: string;
  doc?: string;
  speaker?: string;
  gold: string[];
  match?: 'substring' | 'passage';
  unanswerable?: boolean;
}

export interface EvalReport {
  kind: string;
  n: number;
  hit1: number;
  hit3: number;
  mrr: number;
  unanswerable: number;
  abstainedRight: number;
  falseAbstain: number;
}

/** A result as the scorer sees it: its text, and for statistics its value, for quotes its speaker. */
export interface ScoredResult {
  text: string;
  value?: string;
  speaker?: string;
}

/** Answers one question of a kind; undefined when this build does not know the kind. */
export type KindRunner = (engine: Engine, q: EvalQuestion) => { abstained: boolean; results: ScoredResult[] } | undefined;

export const KIND_RUNNERS: Record<string, KindRunner> = {
  ask: (engine, q) => {
    const outcome = engine.ask(q.q, q.doc ? { doc: q.doc, limit: 10 } : { limit: 10 });
    return outcome.ok ? { abstained: outcome.answer.abstained, results: [...outcome.answer.results] } : { abstained: true, results: [] };
  },
  stats: (engine, q) => {
    const outcome = engine.stats(q.q, q.doc ? { doc: q.doc } : {});
    return outcome.ok ? { abstained: false, results: outcome.stats.results.map((f) => ({ text: f.text, value: f.value })) } : { abstained: true, results: [] };
  },
  quote: (engine, q) => {
    const outcome = engine.quotes(q.q, { ...(q.doc ? { doc: q.doc } : {}), ...(q.speaker ? { speaker: q.speaker } : {}) });
    return outcome.ok
      ? { abstained: false, results: outcome.quotes.results.map((x) => ({ text: x.text, ...(x.speaker ? { speaker: x.speaker } : {}) })) }
      : { abstained: true, results: [] };
  },
};

/** Same matching rules as the shared scorer: folded case, white space and quotes. */
export function isHit(q: EvalQuestion, result: ScoredResult): boolean {
  if (q.speaker && q.kind === 'quote' && !canonicalText(result.speaker ?? '').includes(canonicalText(q.speaker))) return false;
  const text = canonicalText(q.kind === 'stats' ? `${result.text} ${result.value ?? ''}` : result.text);
  if (!text) return false;
  if (q.match === 'passage') return q.gold.some((g) => canonicalText(g).includes(text) || text.includes(canonicalText(g)));
  return q.gold.some((g) => text.includes(canonicalText(g)));
}

export function readQuestions(file: string): EvalQuestion[] {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read question file ${file}`);
  }
  return content.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      const q = JSON.parse(line) as EvalQuestion;
      if (typeof q.q !== 'string' || !Array.isArray(q.gold)) throw new Error('shape');
      return [q];
    } catch {
      throw new UsageError(`${file} line ${i + 1} is not a question ({"q": "...", "gold": [...]})`);
    }
  });
}

export function evaluate(engine: Engine, questions: readonly EvalQuestion[]): { reports: EvalReport[]; skipped: string[] } {
  const reports = new Map<string, EvalReport>();
  const skipped = new Set<string>();
  for (const q of questions) {
    const kind = q.kind ?? 'ask';
    const runner = KIND_RUNNERS[kind];
    const outcome = runner?.(engine, { ...q, kind });
    if (!outcome) {
      skipped.add(kind);
      continue;
    }
    let r = reports.get(kind);
    if (!r) reports.set(kind, (r = { kind, n: 0, hit1: 0, hit3: 0, mrr: 0, unanswerable: 0, abstainedRight: 0, falseAbstain: 0 }));
    const abstained = outcome.abstained || outcome.results.length === 0;
    if (q.unanswerable) {
      r.unanswerable++;
      if (abstained) r.abstainedRight++;
      continue;
    }
    r.n++;
    if (abstained) r.falseAbstain++;
    const rank = outcome.results.slice(0, 10).findIndex((res) => isHit({ ...q, kind }, res));
    if (rank === 0) r.hit1++;
    if (rank >= 0 && rank < 3) r.hit3++;
    if (rank >= 0) r.mrr += 1 / (rank + 1);
  }
  return { reports: [...reports.values()], skipped: [...skipped] };
}

export function formatReport(r: EvalReport): string {
  const f = (x: number) => (r.n ? x / r.n : 0).toFixed(3);
  return `${r.kind}: n=${r.n} hit@1=${f(r.hit1)} hit@3=${f(r.hit3)} mrr=${f(r.mrr)}` +
    (r.unanswerable ? ` abstained=${r.abstainedRight}/${r.unanswerable}` : '') + ` falseAbstain=${r.falseAbstain}`;
}

export async function runEval(args: CliArgs): Promise<number> {
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('eval needs a question file, e.g. eval questions.jsonl');
  if (extra.length > 0) throw new UsageError(`eval takes one question file, not ${args.positionals.length}`);
  const questions = readQuestions(file);
  const logged = await loggedEngine(args, await loadEngine(args), 'cli eval');
  const { reports, skipped } = evaluate(logged.engine, questions);
  await logged.close();
  if (args.json) process.stdout.write(`${JSON.stringify({ file, reports, skipped })}\n`);
  else {
    for (const r of reports) process.stdout.write(`${formatReport(r)}\n`);
    if (skipped.length > 0) process.stdout.write(`skipped kinds this build does not answer: ${skipped.join(', ')}\n`);
  }
  return 0;
}
