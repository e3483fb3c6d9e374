/** `cli insights`, `cli insights export --csv`, and the question log behind `ask --log` / `eval --log`. */
import { loadConfig } from '../config/env.ts';
import { loadCorpus } from '../core/corpus/load.ts';
import { corpusDir } from '../config/paths.ts';
import type { Engine } from '../core/engine.ts';
import type { QuestionLog } from '../insights/log.ts';
import { questionLogFrom } from '../insights/open.ts';
import { engineVersion } from '../adapter/discord/customId.ts';
import type { CliArgs } from './args.ts';
import { UsageError } from './usage.ts';

const DAY_MS = 86_400_000;

/** The question log from the environment, for the CLI; a one-line problem on stderr when it cannot open. */
async function openLog(): Promise<QuestionLog | null> {
  const config = loadConfig();
  if (!config) return null;
  if (config.QUESTION_LOG === 'off') {
    process.stderr.write('policybot: the question log is off (QUESTION_LOG=off)\n');
    return null;
  }
  const log = questionLogFrom(config, { onProblem: (line) => process.stderr.write(`policybot: ${line}\n`) });
  await log.start();
  if (log.status().state !== 'open') {
    await log.close();
    return null;
  }
  return log;
}

/** With `--log`: an engine whose answers are recorded (as server 'cli', user 'cli'), and closing the log. */
export async function loggedEngine(args: CliArgs, engine: Engine, command: string): Promise<{ engine: Engine; close: () => Promise<void> }> {
  if (!args.log) return { engine, close: async () => {} };
  const log = await openLog();
  if (!log) return { engine, close: async () => {} };
  const version = engineVersion(engine);
  const logged: Engine = Object.create(engine) as Engine;
  (logged as { ask: Engine['ask'] }).ask = (question, options) => {
    const started = performance.now();
    const outcome = engine.ask(question, options);
    if (outcome.ok) log.recordAnswer({ where: { guild: 'cli' }, userId: 'cli', command, answer: outcome.answer, latencyMs: performance.now() - started, corpusVersion: version });
    return outcome;
  };
  return { engine: logged, close: () => log.close() };
}

const csvCell = (value: unknown): string => {
  const text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(' ') : value === null || value === undefined ? '' : String(value);
  // Quoted always; a leading = + - @ is prefixed with ' so a spreadsheet never runs a question as a formula.
  return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

export async function runInsights(args: CliArgs): Promise<number> {
  const [sub, ...rest] = args.positionals;
  if (rest.length > 0 || (sub !== undefined && sub !== 'export')) throw new UsageError(`insights takes no "${[sub, ...rest].join(' ')}"; try insights --json or insights export --csv`);
  if (sub === 'export' && !args.csv) throw new UsageError('insights export needs --csv');
  const log = await openLog();
  if (!log) return 1;
  try {
    const days = Math.min(args.days ?? 30, log.retentionDays);
    const since = new Date(Date.now() - days * DAY_MS);
    const guild = args.guild !== undefined ? { guild: args.guild } : {};
    if (sub === 'export') {
      const rows = await log.export({ since, ...guild });
      if (!rows.ok) {
        process.stderr.write(`policybot: ${rows.message}\n`);
        return 1;
      }
      const columns = ['at', 'guild', 'channel', 'user_key', 'command', 'question', 'abstained', 'docs', 'paragraphs', 'top_score', 'latency_ms', 'corpus_version', 'up', 'down'] as const;
      process.stdout.write(`${columns.join(',')}\n`);
      for (const row of rows.rows) process.stdout.write(`${columns.map((c) => csvCell((row as Record<string, unknown>)[c])).join(',')}\n`);
      return 0;
    }
    const corpus = await loadCorpus(corpusDir(args.corpus));
    const documents = corpus.ok ? corpus.corpus.documents.map((d) => ({ id: d.id, title: d.title })) : [];
    const got = await log.insights({ since, ...guild, documents });
    if (!got.ok) {
      process.stderr.write(`policybot: ${got.message}\n`);
      return 1;
    }
    const r = got.report;
    if (args.json) {
      const json = {
        questions: r.questions,
        answered: r.answered,
        abstained: r.abstained,
        feedback: r.feedback,
        unanswered: r.unanswered,
        topics: r.topics,
        documents: r.documents,
      };
      process.stdout.write(`${JSON.stringify(json)}\n`);
      return 0;
    }
    const { renderReply } = await import('../adapter/console/reply.ts');
    const { styleFor } = await import('../adapter/console/style.ts');
    process.stdout.write(`${renderReply({ kind: 'insights', insights: { report: r, days, scope: args.guild !== undefined ? 'server' : 'all' } }, styleFor(process.stdout))}\n`);
    return 0;
  } finally {
    await log.close();
  }
}
