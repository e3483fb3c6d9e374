import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assembleCorpus, corpusFolderFiles, emptyCorpus, parseFile, type Corpus } from '../corpus/load.ts';
import { passagesOf } from '../corpus/passages.ts';
import { combineExtractions, combineExtractionSteps, extractDocument, type DocumentExtraction, type Extraction } from '../extract/index.ts';
import { analyzeDocument, type DocumentAnalysis } from '../search/analysis.ts';
import { finishWithPauses, slicer } from '../steps.ts';
import type { CorpusDocument, LoadWarning, Outcome, Passage } from '../types.ts';
import { BUILT, PROJECT_ROOT } from '../../config/paths.ts';
import type { CompactIndex } from '../search/retrieve.ts';
import { ASSEMBLED_FILE, assembledKey, decodeAssembled, encodeAssembled } from './assembled.ts';
import { containerMeta, SnapshotError } from './container.ts';
import { decodeSegment, encodeSegment, type Segment } from './segment.ts';

/**
 * The index snapshot: a folder next to the corpus (`<corpus>/.policybot-index/`, hidden, so the loader skips it;
 * a temporary folder when the corpus is read-only) with one segment per document and a manifest:
 *
 *   manifest.json   { format, version, fingerprint, savedAt, files: { "<file>": { size, mtimeMs, sha1, segment?, warning? } } }
 *   seg/<key>.pbs   one document's segment (segment.ts), key = sha1(fingerprint, file, content sha1)
 *   index.pbs       the postings assembled from all segments (assembled.ts), keyed by those segments in order
 *
 * A file whose size and mtime are unchanged reuses its segment; otherwise its content's sha1 decides. Only new or
 * changed files are parsed and analysed again; the corpus and the postings are then assembled from the segments,
 * which is linear and needs no tokenising; when no document changed, the assembled postings are loaded as they
 * are (index.pbs). The fingerprint hashes the sources of everything that shapes a segment
 * (parsing, passages, tokenising, stemming, analysis, the format), so a code change invalidates old snapshots.
 */
export const SNAPSHOT_DIR = '.policybot-index';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotOptions {
  /** Use and update the snapshot (default true; env POLICYBOT_SNAPSHOT=off turns it off). */
  readonly snapshot?: boolean;
  /** Where the snapshot lives (default `<dir>/.policybot-index`, or a temporary folder when that is not writable). */
  readonly snapshotDir?: string;
  /** Only write the snapshot, skipping corpus assembly (the live re-indexing worker). */
  readonly writeOnly?: boolean;
  /** Yield to the event loop when a slice of work has taken this many ms (default: never). */
  readonly sliceMs?: number;
}

export interface SnapshotStats {
  readonly files: number;
  /** Documents taken from the snapshot as they were. */
  readonly reused: number;
  /** Documents parsed and analysed (new, changed, or no usable snapshot). */
  readonly analysed: number;
  /** Where the snapshot was read from and written to, if anywhere. */
  readonly dir?: string;
  readonly saved: boolean;
}

export interface OpenedCorpus {
  readonly corpus: Corpus;
  /** Facts, quotes, glossary and speakers: each document's part comes from its segment. */
  readonly extraction: Extraction;
  readonly stats: SnapshotStats;
  /** Where an assembled index of this corpus belongs, when the snapshot holds every document but no such index. */
  readonly assembledTarget?: { readonly file: string; readonly key: string };
}

/** What the index is made from: the documents' analyses (parallel to corpus.documents), or, when the snapshot's
 * index.pbs was assembled from exactly these segments, the assembled index itself. */
export type IndexSource = { readonly analyses: readonly DocumentAnalysis[]; readonly assembled?: undefined } | { readonly assembled: CompactIndex; readonly analyses?: undefined };

/** The segment section holding a document's extraction (facts, quotes, quoted terms; passage indexes local). */
const EXTRACTION_SECTION = 'extraction';

interface ManifestEntry {
  size: number;
  mtimeMs: number;
  sha1: string;
  segment?: string;
  warning?: string;
}

interface Manifest {
  format: 'policybot-snapshot';
  version: number;
  fingerprint: string;
  savedAt: number;
  files: Record<string, ManifestEntry>;
}

