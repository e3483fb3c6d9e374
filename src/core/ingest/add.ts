import fs from 'node:fs/promises';
import path from 'node:path';
import { documentId, listCorpusFiles, loadFile } from '../corpus/load.ts';
import { parseDocument, titleFromId } from '../corpus/parse.ts';
import { resolveDocument } from '../corpus/resolve.ts';
import { assembleCorpus, type Corpus } from '../corpus/load.ts';
import { failure, type CorpusDocument, type Failure, type LoadWarning, type Outcome } from '../types.ts';
import { findDate } from './blocks.ts';
import { convertOffThread } from './convert/offThread.ts';
import { fetchUrl, type FetchOptions } from './fetchUrl.ts';
import { DEFAULT_LIMITS, formatBytes, type IngestLimits } from './limits.ts';
import { sniffType, type DocumentKind } from './sniff.ts';
import { FileExistsError, cleanStaleTemps, contentHash, slugFor, withCorpusLock, writeAtomic } from './store.ts';
import { toMarkdown } from './toMarkdown.ts';

/** What is being added: the bytes, and what is known of where they came from. */
export interface IngestInput {
  readonly bytes: Uint8Array;
  /** The file's name (an attachment's or a path's base name): a hint for the type, a fallback for the title. */
  readonly name?: string;
  /** The URL the bytes came from: written as `source`. */
  readonly url?: string;
  /** The Content-Type a server or Discord gave: a hint only, the bytes decide. */
  readonly contentType?: string;
  /** Who added it (a Discord user, `cli:alice`): written as `added_by`. */
  readonly addedBy?: string;
}

export interface IngestOptions {
  readonly limits?: Partial<IngestLimits>;
  /** The clock, for tests. */
  readonly now?: () => Date;
  /**
   * A last check before anything is written, with the folder locked (a server's limits, src/app/guilds.ts): a
   * failure refuses the add and nothing is written.
   */
  readonly admit?: (document: CorpusDocument, markdown: string) => Promise<Failure | undefined> | Failure | undefined;
  /** Test hook: called once the hidden temp file exists, before the document's bytes are written. */
  readonly afterTempOpen?: (tempPath: string) => Promise<void> | void;
}

/** A document that was added. The caller re-indexes (`document` is what the loader will read from `file`). */
export interface Added {
  /** The document as the corpus loader reads it from the new file: id, title, date, paragraphs, sections. */
  readonly document: CorpusDocument;
  /** The new file, relative to the corpus folder (`2022-08-14-harbour-plan.md`). */
  readonly file: string;
  /** The new file's absolute path. */
  readonly path: string;
  /** The type the bytes were sniffed as. */
  readonly kind: DocumentKind;
  /** sha256 of the document's normalised text (the duplicate check's key). */
  readonly hash: string;
  readonly paragraphs: number;
  readonly sections: number;
  /** The Markdown that was written. */
  readonly markdown: string;
}

const ACCEPTED = 'only .txt, .md, .html, .pdf (with a text layer) and .docx documents can be added';

/**
 * Adds one document to the corpus folder: checks and converts it to the corpus's Markdown form, refuses a
 * duplicate (same content hash) or a file name already taken, and writes it atomically. On any refusal the
 * folder is left exactly as it was. Adds and removes on one folder run one at a time.
 */
export function addDocument(corpusDir: string, input: IngestInput, options: IngestOptions = {}): Promise<Outcome<Added>> {
  return withCorpusLock(corpusDir, () => addLocked(corpusDir, input, options));
}

