import { createHash } from 'node:crypto';
import type { Corpus } from '../corpus/load.ts';
import type { Extraction } from '../extract/types.ts';
import type { CompactIndex } from '../search/retrieve.ts';
import type { CorpusDocument, LoadWarning, Passage } from '../types.ts';
import { assembledFrom, assembledMeta, assembledSections, INDEX_FORMAT, type AssembledMeta } from './assembled.ts';
import { decodeContainer, encodeContainer, SnapshotError, type Container } from './container.ts';
import { learnedFromJson, learnedToJson, type LearnedExpansions } from '../expand/learned.ts';
import { decodePassages, encodePassages, sectionsFromJson } from './segment.ts';
import { int32s, packInts, unpackInts } from './varint.ts';
import { deflatedJson, inflatedJson } from './deflated.ts';
import { StringPool } from './intern.ts';

/**
 * The whole corpus in one file (`<snapshot>/corpus.pbs`): the documents, their passages, the corpus's warnings,
 * the combined extraction and the assembled index, everything a start needs when no document changed. Such a
 * start reads this one file instead of a segment per document, and has nothing to renumber, combine or assemble.
 *
 * It is a cache of what the segments hold, keyed by the corpus's files and their segments (corpusFileKey): any
 * added, changed or removed file gives another key, and the file is then made again from the segments.
 *
 * Sections: the assembled index (assembled.ts); `documents` (JSON, deflated (deflated.ts): the documents without
 * their paragraphs, the corpus's warnings, the extraction's figures, quotes, glossary and speakers: repeated keys
 * and words, a seventh of their size deflated); `learned` (JSON, deflated); `text` (UTF-8: each document's paragraphs one after the other);
 * `documentShape` (3 per document: end of its text in `text`, number of paragraphs, number of passages);
 * `paragraphEnds` (where each paragraph ends in its document's text, in UTF-16 units); `passages` and `sentences`
 * (segment.ts's encodePassages, for the whole corpus). The integer sections are packed as varints (varint.ts).
 */
export const CORPUS_FILE = 'corpus.pbs';

interface CorpusFileMeta extends AssembledMeta {
  readonly kind: 'corpus';
  readonly key: string;
  readonly documentCount: number;
}

type StoredDocument = Omit<CorpusDocument, 'paragraphs' | 'paragraphSections'> & { paragraphSections: (string | null)[] };

interface DocumentsSection {
  documents: StoredDocument[];
  warnings: LoadWarning[];
  extraction: Pick<Extraction, 'facts' | 'quotes' | 'glossary' | 'speakers'>;
}

/** What a file of the corpus stood for when the corpus file was made: its content and its segment or warning. */
export interface CorpusFileEntry {
  readonly sha1: string;
  readonly segment?: string;
  readonly warning?: string;
}

/** The key of a corpus file: the code that made it (`fingerprint`) and every corpus file with its entry, in order. */
export function corpusFileKey(fingerprint: string, entries: Iterable<readonly [file: string, entry: CorpusFileEntry]>): string {
  const hash = createHash('sha1').update(`policybot-corpus\0${fingerprint}`);
  for (const [file, entry] of entries) hash.update(`\0${file}\0${entry.sha1}\0${entry.segment ?? ''}\0${entry.warning ?? ''}`);
  return hash.digest('hex');
}

export function encodeCorpusFile(key: string, corpus: Corpus, extraction: Extraction, index: CompactIndex, learned?: LearnedExpansions): Buffer {
  if (index.passageCount !== corpus.passages.length) throw new SnapshotError('the index is not of this corpus');
  const texts: Buffer[] = [];
  const shape = new Int32Array(corpus.documents.length * 3);
  const paragraphEnds = new Int32Array(corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0));
  const passageCounts = new Map<string, number>();
  for (const passage of corpus.passages) passageCounts.set(passage.docId, (passageCounts.get(passage.docId) ?? 0) + 1);
  let textBytes = 0;
  let p = 0;
  corpus.documents.forEach((document, d) => {
    let end = 0;
    for (const paragraph of document.paragraphs) paragraphEnds[p++] = end += paragraph.length;
    const text = Buffer.from(document.paragraphs.join(''), 'utf8');
    texts.push(text);
    shape.set([(textBytes += text.byteLength), document.paragraphs.length, passageCounts.get(document.id) ?? 0], d * 3);
  });
  const byId = corpus.byId;
  const { spans, sentences } = encodePassages(corpus.passages, (passage) => byId.get(passage.docId)!);
  const documents: DocumentsSection = {
    documents: corpus.documents.map(({ paragraphs: _paragraphs, paragraphSections, ...rest }) => ({ ...rest, paragraphSections: paragraphSections.map((s) => s ?? null) })),
    warnings: [...corpus.warnings],
    extraction: { facts: extraction.facts, quotes: extraction.quotes, glossary: extraction.glossary, speakers: extraction.speakers },
  };
  const meta: CorpusFileMeta = { kind: 'corpus', key, documentCount: corpus.documents.length, ...assembledMeta(index) };
  return encodeContainer(
    {
      ...assembledSections(index),
      documents: deflatedJson(documents),
      ...(learned ? { learned: deflatedJson(learnedToJson(learned)) } : {}),
      text: Buffer.concat(texts, textBytes),
      documentShape: packInts(shape),
      paragraphEnds: packInts(paragraphEnds),
      passages: packInts(spans),
      sentences: packInts(sentences),
    },
    meta,
  );
}

