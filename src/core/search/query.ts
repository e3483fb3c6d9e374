import { STOP_WORDS } from '../text/terms.ts';
import { termsOf, tokenize } from '../text/tokenize.ts';

/** What the question asks for, beyond its words. */
export type AnswerKind = 'quantity' | 'time' | 'any';

export interface QueryTerm {
  readonly term: string;
  /** The word as the user wrote it, for suggestions and messages. */
  readonly surface: string;
  /** Written with a capital inside the question: a name (`Tesla`, `France`) rather than a common word. */
  readonly isName: boolean;
  /** The term as the question spelt it, when it was a typing error corrected to a corpus term (expand/understand.ts). */
  readonly corrected?: string;
}

export interface AnalyzedQuery {
  readonly text: string;
  /** Distinct index terms of the question, in order. */
  readonly terms: readonly QueryTerm[];
  /** Consecutive term pairs, for proximity scoring. */
  readonly pairs: readonly (readonly [string, string])[];
  readonly kind: AnswerKind;
}

const QUANTITY = /\b(how (many|much|large|big|long|high|fast|far)|what (share|percentage|proportion|percent|amount|number|fraction|level|rate|volume|value|size|scale)|what was the (share|percentage|proportion|amount|number|value)|by how much|how much did|what portion)\b/i;
const TIME = /\b(when|what (year|date|time|month|day)|since when|which year|how long ago|by when)\b/i;

/** Reads a question: its terms, which of them are names, and whether it asks for a number or a time. */
export function analyzeQuery(question: string): AnalyzedQuery {
  const text = question.slice(0, 2_000);
  const tokens = tokenize(text);
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const sequence: string[] = [];
  tokens.forEach((token, i) => {
    const original = text.slice(token.start, token.end);
    const forms = termsOf(token.form);
    if (forms.length > 0) sequence.push(forms[0]!);
    for (const term of forms) {
      if (seen.has(term)) continue;
      seen.add(term);
      const previous = i > 0 ? text.slice(tokens[i - 1]!.end, token.start) : '';
      const sentenceInitial = i === 0 || /[.!?:]\s*$/.test(previous);
      const isName = !sentenceInitial && /^\p{Lu}/u.test(original) && !STOP_WORDS.has(token.form);
      terms.push({ term, surface: original, isName });
    }
  });
  const pairs: [string, string][] = [];
  for (let i = 1; i < sequence.length; i++) if (sequence[i - 1] !== sequence[i]) pairs.push([sequence[i - 1]!, sequence[i]!]);
  const kind: AnswerKind = QUANTITY.test(text) ? 'quantity' : TIME.test(text) ? 'time' : 'any';
  return { text, terms, pairs, kind };
}
