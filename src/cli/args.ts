import { parseArgs } from 'node:util';
import { corpusDir, dataDir } from '../config/paths.ts';
import { openEngine, type Engine } from '../core/engine.ts';
import { folderUsage, guildFolder, isGuildId } from '../core/guild/store.ts';
import { UsageError } from './usage.ts';

const OPTIONS = {
  json: { type: 'boolean' },
  batch: { type: 'boolean' },
  corpus: { type: 'string' },
  doc: { type: 'string' },
  speaker: { type: 'string' },
  limit: { type: 'string' },
  chart: { type: 'string' },
  'no-snapshot': { type: 'boolean' },
  guild: { type: 'string' },
  data: { type: 'string' },
  log: { type: 'boolean' },
  days: { type: 'string' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CliArgs {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly json: boolean;
  readonly batch: boolean;
  readonly corpus?: string;
  readonly doc?: string;
  readonly speaker?: string;
  readonly limit?: number;
  /** stats: write the answer's chart to this file (`.png` or `.svg`). */
  readonly chart?: string;
  /** False: index from scratch, neither reading nor writing the index snapshot (`--no-snapshot`). */
  readonly snapshot?: boolean;
  /** Act as this server (`--guild ID`): its documents beside the base corpus; `corpus` commands on its folder; insights: its questions. */
  readonly guild?: string;
  /** The data folder (`--data DIR`, default DATA_DIR, else data/). */
  readonly data?: string;
  /** ask / eval: record the questions in the question log (`--log`); otherwise scripts record nothing. */
  readonly log?: boolean;
  /** insights: how many days back, CSV export. */
  readonly days?: number;
  readonly csv?: boolean;
}

const COMMANDS = new Set(['ask', 'stats', 'quote', 'sources', 'corpus', 'eval', 'guilds', 'insights', 'help']);

export function parseCli(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify .*$/s, '') : String(error));
  }
  const [command = 'help', ...positionals] = parsed.positionals;
  const { values } = parsed;
  if (values.help) return { command: 'help', positionals: [], json: false, batch: false };
  if (!COMMANDS.has(command)) throw new UsageError(`unknown command "${command}"`);
  if (values.chart !== undefined) {
    if (command !== 'stats') throw new UsageError('--chart is for stats only');
    if (!/\.(png|svg)$/i.test(values.chart)) throw new UsageError(`--chart takes a file name ending in .png or .svg, not "${values.chart}"`);
    if (values.batch) throw new UsageError('--chart draws one answer; it does not go with --batch');
  }
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 25) throw new UsageError(`--limit takes a whole number from 1 to 25, not "${values.limit}"`);
  }
  if (values.guild !== undefined && !isGuildId(values.guild) && !(command === 'insights' && values.guild === 'console')) {
    throw new UsageError(`--guild takes a Discord server id (17 to 20 digits), not "${String(values.guild).slice(0, 40)}"`);
  }
  let days: number | undefined;
  if (values.days !== undefined) {
    days = Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError(`--days takes a whole number from 1 to 3650, not "${values.days}"`);
  }
  return {
    command,
    positionals,
    ...(values.guild !== undefined ? { guild: values.guild } : {}),
    ...(values.data !== undefined ? { data: values.data } : {}),
    ...(values.log ? { log: true } : {}),
    ...(days !== undefined ? { days } : {}),
    ...(values.csv ? { csv: true } : {}),
    json: values.json ?? false,
    batch: values.batch ?? false,
    ...(values.corpus !== undefined ? { corpus: values.corpus } : {}),
    ...(values.doc !== undefined ? { doc: values.doc } : {}),
    ...(values.speaker !== undefined ? { speaker: values.speaker } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(values.chart !== undefined ? { chart: values.chart } : {}),
    ...(values['no-snapshot'] ? { snapshot: false } : {}),
  };
}

/** Loads the engine for a CLI command; a missing or empty corpus is a usage-level error (exit 2). */
export async function loadEngine(args: CliArgs): Promise<Engine> {
  const dir = corpusDir(args.corpus);
  const opened = await openEngine(dir, (w) => process.stderr.write(`warning: ${w.file}: ${w.reason}\n`), args.snapshot === false ? { snapshot: false } : {});
  if (!opened.ok) throw new UsageError(opened.message);
  if (args.guild === undefined) return opened.engine;
  // As a server: the base and that server's documents, ranked as one corpus (as the bot answers there).
  const folder = guildDirOf(args);
  if ((await folderUsage(folder)).documents === 0) return opened.engine;
  const own = await openEngine(folder, (w) => process.stderr.write(`warning: ${w.file}: ${w.reason}\n`), args.snapshot === false ? { snapshot: false } : {});
  if (!own.ok) return opened.engine;
  const { federatedEngine } = await import('../core/guild/federated.ts');
  return federatedEngine(opened.engine, own.engine);
}

/** The folder of the server named by `--guild` (checked to be a snowflake by parseCli). */
export function guildDirOf(args: CliArgs): string {
  const folder = guildFolder(dataDir(args.data), args.guild ?? '');
  if (!folder.ok) throw new UsageError(folder.message);
  return folder.dir;
}

