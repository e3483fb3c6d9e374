import { finish } from '../steps.ts';
import type { Corpus } from '../corpus/load.ts';
import { termsOf } from '../text/tokenize.ts';

/** An abbreviation and the words it stands for, as index terms (`r&d` → research, develop). */
export interface Abbreviation {
  readonly short: string;
  readonly long: readonly string[];
  /**
   * Read off a name's initials, not defined in the text ("Ministry of Industry and Information Technology" →
   * MIIT): it stands for the name only where a question writes it in capitals.
   */
  readonly initials?: true;
  /** An initialism's: how many times the corpus spells out its name (one mentioned once is not used; see `usable`). */
  readonly mentions?: number;
}

/** A name must recur to be abbreviated: one mentioned once is rarely what a question names. */
const INITIALISM_MIN_MENTIONS = 2;

/**
 * Whether an abbreviation stands for its words in questions. Initialisms of names mentioned once are kept in the
 * list all the same, with their counts, so that parts of a corpus learned apart merge into what the whole corpus
 * would learn (mergeAbbreviations adds their mentions up).
 */
export function usable(abbreviation: Abbreviation): boolean {
  return !abbreviation.initials || (abbreviation.mentions ?? 0) >= INITIALISM_MIN_MENTIONS;
}

/**
 * Common abbreviations of policy and economic writing that documents often use without defining them. General,
 * not a corpus's: a corpus's own definitions ("new energy vehicles (NEVs)") are learned from its text.
 */
const COMMON: readonly (readonly [string, string])[] = [
  ['R&D', 'research and development'], ['GDP', 'gross domestic product'], ['SME', 'small and medium-sized enterprises'],
  ['SMEs', 'small and medium-sized enterprises'], ['EV', 'electric vehicle'], ['EVs', 'electric vehicles'],
  ['NEV', 'new energy vehicle'], ['NEVs', 'new energy vehicles'], ['CO2', 'carbon dioxide'], ['GHG', 'greenhouse gas'],
  ['AI', 'artificial intelligence'], ['ICT', 'information and communications technology'], ['IoT', 'internet of things'],
  ['FDI', 'foreign direct investment'], ['CPI', 'consumer price index'], ['PPI', 'producer price index'],
  ['ESG', 'environmental social and governance'], ['M&A', 'mergers and acquisitions'], ['IPO', 'initial public offering'],
  ['VAT', 'value added tax'], ['YoY', 'year on year'], ['Q1', 'first quarter'], ['Q2', 'second quarter'],
  ['Q3', 'third quarter'], ['Q4', 'fourth quarter'], ['H1', 'first half'], ['H2', 'second half'], ['WTO', 'world trade organization'],
  ['IMF', 'international monetary fund'], ['UN', 'united nations'], ['EU', 'european union'], ['OECD', 'organisation for economic co-operation and development'],
  ['CEO', 'chief executive officer'], ['KYC', 'know your customer'], ['AML', 'anti-money laundering'], ['PII', 'personally identifiable information'],
  ['GDPR', 'general data protection regulation'], ['PV', 'photovoltaic'], ['5G', 'fifth generation'],
];

/** Words skipped when matching an abbreviation's letters to the words before it ("research *and* development"). */
const LINKING = new Set(['and', 'of', 'the', 'for', 'on', 'in', '&', 'to']);
const DEFINED = /\(([A-Z][A-Za-z0-9&]{0,8}[A-Z0-9]s?|[A-Z]{2,}s?)\)/g;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'-]*|&/gu;

/**
 * The words that an abbreviation defined in parentheses stands for, from the text before it: "new energy vehicles
 * (NEVs)" → new energy vehicles. The abbreviation's letters (a final plural `s` aside) must be the first letters of
 * the words before it, linking words ("and", "of") skipped, hyphenated words giving a letter per part or one for
 * the whole. Undefined when they are not.
 */
