/**
 * Speakers: reading "Cao Xirui, chief researcher of …" or "The relevant person in charge of the Ministry of …"
 * into a name and a role, resolving later short references ("The person in charge", "he", "Cao") to the
 * speaker named first, and listing the corpus's speakers.
 */
import { canonicalText, compareNames } from '../text/fold.ts';
import { HONORIFICS, SPEAKER_NOUNS, SPEAKER_PRONOUNS } from './lexicon.ts';
import type { Quote, Speaker } from './types.ts';

/** A speaker as one document names them. */
export interface SpeakerRef {
  readonly name: string;
  readonly role?: string;
  /** A proper name ("Cao Xirui") rather than a description ("relevant person in charge of …"). */
  readonly named: boolean;
}

const MAX_SPEAKER_CHARS = 300;
const MAX_DESCRIPTION_WORDS = 14;
const MAX_ROLE_WORDS = 25;
/** Capitalised words that open a clause or a sentence, not a name. */
const NOT_NAMES = new Set([
  'the', 'this', 'that', 'these', 'those', 'it', 'its', 'in', 'at', 'on', 'a', 'an', 'he', 'she', 'they', 'we', 'i',
  'you', 'our', 'their', 'his', 'her', 'my', 'your', 'there', 'here', 'such', 'some', 'many', 'most', 'all', 'both',
  'each', 'several', 'few', 'various', 'numerous', 'certain', 'any', 'everyone', 'someone', 'nobody', 'others',
  'other', 'another', 'as', 'if', 'when', 'while', 'although', 'though', 'whereas', 'unless', 'until', 'once',
  'because', 'after', 'before', 'since', 'for', 'with', 'by', 'from', 'to', 'under', 'and', 'but', 'or', 'so',
  'then', 'also', 'what', 'which', 'who', 'how', 'why', 'where', 'one', 'no', 'not', 'yes', 'should', 'would',
  'could', 'will', 'may', 'might', 'must', 'can', 'shall', 'do', 'does', 'did', 'is', 'are', 'was', 'were',
  'regarding', 'concerning', 'given', 'article', 'section', 'rule', 'chapter', 'paragraph', 'table', 'figure',
  'data', 'report', 'study', 'survey', 'statistics', 'analysis', 'research', 'experience', 'history', 'evidence',
  'practice', 'reality', 'time', 'today', 'yesterday', 'tomorrow', 'information', 'everybody', 'none',
]);
/** Sentence adverbs and connectives that may open an attribution ("Indeed, participants noted that"). */
const DISCOURSE_WORDS = new Set([
  'indeed', 'moreover', 'nevertheless', 'nonetheless', 'furthermore', 'however', 'now', 'well', 'overall',
  'finally', 'accordingly', 'consequently', 'instead', 'meanwhile', 'still', 'thus', 'hence', 'therefore', 'yet',
  'similarly', 'likewise', 'specifically', 'additionally', 'importantly', 'notably', 'separately', 'subsequently',
  'previously', 'recently', 'currently', 'later', 'earlier', 'first', 'second', 'third', 'lastly', 'again',
  'alternatively', 'conversely', 'otherwise', 'rather', 'generally', 'ultimately', 'and', 'but', 'or', 'so', 'also',
  'then', 'in addition', 'at the same time', 'in general', 'in particular', 'for example', 'in short',
]);
const NAME_PARTICLES = new Set(['de', 'van', 'von', 'bin', 'al', 'da', 'di', 'la', 'le', 'du', 'der', 'den', 'del', 'dos', 'ibn']);
/** Prepositions that may follow a speaker's head noun ("person [in charge of …]", "spokesperson [for …]"). */
const HEAD_PREPOSITIONS = new Set(['of', 'in', 'at', 'for', 'from', 'with', 'on', 'to', 'under', 'by', 'about']);
/** Words that start a clause: a speaker phrase holding one before its head is not a noun phrase. */
const CLAUSE_WORDS = new Set(['who', 'which', 'that', 'since', 'when', 'where', 'whose', 'whom', 'while', 'because', 'if', 'as', 'than', 'after', 'before', 'during', 'whether', 'although', 'though', 'but', 'and', 'or']);
/** Words a role cannot hold: a role is a noun phrase, not a clause ("…, it was"). */
const NOT_IN_ROLES = new Set(['it', 'they', 'he', 'she', 'we', 'i', 'you', 'was', 'were', 'is', 'are', 'had', 'has', 'have', 'will', 'would', 'should', 'could', 'did', 'does', 'do']);
/** Adverbs and auxiliaries between a speaker and the verb ("Cao Xirui has also said"). */
const TRAILING_ADVERBS = new Set(['has', 'have', 'had', 'also', 'further', 'then', 'once', 'recently', 'previously', 'later', 'earlier', 'repeatedly', 'publicly', 'clearly', 'again', 'frankly', 'bluntly', 'simply', 'even', 'still', 'specifically', 'particularly', 'especially', 'additionally', 'moreover', 'however', 'generally', 'strongly', 'firmly', 'all']);
const ORGANISATION = /\p{Lu}[\p{L}’'&.-]*(?:[ \u00a0]+(?:(?:of|and|for|on|the|&)[ \u00a0]+)*\p{Lu}[\p{L}’'&.-]*)+/gu;
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;

