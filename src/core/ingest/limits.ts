/** Bounds on what adding a document may cost. Every converter and the URL fetcher honour them. */
export interface IngestLimits {
  /** Largest file or download accepted, in bytes (the default: 20 MB). */
  readonly maxBytes: number;
  /** Largest text a document may expand to, in characters, once converted. */
  readonly maxChars: number;
  /** Largest total a DOCX's XML parts may inflate to, in bytes (zip-bomb guard). */
  readonly maxExpandedBytes: number;
  /** Largest total a PDF's compressed streams (other than images) may inflate to, in bytes. */
  readonly maxPdfExpandedBytes: number;
  /** Most HTML elements parsed (an HTML page that expands hugely is refused). */
  readonly maxHtmlElements: number;
  /** Most PDF pages read. */
  readonly maxPdfPages: number;
  /** Longest a PDF, DOCX or HTML conversion may take (on the converter thread) before it is stopped, in milliseconds. */
  readonly convertTimeoutMs: number;
  /** Whole URL fetch, every redirect and the body included, in milliseconds. */
  readonly fetchTimeoutMs: number;
  /** Redirects followed before giving up. */
  readonly maxRedirects: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxChars: 5_000_000,
  maxExpandedBytes: 64 * 1024 * 1024,
  maxPdfExpandedBytes: 256 * 1024 * 1024,
  maxHtmlElements: 200_000,
  maxPdfPages: 2_000,
  convertTimeoutMs: 60_000,
  fetchTimeoutMs: 20_000,
  maxRedirects: 5,
};

export function limitsWith(overrides: Partial<IngestLimits> = {}): IngestLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** `20971520` → `20 MB`, `1536` → `1.5 KB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : value.toFixed(value < 10 && value % 1 !== 0 ? 1 : 0);
  return `${shown} ${units[unit]}`;
}
