import { ask } from '../answer/ask.ts';
import type { Corpus } from '../corpus/load.ts';
import { resolveDocument } from '../corpus/resolve.ts';
import type { Engine, QuotesAnswer, StatsAnswer } from '../engine.ts';
import { DEFAULT_LIMIT } from '../extract/rank.ts';
import { learnAbbreviationsSteps } from '../expand/abbreviations.ts';
import { combineExpansionsSteps, type LearnedExpansions } from '../expand/learned.ts';
import { finish } from '../steps.ts';
import type { Extraction } from '../extract/index.ts';
import type { SearchIndex } from '../search/index.ts';
import type { AnalyzedQuery } from '../search/query.ts';
import { rankPassages, type RankedPassage, type RankingOptions } from '../search/rank.ts';
import { textDocumentFrequency, type CompactIndex } from '../search/retrieve.ts';
import type { Answer, CorpusDocument, DocumentInfo, Outcome } from '../types.ts';
import { collectionOf, CollectionFrequencies, contributionOf, mergeRanked } from './collection.ts';

/** One part of a layered engine. */
export interface Layer {
  /** The part's engine: one index (engineOf's); a layered engine given as a layer is taken apart into its layers. */
  readonly engine: Engine;
  /** Documents of this part no longer answered for: changed or removed since its index was assembled. */
  readonly hidden?: ReadonlySet<string>;
  /** Results from this part's documents carry `doc.server: true` (a server's own documents). */
  readonly server?: boolean;
}

/** A part with what is hidden of it: its own hidden documents and those a later part holds again. */
interface Part {
  readonly layer: Layer;
  readonly engine: Engine;
  readonly hidden: ReadonlySet<string>;
  readonly view: SearchIndex;
}

const holdsInText = (compact: CompactIndex, term: string) => textDocumentFrequency(compact, term) > 0;

/**
 * What the parts teach about a question taken as one corpus (the first part's expansions, with the words and
 * abbreviations of the later ones), in steps: a live change runs them between turns of the event loop before the
 * layered engine answers (`layeredEngine`'s `learned`).
 */
export function* layeredExpansionsSteps(engines: readonly Engine[]): Generator<void, LearnedExpansions> {
  const later = [];
  for (let i = 1; i < engines.length; i++) {
    yield;
    const compact = engines[i]!.index.compact;
    const added = new Set(compact.terms.filter((term) => holdsInText(compact, term) && !engines.slice(0, i).some((e) => holdsInText(e.index.compact, term))));
    later.push({ abbreviations: yield* learnAbbreviationsSteps(engines[i]!.corpus), added });
  }
  return yield* combineExpansionsSteps(engines[0]!.index.learned, later);
}

/** The layers of an engine: its own when it is layered, else the engine alone. */
function layersOf(layer: Layer): Layer[] {
  const inner = layer.engine.layers;
  if (!inner) return [layer];
  return inner.map((l) => ({ ...l, hidden: new Set([...(l.hidden ?? []), ...(layer.hidden ?? [])]), server: !!(l.server || layer.server) }));
}

/** The hidden documents' passages as runs [from, to) of consecutive passages (a document's are one run). */
function rangesOf(index: SearchIndex, ids: ReadonlySet<string>): [number, number][] {
  const ranges: [number, number][] = [];
  for (const id of ids) {
    for (const p of index.passagesByDoc.get(id) ?? []) {
      const last = ranges[ranges.length - 1];
      if (last && last[1] === p) last[1] = p + 1;
      else ranges.push([p, p + 1]);
    }
  }
  return ranges;
}

/** The hidden passages (their runs, rangesOf's) flagged for `retrieve` to skip (CompactIndex.deleted); none, none. */
function deletedPassages(passageCount: number, ranges: readonly (readonly [number, number])[]): Uint8Array | undefined {
  if (ranges.length === 0) return undefined;
  const mask = new Uint8Array(passageCount);
  for (const [from, to] of ranges) mask.fill(1, from, to);
  return mask;
}

/** One part's index with the whole collection's statistics and its hidden passages flagged (typed arrays shared). */
function partView(index: SearchIndex, collection: CompactIndex['collection'], frequencies: ReadonlyMap<string, number>, deleted: Uint8Array | undefined): SearchIndex {
  const compact: CompactIndex = { ...index.compact, collection, ...(deleted ? { deleted } : {}) };
  return {
    corpus: index.corpus,
    compact,
    get miniSearch() {
      return index.miniSearch;
    },
    documentFrequency: frequencies,
    passagesByDoc: index.passagesByDoc,
    get learned() {
      return index.learned;
    },
    ...(index.attributions ? { attributions: index.attributions } : {}),
  };
}

