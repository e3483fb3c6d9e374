import { parseCli, type CliArgs } from './args.ts';
import { runAsk } from './ask.ts';
import { runEval } from './eval.ts';
import { runExtract, runSources } from './extract.ts';
import { USAGE, UsageError } from './usage.ts';

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCli(argv);
    if (args.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.command === 'ask') return await runAsk(args);
    if (args.command === 'stats' || args.command === 'quote') return await runExtract(args.command, args);
    if (args.command === 'sources') return await runSources(args);
    if (args.command === 'eval') return await runEval(args);
    // Loaded on demand: the document converters are heavy and other commands do not need them.
    if (args.command === 'insights') return await (await import('./insights.ts')).runInsights(args);
    if (args.command === 'corpus') return await (await import('./corpus.ts')).runCorpus(args);
    if (args.command === 'guilds') return await (await import('./guilds.ts')).runGuilds(args);
    throw new UsageError(`unknown command "${args.command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`policybot: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`policybot: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
