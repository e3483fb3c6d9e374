import type { CompactIndex, RangePostings } from '../search/retrieve.ts';
import { SnapshotError, type Container, type SectionValue } from './container.ts';

/**
 * The assembled index as sections of a snapshot container: the compact index's typed arrays as they are in memory
 * (read back with one copy each, so that the file's memory is freed), and its term list. The corpus file (corpus-file.ts) holds them, so a
 * start whose documents are all unchanged loads the postings instead of assembling them again.
 */
export interface AssembledMeta {
  /** INDEX_FORMAT of the code that wrote it: another layout of the postings is never read as this one. */
  readonly indexFormat: number;
  readonly passageCount: number;
  readonly averageFieldLength: [number, number, number];
  readonly averageTermLength: [number, number, number];
}

const FIELDS = [0, 1, 2] as const;

/**
 * The version of the assembled index's layout (the sections below and what their arrays mean). The corpus file's
 * key already changes with the sources that write it (fingerprint.ts), but a build that cannot read its sources
 * hashes none of them: this number, written in the file and checked before anything is read, still tells an old
 * layout from the current one. Raise it with any change to the layout; an index of another format is made again.
 */
export const INDEX_FORMAT = 1;

export function assembledSections(index: CompactIndex): Record<string, SectionValue> {
  const sections: Record<string, SectionValue> = {
    terms: { json: index.terms },
    textStart: index.textStart,
    textDoc: index.textDoc,
    textTf: index.textTf,
    passageSentenceStart: index.passageSentenceStart,
    sentenceTermStart: index.sentenceTermStart,
    sentenceTerms: index.sentenceTerms,
  };
  for (const name of ['section', 'title'] as const) {
    const postings = index[name];
    sections[`${name}.start`] = postings.start;
    sections[`${name}.from`] = postings.from;
    sections[`${name}.to`] = postings.to;
    sections[`${name}.tf`] = postings.tf;
    sections[`${name}.df`] = postings.df;
  }
  for (const f of FIELDS) {
    sections[`fieldLength.${f}`] = index.fieldLength[f];
    sections[`termLength.${f}`] = index.termLength[f];
  }
  return sections;
}

export function assembledMeta(index: CompactIndex): AssembledMeta {
  return { indexFormat: INDEX_FORMAT, passageCount: index.passageCount, averageFieldLength: [...index.averageFieldLength], averageTermLength: [...index.averageTermLength] };
}

/** The assembled index held by `container` (see assembledSections); a damaged or inconsistent one throws SnapshotError. */
export function assembledFrom(container: Container, meta: AssembledMeta): CompactIndex {
  if (meta.indexFormat !== INDEX_FORMAT) throw new SnapshotError(`index format ${String(meta.indexFormat)}, expected ${INDEX_FORMAT}`);
  // The arrays are copied out of the file's memory: views on it would keep the whole file resident (its text,
  // passages and extraction, already decoded into strings and objects), for as long as the index lives.
  const own = { i32: (name: string) => container.i32(name).slice(), u16: (name: string) => container.u16(name).slice() };
  const terms = container.json<string[]>('terms');
  if (!Array.isArray(terms)) throw new SnapshotError('bad terms section');
  const V = terms.length;
  const N = meta.passageCount;
  const range = (name: string): RangePostings => ({
    start: own.i32(`${name}.start`),
    from: own.i32(`${name}.from`),
    to: own.i32(`${name}.to`),
    tf: own.u16(`${name}.tf`),
    df: own.i32(`${name}.df`),
  });
  const index: CompactIndex = {
    passageCount: N,
    terms,
    termIds: new Map(terms.map((term, id) => [term, id])),
    textStart: own.i32('textStart'),
    textDoc: own.i32('textDoc'),
    textTf: own.u16('textTf'),
    section: range('section'),
    title: range('title'),
    fieldLength: [own.i32('fieldLength.0'), own.i32('fieldLength.1'), own.i32('fieldLength.2')],
    averageFieldLength: meta.averageFieldLength,
    termLength: [own.i32('termLength.0'), own.i32('termLength.1'), own.i32('termLength.2')],
    averageTermLength: meta.averageTermLength,
    passageSentenceStart: own.i32('passageSentenceStart'),
    sentenceTermStart: own.i32('sentenceTermStart'),
    sentenceTerms: own.i32('sentenceTerms'),
  };
  // Cheap structural checks: lengths that every later lookup relies on.
  const ok =
    index.textStart.length === V + 1 &&
    index.textStart[V] === index.textDoc.length &&
    index.textTf.length === index.textDoc.length &&
    [index.section, index.title].every((r) => r.start.length === V + 1 && r.df.length === V && r.start[V] === r.from.length && r.to.length === r.from.length && r.tf.length === r.from.length) &&
    FIELDS.every((f) => index.fieldLength[f].length === N && index.termLength[f].length === N) &&
    index.passageSentenceStart.length === N + 1 &&
    index.sentenceTermStart.length === index.passageSentenceStart[N]! + 1 &&
    index.sentenceTermStart[index.sentenceTermStart.length - 1] === index.sentenceTerms.length &&
    index.termIds.size === V;
  if (!ok) throw new SnapshotError('inconsistent assembled index');
  return index;
}
