import type { Corpus } from '../corpus/load.ts';
import type { DocumentAnalysis } from '../search/analysis.ts';
import { buildIndex, type SearchIndex } from '../search/index.ts';
import { assembleIndexSteps } from '../search/retrieve.ts';
import { finishWithPauses, slicer } from '../steps.ts';

/** buildIndex, with the assembly of the postings spread over turns of the event loop. */
export async function buildIndexSliced(corpus: Corpus, analyses: readonly DocumentAnalysis[], sliceMs: number): Promise<SearchIndex> {
  const compact = await finishWithPauses(assembleIndexSteps(corpus, analyses), slicer(sliceMs));
  return buildIndex(corpus, analyses, compact);
}
