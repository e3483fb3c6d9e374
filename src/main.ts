import dotenv from 'dotenv';
import { runConsole } from './adapter/console/repl.ts';
import { loadCommands } from './app/loadCommands.ts';
import { parseConfig } from './config/env.ts';
import { corpusDir } from './config/paths.ts';
import { openEngine } from './core/engine.ts';

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the local console.
 * Exit codes: 0 done, 2 configuration or corpus problem (explained on stderr).
 */
async function start(): Promise<number> {
  // quiet: dotenv otherwise prints a banner on stdout, which would spoil piped console output.
  dotenv.config({ quiet: true });
  const configured = parseConfig(process.env);
  if (!configured.ok) {
    for (const problem of configured.problems) process.stderr.write(`config: ${problem}\n`);
    return 2;
  }
  const { config } = configured;
  const opened = await openEngine(corpusDir(config.CORPUS_DIR), (w) => process.stderr.write(`warning: ${w.file}: ${w.reason}\n`));
  if (!opened.ok) {
    process.stderr.write(`policybot: ${opened.message}${opened.hints ? `\n  ${opened.hints.join('\n  ')}` : ''}\n`);
    return 2;
  }
  const commands = await loadCommands();
  if (config.DISCORD_TOKEN) {
    process.stderr.write('policybot: DISCORD_TOKEN is set, but the Discord adapter is not part of this build yet. Unset it to use the local console.\n');
    return 2;
  }
  await runConsole({ engine: opened.engine, commands }, { input: process.stdin, output: process.stdout });
  return 0;
}

process.exitCode = await start().catch((error: unknown) => {
  process.stderr.write(`policybot: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