export function definitionBefore(before: string, abbreviation: string): string | undefined {
  const letters = abbreviation.replace(/s$/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (letters.length < 2) return undefined;
  const words = [...before.slice(-200).matchAll(WORD)].map((m) => m[0]);
  let need = letters.length - 1;
  let i = words.length - 1;
  const used: string[] = [];
  while (i >= 0 && need >= 0) {
    const word = words[i]!.toLowerCase();
    if (LINKING.has(word) && used.length > 0) {
      used.unshift(words[i]!);
      i--;
      continue;
    }
    const parts = word.split('-').filter(Boolean);
    // A hyphenated word may stand for one letter ("medium-sized" in SMEs) or one per part.
    const tail = letters.slice(Math.max(0, need - parts.length + 1), need + 1);
    if (parts.length > 1 && tail === parts.map((p) => p[0]).join('')) need -= parts.length;
    else if (word[0] === letters[need]) need--;
    else return undefined;
    used.unshift(words[i]!);
    i--;
  }
  return need < 0 ? used.join(' ') : undefined;
}

function abbreviationOf(short: string, long: string): Abbreviation | undefined {
  const key = termsOf(short.toLowerCase())[0];
  const words = long.toLowerCase().split(/\s+/).flatMap((w) => termsOf(w).slice(0, 1));
  return key && words.length > 0 && !words.includes(key) ? { short: key, long: words } : undefined;
}

/**
 * A capitalised name of three words or more, linking words between them ("Ministry of Industry and Information
 * Technology"), not inside a word. The look-behind follows the first capital so that most positions fail at once.
 */
const NAME = /\p{Lu}(?<![\p{L}\p{N}]\p{Lu})\p{Ll}+(?:[ -](?:(?:and|of|for|the|on|&) )*\p{Lu}\p{Ll}+){2,}/gu;
/**
 * What NAME matches and more (any non-ASCII character taken for a letter of either case), without Unicode
 * classes, several times faster: most paragraphs hold no name, and this tells so before NAME is run.
 */
const MAY_HOLD_NAME = /[A-Z\u0080-\uffff][a-z\u0080-\uffff]+(?:[ -](?:(?:and|of|for|the|on|&) )*[A-Z\u0080-\uffff][a-z\u0080-\uffff]+){2,}/;
/** Words that begin a sentence or a title rather than a name. */
const NOT_IN_NAME = new Set(['the', 'a', 'an', 'this', 'these', 'in', 'on', 'at', 'from', 'to', 'by', 'for', 'and', 'with', 'our', 'your', 'my', 'its', 'their']);

/** Initialisms have this many letters: longer runs of capitals are headings and titles, not names. */
const INITIALISM_LETTERS = [3, 6] as const;

/**
 * Initialisms of the names in a paragraph, as a reader would write them: the first letters of a name's
 * capitalised words ("Ministry of Industry and Information Technology" → MIIT). Documents often spell out a body
 * that questions abbreviate. A paragraph in title case (a heading: most of its words capitalised) has no names to
 * read: its capitals are style.
 */
export function initialismsIn(paragraph: string): Abbreviation[] {
  if (!MAY_HOLD_NAME.test(paragraph)) return [];
  const names = [...paragraph.matchAll(NAME)];
  if (names.length === 0) return [];
  if (titleCase(paragraph)) return [];
  const out: Abbreviation[] = [];
  const initialismOf = (parts: string[]): Abbreviation | undefined => {
    while (parts.length > 0 && (NOT_IN_NAME.has(parts[0]!.toLowerCase()) || !/^\p{Lu}/u.test(parts[0]!))) parts.shift();
    const capitalised = parts.filter((w) => /^\p{Lu}/u.test(w));
    if (capitalised.length < INITIALISM_LETTERS[0] || capitalised.length > INITIALISM_LETTERS[1]) return undefined;
    const abbreviation = abbreviationOf(capitalised.map((w) => w[0]!.toLowerCase()).join(''), parts.join(' '));
    return abbreviation && { ...abbreviation, initials: true };
  };
  for (const match of names) {
    const parts = match[0].split(/[ -]+/);
    const whole = initialismOf([...parts]);
    if (whole) out.push(whole);
    // A sentence's first word is capitalised whatever it is ("Later the Harbour Development Fund …"): the name
    // may begin after it.
    if (!startsSentence(paragraph, match.index)) continue;
    const after = initialismOf(parts.slice(1));
    if (after && after.short !== whole?.short) out.push(after);
  }
  return out;
}

/**
 * Whether more than 70% of the words (runs of letters) of `text` begin with a capital. Read a character at a time
 * (Unicode classes only for characters outside ASCII): matching every word as a string cost more than the rest of
 * the learning together.
 */
function titleCase(text: string): boolean {
  let words = 0;
  let capitalised = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let letter: boolean;
    let upper: boolean;
    if (code < 128) {
      upper = code >= 65 && code <= 90;
      letter = upper || (code >= 97 && code <= 122);
    } else {
      const point = text.codePointAt(i)!;
      const character = String.fromCodePoint(point);
      if (point > 0xffff) i++;
      letter = /\p{L}/u.test(character);
      upper = letter && /\p{Lu}/u.test(character);
    }
    if (!letter) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
      if (upper) capitalised++;
    }
  }
  return capitalised > 0.7 * words;
}

