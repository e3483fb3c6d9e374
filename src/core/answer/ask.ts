import { resolveDocument } from '../corpus/resolve.ts';
import { idf, type SearchIndex } from '../search/index.ts';
import { understandQuery, type UnderstoodQuery } from '../expand/understand.ts';
import { analyzeQuery, type QueryTerm } from '../search/query.ts';
import { DEFAULT_RANKING, highlightsIn, rankPassages, type RankedPassage, type RankingOptions } from '../search/rank.ts';
import { failure, type Answer, type AnswerResult, type DocumentInfo, type Outcome } from '../types.ts';

/** Options of one question; every field is optional. */
export interface AskOptions {
  /** Search this document only (id or unique title fragment). */
  doc?: string;
  /** How many results at most (the answer plus the next best). Default 5, at most 25. */
  limit?: number;
}

/** Tuning of answers and abstention. */
export interface AnswerTuning {
  /** The answer's text grows by whole sentences up to this many characters. */
  maxAnswerChars: number;
  /**
   * A sentence that leans on the one before ("These regions …", "It has …") takes it along up to this many
   * characters: alone it does not say what it speaks of, and the sentence before often holds the answer's names.
   */
  maxLeaningAnswerChars: number;
  /** Below this share of the question's weight (idf) found in the best passage, the corpus has no answer. */
  minCoverage: number;
  /** A name in the question (`Tesla`) that the corpus never mentions needs this much coverage to answer. */
  minCoverageWithMissingName: number;
  /** Coverage is the best of this many top passages. */
  coverageDepth: number;
  /**
   * A question whose words the corpus mostly does not know (at least this share of its idf weight in words the
   * corpus never uses, nor an equivalent of them: "Who won the football world cup?") needs `unfamiliarCoverage`.
   * WordNet's relatives do not make a word known: distant relatives of an off-topic word are found in any corpus.
   */
  unfamiliarShare: number;
  unfamiliarCoverage: number;
  /** What an unknown word counts towards `unfamiliarShare` when the corpus holds a synonym of it (WordNet's, the thesaurus's). */
  synonymUnfamiliarShare: number;
  ranking: RankingOptions;
}

export const DEFAULT_TUNING: AnswerTuning = {
  maxAnswerChars: 400,
  maxLeaningAnswerChars: 800,
  minCoverage: 0.05,
  minCoverageWithMissingName: 0.45,
  coverageDepth: 5,
  unfamiliarShare: 0.5,
  unfamiliarCoverage: 0.2,
  synonymUnfamiliarShare: 0.5,
  ranking: DEFAULT_RANKING,
};

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 25;

/** How passages are ranked for a question: rankPassages, or a ranking over several indexes (src/core/guild/federated.ts). */
export type PassageRanker = typeof rankPassages;

/** Answers a question from the corpus with verbatim sentences, or abstains. */
export function ask(index: SearchIndex, question: string, options: AskOptions = {}, tuning: AnswerTuning = DEFAULT_TUNING, rank: PassageRanker = rankPassages): Outcome<{ answer: Answer }> {
  const query = understandQuery(index, analyzeQuery(question));
  let scope: DocumentInfo | undefined;
  if (options.doc !== undefined && options.doc.trim() !== '') {
    const resolved = resolveDocument(index.corpus, options.doc);
    if (!resolved.ok) return resolved;
    scope = documentInfo(resolved.document);
  }
  if (query.terms.length === 0) {
    return failure('empty_query', question.trim() ? 'That question has no words to search for.' : 'Ask a question: the question is empty.');
  }
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const ranked = rank(index, query, scope ? { docId: scope.id } : {}, tuning.ranking);
  const base = { query: question, ...(scope ? { scope } : {}) };
  // Scoped to one document, the question is whether that document covers it: judged on all of its passages, as the
  // ranking there may put passages that hold only thesaurus terms or associates first.
  const coverageTuning = scope ? { ...tuning, coverageDepth: ranked.length } : tuning;
  if (ranked.length === 0 || !confident(index, query, ranked, coverageTuning)) {
    return { ok: true, answer: { ...base, abstained: true, results: [], suggestions: suggestTopics(index, ranked, scope) } };
  }
  const results = ranked.slice(0, limit).map((r, i) => resultOf(index, r, query, i === 0 ? 3 : 2, tuning));
  return { ok: true, answer: { ...base, abstained: false, results, suggestions: [] } };
}

export function documentInfo(document: DocumentInfo): DocumentInfo {
  return {
    id: document.id,
    title: document.title,
    ...(document.date ? { date: document.date } : {}),
    ...(document.source ? { source: document.source } : {}),
    ...(document.publisher ? { publisher: document.publisher } : {}),
  };
}

/**
 * Coverage: the share of the question's idf weight that one of the best passages (with its section and
 * title) holds, the best of the first `coverageDepth`. A name in the question (`Tesla`, `France`; not a
 * hyphenated compound like `ADGM-regulated`) that the corpus never mentions makes the bar higher. A question
 * mostly in words the corpus does not know (each counted at `synonymUnfamiliarShare` when the corpus holds a
 * synonym of it) needs `unfamiliarCoverage`.
 */
