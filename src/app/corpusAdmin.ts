import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../core/engine.ts';
import { addDocument, removeDocument, type IngestInput, type IngestOptions } from '../core/ingest/add.ts';
import { fetchUrl, type FetchOptions } from '../core/ingest/fetchUrl.ts';
import { DEFAULT_LIMITS, type IngestLimits } from '../core/ingest/limits.ts';
import type { DocumentKind } from '../core/ingest/sniff.ts';
import type { CorpusChange } from '../core/live/watch.ts';
import { failure, type DocumentInfo, type Highlight, type Outcome } from '../core/types.ts';
import type { EngineHolder, ReindexOutcome } from './engineHolder.ts';

/** A first taste of a new document: its top key figure, or the answer to its title as a question. */
export interface SampleAnswer {
  readonly label: 'Key figure' | 'Sample answer';
  /** The question asked (for a sample answer). */
  readonly question?: string;
  /** Verbatim from the document. */
  readonly text: string;
  readonly highlights?: readonly Highlight[];
  readonly doc: DocumentInfo;
  readonly paragraph: number;
}

/** What `/corpus add` tells: the document as the new index holds it. */
export interface AddSummary {
  readonly doc: DocumentInfo;
  /** The new file, relative to the corpus folder. */
  readonly file: string;
  readonly kind: DocumentKind;
  readonly paragraphs: number;
  readonly sections: number;
  readonly figures: number;
  readonly quotes: number;
  readonly sample?: SampleAnswer;
  /** Documents in the corpus now. */
  readonly documents: number;
}

export interface ListedDocument {
  readonly id: string;
  readonly title: string;
  readonly date?: string;
  readonly paragraphs: number;
}

/** The corpus command's replies, platform-neutral. */
export type CorpusReply =
  | { readonly action: 'added'; readonly summary: AddSummary }
  | { readonly action: 'removed'; readonly id: string; readonly title: string; readonly file: string; readonly documents: number }
  | {
      readonly action: 'list';
      readonly documents: readonly ListedDocument[];
      readonly page: number;
      readonly pages: number;
      readonly total: number;
      readonly first: number;
      /** In a server: how many base documents are answered from besides the server's own (listed apart, not here). */
      readonly base?: number;
    }
  | { readonly action: 'confirm'; readonly id: string; readonly title: string; readonly date?: string; readonly paragraphs: number }
  | { readonly action: 'cancelled'; readonly title?: string }
  | { readonly action: 'reloaded'; readonly documents: number; readonly passages: number; readonly ms?: number };

export interface CorpusAdminOptions {
  readonly dir: string;
  readonly holder: EngineHolder;
  /** For URL adds and attachment downloads; `allowPrivateAddresses` is for tests only, set in code, never from input. */
  readonly fetch?: Pick<FetchOptions, 'allowPrivateAddresses' | 'resolve'>;
  readonly limits?: Partial<IngestLimits>;
  /** Clock for `added_at` (tests). */
  readonly now?: () => Date;
  /** Run before each add (a server's folder is created on its first add). */
  readonly prepare?: () => Promise<void>;
  /** The last check before an add writes, with the folder locked (a server's limits): a failure refuses it. */
  readonly admit?: IngestOptions['admit'];
  /** For a server's documents: how many base documents its answers also use (shown apart by `list`). */
  readonly baseDocuments?: () => number;
}

export const LIST_PAGE_SIZE = 10;

/** A short stable token for a document id, for button ids (Discord's custom_id is at most 100 characters). */
export function documentToken(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}

/**
 * The corpus folder managed from a chat: adds and removes are written atomically (src/core/ingest), run one at a
 * time, and are followed by a re-index whose new engine answers from then on. A refused input, a failed write or a
 * failed re-index leaves the folder as it was and the old engine answering; every failure is a coded value with a
 * sentence fit to show.
 */
export class CorpusAdmin {
  readonly dir: string;
  readonly holder: EngineHolder;
  readonly limits: IngestLimits;
  #queue: Promise<unknown> = Promise.resolve();
  /** Files this admin wrote or removed, with what they looked like then: the watcher need not re-index for them. */
  readonly #handled = new Map<string, { exists: boolean; size?: number; mtimeMs?: number; at: number }>();