async function addLocked(dir: string, input: IngestInput, options: IngestOptions): Promise<Outcome<Added>> {
  const limits: IngestLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const folder = await corpusFolder(dir);
  if (folder) return folder;
  await cleanStaleTemps(dir);

  const label = input.name ? `"${input.name}"` : input.url ? input.url : 'The document';
  const { bytes } = input;
  if (bytes.length === 0) return failure('empty_document', `${label} is empty (0 bytes): there is nothing to add.`);
  if (bytes.length > limits.maxBytes) {
    return failure('too_large', `${label} is ${formatBytes(bytes.length)}, more than the ${formatBytes(limits.maxBytes)} a document may be.`);
  }
  const hint = [input.name, urlPart(input.url, 'pathname'), input.contentType].filter(Boolean).join(' ');
  const sniffed = sniffType(bytes, hint);
  if ('unsupported' in sniffed) return failure('unsupported_type', `${label} is ${sniffed.unsupported}: ${ACCEPTED}.`);

  const converted = await convertOffThread({ kind: sniffed.kind, bytes, limits, label, ...(input.contentType ? { contentType: input.contentType } : {}) });
  if ('ok' in converted) return converted;
  if (converted.blocks.length === 0) return failure('empty_document', `${label} has no text to index.`);

  const nameBase = input.name?.replace(/\.[a-z0-9]{1,5}$/i, '');
  const urlBase = urlPart(input.url, 'hostname');
  const title = converted.title || (nameBase ? titleFromId(nameBase) : undefined) || urlBase || 'Untitled document';
  const date = converted.date ?? (nameBase ? findDate(nameBase) : undefined);
  // A link is the source; a Markdown file keeps the source it names; otherwise the uploaded file's name.
  const source = input.url ?? converted.source ?? input.name;
  const markdown = toMarkdown(
    {
      title,
      ...(date ? { date } : {}),
      ...(converted.publisher ? { publisher: converted.publisher } : {}),
      ...(source ? { source } : {}),
      ...(input.addedBy ? { addedBy: input.addedBy } : {}),
      addedAt: (options.now?.() ?? new Date()).toISOString(),
      ...(converted.extraMeta ? { extra: converted.extraMeta } : {}),
    },
    converted.blocks,
  );
  const file = `${slugFor(title, date)}.md`;
  const parsed = parseDocument(documentId(file), file, markdown);
  if ('error' in parsed) return failure('empty_document', `${label} has no paragraphs of text to index.`);
  const document = parsed.document;
  const hash = contentHash(document.paragraphs);

  // The duplicate and name checks read the folder as it is now, not a possibly stale loaded corpus.
  const existing = await readCorpusFiles(dir);
  const twin = existing.documents.find((d) => contentHash(d.paragraphs) === hash);
  if (twin) {
    return failure('duplicate', `This document is already in the corpus as "${twin.title}" (${twin.id}); nothing was added.`, [twin.id]);
  }
  const taken = existing.files.find((f) => documentId(f).toLowerCase() === document.id.toLowerCase());
  if (taken) {
    const holder = existing.documents.find((d) => d.file === taken.split(path.sep).join('/'));
    return failure(
      'name_collision',
      `A document named ${taken}${holder ? ` ("${holder.title}")` : ''} is already in the corpus, and the new one would have the same name. ` +
        'Remove the old one first, or give the new one another title.',
      [documentId(taken)],
    );
  }

  const refused = await options.admit?.(document, markdown);
  if (refused) return refused;
  try {
    await writeAtomic(dir, file, markdown, options.afterTempOpen ? { afterTempOpen: options.afterTempOpen } : {});
  } catch (error) {
    if (error instanceof FileExistsError) {
      return failure('name_collision', `A document named ${file} was added to the corpus meanwhile; nothing was overwritten.`, [document.id]);
    }
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return failure('write_failed', `The document could not be saved in the corpus folder (${code}); nothing was added.`);
  }
  return {
    ok: true,
    document,
    file,
    path: path.join(dir, file),
    kind: sniffed.kind,
    hash,
    paragraphs: document.paragraphs.length,
    sections: document.sections.length,
    markdown,
  };
}

function urlPart(url: string | undefined, part: 'pathname' | 'hostname'): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url)[part] || undefined;
  } catch {
    return undefined;
  }
}

/** A failure when the corpus folder is missing or not a folder. */
async function corpusFolder(dir: string): Promise<Failure | undefined> {
  try {
    const stat = await fs.stat(dir);
    return stat.isDirectory() ? undefined : failure('no_corpus', `The corpus path ${dir} is not a folder.`);
  } catch {
    return failure('no_corpus', `The corpus folder ${dir} does not exist.`);
  }
}

/** Every corpus file in the folder and the documents that load from them. */
async function readCorpusFiles(dir: string): Promise<{ files: string[]; documents: CorpusDocument[]; warnings: LoadWarning[] }> {
  const files = await listCorpusFiles(dir);
  const results = await Promise.all(files.map((file) => loadFile(dir, file)));
  return {
    files,
    documents: results.flatMap((r) => ('document' in r ? [r.document] : [])),
    warnings: results.flatMap((r) => (r.warning ? [r.warning] : [])),
  };
}

/** Fetches a URL safely (see fetchUrl) and adds what it answered. */
export async function addUrl(
  corpusDir: string,
  url: string,
  who: { addedBy?: string } = {},
  options: IngestOptions & Omit<FetchOptions, 'limits'> = {},
): Promise<Outcome<Added & { url: string }>> {
  const folder = await corpusFolder(corpusDir);
  if (folder) return folder;
  const fetched = await fetchUrl(url, options);
  if (!fetched.ok) return fetched;
  const added = await addDocument(
    corpusDir,
    {
      bytes: fetched.bytes,
      url: fetched.url,
      ...(fetched.name ? { name: fetched.name } : {}),
      ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
      ...(who.addedBy ? { addedBy: who.addedBy } : {}),
    },
    options,
  );
  return added.ok ? { ...added, url: fetched.url } : added;
}