export function confident(index: SearchIndex, query: UnderstoodQuery, ranked: readonly RankedPassage[], tuning: AnswerTuning): boolean {
  const weights = query.terms.map((t) => ({ ...t, weight: idf(index, t.term) }));
  const total = weights.reduce((sum, t) => sum + t.weight, 0);
  if (total <= 0) return false;
  const coverage = Math.max(
    ...ranked.slice(0, Math.max(1, tuning.coverageDepth)).map((r) => weights.filter((t) => r.matchedTerms.has(t.term)).reduce((sum, t) => sum + t.weight, 0) / total),
  );
  // A word the corpus holds in other words (a country for its adjective, an abbreviation's words) is not missing.
  const unknown = (t: QueryTerm) => !index.documentFrequency.has(t.term) && !query.expansions.get(t.term)?.some((e) => e.kind === 'equivalent');
  // A synonym (a relative at full strength: WordNet's first sense, the thesaurus) makes a word half known; its
  // distant relatives do not, as an off-topic word has some in any corpus.
  const synonymous = (t: QueryTerm) => query.expansions.get(t.term)?.some((e) => e.strength >= 1) ?? false;
  const missingName = weights.some((t) => t.isName && !t.term.includes('-') && unknown(t));
  const unfamiliar = weights.filter(unknown).reduce((sum, t) => sum + t.weight * (synonymous(t) ? tuning.synonymUnfamiliarShare : 1), 0) / total;
  if (unfamiliar >= tuning.unfamiliarShare && coverage < tuning.unfamiliarCoverage) return false;
  return coverage >= (missingName ? tuning.minCoverageWithMissingName : tuning.minCoverage);
}

/** The best sentence of a passage, grown by neighbours that help (up to `maxSentences`), as a cited result. */
function resultOf(index: SearchIndex, ranked: RankedPassage, query: UnderstoodQuery, maxSentences: number, tuning: AnswerTuning): AnswerResult {
  const { passage, sentenceScores, bestSentence } = ranked;
  const spans = passage.sentences;
  let first = bestSentence;
  let last = bestSentence;
  const best = sentenceScores[bestSentence] ?? 0;
  const sentenceText = (i: number) => passage.text.slice(spans[i]!.start, spans[i]!.end);
  // A sentence that leans on the one before ("It …", "These …") takes it along.
  if (first > 0 && /^(it|this|these|those|they|such|he|she|the two|its|their)\b/i.test(sentenceText(first)) && spans[last]!.end - spans[first - 1]!.start <= tuning.maxLeaningAnswerChars) first--;
  while (last - first + 1 < maxSentences) {
    const next = last + 1 < spans.length && (sentenceScores[last + 1] ?? 0) >= best * 0.5 ? last + 1 : -1;
    if (next < 0 || spans[next]!.end - spans[first]!.start > tuning.maxAnswerChars) break;
    last = next;
  }
  // Pieces of a sentence too long to score whole are put back together, up to WHOLE_SENTENCE_CHARS: an answer is
  // whole sentences where it can be, and marks its cuts where it cannot.
  while (first > 0 && startsMidSentence(passage.text, spans[first]!.start) && spans[last]!.end - spans[first - 1]!.start <= WHOLE_SENTENCE_CHARS) first--;
  while (last + 1 < spans.length && endsMidSentence(passage.text, spans[last]!.end) && spans[last + 1]!.end - spans[first]!.start <= WHOLE_SENTENCE_CHARS) last++;
  const { text, offset } = markCuts(passage.text, spans[first]!.start, spans[last]!.end);
  const document = index.corpus.byId.get(passage.docId)!;
  return {
    text,
    doc: documentInfo(document),
    paragraph: passage.paragraph,
    ...(passage.section ? { section: passage.section } : {}),
    score: Math.round(ranked.score * 1000) / 1000,
    highlights: highlightsIn(text.slice(offset), query).map(([a, b]) => [a + offset, b + offset] as const),
  };
}

/** Characters that end a sentence (with any closing quote or bracket), or a clause of one. */
const SENTENCE_END = /[.!?…:;"'”’)\]]$/;
/** The longest a sentence is put back together from its pieces (see MAX_SENTENCE_CHARS in corpus/passages.ts). */
const WHOLE_SENTENCE_CHARS = 1_200;

function startsMidSentence(passageText: string, start: number): boolean {
  const before = passageText.slice(Math.max(0, start - 8), start).trimEnd();
  return start > 0 && before.length > 0 && !SENTENCE_END.test(before);
}

function endsMidSentence(passageText: string, end: number): boolean {
  return end < passageText.trimEnd().length && !SENTENCE_END.test(passageText.slice(Math.max(0, end - 8), end));
}

/**
 * The text of [start, end) with `…` where it cuts a sentence: the loader splits sentences longer than it scores
 * whole (at a clause end, else at white space). `offset` is where the document's text begins in the result (1
 * after a leading `…`).
 */
export function markCuts(passageText: string, start: number, end: number): { text: string; offset: number } {
  const cutBefore = startsMidSentence(passageText, start);
  const cutAfter = endsMidSentence(passageText, end);
  return { text: `${cutBefore ? '…' : ''}${passageText.slice(start, end)}${cutAfter ? '…' : ''}`, offset: cutBefore ? 1 : 0 };
}
/** Nearest topics the corpus does cover: sections and titles of the closest passages, else of the corpus. */
function suggestTopics(index: SearchIndex, ranked: readonly RankedPassage[], scope: DocumentInfo | undefined): string[] {
  const topics: string[] = [];
  const add = (topic: string | undefined) => {
    if (topic && !topics.includes(topic) && topics.length < 3) topics.push(topic);
  };
  for (const r of ranked.slice(0, 10)) add(r.passage.section ?? index.corpus.byId.get(r.passage.docId)?.title);
  const documents = scope ? index.corpus.documents.filter((d) => d.id === scope.id) : index.corpus.documents;
  for (const d of documents) for (const section of d.sections) add(section);
  for (const d of documents) add(d.title);
  return topics;
}
