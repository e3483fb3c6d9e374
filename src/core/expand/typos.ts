import { createRequire } from 'node:module';
import type MiniSearch from 'minisearch';
import type { CompactIndex } from '../search/retrieve.ts';
import { termsOf } from '../text/tokenize.ts';

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
 * Endings that stemming removes, for reading a misspelt ending ("importsnce"): the misspelt word's stem is then no
 * near neighbour of the stem meant ("importsnc" against "import"). Three letters or more: a shorter ending read
 * within one edit could be almost anything.
 */
const ENDINGS = [
  'ance', 'ence', 'ment', 'ments', 'ness', 'tion', 'tions', 'sion', 'ation', 'ations', 'ity', 'ities', 'ility', 'ability',
  'ibility', 'ive', 'ively', 'ize', 'ise', 'ized', 'ised', 'izing', 'ising', 'ism', 'ist', 'ists', 'able', 'ible', 'ial',
  'ful', 'ous', 'ing', 'ings', 'ers', 'ally', 'ement', 'ization', 'isation', 'ional', 'ically',
];
/** The shortest a word's part before its ending may be, and the longest ending read after a corpus term. */
const MIN_BASE = 4;
const MAX_ENDING = 5;
/** The longest misspelt ending read as one of ENDINGS: one letter more than the longest (an inserted letter). */
const MAX_MISSPELT_ENDING = Math.max(...ENDINGS.map((ending) => ending.length)) + 1;

/**
 * Terms of the word read with its ending repaired: for each of the word's last few letters taken as its ending, the
 * endings within one edit of them (the part before them as written), stemmed. Each is one edit from the word.
 */
function repairedEndings(word: string): string[] {
  const out = new Set<string>();
  for (let at = Math.max(MIN_BASE, word.length - MAX_MISSPELT_ENDING); at <= word.length - 2; at++) {
    const ending = word.slice(at);
    for (const known of ENDINGS) {
      if (known !== ending && editDistance(ending, known, 1) === 1) {
        const term = termsOf(word.slice(0, at) + known)[0];
        if (term !== undefined) out.add(term);
      }
    }
  }
  return [...out];
}

/**
 * The corpus term a misspelt term most likely stands for: the closest by edit distance within `allowedEdits`, the
 * one more passages use among equals; undefined when none is close enough. Two letters swapped count as one edit
 * ("relaibility"); the stem of a word misspelt before its ending or in it is far from the stem meant ("domstic",
 * "importsnce" against "domest", "import"), so such a word is read as a corpus term and an ending, one edit apart.
 */
export function correctTerm(vocabularies: readonly CompactIndex[], term: string, word: string = term): string | undefined {
  // Cached per vocabulary (one index, or a layered index's stable list of them): a question's unknown words come
  // back with every question like it, and a miss costs a few fuzzy searches (milliseconds on a large vocabulary).
  const owner = vocabularies.length === 1 ? vocabularies[0]! : vocabularies;
  let known = corrections.get(owner);
  if (!known) corrections.set(owner, (known = new Map()));
  const key = `${term}\0${word}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached === NO_CORRECTION ? undefined : cached;
  const corrected = findCorrection(vocabularies, term, word);
  if (known.size >= CORRECTION_CACHE_LIMIT) known.clear();
  known.set(key, corrected ?? NO_CORRECTION);
  return corrected;
}

const corrections = new WeakMap<object, Map<string, string>>();
const CORRECTION_CACHE_LIMIT = 20_000;
/** Cached for a word with no correction (no index term is empty). */
const NO_CORRECTION = '';

function findCorrection(vocabularies: readonly CompactIndex[], term: string, word: string): string | undefined {
  const max = allowedEdits(Math.max(term.length, word.length));
  if (max === 0 || !/^[a-z]+$/.test(term)) return undefined;
  // The stem of a misspelt word is not always the stem of the word meant ("manufacturng"): the word as written is
  // matched too, and a candidate is as close as the nearer of the two.
  const forms = [term, ...(word !== term && /^[a-z]+$/.test(word) ? [word] : [])];
  let best: string | undefined;
  let bestDistance = max + 1;
  let bestDf = 0;
  const consider = (compact: CompactIndex, id: number, distance: number) => {
    const df = compact.textStart[id + 1]! - compact.textStart[id]!;
    if (df > 0 && (distance < bestDistance || (distance === bestDistance && df > bestDf))) [best, bestDistance, bestDf] = [compact.terms[id]!, distance, df];
  };
  // MiniSearch's fuzzy match counts a swap as two edits: forms allowed one edit are searched with two when the
  // first search finds nothing (longer forms are searched with two already; three would cost milliseconds).
  // Once the stem has a candidate one edit away, the word as written is searched within one edit only: a search
  // within two costs 5-10 ms on a large vocabulary, and what it adds is at most a candidate as close.
  for (const widen of [0, 1]) {
    if (widen === 1 && bestDistance <= max) break;
    const searched = widen === 0 ? forms : forms.filter((form) => allowedEdits(form.length) === 1);
    for (const form of searched) {
      const fuzzy = form !== term && bestDistance <= 1 ? 1 : allowedEdits(form.length) + widen;
      for (const compact of vocabularies) {
        for (const hit of vocabularyOf(compact).search(form, { fuzzy, prefix: false })) {
          const candidate = compact.terms[hit.id as number]!;
          consider(compact, hit.id as number, Math.min(editDistance(term, candidate, max), editDistance(word, candidate, max)));
        }
      }
    }
  }
  if (bestDistance > 1 && /^[a-z]+$/.test(word)) {
    for (const repaired of repairedEndings(word)) {
      for (const compact of vocabularies) {
        const id = compact.termIds.get(repaired);
        if (id !== undefined) consider(compact, id, 1);
      }
    }
    // An error before the ending ("domstic"): a corpus term one edit from the word's beginning, which the word's
    // ending, put after it, stems back to ("domest" + "ic" → domestic → "domest").
    if (bestDistance > 1) {
      for (let at = Math.max(MIN_BASE, word.length - MAX_ENDING); at < word.length; at++) {
        const [base, ending] = [word.slice(0, at), word.slice(at)];
        for (const compact of vocabularies) {
          for (const hit of vocabularyOf(compact).search(base, { fuzzy: 1, prefix: false })) {
            const candidate = compact.terms[hit.id as number]!;
            if (editDistance(base, candidate, 1) === 1 && termsOf(candidate + ending)[0] === candidate) consider(compact, hit.id as number, 1);
          }
        }
      }
    }
  }
  return bestDistance <= max ? best : undefined;
}