/** What a corpus file holds: the corpus of folder `dir`, its extraction (as combined from the segments) and its index. */
export interface WholeCorpus {
  readonly corpus: Corpus;
  readonly extraction: Extraction;
  readonly index: CompactIndex;
  /** What the corpus teaches about its questions, when the file holds it. */
  readonly learned?: LearnedExpansions;
}

function metaFor(container: Container, key: string): CorpusFileMeta | undefined {
  const meta = container.meta as Partial<CorpusFileMeta> | null;
  // Made for another state of the corpus, or by code with another layout of the index: made again, never misread.
  if (meta?.kind !== 'corpus' || meta.key !== key || meta.indexFormat !== INDEX_FORMAT) return undefined;
  return meta as CorpusFileMeta;
}

/** The corpus file in `bytes` when it was made for `key`, else undefined; a damaged or inconsistent one throws SnapshotError. */
export function decodeCorpusFile(bytes: Uint8Array, key: string, dir: string): WholeCorpus | undefined {
  const container = decodeContainer(bytes);
  const meta = metaFor(container, key);
  if (!meta) return undefined;
  const stored = inflatedJson<DocumentsSection>(container.u8('documents'), 'documents');
  const shape = unpackInts(container.u8('documentShape'), int32s);
  const paragraphEnds = unpackInts(container.u8('paragraphEnds'), int32s);
  const text = container.u8('text');
  const spans = unpackInts(container.u8('passages'), int32s);
  const sentences = unpackInts(container.u8('sentences'), int32s);
  const D = meta.documentCount;
  if (!Array.isArray(stored?.documents) || stored.documents.length !== D || shape.length !== D * 3 || !Array.isArray(stored.warnings) || !stored.extraction) {
    throw new SnapshotError('bad documents section');
  }
  // Equal strings made one again (intern.ts); the documents' ids first, so that every docId is its document's id.
  const pool = new StringPool();
  pool.shareFields(stored.documents);
  const textBuffer = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  const documents: CorpusDocument[] = [];
  const passages: Passage[] = [];
  const at = { passage: 0, sentence: 0 };
  let byteStart = 0;
  let p = 0;
  for (let d = 0; d < D; d++) {
    const [byteEnd, paragraphCount, passageCount] = [shape[d * 3]!, shape[d * 3 + 1]!, shape[d * 3 + 2]!];
    const { paragraphSections, ...rest } = stored.documents[d]!;
    if (byteEnd < byteStart || byteEnd > text.byteLength || paragraphCount < 0 || p + paragraphCount > paragraphEnds.length || !Array.isArray(paragraphSections) || paragraphSections.length !== paragraphCount) {
      throw new SnapshotError('bad document shape');
    }
    // One string per document, its paragraphs slices of it: a document's text is decoded at once, not per paragraph.
    const whole = textBuffer.toString('utf8', byteStart, byteEnd);
    const paragraphs: string[] = new Array(paragraphCount);
    let start = 0;
    for (let k = 0; k < paragraphCount; k++, p++) {
      const end = paragraphEnds[p]!;
      if (end < start || end > whole.length) throw new SnapshotError('bad paragraph');
      paragraphs[k] = whole.slice(start, end);
      start = end;
    }
    const document: CorpusDocument = { ...rest, paragraphs, paragraphSections: sectionsFromJson(paragraphSections) };
    documents.push(document);
    for (const passage of decodePassages(document, spans, sentences, at, passageCount, passages.length)) passages.push(passage);
    byteStart = byteEnd;
  }
  if (p !== paragraphEnds.length || passages.length !== meta.passageCount || at.passage * 4 !== spans.length || at.sentence !== sentences.length) {
    throw new SnapshotError('inconsistent corpus file');
  }
  const index = assembledFrom(container, meta);
  const corpus: Corpus = { dir, documents, byId: new Map(documents.map((d) => [d.id, d])), passages, warnings: stored.warnings };
  const { facts, quotes, glossary, speakers } = stored.extraction;
  if (![facts, quotes, glossary, speakers].every(Array.isArray)) throw new SnapshotError('bad extraction');
  for (const items of [facts, quotes, glossary, speakers]) pool.shareFields(items);
  const extraction: Extraction = { documentIds: documents.map((d) => d.id), facts, quotes, glossary, speakers, passages };
  const learned = learnedOf(container);
  return { corpus, extraction, index, ...(learned ? { learned } : {}) };
}

/** The learned expansions a corpus file holds, if it holds them (whole and well-formed). */
function learnedOf(container: Container): LearnedExpansions | undefined {
  try {
    return learnedFromJson(inflatedJson<unknown>(container.u8('learned'), 'learned'));
  } catch {
    return undefined;
  }
}

/** Only the assembled index of the corpus file in `bytes`, when it was made for `key` and `passageCount` passages. */
export function decodeCorpusFileIndex(bytes: Uint8Array, key: string, passageCount: number): { index: CompactIndex; learned?: LearnedExpansions } | undefined {
  const container = decodeContainer(bytes);
  const meta = metaFor(container, key);
  if (!meta || meta.passageCount !== passageCount) return undefined;
  const learned = learnedOf(container);
  return { index: assembledFrom(container, meta), ...(learned ? { learned } : {}) };
}
