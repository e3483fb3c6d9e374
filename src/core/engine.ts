import { ask, type AskOptions } from './answer/ask.ts';
import type { Corpus } from './corpus/load.ts';
import type { DocumentAnalysis } from './search/analysis.ts';
import { buildIndex, type SearchIndex } from './search/index.ts';
import { openCorpus, type SnapshotOptions, type SnapshotStats } from './snapshot/store.ts';
import type { Answer, LoadWarning, Outcome } from './types.ts';

/** Everything a command needs to answer: the loaded corpus and its index. */
export interface Engine {
  readonly corpus: Corpus;
  readonly index: SearchIndex;
  ask(question: string, options?: AskOptions): Outcome<{ answer: Answer }>;
  /** How the engine was opened: documents reused from the snapshot and analysed anew. */
  readonly snapshot?: SnapshotStats;
}

export function engineOf(corpus: Corpus, analyses?: readonly DocumentAnalysis[] | SearchIndex, snapshot?: SnapshotStats): Engine {
  const index = analyses && 'compact' in analyses ? analyses : buildIndex(corpus, analyses);
  return { corpus, index, ask: (question, options) => ask(index, question, options), ...(snapshot ? { snapshot } : {}) };
}

export type OpenOptions = SnapshotOptions;

/**
 * Loads the corpus folder and indexes it; load warnings go to `onWarning` as they are known. The index snapshot
 * next to the corpus is used where it matches the files and brought up to date (only new and changed documents
 * are analysed); `{ snapshot: false }` or POLICYBOT_SNAPSHOT=off indexes everything from scratch.
 */
export async function openEngine(dir: string, onWarning: (warning: LoadWarning) => void = () => {}, options: OpenOptions = {}): Promise<Outcome<{ engine: Engine }>> {
  const opened = await openCorpus(dir, onWarning, options);
  if (!opened.ok) return opened;
  for (const warning of opened.corpus.warnings) onWarning(warning);
  return { ok: true, engine: engineOf(opened.corpus, opened.analyses, opened.stats) };
}
