import { createRequire } from 'node:module';
import type MiniSearch from 'minisearch';
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

/**
 * Choices whose label or value holds what was typed, those starting with it first; then, to fill the 25, those
 * MiniSearch finds by prefix and fuzzy match ("Cao Xiri", "hydrogn"): a typing error or a word typed from its
 * middle still finds its document, speaker or topic.
 */
export function filterChoices(items: readonly { name: string; value: string }[], typed: string): Choice[] {
  const wanted = canonicalText(typed);
  const scored = items
    .map((item) => {
      const label = canonicalText(`${item.name} ${item.value}`);
      const rank = !wanted ? 1 : canonicalText(item.name).startsWith(wanted) || canonicalText(item.value).startsWith(wanted) ? 0 : label.includes(wanted) ? 1 : -1;
      return { item, rank };
    })
    .filter((s) => s.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map(({ item }) => item);
  if (scored.length < MAX_CHOICES && wanted.length >= 3) {
    const found = new Set(scored);
    for (const result of fuzzyIndexOf(items).search(typed, { prefix: true, fuzzy: 0.25, combineWith: 'AND' })) {
      const item = items[result.id as number]!;
      if (!found.has(item)) scored.push(item), found.add(item);
      if (scored.length >= MAX_CHOICES) break;
    }
  }
  return scored.slice(0, MAX_CHOICES).map((item) => ({ name: choiceLabel(item.name), value: item.value.slice(0, MAX_CHOICE_CHARS) }));
}

/** MiniSearch indexes of recent choice lists (a list is rebuilt for each keystroke; its content repeats). */
const fuzzyIndexes = new Map<string, MiniSearch<{ id: number; label: string }>>();
const FUZZY_INDEXES = 8;

function fuzzyIndexOf(items: readonly { name: string; value: string }[]): MiniSearch<{ id: number; label: string }> {
  const key = items.map((item) => `${item.name}\u0000${item.value}`).join('\u0001');
  let index = fuzzyIndexes.get(key);
  if (!index) {
    // Loaded on the first fuzzy look-up, not at start.
    const MiniSearchClass = createRequire(import.meta.url)('minisearch') as typeof MiniSearch;
    index = new MiniSearchClass<{ id: number; label: string }>({ fields: ['label'], storeFields: [] });
    index.addAll(items.map((item, id) => ({ id, label: `${item.name} ${item.value}` })));
    if (fuzzyIndexes.size >= FUZZY_INDEXES) fuzzyIndexes.delete(fuzzyIndexes.keys().next().value!);
  }
  fuzzyIndexes.delete(key);
  fuzzyIndexes.set(key, index);
  return index;
}
