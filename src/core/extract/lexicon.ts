/**
 * Word lists the extractors share. Lower-case unless said otherwise; plain sets so that lookups are O(1).
 */

/** Scale words and their factors. Glued `m`/`k`/`bn` after a currency (`$5m`) are handled by the reader. */
export const SCALES: ReadonlyMap<string, number> = new Map([
  ['hundred', 1e2],
  ['thousand', 1e3],
  ['million', 1e6],
  ['billion', 1e9],
  ['trillion', 1e12],
  ['bn', 1e9],
  ['mn', 1e6],
  ['mln', 1e6],
  ['tn', 1e12],
]);

/** Suffixes glued to a number after a currency sign (`$5m`, `€3bn`, `$50k`). */
export const GLUED_CURRENCY_SCALES: ReadonlyMap<string, number> = new Map([
  ['k', 1e3],
  ['m', 1e6],
  ['mn', 1e6],
  ['bn', 1e9],
  ['b', 1e9],
  ['tn', 1e12],
  ['t', 1e12],
]);

/** Spelled-out cardinals. `one` is left out on purpose: "one of the", "one year later" are not figures. */
export const SPELLED_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9],
  ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15],
  ['sixteen', 16], ['seventeen', 17], ['eighteen', 18], ['nineteen', 19], ['twenty', 20], ['thirty', 30],
  ['forty', 40], ['fifty', 50], ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90],
]);

/** Verbs that state a multiple by themselves: "the market share more than doubled". */
export const MULTIPLIER_VERBS: ReadonlyMap<string, number> = new Map([
  ['doubled', 2], ['tripled', 3], ['trebled', 3], ['quadrupled', 4], ['halved', 0.5],
]);

/** Fractions that state a share: "nearly half of", "two-thirds of". */
export const FRACTION_WORDS: ReadonlyMap<string, number> = new Map([
  ['half', 1 / 2], ['third', 1 / 3], ['thirds', 1 / 3], ['quarter', 1 / 4], ['quarters', 1 / 4], ['fifth', 1 / 5], ['fifths', 1 / 5],
]);

/** Currency words written after the amount, mapped to the unit shown. */
export const CURRENCY_WORDS: ReadonlyMap<string, string> = new Map([
  ['yuan', 'yuan'], ['renminbi', 'yuan'], ['rmb', 'yuan'], ['cny', 'yuan'],
  ['dollar', 'dollars'], ['dollars', 'dollars'], ['euro', 'euros'], ['euros', 'euros'],
  ['pound', 'pounds'], ['pounds', 'pounds'], ['yen', 'yen'], ['franc', 'francs'], ['francs', 'francs'],
  ['rupee', 'rupees'], ['rupees', 'rupees'], ['dirham', 'dirhams'], ['dirhams', 'dirhams'],
  ['riyal', 'riyals'], ['riyals', 'riyals'], ['peso', 'pesos'], ['pesos', 'pesos'], ['rouble', 'roubles'],
  ['roubles', 'roubles'], ['ruble', 'rubles'], ['rubles', 'rubles'], ['usd', 'USD'], ['eur', 'EUR'],
  ['gbp', 'GBP'], ['aed', 'AED'], ['jpy', 'JPY'], ['chf', 'CHF'], ['sgd', 'SGD'], ['inr', 'INR'],
]);

/** Measure units (singular and plural, abbreviations) mapped to the unit shown. */
export const MEASURE_WORDS: ReadonlyMap<string, string> = new Map([
  ['ton', 'tons'], ['tons', 'tons'], ['tonne', 'tonnes'], ['tonnes', 'tonnes'], ['kilogram', 'kg'], ['kilograms', 'kg'],
  ['kg', 'kg'], ['gram', 'grams'], ['grams', 'grams'], ['km', 'km'], ['kilometre', 'km'], ['kilometres', 'km'],
  ['kilometer', 'km'], ['kilometers', 'km'], ['metre', 'metres'], ['metres', 'metres'], ['meter', 'meters'],
  ['meters', 'meters'], ['mile', 'miles'], ['miles', 'miles'], ['hectare', 'hectares'], ['hectares', 'hectares'],
  ['acre', 'acres'], ['acres', 'acres'], ['mu', 'mu'], ['litre', 'litres'], ['litres', 'litres'], ['liter', 'liters'],
  ['liters', 'liters'], ['barrel', 'barrels'], ['barrels', 'barrels'], ['gallon', 'gallons'], ['gallons', 'gallons'],
  ['mw', 'MW'], ['gw', 'GW'], ['kw', 'kW'], ['kwh', 'kWh'], ['mwh', 'MWh'], ['gwh', 'GWh'], ['twh', 'TWh'],
  ['megawatt', 'MW'], ['megawatts', 'MW'], ['gigawatt', 'GW'], ['gigawatts', 'GW'], ['kilowatt', 'kW'],
  ['kilowatts', 'kW'], ['watt', 'watts'], ['watts', 'watts'], ['teu', 'TEU'], ['mbps', 'Mbps'], ['gbps', 'Gbps'],
  ['degree', 'degrees'], ['degrees', 'degrees'], ['ha', 'hectares'],
]);

