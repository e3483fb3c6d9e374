import { createHash } from 'node:crypto';
import type { Corpus } from '../../core/corpus/load.ts';
import { LIMITS } from './limits.ts';

/**
 * Buttons carry everything they need, so they keep working after a restart without server state:
 * `pb:<action>:<page>:<version>:<qhash>`. The question itself is stored in the message (the embed footer);
 * `qhash` proves the footer was read back intact, `version` that the corpus is still the one that answered.
 */
export type ButtonAction = 'prev' | 'next' | 'para';

export interface ButtonId {
  readonly action: ButtonAction;
  /** 0-based result the button shows. */
  readonly page: number;
  readonly version: string;
  readonly qhash: string;
}

const PREFIX = 'pb';
const PATTERN = /^pb:(prev|next|para):(\d{1,2}):([0-9a-z]{1,12}):([0-9a-f]{1,16})$/;

export function encodeButtonId(id: ButtonId): string {
  const encoded = `${PREFIX}:${id.action}:${id.page}:${id.version}:${id.qhash}`;
  if (encoded.length > LIMITS.customId) throw new Error(`custom_id longer than ${LIMITS.customId} characters`);
  return encoded;
}

/** The button's meaning, or null for a custom_id this bot did not make. */
export function decodeButtonId(customId: string): ButtonId | null {
  const match = PATTERN.exec(customId);
  if (!match) return null;
  return { action: match[1] as ButtonAction, page: Number(match[2]), version: match[3]!, qhash: match[4]! };
}

const short = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** A short fingerprint of the corpus's content: it changes when any document's text, title or date does. */
export function corpusVersion(corpus: Pick<Corpus, 'documents'>): string {
  const hash = createHash('sha256');
  for (const d of corpus.documents) hash.update(JSON.stringify([d.id, d.title, d.date ?? '', d.source ?? '', d.paragraphs]));
  return BigInt(`0x${hash.digest('hex').slice(0, 12)}`).toString(36).slice(0, 8);
}

/** Collapses whitespace: how a question is stored in a message and hashed. */
export function normalizeQuestion(question: string): string {
  return question.replace(/\s+/g, ' ').trim();
}

/** Hash of a question and its document scope, to check a question read back from a message. */
export function questionHash(question: string, document?: string): string {
  return short(`${normalizeQuestion(question)}\n${document ?? ''}`, 10);
}

/** The footer that stores an answer's question (footers render no markdown and ping no one). */
export function questionFooter(question: string, document?: string): string {
  return `Asked: ${normalizeQuestion(question)}${document ? `\nDocument: ${document}` : ''}`;
}

/** The question and scope back from a footer written by {@link questionFooter}, or null. */
export function parseQuestionFooter(text: string | undefined): { question: string; document?: string } | null {
  const match = /^Asked: (.*?)(?:\nDocument: (.+))?$/s.exec(text ?? '');
  if (!match || !match[1]) return null;
  return match[2] ? { question: match[1], document: match[2] } : { question: match[1] };
}

const versions = new WeakMap<object, string>();

/** `corpusVersion` of an engine's corpus, computed once per engine (a re-index makes a new engine). */
export function engineVersion(engine: { readonly corpus: Pick<Corpus, 'documents'> }): string {
  let version = versions.get(engine.corpus);
  if (version === undefined) {
    version = corpusVersion(engine.corpus);
    versions.set(engine.corpus, version);
  }
  return version;
}

/**
 * Buttons owned by a command (`Command.button`): `pbc:<command>:<action id>`. The action id is the command's own
 * and comes back to it unchanged.
 */
const COMMAND_PREFIX = 'pbc:';

export function encodeCommandButtonId(command: string, action: string): string {
  const encoded = `${COMMAND_PREFIX}${command}:${action}`;
  if (encoded.length > LIMITS.customId) throw new Error(`custom_id longer than ${LIMITS.customId} characters`);
  return encoded;
}

/** The command and its action id, or null when the custom_id is not a command's button. */
export function decodeCommandButtonId(customId: string): { command: string; action: string } | null {
  const match = /^pbc:([-_\p{Ll}\p{N}]{1,32}):(.{1,90})$/su.exec(customId);
  return match ? { command: match[1]!, action: match[2]! } : null;
}

/**
 * 👍/👎 on an answer: `pbf:up:<answer id>` / `pbf:down:<answer id>`; the 👎 modal is `pbf:why:<answer id>`. The
 * answer id is the question log's, so a press after a restart still finds its row.
 */
export type FeedbackAction = 'up' | 'down' | 'why';
const FEEDBACK = /^pbf:(up|down|why):([0-9a-z]{12})$/;

export function encodeFeedbackId(action: FeedbackAction, answerId: string): string {
  return `pbf:${action}:${answerId}`;
}

export function decodeFeedbackId(customId: string): { action: FeedbackAction; answerId: string } | null {
  const match = FEEDBACK.exec(customId);
  return match ? { action: match[1] as FeedbackAction, answerId: match[2]! } : null;
}

/**
 * The **Chart** button of a /stats answer shown without its chart: `pbs:chart:<version>:<qhash>`. Like the /ask
 * buttons it needs no server state: the topic and document are in the embed footer (`statsFooter`), `qhash` proves
 * they were read back intact and `version` that the corpus is still the one that answered.
 */
const STATS_PATTERN = /^pbs:chart:([0-9a-z]{1,12}):([0-9a-f]{1,16})$/;

export function encodeChartButtonId(version: string, qhash: string): string {
  const encoded = `pbs:chart:${version}:${qhash}`;
  if (encoded.length > LIMITS.customId) throw new Error(`custom_id longer than ${LIMITS.customId} characters`);
  return encoded;
}

export function decodeChartButtonId(customId: string): { version: string; qhash: string } | null {
  const match = STATS_PATTERN.exec(customId);
  return match ? { version: match[1]!, qhash: match[2]! } : null;
}

export const STATS_NOTE = 'Figures and sentences are verbatim; changes marked “computed” are policybot’s arithmetic.';

/** A /stats footer: the note, then the topic (or "Key figures") and the document scope, read back by the Chart button. */
export function statsFooter(topic: string, document?: string): string {
  const asked = normalizeQuestion(topic);
  return `${STATS_NOTE}\n${asked ? `Topic: ${asked}` : 'Key figures'}${document ? `\nDocument: ${document}` : ''}`;
}

/** The topic ('' for the key figures) and scope back from a footer written by {@link statsFooter}, or null. */
export function parseStatsFooter(text: string | undefined): { topic: string; document?: string } | null {
  const match = /\n(?:Topic: (.+?)|Key figures)(?:\nDocument: (.+))?$/s.exec(text ?? '');
  if (!match) return null;
  const topic = match[1] ?? '';
  return match[2] ? { topic, document: match[2] } : { topic };
}
