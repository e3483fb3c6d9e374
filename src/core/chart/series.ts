/**
 * Which figures of a `/stats` answer belong together in one chart. Pure: figures in, series out.
 *
 * - A **time series**: one measure (the same subject, normalised) in one unit and of one kind, at two or more
 *   distinct years, in one document or across documents. A pair "from A in 2012 to B in 2021" gives both ends even
 *   when only the later figure was ranked into the answer.
 * - A **comparison**: one measure for several named things (same unit, kind and year, subjects that share their
 *   head words: "OLED shipments" / "LCD shipments" → measure "shipments", bars "OLED" and "LCD").
 *
 * Anything else (one point, mixed units, different measures) is no series: the answer stays text only.
 */
import type { Fact } from '../extract/types.ts';
import type { DocumentInfo } from '../types.ts';

/** What series detection reads of a figure (a `CitedFact` has all of it). */
export type ChartFact = Pick<Fact, 'value' | 'number' | 'low' | 'high' | 'unit' | 'kind' | 'qualifier' | 'year' | 'subject' | 'change'> & {
  readonly doc: DocumentInfo;
  readonly paragraph: number;
};

export interface SeriesPoint {
  /** The x value as shown: the year (`2012`), the thing compared (`OLED`) or the day (`2026-12-01`). */
  readonly x: string;
  readonly value: number;
  /** A range's ends, when the figure is a range (`10 to 30 percent`). */
  readonly low?: number;
  readonly high?: number;
  /** The figure as written, qualifier included: `nearly 30%`. */
  readonly text: string;
  /** Where a document's figure stands; absent for counts that come from no document (the series' `source` says). */
  readonly doc?: DocumentInfo;
  readonly paragraph?: number;
  /** True for a value policybot computed rather than quoted. */
  readonly computed?: true;
}

/** A change between two points, computed by policybot (never quoted): drawn dashed and marked "computed". */
export interface SeriesChange {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly computed: true;
}

export interface Series {
  /** `time`: a line chart over years; `category`: a bar chart of named things; `day`: a bar chart over days (ISO dates, oldest first). */
  readonly kind: 'time' | 'category' | 'day';
  /** What is measured, from the documents' words: `added value of the manufacturing industry`. */
  readonly measure: string;
  readonly unit: string;
  /** Time: by year, ascending; category: in answer order. */
  readonly points: readonly SeriesPoint[];
  readonly changes: readonly SeriesChange[];
  /** The line under the title, when the figures are not quoted from documents (default: says they are). */
  readonly subtitle?: string;
  /** The source line, when the figures come from no document (`Source: this server's question log`). */
  readonly source?: string;
}

const ARTICLE = /^(?:the|a|an|its|their|our)\s+/;

/** A subject as a grouping key: lower case, one space, no leading article or trailing punctuation. */
export function measureKey(subject: string): string {
  return subject
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(ARTICLE, '')
    .replace(/[\s,.;:]+$/, '');
}

const finite = (fact: ChartFact) => Number.isFinite(fact.number);

interface Candidate {
  readonly fact: ChartFact;
  readonly rank: number;
  readonly point: SeriesPoint;
  readonly year: number;
}

/** Time series: groups by measure, unit and kind; two or more distinct years make a series. */
function timeSeries(facts: readonly ChartFact[]): { series: Series; rank: number; used: Set<ChartFact> }[] {
  const groups = new Map<string, Candidate[]>();
  const add = (key: string, candidate: Candidate) => {
    const list = groups.get(key);
    if (list) list.push(candidate);
    else groups.set(key, [candidate]);
  };
  facts.forEach((fact, rank) => {
    if (!finite(fact) || !measureKey(fact.subject)) return;
    const key = `${measureKey(fact.subject)}\u0000${fact.unit}\u0000${fact.kind}`;
    if (fact.year !== undefined) add(key, { fact, rank, year: fact.year, point: pointOf(fact, String(fact.year)) });
    // The earlier end of a pair, as written in the same sentence: a quoted figure, not a computed one.
    const from = fact.change?.from;
    if (from?.year !== undefined && Number.isFinite(from.number) && from.year !== fact.year) {
      add(key, { fact, rank, year: from.year, point: { x: String(from.year), value: from.number, text: from.value, doc: fact.doc, paragraph: fact.paragraph } });
    }
  });
  const found: { series: Series; rank: number; used: Set<ChartFact> }[] = [];
  for (const candidates of groups.values()) {
    const byYear = new Map<number, Candidate>();
    for (const c of candidates) if (!byYear.has(c.year)) byYear.set(c.year, c);
    if (byYear.size < 2) continue;
    const chosen = [...byYear.values()].sort((a, b) => a.year - b.year);
    const years = new Set(chosen.map((c) => String(c.year)));
    const changes: SeriesChange[] = [];
    const seen = new Set<string>();
    for (const c of candidates) {
      const change = c.fact.change;
      if (!change || change.from.year === undefined || change.to.year === undefined) continue;
      const from = String(change.from.year);
      const to = String(change.to.year);
      if (!years.has(from) || !years.has(to) || seen.has(`${from}-${to}`)) continue;
      seen.add(`${from}-${to}`);
      changes.push({ from, to, label: change.label, computed: true });
    }
    const first = candidates[0]!.fact;
    found.push({
      series: { kind: 'time', measure: first.subject.trim(), unit: first.unit, points: chosen.map((c) => c.point), changes },
      rank: Math.min(...candidates.map((c) => c.rank)),
      used: new Set(candidates.map((c) => c.fact)),
    });
  }
  return found;
}