  constructor(private readonly options: CorpusAdminOptions) {
    this.dir = options.dir;
    this.holder = options.holder;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  get engine(): Engine {
    return this.holder.current;
  }

  /** Runs `task` after every earlier add or remove of this admin. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Adds a document from its bytes (an upload): convert, write, re-index, summarise. */
  addBytes(input: IngestInput): Promise<Outcome<{ summary: AddSummary }>> {
    return this.#serial(async () => {
      await this.options.prepare?.();
      const added = await addDocument(this.dir, input, {
        limits: this.limits,
        ...(this.options.now ? { now: this.options.now } : {}),
        ...(this.options.admit ? { admit: this.options.admit } : {}),
      });
      if (!added.ok) return added;
      await this.#remember(added.file);
      const reindexed = await this.holder.reindex();
      if (!reindexed.ok) {
        // Take the file back out, so the folder and the answers agree again.
        await fs.rm(added.path, { force: true });
        await this.#remember(added.file);
        return failure('reindex_failed', `The document could not be indexed${reason(reindexed)}, so it was not added; answers are unchanged.`);
      }
      return { ok: true, summary: summarise(this.engine, added.document.id, { file: added.file, kind: added.kind, paragraphs: added.paragraphs, sections: added.sections, doc: added.document }) };
    });
  }

  /** Downloads a link safely (only public addresses, size and time capped) and adds what it answered. */
  async addUrl(url: string, addedBy?: string): Promise<Outcome<{ summary: AddSummary }>> {
    const fetched = await fetchUrl(url, { ...this.options.fetch, limits: this.limits });
    if (!fetched.ok) return fetched;
    return this.addBytes({
      bytes: fetched.bytes,
      url: fetched.url,
      ...(fetched.name ? { name: fetched.name } : {}),
      ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
      ...(addedBy ? { addedBy } : {}),
    });
  }

  /** Downloads an uploaded file (its URL on the platform's CDN) with the same guards as a link. */
  async download(url: string, size = 0): Promise<Outcome<{ bytes: Uint8Array }>> {
    if (size > this.limits.maxBytes) return failure('too_large', `The file is ${formatSize(size)}, more than the ${formatSize(this.limits.maxBytes)} a document may be.`);
    const fetched = await fetchUrl(url, { ...this.options.fetch, limits: this.limits });
    return fetched.ok ? { ok: true, bytes: fetched.bytes } : fetched;
  }

  /** The document with this id, or whose token (see documentToken) this is, in the engine answering now. */
  find(idOrToken: string): ListedDocument | undefined {
    const documents = this.engine.corpus.documents;
    const d = this.engine.corpus.byId.get(idOrToken) ?? documents.find((doc) => documentToken(doc.id) === idOrToken);
    return d ? listed(d) : undefined;
  }

  /** Removes a document by its exact id, then re-indexes. */
  remove(id: string): Promise<Outcome<{ id: string; title: string; file: string; documents: number }>> {
    return this.#serial(async () => {
      const removed = await removeDocument(this.dir, id);
      if (!removed.ok) return removed;
      await this.#remember(removed.file);
      const reindexed = await this.holder.reindex();
      if (!reindexed.ok) {
        return failure(
          'reindex_failed',
          `"${removed.title}" was removed from the folder, but the index could not be rebuilt${reason(reindexed)}; answers still come from the previous index until the next successful /corpus reload.`,
        );
      }
      return { ok: true, id: removed.id, title: removed.title, file: removed.file, documents: this.engine.corpus.documents.length };
    });
  }

  /** One page of the documents the engine answers from, by title. */
  list(page = 1, perPage = LIST_PAGE_SIZE): { documents: ListedDocument[]; page: number; pages: number; total: number; first: number; base?: number } {
    const all = [...this.engine.corpus.documents].sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const shown = Math.min(Math.max(1, Math.floor(page)), pages);
    const start = (shown - 1) * perPage;
    const base = this.options.baseDocuments?.();
    return { documents: all.slice(start, start + perPage).map(listed), page: shown, pages, total: all.length, first: start + 1, ...(base !== undefined ? { base } : {}) };
  }

  /** Re-reads the whole folder (after changes made by hand, when the watcher is off or missed them). */
  reload(): Promise<Outcome<{ documents: number; passages: number; ms?: number }>> {
    return this.#serial(async () => {
      const reindexed = await this.holder.reindex();
      if (!reindexed.ok) return failure('reindex_failed', `The corpus could not be re-indexed${reason(reindexed)}; answers still come from the previous index.`);
      const { corpus } = this.engine;
      return { ok: true, documents: corpus.documents.length, passages: corpus.passages.length, ...(reindexed.ms !== undefined ? { ms: reindexed.ms } : {}) };
    });
  }

  /**
   * Whether every change a watcher saw was made by this admin (and so is re-indexed already): a file it wrote or
   * removed, still exactly as it left it.
   */
  covers(changes: readonly CorpusChange[]): boolean {
    const now = Date.now();
    for (const [file, entry] of this.#handled) if (now - entry.at > 60_000) this.#handled.delete(file);
    return changes.every((change) => {
      const entry = this.#handled.get(change.file);
      if (!entry || entry.exists !== change.exists) return false;
      return !change.exists || (entry.size === change.size && entry.mtimeMs === change.mtimeMs);
    });
  }

  async #remember(file: string): Promise<void> {
    const key = file.split(path.sep).join('/');
    try {
      const stat = await fs.stat(path.join(this.dir, file));
      this.#handled.set(key, { exists: true, size: stat.size, mtimeMs: stat.mtimeMs, at: Date.now() });
    } catch {
      this.#handled.set(key, { exists: false, at: Date.now() });
    }
  }
}