/** Units of time, singular and plural, mapped to the plural shown. */
export const TIME_WORDS: ReadonlyMap<string, string> = new Map([
  ['year', 'years'], ['years', 'years'], ['month', 'months'], ['months', 'months'], ['week', 'weeks'],
  ['weeks', 'weeks'], ['day', 'days'], ['days', 'days'], ['hour', 'hours'], ['hours', 'hours'],
  ['minute', 'minutes'], ['minutes', 'minutes'], ['second', 'seconds'], ['seconds', 'seconds'],
  ['decade', 'decades'], ['decades', 'decades'], ['quarters', 'quarters'], ['centuries', 'centuries'],
  ['business days', 'business days'],
]);

/**
 * Nouns that count kinds of things: a figure with one of these takes its "of …" complement into its unit
 * ("220 kinds of industrial products").
 */
export const CLASSIFIER_NOUNS: ReadonlySet<string> = new Set([
  'kinds', 'types', 'sorts', 'varieties', 'pieces', 'sets', 'pairs', 'batches', 'groups', 'items', 'classes',
  'categories', 'lots', 'units', 'tons', 'tonnes', 'barrels', 'cases', 'rounds', 'copies',
]);

/** Plurals without a final -s that count people or things. */
export const IRREGULAR_PLURALS: ReadonlySet<string> = new Set([
  'people', 'children', 'men', 'women', 'staff', 'personnel', 'cattle', 'police', 'sheep', 'livestock', 'feet',
  'teeth', 'mice', 'geese', 'criteria', 'phenomena',
]);

/**
 * Words ending in -s that are verbs or function words, not plural nouns: a figure followed by one of these
 * has no unit ("Rule 6 applies", "the 2 ranks" is rare enough to lose).
 */
export const NOT_PLURAL_NOUNS: ReadonlySet<string> = new Set([
  'is', 'was', 'has', 'does', 'goes', 'as', 'its', 'this', 'thus', 'plus', 'less', 'unless', 'whereas', 'always',
  'perhaps', 'across', 'towards', 'besides', 'ranks', 'needs', 'remains', 'reaches', 'accounts', 'increases',
  'rises', 'falls', 'takes', 'makes', 'applies', 'states', 'requires', 'provides', 'means', 'sets', 'shows',
  'includes', 'contains', 'covers', 'lists', 'refers', 'deals', 'says', 'gives', 'becomes', 'comes', 'seems',
  'continues', 'stands', 'represents', 'amounts', 'exceeds', 'totals', 'equals', 'grows', 'declines', 'drops',
  'gains', 'loses', 'reflects', 'concerns', 'specifies', 'describes', 'establishes', 'stipulates', 'lays',
  'governs', 'defines', 'allows', 'permits', 'prohibits', 'replaces', 'amends', 'repeals', 'ends', 'begins',
  'starts', 'follows', 'holds', 'keeps', 'brings', 'puts', 'gets', 'sees', 'uses', 'helps', 'works', 'runs',
  'yes', 'news', 'bus', 'gas', 'status', 'focus', 'bonus', 'census', 'consensus', 'surplus', 'corpus', 'virus',
  'campus', 'basis', 'analysis', 'crisis', 'emphasis', 'thesis', 'axis', 'series', 'species', 'process', 'access',
  'business', 'address', 'progress', 'success', 'class', 'glass', 'mass', 'loss', 'stress', 'press', 'express',
  'congress', 'witness', 'awareness', 'fitness', 'illness', 'means', 'whereas', 'pursuant', 'was', 'us', 'thereafter',
]);

