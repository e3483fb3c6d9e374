/** Thrown for a command line that cannot run; main prints its one-line reason and the usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: npm run --silent cli -- <command> [options]

commands:
  ask "question" [--doc ID] [--limit N] [--json]   answer a question with verbatim quotes
  ask --batch [--json]                             answer JSON lines {"q", "doc"?} from stdin, one line each
  stats [topic] [--doc ID] [--json] [--chart F]    figures on a topic (no topic: the key figures)
  quote [topic] [--speaker NAME] [--doc ID] [--json]  who said what on a topic
  stats|quote --batch [--json]                     JSON lines {"q", "doc"?, "speaker"?} from stdin, one answer line each
  sources [DOCUMENT] [--json]                      the documents, or one document's details
  eval FILE.jsonl                                  hit@1, hit@3, MRR and abstention for a question file
  corpus add PATH|URL... [--json]                  add .txt, .md, .html, .pdf or .docx documents (files or links)
  corpus remove ID...                              remove documents by id
  corpus list [--json]                             the documents: id, title, date, paragraphs, file
  guilds [--json]                                  the servers with documents of their own: id, documents, size, left
  guilds purge ID                                  delete a server's documents now
  insights [--days N] [--guild ID] [--json]        the question log: counts, unanswered, topics, documents cited
  insights export --csv [--days N] [--guild ID]    every logged question as CSV
  help                                             this text

options:
  --corpus DIR    the corpus folder (default: CORPUS_DIR, else the bundled corpus/)
  --json          print JSON only (the contract for scripts)
  --doc ID        search one document only (its id or a unique part of its title)
  --speaker NAME  quote: only this person or body (any part of the name or role)
  --chart FILE    stats: write the figures' chart (a series over years or a comparison) as FILE.png or FILE.svg
  --limit N       how many results at most (1-25; default 5 for ask, 10 for stats and quote)
  --guild ID      act as that server: its documents beside the base corpus (ask, stats, quote, sources); corpus
                  commands act on its folder, <DATA_DIR>/guilds/ID/; insights: that server's questions (or console)
  --data DIR      the data folder (default: DATA_DIR, else data/)
  --log           ask, eval: record the questions in the question log (default: scripts record nothing)
  --days N        insights: how many days back (default 30)
  --no-snapshot   index from scratch, without reading or writing the index snapshot (also: POLICYBOT_SNAPSHOT=off)`;
