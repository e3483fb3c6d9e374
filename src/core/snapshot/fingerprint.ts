import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILT, PROJECT_ROOT } from '../../config/paths.ts';

/**
 * Fingerprints of the code that shapes the snapshot, so that a change to that code never loads a snapshot made
 * by the old one: the analyser's (everything a segment holds) and the corpus file's (corpus.pbs).
 *
 * From the sources (tests, tsx) they are hashed from the files at first use. The bundle (`npm run build`) carries
 * them as computed from the sources it was built from (scripts/build.mjs calls `computeFingerprints`), so a
 * start reads no source file; both give the same values for the same sources, and so share one snapshot.
 */
/** 2: a segment's integer sections packed as varints (varint.ts) before the segment is deflated. */
export const SNAPSHOT_VERSION = 2;

export interface Fingerprints {
  readonly analyzer: string;
  readonly assembly: string;
}

/** The source files whose code decides what a segment holds (and the extraction's, extract/, but for its ranking and JSON). */
const FINGERPRINT_SOURCES = [
  '../text/fold.ts', '../text/terms.ts', '../text/tokenize.ts', '../corpus/parse.ts', '../corpus/paragraphs.ts',
  '../corpus/passages.ts', '../corpus/sentences.ts', '../corpus/load.ts', '../search/analysis.ts', '../expand/countries.ts', './analyse.ts', './segment.ts', './container.ts',
  './varint.ts', './deflated.ts',
];

const EXTRACT_NOT_IN_SEGMENTS = new Set(['rank.ts', 'scoring.ts', 'json.ts']);

/** The sources that shape the corpus file (corpus.pbs) beyond the segments: the assembly of its index and its format. */
const ASSEMBLY_SOURCES = ['../search/retrieve.ts', './assembled.ts', './corpus-file.ts', '../expand/learned.ts', '../expand/abbreviations.ts', '../expand/wordnet.ts'];

function hashSources(hash: ReturnType<typeof createHash>, base: URL, sources: readonly string[]): void {
  for (const source of sources) {
    try {
      hash.update(readFileSync(new URL(source, base)));
    } catch {
      hash.update(`missing ${source}`);
    }
  }
}

/**
 * The fingerprints of the sources in `base` (the URL of src/core/snapshot/); `naturalPackage` is natural's
 * package.json, whose version is part of the analyser's fingerprint when it can be found.
 */
export function computeFingerprints(base: URL, naturalPackage: URL | undefined): Fingerprints {
  let extract: string[];
  try {
    extract = readdirSync(new URL('../extract/', base)).filter((name) => name.endsWith('.ts') && !EXTRACT_NOT_IN_SEGMENTS.has(name)).sort().map((name) => `../extract/${name}`);
  } catch {
    extract = ['../extract/'];
  }
  const analyzerHash = createHash('sha1').update(`policybot-snapshot ${SNAPSHOT_VERSION}\n`);
  hashSources(analyzerHash, base, [...FINGERPRINT_SOURCES, ...extract]);
  try {
    if (naturalPackage) analyzerHash.update(readFileSync(naturalPackage));
  } catch {
    // natural's version counts only when it can be read.
  }
  const analyzer = analyzerHash.digest('hex');
  const assemblyHash = createHash('sha1').update(`${analyzer}\n`);
  hashSources(assemblyHash, base, ASSEMBLY_SOURCES);
  return { analyzer, assembly: assemblyHash.digest('hex') };
}

/** Set by scripts/build.mjs in the bundle (esbuild `define`); absent when running from the sources. */
declare const POLICYBOT_BUILT_FINGERPRINTS: Fingerprints | undefined;

let cached: Fingerprints | undefined;

function fingerprints(): Fingerprints {
  if (cached) return cached;
  if (typeof POLICYBOT_BUILT_FINGERPRINTS !== 'undefined' && POLICYBOT_BUILT_FINGERPRINTS) return (cached = POLICYBOT_BUILT_FINGERPRINTS);
  // A bundle built without them (not by scripts/build.mjs) hashes the sources at the project's root.
  const base = BUILT ? pathToFileURL(path.join(PROJECT_ROOT, 'src/core/snapshot/')) : new URL('./', import.meta.url);
  let natural: URL | undefined;
  try {
    natural = new URL(import.meta.resolve('natural/package.json'));
  } catch {
    natural = undefined;
  }
  return (cached = computeFingerprints(base, natural));
}

/** The fingerprint of everything that shapes a segment. */
export function analyzerFingerprint(): string {
  return fingerprints().analyzer;
}

/** The analyser's fingerprint and the assembly's sources: a change to how postings are assembled or the corpus file is written invalidates corpus.pbs only. */
export function assemblyFingerprint(): string {
  return fingerprints().assembly;
}
