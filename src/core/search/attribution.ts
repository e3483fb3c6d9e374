import type { Quote } from '../extract/types.ts';
import { termsOfText } from '../text/tokenize.ts';

/**
 * Who said a stretch of a passage: the span of a quotation (direct or reported) in the passage's text and the
 * index terms of its speaker and the speaker's role. A question that names the speaker ("according to the
 * ministry", "what did the researcher say") asks for the quotation, whose sentences rarely name them: "“The
 * supply chain … is the backbone of the manufacturing industry.” The relevant person in charge of the Ministry
 * of Industry … introduced that …".
 */
export interface Attribution {
  readonly start: number;
  readonly end: number;
  readonly terms: readonly string[];
}

/** A passage's attributions (by the index's passage number), empty for a passage that quotes no one. */
export type Attributions = (passage: number) => readonly Attribution[];

const NONE: readonly Attribution[] = [];

/**
 * The attributions of a corpus's quotations, grouped by passage on first use (a speaker's terms computed once
 * and shared by all their quotations). Quotations without a speaker attribute nothing.
 */
export function attributionsOf(quotes: () => readonly Quote[]): Attributions {
  let byPassage: Map<number, Attribution[]> | undefined;
  const build = () => {
    const map = new Map<number, Attribution[]>();
    const termsOfSpeaker = new Map<string, readonly string[]>();
    for (const quote of quotes()) {
      if (quote.speaker === undefined) continue;
      const who = `${quote.speaker}\n${quote.role ?? ''}`;
      let terms = termsOfSpeaker.get(who);
      if (terms === undefined) termsOfSpeaker.set(who, (terms = [...new Set(termsOfText(who))]));
      if (terms.length === 0) continue;
      let list = map.get(quote.passageIndex);
      if (!list) map.set(quote.passageIndex, (list = []));
      list.push({ start: quote.at, end: quote.at + quote.text.length, terms });
    }
    return map;
  };
  return (passage) => (byPassage ??= build()).get(passage) ?? NONE;
}

/**
 * The attribution a sentence [start, end) of the passage belongs to, if any: the quotation holding most of it (a
 * direct quotation's opening mark stands before its text, a reported clause starts inside its sentence).
 */
export function attributionOf(attributions: readonly Attribution[], start: number, end: number): Attribution | undefined {
  for (const a of attributions) if (2 * (Math.min(end, a.end) - Math.max(start, a.start)) > end - start) return a;
  return undefined;
}
