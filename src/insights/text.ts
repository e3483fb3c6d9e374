/** How a question is kept in the log: capped, folded for grouping, and its key terms for topics. */
import { STOP_WORDS } from '../core/text/terms.ts';
import { termsOfText, tokenize } from '../core/text/tokenize.ts';

/** The longest question text stored (characters); longer ones are cut and marked with `…`. */
export const QUESTION_MAX_CHARS = 500;
/** The longest "What were you looking for?" text stored. */
export const COMMENT_MAX_CHARS = 500;
const MAX_TERMS = 12;

/** `text` with control characters made spaces, cut at `max` characters without splitting a surrogate pair. */
export function capText(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(clean[end - 1] ?? '')) end -= 1;
  return `${clean.slice(0, end)}…`;
}

/**
 * The question folded so that near-identical questions share it: its stemmed terms (stop words dropped),
 * unique and sorted. "What is the OLED share?" and "oled shares??" fold alike. Falls back to the lower-cased text.
 */
export function questionKey(question: string): string {
  const terms = [...new Set(termsOfText(question))].sort();
  return terms.length > 0 ? terms.join(' ').slice(0, 300) : question.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The question's topic words: lower-case words of 3+ letters that are not stop words, unique, in order. */
export function keyTerms(question: string): string[] {
  const out: string[] = [];
  for (const { form } of tokenize(question)) {
    const word = form.replace(/'s$/, '');
    if (word.length < 3 || /^\d/.test(word) || STOP_WORDS.has(word) || out.includes(word)) continue;
    out.push(word.slice(0, 40));
    if (out.length >= MAX_TERMS) break;
  }
  return out;
}

/** host:port/database of a postgres URL, without user or password (for messages). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || u.searchParams.get('host') || 'localhost'}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'the DATABASE_URL server';
  }
}
