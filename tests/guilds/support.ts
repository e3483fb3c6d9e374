import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { makeCorpus } from '../support/corpus.ts';

const POOL = path.resolve(import.meta.dirname, '../../../shared/bench/policy-pool.jsonl.gz');

/** Some documents of the shared bench pool as `{file: text}` (the first rows of the pool, grouped by document). */
export function poolDocuments(count: number, maxParagraphs = 40): { file: string; text: string; paragraphs: string[] }[] {
  // The first megabytes of the pool only (a partial gzip stream, flushed as far as it goes).
  const head = Buffer.alloc(3 * 1024 * 1024);
  const fd = fs.openSync(POOL, 'r');
  const read = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const rows = zlib.gunzipSync(head.subarray(0, read), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8').split('\n', 20_000).slice(0, -1);
  const byDoc = new Map<string, string[]>();
  for (const line of rows) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { src: string; doc: string; text: string };
    const key = `${row.src}-${row.doc}`.replace(/[^\w-]+/g, '_').slice(0, 80);
    const list = byDoc.get(key) ?? [];
    if (list.length < maxParagraphs) list.push(row.text.replace(/\s*\n\s*/g, ' ').trim());
    byDoc.set(key, list);
  }
  return [...byDoc.entries()]
    .filter(([, paragraphs]) => paragraphs.length >= 3)
    .slice(0, count)
    .map(([key, paragraphs]) => ({ file: `${key}.txt`, text: `${key.replace(/_/g, ' ')}\n\n${paragraphs.join('\n\n')}\n`, paragraphs }));
}

export function folderOf(documents: readonly { file: string; text: string }[]): string {
  return makeCorpus(Object.fromEntries(documents.map((d) => [d.file, d.text])));
}
