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

let expansions: Map<string, string[]> | undefined;

/** Other terms of the thesaurus groups a term belongs to (index terms, stemmed). */
export function synonymsOf(term: string): readonly string[] {
  if (!expansions) {
    expansions = new Map();
    for (const group of SYNONYM_GROUPS) {
      const terms = [...new Set(group.flatMap((word) => termsOf(word).slice(0, 1)))];
      for (const t of terms) {
        const list = expansions.get(t) ?? [];
        for (const other of terms) if (other !== t && !list.includes(other)) list.push(other);
        expansions.set(t, list);
      }
    }
  }
  return expansions.get(term) ?? [];
}
