import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assembleCorpus, corpusFolderFiles, emptyCorpus, type Corpus } from '../corpus/load.ts';
import { combineExtractions, combineExtractionSteps, type DocumentExtraction, type Extraction } from '../extract/index.ts';
import { analyzeDocument, type DocumentAnalysis } from '../search/analysis.ts';
import { analyseFile, EXTRACTION_SECTION } from './analyse.ts';
import { buildThreads, startAnalysisPool, type AnalysisPool, type PooledAnalysis } from './analysisPool.ts';
import { blockingFiles, sharedFiles, type Files } from '../files.ts';
import { finishWithPauses, slicer } from '../steps.ts';
import type { CorpusDocument, LoadWarning, Outcome, Passage } from '../types.ts';
import type { CompactIndex } from '../search/retrieve.ts';
import { CORPUS_FILE, corpusFileKey, decodeCorpusFile, decodeCorpusFileIndex, encodeCorpusFile, type CorpusFileEntry } from './corpus-file.ts';
import { containerMeta, SnapshotError } from './container.ts';
import type { LearnedExpansions } from '../expand/learned.ts';
import { analyzerFingerprint, assemblyFingerprint, SNAPSHOT_VERSION } from './fingerprint.ts';
import { decodeSegment, decodeSegmentSliced, encodeSegment, type Segment } from './segment.ts';

/**
 * The index snapshot: a folder next to the corpus (`<corpus>/.policybot-index/`, hidden, so the loader skips it;
 * a temporary folder when the corpus is read-only) with one segment per document and a manifest:
 *
 *   manifest.json   { format, version, fingerprint, savedAt, files: { "<file>": { size, mtimeMs, sha1, segment?, warning? } } }
 *   seg/<key>.pbs   one document's segment (segment.ts), key = sha1(fingerprint, file, content sha1)
 *   corpus.pbs      the whole corpus made from the segments (corpus-file.ts): documents, passages, extraction and
 *                   assembled index, keyed by the files and their segments in order
 *
 * A file whose size and mtime are unchanged reuses its segment; otherwise its content's sha1 decides. When every
 * file is unchanged by size and mtime, a start reads corpus.pbs alone. Otherwise only new or changed files are
 * parsed and analysed again; the corpus and the postings are then assembled from the segments, which is linear and
 * needs no tokenising, and corpus.pbs is made again. The fingerprint hashes the sources of everything that shapes
 * a segment (parsing, passages, tokenising, stemming, analysis, the format), so a code change invalidates old
 * snapshots (fingerprint.ts).
 */
export const SNAPSHOT_DIR = '.policybot-index';
export { SNAPSHOT_VERSION } from './fingerprint.ts';

export interface SnapshotOptions {
  /** Use and update the snapshot (default true; env POLICYBOT_SNAPSHOT=off turns it off). */
  readonly snapshot?: boolean;
  /** Where the snapshot lives (default `<dir>/.policybot-index`, or a temporary folder when that is not writable). */
  readonly snapshotDir?: string;
  /** Only write the snapshot, skipping corpus assembly (the live re-indexing worker). */
  readonly writeOnly?: boolean;
  /**
   * Only these files of the folder (those listed and present), read from the snapshot where it holds them, and the
   * snapshot left as it is: the corpus of a live change's new and changed documents (src/core/live/live.ts).
   */
  readonly only?: ReadonlySet<string>;
  /**
   * Yield to the event loop when a slice of work has taken this many ms, and read files through the thread pool
   * (default: never, and files are read at once: a start has nothing else to do meanwhile).
   */
  readonly sliceMs?: number;
  /**
   * Worker threads analysing the files of a build (default POLICYBOT_BUILD_THREADS, else one per core, used when
   * the files to analyse come to POOL_MIN_BYTES or more; given here, used whenever two files or more are to be
   * analysed). 1 analyses on the calling thread. Never used by live (sliced) or write-only loading.
   */
  readonly threads?: number;
}

/** Below this much text to analyse, threads cost what they save: each warms its own code and caches (at 11 MB a build took 2.0-2.5 s with 1 or 2 threads alike). */
export const POOL_MIN_BYTES = 16 * 1024 * 1024;

/**
 * The analysis threads for this load, when it has enough to analyse: the files the manifest does not know, by
 * size (a build from scratch, or a folder of new files); changed files of a known corpus are few and analysed here.
 */
