import { ask, type AskOptions } from './answer/ask.ts';
import { loadCorpus, type Corpus } from './corpus/load.ts';
import { buildIndex, type SearchIndex } from './search/index.ts';
import type { Answer, LoadWarning, Outcome } from './types.ts';

/** Everything a command needs to answer: the loaded corpus and its index. */
export interface Engine {
  readonly corpus: Corpus;
  readonly index: SearchIndex;
  ask(question: string, options?: AskOptions): Outcome<{ answer: Answer }>;
}

export function engineOf(corpus: Corpus): Engine {
  const index = buildIndex(corpus);
  return { corpus, index, ask: (question, options) => ask(index, question, options) };
}

/** Loads the corpus folder and indexes it; load warnings go to `onWarning` as they are known. */
export async function openEngine(dir: string, onWarning: (warning: LoadWarning) => void = () => {}): Promise<Outcome<{ engine: Engine }>> {
  const loaded = await loadCorpus(dir);
  if (!loaded.ok) return loaded;
  for (const warning of loaded.corpus.warnings) onWarning(warning);
  return { ok: true, engine: engineOf(loaded.corpus) };
}
