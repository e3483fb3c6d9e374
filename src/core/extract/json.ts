/**
 * The JSON shapes of `/stats` and `/quote` answers (CLI `--json`, batch scoring). Field names follow the
 * issue: `doc` is the document id; computed changes keep `computed: true`.
 */
import type { Change, Fact, Quote } from './types.ts';

export interface FactJson {
  readonly value: string;
  readonly number: number;
  readonly low?: number;
  readonly high?: number;
  readonly unit: string;
  readonly qualifier?: string;
  readonly year?: number;
  readonly subject: string;
  readonly change?: Change;
  readonly text: string;
  readonly doc: string;
  readonly paragraph: number;
}

export interface QuoteJson {
  readonly text: string;
  /** null when the text does not say who spoke. */
  readonly speaker: string | null;
  readonly role?: string;
  readonly verb?: string;
  readonly kind: Quote['kind'];
  readonly doc: string;
  readonly paragraph: number;
}

export function factToJson(fact: Fact): FactJson {
  return {
    value: fact.value,
    number: fact.number,
    ...(fact.low === undefined ? {} : { low: fact.low, high: fact.high! }),
    unit: fact.unit,
    ...(fact.qualifier === undefined ? {} : { qualifier: fact.qualifier }),
    ...(fact.year === undefined ? {} : { year: fact.year }),
    subject: fact.subject,
    ...(fact.change === undefined ? {} : { change: fact.change }),
    text: fact.text,
    doc: fact.docId,
    paragraph: fact.paragraph,
  };
}

export function quoteToJson(quote: Quote): QuoteJson {
  return {
    text: quote.text,
    speaker: quote.speaker ?? null,
    ...(quote.role === undefined ? {} : { role: quote.role }),
    ...(quote.verb === undefined ? {} : { verb: quote.verb }),
    kind: quote.kind,
    doc: quote.docId,
    paragraph: quote.paragraph,
  };
}
