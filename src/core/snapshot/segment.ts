import type { DocumentAnalysis } from '../search/analysis.ts';
import type { CorpusDocument, Passage, SentenceSpan } from '../types.ts';
import { finish, finishWithPauses, type Pause } from '../steps.ts';
import { decodeContainer, decodeContainerOffThread, encodeContainer, SnapshotError, type Container, type SectionValue } from './container.ts';
import { int32s, packInts, unpackInts, type PackOptions } from './varint.ts';

/**
 * One document's segment of the snapshot: the parsed document, its passages (as offsets into its paragraphs)
 * and its analysis. A segment depends on its file's content only, so one changed file rewrites one segment.
 *
 * Sections: `document` (JSON), `passages` (paragraph index, start, end, sentence count per passage),
 * `sentences` (start, end per sentence, relative to the passage), `analysis` (JSON: vocab, title length,
 * section names), `analysis.*` (the integer arrays of DocumentAnalysis). The integer sections are packed as
 * varints (varint.ts; offsets as gaps), which also leaves deflate a third fewer bytes to squeeze. Extra named sections (e.g. `extraction`) can be
 * added through `extra` and read back by name.
 */
export interface Segment {
  readonly document: CorpusDocument;
  /** The parse warning of the file (broken front matter), reported again at every start. */
  readonly warning?: string;
  /** Passages with document-local indexes (0, 1, …); the corpus renumbers them. */
  readonly passages: readonly Passage[];
  readonly analysis: DocumentAnalysis;
  readonly extra?: Readonly<Record<string, SectionValue>>;
}

/** The analysis's ascending offsets, packed as gaps. */
const ASCENDING = new Set(['passageSentenceStart', 'sentenceTermStart', 'sectionTermStart']);
const packingOf = (name: string): PackOptions => (ASCENDING.has(name) ? { delta: true } : {});

const ANALYSIS_ARRAYS = ['titleTerms', 'sectionLengths', 'sectionTermStart', 'sectionTerms', 'passageSection', 'passageLength', 'passageSentenceStart', 'sentenceTermStart', 'sentenceTerms'] as const;

export function encodeSegment(segment: Segment): Buffer {
  const { document, passages, analysis } = segment;
  const { spans: passageData, sentences: sentenceData } = encodePassages(passages, () => document);
  const sections: Record<string, SectionValue> = {
    document: { json: { document, warning: segment.warning ?? null } },
    passages: packInts(passageData),
    sentences: packInts(sentenceData),
    analysis: { json: { vocab: analysis.vocab, titleLength: analysis.titleLength, sectionNames: analysis.sectionNames } },
    ...segment.extra,
  };
  for (const name of ANALYSIS_ARRAYS) sections[`analysis.${name}`] = packInts(analysis[name], packingOf(name));
  // Deflated: a segment is read only after a change, and is mostly text and small integers (a third of the size).
  return encodeContainer(sections, { kind: 'document' }, { compress: true });
}

/**
 * Passages as offsets into their documents' paragraphs: 4 ints per passage (paragraph index, start, end, sentence
 * count) in `spans`, 2 per sentence (start, end, relative to the passage) in `sentences`.
 */
export function encodePassages(passages: readonly Passage[], documentOf: (passage: Passage) => CorpusDocument): { spans: Int32Array; sentences: Int32Array } {
  const spans = new Int32Array(passages.length * 4);
  let sentenceCount = 0;
  for (const p of passages) sentenceCount += p.sentences.length;
  const sentences = new Int32Array(sentenceCount * 2);
  let s = 0;
  // Passages of a paragraph follow each other: each is searched for after the end of the previous one.
  let cursor = 0;
  passages.forEach((p, i) => {
    const document = documentOf(p);
    const paragraph = document.paragraphs[p.paragraph - 1]!;
    if (i === 0 || passages[i - 1]!.paragraph !== p.paragraph || passages[i - 1]!.docId !== p.docId) cursor = 0;
    const start = p.text === paragraph ? 0 : paragraph.indexOf(p.text, cursor);
    cursor = start + p.text.length;
    if (start < 0) throw new SnapshotError(`passage ${i} of ${document.id} is not in its paragraph`);
    spans.set([p.paragraph - 1, start, start + p.text.length, p.sentences.length], i * 4);
    for (const span of p.sentences) {
      sentences[s++] = span.start;
      sentences[s++] = span.end;
    }
  });
  return { spans, sentences };
}

/**
 * `count` passages of `document` read from `spans` and `sentences` (see encodePassages) from `at` on, which moves
 * past them; they are numbered from `firstIndex`. A span outside its paragraph throws SnapshotError.
 */
export function decodePassages(
  document: CorpusDocument,
  spans: Int32Array,
  sentenceData: Int32Array,
  at: { passage: number; sentence: number },
  count: number,
  firstIndex: number,
): Passage[] {
  const passages: Passage[] = new Array(count);
  const docId = document.id;
  let s = at.sentence;
  // Plain loops and literals (no destructuring or spreads): this runs before the JIT has warmed up, at every start.
  for (let k = 0, i = at.passage * 4; k < count; k++, i += 4) {
    if (i + 4 > spans.length) throw new SnapshotError('bad passage');
    const paragraphIndex = spans[i]!;
    const start = spans[i + 1]!;
    const end = spans[i + 2]!;
    const sentenceCount = spans[i + 3]!;
    const paragraph = document.paragraphs[paragraphIndex];
    if (paragraph === undefined || start < 0 || end > paragraph.length || start > end || sentenceCount < 0 || s + sentenceCount * 2 > sentenceData.length) throw new SnapshotError('bad passage');
    const sentences: SentenceSpan[] = new Array(sentenceCount);
    for (let j = 0; j < sentenceCount; j++, s += 2) sentences[j] = { start: sentenceData[s]!, end: sentenceData[s + 1]! };
    const section = document.paragraphSections[paragraphIndex];
    const text = start === 0 && end === paragraph.length ? paragraph : paragraph.slice(start, end);
    const index = firstIndex + k;
    const number = paragraphIndex + 1;
    passages[k] = section === undefined
      ? { index, docId, paragraph: number, text, sentences }
      : { index, docId, paragraph: number, section, text, sentences };
  }
  at.passage += count;
  at.sentence = s;
  return passages;
}