/** A ranked figure or quote, cited. */
type Ranked = { readonly score: number; readonly docId: string; readonly doc: DocumentInfo };

/** A command's outcome with its answer under one name, whatever the command calls it. */
function unwrap<O extends { ok: boolean }, A>(outcome: O, pick: (ok: O & { ok: true }) => A): Outcome<{ answer: A }> {
  return outcome.ok ? { ok: true, answer: pick(outcome as O & { ok: true }) } : (outcome as unknown as Outcome<{ answer: A }>);
}

const mark = <T extends { doc: DocumentInfo }>(item: T, server: boolean): T => (server ? { ...item, doc: { ...item.doc, server: true } } : item);

/**
 * Ranked lists of figures or quotes, one per part (each asked for enough more than `limit` to make up for its
 * hidden documents), merged by score, best first, without hidden documents' items.
 */
function mergeByScore<T extends { score: number; docId: string }>(lists: readonly (readonly T[])[], parts: readonly Part[], limit: number): T[] {
  return lists
    .flatMap((list, i) => list.filter((item) => !parts[i]!.hidden.has(item.docId)))
    .sort((x, y) => y.score - x.score)
    .slice(0, limit);
}

/**
 * An engine made of parts answering as one corpus, nothing copied: each part keeps its index, with the collection
 * statistics of all of them set on a view of it. It serves two cases:
 * - a server's engine (src/core/guild/federated.ts): the shared base and the server's own documents;
 * - a corpus changed while serving (src/core/live/live.ts): the index assembled before the change, its changed and
 *   removed documents hidden, and a small index of the new and changed documents: Lucene's segments with deleted
 *   documents, so that a change is answered within a second, until the index is assembled whole again.
 *
 * A later part's document shadows an earlier part's document with the same id. Hidden documents count nowhere:
 * not in ranking, nor in the collection statistics (their passages are taken off them), nor in any list.
 *
 * - `/ask`: every part is ranked with the same statistics (idf from the summed document frequencies and passage
 *   count, averaged field lengths) and merged as one index's ranking would be (`mergeRanked`): the same passages,
 *   order and scores as one index of the visible documents, up to rounding. A question scoped to one document is
 *   ranked in the part holding it (its corpus associates and topic terms come from that part).
 * - `/stats`, `/quote`: each part ranks its figures or quotes; the lists are merged by score.
 * - `/sources` and the document lists: server documents first, then the others in their order (a changed document
 *   keeps its place, a new one comes last).
 */