function pointOf(fact: ChartFact, x: string): SeriesPoint {
  return {
    x,
    value: fact.number,
    ...(fact.low !== undefined && fact.high !== undefined && Number.isFinite(fact.low) && Number.isFinite(fact.high) ? { low: fact.low, high: fact.high } : {}),
    text: fact.value,
    doc: fact.doc,
    paragraph: fact.paragraph,
  };
}

const words = (subject: string) => measureKey(subject).split(/[\s,]+/).filter(Boolean);
/** The subject's words as written (case kept, for bar names), without a leading article. */
const writtenWords = (subject: string) =>
  subject
    .replace(/[‘’]/g, "'")
    .trim()
    .replace(/^(?:the|a|an|its|their|our)\s+/i, '')
    .replace(/[\s,.;:]+$/, '')
    .split(/[\s,]+/)
    .filter(Boolean);
const LINKING = new Set(['of', 'in', 'for', 'the', 'and', 'by', 'from', 'to', 'at', 'on', "'s"]);
const trimLinking = (list: string[]) => {
  const out = [...list];
  while (out.length > 0 && LINKING.has(out[0]!.toLowerCase())) out.shift();
  while (out.length > 0 && LINKING.has(out[out.length - 1]!.toLowerCase())) out.pop();
  return out;
};
const stem = (word: string) => word.toLowerCase().replace(/'s$/, '').replace(/(?:es|s)$/, '');

/** The words all subjects end with (`shipments`), or start with (`exports of`), and what is left of each. */
function sharedHead(subjects: readonly string[][]): { measure: string[]; labels: string[][] } | null {
  const shortest = Math.min(...subjects.map((s) => s.length));
  let suffix = 0;
  while (suffix < shortest && subjects.every((s) => stem(s[s.length - 1 - suffix]!) === stem(subjects[0]![subjects[0]!.length - 1 - suffix]!))) suffix++;
  let prefix = 0;
  while (prefix < shortest && subjects.every((s) => stem(s[prefix]!) === stem(subjects[0]![prefix]!))) prefix++;
  const useSuffix = suffix >= prefix;
  const shared = useSuffix ? suffix : prefix;
  if (shared === 0) return null;
  const measure = useSuffix ? subjects[0]!.slice(subjects[0]!.length - suffix) : subjects[0]!.slice(0, prefix);
  if (trimLinking(measure).length === 0) return null;
  const labels = subjects.map((s) => trimLinking(useSuffix ? s.slice(0, s.length - suffix) : s.slice(prefix)));
  return { measure: trimLinking(measure), labels };
}

/** Comparisons: figures of one unit, kind and year whose subjects name one measure for different things. */
function comparisons(facts: readonly ChartFact[], used: Set<ChartFact>): { series: Series; rank: number }[] {
  const groups = new Map<string, { fact: ChartFact; rank: number }[]>();
  facts.forEach((fact, rank) => {
    if (used.has(fact) || !finite(fact) || words(fact.subject).length === 0) return;
    const key = `${fact.unit}\u0000${fact.kind}\u0000${fact.year ?? ''}`;
    const list = groups.get(key);
    if (list) list.push({ fact, rank });
    else groups.set(key, [{ fact, rank }]);
  });
  const found: { series: Series; rank: number }[] = [];
  for (const group of groups.values()) {
    // Distinct subjects only: the same subject twice is the same thing, not a comparison.
    const distinct: { fact: ChartFact; rank: number }[] = [];
    const keys = new Set<string>();
    for (const g of group) {
      const key = measureKey(g.fact.subject);
      if (!keys.has(key)) {
        keys.add(key);
        distinct.push(g);
      }
    }
    // Cluster by the last word, then by the first: the biggest cluster of two or more with a shared head.
    const clusters = new Map<string, { fact: ChartFact; rank: number }[]>();
    for (const g of distinct) {
      const w = words(g.fact.subject);
      for (const key of [`e:${stem(w[w.length - 1]!)}`, `s:${stem(w[0]!)}`]) {
        const list = clusters.get(key);
        if (list) list.push(g);
        else clusters.set(key, [g]);
      }
    }
    const taken = new Set<ChartFact>();
    for (const cluster of [...clusters.values()].sort((a, b) => b.length - a.length)) {
      const members = cluster.filter((g) => !taken.has(g.fact));
      if (members.length < 2) continue;
      const head = sharedHead(members.map((g) => writtenWords(g.fact.subject)));
      if (!head) continue;
      const labels = head.labels.map((l, i) => (l.length > 0 ? l.join(' ') : members[i]!.fact.subject.trim()));
      if (new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) continue;
      for (const g of members) taken.add(g.fact);
      const year = members[0]!.fact.year;
      found.push({
        series: {
          kind: 'category',
          measure: `${head.measure.join(' ')}${year !== undefined ? `, ${year}` : ''}`,
          unit: members[0]!.fact.unit,
          points: members.map((g, i) => pointOf(g.fact, labels[i]!)),
          changes: [],
        },
        rank: Math.min(...members.map((g) => g.rank)),
      });
    }
  }
  return found;
}

/**
 * The series among an answer's figures, the one holding the best-ranked figure first. Figures that are part of a
 * time series are not also compared as categories.
 */
export function findSeries(facts: readonly ChartFact[]): Series[] {
  const time = timeSeries(facts);
  const used = new Set<ChartFact>();
  for (const t of time) for (const f of t.used) used.add(f);
  const all = [...time, ...comparisons(facts, used)];
  return all.sort((a, b) => a.rank - b.rank).map((s) => s.series);
}
