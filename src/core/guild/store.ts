import fs from 'node:fs/promises';
import path from 'node:path';
import { listCorpusFiles } from '../corpus/load.ts';
import { failure, type Outcome } from '../types.ts';

/**
 * Server documents on disk: `<DATA_DIR>/guilds/<guild id>/`, one folder per server, laid out as the base corpus
 * is (any `.md`/`.txt` file in it, recursively, is a document; hidden files are not). The folder layout is the
 * contract: it can be backed up, moved, or edited by hand. A guild id becomes a path only once it is a
 * snowflake (17 to 20 digits), so no input can name another folder.
 */
export const SNOWFLAKE = /^\d{17,20}$/;

/** Written in a server's folder when the bot leaves the server (hidden: the loader skips it): the ISO time. */
export const LEFT_MARKER = '.policybot-left';

export function isGuildId(id: unknown): id is string {
  return typeof id === 'string' && SNOWFLAKE.test(id);
}

/** Where all server folders live. */
export function guildsRoot(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'guilds');
}

/** The folder of one server's documents, or `bad_guild_id` when the id is not a snowflake. */
export function guildFolder(dataDir: string, id: string): Outcome<{ dir: string }> {
  if (!isGuildId(id)) return failure('bad_guild_id', `"${String(id).slice(0, 40)}" is not a Discord server id (17 to 20 digits).`);
  return { ok: true, dir: path.join(guildsRoot(dataDir), id) };
}

export interface FolderUsage {
  /** Corpus files (`.md`, `.txt`) in the folder. */
  readonly documents: number;
  /** Their total size in bytes (the documents' text, as written). */
  readonly bytes: number;
}

/** How many documents a folder holds and how large they are; an absent folder holds none. */
export async function folderUsage(dir: string): Promise<FolderUsage> {
  let files: string[];
  try {
    files = await listCorpusFiles(dir);
  } catch {
    return { documents: 0, bytes: 0 };
  }
  const sizes = await Promise.all(files.map((file) => fs.stat(path.join(dir, file)).then((s) => s.size, () => 0)));
  return { documents: files.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

export interface GuildFolder extends FolderUsage {
  readonly id: string;
  readonly dir: string;
  /** When the bot left the server (its folder is deleted GUILD_RETENTION_DAYS later). */
  readonly leftAt?: string;
}

/** Every server folder under the data folder (folders not named by a snowflake are not servers and are left alone). */
export async function listGuildFolders(dataDir: string): Promise<GuildFolder[]> {
  const root = guildsRoot(dataDir);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const guilds = entries.filter((e) => e.isDirectory() && isGuildId(e.name)).map((e) => e.name).sort();
  return Promise.all(
    guilds.map(async (id) => {
      const dir = path.join(root, id);
      const leftAt = await leftAtOf(dir);
      return { id, dir, ...(await folderUsage(dir)), ...(leftAt ? { leftAt } : {}) };
    }),
  );
}

async function leftAtOf(dir: string): Promise<string | undefined> {
  try {
    const text = (await fs.readFile(path.join(dir, LEFT_MARKER), 'utf8')).trim();
    return Number.isNaN(Date.parse(text)) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The bot left a server: its folder (if any) is marked with the time, for deletion after the retention period. */
export async function markLeft(dataDir: string, id: string, now: Date = new Date()): Promise<boolean> {
  const folder = guildFolder(dataDir, id);
  if (!folder.ok) return false;
  try {
    if (!(await fs.stat(folder.dir)).isDirectory()) return false;
    if (await leftAtOf(folder.dir)) return true;
    await fs.writeFile(path.join(folder.dir, LEFT_MARKER), `${now.toISOString()}\n`);
    return true;
  } catch {
    return false;
  }
}

/** The bot is in the server (again): its folder is kept. */
export async function markJoined(dataDir: string, id: string): Promise<void> {
  const folder = guildFolder(dataDir, id);
  if (folder.ok) await fs.rm(path.join(folder.dir, LEFT_MARKER), { force: true });
}

/** Deletes a server's folder now. */
export async function purgeGuild(dataDir: string, id: string): Promise<Outcome<{ dir: string; documents: number }>> {
  const folder = guildFolder(dataDir, id);
  if (!folder.ok) return folder;
  const usage = await folderUsage(folder.dir);
  try {
    await fs.stat(folder.dir);
  } catch {
    return failure('not_found', `There is no folder for server ${id}.`);
  }
  await fs.rm(folder.dir, { recursive: true, force: true });
  return { ok: true, dir: folder.dir, documents: usage.documents };
}

/** Deletes the folders of servers the bot left more than `days` ago; returns their ids. */
export async function sweepLeftGuilds(dataDir: string, days: number, now: Date = new Date()): Promise<string[]> {
  const purged: string[] = [];
  for (const guild of await listGuildFolders(dataDir)) {
    if (!guild.leftAt) continue;
    if (now.getTime() - Date.parse(guild.leftAt) < days * 86_400_000) continue;
    const done = await purgeGuild(dataDir, guild.id);
    if (done.ok) purged.push(guild.id);
  }
  return purged;
}
