/**
 * Small corpora for the corpus-management tests: documents with figures and quotes, a LiveEngine over a
 * throw-away folder, and a wait for the next swap.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CorpusAdmin, type CorpusAdminOptions } from '../../src/app/corpusAdmin.ts';
import { LiveEngine } from '../../src/core/live/live.ts';
import { makeCorpus } from '../support/corpus.ts';

export const HARBOUR = `---
title: Harbour plan approved
date: 2023-05-02
---
The city council approved the harbour plan on Tuesday after a long debate about dredging and berths.

The plan costs 120 million euros and adds 300 berths for fishing boats and ferries by 2027.

"This harbour will serve the region for fifty years," said Mayor Anna Berg.
`;

export const STEEL = `date 2023-03-10 Steel output report

Steel output in the northern mills rose by 3.5% in 2022, to 41 million tons, according to the industry association.

The association said that furnace upgrades cut coal use at every large plant.
`;

/** The document added in the tests: a figure, a quote, words found nowhere else (turbines, megawatts). */
export const WIND = `date 2023-06-01 Offshore wind farm expansion

The offshore wind farm off Skerry Point will grow by 45% to 900 megawatts by 2026, the energy agency announced.

"We expect the first new turbines to turn next spring," said Lars Holm, the project director.

Cables for the turbines will be laid along the old ferry route to avoid the seal colonies.
`;

export const WIND_QUESTION = 'How many megawatts will the offshore wind farm have?';

export function corpusFolder(extra: Record<string, string | Uint8Array> = {}): string {
  return makeCorpus({ '2023-05-02-harbour-plan-approved.md': HARBOUR, 'steel-output.txt': STEEL, ...extra });
}

export async function holderFor(dir: string): Promise<LiveEngine> {
  const holder = await LiveEngine.open(dir);
  if (!(holder instanceof LiveEngine)) throw new Error(holder.message);
  return holder;
}

export async function adminFor(dir: string, options: Partial<CorpusAdminOptions> = {}): Promise<{ admin: CorpusAdmin; holder: LiveEngine }> {
  const holder = await holderFor(dir);
  return { holder, admin: new CorpusAdmin({ dir, holder, now: () => new Date('2024-01-02T03:04:05Z'), ...options }) };
}

/** Every file under `dir` (hidden ones too), with its bytes: to prove a refusal left the folder as it was. */
export function folderState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(dir);
  return out;
}

/** Polls `check` until it is true (or fails after `timeoutMs`). */
export async function eventually(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
  return Date.now() - started;
}

/** The ids of the documents an answer to `question` quotes (empty when it abstains). */
export function answeringDocs(holder: { current: { ask: LiveEngine['current']['ask'] } }, question: string): string[] {
  const outcome = holder.current.ask(question);
  if (!outcome.ok || outcome.answer.abstained) return [];
  return [...new Set(outcome.answer.results.map((r) => r.doc.id))];
}
