/** The question log from the settings: embedded PGlite in `<DATA_DIR>/db/`, or PostgreSQL at DATABASE_URL. */
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../config/paths.ts';
import { processAlive } from '../core/processes.ts';
import type { Logger } from '../log/logger.ts';
import type { OpenedDb } from './db.ts';
import { describeUrl } from './text.ts';
import { QuestionLog, type QuestionLogMode } from './log.ts';

export interface LogSettings {
  readonly QUESTION_LOG: QuestionLogMode;
  readonly LOG_RETENTION_DAYS: number;
  readonly DATABASE_URL?: string | undefined;
  readonly DATA_DIR?: string | undefined;
}

/** The embedded database's folder. */
export function embeddedFolder(settings: Pick<LogSettings, 'DATA_DIR'>): string {
  return path.join(dataDir(undefined, settings.DATA_DIR ? { DATA_DIR: settings.DATA_DIR } : {}), 'db');
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);

/**
 * One process at a time may open an embedded folder (PGlite has no lock of its own): `<folder>.lock` holds the
 * owner's pid; a lock left by a process that is gone is taken over.
 */
function lockFolder(folder: string): () => void {
  const lock = `${folder}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) throw Object.assign(new Error(`in use by process ${pid}`), { code: 'LOCKED' });
      fs.rmSync(lock, { force: true });
    }
  }
  throw Object.assign(new Error('could not take the lock'), { code: 'LOCKED' });
}

export async function openEmbedded(folder: string): Promise<OpenedDb> {
  const unlock = lockFolder(folder);
  try {
    const { openPglite } = await import('./db.ts');
    const opened = await openPglite(folder);
    return { ...opened, close: () => opened.close().finally(unlock) };
  } catch (error) {
    unlock();
    throw error;
  }
}

export function questionLogFrom(settings: LogSettings, extra: { logger?: Logger; onProblem?: (line: string) => void } = {}): QuestionLog {
  if (settings.QUESTION_LOG === 'off') return QuestionLog.off();
  const url = settings.DATABASE_URL;
  const folder = embeddedFolder(settings);
  return new QuestionLog({
    mode: settings.QUESTION_LOG,
    retentionDays: settings.LOG_RETENTION_DAYS,
    // The database code (kysely, PGlite, pg) loads only here, in the background: a start never waits for it.
    open: async () => (url ? (await import('./db.ts')).openPostgres(url) : openEmbedded(folder)),
    explain: url
      ? (error) => `the question log's PostgreSQL server at ${describeUrl(url)} cannot be reached (${reason(error)}); check DATABASE_URL and that the server runs (retrying every 30 s)`
      : (error) =>
          (error as { code?: string }).code === 'LOCKED'
            ? `the question log's database ${folder} is ${reason(error)}: stop the other policybot using this DATA_DIR, or give this one its own DATA_DIR (or DATABASE_URL)`
            : `the question log's database ${folder} cannot be opened (${reason(error)}): if it is damaged, move the folder away and a new, empty log is made at the next start`,
    ...(url ? { retryOpenMs: 30_000 } : {}),
    ...(extra.logger ? { logger: extra.logger } : {}),
    ...(extra.onProblem ? { onProblem: extra.onProblem } : {}),
  });
}
