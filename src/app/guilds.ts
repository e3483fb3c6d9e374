import fs from 'node:fs/promises';
import { engineOf, type Engine } from '../core/engine.ts';
import { federatedEngine } from '../core/guild/federated.ts';
import { folderUsage, guildFolder, markJoined, markLeft, sweepLeftGuilds } from '../core/guild/store.ts';
import { formatBytes } from '../core/ingest/limits.ts';
import { LiveEngine } from '../core/live/live.ts';
import type { CorpusWatch } from '../core/live/watch.ts';
import { failure, type Outcome } from '../core/types.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import { CorpusAdmin, type CorpusAdminOptions } from './corpusAdmin.ts';
import { watchAndReindex } from './corpusWatch.ts';
import type { EngineHolder, ReindexOutcome } from './engineHolder.ts';

export interface GuildLimits {
  /** Documents a server may hold (GUILD_MAX_DOCUMENTS). */
  readonly maxDocuments: number;
  /** Bytes of text a server's documents may hold together (GUILD_MAX_BYTES). */
  readonly maxBytes: number;
}

export interface GuildCorporaOptions {
  /** DATA_DIR: server folders are `<dataDir>/guilds/<guild id>/`. */
  readonly dataDir: string;
  /** The base corpus answering in every server (shared, never copied). */
  readonly base: EngineHolder;
  readonly limits: GuildLimits;
  /** Memory budget for the servers' own indexes kept loaded (GUILD_INDEX_MB, in bytes); least recently used go first. */
  readonly indexBudgetBytes: number;
  /** Days a server's folder is kept after the bot left it (GUILD_RETENTION_DAYS). */
  readonly retentionDays: number;
  readonly logger?: Logger;
  /** Watch each loaded server's folder for changes by hand (default true). */
  readonly watch?: boolean;
  /** The servers' index snapshots next to their folders (default as the base: on unless POLICYBOT_SNAPSHOT=off). */
  readonly snapshot?: boolean;
  /** Passed to each server's CorpusAdmin (URL fetching, ingest limits, clock). */
  readonly admin?: Pick<CorpusAdminOptions, 'fetch' | 'limits' | 'now'>;
}

/** One server's documents: its own engine (when it has documents), its answers' engine, its corpus admin. */
export interface GuildScope {
  readonly id: string;
  readonly dir: string;
  /** Answers in this server: the base and the server's documents as one corpus (the base alone while it has none). */
  readonly holder: EngineHolder;
  /** /corpus in this server: the server's own documents only. */
  readonly admin: CorpusAdmin;
  /** The server's own engine (an empty one while it has no documents). */
  readonly own: EngineHolder;
}

/** An engine over no documents: what a server without documents of its own manages. */
export function emptyEngine(dir: string): Engine {
  return engineOf({ dir, documents: [], byId: new Map(), passages: [], warnings: [] }, { documentIds: [], facts: [], quotes: [], glossary: [], speakers: [], passages: [] });
}

/**
 * What an engine's heap and buffers hold beyond its typed arrays, text and per-passage objects (extraction, figure
 * and quote ranking, key terms): measured by `npm run bench` (50 servers of 1 MB: about 9.4 MB each, against
 * 3.9 MB counted), and applied to the count.
 */
const ENGINE_OVERHEAD = 2.4;

/** Estimated bytes an engine holds: its index's typed arrays, its text (UTF-16) and per-passage objects, times ENGINE_OVERHEAD. */
export function engineBytes(engine: Engine): number {
  let bytes = 0;
  const visit = (value: unknown) => {
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
    else if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map)) for (const inner of Object.values(value)) if (ArrayBuffer.isView(inner)) bytes += inner.byteLength;
  };
  for (const value of Object.values(engine.index.compact)) visit(value);
  for (const document of engine.corpus.documents) for (const paragraph of document.paragraphs) bytes += paragraph.length * 2;
  bytes += engine.corpus.passages.length * 200 + engine.index.compact.terms.length * 40;
  return Math.round(bytes * ENGINE_OVERHEAD);
}

class Scope implements GuildScope {
  readonly holder: EngineHolder;
  readonly own: EngineHolder;
  readonly admin: CorpusAdmin;
  live: LiveEngine | undefined;
  watch: CorpusWatch | undefined;
  bytes = 0;
  #empty: Engine;
  #cached: { base: Engine; own: Engine; engine: Engine } | undefined;
  #opening: Promise<ReindexOutcome> | undefined;

  constructor(
    readonly id: string,
    readonly dir: string,
    private readonly corpora: GuildCorpora,
  ) {
    this.#empty = emptyEngine(dir);
    const scope = this;
    this.own = {
      get current() {
        return scope.live?.current ?? scope.#empty;
      },
      reindex: () => scope.reindex(),
    };
    this.holder = {
      get current() {
        return scope.answering();
      },
      reindex: () => scope.reindex(),
    };
    const options = corpora.options;
    this.admin = new CorpusAdmin({
      ...options.admin,
      dir,
      holder: this.own,
      prepare: async () => {
        await fs.mkdir(dir, { recursive: true });
        await markJoined(options.dataDir, id);
      },
      admit: async (_document, markdown) => {
        const usage = await folderUsage(dir);
        const { maxDocuments, maxBytes } = options.limits;
        if (usage.documents + 1 > maxDocuments) {
          return failure('guild_limit', `This server has ${usage.documents} documents, the most it may hold (${maxDocuments}); remove one before adding another. Nothing was added.`);
        }
        const size = Buffer.byteLength(markdown);
        if (usage.bytes + size > maxBytes) {
          return failure('guild_limit', `This document (${formatBytes(size)} of text) would take this server's documents past their ${formatBytes(maxBytes)} limit (${formatBytes(usage.bytes)} used); remove some first. Nothing was added.`);
        }
        return undefined;
      },
      baseDocuments: () => options.base.current.corpus.documents.length,
    });
  }

