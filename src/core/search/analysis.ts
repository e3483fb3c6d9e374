import type { CorpusDocument, Passage } from '../types.ts';
import { ownCountry, SELF_DETERMINERS, SELF_REFERENCES } from '../expand/countries.ts';
import { termsOf, tokenize, tokenizeForms } from '../text/tokenize.ts';

/**
 * The analysed text of one document: every term the index and the sentence scorer need, computed in one
 * tokenising pass and stored with document-local term ids, so that a document's analysis can be cached in the
 * snapshot and reused as is when other documents change.
 *
 * Field lengths follow MiniSearch's definition (distinct token forms in the field, stop words included), so
 * that passage scores equal those of the MiniSearch index the product was built on.
 */
export interface DocumentAnalysis {
  /** Document-local term ids → term strings. */
  readonly vocab: readonly string[];
  /** Distinct token forms of the title, and its terms (local ids, repeated for term frequency). */
  readonly titleLength: number;
  readonly titleTerms: Int32Array;
  /** Distinct sections the passages stand under, with their lengths and terms (CSR: sectionTermStart). */
  readonly sectionNames: readonly string[];
  readonly sectionLengths: Int32Array;
  readonly sectionTermStart: Int32Array;
  readonly sectionTerms: Int32Array;
  /** Per passage: index into sectionNames, or -1 when the passage has no section. */
  readonly passageSection: Int32Array;
  /** Per passage: distinct token forms of its text. */
  readonly passageLength: Int32Array;
  /** Per passage (length P+1): index of its first sentence among the document's sentences. */
  readonly passageSentenceStart: Int32Array;
  /** Per sentence (length S+1): index of its first entry in sentenceTerms. */
  readonly sentenceTermStart: Int32Array;
  /**
   * The terms of each sentence in order: the first term of a token as its id, further terms of the same token
   * (halves of a hyphenated word, a percentage's bare number) as `~id` (negative).
   */
  readonly sentenceTerms: Int32Array;
}

const termsCache = new Map<string, readonly string[]>();
const TERMS_CACHE_LIMIT = 300_000;

/** termsOf, cached: a corpus repeats its vocabulary millions of times. */
export function cachedTermsOf(form: string): readonly string[] {
  let terms = termsCache.get(form);
  if (terms === undefined) {
    terms = termsOf(form);
    if (termsCache.size >= TERMS_CACHE_LIMIT) termsCache.clear();
    termsCache.set(form, terms);
  }
  return terms;
}

class GrowableInt32 {
  array = new Int32Array(256);
  length = 0;
  push(value: number): void {
    if (this.length === this.array.length) {
      const grown = new Int32Array(this.array.length * 2);
      grown.set(this.array);
      this.array = grown;
    }
    this.array[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.array.slice(0, this.length);
  }
}

/** Analyses one document's passages (as cut by passagesOf): one tokenising pass over every passage. */
export function analyzeDocument(document: CorpusDocument, passages: readonly Passage[]): DocumentAnalysis {
  const vocab: string[] = [];
  const ids = new Map<string, number>();
  const idOf = (term: string): number => {
    let id = ids.get(term);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(term);
      ids.set(term, id);
    }
    return id;
  };
  const fieldTerms = (text: string, into: GrowableInt32): number => {
    const forms = tokenizeForms(text);
    for (const form of forms) for (const term of cachedTermsOf(form)) into.push(idOf(term));
    return new Set(forms).size;
  };

  const title = new GrowableInt32();
  const titleLength = fieldTerms(document.title, title);

  const sectionNames: string[] = [];
  const sectionIndex = new Map<string, number>();
  const sectionLengths: number[] = [];
  const sectionTerms = new GrowableInt32();
  const sectionTermStart = [0];
  const passageSection = new Int32Array(passages.length);
  const passageLength = new Int32Array(passages.length);
  const passageSentenceStart = new Int32Array(passages.length + 1);
  const sentenceTermStart = new GrowableInt32();
  const sentenceTerms = new GrowableInt32();
  let sentenceCount = 0;
  const formIndex = new Map<string, number>();
  const formTerms = new GrowableInt32();
  const formTermStart = new GrowableInt32();
  formTermStart.push(0);
  const formSeen = new GrowableInt32();
  // A document that speaks of its own country as "my country" or "our country" (translated government texts)
  // has that country's name indexed there too, as a further term of the token: a question's "China" finds it.
  const country = ownCountry(document);
  const countryTerms = country === undefined ? [] : termsOf(country.replace(/ /g, '-')).map(idOf);

  passages.forEach((passage, p) => {
    if (passage.section === undefined || passage.section === '') passageSection[p] = -1;
    else {
      let s = sectionIndex.get(passage.section);
      if (s === undefined) {
        s = sectionNames.length;
        sectionNames.push(passage.section);
        sectionIndex.set(passage.section, s);
        sectionLengths.push(fieldTerms(passage.section, sectionTerms));
        sectionTermStart.push(sectionTerms.length);
      }
      passageSection[p] = s;
    }
    passageSentenceStart[p] = sentenceCount;
    const spans = passage.sentences;
    const tokens = tokenize(passage.text);
    let distinctForms = 0;
    let s = 0;
    if (spans.length > 0) sentenceTermStart.push(sentenceTerms.length);
    let previousForm = '';
    for (const token of tokens) {
      // One lookup per token: the form's index gives its terms (local ids) and whether this passage has it yet.
      let f = formIndex.get(token.form);
      if (f === undefined) {
        f = formIndex.size;
        formIndex.set(token.form, f);
        for (const term of cachedTermsOf(token.form)) formTerms.push(idOf(term));
        formTermStart.push(formTerms.length);
        formSeen.push(-1);
      }
      if (formSeen.array[f] !== p) {
        formSeen.array[f] = p;
        distinctForms++;
      }
      // Tokens belong to the sentence they start in; sentences are sorted and only white space lies between them.
      while (s + 1 < spans.length && token.start >= spans[s + 1]!.start) {
        s++;
        sentenceTermStart.push(sentenceTerms.length);
      }
      if (spans.length === 0) continue;
      const from = formTermStart.array[f]!;
      const to = formTermStart.array[f + 1]!;
      for (let t = from; t < to; t++) sentenceTerms.push(t === from ? formTerms.array[t]! : ~formTerms.array[t]!);
      if (countryTerms.length > 0 && SELF_REFERENCES.has(token.form) && SELF_DETERMINERS.has(previousForm)) for (const id of countryTerms) sentenceTerms.push(~id);
      previousForm = token.form;
    }
    while (s + 1 < spans.length) {
      s++;
      sentenceTermStart.push(sentenceTerms.length);
    }
    sentenceCount += spans.length;
    passageLength[p] = distinctForms;
  });
  passageSentenceStart[passages.length] = sentenceCount;
  sentenceTermStart.push(sentenceTerms.length);

  return {
    vocab,
    titleLength,
    titleTerms: title.toArray(),
    sectionNames,
    sectionLengths: Int32Array.from(sectionLengths),
    sectionTermStart: Int32Array.from(sectionTermStart),
    sectionTerms: sectionTerms.toArray(),
    passageSection,
    passageLength,
    passageSentenceStart,
    sentenceTermStart: sentenceTermStart.toArray(),
    sentenceTerms: sentenceTerms.toArray(),
  };
}
