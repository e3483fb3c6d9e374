/**
 * `npm run deploy`: registers the slash commands of `commands/` (bulk overwrite, idempotent), to DISCORD_GUILD_ID
 * when set (instant), globally otherwise. Exit codes: 0 done, 2 configuration or Discord refused (one line on stderr).
 */
import dotenv from 'dotenv';
import { deployCommands, deployErrorLine, deploySummary } from './adapter/discord/deploy.ts';
import { loadCommands } from './app/loadCommands.ts';
import { parseConfig } from './config/env.ts';
import { redact } from './log/logger.ts';

async function deploy(): Promise<number> {
  dotenv.config({ quiet: true });
  const configured = parseConfig(process.env);
  if (!configured.ok) {
    for (const problem of configured.problems) process.stderr.write(`config: ${problem}\n`);
    return 2;
  }
  const { config } = configured;
  if (!config.DISCORD_TOKEN) {
    process.stderr.write('config: DISCORD_TOKEN: needed to register the slash commands (the bot token from the Developer Portal)\n');
    return 2;
  }
  const token = config.DISCORD_TOKEN;
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