  /** The engine answering in this server now: the base and the server's documents, or the base alone. */
  answering(): Engine {
    const base = this.corpora.options.base.current;
    const own = this.live?.current;
    if (!own) return base;
    if (this.#cached?.base !== base || this.#cached.own !== own) this.#cached = { base, own, engine: federatedEngine(base, own) };
    return this.#cached.engine;
  }

  /** Opens the server's own engine when its folder has documents (from its snapshot when it matches). */
  open(): Promise<ReindexOutcome> {
    return (this.#opening ??= this.#open().finally(() => (this.#opening = undefined)));
  }

  async #open(): Promise<ReindexOutcome> {
    if (this.live) return { ok: true };
    const usage = await folderUsage(this.dir);
    if (usage.documents === 0) return { ok: true };
    // Opened as a re-index of an empty engine: the documents are analysed (or read from the snapshot) in a worker
    // thread and assembled in slices, so a server's first use never holds up the answers in other servers.
    const live = LiveEngine.of(this.dir, this.#empty, { ...(this.corpora.options.snapshot !== undefined ? { snapshot: this.corpora.options.snapshot } : {}) });
    const opened = await live.reindex();
    // A folder whose files are all unusable answers from the base alone.
    if (!opened.ok || live.current.corpus.documents.length === 0) return { ok: true, ...(opened.message ? { message: opened.message } : {}) };
    this.#attach(live);
    return { ok: true };
  }

  #attach(live: LiveEngine): void {
    this.live = live;
    live.on('warning', (w) => this.corpora.options.logger?.warn('server document skipped', { guild: this.id, file: w.file, reason: w.reason }));
    live.on('swapped', () => this.corpora.measure(this));
    live.on('merged', () => this.corpora.measure(this));
    this.corpora.measure(this);
    if (this.corpora.options.watch !== false && !this.watch) {
      this.watch = watchAndReindex({ dir: this.dir, holder: this.own, admin: this.admin, logger: this.corpora.options.logger ?? silentLogger });
    }
  }

  /** Re-reads the server's folder: opens its engine on its first document, drops it after its last. */
  async reindex(): Promise<ReindexOutcome> {
    if (!this.live) {
      const opened = await this.open();
      return this.live ? opened : { ok: true };
    }
    const usage = await folderUsage(this.dir);
    if (usage.documents === 0) {
      this.close();
      return { ok: true };
    }
    return this.live.reindex();
  }

  close(): void {
    this.watch?.close();
    this.watch = undefined;
    this.live = undefined;
    this.#cached = undefined;
    this.bytes = 0;
  }
}

/**
 * Every server's documents: a scope per server, made on first use (an interaction from that server), whose own
 * index is opened then and kept while used, within a memory budget (least recently used servers' indexes are
 * dropped first, and opened again from their snapshot when next used). The base engine is shared by all.
 */
export class GuildCorpora {
  readonly #scopes = new Map<string, Scope>();

  constructor(readonly options: GuildCorporaOptions) {}

  /** The scope of a server, its own index opened; `bad_guild_id` for an id that is not a snowflake. */
  async scope(guildId: string): Promise<Outcome<{ scope: GuildScope }>> {
    const folder = guildFolder(this.options.dataDir, guildId);
    if (!folder.ok) return folder;
    let scope = this.#scopes.get(guildId);
    if (scope) this.#scopes.delete(guildId);
    else scope = new Scope(guildId, folder.dir, this);
    this.#scopes.set(guildId, scope); // most recently used last
    await scope.open();
    return { ok: true, scope };
  }

  /** Servers whose own index is loaded now, least recently used first, with their estimated bytes. */
  loaded(): { id: string; bytes: number; documents: number }[] {
    return [...this.#scopes.values()].filter((s) => s.live).map((s) => ({ id: s.id, bytes: s.bytes, documents: s.live!.current.corpus.documents.length }));
  }

  /** Re-measures a scope after it changed, and drops least recently used indexes beyond the budget. */
  measure(scope: Scope): void {
    scope.bytes = scope.live ? engineBytes(scope.live.current) : 0;
    let total = [...this.#scopes.values()].reduce((sum, s) => sum + s.bytes, 0);
    for (const other of this.#scopes.values()) {
      if (total <= this.options.indexBudgetBytes) break;
      if (other === scope || !other.live) continue;
      total -= other.bytes;
      this.options.logger?.info('server index unloaded (memory budget)', { guild: other.id, mb: Math.round(other.bytes / 1e5) / 10 });
      other.close();
    }
  }

  /** The bot left a server (not an outage): its folder is kept GUILD_RETENTION_DAYS, then deleted. */
  async left(guildId: string, now = new Date()): Promise<void> {
    this.#scopes.get(guildId)?.close();
    this.#scopes.delete(guildId);
    if (await markLeft(this.options.dataDir, guildId, now)) this.options.logger?.info('left a server; its documents are kept for the retention period', { guild: guildId, days: this.options.retentionDays });
  }

  /** The bot is in a server (joined, or back): a folder marked for deletion is kept. */
  async joined(guildId: string): Promise<void> {
    await markJoined(this.options.dataDir, guildId);
  }

  /** Deletes the folders of servers left more than GUILD_RETENTION_DAYS ago. */
  async sweep(now = new Date()): Promise<string[]> {
    const purged = await sweepLeftGuilds(this.options.dataDir, this.options.retentionDays, now);
    for (const id of purged) this.options.logger?.info('deleted the documents of a server left long ago', { guild: id, days: this.options.retentionDays });
    return purged;
  }

  close(): void {
    for (const scope of this.#scopes.values()) scope.close();
    this.#scopes.clear();
  }
}
