/** Thrown for a command line that cannot run; main prints its one-line reason and the usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: npm run --silent cli -- <command> [options]

commands:
  ask "question" [--doc ID] [--limit N] [--json]   answer a question with verbatim quotes
  ask --batch [--json]                             answer JSON lines {"q", "doc"?} from stdin, one line each
  eval FILE.jsonl                                  hit@1, hit@3, MRR and abstention for a question file
  help                                             this text

options:
  --corpus DIR    the corpus folder (default: CORPUS_DIR, else the bundled corpus/)
  --json          print JSON only (the contract for scripts)
  --doc ID        search one document only (its id or a unique part of its title)
  --limit N       how many results at most (1-25, default 5)
  --no-snapshot   index from scratch, without reading or writing the index snapshot (also: POLICYBOT_SNAPSHOT=off)`;
