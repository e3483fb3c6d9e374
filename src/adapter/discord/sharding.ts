/**
 * Sharding for bots in more guilds than one process should hold: discord.js's ShardingManager runs
 * `src/main.ts` once per shard. The shard count is Discord's recommendation from `GET /gateway/bot`, asked at
 * DISCORD_API_BASE: discord.js's own `totalShards: 'auto'` always asks discord.com, so with another base
 * (a REST proxy, a test fake) the count is fetched here and passed as a number.
 */
import path from 'node:path';
import { ShardingManager } from 'discord.js';
import { DEFAULT_DISCORD_API_BASE } from '../../config/env.ts';
import { BUILT, DIST_DIR, PROJECT_ROOT } from '../../config/paths.ts';

/** The script each shard runs: the bundled `dist/src/main.js` when built, else `src/main.ts` through tsx. */
export const SHARD_SCRIPT = BUILT ? path.join(DIST_DIR, 'src', 'main.js') : path.join(PROJECT_ROOT, 'src', 'main.ts');
const SHARD_EXEC_ARGV: string[] = BUILT ? [] : ['--import', 'tsx'];

export class TokenRejectedError extends Error {
  readonly code = 'TokenInvalid';
  constructor() {
    super('the token was rejected by Discord');
  }
}

/** Discord's recommended shard count (at least 1) for this token, asked at `apiBase`. */
export async function recommendedShardCount(apiBase: string, token: string, guildsPerShard = 1000): Promise<number> {
  const response = await fetch(`${apiBase.replace(/\/+$/, '')}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` } });
  if (response.status === 401) throw new TokenRejectedError();
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}`);
  const { shards } = (await response.json()) as { shards: number };
  return Math.max(1, Math.ceil((shards * 1000) / guildsPerShard));
}

/** `'auto'` when talking to Discord itself (discord.js asks), otherwise the count asked at the configured base. */
export async function shardCountFor(apiBase: string, token: string): Promise<number | 'auto'> {
  return apiBase === DEFAULT_DISCORD_API_BASE ? 'auto' : recommendedShardCount(apiBase, token);
}

export function createShardManager(token: string, totalShards: number | 'auto'): ShardingManager {
  return new ShardingManager(SHARD_SCRIPT, {
    token,
    totalShards,
    mode: 'process',
    // The shards run what this process runs: the bundle, or the TypeScript sources through tsx.
    execArgv: SHARD_EXEC_ARGV,
    respawn: true,
  });
}
