/**
 * Child process for the "killed half-way" test: adds a large document to the corpus folder given as argv[2],
 * and once the hidden temp file holds half of the document, says so on stdout and waits to be killed.
 */
import fs from 'node:fs';
import { addDocument } from '../../src/core/ingest/add.ts';

const dir = process.argv[2]!;
const paragraphs = Array.from({ length: 20_000 }, (_, i) => `Paragraph ${i + 1} of the big report: steel output rose by ${i % 97}.${i % 10}% in the quarter.`);
const text = `Big report\n\n${paragraphs.join('\n\n')}\n`;

await addDocument(dir, { bytes: Buffer.from(text), name: 'big.txt' }, {
  afterTempOpen: async (tempPath) => {
    // The write is half done: half of a Markdown document is on disk, in the hidden temp file.
    fs.appendFileSync(tempPath, text.slice(0, text.length / 2));
    fs.fsyncSync(fs.openSync(tempPath, 'r'));
    process.stdout.write(`half-written ${tempPath}\n`);
    await new Promise(() => {}); // wait for SIGKILL
  },
});
process.stdout.write('finished (should not happen)\n');
