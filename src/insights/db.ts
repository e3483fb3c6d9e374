/**
 * The insights database: one kysely query layer over two engines, the embedded PGlite (Postgres in WASM, in
 * `<DATA_DIR>/db/`) by default, or a real PostgreSQL server when DATABASE_URL is set. Same SQL on both.
 * Migrations are the plain numbered `.sql` files of `migrations/`, applied at open in one transaction each and
 * recorded in `schema_migrations`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type Generated } from 'kysely';
import { PROJECT_ROOT } from '../config/paths.ts';
import { describeUrl } from './text.ts';

export interface QuestionsTable {
  id: Generated<string>;
  answer_id: string;
  at: Date;
  guild: string;
  channel: string | null;
  user_key: string;
  command: string;
  question: string;
  question_key: string;
  terms: string[];
  abstained: boolean;
  docs: string[];
  paragraphs: string[];
  top_score: number | null;
  latency_ms: number;
  corpus_version: string;
}

export interface FeedbackTable {
  answer_id: string;
  user_key: string;
  guild: string;
  vote: number;
  comment: string | null;
  at: Date;
}

export interface Schema {
  questions: QuestionsTable;
  feedback: FeedbackTable;
  settings: { name: string; value: string };
  schema_migrations: { version: number; name: string; applied_at: Generated<Date> };
}

export type Db = Kysely<Schema>;

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');

export type Engine = 'pglite' | 'postgres';

export interface OpenedDb {
  readonly db: Db;
  readonly engine: Engine;
  /** Where it is: the folder (PGlite) or the server (host:port/database, no password). */
  readonly where: string;
  close(): Promise<void>;
}

/** A pg-style pool over one PGlite instance; connections are handed out one at a time (a transaction holds it). */
function pglitePool(pglite: { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }>; exec: (sql: string) => Promise<Array<{ rows: unknown[] }>>; close: () => Promise<void> }) {
  let tail: Promise<void> = Promise.resolve();
  return {
    async connect() {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const previous = tail;
      tail = previous.then(() => held);
      await previous;
      return {
        async query(text: string, parameters: readonly unknown[]) {
          // A migration file holds several statements: without parameters they go through the simple protocol.
          if (parameters.length === 0 && /;\s*\S/.test(text)) {
            const results = await pglite.exec(text);
            return { command: 'SELECT' as const, rowCount: 0, rows: results.at(-1)?.rows ?? [] };
          }
          const result = await pglite.query(text, [...parameters]);
          // kysely reads numAffectedRows from rowCount only for these commands, as pg reports them.
          const command = (/^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge)\b/i.exec(text)?.[1]?.toUpperCase() ?? 'SELECT') as 'SELECT';
          return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release() {
          release();
        },
      };
    },
    async end() {
      await pglite.close();
    },
  };
}

/** Opens (creating when new) the embedded database in `folder` (in memory without one). Throws when it cannot. */
export async function openPglite(folder?: string): Promise<OpenedDb> {
  if (folder) await fs.mkdir(folder, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = folder ? await PGlite.create(folder) : await PGlite.create();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: pglitePool(pglite as any) as any }) });
  return { db, engine: 'pglite', where: folder ?? 'memory', close: () => db.destroy() };
}

/** Connects to PostgreSQL at `url` (postgres://…). */
export async function openPostgres(url: string): Promise<OpenedDb> {
  const pg = (await import('pg')).default;
  // timestamptz and int8 as JavaScript values (counts are cast to int in the queries).
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {}); // an idle client losing its server: the next query reports it
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  // Fail now, not on the first write, when the server cannot be reached.
  await sql`select 1`.execute(db);
  return { db, engine: 'postgres', where: describeUrl(url), close: () => db.destroy() };
}

/** The numbered migration files (`001_name.sql`), in order. */
export async function migrationFiles(dir = MIGRATIONS_DIR): Promise<Array<{ version: number; name: string; file: string }>> {
  const names = (await fs.readdir(dir)).filter((n) => /^\d+_[\w-]+\.sql$/.test(n));
  return names.map((name) => ({ version: Number(name.split('_')[0]), name, file: path.join(dir, name) })).sort((a, b) => a.version - b.version);
}

/** Applies the migrations not yet recorded, each in its own transaction (shards starting together take a lock). */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<number[]> {
  await sql`create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())`.execute(db);
  const applied: number[] = [];
  for (const migration of await migrationFiles(dir)) {
    const text = await fs.readFile(migration.file, 'utf8');
    const done = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${7_140_014})`.execute(trx);
      const seen = await trx.selectFrom('schema_migrations').select('version').where('version', '=', migration.version).executeTakeFirst();
      if (seen) return false;
      // The migration file itself: trusted SQL shipped with the bot, never user input.
      await sql.raw(text).execute(trx);
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name }).execute();
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