/** Reads a local file and adds it; the size is checked before the file is read. */
export async function addFile(corpusDir: string, filePath: string, who: { addedBy?: string } = {}, options: IngestOptions = {}): Promise<Outcome<Added>> {
  const limits: IngestLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const name = path.basename(filePath);
  let stat;
  try {
    stat = await fs.stat(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failure('not_found', code === 'ENOENT' ? `There is no file ${filePath}.` : `${filePath} cannot be read (${code ?? 'error'}).`);
  }
  if (!stat.isFile()) return failure('unsupported_type', `${filePath} is not a file.`);
  if (stat.size > limits.maxBytes) {
    return failure('too_large', `"${name}" is ${formatBytes(stat.size)}, more than the ${formatBytes(limits.maxBytes)} a document may be.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(filePath);
  } catch (error) {
    return failure('not_found', `${filePath} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return addDocument(corpusDir, { bytes, name, ...(who.addedBy ? { addedBy: who.addedBy } : {}) }, options);
}

export interface Removed {
  readonly id: string;
  readonly file: string;
  readonly title: string;
}

/**
 * Removes the document whose id is exactly `id` (its path under the folder without extension, as the loader
 * names it; a `.md`/`.txt` extension is accepted). Nothing fuzzy: a near miss is answered with suggestions.
 */
export function removeDocument(corpusDir: string, id: string): Promise<Outcome<Removed>> {
  return withCorpusLock(corpusDir, async () => {
    const folder = await corpusFolder(corpusDir);
    if (folder) return folder;
    const wanted = id.trim().replace(/\\/g, '/').replace(/\.(txt|md|markdown)$/i, '');
    if (!wanted) return failure('unknown_document', 'No document was named.');
    const { files, documents, warnings } = await readCorpusFiles(corpusDir);
    const file = files.find((f) => documentId(f) === wanted);
    if (!file) {
      const corpus = assembleCorpus(corpusDir, documents, warnings);
      const near = resolveDocument(corpus, wanted);
      const hints = near.ok ? [near.document.id] : (near.hints ?? []);
      return failure('unknown_document', `There is no document with the id "${wanted}" in the corpus.`, hints);
    }
    const document = documents.find((d) => d.id === wanted);
    try {
      await fs.unlink(path.join(corpusDir, file));
    } catch (error) {
      return failure('write_failed', `${file} could not be removed (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    return { ok: true, id: wanted, file: file.split(path.sep).join('/'), title: document?.title ?? titleFromId(wanted) };
  });
}

/**
 * The corpus with one more document, without reading the folder again: for re-indexing right after an add.
 * Passages of the documents already there keep their numbers; the new document's come last.
 */
export function corpusWith(corpus: Corpus, document: CorpusDocument): Corpus {
  return assembleCorpus(corpus.dir, [...corpus.documents.filter((d) => d.id !== document.id), document], corpus.warnings);
}

/** The corpus without the document `id`, for re-indexing right after a remove. */
export function corpusWithout(corpus: Corpus, id: string): Corpus {
  return assembleCorpus(corpus.dir, corpus.documents.filter((d) => d.id !== id), corpus.warnings);
}

export interface Listed {
  readonly id: string;
  readonly title: string;
  readonly date?: string;
  readonly source?: string;
  readonly publisher?: string;
  readonly paragraphs: number;
  readonly sections: number;
  readonly file: string;
}

/** The documents in the corpus folder, by id, and the files that could not be loaded. */
export async function listDocuments(corpusDir: string): Promise<Outcome<{ documents: Listed[]; warnings: LoadWarning[] }>> {
  const folder = await corpusFolder(corpusDir);
  if (folder) return folder;
  const { documents, warnings } = await readCorpusFiles(corpusDir);
  const listed = assembleCorpus(corpusDir, documents, warnings);
  return {
    ok: true,
    warnings: [...listed.warnings],
    documents: listed.documents.map((d) => ({
      id: d.id,
      title: d.title,
      ...(d.date ? { date: d.date } : {}),
      ...(d.source ? { source: d.source } : {}),
      ...(d.publisher ? { publisher: d.publisher } : {}),
      paragraphs: d.paragraphs.length,
      sections: d.sections.length,
      file: d.file,
    })),
  };
}