async function analysisPoolFor(io: Files, dir: string, files: readonly string[], manifest: Manifest | undefined, threads: number | undefined): Promise<AnalysisPool | undefined> {
  const count = threads ?? buildThreads();
  if (count < 2) return undefined;
  const unknown = files.filter((file) => !manifest?.files[file]);
  if (unknown.length < 2) return undefined;
  if (threads === undefined) {
    let bytes = 0;
    for (const file of unknown) {
      try {
        bytes += (await io.stat(path.join(dir, file))).size;
      } catch {
        // unreadable: reported when the file is loaded
      }
      if (bytes >= POOL_MIN_BYTES) break;
    }
    if (bytes < POOL_MIN_BYTES) return undefined;
  }
  return startAnalysisPool(Math.min(count, unknown.length));
}

export interface SnapshotStats {
  readonly files: number;
  /** Documents taken from the snapshot as they were. */
  readonly reused: number;
  /** Documents parsed and analysed (new, changed, or no usable snapshot). */
  readonly analysed: number;
  /** Of those, the files analysed by the build's worker threads (absent: none; analysisPool.ts). */
  readonly analysedOnThreads?: number;
  /** Where the snapshot was read from and written to, if anywhere. */
  readonly dir?: string;
  readonly saved: boolean;
  /** True when no file changed and the corpus was read whole from the snapshot's corpus file (corpus.pbs). */
  readonly whole?: boolean;
}

export interface OpenedCorpus {
  readonly corpus: Corpus;
  /** Facts, quotes, glossary and speakers: each document's part comes from its segment. */
  readonly extraction: Extraction;
  readonly stats: SnapshotStats;
  /** Where the corpus file of this corpus belongs (saveCorpusFile), when the snapshot holds every document but no such file. */
  readonly corpusFileTarget?: CorpusFileTarget;
  /** The corpus files of the folder (relative paths), and those of them parsed and analysed anew (new or changed). */
  readonly files: readonly string[];
  readonly analysedFiles: readonly string[];
}

/** What the index is made from: the documents' analyses (parallel to corpus.documents), or, when the snapshot's
 * corpus file was made from exactly these files, the assembled index it holds. */
export type IndexSource =
  | { readonly analyses: readonly DocumentAnalysis[]; readonly assembled?: undefined; readonly learned?: undefined }
  | { readonly assembled: CompactIndex; readonly analyses?: undefined; readonly learned?: LearnedExpansions };

/** The document extractors (extract/document.ts), loaded when a document must be extracted: a start whose
 * documents all come from the snapshot never runs them, nor loads their code. */
type Extract = typeof import('../extract/document.ts').extractDocument;
let extractors: Promise<Extract> | undefined;
const loadExtract = (): Promise<Extract> => (extractors ??= import('../extract/document.ts').then((module) => module.extractDocument));

export interface CorpusFileTarget {
  readonly file: string;
  readonly key: string;
}

/** Size and mtime vouch for a file only when it was not written around the time the snapshot was saved. */
function unchangedByStat(old: ManifestEntry | undefined, stat: { size: number; mtimeMs: number } | undefined, savedAt: number): old is ManifestEntry {
  return !!old && !!stat && old.size === stat.size && old.mtimeMs === stat.mtimeMs && stat.mtimeMs < savedAt - 2_000;
}

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

export function snapshotEnabled(option: boolean | undefined): boolean {
  if (option !== undefined) return option;
  return !/^(off|0|false|no)$/i.test(process.env.POLICYBOT_SNAPSHOT ?? '');
}

/** The temporary folder used when the corpus folder cannot hold the snapshot. */
export function fallbackSnapshotDir(dir: string): string {
  const key = createHash('sha1').update(path.resolve(dir)).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), 'policybot-index', key);
}

async function readManifest(files: Files, snapshotDir: string, warn: (reason: string) => void): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await files.readText(path.join(snapshotDir, 'manifest.json'));
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
type FileOutcome =
  | { readonly segment: Segment; readonly entry: ManifestEntry }
  | { readonly warning: LoadWarning; readonly entry?: ManifestEntry }
  // Only writing the snapshot (writeOnly): an unchanged file's segment stays as it is, unread.
  | { readonly kept: string; readonly entry: ManifestEntry };

/**
 * Loads the corpus in `dir` with its documents' analyses, from the snapshot where it matches, and brings the
 * snapshot up to date. Problems with the snapshot (unreadable, corrupted, not writable) are warnings, never errors:
 * the affected documents are analysed again.
 */