export type ParsedSpeaker = SpeakerRef | { readonly pronoun: string };

export interface ParseSpeakerOptions {
  /** The phrase follows its verb ("…,” said Mr. Greenspan, the chairman."): a role needs no closing comma. */
  readonly afterVerb?: boolean;
}

/**
 * Reads a speaker phrase as the text writes it before a reporting verb. Undefined when the phrase does not
 * name a person or a body (then the words were not an attribution).
 */
export function parseSpeaker(raw: string, options: ParseSpeakerOptions = {}): ParsedSpeaker | undefined {
  let phrase = raw.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  // "Cao Xirui, chief researcher of …, explained": a comma before the verb closes an appositive role.
  const appositive = options.afterVerb || phrase.endsWith(',');
  phrase = phrase.replace(/[,\s]+$/, '');
  if (!phrase || phrase.length > MAX_SPEAKER_CHARS || /[“”";«»()[\]]|\.\p{Lu}/u.test(phrase)) return undefined;
  phrase = trimTrailingAdverbs(phrase).replace(/[,\s]+$/, '');
  if (!appositive) {
    // Without one, the speaker is the phrase right before the verb; what precedes a comma introduces it
    // ("Where a Fund invests in …, the Regulator expects").
    const lastComma = phrase.lastIndexOf(', ');
    const speaker = withoutOpeningConnectives(lastComma < 0 ? phrase : phrase.slice(lastComma + 2));
    if (SPEAKER_PRONOUNS.has(speaker.toLowerCase())) return { pronoun: speaker.toLowerCase() };
    return parseHead(speaker);
  }
  for (let attempt = 0; attempt < 4 && phrase; attempt++) {
    phrase = withoutOpeningConnectives(phrase);
    const parsed = parseHeadAndRole(phrase);
    if (parsed) return parsed;
    // An introductory phrase before the speaker: "At the meeting, Cao Xirui, head of …, said".
    const comma = phrase.indexOf(', ');
    if (comma < 0) break;
    phrase = phrase.slice(comma + 2);
  }
  return undefined;
}

function trimTrailingAdverbs(phrase: string): string {
  const words = phrase.split(' ');
  while (words.length > 1 && TRAILING_ADVERBS.has(words[words.length - 1]!.toLowerCase())) words.pop();
  return words.join(' ');
}

/** Drops "Indeed,", "Now", "And", "In addition," and the like from the start. */
function withoutOpeningConnectives(phrase: string): string {
  let rest = phrase;
  for (let guard = 0; guard < 4; guard++) {
    const lower = rest.toLowerCase();
    let cut = 0;
    for (const word of DISCOURSE_WORDS) {
      if (lower.startsWith(word) && (lower[word.length] === ' ' || lower[word.length] === ',')) cut = Math.max(cut, word.length);
    }
    // Any "-ly" adverb followed by a comma: "Importantly, …".
    const adverb = /^\p{L}+ly,/u.exec(rest);
    if (adverb) cut = Math.max(cut, adverb[0].length - 1);
    if (cut === 0) break;
    rest = rest.slice(cut).replace(/^[,\s]+/, '');
  }
  return rest;
}

function parseHeadAndRole(phrase: string): SpeakerRef | undefined {
  const comma = phrase.indexOf(', ');
  if (comma < 0) return parseHead(phrase);
  const head = stripDeterminer(phrase.slice(0, comma));
  const rest = stripDeterminer(phrase.slice(comma + 2).replace(/,$/, '').trim());
  if (!isRole(rest)) return undefined;
  if (isName(head)) return { name: head, role: rest, named: true };
  if (!isDescription(head)) return undefined;
  // "the ministry's spokesperson, Zhao Lijian": the name is the speaker, the description the role.
  if (isName(rest)) return { name: rest, role: head, named: true };
  return parseHead(head);
}

/** A speaker phrase without an appositive: a name or a description (with the body it names as role). */
function parseHead(phrase: string): SpeakerRef | undefined {
  const head = stripDeterminer(phrase);
  if (!head) return undefined;
  if (isName(head)) return { name: head, named: true };
  if (!isDescription(head)) return undefined;
  const organisation = organisationIn(head);
  return organisation ? { name: head, role: organisation, named: false } : { name: head, named: false };
}

function stripDeterminer(phrase: string): string {
  return phrase.replace(/^(?:the|a|an)\s+/i, '').trim();
}

/** Words that open a prepositional phrase, not a role ("the Committee, in its statement,"). */
const ROLE_OPENERS = new Set(['in', 'at', 'on', 'for', 'with', 'by', 'from', 'to', 'under', 'after', 'before', 'during', 'as', 'however', 'though', 'too', 'also', 'meanwhile']);

function isRole(rest: string): boolean {
  const words = rest.split(' ');
  return words.length > 0 && !ROLE_OPENERS.has(words[0]!.toLowerCase()) && words.length <= MAX_ROLE_WORDS && !words.some((word) => NOT_IN_ROLES.has(word.toLowerCase()) || /\p{L}\d|\d\p{L}/u.test(word));
}

/** "Cao Xirui", "Mr. Greenspan", "Jerome H. Powell", "Xiaomi". */
export function isName(phrase: string): boolean {
  const tokens = phrase.split(' ');
  if (tokens.length === 0 || tokens.length > 5) return false;
  const first = tokens[0]!;
  if (!/^\p{Lu}/u.test(first) || NOT_NAMES.has(first.toLowerCase()) || DISCOURSE_WORDS.has(first.toLowerCase())) return false;
  // A single word ending in -ly is an adverb ("Importantly"), not a name.
  if (tokens.length === 1 && /ly$/.test(first)) return false;
  let proper = 0;
  for (const token of tokens) {
    const bare = token.replace(/[.,]$/, '');
    if (NAME_PARTICLES.has(bare)) continue;
    if (!/^\p{Lu}[\p{L}’'.-]*$/u.test(token)) return false;
    if (HONORIFICS.has(bare.toLowerCase()) || /^\p{Lu}\.?$/u.test(bare)) continue;
    if (SPEAKER_NOUNS.has(bare.toLowerCase()) && tokens.length === 1) return false;
    proper++;
  }
  return proper > 0 && !isOrganisationWord(tokens);
}

/** "Ministry of Commerce" is capitalised but not a person's name: it is a description of a body. */
function isOrganisationWord(tokens: readonly string[]): boolean {
  return tokens.some((token) => /^(?:ministry|committee|commission|council|bank|board|department|agency|bureau|institute|association|office|government|court|authority|administration|federation|organization|organisation|secretariat|union|company|group|conference|action|review|policy|statement|survey|report)$/i.test(token));
}

/**
 * A description naming a person or body by its head noun: "relevant person in charge of …", "several
 * participants", "the Committee". The head is the word before the first preposition (or the last word), and
 * no clause may start before it.
 */
function isDescription(phrase: string): boolean {
  const words = phrase.split(' ');
  if (words.length === 0 || words.length > MAX_DESCRIPTION_WORDS) return false;
  const first = words[0]!.toLowerCase();
  if ((NOT_NAMES.has(first) || DISCOURSE_WORDS.has(first)) && !/^(?:several|few|many|most|some|all|other|various|certain|its|their|our|his|her|my)$/.test(first)) return false;
  let head = words[words.length - 1]!;
  for (let i = 0; i < words.length; i++) {
    const lower = bareWord(words[i]!);
    if (i > 0 && CLAUSE_WORDS.has(lower)) return false;
    if (i > 0 && HEAD_PREPOSITIONS.has(lower)) {
      head = words[i - 1]!;
      break;
    }
  }
  return SPEAKER_NOUNS.has(bareWord(head));
}

function bareWord(word: string): string {
  return word.toLowerCase().replace(/['’]s$/, '').replace(/[.,:]$/, '');
}

function organisationIn(phrase: string): string | undefined {
  let best: string | undefined;
  ORGANISATION.lastIndex = 0;
  for (let match = ORGANISATION.exec(phrase); match; match = ORGANISATION.exec(phrase)) {
    const words = match[0].replace(/[ \u00a0]+(?:of|and|for|on|the|&)$/, '').split(/[ \u00a0]+/);
    // "Some Committee members": a quantifier opening the run is not part of a body's name.
    while (words.length > 0 && (NOT_NAMES.has(words[0]!.toLowerCase()) || DISCOURSE_WORDS.has(words[0]!.toLowerCase()))) words.shift();
    const found = words.join(' ');
    if (words.length >= 2 && found !== phrase && (!best || found.length > best.length)) best = found;
  }
  return best;
}

/** Resolves later references to the speakers one document has named, in reading order. */
export class SpeakerResolver {
  private readonly known: SpeakerRef[] = [];
  private last: SpeakerRef | undefined;

  /** The speaker a phrase refers to, or undefined (a pronoun with no one before it). */
  resolve(parsed: ParsedSpeaker): SpeakerRef | undefined {
    const resolved = 'pronoun' in parsed ? this.last : this.lookUp(parsed);
    if (resolved) this.last = resolved;
    return resolved;
  }

  private lookUp(speaker: SpeakerRef): SpeakerRef {
    const folded = canonicalText(speaker.name);
    const surname = speaker.named ? surnameOf(speaker.name) : undefined;
    for (let i = this.known.length - 1; i >= 0; i--) {
      const earlier = this.known[i]!;
      const earlierFolded = canonicalText(earlier.name);
      if (earlierFolded === folded) return speaker.role && !earlier.role ? this.replace(i, { ...earlier, role: speaker.role }) : earlier;
      // "The person in charge" after "The relevant person in charge of the Ministry of …".
      if (!speaker.named && !earlier.named && !speaker.role && earlierFolded.includes(folded)) return earlier;
      // "Cao" or "Mr. Cao" after "Cao Xirui".
      if (surname && earlier.named && !speaker.role && earlierFolded.split(' ').includes(surname) && folded.split(' ').length <= 2) return earlier;
    }
    this.known.push(speaker);
    return speaker;
  }

  private replace(i: number, speaker: SpeakerRef): SpeakerRef {
    this.known[i] = speaker;
    return speaker;
  }
}

/** The surname of a short reference: "Cao" in "Cao" or "Mr. Cao"; undefined for full names. */
function surnameOf(name: string): string | undefined {
  const tokens = canonicalText(name).split(' ').filter((t) => !HONORIFICS.has(t.replace(/\.$/, '')));
  return tokens.length === 1 ? tokens[0] : undefined;
}

/** Speakers of a list of quotes, most quoted first, then by name. */
export function speakersOf(quotes: readonly Quote[]): Speaker[] {
  const byName = new Map<string, { name: string; role?: string; quotes: number; docIds: string[] }>();
  for (const quote of quotes) {
    if (!quote.speaker) continue;
    const key = canonicalText(quote.speaker);
    let entry = byName.get(key);
    if (!entry) byName.set(key, (entry = { name: quote.speaker, quotes: 0, docIds: [] }));
    if (!entry.role && quote.role) entry.role = quote.role;
    entry.quotes++;
    if (!entry.docIds.includes(quote.docId)) entry.docIds.push(quote.docId);
  }
  return [...byName.values()].sort((a, b) => b.quotes - a.quotes || compareNames(a.name, b.name));
}

/** Autocomplete shows at most this many choices (Discord's limit). */
export const MAX_SPEAKER_CHOICES = 25;

/**
 * Speakers whose name or role matches what the user has typed so far: names starting with it first, then
 * names or roles with a word starting with it, then any containing it. Case, accents of quotes and white
 * space are folded. An empty prefix lists the most quoted speakers.
 */
export function matchSpeakers(speakers: readonly Speaker[], typed: string, limit = MAX_SPEAKER_CHOICES): Speaker[] {
  const query = canonicalText(typed);
  if (!query) return speakers.slice(0, limit);
  const ranked: { speaker: Speaker; rank: number; order: number }[] = [];
  speakers.forEach((speaker, order) => {
    const rank = matchRank(speaker, query);
    if (rank >= 0) ranked.push({ speaker, rank, order });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return ranked.slice(0, limit).map((entry) => entry.speaker);
}

function matchRank(speaker: Speaker, query: string): number {
  const name = canonicalText(speaker.name);
  const role = canonicalText(speaker.role ?? '');
  if (name.startsWith(query)) return 0;
  if (` ${name}`.includes(` ${query}`)) return 1;
  if (role && (role.startsWith(query) || ` ${role}`.includes(` ${query}`))) return 2;
  if (name.includes(query) || role.includes(query)) return 3;
  return -1;
}

/** Does a speaker filter typed by a user match this quote's speaker or role (folded substring)? */
export function speakerMatches(filter: string, speaker: string | undefined, role: string | undefined): boolean {
  const query = canonicalText(filter);
  if (!query) return true;
  return canonicalText(speaker ?? '').includes(query) || canonicalText(role ?? '').includes(query);
}
