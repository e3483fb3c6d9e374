import type { APIEmbed } from 'discord-api-types/v10';

/** Discord's documented size limits (characters are counted as UTF-16 code units, which never undercounts). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer and author over all embeds of a message. */
  embedTotal: 6000,
  customId: 100,
  buttonLabel: 80,
  actionRows: 5,
  buttonsPerRow: 5,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

export const ELLIPSIS = '…';

const HIGH_SURROGATE = /[\uD800-\uDBFF]$/;
const LOW_SURROGATE_START = /^[\uDC00-\uDFFF]/;

/** Cuts `text` at `at` (UTF-16 index) moving left so a surrogate pair is never split. */
export function safeSlice(text: string, at: number): string {
  let end = Math.max(0, Math.min(at, text.length));
  if (end > 0 && end < text.length && HIGH_SURROGATE.test(text.slice(end - 1, end)) && LOW_SURROGATE_START.test(text.slice(end, end + 1))) end -= 1;
  return text.slice(0, end);
}

/**
 * `text` when it fits in `max` characters; otherwise cut at a word boundary (when one lies in the last
 * half), never inside a surrogate pair, and marked with `…`. The result is always at most `max` long.
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  const hard = safeSlice(text, max - 1);
  const space = hard.search(/\s\S*$/);
  const atWord = space > (max - 1) / 2 ? hard.slice(0, space) : hard;
  return `${atWord.replace(/\s+$/, '')}${ELLIPSIS}`;
}

/** The size Discord counts for an embed towards the 6000 characters. */
export function embedSize(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0) + fields;
}

/** A field name or value may not be empty: a zero-width space stands in. */
const BLANK = '\u200b';

/**
 * The embed cut to every per-embed limit, and to `total` characters overall (default 6000): fields are dropped
 * from the end first, then the description is shortened, then the footer.
 */
export function fitEmbed(embed: APIEmbed, total: number = LIMITS.embedTotal): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (fitted.title !== undefined) fitted.title = cutAtWord(fitted.title, LIMITS.embedTitle);
  if (fitted.description !== undefined) fitted.description = cutAtWord(fitted.description, LIMITS.embedDescription);
  if (fitted.footer) fitted.footer = { ...fitted.footer, text: cutAtWord(fitted.footer.text, LIMITS.footerText) || BLANK };
  if (fitted.author) fitted.author = { ...fitted.author, name: cutAtWord(fitted.author.name, LIMITS.authorName) || BLANK };
  if (fitted.fields) {
    fitted.fields = fitted.fields.slice(0, LIMITS.embedFields).map((f) => ({
      ...f,
      name: cutAtWord(f.name, LIMITS.fieldName) || BLANK,
      value: cutAtWord(f.value, LIMITS.fieldValue) || BLANK,
    }));
  }
  const budget = Math.max(0, total);
  while (embedSize(fitted) > budget && fitted.fields && fitted.fields.length > 0) fitted.fields = fitted.fields.slice(0, -1);
  if (fitted.fields?.length === 0) delete fitted.fields;
  for (const key of ['description', 'title'] as const) {
    const over = embedSize(fitted) - budget;
    const value = fitted[key];
    if (over > 0 && value !== undefined) fitted[key] = cutAtWord(value, Math.max(0, value.length - over));
  }
  for (const part of ['footer', 'author'] as const) {
    const over = embedSize(fitted) - budget;
    if (over <= 0) break;
    delete fitted[part];
  }
  if (fitted.description === '') delete fitted.description;
  if (fitted.title === '') delete fitted.title;
  return fitted;
}

/** Every embed of a message fitted, with the 6000 characters shared between them (first come first served). */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  let left: number = LIMITS.embedTotal;
  const out: APIEmbed[] = [];
  for (const embed of embeds.slice(0, LIMITS.embeds)) {
    const fitted = fitEmbed(embed, left);
    left -= embedSize(fitted);
    out.push(fitted);
  }
  return out;
}