export function layeredEngine(given: readonly Layer[], prepared: { readonly learned?: LearnedExpansions } = {}): Engine {
  const layers = given.flatMap(layersOf);
  if (layers.length === 0) throw new Error('policybot: a layered engine needs at least one layer');
  // Hidden per part: its own hidden documents and those a later part shows again.
  const shownLater = new Set<string>();
  const hiddenOf: Set<string>[] = new Array(layers.length);
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const hidden = new Set<string>();
    for (const d of layer.engine.corpus.documents) if (layer.hidden?.has(d.id) || shownLater.has(d.id)) hidden.add(d.id);
    for (const d of layer.engine.corpus.documents) if (!hidden.has(d.id)) shownLater.add(d.id);
    hiddenOf[i] = hidden;
  }
  const compacts = layers.map((l) => l.engine.index.compact);
  // The hidden passages of each part, as runs: taken off the statistics, and skipped by retrieval.
  const hiddenRanges = layers.map((l, i) => rangesOf(l.engine.index, hiddenOf[i]!));
  const minus = layers.flatMap((l, i) => (hiddenRanges[i]!.length > 0 ? [contributionOf(l.engine.index.compact, hiddenRanges[i]!)] : []));
  const collection = collectionOf(compacts, minus);
  const frequencies = new CollectionFrequencies(collection, compacts);
  const parts: Part[] = layers.map((layer, i) => ({
    layer,
    engine: layer.engine,
    hidden: hiddenOf[i]!,
    view: partView(layer.engine.index, collection, frequencies, deletedPassages(layer.engine.index.compact.passageCount, hiddenRanges[i]!)),
  }));
  const visible = (part: Part) => part.engine.corpus.documents.filter((d) => !part.hidden.has(d.id));

  const partOfDoc = new Map<string, Part>();
  for (const part of parts) for (const d of visible(part)) partOfDoc.set(d.id, part);
  // Documents: server parts' first, then the others' in order, a shadowing document in the place of the one it shadows.
  const placed = new Map<string, CorpusDocument>();
  for (const part of parts) {
    if (part.layer.server) continue;
    // Hidden ones too: a changed document takes the place of its old version (a Map keeps a key's first place).
    for (const d of part.engine.corpus.documents) placed.set(d.id, d);
  }
  // A placed document is shown when it is the visible version of its id (a removed one has none) and no server's.
  const shownInPlace = (d: CorpusDocument) => {
    const part = partOfDoc.get(d.id);
    return part !== undefined && part.layer.server !== true && part.engine.corpus.byId.get(d.id) === d;
  };
  const documents: CorpusDocument[] = [...parts.filter((p) => p.layer.server).flatMap(visible), ...[...placed.values()].filter(shownInPlace)];
  let passages: Corpus['passages'] | undefined;
  const shownFiles = new Set(documents.map((d) => d.file));
  const corpus: Corpus = {
    dir: layers[layers.length - 1]!.engine.corpus.dir,
    documents,
    byId: new Map(documents.map((d) => [d.id, d])),
    get passages() {
      return (passages ??= parts.flatMap((p) => p.engine.corpus.passages.filter((passage) => !p.hidden.has(passage.docId))));
    },
    // A server's warnings are its own; otherwise every part's, but for a file that now gives a document.
    warnings: parts.some((p) => p.layer.server)
      ? parts.filter((p) => p.layer.server).flatMap((p) => p.engine.corpus.warnings)
      : dedupeWarnings(parts.flatMap((p) => p.engine.corpus.warnings).filter((w) => !shownFiles.has(w.file))),
  };
  const passagesByDoc = new Map<string, readonly number[]>();
  for (const [id, part] of partOfDoc) passagesByDoc.set(id, part.engine.index.passagesByDoc.get(id) ?? []);
  let learned: LearnedExpansions | undefined = prepared.learned;
  const main = parts.reduce((a, b) => (b.engine.index.compact.passageCount > a.engine.index.compact.passageCount ? b : a));
  const index: SearchIndex = {
    corpus,
    compact: main.view.compact,
    get miniSearch() {
      return main.engine.index.miniSearch;
    },
    documentFrequency: frequencies,
    passagesByDoc,
    // A question is read in the words of every part: WordNet narrowed to any part's terms, every part's abbreviations.
    get learned() {
      return (learned ??= finish(layeredExpansionsSteps(parts.map((p) => p.engine))));
    },
    vocabularies: compacts,
  };
  const isServer = (docId: string) => partOfDoc.get(docId)?.layer.server === true;
  const rank = (_index: SearchIndex, query: AnalyzedQuery, scope: { docId?: string } = {}, options?: RankingOptions): RankedPassage[] => {
    if (scope.docId !== undefined) return rankPassages(partOfDoc.get(scope.docId)?.view ?? main.view, query, scope, options);
    const ranking = options!;
    return mergeRanked(
      parts.map((p) => rankPassages(p.view, query, {}, ranking)),
      ranking,
    );
  };
  const markAll = <T extends { doc: DocumentInfo }>(items: readonly T[]): T[] => items.map((r) => mark(r, isServer(r.doc.id)));
  const markScope = <T extends { scope?: DocumentInfo }>(answer: T): T => (answer.scope ? { ...answer, scope: mark({ doc: answer.scope }, isServer(answer.scope.id)).doc } : answer);
  /** The document a `doc` option names: its id, or the failure to show. */
  const resolve = (doc: string | undefined): Outcome<{ id?: string }> => {
    if (doc === undefined || !doc.trim()) return { ok: true };
    const resolved = resolveDocument(corpus, doc);
    return resolved.ok ? { ok: true, id: resolved.document.id } : resolved;
  };
  /** How many more items than `limit` to ask a part for: as many as its hidden documents hold. */
  const hiddenItems = (part: Part, items: readonly { docId: string }[]) => (part.hidden.size === 0 ? 0 : items.filter((f) => part.hidden.has(f.docId)).length);
  /**
   * Figures or quotes of every part as one list: a `doc` scope is answered by the part holding it; otherwise each
   * part is asked for `limit` more than its hidden documents' items, and the lists are merged by score.
   */
  const mergeParts = <A extends { readonly results: readonly Ranked[]; readonly scope?: DocumentInfo }>(
    options: { readonly doc?: string; readonly limit?: number },
    answerOf: (engine: Engine, limit: number, doc?: string) => Outcome<{ answer: A }>,
    items: (part: Part) => readonly { docId: string }[],
    combine: (answers: readonly A[], results: A['results']) => A,
  ): Outcome<{ answer: A }> => {
    const scoped = resolve(options.doc);
    if (!scoped.ok) return scoped;
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (scoped.id !== undefined) {
      const one = answerOf(partOfDoc.get(scoped.id)!.engine, limit, scoped.id);
      return one.ok ? { ok: true, answer: markScope({ ...one.answer, results: markAll(one.answer.results) }) } : one;
    }
    const answered = parts.map((p) => answerOf(p.engine, limit + hiddenItems(p, items(p))));
    const ok = answered.flatMap((a) => (a.ok ? [a.answer] : []));
    if (ok.length === 0) return answered[answered.length - 1]!;
    const results = mergeByScore(answered.map((a) => (a.ok ? a.answer.results : [])), parts, limit);
    return { ok: true, answer: combine(ok, markAll(results)) };
  };
  let extraction: Extraction | undefined;
  const combinedExtraction = (): Extraction => {
    if (extraction) return extraction;
    const shownHere = (p: Part) => (item: { docId: string }) => !p.hidden.has(item.docId);
    const ordered = [...parts.filter((p) => p.layer.server), ...parts.filter((p) => !p.layer.server)];
    return (extraction = {
      documentIds: documents.map((d) => d.id),
      facts: ordered.flatMap((p) => p.engine.extraction.facts.filter(shownHere(p))),
      quotes: ordered.flatMap((p) => p.engine.extraction.quotes.filter(shownHere(p))),
      glossary: ordered.flatMap((p) => p.engine.extraction.glossary.filter(shownHere(p))),
      // A speaker of a hidden document only is left out; one quoted elsewhere too keeps the hidden document's count until the index is assembled again.
      speakers: ordered.flatMap((p) => p.engine.extraction.speakers.filter((s) => s.docIds.some((id) => !p.hidden.has(id)))),
      passages: corpus.passages,
    });
  };
  const engine: Engine = {
    corpus,
    index,
    layers: parts.map((p) => p.layer),
    get extraction() {
      return combinedExtraction();
    },
    ask(question, options = {}) {
      const asked = ask(index, question, options, undefined, rank);
      return asked.ok ? { ok: true, answer: markScope({ ...asked.answer, results: markAll(asked.answer.results) }) as Answer } : asked;
    },
    stats(topic, options = {}) {
      const merged = mergeParts<StatsAnswer>(
        options,
        (engine, limit, doc) => unwrap(engine.stats(topic, { ...options, limit, ...(doc !== undefined ? { doc } : {}) }), (o) => o.stats),
        (p) => p.engine.extraction.facts,
        (answers, results) => ({ ...answers[0]!, keyFigures: answers.every((a) => a.keyFigures), results }),
      );
      return merged.ok ? { ok: true, stats: merged.answer } : merged;
    },
    quotes(topic, options = {}) {
      const merged = mergeParts<QuotesAnswer>(
        options,
        (engine, limit, doc) => unwrap(engine.quotes(topic, { ...options, limit, ...(doc !== undefined ? { doc } : {}) }), (o) => o.quotes),
        (p) => p.engine.extraction.quotes,
        (answers, results) => ({ ...answers[0]!, results }),
      );
      return merged.ok ? { ok: true, quotes: merged.answer } : merged;
    },
    sources(document) {
      if (document === undefined || !document.trim()) {
        const lists = parts.map((p) => p.engine.sources());
        const byId = new Map<string, (typeof summaries)[number]>();
        const summaries = lists.flatMap((l, i) => (l.ok && l.sources.kind === 'list' ? l.sources.documents.filter((s) => !parts[i]!.hidden.has(s.doc.id)) : []));
        for (const s of summaries) byId.set(s.doc.id, s);
        return { ok: true, sources: { kind: 'list', documents: documents.flatMap((d) => (byId.has(d.id) ? [mark(byId.get(d.id)!, isServer(d.id))] : [])) } };
      }
      const scoped = resolve(document);
      if (!scoped.ok) return scoped;
      const details = partOfDoc.get(scoped.id!)!.engine.sources(scoped.id);
      return details.ok && details.sources.kind === 'details' ? { ok: true, sources: { kind: 'details', details: mark(details.sources.details, isServer(scoped.id!)) } } : details;
    },
    ready: () => Promise.all(parts.map((p) => p.engine.ready())).then(() => undefined),
    // The largest part is warm already (it has answered); the new one's code paths are the same functions.
    warmUp: () => parts[parts.length - 1]!.engine.warmUp(),
  };
  return engine;
}

function dedupeWarnings<T extends { file: string; reason: string }>(warnings: readonly T[]): T[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.file}\0${w.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
