import type { QuotesAnswer, SourcesAnswer, StatsAnswer } from '../../core/engine.ts';
import { findSeries, type Series } from '../../core/chart/index.ts';
import { factToJson, quoteToJson, type FactJson, type QuoteJson } from '../../core/extract/json.ts';

export interface SeriesJson {
  readonly measure: string;
  readonly unit: string;
  readonly kind: Series['kind'];
  readonly points: { x: string; value: number; text: string; doc?: string; paragraph?: number; computed?: true }[];
  readonly changes: { from: string; to: string; label: string; computed: true }[];
}

export function seriesToJson(series: Series): SeriesJson {
  return {
    measure: series.measure,
    unit: series.unit,
    kind: series.kind,
    points: series.points.map((p) => ({ x: p.x, value: p.value, text: p.text, ...(p.doc ? { doc: p.doc.id } : {}), ...(p.paragraph !== undefined ? { paragraph: p.paragraph } : {}), ...(p.computed ? { computed: true as const } : {}) })),
    changes: series.changes.map((c) => ({ ...c })),
  };
}

/**
 * The CLI's JSON form of `/stats`: `{"query", "results": [{"value", "number", …, "text", "doc", "paragraph"}],
 * "series": [{"measure", "unit", "kind", "points": [{"x", "value", "text", "doc", "paragraph", "computed"?}], "changes"}]}`.
 */
export function statsToJson(stats: StatsAnswer): { query: string; keyFigures: boolean; results: FactJson[]; series: SeriesJson[] } {
  return { query: stats.query, keyFigures: stats.keyFigures, results: stats.results.map(factToJson), series: findSeries(stats.results).map(seriesToJson) };
}

/** The CLI's JSON form of `/quote`: `{"query", "results": [{"text", "speaker", "role"?, "verb"?, "kind", "doc", "paragraph"}]}`. */
export function quotesToJson(quotes: QuotesAnswer): { query: string; speaker?: string; results: QuoteJson[] } {
  return { query: quotes.query, ...(quotes.speaker ? { speaker: quotes.speaker } : {}), results: quotes.results.map(quoteToJson) };
}

/** `/sources` as JSON: the list, or one document's details. */
export function sourcesToJson(sources: SourcesAnswer): unknown {
  return sources.kind === 'list' ? { documents: sources.documents } : { document: sources.details };
}
