/**
 * Quantities said in other words: spelled-out numbers ("twelve" / 12), multiples and fractions ("doubled" / 100%,
 * "a third" / 33%, "halved" / 50%), and words for a run of years ("straight", "running", "consecutive"). General
 * English, for any corpus. Each group's words and figures stand in for one another in both directions.
 */
const SPELLED = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
  'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];
const TENS: readonly (readonly [string, number])[] = [['thirty', 30], ['forty', 40], ['fifty', 50], ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90], ['hundred', 100]];

export const QUANTITY_GROUPS: readonly (readonly string[])[] = [
  ...SPELLED.slice(2).map((word, i) => [word, String(i + 2)]),
  ...TENS.map(([word, n]) => [word, String(n)]),
  ['doubled', 'double', 'twice', 'twofold', '100%'],
  ['tripled', 'triple', 'threefold', '200%'],
  ['quadrupled', 'fourfold', '300%'],
  ['halved', 'half', '50%'],
  ['third', '33%', '33.3%'],
  ['quarter', '25%'],
  ['consecutive', 'straight', 'running', 'successive', 'row'],
];
