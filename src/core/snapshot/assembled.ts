import { createHash } from 'node:crypto';
import type { CompactIndex, RangePostings } from '../search/retrieve.ts';
import { decodeContainer, encodeContainer, SnapshotError, type SectionValue } from './container.ts';

/**
 * The assembled index of the whole corpus (`<snapshot>/index.pbs`): the compact index's typed arrays as they are
 * in memory, so that a start whose documents all come unchanged from their segments loads the postings instead
 * of assembling them again. It is keyed by the segments it was assembled from, in corpus order: any added,
 * changed, removed or reordered document gives another key, and the file is then assembled and written anew.
 */
export const ASSEMBLED_FILE = 'index.pbs';

/** The key of an assembled index: the fingerprint of the code that made it and the corpus's segments, in order. */
export function assembledKey(fingerprint: string, segments: readonly string[]): string {
  const hash = createHash('sha1').update(`policybot-assembled\0${fingerprint}`);
  for (const segment of segments) hash.update(`\0${segment}`);
  return hash.digest('hex');
}

interface AssembledMeta {
  kind: 'assembled';
  key: string;
  passageCount: number;
  averageFieldLength: [number, number, number];
  averageTermLength: [number, number, number];
}

const FIELDS = [0, 1, 2] as const;

export function encodeAssembled(index: CompactIndex, key: string): Buffer {
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
  const meta: AssembledMeta = {
    kind: 'assembled',
    key,
    passageCount: index.passageCount,
    averageFieldLength: [...index.averageFieldLength],
    averageTermLength: [...index.averageTermLength],
  };
  return encodeContainer(sections, meta);
}

/**
 * The assembled index in `bytes` when it was made for `key` and `passageCount` passages; undefined when it was made
 * for another corpus. A damaged or inconsistent file throws SnapshotError.
 */
export function decodeAssembled(bytes: Uint8Array, key: string, passageCount: number): CompactIndex | undefined {
  const container = decodeContainer(bytes);
  const meta = container.meta as Partial<AssembledMeta> | null;
  if (meta?.kind !== 'assembled' || meta.key !== key || meta.passageCount !== passageCount) return undefined;
  const terms = container.json<string[]>('terms');
  if (!Array.isArray(terms)) throw new SnapshotError('bad terms section');
  const V = terms.length;
  const N = passageCount;
  const range = (name: string): RangePostings => ({
    start: container.i32(`${name}.start`),
    from: container.i32(`${name}.from`),
    to: container.i32(`${name}.to`),
    tf: container.u16(`${name}.tf`),
    df: container.i32(`${name}.df`),
  });
  const index: CompactIndex = {
    passageCount: N,
    terms,
    termIds: new Map(terms.map((term, id) => [term, id])),
    textStart: container.i32('textStart'),
    textDoc: container.i32('textDoc'),
    textTf: container.u16('textTf'),
    section: range('section'),
    title: range('title'),
    fieldLength: [container.i32('fieldLength.0'), container.i32('fieldLength.1'), container.i32('fieldLength.2')],
    averageFieldLength: meta.averageFieldLength!,
    termLength: [container.i32('termLength.0'), container.i32('termLength.1'), container.i32('termLength.2')],
    averageTermLength: meta.averageTermLength!,
    passageSentenceStart: container.i32('passageSentenceStart'),
    sentenceTermStart: container.i32('sentenceTermStart'),
    sentenceTerms: container.i32('sentenceTerms'),
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
