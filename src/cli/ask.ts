import { renderAnswer } from '../adapter/console/answer.ts';
import { styleFor } from '../adapter/console/style.ts';
import { answerToJson, failureToJson } from '../adapter/json/answer.ts';
import { runBatch } from './batch.ts';
import { loadEngine, type CliArgs } from './args.ts';
import { UsageError } from './usage.ts';
import { loggedEngine } from './insights.ts';
import type { Engine } from '../core/engine.ts';

export async function runAsk(args: CliArgs): Promise<number> {
  const question = args.positionals.join(' ');
  if (!args.batch && !question.trim()) throw new UsageError('ask needs a question, e.g. ask "What share of OLED shipments …?"');
  if (args.batch && question.trim()) throw new UsageError('ask --batch reads its questions from stdin; give no question on the command line');
  const logged = await loggedEngine(args, await loadEngine(args), args.batch ? 'cli batch' : 'cli ask');
  try {
    return await answer(args, question, logged.engine);
  } finally {
    await logged.close();
  }
}

async function answer(args: CliArgs, question: string, engine: Engine): Promise<number> {
  const limit = args.limit !== undefined ? { limit: args.limit } : {};

  if (args.batch) {
    await runBatch(process.stdin, process.stdout, (request) => {
      if ('error' in request) return failureToJson('', { ok: false, code: 'bad_option', message: `bad input line: ${request.error}` });
      const doc = request.doc ?? args.doc;
      const outcome = engine.ask(request.q, { ...limit, ...(doc ? { doc } : {}) });
      return outcome.ok ? answerToJson(outcome.answer) : failureToJson(request.q, outcome);
    });
    return 0;
  }

  const outcome = engine.ask(question, { ...limit, ...(args.doc ? { doc: args.doc } : {}) });
  if (args.json) {
    process.stdout.write(`${JSON.stringify(outcome.ok ? answerToJson(outcome.answer) : failureToJson(question, outcome))}\n`);
  } else if (outcome.ok) {
    process.stdout.write(`${renderAnswer(outcome.answer, styleFor(process.stdout))}\n`);
  } else {
    process.stderr.write(`${outcome.message}${outcome.hints ? ` Did you mean: ${outcome.hints.join(', ')}?` : ''}\n`);
  }
  return outcome.ok ? 0 : 2;
}
