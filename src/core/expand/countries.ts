import type { CorpusDocument } from '../types.ts';

/**
 * Countries by name, with their adjectives and common short names: a general list (the world's countries and the
 * EU), used to tell which country a document speaks of as "my country" or "our country" (translated government
 * texts), and to read a question's "Chinese" as China. Names are lower-case; the first is the canonical one.
 */
const COUNTRIES: readonly (readonly string[])[] = [
  ['china', 'chinese', 'prc'], ['india', 'indian'], ['united states', 'american', 'usa', 'u.s.', 'us', 'america'],
  ['united kingdom', 'british', 'uk', 'u.k.', 'britain'], ['japan', 'japanese'], ['germany', 'german'], ['france', 'french'],
  ['italy', 'italian'], ['spain', 'spanish'], ['canada', 'canadian'], ['australia', 'australian'], ['brazil', 'brazilian'],
  ['russia', 'russian'], ['south korea', 'korean', 'korea'], ['north korea'], ['mexico', 'mexican'], ['indonesia', 'indonesian'],
  ['turkey', 'turkish', 'türkiye'], ['saudi arabia', 'saudi'], ['argentina', 'argentine', 'argentinian'], ['south africa', 'south african'],
  ['nigeria', 'nigerian'], ['egypt', 'egyptian'], ['kenya', 'kenyan'], ['ethiopia', 'ethiopian'], ['pakistan', 'pakistani'],
  ['bangladesh', 'bangladeshi'], ['vietnam', 'vietnamese', 'viet nam'], ['thailand', 'thai'], ['malaysia', 'malaysian'],
  ['singapore', 'singaporean'], ['philippines', 'philippine', 'filipino'], ['iran', 'iranian'], ['iraq', 'iraqi'],
  ['israel', 'israeli'], ['united arab emirates', 'emirati', 'uae'], ['qatar', 'qatari'], ['kuwait', 'kuwaiti'], ['oman', 'omani'],
  ['bahrain', 'bahraini'], ['jordan', 'jordanian'], ['lebanon', 'lebanese'], ['syria', 'syrian'], ['ukraine', 'ukrainian'],
  ['poland', 'polish'], ['netherlands', 'dutch'], ['belgium', 'belgian'], ['sweden', 'swedish'], ['norway', 'norwegian'],
  ['denmark', 'danish'], ['finland', 'finnish'], ['ireland', 'irish'], ['portugal', 'portuguese'], ['greece', 'greek'],
  ['austria', 'austrian'], ['switzerland', 'swiss'], ['czech republic', 'czech', 'czechia'], ['hungary', 'hungarian'],
  ['romania', 'romanian'], ['bulgaria', 'bulgarian'], ['croatia', 'croatian'], ['serbia', 'serbian'], ['slovakia', 'slovak'],
  ['slovenia', 'slovenian'], ['estonia', 'estonian'], ['latvia', 'latvian'], ['lithuania', 'lithuanian'], ['luxembourg'],
  ['malta', 'maltese'], ['cyprus', 'cypriot'], ['iceland', 'icelandic'], ['new zealand'], ['chile', 'chilean'],
  ['colombia', 'colombian'], ['peru', 'peruvian'], ['venezuela', 'venezuelan'], ['ecuador', 'ecuadorian'], ['cuba', 'cuban'],
  ['morocco', 'moroccan'], ['algeria', 'algerian'], ['tunisia', 'tunisian'], ['ghana', 'ghanaian'], ['tanzania', 'tanzanian'],
  ['uganda', 'ugandan'], ['rwanda', 'rwandan'], ['sri lanka', 'sri lankan'], ['nepal', 'nepalese'], ['myanmar', 'burmese'],
  ['cambodia', 'cambodian'], ['laos', 'lao'], ['mongolia', 'mongolian'], ['kazakhstan', 'kazakh'], ['uzbekistan', 'uzbek'],
  ['afghanistan', 'afghan'], ['taiwan', 'taiwanese'], ['hong kong'], ['macao', 'macau'], ['european union', 'eu'],
];

/** Each name (adjectives and short names too) → the canonical name of its country. */
const CANONICAL: ReadonlyMap<string, string> = new Map(COUNTRIES.flatMap((names) => names.map((name) => [name, names[0]!] as const)));

/** Names that are also common words or too short to count in running text (`us`, `jordan`, `turkey`, `chile`). */
const AMBIGUOUS_IN_TEXT = new Set(['us', 'jordan', 'turkey', 'chile', 'lao', 'polish', 'greek', 'eu', 'america', 'korea']);

const SPEAKS_OF_ITSELF = /\b(?:my|our) (?:country|nation)\b/i;
const NAMES_IN_TEXT = new RegExp(
  `\\b(${[...CANONICAL.keys()].filter((n) => !AMBIGUOUS_IN_TEXT.has(n) && !n.includes('.')).sort((a, b) => b.length - a.length).join('|')})\\b`,
  'gi',
);

/** The canonical country of a name or adjective (`Chinese` → `china`), if it is one. */
export function countryOf(name: string): string | undefined {
  return CANONICAL.get(name.toLowerCase());
}

/**
 * The country a document speaks of as its own ("my country", "our country"), if it does: the country named in its
 * publisher, else in its title, else the one its text names most often. Undefined for documents that never say so.
 */
export function ownCountry(document: Pick<CorpusDocument, 'title' | 'paragraphs'> & { publisher?: string }): string | undefined {
  if (!document.paragraphs.some((p) => SPEAKS_OF_ITSELF.test(p))) return undefined;
  for (const field of [document.publisher, document.title]) {
    const named = field ? mostNamed([field]) : undefined;
    if (named) return named;
  }
  return mostNamed(document.paragraphs);
}

function mostNamed(texts: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const match of text.matchAll(NAMES_IN_TEXT)) {
      const country = CANONICAL.get(match[1]!.toLowerCase())!;
      counts.set(country, (counts.get(country) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  let most = 0;
  for (const [country, count] of counts) if (count > most) [best, most] = [country, count];
  return best;
}

/** Words that, after "my" / "our" (or "the", in a document that says "my country"), stand for the document's own country. */
export const SELF_REFERENCES: ReadonlySet<string> = new Set(['country', 'nation']);
export const SELF_DETERMINERS: ReadonlySet<string> = new Set(['my', 'our', 'the']);
