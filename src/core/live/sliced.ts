import type { Corpus } from '../corpus/load.ts';
import { learnExpansionsSteps } from '../expand/learned.ts';
import type { DocumentAnalysis } from '../search/analysis.ts';
import { buildIndex, type SearchIndex } from '../search/index.ts';
import { assembleIndexSteps, textDocumentFrequency } from '../search/retrieve.ts';
import { finishWithPauses, slicer } from '../steps.ts';

/**
 * buildIndex, with the assembly of the postings and the learning of the corpus's expansions spread over turns of
 * the event loop (learned lazily, they would stall the first question after the swap).
 */
export async function buildIndexSliced(corpus: Corpus, analyses: readonly DocumentAnalysis[], sliceMs: number): Promise<SearchIndex> {
  const pause = slicer(sliceMs);
  const compact = await finishWithPauses(assembleIndexSteps(corpus, analyses), pause);
  const learned = await finishWithPauses(learnExpansionsSteps(corpus, (term) => textDocumentFrequency(compact, term) > 0), pause);
  return buildIndex(corpus, analyses, compact, learned);
}
