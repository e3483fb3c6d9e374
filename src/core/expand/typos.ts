import { createRequire } from 'node:module';
import type MiniSearch from 'minisearch';
import type { CompactIndex } from '../search/retrieve.ts';

/**
 * Typing errors in questions ("semicondutor", "manufacturng") corrected against the corpus's own vocabulary with
 * MiniSearch's fuzzy matching, the job a radix tree with bounded edit distance does best. One MiniSearch per
 * index, over its words (stemmed index terms of letters only), made on the first word that needs it. Among
 * candidates as close, the word more passages use wins.
 */
interface VocabularyEntry {
  id: number;
  term: string;
}

const vocabularies = new WeakMap<CompactIndex, MiniSearch<VocabularyEntry>>();
const MIN_LENGTH = 4;
/**
 * Past this many words, words the corpus uses once are left out: a large corpus's hapaxes are mostly its own
 * typing errors, codes and names, and the index of them would cost some 100 MB at 94 MB of text.
 */
const LARGE_VOCABULARY = 100_000;

function newVocabulary(): MiniSearch<VocabularyEntry> {
  // Loaded on the first correction (or warm-up): a start answers its first questions without it.
  const MiniSearchClass = createRequire(import.meta.url)('minisearch') as typeof MiniSearch;
  return new MiniSearchClass<VocabularyEntry>({ fields: ['term'], storeFields: [], tokenize: (text) => [text], processTerm: (term) => term });
}

function vocabularyEntries(compact: CompactIndex): VocabularyEntry[] {
  const words: VocabularyEntry[] = [];
  compact.terms.forEach((term, id) => {
    if (term.length >= MIN_LENGTH && /^[a-z]+$/.test(term) && compact.textStart[id + 1]! > compact.textStart[id]!) words.push({ id, term });
  });
  if (words.length <= LARGE_VOCABULARY) return words;
  return words.filter(({ id }) => compact.textStart[id + 1]! - compact.textStart[id]! >= 2);
}

function vocabularyOf(compact: CompactIndex): MiniSearch<VocabularyEntry> {
  let search = vocabularies.get(compact);
  if (!search) {
    search = newVocabulary();
    search.addAll(vocabularyEntries(compact));
    vocabularies.set(compact, search);
  }
  return search;
}

/**
 * Builds the vocabulary's MiniSearch in chunks that leave the event loop free (a server calls it while warming
 * up), so that the first misspelt question does not wait for it (a second or more on a large corpus).
 */
export async function prepareVocabulary(compact: CompactIndex): Promise<void> {
  if (vocabularies.has(compact)) return;
  const search = newVocabulary();
  await search.addAllAsync(vocabularyEntries(compact), { chunkSize: 2_000 });
  if (!vocabularies.has(compact)) vocabularies.set(compact, search);
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, previous2[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** How many edits a word of this length may hold: one up to seven letters, two from eight. */
export function allowedEdits(length: number): number {
  return length < MIN_LENGTH ? 0 : length < 8 ? 1 : 2;
}

/**
 * The corpus term a misspelt term most likely stands for: the closest by edit distance within `allowedEdits`, the
 * one more passages use among equals; undefined when none is close enough.
 */
export function correctTerm(vocabularies: readonly CompactIndex[], term: string, word: string = term): string | undefined {
  const max = allowedEdits(Math.max(term.length, word.length));
  if (max === 0 || !/^[a-z]+$/.test(term)) return undefined;
  // The stem of a misspelt word is not always the stem of the word meant ("manufacturng"): the word as written is
  // matched too, and a candidate is as close as the nearer of the two.
  const forms = [term, ...(word !== term && /^[a-z]+$/.test(word) ? [word] : [])];
  let best: string | undefined;
  let bestDistance = max + 1;
  let bestDf = 0;
  for (const compact of vocabularies) {
    const vocabulary = vocabularyOf(compact);
    for (const hit of forms.flatMap((form) => vocabulary.search(form, { fuzzy: allowedEdits(form.length), prefix: false }))) {
      const candidate = compact.terms[hit.id as number]!;
      const distance = Math.min(editDistance(term, candidate, max), editDistance(word, candidate, max));
      const df = compact.textStart[(hit.id as number) + 1]! - compact.textStart[hit.id as number]!;
      if (distance < bestDistance || (distance === bestDistance && df > bestDf)) [best, bestDistance, bestDf] = [candidate, distance, df];
    }
  }
  return bestDistance <= max ? best : undefined;
}
