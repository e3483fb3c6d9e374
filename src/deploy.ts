/**
 * `npm run deploy`: registers the slash commands of `commands/` (bulk overwrite, idempotent), to DISCORD_GUILD_ID
 * when set (instant), globally otherwise. Exit codes: 0 done, 2 configuration or Discord refused (one line on stderr).
 */
import { deployCommands, deployErrorLine, deploySummary } from './adapter/discord/deploy.ts';
import { loadCommands } from './app/loadCommands.ts';
import { loadConfig, requireToken } from './config/env.ts';
import { redact } from './log/logger.ts';

async function deploy(): Promise<number> {
  const config = loadConfig();
  if (!config) return 2;
  const token = requireToken(config, 'register the slash commands');
  if (!token) return 2;
  try {
    const commands = await loadCommands();
    const result = await deployCommands({ apiBase: config.DISCORD_API_BASE, token, commands, ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}) });
    process.stdout.write(`${deploySummary(result)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${redact(deployErrorLine(error, config.DISCORD_GUILD_ID), [token])}\n`);
    return 2;
  }
}

process.exitCode = await deploy();
