import type { AnalyzedQuery, QueryTerm } from '../search/query.ts';
import type { CompactIndex } from '../search/retrieve.ts';
import { synonymsOf } from '../search/thesaurus.ts';
import { termsOf } from '../text/tokenize.ts';
import { abbreviationLookup, phrasesAmong, usable } from './abbreviations.ts';
import { countryOf } from './countries.ts';
import { isKnownWord, wordNetRelatives, type LearnedExpansions } from './learned.ts';
import { QUANTITY_GROUPS } from './numbers.ts';
import { correctTerm } from './typos.ts';

/**
 * How a question term is found in other words: `related` terms (WordNet's relatives, the thesaurus) stand in at a
 * fraction of the term's weight, scaled by `strength`; `equivalent` terms (the same thing written otherwise: an
 * abbreviation's words, a country for its adjective, a number for its word) at nearly its full weight.
 */
export interface Expansion {
  readonly term: string;
  readonly kind: 'related' | 'equivalent';
  /** 0-1: how close the relative is (1: a synonym in the word's first sense). */
  readonly strength: number;
}

export interface UnderstoodQuery extends AnalyzedQuery {
  /** Per question term: its expansions that the corpus holds, strongest first. */
  readonly expansions: ReadonlyMap<string, readonly Expansion[]>;
}

/** What understanding a question needs of its corpus (a SearchIndex is one). */
export interface Understanding {
  readonly compact: CompactIndex;
  /** Passages holding each term, over the whole corpus (a server's: the base's and its own). */
  readonly documentFrequency: ReadonlyMap<string, number>;
  readonly learned: LearnedExpansions;
  /** Where typing errors are corrected (default: `compact`'s vocabulary). */
  readonly vocabularies?: readonly CompactIndex[];
}

/** How many WordNet relatives a term brings at most. */
const MAX_RELATIVES = 6;

const quantityTerms: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const group of QUANTITY_GROUPS) {
    const terms = [...new Set(group.flatMap((word) => termsOf(word).slice(0, 1)))];
    for (const term of terms) map.set(term, [...(map.get(term) ?? []), ...terms.filter((t) => t !== term)]);
  }
  return map;
})();

const cache = new WeakMap<CompactIndex, Map<string, readonly Expansion[]>>();
const CACHE_LIMIT = 20_000;

/**
 * A question read in the corpus's terms: misspelt words corrected (a word neither the corpus nor WordNet knows,
 * within one or two edits of a corpus word), and each term's expansions found: WordNet's relatives, the thesaurus,
 * numbers in words, a country for its adjective, an abbreviation's words and the abbreviation for its words.
 * Only terms the corpus holds are kept. Expansions are cached per index.
 */
export function understandQuery(understanding: Understanding, query: AnalyzedQuery): UnderstoodQuery {
  const { compact, learned } = understanding;
  const inCorpus = (term: string) => understanding.documentFrequency.has(term) || compact.termIds.has(term);
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  // A word with capitals after its first letter ("GDPR", "FinTech", "EADi") is spelt so on purpose, unless the
  // whole question is in capitals: it is read as written, never corrected into a corpus word that looks like it.
  const inCapitals = !/\p{Ll}/u.test(query.text);
  for (const t of query.terms) {
    let term = t;
    const deliberate = !inCapitals && /\p{Lu}/u.test(t.surface.slice(1));
    if (!deliberate && !inCorpus(t.term) && !/\d/.test(t.term) && !isKnownWord(learned, t.term) && countryOf(t.surface) === undefined) {
      const corrected = correctTerm(understanding.vocabularies ?? [compact], t.term, t.surface.toLowerCase());
      if (corrected !== undefined) term = { ...t, term: corrected, corrected: t.term };
    }
    if (seen.has(term.term)) continue;
    seen.add(term.term);
    terms.push(term);
  }
  const expansions = new Map<string, Expansion[]>();
  let known = cache.get(compact);
  if (!known) cache.set(compact, (known = new Map()));
  for (const t of terms) {
    // Keyed by the word as written, folded but for capitals (an initialism is read only in capitals).
    const key = `${t.term}\0${t.surface.toLowerCase()}${isCapitals(t.surface) ? '\0caps' : ''}`;
    let list = known.get(key);
    if (!list) {
      list = termExpansions(understanding, t, inCorpus);
      if (known.size >= CACHE_LIMIT) known.clear();
      known.set(key, list);
    }
    expansions.set(t.term, [...list]);
  }
  // An abbreviation for words the question spells out ("research and development" → R&D) stands in for each of
  // them: as their equivalent where the corpus lacks one of the words, else as a relative (a corpus that has them
  // all finds them, and the abbreviation at full weight only pulled in its other uses: ObliQA dev, tuning half,
  // -0.4 points).
  const sequence = terms.map((t) => t.term);
  for (const { short, long } of phrasesAmong(abbreviationLookup(learned.abbreviations), sequence)) {
    if (!inCorpus(short) || seen.has(short)) continue;
    const kind = long.every(inCorpus) ? 'related' : 'equivalent';
    const at = sequence.findIndex((_, i) => long.every((word, k) => sequence[i + k] === word));
    if (at < 0) continue;
    for (const word of long) expansions.get(word)!.push({ term: short, kind, strength: 1 });
  }
  return { ...query, terms, expansions };
}

/** Written in capitals, as an initialism is ("MIIT", "MIITs"). */
const isCapitals = (word: string) => /^[A-Z][A-Z0-9&]+s?$/.test(word);

function termExpansions(understanding: Understanding, t: QueryTerm, inCorpus: (term: string) => boolean): Expansion[] {
  const { learned } = understanding;
  const out: Expansion[] = [];
  const add = (term: string, kind: Expansion['kind'], strength: number) => {
    if (term === t.term || !inCorpus(term)) return;
    const existing = out.find((e) => e.term === term);
    if (!existing) out.push({ term, kind, strength });
    else if (existing.kind === 'related' && kind === 'equivalent') out.splice(out.indexOf(existing), 1, { term, kind, strength });
  };
  const country = countryOf(t.surface);
  if (country) for (const term of termsOf(country.replace(/ /g, '-'))) add(term, 'equivalent', 1);
  // An abbreviation the corpus does not use is read as its words ("NEVs" → new energy vehicles); one it uses is found as is.
  for (const abbreviation of abbreviationLookup(learned.abbreviations).byTerm.get(t.term) ?? []) {
    if (abbreviation.short === t.term) {
      if (!inCorpus(t.term) && (!abbreviation.initials || (isCapitals(t.surface) && usable(abbreviation)))) for (const word of abbreviation.long) add(word, 'equivalent', 1);
    }
    else if (abbreviation.long.length === 1 && abbreviation.long[0] === t.term) add(abbreviation.short, 'equivalent', 1);
  }
  for (const term of quantityTerms.get(t.term) ?? []) add(term, 'equivalent', 1);
  for (const term of synonymsOf(t.term)) add(term, 'related', 1);
  // WordNet stands in for words the corpus does not use ("firms" where it says "business"): a word it uses finds
  // its own passages, and its relatives there only pulled in others (ObliQA dev, tuning half: -1.6 points).
  if (inCorpus(t.term)) return out;
  let relatives = 0;
  for (const [term, strength] of wordNetRelatives(learned, t.term)) {
    if (relatives >= MAX_RELATIVES) break;
    if (out.some((e) => e.term === term)) continue;
    add(term, 'related', strength);
    relatives++;
  }
  return out;
}