/** The source files whose code decides what a segment holds (and the extraction's, extract/, but for its ranking and JSON). */
const FINGERPRINT_SOURCES = [
  '../text/fold.ts', '../text/terms.ts', '../text/tokenize.ts', '../corpus/parse.ts', '../corpus/paragraphs.ts',
  '../corpus/passages.ts', '../corpus/sentences.ts', '../corpus/load.ts', '../search/analysis.ts', './segment.ts', './container.ts',
];

const EXTRACT_NOT_IN_SEGMENTS = new Set(['rank.ts', 'scoring.ts', 'json.ts']);

/**
 * Where the fingerprinted sources are resolved from: this file's folder when running from source; when running
 * the bundle (whose code no longer sits next to them), the same sources at PROJECT_ROOT/src/core/snapshot/, so
 * both modes compute the same fingerprint and share one snapshot.
 */
const SOURCES_BASE = BUILT ? pathToFileURL(path.join(PROJECT_ROOT, 'src/core/snapshot/')) : new URL('./', import.meta.url);

function fingerprintSources(): string[] {
  let extract: string[] = [];
  try {
    extract = readdirSync(new URL('../extract/', SOURCES_BASE)).filter((name) => name.endsWith('.ts') && !EXTRACT_NOT_IN_SEGMENTS.has(name)).sort().map((name) => `../extract/${name}`);
  } catch {
    extract = ['../extract/'];
  }
  return [...FINGERPRINT_SOURCES, ...extract];
}
let fingerprintCache: string | undefined;

export function analyzerFingerprint(): string {
  if (fingerprintCache) return fingerprintCache;
  const hash = createHash('sha1').update(`policybot-snapshot ${SNAPSHOT_VERSION}\n`);
  for (const source of fingerprintSources()) {
    try {
      hash.update(readFileSync(new URL(source, SOURCES_BASE)));
    } catch {
      hash.update(`missing ${source}`);
    }
  }
  try {
    hash.update(readFileSync(new URL(import.meta.resolve('natural/package.json'))));
  } catch {
    // natural's version is part of the fingerprint when it can be found.
  }
  return (fingerprintCache = hash.digest('hex'));
}

/** The sources that shape the assembled index (index.pbs) beyond the segments: its assembly and its format. */
const ASSEMBLY_SOURCES = ['../search/retrieve.ts', './assembled.ts'];
let assemblyFingerprintCache: string | undefined;

/** The analyser's fingerprint and the assembly's sources: a change to how postings are assembled invalidates index.pbs only. */
function assemblyFingerprint(): string {
  if (assemblyFingerprintCache) return assemblyFingerprintCache;
  const hash = createHash('sha1').update(`${analyzerFingerprint()}\n`);
  for (const source of ASSEMBLY_SOURCES) {
    try {
      hash.update(readFileSync(new URL(source, SOURCES_BASE)));
    } catch {
      hash.update(`missing ${source}`);
    }
  }
  return (assemblyFingerprintCache = hash.digest('hex'));
}

export function snapshotEnabled(option: boolean | undefined): boolean {
  if (option !== undefined) return option;
  return !/^(off|0|false|no)$/i.test(process.env.POLICYBOT_SNAPSHOT ?? '');
}

/** The temporary folder used when the corpus folder cannot hold the snapshot. */
export function fallbackSnapshotDir(dir: string): string {
  const key = createHash('sha1').update(path.resolve(dir)).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), 'policybot-index', key);
}

async function readManifest(snapshotDir: string, warn: (reason: string) => void): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(snapshotDir, 'manifest.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (manifest.format !== 'policybot-snapshot' || typeof manifest.files !== 'object' || manifest.files === null) throw new Error('not a manifest');
    if (manifest.version !== SNAPSHOT_VERSION || manifest.fingerprint !== analyzerFingerprint()) return undefined; // made by other code: rebuilt silently
    return manifest;
  } catch {
    warn('the index snapshot manifest is unreadable; rebuilding the index');
    return undefined;
  }
}

async function writeAtomic(file: string, bytes: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(temporary, bytes);
  await fs.rename(temporary, file);
}