/** Closing quotes and brackets that may follow a sentence's final mark. */
const CLOSERS = new Set(['"', "'", '”', '’', ')']);

/**
 * Whether position `at` of `text` begins a sentence: the text's start, or whitespace after a sentence's final mark
 * (a closing quote or bracket between them). Read backwards from `at`: a regular expression anchored at the end of
 * `text.slice(0, at)` would scan the whole prefix for every name, quadratic in a paragraph of a rulebook's size.
 */
function startsSentence(text: string, at: number): boolean {
  if (at === 0) return true;
  let i = at - 1;
  while (i >= 0 && /\s/u.test(text[i]!)) i--;
  if (i === at - 1 || i < 0) return false;
  if (CLOSERS.has(text[i]!)) i--;
  return i >= 0 && '.!?:'.includes(text[i]!);
}

/** Initialisms by short form, each with its mentions. */
type Initialisms = Map<string, Abbreviation & { mentions: number }>;

/**
 * Counts initialisms into `into`: a short form keeps the words it was first found with, and its mentions add up
 * over those with the same words (an initialism fresh from initialismsIn is one mention).
 */
function countInitialisms(initialisms: readonly Abbreviation[], into: Initialisms): void {
  for (const a of initialisms) {
    const seen = into.get(a.short);
    if (!seen) into.set(a.short, { ...a, mentions: a.mentions ?? 1 });
    else if (seen.long.join(' ') === a.long.join(' ')) seen.mentions += a.mentions ?? 1;
  }
}

/**
 * Abbreviations defined in the corpus ("gross domestic product (GDP)"), then the common ones it does not define,
 * then the initialisms of its names (initialismsIn) that neither gives, with how often each name is spelt out.
 */
export function learnAbbreviations(corpus: Corpus): Abbreviation[] {
  return finish(learnAbbreviationsSteps(corpus));
}

/** learnAbbreviations a paragraph a step. */
export function* learnAbbreviationsSteps(corpus: Corpus): Generator<void, Abbreviation[]> {
  const found = new Map<string, Abbreviation>();
  const initialisms: Initialisms = new Map();
  for (const document of corpus.documents) {
    for (const paragraph of [document.title, ...document.paragraphs]) {
      yield;
      countInitialisms(initialismsIn(paragraph), initialisms);
      if (!paragraph.includes('(')) continue;
      for (const match of paragraph.matchAll(DEFINED)) {
        const long = definitionBefore(paragraph.slice(0, match.index), match[1]!);
        const abbreviation = long ? abbreviationOf(match[1]!, long) : undefined;
        if (abbreviation && !found.has(abbreviation.short)) found.set(abbreviation.short, abbreviation);
      }
    }
  }
  for (const abbreviation of commonAbbreviations()) if (!found.has(abbreviation.short)) found.set(abbreviation.short, abbreviation);
  for (const abbreviation of initialisms.values()) if (!found.has(abbreviation.short)) found.set(abbreviation.short, abbreviation);
  return [...found.values()];
}