/** A document's paragraphSections read back from JSON, where "no section" (undefined) was written as null. */
export function sectionsFromJson(sections: readonly (string | null | undefined)[]): (string | undefined)[] {
  return sections.map((s) => (s === null ? undefined : s));
}

/** Decodes a segment; anything inconsistent throws SnapshotError. `extraNames` are returned in `extra` if present. */
export function decodeSegment(bytes: Uint8Array, extraNames: readonly string[] = []): Segment {
  return finish(segmentSteps(decodeContainer(bytes), extraNames));
}

/**
 * decodeSegment between turns of the event loop (live loading): the payloads inflated off the main thread, then
 * the document, its passages and the extra sections each a step (a large document's take 5-15 ms each).
 */
export async function decodeSegmentSliced(bytes: Uint8Array, extraNames: readonly string[], pause: Pause): Promise<Segment> {
  return finishWithPauses(segmentSteps(await decodeContainerOffThread(bytes), extraNames), pause);
}

function* segmentSteps(container: Container, extraNames: readonly string[]): Generator<void, Segment> {
  const { document, warning } = container.json<{ document: CorpusDocument; warning: string | null }>('document');
  yield;
  const passageData = unpackInts(container.u8('passages'), int32s);
  const sentenceData = unpackInts(container.u8('sentences'), int32s);
  if (!document || !Array.isArray(document.paragraphs) || !Array.isArray(document.paragraphSections)) throw new SnapshotError('bad document section');
  const paragraphSections = sectionsFromJson(document.paragraphSections);
  const doc: CorpusDocument = { ...document, paragraphSections };

  if (passageData.length % 4 !== 0) throw new SnapshotError('bad passage');
  const passages = decodePassages(doc, passageData, sentenceData, { passage: 0, sentence: 0 }, passageData.length / 4, 0);
  if (!ANALYSIS_ARRAYS.every((name) => container.has(`analysis.${name}`)) || !container.has('analysis')) throw new SnapshotError('missing analysis');
  const extra: Record<string, SectionValue> = {};
  for (const name of extraNames) {
    yield;
    if (container.has(name)) extra[name] = { json: container.json(name) };
  }
  // The analysis is decoded on first use: a start that takes the corpus file's assembled index never needs it.
  let analysis: DocumentAnalysis | undefined;
  return {
    document: doc,
    ...(warning ? { warning } : {}),
    passages,
    get analysis(): DocumentAnalysis {
      return (analysis ??= decodeAnalysis(container, passages));
    },
    ...(extraNames.length > 0 ? { extra } : {}),
  };
}

/** A segment's analysis; an inconsistent one throws SnapshotError (its checksum held, so only a bug makes one). */
function decodeAnalysis(container: Container, passages: readonly Passage[]): DocumentAnalysis {
  const meta = container.json<{ vocab: string[]; titleLength: number; sectionNames: string[] }>('analysis');
  const arrays = Object.fromEntries(ANALYSIS_ARRAYS.map((name) => [name, unpackInts(container.u8(`analysis.${name}`), int32s, packingOf(name))])) as Record<(typeof ANALYSIS_ARRAYS)[number], Int32Array>;
  const analysis: DocumentAnalysis = { vocab: meta.vocab, titleLength: meta.titleLength, sectionNames: meta.sectionNames, ...arrays };
  validateAnalysis(analysis, passages);
  return analysis;
}

/** Cheap structural checks, so that a damaged segment is rejected instead of indexing out of bounds later. */
function validateAnalysis(a: DocumentAnalysis, passages: readonly Passage[]): void {
  const P = passages.length;
  const V = a.vocab.length;
  const sentences = passages.reduce((n, p) => n + p.sentences.length, 0);
  const ok =
    a.passageLength.length === P &&
    a.passageSection.length === P &&
    a.passageSentenceStart.length === P + 1 &&
    a.passageSentenceStart[P] === sentences &&
    a.sentenceTermStart.length === sentences + 1 &&
    a.sentenceTermStart[sentences] === a.sentenceTerms.length &&
    a.sectionTermStart.length === a.sectionNames.length + 1 &&
    a.sectionLengths.length === a.sectionNames.length &&
    a.sectionTermStart[a.sectionNames.length] === a.sectionTerms.length &&
    a.passageSection.every((s) => s >= -1 && s < a.sectionNames.length) &&
    a.sentenceTerms.every((t) => (t < 0 ? ~t : t) < V) &&
    a.sectionTerms.every((t) => t >= 0 && t < V) &&
    a.titleTerms.every((t) => t >= 0 && t < V);
  if (!ok) throw new SnapshotError('inconsistent analysis');
}
