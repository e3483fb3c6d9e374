import { canonicalText } from '../core/text/fold.ts';
import { MAX_CHOICE_CHARS, MAX_CHOICES, type Choice } from './command.ts';

/** Cuts a label to Discord's 100 characters at a word, marking the cut with `…`. */
export function choiceLabel(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= MAX_CHOICE_CHARS) return clean;
  const cut = clean.slice(0, MAX_CHOICE_CHARS - 1);
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > MAX_CHOICE_CHARS / 2 ? atWord : cut}…`;
}

/** Choices whose label or value holds what was typed, those starting with it first; at most 25. */
export function filterChoices(items: readonly { name: string; value: string }[], typed: string): Choice[] {
  const wanted = canonicalText(typed);
  const scored = items
    .map((item) => {
      const label = canonicalText(`${item.name} ${item.value}`);
      const rank = !wanted ? 1 : canonicalText(item.name).startsWith(wanted) || canonicalText(item.value).startsWith(wanted) ? 0 : label.includes(wanted) ? 1 : -1;
      return { item, rank };
    })
    .filter((s) => s.rank >= 0)
    .sort((a, b) => a.rank - b.rank);
  return scored.slice(0, MAX_CHOICES).map(({ item }) => ({ name: choiceLabel(item.name), value: item.value.slice(0, MAX_CHOICE_CHARS) }));
}