export async function openCorpus(dir: string, onWarning: (warning: LoadWarning) => void = () => {}, options: SnapshotOptions = {}): Promise<Outcome<OpenedCorpus & IndexSource>> {
  const io = options.sliceMs === undefined ? blockingFiles : sharedFiles;
  const listed = await corpusFolderFiles(dir, io);
  if (!listed.ok) return listed;
  const files = options.only ? listed.files.filter((f) => options.only!.has(f)) : listed.files;
  const useSnapshot = snapshotEnabled(options.snapshot);
  const snapshotWarnings: LoadWarning[] = [];
  const warnSnapshot = (reason: string) => snapshotWarnings.push({ file: SNAPSHOT_DIR, reason });
  const pause = slicer(options.sliceMs);

  let snapshotDir = options.snapshotDir ?? path.join(dir, SNAPSHOT_DIR);
  let manifest: Manifest | undefined;
  if (useSnapshot) {
    manifest = await readManifest(io, snapshotDir, warnSnapshot);
    if (!manifest && !options.snapshotDir) {
      const fallback = fallbackSnapshotDir(dir);
      const other = await readManifest(io, fallback, warnSnapshot);
      if (other) [snapshotDir, manifest] = [fallback, other];
    }
  }
  // No file changed: the whole corpus comes from one file (a start only; live loading always follows a change).
  if (manifest && options.sliceMs === undefined && !options.writeOnly && !options.only) {
    const whole = await readWholeCorpus(io, dir, files, manifest, snapshotDir);
    if (whole) {
      for (const warning of snapshotWarnings) onWarning(warning);
      const stats: SnapshotStats = { files: files.length, reused: files.length, analysed: 0, dir: snapshotDir, saved: false, whole: true };
      return { ok: true, corpus: whole.corpus, assembled: whole.index, ...(whole.learned ? { learned: whole.learned } : {}), extraction: whole.extraction, stats, files, analysedFiles: [] };
    }
  }
  const fingerprint = analyzerFingerprint();
  const newSegments = new Map<string, Buffer>();

  // Many files to analyse (a build from scratch): worker threads analyse them in parallel. Never in live (sliced)
  // loading or the indexing thread, which must leave the cores to the threads answering questions.
  const pool = options.sliceMs === undefined && !options.writeOnly ? await analysisPoolFor(io, dir, files, manifest, options.threads) : undefined;
  let onThreads = 0;
  const analyse = async (file: string, bytes: Uint8Array, entry: ManifestEntry): Promise<FileOutcome> => {
    let done: PooledAnalysis | undefined;
    if (pool) {
      try {
        done = await pool.analyse(file, bytes, useSnapshot);
      } catch {
        done = undefined; // the thread failed or stopped: this thread analyses the file (a bug would show here too)
      }
    }
    if (done) onThreads++;
    const { analysed, encoded } = done ?? { analysed: analyseFile(file, bytes, await loadExtract()) };
    if ('warning' in analysed) return { warning: analysed.warning, entry };
    if (useSnapshot) {
      const key = createHash('sha1').update(`${fingerprint}\0${file}\0${entry.sha1}`).digest('hex');
      entry.segment = `seg/${key}.pbs`;
      newSegments.set(entry.segment, encoded ? Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength) : encodeSegment(analysed.segment));
    }
    return { segment: analysed.segment, entry };
  };

  // The segments on disk, listed once (writeOnly keeps an unchanged file's segment when it is there).
  let present: Promise<Set<string>> | undefined;
  const segmentsPresent = () => (present ??= io.readdir(path.join(snapshotDir, 'seg')).then((entries) => new Set(entries.map((e) => e.name)), () => new Set<string>()));

  /** One file's outcome, from its segment when the snapshot has it for this content, else analysed. */
  const loadOne = async (file: string): Promise<{ outcome: FileOutcome; reused: boolean }> => {
    const full = path.join(dir, file);
    const old = manifest?.files[file];
    const unreadable = (error: unknown) => ({ outcome: { warning: { file, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` } }, reused: false });
    let stat: { size: number; mtimeMs: number } | undefined;
    try {
      stat = await io.stat(full);
    } catch {
      stat = undefined;
    }
    const trusted = unchangedByStat(old, stat, manifest?.savedAt ?? 0);
    let bytes: Uint8Array | undefined;
    let sha1 = trusted ? old.sha1 : undefined;
    if (!trusted) {
      try {
        bytes = await io.readFile(full);
      } catch (error) {
        return unreadable(error);
      }
      sha1 = sha1Of(bytes);
    }
    const entry: ManifestEntry = { size: stat?.size ?? bytes?.byteLength ?? 0, mtimeMs: stat?.mtimeMs ?? 0, sha1: sha1! };
    if (old && old.sha1 === sha1) {
      if (old.warning !== undefined) return { outcome: { warning: { file, reason: old.warning }, entry: { ...entry, warning: old.warning } }, reused: true };
      if (old.segment) {
        // The worker only brings the snapshot up to date: an unchanged file's segment need not be decoded (at 94 MB,
        // decoding them all took seconds); one found damaged later is analysed again by whoever reads it.
        if (options.writeOnly && (await segmentsPresent()).has(path.basename(old.segment))) return { outcome: { kept: file, entry: { ...entry, segment: old.segment } }, reused: true };
        try {
          const bytes = await io.readFile(path.join(snapshotDir, old.segment));
          const segment = options.sliceMs === undefined ? decodeSegment(bytes, [EXTRACTION_SECTION]) : await decodeSegmentSliced(bytes, [EXTRACTION_SECTION], pause);
          return { outcome: { segment, entry: { ...entry, segment: old.segment } }, reused: true };
        } catch (error) {
          warnSnapshot(`the snapshot of ${file} is ${error instanceof SnapshotError ? `damaged (${error.message})` : 'missing'}; analysing it again`);
        }
      }
    }
    if (!bytes) {
      try {
        bytes = await io.readFile(full);
      } catch (error) {
        return unreadable(error);
      }
      entry.sha1 = sha1Of(bytes);
    }
    const outcome = await analyse(file, bytes, entry);
    if ('warning' in outcome && outcome.entry) outcome.entry.warning = outcome.warning.reason;
    return { outcome, reused: false };
  };

  // Files in flight: a window of CONCURRENCY, outcomes kept in the files' order. Sliced (live) loading decodes one
  // document between two turns of the event loop (a large one takes 10-30 ms).
  const CONCURRENCY = options.sliceMs === undefined ? 16 : 1;
  const loaded: { outcome: FileOutcome; reused: boolean }[] = new Array(files.length);
  let nextFile = 0;
  const lane = async () => {
    while (nextFile < files.length) {
      const i = nextFile++;
      await pause();
      loaded[i] = await loadOne(files[i]!);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, lane));
  } finally {
    await pool?.close();
  }
  const outcomes: FileOutcome[] = [];
  let reused = 0;
  let analysed = 0;
  const analysedFiles: string[] = [];
  for (const [i, one] of loaded.entries()) {
    outcomes.push(one.outcome);
    if (one.reused) reused++;
    else if ('segment' in one.outcome || one.outcome.entry) {
      analysed++;
      analysedFiles.push(files[i]!);
    }
  }

  let saved = false;
  const entries = manifestEntries(outcomes);
  const changed = analysed > 0 || !manifest || JSON.stringify(entries) !== JSON.stringify(manifest.files);
  if (useSnapshot && changed && !options.only) {
    const where = await saveSnapshot(dir, snapshotDir, entries, newSegments, options.snapshotDir !== undefined, warnSnapshot);
    if (where) [snapshotDir, saved] = [where, true];
  }
  const stats: SnapshotStats = { files: files.length, reused, analysed, ...(onThreads ? { analysedOnThreads: onThreads } : {}), ...(useSnapshot ? { dir: snapshotDir } : {}), saved };

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
    } else if ('warning' in outcome) fileWarnings.push(outcome.warning);
  }
  for (const warning of snapshotWarnings) onWarning(warning);
  if (options.writeOnly) {
    const empty = assembleCorpus(dir, [], fileWarnings, () => []);
    return { ok: true, corpus: empty, analyses: [], extraction: combineExtractions(empty, []), stats, files, analysedFiles };
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
  const lacking = corpus.documents.some((d) => storedExtraction(bySegment.get(d)!) === undefined);
  const extract = lacking ? await loadExtract() : undefined;
  const parts = corpus.documents.map((d) => {
    const segment = bySegment.get(d)!;
    return { extraction: storedExtraction(segment) ?? extract!(segment.document, segment.passages), firstPassage: renumbered.get(d)!.first };
  });
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
  // The corpus file serves starts only: live (sliced) loading would checksum a large file on the main thread, and
  // always follows a change, after which the file no longer matches anyway.
  if (!useSnapshot || !stats.dir || options.sliceMs !== undefined || corpus.documents.some((d) => entryOf.get(d)?.segment === undefined)) {
    return { ok: true, corpus, analyses: await analyses(), extraction, stats, files, analysedFiles };
  }
  const target: CorpusFileTarget = { file: path.join(stats.dir, CORPUS_FILE), key: corpusFileKey(assemblyFingerprint(), files.flatMap((f) => (entries[f] ? [[f, entries[f]] as const] : []))) };
  // Files touched without a change of content (no longer vouched for by their mtime) still match the corpus file.
  const assembled = await readCorpusFile(io, target, (bytes) => decodeCorpusFileIndex(bytes, target.key, corpus.passages.length));
  if (assembled) return { ok: true, corpus, assembled: assembled.index, ...(assembled.learned ? { learned: assembled.learned } : {}), extraction, stats, files, analysedFiles };
  return { ok: true, corpus, analyses: await analyses(), extraction, stats, corpusFileTarget: target, files, analysedFiles };
}

/**
 * The whole corpus from the snapshot's corpus file when every file in `files` is in the manifest and unchanged by
 * size and mtime, and the corpus file was made for exactly these files; otherwise undefined (the segments decide).
 */
async function readWholeCorpus(io: Files, dir: string, files: readonly string[], manifest: Manifest, snapshotDir: string) {
  const entries: (readonly [string, CorpusFileEntry])[] = [];
  for (const file of files) {
    const old = manifest.files[file];
    let stat: { size: number; mtimeMs: number } | undefined;
    try {
      stat = await io.stat(path.join(dir, file));
    } catch {
      return undefined;
    }
    if (!unchangedByStat(old, stat, manifest.savedAt)) return undefined;
    entries.push([file, old]);
  }
  const target = { file: path.join(snapshotDir, CORPUS_FILE), key: corpusFileKey(assemblyFingerprint(), entries) };
  return readCorpusFile(io, target, (bytes) => decodeCorpusFile(bytes, target.key, dir));
}

/**
 * What `decode` reads from the corpus file at `target` when it was made for its key; undefined when it is missing,
 * made for another state of the corpus, or damaged (it is only a cache of what the segments hold: it is then made
 * and written again). The key is read from the header first, so a stale file of any size costs one small read.
 */
async function readCorpusFile<T>(files: Files, target: CorpusFileTarget, decode: (bytes: Uint8Array) => T | undefined): Promise<T | undefined> {
  try {
    const meta = containerMeta(await files.readHead(target.file, 64 * 1024)) as { key?: unknown } | undefined;
    if (meta?.key !== target.key) return undefined;
    return decode(await files.readFile(target.file));
  } catch {
    return undefined;
  }
}

/** Saves the corpus file (corpus, extraction, assembled index) where `openCorpus` said it belongs; a failure only costs the next start time. */
export async function saveCorpusFile(target: CorpusFileTarget, corpus: Corpus, extraction: Extraction, index: CompactIndex, learned?: LearnedExpansions): Promise<boolean> {
  try {
    await writeAtomic(target.file, encodeCorpusFile(target.key, corpus, extraction, index, learned));
    // The assembled index of earlier versions, which the corpus file replaces.
    await fs.rm(path.join(path.dirname(target.file), 'index.pbs'), { force: true });
    return true;
  } catch {
    return false;
  }
}

/** A segment's extraction (passage indexes local to its document), if it holds one (else it is extracted again). */
function storedExtraction(segment: Segment): DocumentExtraction | undefined {
  const stored = segment.extra?.[EXTRACTION_SECTION];
  return stored && 'json' in stored && isDocumentExtraction(stored.json) ? stored.json : undefined;
}

function isDocumentExtraction(value: unknown): value is DocumentExtraction {
  const v = value as DocumentExtraction | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.facts) && Array.isArray(v.quotes) && Array.isArray(v.terms);
}

function manifestEntries(outcomes: readonly FileOutcome[]): Record<string, ManifestEntry> {
  const files: Record<string, ManifestEntry> = {};
  for (const outcome of outcomes) {
    if (!outcome.entry) continue;
    files['segment' in outcome ? outcome.segment.document.file : 'kept' in outcome ? outcome.kept : outcome.warning.file] = outcome.entry;
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
