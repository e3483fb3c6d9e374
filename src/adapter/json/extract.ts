import type { QuotesAnswer, SourcesAnswer, StatsAnswer } from '../../core/engine.ts';
import { factToJson, quoteToJson, type FactJson, type QuoteJson } from '../../core/extract/json.ts';

/** The CLI's JSON form of `/stats`: `{"query", "results": [{"value", "number", …, "text", "doc", "paragraph"}]}`. */
export function statsToJson(stats: StatsAnswer): { query: string; keyFigures: boolean; results: FactJson[] } {
  return { query: stats.query, keyFigures: stats.keyFigures, results: stats.results.map(factToJson) };
}

/** The CLI's JSON form of `/quote`: `{"query", "results": [{"text", "speaker", "role"?, "verb"?, "kind", "doc", "paragraph"}]}`. */
export function quotesToJson(quotes: QuotesAnswer): { query: string; speaker?: string; results: QuoteJson[] } {
  return { query: quotes.query, ...(quotes.speaker ? { speaker: quotes.speaker } : {}), results: quotes.results.map(quoteToJson) };
}

/** `/sources` as JSON: the list, or one document's details. */
export function sourcesToJson(sources: SourcesAnswer): unknown {
  return sources.kind === 'list' ? { documents: sources.documents } : { document: sources.details };
}
