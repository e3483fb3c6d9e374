import fs from 'node:fs/promises';
import os from 'node:os';
import { corpusDir, dataDir } from '../config/paths.ts';
import { folderUsage, guildFolder } from '../core/guild/store.ts';
import { addFile, addUrl, listDocuments, removeDocument, type Added, type IngestOptions } from '../core/ingest/add.ts';
import { formatBytes } from '../core/ingest/limits.ts';
import { failure, type Failure, type Outcome } from '../core/types.ts';
import type { CliArgs } from './args.ts';
import { UsageError } from './usage.ts';

/** `corpus add PATH|URL...`, `corpus remove ID`, `corpus list`: the corpus folder managed from scripts. */
export async function runCorpus(args: CliArgs): Promise<number> {
  const [sub, ...rest] = args.positionals;
  // `--guild ID`: that server's folder (created on its first add), with the server limits; else the base corpus.
  const folder = args.guild !== undefined ? guildFolder(dataDir(args.data), args.guild) : undefined;
  if (folder && !folder.ok) throw new UsageError(folder.message);
  const dir = folder ? folder.dir : corpusDir(args.corpus);
  if (args.guild !== undefined && sub === 'add') await fs.mkdir(dir, { recursive: true });
  if (args.guild !== undefined && sub === 'list' && (await folderUsage(dir)).documents === 0) {
    process.stderr.write(`no documents for server ${args.guild} (${dir})\n`);
    return 0;
  }
  if (sub === 'add') return add(dir, rest, args.json, args.guild !== undefined ? await guildAdmit(dir) : undefined);
  if (sub === 'remove') return remove(dir, rest, args.json);
  if (sub === 'list') {
    if (rest.length > 0) throw new UsageError('corpus list takes no arguments');
    return list(dir, args.json);
  }
  throw new UsageError(sub ? `unknown corpus command "${sub}" (add, remove or list)` : 'corpus needs a command: add, remove or list');
}

const isLink = (input: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(input);

/** A server's limits (GUILD_MAX_DOCUMENTS, GUILD_MAX_BYTES) as an ingest check. */
async function guildAdmit(dir: string): Promise<IngestOptions['admit']> {
  // Loaded only for a server's add: the configuration's validator is not needed otherwise.
  const { parseConfig } = await import('../config/env.ts');
  const configured = parseConfig(process.env);
  const maxDocuments = configured.ok ? configured.config.GUILD_MAX_DOCUMENTS : 200;
  const maxBytes = configured.ok ? configured.config.GUILD_MAX_BYTES : 50 * 1024 * 1024;
  return async (_document, markdown) => {
    const usage = await folderUsage(dir);
    if (usage.documents + 1 > maxDocuments) return failure('guild_limit', `the server has ${usage.documents} documents, the most it may hold (GUILD_MAX_DOCUMENTS=${maxDocuments}); nothing was added.`);
    const size = Buffer.byteLength(markdown);
    if (usage.bytes + size > maxBytes) return failure('guild_limit', `${formatBytes(size)} of text would take the server past GUILD_MAX_BYTES (${formatBytes(maxBytes)}, ${formatBytes(usage.bytes)} used); nothing was added.`);
    return undefined;
  };
}

async function add(dir: string, inputs: readonly string[], json: boolean, admit?: IngestOptions['admit']): Promise<number> {
  if (inputs.length === 0) throw new UsageError('corpus add needs a file or a link, e.g. corpus add report.pdf');
  const addedBy = `cli:${safeUser()}`;
  let refused = 0;
  for (const input of inputs) {
    const options = admit ? { admit } : {};
    const outcome: Outcome<Added> = isLink(input) ? await addUrl(dir, input, { addedBy }, options) : await addFile(dir, input, { addedBy }, options);
    if (outcome.ok) {
      const { document } = outcome;
      if (json) {
        process.stdout.write(`${JSON.stringify({
          input,
          ok: true,
          id: document.id,
          title: document.title,
          ...(document.date ? { date: document.date } : {}),
          ...(document.source ? { source: document.source } : {}),
          file: outcome.file,
          kind: outcome.kind,
          paragraphs: outcome.paragraphs,
          sections: outcome.sections,
          hash: outcome.hash,
        })}\n`);
      } else {
        const date = document.date ? ` (${document.date})` : '';
        process.stdout.write(`added ${input}: "${document.title}"${date} as ${document.id}: ${count(outcome.paragraphs, 'paragraph')}, ${count(outcome.sections, 'section')} (${outcome.file})\n`);
      }
    } else {
      refused++;
      report(input, outcome, json);
    }
  }
  return refused > 0 ? 2 : 0;
}

async function remove(dir: string, ids: readonly string[], json: boolean): Promise<number> {
  if (ids.length === 0) throw new UsageError('corpus remove needs a document id, e.g. corpus remove 2022-08-14-harbour-plan');
  let refused = 0;
  for (const id of ids) {
    const outcome = await removeDocument(dir, id);
    if (outcome.ok) {
      if (json) process.stdout.write(`${JSON.stringify({ input: id, ok: true, id: outcome.id, title: outcome.title, file: outcome.file })}\n`);
      else process.stdout.write(`removed ${outcome.id}: "${outcome.title}" (${outcome.file})\n`);
    } else {
      refused++;
      report(id, outcome, json);
    }
  }
  return refused > 0 ? 2 : 0;
}

async function list(dir: string, json: boolean): Promise<number> {
  const outcome = await listDocuments(dir);
  if (!outcome.ok) throw new UsageError(outcome.message);
  for (const warning of outcome.warnings) process.stderr.write(`warning: ${warning.file}: ${warning.reason}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify({ documents: outcome.documents })}\n`);
    return 0;
  }
  for (const d of outcome.documents) {
    process.stdout.write(`${d.id}\t${d.title}\t${d.date ?? '-'}\t${count(d.paragraphs, 'paragraph')}\t${d.file}\n`);
  }
  if (outcome.documents.length === 0) process.stderr.write(`no documents in ${dir}\n`);
  return 0;
}

/** A refused input: one line on stderr (or one JSON line on stdout with --json). */
function report(input: string, outcome: Failure, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ input, ok: false, error: { code: outcome.code, message: outcome.message, ...(outcome.hints ? { hints: outcome.hints } : {}) } })}\n`);
    return;
  }
  const hints = outcome.hints && outcome.code === 'unknown_document' ? ` Did you mean: ${outcome.hints.join(', ')}?` : '';
  process.stderr.write(`refused ${input}: ${outcome.message}${hints}\n`);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function safeUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
