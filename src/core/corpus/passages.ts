import type { CorpusDocument, Passage, SentenceSpan } from '../types.ts';
import { splitSentences } from './sentences.ts';

/** Passages are bounded so that no step downstream grows with a paragraph's length squared. */
export const MAX_PASSAGE_CHARS = 2_400;
/** A "sentence" longer than this (tables, lists without stops) is split at white space. */
export const MAX_SENTENCE_CHARS = 700;

/** Cuts a document's paragraphs into passages of whole sentences, numbering passages from `firstIndex`. */
export function passagesOf(document: CorpusDocument, firstIndex: number): Passage[] {
  const passages: Passage[] = [];
  document.paragraphs.forEach((paragraph, i) => {
    const section = document.paragraphSections[i];
    for (const piece of boundedPieces(paragraph)) {
      passages.push({
        index: firstIndex + passages.length,
        docId: document.id,
        paragraph: i + 1,
        ...(section === undefined ? {} : { section }),
        text: piece.text,
        sentences: piece.sentences,
      });
    }
  });
  return passages;
}

interface Piece {
  text: string;
  sentences: SentenceSpan[];
}

/** Splits a paragraph into pieces of at most MAX_PASSAGE_CHARS, cutting between sentences. */
function boundedPieces(paragraph: string): Piece[] {
  const sentences = splitSentences(paragraph).flatMap((span) => boundSentence(paragraph, span));
  if (paragraph.length <= MAX_PASSAGE_CHARS) return [{ text: paragraph, sentences }];
  const pieces: Piece[] = [];
  let group: SentenceSpan[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const start = group[0]!.start;
    const end = group[group.length - 1]!.end;
    pieces.push({
      text: paragraph.slice(start, end),
      sentences: group.map((s) => ({ start: s.start - start, end: s.end - start })),
    });
    group = [];
  };
  for (const sentence of sentences) {
    if (group.length > 0 && sentence.end - group[0]!.start > MAX_PASSAGE_CHARS) flush();
    group.push(sentence);
  }
  flush();
  return pieces;
}

/** Splits an over-long sentence at white space into chunks of at most MAX_SENTENCE_CHARS. */
function boundSentence(text: string, span: SentenceSpan): SentenceSpan[] {
  if (span.end - span.start <= MAX_SENTENCE_CHARS) return [span];
  const chunks: SentenceSpan[] = [];
  let start = span.start;
  while (span.end - start > MAX_SENTENCE_CHARS) {
    // The last space in the chunk's second half; searched only that far back, so that a long run without
    // spaces costs linear time (lastIndexOf would scan back to the start of the text for every chunk).
    // A clause end ("…; (b)", "…: (a)") is the best place to cut a long legal sentence: the piece still ends as
    // the document punctuates it. Else the last space.
    const floor = start + MAX_SENTENCE_CHARS / 2;
    const ceiling = start + MAX_SENTENCE_CHARS;
    let cut = ceiling;
    while (cut > floor && !(text[cut] === ' ' && (text[cut - 1] === ';' || text[cut - 1] === ':'))) cut--;
    if (cut <= floor) {
      cut = ceiling;
      while (cut > floor && text[cut] !== ' ') cut--;
      if (cut <= floor) cut = ceiling;
    }
    chunks.push({ start, end: cut });
    start = cut;
    while (start < span.end && text[start] === ' ') start++;
  }
  if (start < span.end) chunks.push({ start, end: span.end });
  return chunks;
}
