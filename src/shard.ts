/**
 * `npm run start:sharded`: the same bot under discord.js's ShardingManager, one process per shard, with the
 * shard count Discord recommends (see src/adapter/discord/sharding.ts). Logs are JSON lines on stderr.
 */
import { createShardManager, shardCountFor } from './adapter/discord/sharding.ts';
import { loadConfig, requireToken } from './config/env.ts';
import { createLogger, redact } from './log/logger.ts';

async function run(): Promise<number> {
  const config = loadConfig();
  if (!config) return 2;
  const token = requireToken(config, 'run the sharded bot');
  if (!token) return 2;
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [token] }, { process: 'shard-manager' });
  let totalShards: number | 'auto';
  try {
    totalShards = await shardCountFor(config.DISCORD_API_BASE, token);
  } catch (error) {
    const rejected = (error as { code?: string }).code === 'TokenInvalid';
    process.stderr.write(rejected ? 'policybot: the token was rejected by Discord (check DISCORD_TOKEN)\n' : `policybot: could not ask Discord for a shard count: ${redact(String((error as Error).message), [token])}\n`);
    return 2;
  }
  const manager = createShardManager(token, totalShards);
  manager.on('shardCreate', (shard) => {
    logger.info('shard spawned', { shard: shard.id, of: manager.totalShards });
    shard.on('death', () => logger.warn('shard exited', { shard: shard.id }));
    shard.on('ready', () => logger.info('shard ready', { shard: shard.id }));
  });
  // Each shard finishes its in-flight replies on SIGTERM (see src/main.ts); wait for them, then leave.
  const stop = async () => {
    logger.info('stopping shards');
    manager.respawn = false;
    const exits = [...manager.shards.values()].map(
      (shard) =>
        new Promise<void>((resolve) => {
          if (!shard.process || shard.process.exitCode !== null) return resolve();
          shard.process.once('exit', () => resolve());
          shard.process.kill('SIGTERM');
        }),
    );
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  try {
    await manager.spawn();
  } catch (error) {
    const rejected = (error as { code?: string }).code === 'TokenInvalid';
    process.stderr.write(rejected ? 'policybot: the token was rejected by Discord (check DISCORD_TOKEN)\n' : `policybot: could not start the shards: ${redact(String((error as Error).message), [token])}\n`);
    return 2;
  }
  return new Promise<number>(() => {});
}

process.exitCode = await run();
