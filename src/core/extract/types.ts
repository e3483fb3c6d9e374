/**
 * Structured data extracted from the corpus when it is indexed: figures (facts), quotations (quotes) and
 * short quoted terms (glossary). Plain data: adapters decide how to show it.
 */
import type { Passage } from '../types.ts';

/** What kind of quantity a figure is; ranking and the key-figure list use it. */
export type FactKind =
  /** `24.7%`, `10 to 30 percent`, `25 basis points`. */
  | 'percent'
  /** `31.4 trillion yuan`, `$35 billion per month`. */
  | 'currency'
  /** `1.2 million-ton`, `600 MW`: a physical measure. */
  | 'measure'
  /** `12 consecutive years`, `30 days`. */
  | 'duration'
  /** `609 subcategories`, `445 national demonstration bases`: things counted. */
  | 'count'
  /** `more than doubled`, `3 times`. */
  | 'multiplier'
  /** `nearly half of`, `two-thirds of`. */
  | 'fraction';

/** One end of a paired figure, as the document gives it. */
export interface ChangeEnd {
  readonly value: string;
  readonly number: number;
  readonly year?: number;
}

/**
 * A change computed from two figures of one sentence ("from A in 2012 to B in 2021", "B … from A").
 * Every number here is computed by policybot, not quoted: `computed` is always true and adapters must say so.
 */
export interface Change {
  /** `series`: two amounts of one unit; `percentage-points`: two percentages, so the change is in points. */
  readonly kind: 'series' | 'percentage-points';
  readonly from: ChangeEnd;
  readonly to: ChangeEnd;
  /** `to − from`, in the figures' unit (percentage points for `percentage-points`). */
  readonly absolute: number;
  /** `to / from − 1` (0.849 for +84.9 %), for series only. */
  readonly relative?: number;
  /** Compound yearly growth rate, when both ends have distinct years (0.071 for 7.1 % a year). */
  readonly cagr?: number;
  readonly computed: true;
  /** Human label: `+14.42 trillion yuan (+84.9%, 7.1% a year compounded)`, `+7.5 percentage points`. */
  readonly label: string;
}

/** A figure found in the corpus. */
export interface Fact {
  /** The figure as written, verbatim from `text`: `nearly 30%`, `31.4 trillion yuan`, `10 to 30 percent`. */
  readonly value: string;
  /** The parsed number with scale words applied (31.4e12); for a range, its low end. */
  readonly number: number;
  /** A range's ends (`10 to 30 percent` → 10 and 30). */
  readonly low?: number;
  readonly high?: number;
  /** Normalised unit: `%`, `yuan`, `$`, `tons`, `years`, `kinds of industrial products`, `times` …; '' for a bare scaled amount. */
  readonly unit: string;
  readonly kind: FactKind;
  /** Hedge or bound as written, lower-cased: `nearly`, `more than`, `at least`. */
  readonly qualifier?: string;
  /** The year the figure refers to, where the sentence says (`in 2012`, `this year` in a dated document). */
  readonly year?: number;
  /** The words that gave the year, verbatim: `in 2012`, `In the second quarter of this year`. */
  readonly period?: string;
  /** The year the figure is compared with (`compared with 2019`, `since 2015`). */
  readonly baseYear?: number;
  /** A short phrase, from the sentence, saying what the figure measures. */
  readonly subject: string;
  /** Set on the later figure of a pair: the change between the two, computed. */
  readonly change?: Change;
  /** The sentence holding the figure, verbatim. */
  readonly text: string;
  /** Offset of `value` in `text`, for highlighting. */
  readonly at: number;
  readonly docId: string;
  /** 1-based paragraph number in the document. */
  readonly paragraph: number;
  /** Index of the passage in the corpus's passage list. */
  readonly passageIndex: number;
}

export type QuoteKind = 'direct' | 'reported';

/** Who said what. */
export interface Quote {
  /**
   * The words quoted, verbatim: for `direct`, what stands inside the quotation marks; for `reported`, the
   * reported clause (the words after "said that", to the end of the sentence) and up to three following
   * sentences of the passage that go on without a new speaker or quotation.
   */
  readonly text: string;
  /**
   * Who said it, as the document names them, with earlier full names substituted for later short references
   * ("The person in charge said" → the full description given first). Undefined when the text does not say.
   */
  readonly speaker?: string;
  /** The speaker's role or organisation when the text gives it. */
  readonly role?: string;
  /** The reporting verb, lower-cased: `said`, `introduced`, `believes`, `explained`. */
  readonly verb?: string;
  readonly kind: QuoteKind;
  /** Offset of `text` in the passage's text. */
  readonly at: number;
  readonly docId: string;
  readonly paragraph: number;
  readonly passageIndex: number;
}

/** A short quoted term of a document (“stuck neck”, ‘main force’): a scare quote or defined term, not a quotation. */
export interface GlossaryTerm {
  /** The term as first written, without its quotation marks. */
  readonly term: string;
  readonly docId: string;
  /** Paragraphs where it occurs, ascending, without repeats. */
  readonly paragraphs: readonly number[];
  /** How many times it is quoted in the document. */
  readonly count: number;
}

/** A person or body quoted in the corpus. */
export interface Speaker {
  readonly name: string;
  readonly role?: string;
  /** Number of quotes (direct and reported). */
  readonly quotes: number;
  readonly docIds: readonly string[];
}

/** Everything extracted from one corpus. */
export interface Extraction {
  /** Ids of the documents, in corpus order (to check a `doc` option). */
  readonly documentIds: readonly string[];
  readonly facts: readonly Fact[];
  readonly quotes: readonly Quote[];
  readonly glossary: readonly GlossaryTerm[];
  /** Speakers, most quoted first. */
  readonly speakers: readonly Speaker[];
  /** The corpus's passages (shared, not copied): ranking uses a figure's or quote's passage as context. */
  readonly passages: readonly Passage[];
  /**
   * The terms of a passage's text (the search index holds them precomputed), so that ranking need not
   * tokenise the passages again; without it they are tokenised.
   */
  readonly passageTerms?: (passage: number) => readonly string[];
}
