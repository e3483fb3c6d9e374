/**
 * The core's plain data model. Nothing here knows about Discord, terminals or JSON output:
 * adapters turn these values into what their platform shows.
 */

/** What a reader needs to cite a document. */
export interface DocumentInfo {
  /** Path under the corpus folder without extension, with `/` separators: `2022-08-14-stable-chain`. */
  readonly id: string;
  readonly title: string;
  /** ISO date `YYYY-MM-DD` when the document gives one. */
  readonly date?: string;
  /** URL of the original, from front matter. */
  readonly source?: string;
  readonly publisher?: string;
  /** True for a server's own document (in a server's answers, beside the base corpus; src/core/guild/). */
  readonly server?: true;
}

/** A paragraph-sized piece of a document; very long paragraphs are split into several passages. */
export interface Passage {
  /** Position of the passage in the corpus's passage list. */
  readonly index: number;
  readonly docId: string;
  /** 1-based number of the paragraph as a reader counts them (headings are not counted). */
  readonly paragraph: number;
  /** The heading this paragraph stands under, if any. */
  readonly section?: string;
  /** The passage's own text, verbatim. */
  readonly text: string;
  /** Sentences of the passage, as offsets into `text`. */
  readonly sentences: readonly SentenceSpan[];
}

export interface SentenceSpan {
  readonly start: number;
  readonly end: number;
}

export interface CorpusDocument extends DocumentInfo {
  /** Path of the file, relative to the corpus folder. */
  readonly file: string;
  /** Section headings in order of appearance. */
  readonly sections: readonly string[];
  /** The document's paragraphs, verbatim (headings excluded), 1-based paragraph n is `paragraphs[n-1]`. */
  readonly paragraphs: readonly string[];
  /** The section each paragraph stands under (parallel to `paragraphs`). */
  readonly paragraphSections: readonly (string | undefined)[];
}

/** A problem with one file that did not stop the rest of the corpus from loading. */
export interface LoadWarning {
  readonly file: string;
  readonly reason: string;
}

/** A character range `[start, end)` in a result's text: where a query term matched. */
export type Highlight = readonly [start: number, end: number];

/** One grounded result: verbatim text with its citation. */
export interface AnswerResult {
  /** One to three verbatim sentences; a cut is marked with `…`. */
  readonly text: string;
  readonly doc: DocumentInfo;
  readonly paragraph: number;
  readonly section?: string;
  /** Relevance, higher is better; comparable within one answer only. */
  readonly score: number;
  /** Where the question's terms matched in `text`, for bold rendering. */
  readonly highlights: readonly Highlight[];
}

export interface Answer {
  readonly query: string;
  /** True when the corpus does not answer the question: `results` are then empty. */
  readonly abstained: boolean;
  readonly results: readonly AnswerResult[];
  /** When abstaining: topics the corpus does cover that come nearest to the question. */
  readonly suggestions: readonly string[];
  /** The document the search was limited to, when it was. */
  readonly scope?: DocumentInfo;
}

/** Expected failures are values, not exceptions: adapters turn them into polite replies. */
export type FailureCode =
  | 'empty_query'
  | 'unknown_document'
  | 'bad_option'
  | 'unknown_command'
  | 'no_corpus'
  | 'empty_corpus'
  | 'not_found'
  // Adding documents to the corpus (src/core/ingest):
  | 'unsupported_type'
  | 'too_large'
  | 'scanned_pdf'
  | 'corrupt_file'
  | 'empty_document'
  | 'duplicate'
  | 'name_collision'
  | 'bad_url'
  | 'fetch_failed'
  | 'blocked_address'
  | 'timeout'
  | 'write_failed'
  // Managing the corpus from a chat (src/app/corpusAdmin.ts):
  | 'reindex_failed'
  | 'not_allowed'
  // Server documents (src/core/guild, src/app/guilds.ts):
  | 'bad_guild_id'
  | 'guild_limit';

export interface Failure {
  readonly ok: false;
  readonly code: FailureCode;
  /** A sentence fit to show a user. */
  readonly message: string;
  /** Close matches that might be what the user meant (document ids, command names …). */
  readonly hints?: readonly string[];
}

export type Outcome<T> = ({ readonly ok: true } & T) | Failure;

export function failure(code: FailureCode, message: string, hints?: readonly string[]): Failure {
  return hints && hints.length > 0 ? { ok: false, code, message, hints } : { ok: false, code, message };
}
