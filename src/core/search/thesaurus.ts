import { termsOf } from '../text/tokenize.ts';

/**
 * A small general thesaurus of policy and regulatory vocabulary: words a question and a policy use
 * for the same thing ("data" / "information", "delete" / "erase"). Members of a group expand each
 * other at a reduced weight; they never replace the question's own words.
 *
 * WordNet (expand/wordnet.ts) stands in for question words a corpus never uses; this list serves the words a corpus
 * does use, where WordNet's relatives are too broad (all of them, for words the corpus has, cost 1.6 points of
 * ObliQA dev hit@1; its first-sense synonyms alone 0.6). Each group is kept because WordNet lacks most of its
 * links, as its line says (ordered pairs of members that WordNet's graph relates, counted when the list was reviewed).
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  // WordNet: 2 of 6 pairs (data and information are separate synsets)
  ['data', 'information', 'details'],
  // WordNet: 2 of 12 (receive and obtain are other senses)
  ['collect', 'gather', 'obtain', 'receive'],
  // WordNet: none (sharing data with a third party is a policy sense)
  ['share', 'disclose', 'transfer', 'sell'],
  // WordNet: 4 of 20 (verbs and nouns are apart)
  ['delete', 'erase', 'remove', 'deletion', 'erasure'],
  // WordNet: 1 of 20
  ['notify', 'inform', 'notification', 'notice', 'alert'],
  // WordNet: 10 of 42
  ['change', 'update', 'modify', 'amend', 'revise', 'amendment', 'modification'],
  // WordNet: 10 of 20 (minor is a legal sense)
  ['child', 'children', 'minor', 'kid', 'kids'],
  // WordNet: 6 of 20 (data retention is a policy sense)
  ['keep', 'retain', 'store', 'retention', 'storage'],
  // WordNet: 8 of 20
  ['protect', 'secure', 'safeguard', 'security', 'protection'],
  // WordNet: 10 of 30
  ['advertising', 'marketing', 'ads', 'advertisement', 'advertiser', 'promotional'],
  // WordNet: 2 of 2, but only for questions whose word the corpus lacks; both spellings are common
  ['email', 'e-mail'],
  // WordNet: 6 of 20
  ['consent', 'permission', 'agree', 'authorisation', 'authorization'],
  // WordNet: none (geolocation and GPS are not in it as such)
  ['location', 'geolocation', 'gps'],
  // WordNet: none
  ['payment', 'billing', 'financial'],
  // WordNet: none (a cookie is a biscuit there)
  ['track', 'tracking', 'monitor', 'cookie', 'cookies'],
  // WordNet: 2 of 12 (opt-out and unsubscribe are not in it)
  ['opt-out', 'unsubscribe', 'decline', 'refuse'],
  // WordNet: 2 of 20
  ['choice', 'choose', 'option', 'preference', 'control'],
  // WordNet: none (business senses)
  ['partner', 'affiliate', 'vendor'],
  // WordNet: none (processing data is a policy sense)
  ['use', 'utilise', 'utilize', 'process', 'processing'],
  // WordNet: none (a data subject's rights)
  ['access', 'view', 'review', 'correct'],
  // WordNet: 1 of 2
  ['client', 'customer'],
  // WordNet: none (staff is a group, an employee one of it)
  ['employee', 'staff'],
  // WordNet: 2 of 12
  ['rule', 'regulation', 'requirement', 'provision'],
  // WordNet: none
  ['penalty', 'fine', 'sanction'],
  // WordNet: 8 of 12 (approval, the noun, is apart)
  ['approve', 'approval', 'authorise', 'authorize'],
  // WordNet: 2 of 2, but only for questions whose word the corpus lacks; rulebooks use both
  ['ensure', 'guarantee'],
  // WordNet: 1 of 6
  ['adequate', 'appropriate', 'sufficient'],
  // WordNet: 6 of 6, but only for questions whose word the corpus lacks; rulebooks use all three
  ['obligation', 'duty', 'responsibility'],
  // WordNet: 2 of 12 (cross-border is not in it)
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
