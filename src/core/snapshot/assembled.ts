import type { CompactIndex, RangePostings } from '../search/retrieve.ts';
import { SnapshotError, type Container, type SectionValue } from './container.ts';
import { int32s, packInts, uint16s, unpackInts, type PackOptions } from './varint.ts';
import { deflated, inflated } from './deflated.ts';

/**
 * The assembled index as sections of a snapshot container: the compact index's integer arrays packed as varints
 * (varint.ts: postings as gaps between passages within a term, offsets as gaps, counts as they are), unpacked at
 * load into the typed arrays the index uses in memory, and its term list. The corpus file (corpus-file.ts) holds
 * them, so a start whose documents are all unchanged loads the postings instead of assembling them again.
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
 * 2: integer sections packed as varints, and the corpus file's documents section deflated (1 held them raw);
 * 3: a deflated section starts with its inflated length (deflated.ts).
 */
export const INDEX_FORMAT = 3;

type RunStarts = (field: 'textStart' | 'section.start' | 'title.start') => Int32Array;

/**
 * How each integer section is packed: offsets ascend (stored as gaps), and so do the passages of a term's postings
 * (gaps within the term's run, `runStarts` giving the runs).
 */
function packing(name: string, runStarts: RunStarts): PackOptions {
  if (name === 'textDoc') return { deltaRuns: runStarts('textStart').subarray(0, -1) };
  const [field, part] = name.split('.');
  if ((field === 'section' || field === 'title') && (part === 'from' || part === 'to')) return { deltaRuns: runStarts(`${field}.start`).subarray(0, -1) };
  if (part === 'start' || name === 'textStart' || name === 'passageSentenceStart' || name === 'sentenceTermStart') return { delta: true };
  return {};
}

/**
 * Packed sections deflated as well (deflated.ts): the sentences' term ids (the common words over and over: half
 * their packed size) and the term frequencies (mostly 1: a quarter). Each inflates in tens of ms at a start.
 */
const DEFLATED = new Set(['sentenceTerms', 'textTf']);

/** The index's integer arrays by section name, in the order they must be unpacked (run starts before their runs). */
function integerArrays(index: CompactIndex): [string, Int32Array | Uint16Array][] {
  const arrays: [string, Int32Array | Uint16Array][] = [
    ['textStart', index.textStart],
    ['textDoc', index.textDoc],
    ['textTf', index.textTf],
    ['passageSentenceStart', index.passageSentenceStart],
    ['sentenceTermStart', index.sentenceTermStart],
    ['sentenceTerms', index.sentenceTerms],
  ];
  for (const name of ['section', 'title'] as const) {
    const postings = index[name];
    arrays.push([`${name}.start`, postings.start], [`${name}.from`, postings.from], [`${name}.to`, postings.to], [`${name}.tf`, postings.tf], [`${name}.df`, postings.df]);
  }
  for (const f of FIELDS) arrays.push([`fieldLength.${f}`, index.fieldLength[f]], [`termLength.${f}`, index.termLength[f]]);
  return arrays;
}

export function assembledSections(index: CompactIndex): Record<string, SectionValue> {
  const sections: Record<string, SectionValue> = { terms: { json: index.terms } };
  const runStarts: RunStarts = (field) => (field === 'textStart' ? index.textStart : index[field === 'section.start' ? 'section' : 'title'].start);
  for (const [name, values] of integerArrays(index)) {
    const packed = packInts(values, packing(name, runStarts));
    sections[name] = DEFLATED.has(name) ? deflated(packed) : packed;
  }
  return sections;
}

export function assembledMeta(index: CompactIndex): AssembledMeta {
  return { indexFormat: INDEX_FORMAT, passageCount: index.passageCount, averageFieldLength: [...index.averageFieldLength], averageTermLength: [...index.averageTermLength] };
}

/** The assembled index held by `container` (see assembledSections); a damaged or inconsistent one throws SnapshotError. */
export function assembledFrom(container: Container, meta: AssembledMeta): CompactIndex {
  if (meta.indexFormat !== INDEX_FORMAT) throw new SnapshotError(`index format ${String(meta.indexFormat)}, expected ${INDEX_FORMAT}`);
  // Unpacked into arrays of their own, so the file's memory is not kept resident by the index. Run starts are
  // unpacked before their runs (the order of the index's fields below).
  const unpacked = new Map<string, Int32Array>();
  const runStarts: RunStarts = (field) => {
    const starts = unpacked.get(field);
    if (!starts) throw new SnapshotError(`${field} unpacked after its runs`);
    return starts;
  };
  const packed = (name: string) => (DEFLATED.has(name) ? inflated(container.u8(name), name) : container.u8(name));
  const own = {
    i32: (name: string) => {
      const values = unpackInts(packed(name), int32s, packing(name, runStarts));
      unpacked.set(name, values);
      return values;
    },
    u16: (name: string) => unpackInts(packed(name), uint16s, packing(name, runStarts)),
  };
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
