import type { Corpus } from '../corpus/load.ts';
import type { DocumentAnalysis } from '../search/analysis.ts';
import { buildIndex, type SearchIndex } from '../search/index.ts';
import { assembleIndexSteps } from '../search/retrieve.ts';

/** Runs a generator to its end, yielding to the event loop whenever a slice has taken `sliceMs`. */
export async function runSliced<T>(steps: Generator<void, T>, sliceMs: number): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** buildIndex, with the assembly of the postings spread over turns of the event loop. */
export async function buildIndexSliced(corpus: Corpus, analyses: readonly DocumentAnalysis[], sliceMs: number): Promise<SearchIndex> {
  const compact = await runSliced(assembleIndexSteps(corpus, analyses), sliceMs);
  return buildIndex(corpus, analyses, compact);
}
