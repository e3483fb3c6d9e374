#!/usr/bin/env node
// Makes a question set with one typing error in a content word of each question, for measuring typo tolerance:
//   node scripts/typo-set.mjs QUESTIONS.jsonl > TYPOS.jsonl
// The word is the question's longest of at least six letters; the error (a letter dropped, two letters swapped,
// or a letter doubled) is chosen by the question's id, so the same set comes out every time.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/typo-set.mjs QUESTIONS.jsonl > TYPOS.jsonl');
  process.exit(2);
}
const misspell = (word, seed) => {
  const at = 2 + (seed % Math.max(1, word.length - 4));
  switch (seed % 3) {
    case 0: return word.slice(0, at) + word.slice(at + 1);
    case 1: return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    default: return word.slice(0, at) + word[at] + word.slice(at);
  }
};
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const q = JSON.parse(line);
  const words = q.q.match(/[A-Za-z]{6,}/g) ?? [];
  if (!q.unanswerable && words.length > 0) {
    const word = words.reduce((a, b) => (b.length > a.length ? b : a));
    const seed = createHash('sha1').update(String(q.id)).digest().readUInt32BE(0);
    q.q = q.q.replace(word, misspell(word, seed));
    q.id = `${q.id}-typo`;
  }
  process.stdout.write(`${JSON.stringify(q)}\n`);
}
