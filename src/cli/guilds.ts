import { dataDir } from '../config/paths.ts';
import { listGuildFolders, purgeGuild } from '../core/guild/store.ts';
import { formatBytes } from '../core/ingest/limits.ts';
import type { CliArgs } from './args.ts';
import { UsageError } from './usage.ts';

/** `guilds`: the servers with documents of their own (id, documents, size, left); `guilds purge ID` deletes one now. */
export async function runGuilds(args: CliArgs): Promise<number> {
  const [sub, ...rest] = args.positionals;
  const data = dataDir(args.data);
  if (sub === 'purge') {
    if (rest.length !== 1) throw new UsageError('guilds purge needs one server id, e.g. guilds purge 123456789012345678');
    const purged = await purgeGuild(data, rest[0]!);
    if (!purged.ok) {
      if (args.json) process.stdout.write(`${JSON.stringify({ input: rest[0], ok: false, error: { code: purged.code, message: purged.message } })}\n`);
      else process.stderr.write(`refused ${rest[0]}: ${purged.message}\n`);
      return 2;
    }
    if (args.json) process.stdout.write(`${JSON.stringify({ input: rest[0], ok: true, dir: purged.dir, documents: purged.documents })}\n`);
    else process.stdout.write(`purged server ${rest[0]}: ${purged.documents} document${purged.documents === 1 ? '' : 's'} deleted (${purged.dir})\n`);
    return 0;
  }
  if (sub !== undefined) throw new UsageError(`unknown guilds command "${sub}" (none to list, or purge ID)`);
  const guilds = await listGuildFolders(data);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ guilds: guilds.map((g) => ({ id: g.id, documents: g.documents, bytes: g.bytes, ...(g.leftAt ? { leftAt: g.leftAt } : {}) })) })}\n`);
    return 0;
  }
  for (const g of guilds) process.stdout.write(`${g.id}\t${g.documents} document${g.documents === 1 ? '' : 's'}\t${formatBytes(g.bytes)}${g.leftAt ? `\tleft ${g.leftAt}` : ''}\n`);
  if (guilds.length === 0) process.stderr.write(`no server folders in ${data}\n`);
  return 0;
}