/** Words after which a number is a reference, not a figure ("Article 5", "No. 1303", "page 320"). Lower-case. */
export const REFERENCE_WORDS: ReadonlySet<string> = new Set([
  'article', 'articles', 'art', 'arts', 'section', 'sections', 'sec', 'chapter', 'chapters', 'ch', 'chap', 'rule',
  'rules', 'part', 'parts', 'paragraph', 'paragraphs', 'para', 'paras', 'subparagraph', 'subparagraphs',
  'sub-paragraph', 'annex', 'annexes', 'schedule', 'schedules', 'regulation', 'regulations', 'directive',
  'directives', 'decision', 'no', 'nos', 'number', 'numbers', 'item', 'items', 'clause', 'clauses', 'table',
  'tables', 'figure', 'figures', 'fig', 'figs', 'page', 'pages', 'p', 'pp', 'title', 'titles', 'volume', 'vol',
  'appendix', 'step', 'steps', 'phase', 'level', 'tier', 'class', 'category', 'form', 'box', 'line', 'lines',
  'column', 'row', 'principle', 'principles', 'recommendation', 'question', 'questions', 'case', 'resolution',
  'law', 'act', 'order', 'point', 'points', 'recital', 'recitals', 'protocol', 'stage', 'round', 'pillar', 'room',
  'suite', 'floor', 'building', 'route', 'highway', 'year', 'grade', 'note', 'notes', 'footnote', 'version',
  'v', 'release', 'exhibit', 'division', 'subdivision', 'subsection', 'subsections', 'condition', 'conditions',
  'option', 'module', 'stage', 'model', 'series', 'standard', 'iso', 'en', 'ec', 'eu', 'eec', 'oj', 'com',
  'sec', 'swd', 'case', 'c', 'l', 'tec', 'teu', 'tfeu', 'boulevard', 'street', 'avenue', 'road', 'box', 'po',
  'tel', 'fax', 'phone', 'ext', 'unit', 'flight', 'lot', 'gate', 'platform', 'channel', 'covid', 'g', 'windows',
  'ipv', 'wave', 'session', 'amendment', 'amendments', 'indent', 'indents',
]);

/** Month names, as written (capitalised): a number next to one is a date. */
export const MONTHS: ReadonlySet<string> = new Set([
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
  'December', 'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
]);

/** Words that end a noun phrase being read after a figure (function words, common verbs). */
export const PHRASE_STOPS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'of', 'and', 'or', 'but', 'nor', 'in', 'to', 'for', 'with', 'by', 'on', 'at', 'from', 'as',
  'than', 'that', 'which', 'who', 'whom', 'whose', 'where', 'when', 'while', 'if', 'is', 'are', 'was', 'were', 'be',
  'been', 'being', 'has', 'have', 'had', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must',
  'do', 'does', 'did', 'not', 'no', 'per', 'into', 'over', 'under', 'about', 'after', 'before', 'since', 'until',
  'between', 'among', 'through', 'during', 'within', 'without', 'against', 'up', 'down', 'out', 'off', 'so',
  'also', 'only', 'just', 'more', 'less', 'most', 'least', 'very', 'such', 'this', 'these', 'those', 'there',
  'it', 'its', 'their', 'they', 'we', 'he', 'she', 'his', 'her', 'our', 'your', 'my', 'each', 'every', 'all',
  'both', 'either', 'neither', 'other', 'another', 'any', 'some', 'ago', 'later', 'earlier', 'respectively',
  'above', 'below', 'thereof', 'herein', 'hereof', 'whereby', 'pursuant', 'including', 'compared', 'according',
  'ranked', 'ranks', 'were', 'reached', 'increased', 'decreased', 'rose', 'fell', 'grew', 'jumped', 'dropped',
  'now', 'then', 'yet', 'again', 'too', 'even', 'still', 'already', 'almost', 'nearly', 'around', 'approximately',
  'where', 'what', 'how', 'why', 'i', 'you', 'me', 'us', 'them', 'him', 'because', 'though', 'although', 'unless',
  'whether', 'via', 'like', 'unlike', 'towards', 'toward', 'upon', 'onto', 'beyond', 'versus', 'vs', 'plus',
  'minus', 'times', 'percent', 'cent', 'said', 'says',
]);

/**
 * Verbs and auxiliaries that end a clause's subject: "The added value … has increased", "domestic
 * manufacturers accounted for". Deliberately no bare `-ed` rule: "The added value" must not stop at "added".
 */
export const SUBJECT_VERBS: ReadonlySet<string> = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'will', 'would', 'shall', 'should', 'can',
  'could', 'may', 'might', 'must', 'does', 'do', 'did', 'accounts', 'accounted', 'account', 'increased',
  'increases', 'increase', 'rose', 'rise', 'rises', 'risen', 'grew', 'grow', 'grows', 'fell', 'fall', 'falls',
  'reached', 'reach', 'reaches', 'declined', 'declines', 'decline', 'dropped', 'drop', 'drops', 'totaled',
  'totalled', 'totals', 'stood', 'stands', 'amounted', 'amounts', 'exceeded', 'exceeds', 'exceed', 'ranks',
  'ranked', 'climbed', 'climbs', 'jumped', 'jumps', 'surged', 'surges', 'slipped', 'expanded', 'expands',
  'contracted', 'decreased', 'decreases', 'represented', 'represents', 'represent', 'generated', 'generates',
  'generate', 'hit', 'hits', 'doubled', 'tripled', 'posted', 'recorded', 'registered', 'saw', 'sees', 'averaged',
  'averages', 'comprised', 'comprises', 'contains', 'contained', 'includes', 'included', 'employs', 'employed',
  'produced', 'produces', 'produce', 'cost', 'costs', 'received', 'receives', 'spent', 'spends', 'invested',
  'invests', 'raised', 'raises', 'reduced', 'reduces', 'gained', 'gains', 'lost', 'loses', 'owns', 'owned',
  'holds', 'held', 'covers', 'covered', 'makes', 'made', 'took', 'takes', 'shows', 'showed', 'edged', 'moved',
  'remained', 'remains', 'stayed', 'exported', 'imported', 'sold', 'sells', 'bought', 'earned', 'paid', 'pays',
  'handled', 'served', 'serves', 'hosted', 'attracted', 'created', 'creates', 'topped', 'tops',
  'outnumbered', 'occupied', 'occupies', 'constituted', 'constitutes', 'provided', 'provides', 'needs', 'needed',
]);

