/*
 * natural is imported module by module: its package root loads every analyzer (~370 ms) and prints
 * dotenv banners on stdout, which would spoil the console's and the CLI's clean output. These two modules are
 * bundled into dist/ (scripts/build.mjs), so a start does not go through Node's CommonJS loader for them.
 */
import porter from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopWords } from 'natural/lib/natural/util/stopwords.js';

/** Words that carry no topic in a question, on top of natural's English stop words. */
const QUESTION_WORDS = [
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'many', 'much', 'does', 'did', 'do',
  'is', 'are', 'was', 'were', 'can', 'could', 'should', 'would', 'will', 'shall', 'may', 'might', 'must',
  'tell', 'me', 'please', 'there', 'any', 'about', 'according', 'mention', 'mentioned', 'say', 'said',
];

export const STOP_WORDS: ReadonlySet<string> = new Set([...naturalStopWords, ...QUESTION_WORDS]);

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 500_000;

/**
 * British spellings folded to American ones before stemming, so that a question's "authorized" finds a
 * rulebook's "authorised": -ise/-yse/-isation → -ize/-yze/-ization, and -our → -or in longer words.
 */
export function americanSpelling(word: string): string {
  // Most words have neither ending: skip the two regular expressions (slow while a process is young).
  if (!word.includes('is') && !word.includes('ys') && !word.includes('our')) return word;
  return word
    .replace(/(?<=[a-z]{3})([iy])s(e|ed|es|er|ers|ing|ation|ations|ational)$/, '$1z$2')
    .replace(/(?<=[a-z]{3})our(s|ed|ing|able|ite|ites)?$/, 'or$1');
}

/** Porter stem of a lower-case word, cached: corpora repeat their vocabulary millions of times. */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = /^[a-z]+$/.test(word) ? porter.stem(americanSpelling(word)) : word;
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}
