import { termsOf } from '../text/tokenize.ts';

/**
 * A small general thesaurus of policy and regulatory vocabulary: words a question and a policy use
 * for the same thing ("data" / "information", "delete" / "erase"). Members of a group expand each
 * other at a reduced weight; they never replace the question's own words.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['data', 'information', 'details'],
  ['collect', 'gather', 'obtain', 'receive'],
  ['share', 'disclose', 'transfer', 'sell'],
  ['delete', 'erase', 'remove', 'deletion', 'erasure'],
  ['notify', 'inform', 'notification', 'notice', 'alert'],
  ['change', 'update', 'modify', 'amend', 'revise', 'amendment', 'modification'],
  ['child', 'children', 'minor', 'kid', 'kids'],
  ['keep', 'retain', 'store', 'retention', 'storage'],
  ['protect', 'secure', 'safeguard', 'security', 'protection'],
  ['advertising', 'marketing', 'ads', 'advertisement', 'advertiser', 'promotional'],
  ['email', 'e-mail'],
  ['consent', 'permission', 'agree', 'authorisation', 'authorization'],
  ['location', 'geolocation', 'gps'],
  ['payment', 'billing', 'financial'],
  ['track', 'tracking', 'monitor', 'cookie', 'cookies'],
  ['opt-out', 'unsubscribe', 'decline', 'refuse'],
  ['choice', 'choose', 'option', 'preference', 'control'],
  ['partner', 'affiliate', 'vendor'],
  ['use', 'utilise', 'utilize', 'process', 'processing'],
  ['access', 'view', 'review', 'correct'],
  ['client', 'customer'],
  ['employee', 'staff'],
  ['rule', 'regulation', 'requirement', 'provision'],
  ['penalty', 'fine', 'sanction'],
  ['approve', 'approval', 'authorise', 'authorize'],
  ['ensure', 'guarantee'],
  ['adequate', 'appropriate', 'sufficient'],
  ['obligation', 'duty', 'responsibility'],
  ['international', 'abroad', 'overseas', 'cross-border'],
];

/** Expansions found so far (question terms are few; the cap only bounds a long-running bot's memory). */
const expansions = new Map<string, readonly string[]>();
const EXPANSIONS_LIMIT = 10_000;

/** The index term of a thesaurus word (its first: a hyphenated word's whole form), if it has one. */
const termOfWord = (word: string): string | undefined => termsOf(word)[0];

/**
 * Other terms of the thesaurus groups a term belongs to (index terms, stemmed). Only the words that can stem to
 * the term are stemmed, which spares a young process stemming the whole thesaurus for its first question.
 */
export function synonymsOf(term: string): readonly string[] {
  const known = expansions.get(term);
  if (known) return known;
  // Stemming changes a word's ending only: a thesaurus word and its term share their first three letters (or the
  // term's fewer), which the tests check for every word of the thesaurus.
  const prefix = term.slice(0, 3);
  const others: string[] = [];
  for (const group of SYNONYM_GROUPS) {
    if (!group.some((word) => word.startsWith(prefix) && termOfWord(word) === term)) continue;
    for (const word of group) {
      const other = termOfWord(word);
      if (other !== undefined && other !== term && !others.includes(other)) others.push(other);
    }
  }
  if (expansions.size >= EXPANSIONS_LIMIT) expansions.clear();
  expansions.set(term, others);
  return others;
}
