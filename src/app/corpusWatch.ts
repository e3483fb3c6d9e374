import { watchCorpus, type CorpusWatch, type WatchOptions } from '../core/live/watch.ts';
import type { Logger } from '../log/logger.ts';
import type { CorpusAdmin } from './corpusAdmin.ts';
import type { EngineHolder } from './engineHolder.ts';

export interface CorpusWatchOptions extends Pick<WatchOptions, 'debounceMs' | 'stableMs' | 'poll' | 'pollMs'> {
  readonly dir: string;
  readonly holder: EngineHolder;
  /** Changes this admin made itself are re-indexed already: the watcher skips them. */
  readonly admin?: CorpusAdmin;
  readonly logger: Logger;
}

/**
 * Keeps the answers in step with the corpus folder: files added, changed or deleted by hand are re-indexed a moment
 * after they settle (debounced; a file still being written is waited for), and each run is logged.
 */
export function watchAndReindex(options: CorpusWatchOptions): CorpusWatch {
  const { holder, admin, logger } = options;
  const watch = watchCorpus(
    options.dir,
    async (changes) => {
      const files = changes.map((c) => (c.exists ? c.file : `${c.file} (deleted)`));
      if (admin?.covers(changes)) {
        logger.debug('corpus change already indexed', { files });
        return;
      }
      logger.info('corpus changed; re-indexing', { files });
      const result = await holder.reindex();
      if (result.ok) logger.info('corpus re-indexed', { documents: holder.current.corpus.documents.length, ms: result.ms !== undefined ? Math.round(result.ms) : undefined });
      else logger.warn('corpus re-index failed; answers still come from the previous index', { reason: result.message });
    },
    {
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      ...(options.stableMs !== undefined ? { stableMs: options.stableMs } : {}),
      ...(options.poll !== undefined ? { poll: options.poll } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      onError: (error) => logger.warn('corpus watch problem', { error }),
    },
  );
  logger.debug('watching the corpus folder', { dir: options.dir, mode: watch.mode });
  return watch;
}
