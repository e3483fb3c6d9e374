import fs from 'node:fs/promises';
import path from 'node:path';
import { sharedFiles, type Files } from '../files.ts';
import { failure, type CorpusDocument, type LoadWarning, type Outcome, type Passage } from '../types.ts';
import { parseDocument } from './parse.ts';
import { passagesOf } from './passages.ts';

/** The loaded corpus: documents, their passages, and what could not be loaded. */
export interface Corpus {
  readonly dir: string;
  readonly documents: readonly CorpusDocument[];
  readonly byId: ReadonlyMap<string, CorpusDocument>;
  readonly passages: readonly Passage[];
  readonly warnings: readonly LoadWarning[];
}

export const CORPUS_EXTENSIONS = ['.txt', '.md', '.markdown'];

/** One file read and parsed, or the reason it was left out. */
export type FileResult = { readonly document: CorpusDocument; readonly warning?: LoadWarning } | { readonly warning: LoadWarning };

/** Lists corpus files under `dir`, recursively, sorted; hidden files and folders are skipped. */
export async function listCorpusFiles(dir: string, files: Files = sharedFiles): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string) => {
    const entries = await files.readdir(folder);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && CORPUS_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
        found.push(path.relative(dir, full));
      }
    }
  };
  await walk(dir);
  return found.sort();
}

/** A document's id: its path under the corpus folder, without extension, with `/` separators. */
export function documentId(relativeFile: string): string {
  return relativeFile.split(path.sep).join('/').replace(/\.[^./]+$/, '');
}

/** Decodes a file's bytes as UTF-8 text, or says why it is not text. */
export function decodeText(bytes: Uint8Array): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'empty file' };
  if (bytes.includes(0)) return { reason: 'binary file (contains NUL bytes), not text' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { reason: 'not valid UTF-8 text (could not be decoded)' };
  }
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > 8 && controls > text.length / 100) return { reason: 'binary file (control characters), not text' };
  if (!text.trim()) return { reason: 'empty file (only white space)' };
  return { text };
}

/** Reads and parses one corpus file. Never throws: problems come back as a warning. */
export async function loadFile(dir: string, relativeFile: string): Promise<FileResult> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path.join(dir, relativeFile));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { warning: { file: relativeFile, reason: `cannot be read (${code})` } };
  }
  return parseFile(relativeFile, bytes);
}

/** Parses one corpus file's bytes (see loadFile). */
export function parseFile(relativeFile: string, bytes: Uint8Array): FileResult {
  const decoded = decodeText(bytes);
  if ('reason' in decoded) return { warning: { file: relativeFile, reason: decoded.reason } };
  const parsed = parseDocument(documentId(relativeFile), relativeFile.split(path.sep).join('/'), decoded.text);
  if ('error' in parsed) return { warning: { file: relativeFile, reason: parsed.error } };
  return parsed.warning
    ? { document: parsed.document, warning: { file: relativeFile, reason: parsed.warning } }
    : { document: parsed.document };
}

/** Assembles a corpus from parsed documents, numbering passages in document order. */
export function assembleCorpus(
  dir: string,
  documents: readonly CorpusDocument[],
  warnings: readonly LoadWarning[],
  cut: (document: CorpusDocument, firstIndex: number) => Passage[] = passagesOf,
): Corpus {
  const byId = new Map<string, CorpusDocument>();
  const kept: CorpusDocument[] = [];
  const allWarnings = [...warnings];
  for (const document of documents) {
    const twin = byId.get(document.id);
    if (twin) {
      allWarnings.push({ file: document.file, reason: `same document id "${document.id}" as ${twin.file}; skipped` });
      continue;
    }
    byId.set(document.id, document);
    kept.push(document);
  }
  const passages: Passage[] = [];
  for (const document of kept) for (const passage of cut(document, passages.length)) passages.push(passage);
  return { dir, documents: kept, byId, passages, warnings: allWarnings };
}

/** The corpus files of folder `dir`, or why it cannot be a corpus folder. */
export async function corpusFolderFiles(dir: string, files: Files = sharedFiles): Promise<Outcome<{ files: string[] }>> {
  try {
    const stat = await files.stat(dir);
    if (!stat.isDirectory()) return failure('no_corpus', `The corpus path ${dir} is not a folder.`);
    return { ok: true, files: await listCorpusFiles(dir, files) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failure('no_corpus', code === 'ENOENT' ? `The corpus folder ${dir} does not exist.` : `The corpus folder ${dir} cannot be read (${code ?? 'error'}).`);
  }
}

/** The failure of a folder where no file gave a document. */
export function emptyCorpus(dir: string, fileCount: number) {
  return failure('empty_corpus', fileCount === 0
    ? `The corpus folder ${dir} has no .txt or .md documents.`
    : `None of the ${fileCount} files in ${dir} could be used as a document.`);
}

/** Loads every `.txt` and `.md` file under `dir`. */
export async function loadCorpus(dir: string): Promise<Outcome<{ corpus: Corpus }>> {
  const listed = await corpusFolderFiles(dir);
  if (!listed.ok) return listed;
  const { files } = listed;
  const results: FileResult[] = [];
  const CONCURRENCY = 16;
  for (let i = 0; i < files.length; i += CONCURRENCY) {
    results.push(...(await Promise.all(files.slice(i, i + CONCURRENCY).map((file) => loadFile(dir, file)))));
  }
  const documents = results.flatMap((r) => ('document' in r ? [r.document] : []));
  const warnings = results.flatMap((r) => (r.warning ? [r.warning] : []));
  const corpus = assembleCorpus(dir, documents, warnings);
  if (corpus.documents.length === 0) return emptyCorpus(dir, files.length);
  return { ok: true, corpus };
}