let common: Abbreviation[] | undefined;
/** The general list's abbreviations, as learnAbbreviations adds them after a corpus's own. */
function commonAbbreviations(): Abbreviation[] {
  return (common ??= COMMON.flatMap(([short, long]) => abbreviationOf(short, long) ?? []));
}

/**
 * The abbreviations of several corpora taken as one (each list learnAbbreviations's): the documents' own
 * definitions in the lists' order, the first of a short form winning, then the general list's, then initialisms.
 */
export function mergeAbbreviations(lists: readonly (readonly Abbreviation[])[]): Abbreviation[] {
  const key = (a: Abbreviation) => `${a.short}\0${a.long.join(' ')}`;
  const general = new Set(commonAbbreviations().map(key));
  const found = new Map<string, Abbreviation>();
  for (const list of lists) for (const a of list) if (!a.initials && !general.has(key(a)) && !found.has(a.short)) found.set(a.short, a);
  for (const a of commonAbbreviations()) if (!found.has(a.short)) found.set(a.short, a);
  // Initialisms counted over the lists as over one corpus's paragraphs.
  const initialisms: Initialisms = new Map();
  for (const list of lists) countInitialisms(list.filter((a) => a.initials), initialisms);
  for (const a of initialisms.values()) if (!found.has(a.short)) found.set(a.short, a);
  return [...found.values()];
}

/** A list of abbreviations indexed for questions: a corpus of 100 MB learns tens of thousands of initialisms. */
interface AbbreviationLookup {
  /** By term: the abbreviations it is the short form of, or the one word of, in the list's order. */
  readonly byTerm: ReadonlyMap<string, readonly Abbreviation[]>;
  /** Those a question may spell out (two words or more; not initialisms), in the list's order. */
  readonly phrases: readonly Abbreviation[];
  /** By a phrase's first word: the positions in `phrases` of those it begins (ascending). */
  readonly phrasesByFirstWord: ReadonlyMap<string, readonly number[]>;
}

/**
 * The phrases of `lookup` that may occur in a sequence of question terms (those beginning with one of its terms),
 * in the list's order: a question looks up its own words instead of testing every phrase of a large corpus.
 */
export function phrasesAmong(lookup: AbbreviationLookup, terms: readonly string[]): Abbreviation[] {
  const positions = new Set<number>();
  for (const term of terms) for (const at of lookup.phrasesByFirstWord.get(term) ?? []) positions.add(at);
  return [...positions].sort((a, b) => a - b).map((at) => lookup.phrases[at]!);
}

const lookups = new WeakMap<readonly Abbreviation[], AbbreviationLookup>();

/** The lookup of a list, made on first use and kept while the list is. */
export function abbreviationLookup(list: readonly Abbreviation[]): AbbreviationLookup {
  let lookup = lookups.get(list);
  if (lookup) return lookup;
  const byTerm = new Map<string, Abbreviation[]>();
  const file = (term: string, a: Abbreviation) => {
    const entries = byTerm.get(term);
    if (entries) entries.push(a);
    else byTerm.set(term, [a]);
  };
  const phrases: Abbreviation[] = [];
  const phrasesByFirstWord = new Map<string, number[]>();
  for (const a of list) {
    file(a.short, a);
    if (a.long.length === 1) file(a.long[0]!, a);
    else if (!a.initials) {
      const starting = phrasesByFirstWord.get(a.long[0]!);
      if (starting) starting.push(phrases.length);
      else phrasesByFirstWord.set(a.long[0]!, [phrases.length]);
      phrases.push(a);
    }
  }
  lookups.set(list, (lookup = { byTerm, phrases, phrasesByFirstWord }));
  return lookup;
}