function sha1Of(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** What one file contributes: a document with its passages and analysis, or a warning. */
type FileOutcome = { readonly segment: Segment; readonly entry: ManifestEntry } | { readonly warning: LoadWarning; readonly entry?: ManifestEntry };

/**
 * Loads the corpus in `dir` with its documents' analyses, from the snapshot where it matches, and brings the
 * snapshot up to date. Problems with the snapshot (unreadable, corrupted, not writable) are warnings, never errors:
 * the affected documents are analysed again.
 */
export async function openCorpus(dir: string, onWarning: (warning: LoadWarning) => void = () => {}, options: SnapshotOptions = {}): Promise<Outcome<OpenedCorpus & IndexSource>> {
  const listed = await corpusFolderFiles(dir);
  if (!listed.ok) return listed;
  const { files } = listed;
  const useSnapshot = snapshotEnabled(options.snapshot);
  const snapshotWarnings: LoadWarning[] = [];
  const warnSnapshot = (reason: string) => snapshotWarnings.push({ file: SNAPSHOT_DIR, reason });
  const pause = slicer(options.sliceMs);

  let snapshotDir = options.snapshotDir ?? path.join(dir, SNAPSHOT_DIR);
  let manifest: Manifest | undefined;
  if (useSnapshot) {
    manifest = await readManifest(snapshotDir, warnSnapshot);
    if (!manifest && !options.snapshotDir) {
      const fallback = fallbackSnapshotDir(dir);
      const other = await readManifest(fallback, warnSnapshot);
      if (other) [snapshotDir, manifest] = [fallback, other];
    }
  }
  const fingerprint = analyzerFingerprint();
  const newSegments = new Map<string, Buffer>();

  const analyse = (file: string, bytes: Uint8Array, entry: ManifestEntry): FileOutcome => {
    const result = parseFile(file, bytes);
    if (!('document' in result)) return { warning: result.warning, entry };
    const passages = passagesOf(result.document, 0);
    const segment: Segment = {
      document: result.document,
      ...(result.warning ? { warning: result.warning.reason } : {}),
      passages,
      analysis: analyzeDocument(result.document, passages),
      extra: { [EXTRACTION_SECTION]: { json: extractDocument(result.document, passages) } },
    };
    if (useSnapshot) {
      const key = createHash('sha1').update(`${fingerprint}\0${file}\0${entry.sha1}`).digest('hex');
      entry.segment = `seg/${key}.pbs`;
      newSegments.set(entry.segment, encodeSegment(segment));
    }
    return { segment, entry };
  };

  /** One file's outcome, from its segment when the snapshot has it for this content, else analysed. */
  const loadOne = async (file: string): Promise<{ outcome: FileOutcome; reused: boolean }> => {
    const full = path.join(dir, file);
    const old = manifest?.files[file];
    const unreadable = (error: unknown) => ({ outcome: { warning: { file, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` } }, reused: false });
    let stat: { size: number; mtimeMs: number } | undefined;
    try {
      stat = await fs.stat(full);
    } catch {
      stat = undefined;
    }
    // mtime and size are trusted only when the file was not written around the time the snapshot was saved.
    const trusted = old && stat && old.size === stat.size && old.mtimeMs === stat.mtimeMs && stat.mtimeMs < manifest!.savedAt - 2_000;
    let bytes: Uint8Array | undefined;
    let sha1 = trusted ? old.sha1 : undefined;
    if (!trusted) {
      try {
        bytes = await fs.readFile(full);
      } catch (error) {
        return unreadable(error);
      }
      sha1 = sha1Of(bytes);
    }
    const entry: ManifestEntry = { size: stat?.size ?? bytes?.byteLength ?? 0, mtimeMs: stat?.mtimeMs ?? 0, sha1: sha1! };
    if (old && old.sha1 === sha1) {
      if (old.warning !== undefined) return { outcome: { warning: { file, reason: old.warning }, entry: { ...entry, warning: old.warning } }, reused: true };
      if (old.segment) {
        try {
          const segment = decodeSegment(await fs.readFile(path.join(snapshotDir, old.segment)), [EXTRACTION_SECTION]);
          return { outcome: { segment, entry: { ...entry, segment: old.segment } }, reused: true };
        } catch (error) {
          warnSnapshot(`the snapshot of ${file} is ${error instanceof SnapshotError ? `damaged (${error.message})` : 'missing'}; analysing it again`);
        }
      }
    }
    if (!bytes) {
      try {
        bytes = await fs.readFile(full);
      } catch (error) {
        return unreadable(error);
      }
      entry.sha1 = sha1Of(bytes);
    }
    const outcome = analyse(file, bytes, entry);
    if ('warning' in outcome && outcome.entry) outcome.entry.warning = outcome.warning.reason;
    return { outcome, reused: false };
  };

  const outcomes: FileOutcome[] = [];
  let reused = 0;
  let analysed = 0;
  // Sliced (live) loading decodes fewer documents between two turns of the event loop.
  const CONCURRENCY = options.sliceMs === undefined ? 16 : 2;
  for (let i = 0; i < files.length; i += CONCURRENCY) {
    await pause();
    for (const one of await Promise.all(files.slice(i, i + CONCURRENCY).map(loadOne))) {
      outcomes.push(one.outcome);
      if (one.reused) reused++;
      else if ('segment' in one.outcome || one.outcome.entry) analysed++;
    }
  }

  let saved = false;
  const entries = manifestEntries(outcomes);
  const changed = analysed > 0 || !manifest || JSON.stringify(entries) !== JSON.stringify(manifest.files);
  if (useSnapshot && changed) {
    const where = await saveSnapshot(dir, snapshotDir, entries, newSegments, options.snapshotDir !== undefined, warnSnapshot);
    if (where) [snapshotDir, saved] = [where, true];
  }
  const stats: SnapshotStats = { files: files.length, reused, analysed, ...(useSnapshot ? { dir: snapshotDir } : {}), saved };

  const documents: CorpusDocument[] = [];
  const fileWarnings: LoadWarning[] = [];
  const bySegment = new Map<CorpusDocument, Segment>();
  const entryOf = new Map<CorpusDocument, ManifestEntry>();
  for (const outcome of outcomes) {
    if ('segment' in outcome) {
      documents.push(outcome.segment.document);
      bySegment.set(outcome.segment.document, outcome.segment);
      entryOf.set(outcome.segment.document, outcome.entry);
      if (outcome.segment.warning) fileWarnings.push({ file: outcome.segment.document.file, reason: outcome.segment.warning });
    } else fileWarnings.push(outcome.warning);
  }
  for (const warning of snapshotWarnings) onWarning(warning);
  if (options.writeOnly) {
    const empty = assembleCorpus(dir, [], fileWarnings, () => []);
    return { ok: true, corpus: empty, analyses: [], extraction: combineExtractions(empty, []), stats };
  }

  // Passages renumbered for the corpus, document by document (between turns of the event loop when sliced), in the
  // order assembleCorpus keeps the documents: the first of each id.
  const renumbered = new Map<CorpusDocument, { first: number; passages: Passage[] }>();
  const kept = new Set<string>();
  let next = 0;
  for (const document of documents) {
    await pause();
    if (kept.has(document.id)) continue;
    kept.add(document.id);
    const first = next;
    const passages = bySegment.get(document)!.passages.map((p) => ({ ...p, index: first + p.index }));
    renumbered.set(document, { first, passages });
    next += passages.length;
  }
  const corpus = assembleCorpus(dir, documents, fileWarnings, (document, first) => {
    const done = renumbered.get(document);
    if (!done || done.first !== first) throw new Error(`policybot: passages of ${document.id} renumbered from ${done?.first}, expected ${first}`);
    return done.passages;
  });
  if (corpus.documents.length === 0) return emptyCorpus(dir, files.length);
  const parts = corpus.documents.map((d) => ({ extraction: extractionOf(bySegment.get(d)!), firstPassage: renumbered.get(d)!.first }));
  const extraction = await finishWithPauses(combineExtractionSteps(corpus, parts), pause);
  // A segment's analysis is decoded when asked for; one found inconsistent is analysed again from the text.
  // Sliced (live) loading decodes them between turns of the event loop.
  const analyses = async () => {
    const out: DocumentAnalysis[] = [];
    for (const d of corpus.documents) {
      await pause();
      const segment = bySegment.get(d)!;
      try {
        out.push(segment.analysis);
      } catch {
        onWarning({ file: SNAPSHOT_DIR, reason: `the snapshot of ${d.file} is damaged (its analysis); analysing it again` });
        out.push(analyzeDocument(d, segment.passages));
      }
    }
    return out;
  };
  // The assembled postings serve cold starts only: live (sliced) loading would checksum a large file on the main
  // thread, and always follows a change, after which the file no longer matches anyway.
  const segments = corpus.documents.map((d) => entryOf.get(d)?.segment);
  if (!useSnapshot || !stats.dir || options.sliceMs !== undefined || segments.some((s) => s === undefined)) {
    return { ok: true, corpus, analyses: await analyses(), extraction, stats };
  }
  const target = { file: path.join(stats.dir, ASSEMBLED_FILE), key: assembledKey(assemblyFingerprint(), segments as string[]) };
  const assembled = await readAssembled(target.file, target.key, corpus.passages.length);
  if (assembled) return { ok: true, corpus, assembled, extraction, stats };
  return { ok: true, corpus, analyses: await analyses(), extraction, stats, assembledTarget: target };
}

/**
 * The assembled index in `file` when it was made for `key`; undefined when it is missing, made for another state of
 * the corpus, or damaged (it is only a cache of what the segments hold: it is then assembled and written again).
 */
async function readAssembled(file: string, key: string, passageCount: number): Promise<CompactIndex | undefined> {
  try {
    const handle = await fs.open(file, 'r');
    try {
      const head = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(head, 0, head.byteLength, 0);
      const meta = containerMeta(head.subarray(0, bytesRead)) as { key?: unknown } | undefined;
      if (meta?.key !== key) return undefined;
    } finally {
      await handle.close();
    }
    return decodeAssembled(await fs.readFile(file), key, passageCount);
  } catch {
    return undefined;
  }
}

/** Saves the corpus's assembled index where `openCorpus` said it belongs; a failure only costs the next start time. */
export async function saveAssembled(target: { readonly file: string; readonly key: string }, index: CompactIndex): Promise<boolean> {
  try {
    await writeAtomic(target.file, encodeAssembled(index, target.key));
    return true;
  } catch {
    return false;
  }
}

/** A segment's extraction (passage indexes local to its document); extracted again if the segment lacks it. */
function extractionOf(segment: Segment): DocumentExtraction {
  const stored = segment.extra?.[EXTRACTION_SECTION];
  if (stored && 'json' in stored && isDocumentExtraction(stored.json)) return stored.json;
  return extractDocument(segment.document, segment.passages);
}

function isDocumentExtraction(value: unknown): value is DocumentExtraction {
  const v = value as DocumentExtraction | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.facts) && Array.isArray(v.quotes) && Array.isArray(v.terms);
}

function manifestEntries(outcomes: readonly FileOutcome[]): Record<string, ManifestEntry> {
  const files: Record<string, ManifestEntry> = {};
  for (const outcome of outcomes) {
    if (!outcome.entry) continue;
    files['segment' in outcome ? outcome.segment.document.file : outcome.warning.file] = outcome.entry;
  }
  return files;
}

/** Writes new segments and the manifest; drops segments no file uses. Returns where it saved, or undefined. */
async function saveSnapshot(
  dir: string,
  snapshotDir: string,
  files: Record<string, ManifestEntry>,
  newSegments: ReadonlyMap<string, Buffer>,
  fixedDir: boolean,
  warn: (reason: string) => void,
): Promise<string | undefined> {
  const manifest: Manifest = { format: 'policybot-snapshot', version: SNAPSHOT_VERSION, fingerprint: analyzerFingerprint(), savedAt: Date.now(), files };
  const tryDirs = fixedDir ? [snapshotDir] : [...new Set([snapshotDir, path.join(dir, SNAPSHOT_DIR), fallbackSnapshotDir(dir)])];
  for (const target of tryDirs) {
    try {
      await fs.mkdir(path.join(target, 'seg'), { recursive: true });
      const present = new Set(await fs.readdir(path.join(target, 'seg')));
      for (const entry of Object.values(files)) {
        const segment = entry.segment;
        if (!segment) continue;
        let bytes = newSegments.get(segment);
        if (!bytes && present.has(path.basename(segment))) continue;
        if (!bytes) bytes = await fs.readFile(path.join(snapshotDir, segment));
        await writeAtomic(path.join(target, segment), bytes);
      }
      await writeAtomic(path.join(target, 'manifest.json'), JSON.stringify(manifest));
      const used = new Set(Object.values(files).flatMap((e) => (e.segment ? [path.basename(e.segment)] : [])));
      for (const name of await fs.readdir(path.join(target, 'seg'))) {
        if (!used.has(name) && !name.endsWith('.tmp')) await fs.rm(path.join(target, 'seg', name), { force: true });
      }
      return target;
    } catch {
      continue;
    }
  }
  warn('the index snapshot cannot be written; the next start will index again');
  return undefined;
}