function reason(result: ReindexOutcome): string {
  return result.message ? ` (${result.message.replace(/\.$/, '')})` : '';
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function listed(d: { id: string; title: string; date?: string; paragraphs: readonly string[] }): ListedDocument {
  return { id: d.id, title: d.title, ...(d.date ? { date: d.date } : {}), paragraphs: d.paragraphs.length };
}

/** The summary of a new document, read from the engine that now answers. */
export function summarise(
  engine: Engine,
  id: string,
  added: { file: string; kind: DocumentKind; paragraphs: number; sections: number; doc: DocumentInfo },
): AddSummary {
  const document = engine.corpus.byId.get(id);
  const doc: DocumentInfo = document
    ? { id: document.id, title: document.title, ...(document.date ? { date: document.date } : {}), ...(document.source ? { source: document.source } : {}), ...(document.publisher ? { publisher: document.publisher } : {}) }
    : { id: added.doc.id, title: added.doc.title, ...(added.doc.date ? { date: added.doc.date } : {}), ...(added.doc.source ? { source: added.doc.source } : {}) };
  const figures = engine.extraction.facts.filter((f) => f.docId === id).length;
  const quotes = engine.extraction.quotes.filter((q) => q.docId === id).length;
  return {
    doc,
    file: added.file,
    kind: added.kind,
    paragraphs: document?.paragraphs.length ?? added.paragraphs,
    sections: document?.sections.length ?? added.sections,
    figures,
    quotes,
    documents: engine.corpus.documents.length,
    ...(document ? sampleOf(engine, id, document.title) : {}),
  };
}

function sampleOf(engine: Engine, id: string, title: string): { sample?: SampleAnswer } {
  const stats = engine.stats('', { doc: id, limit: 1 });
  const fact = stats.ok ? stats.stats.results[0] : undefined;
  if (fact) {
    return { sample: { label: 'Key figure', text: fact.text, highlights: [[fact.at, fact.at + fact.value.length]], doc: fact.doc, paragraph: fact.paragraph } };
  }
  const asked = engine.ask(title, { doc: id, limit: 1 });
  const result = asked.ok && !asked.answer.abstained ? asked.answer.results[0] : undefined;
  if (result) return { sample: { label: 'Sample answer', question: title, text: result.text, highlights: result.highlights, doc: result.doc, paragraph: result.paragraph } };
  // Nothing matched the title: the document's first paragraph is still its own words.
  const first = engine.corpus.byId.get(id)?.paragraphs[0];
  const doc = engine.corpus.byId.get(id);
  return first && doc ? { sample: { label: 'Sample answer', text: first.length > 400 ? `${first.slice(0, 399)}…` : first, doc: { id: doc.id, title: doc.title, ...(doc.date ? { date: doc.date } : {}) }, paragraph: 1 } } : {};
}