/** Reporting verbs of quotations and reported speech. Multi-word forms are matched as written. */
export const SPEECH_VERBS: readonly string[] = [
  'said', 'says', 'say', 'introduced', 'explained', 'explains', 'believes', 'believed', 'believe', 'added', 'adds',
  'noted', 'notes', 'stated', 'told', 'tells', 'pointed out', 'points out', 'emphasized', 'emphasised',
  'emphasizes', 'emphasises', 'stressed', 'stresses', 'argued', 'argues', 'commented', 'remarked', 'wrote',
  'writes', 'asked', 'replied', 'suggested', 'suggests', 'warned', 'warns', 'insisted', 'concluded', 'acknowledged',
  'admitted', 'announced', 'claimed', 'claims', 'declared', 'observed', 'recalled', 'revealed', 'urged',
  'predicted', 'estimated', 'thinks', 'thought', 'mentioned', 'disclosed', 'analyzed', 'analysed', 'indicated',
  'highlighted', 'underlined', 'reiterated', 'affirmed', 'confirmed', 'continued', 'judged', 'agreed',
  'maintained', 'contended', 'asserted', 'proposed', 'recommended', 'cautioned', 'expects', 'expected',
  'hopes', 'hoped', 'feels', 'felt', 'held', 'ruled', 'found', 'reported', 'answered', 'responded', 'promised',
  'vowed', 'pledged',
];

/**
 * Head nouns that make a description a speaker: people, roles and bodies. A speaker phrase that is not a
 * name must contain one ("the relevant person in charge of …", "a spokesperson", "the Committee").
 */
export const SPEAKER_NOUNS: ReadonlySet<string> = new Set([
  'person', 'persons', 'people', 'official', 'officials', 'spokesperson', 'spokesman', 'spokeswoman',
  'spokespeople', 'minister', 'ministers', 'secretary', 'director', 'directors', 'chairman', 'chairwoman',
  'chair', 'chairperson', 'president', 'vice-president', 'governor', 'governors', 'researcher', 'researchers',
  'expert', 'experts', 'analyst', 'analysts', 'economist', 'economists', 'head', 'chief', 'leader', 'leaders',
  'manager', 'managers', 'officer', 'officers', 'commissioner', 'commissioners', 'representative',
  'representatives', 'member', 'members', 'participant', 'participants', 'staff', 'professor', 'scientist',
  'scientists', 'engineer', 'engineers', 'reporter', 'deputy', 'ceo', 'cfo', 'founder', 'executive',
  'executives', 'lawyer', 'lawyers', 'judge', 'judges', 'court', 'committee', 'ministry', 'department',
  'agency', 'bureau', 'commission', 'council', 'government', 'authority', 'authorities', 'regulator',
  'company', 'bank', 'board', 'association', 'institute', 'administration', 'office', 'federation',
  'organization', 'organisation', 'spokesperson', 'premier', 'mayor', 'senator', 'congressman', 'ambassador',
  'envoy', 'adviser', 'advisor', 'advisers', 'advisors', 'consultant', 'observer', 'observers', 'insider',
  'insiders', 'source', 'sources', 'citizen', 'citizens', 'resident', 'residents', 'worker', 'workers',
  'farmer', 'farmers', 'entrepreneur', 'entrepreneurs', 'founder', 'partner', 'partners', 'dean', 'principal',
  'teacher', 'teachers', 'student', 'students', 'doctor', 'doctors', 'academician', 'fellow', 'scholar',
  'scholars', 'delegate', 'delegates', 'deputies', 'mp', 'mps', 'party', 'parties', 'group', 'ministry',
  'secretariat', 'fed', 'union', 'industry', 'firm', 'firms', 'companies', 'enterprise', 'enterprises',
]);

/** Personal pronouns that stand for the last speaker named. */
export const SPEAKER_PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'they']);

/** Honorifics before a surname ("Mr. Greenspan", "Dr Wu"). */
export const HONORIFICS: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'president', 'chairman',
  'chair', 'governor', 'minister', 'secretary', 'senator', 'premier', 'vice', 'general', 'judge', 'justice',
]);
