import { createRequire } from 'node:module';
import type { Corpus } from './corpus/load.ts';
import { resolveDocument } from './corpus/resolve.ts';
import type { Extraction, GlossaryTerm } from './extract/types.ts';
import { compareNames } from './text/fold.ts';
import { termsOf, tokenize } from './text/tokenize.ts';
import type { CorpusDocument, DocumentInfo, Outcome } from './types.ts';
import { documentInfo } from './answer/ask.ts';

// natural's TF-IDF, imported alone (the package root is slow and prints banners).
const require = createRequire(import.meta.url);
interface TfIdfInstance {
  addDocument(terms: string[]): void;
  listTerms(index: number): { term: string; tfidf: number }[];
}
type TfIdfClass = new () => TfIdfInstance;
let TfIdf: TfIdfClass | undefined;
/** Loaded on the first /sources document only: it brings underscore and natural's tokenizers along. */
const loadTfIdf = (): TfIdfClass => (TfIdf ??= require('natural/lib/natural/tfidf/tfidf.js') as TfIdfClass);

/** One line of the document list. */
export interface SourceSummary {
  readonly doc: DocumentInfo;
  readonly paragraphs: number;
  readonly sections: number;
  readonly facts: number;
  readonly quotes: number;
}

export interface KeyTerm {
  /** The word as the document most often writes it. */
  readonly term: string;
  readonly score: number;
}

/** Everything `/sources document` shows about one document. */
export interface SourceDetails extends SourceSummary {
  readonly keyTerms: readonly KeyTerm[];
  readonly speakers: readonly { readonly name: string; readonly role?: string; readonly quotes: number }[];
  /** The first paragraph, verbatim. */
  readonly lead: { readonly text: string; readonly paragraph: number };
  readonly sectionTitles: readonly string[];
  readonly glossary: readonly GlossaryTerm[];
}

const KEY_TERMS = 12;

/** Counts per document, computed once per corpus. */
function countsByDoc(extraction: Extraction): Map<string, { facts: number; quotes: number }> {
  const counts = new Map<string, { facts: number; quotes: number }>();
  const entry = (id: string) => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = { facts: 0, quotes: 0 }));
    return c;
  };
  for (const fact of extraction.facts) entry(fact.docId).facts++;
  for (const quote of extraction.quotes) entry(quote.docId).quotes++;
  return counts;
}

/** The document list: title, date, source, paragraphs, figures and quotes found. */
export function listSources(corpus: Corpus, extraction: Extraction): SourceSummary[] {
  const counts = countsByDoc(extraction);
  return corpus.documents.map((d) => summaryOf(d, counts.get(d.id)));
}

function summaryOf(document: CorpusDocument, counts: { facts: number; quotes: number } | undefined): SourceSummary {
  return {
    doc: documentInfo(document),
    paragraphs: document.paragraphs.length,
    sections: document.sections.length,
    facts: counts?.facts ?? 0,
    quotes: counts?.quotes ?? 0,
  };
}

/** Key terms of each document by TF-IDF against the rest of the corpus; built on first use, then kept. */
export class KeyTermIndex {
  #tfidf: TfIdfInstance | undefined;
  #surfaces = new Map<string, Map<string, Map<string, number>>>();
  readonly #corpus: Corpus;

  constructor(corpus: Corpus) {
    this.#corpus = corpus;
  }

  keyTermsOf(docId: string, count = KEY_TERMS): KeyTerm[] {
    const position = this.#corpus.documents.findIndex((d) => d.id === docId);
    if (position < 0) return [];
    const tfidf = this.#build();
    const surfaces = this.#surfaces.get(docId)!;
    return tfidf
      .listTerms(position)
      .filter((t) => /^\p{L}/u.test(t.term) && t.term.length > 2)
      .slice(0, count)
      .map((t) => ({ term: mostCommon(surfaces.get(t.term)) ?? t.term, score: Math.round(t.tfidf * 100) / 100 }));
  }

  #build(): TfIdfInstance {
    if (this.#tfidf) return this.#tfidf;
    const tfidf = new (loadTfIdf())();
    for (const document of this.#corpus.documents) {
      const terms: string[] = [];
      const surfaces = new Map<string, Map<string, number>>();
      for (const paragraph of document.paragraphs) {
        for (const token of tokenize(paragraph)) {
          for (const term of termsOf(token.form)) {
            if (term.includes('-')) continue;
            terms.push(term);
            let forms = surfaces.get(term);
            if (!forms) surfaces.set(term, (forms = new Map()));
            const surface = paragraph.slice(token.start, token.end).toLowerCase();
            if (!surface.includes('-')) forms.set(surface, (forms.get(surface) ?? 0) + 1);
          }
        }
      }
      tfidf.addDocument(terms);
      this.#surfaces.set(document.id, surfaces);
    }
    this.#tfidf = tfidf;
    return tfidf;
  }
}

function mostCommon(forms: Map<string, number> | undefined): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [form, count] of forms ?? []) if (count > bestCount) [best, bestCount] = [form, count];
  return best;
}

/** Details of one document, named by id or a unique title fragment. */
export function sourceDetails(corpus: Corpus, extraction: Extraction, keyTerms: KeyTermIndex, reference: string): Outcome<{ details: SourceDetails }> {
  const resolved = resolveDocument(corpus, reference);
  if (!resolved.ok) return resolved;
  const document = resolved.document;
  const counts = countsByDoc(extraction).get(document.id);
  const speakers = new Map<string, { name: string; role?: string; quotes: number }>();
  for (const quote of extraction.quotes) {
    if (quote.docId !== document.id || !quote.speaker) continue;
    const entry = speakers.get(quote.speaker) ?? { name: quote.speaker, ...(quote.role ? { role: quote.role } : {}), quotes: 0 };
    entry.quotes++;
    speakers.set(quote.speaker, entry);
  }
  return {
    ok: true,
    details: {
      ...summaryOf(document, counts),
      keyTerms: keyTerms.keyTermsOf(document.id),
      speakers: [...speakers.values()].sort((a, b) => b.quotes - a.quotes || compareNames(a.name, b.name)),
      lead: { text: document.paragraphs[0] ?? '', paragraph: 1 },
      sectionTitles: document.sections,
      glossary: extraction.glossary.filter((g) => g.docId === document.id),
    },
  };
}
