import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus, type Corpus } from '../../src/core/corpus/load.ts';
import { splitSentences } from '../../src/core/corpus/sentences.ts';
import { extractCorpus } from '../../src/core/extract/document.ts';
import type { Extraction } from '../../src/core/extract/types.ts';
import type { Passage } from '../../src/core/types.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SEED_DOC = '2022-08-14-stable-chain-and-strong-chain-optimize-layout';

let seed: Promise<{ corpus: Corpus; extraction: Extraction }> | undefined;

/** The bundled seed corpus and its extraction, loaded once per test file. */
export function loadSeed(): Promise<{ corpus: Corpus; extraction: Extraction }> {
  seed ??= loadCorpus(path.join(ROOT, 'corpus')).then((result) => {
    if (!result.ok) throw new Error(`seed corpus did not load: ${result.message}`);
    return { corpus: result.corpus, extraction: extractCorpus(result.corpus) };
  });
  return seed;
}

/** A passage made of `text`, as the loader would cut it (one paragraph, its sentences). */
export function passageOf(text: string, options: { docId?: string; paragraph?: number; index?: number } = {}): Passage {
  return {
    index: options.index ?? 0,
    docId: options.docId ?? 'test',
    paragraph: options.paragraph ?? 1,
    text,
    sentences: splitSentences(text),
  };
}

/** Passages of one test document, one per paragraph. */
export function documentOf(paragraphs: readonly string[], docId = 'test'): Passage[] {
  return paragraphs.map((text, i) => passageOf(text, { docId, paragraph: i + 1, index: i }));
}

/** Folds case, white space and curly quotes, as the verbatim check does. */
export function folded(text: string): string {
  return text.replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'").replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-').replace(/\s+/g, ' ').trim().toLowerCase();
}
