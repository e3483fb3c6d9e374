import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/core/corpus/load.ts';
import { engineOf } from '../../src/core/engine.ts';
import { extractCorpus } from '../../src/core/extract/document.ts';
import { addDocument, addFile, corpusWith, corpusWithout, listDocuments, removeDocument } from '../../src/core/ingest/add.ts';
import { makeCorpus } from '../support/corpus.ts';
import { NEWS_PAGE, docx, docxBomb, lyingDocxBomb, pdfBomb, pdfWithText, pdfWithoutText } from './fixtures.ts';

const NOW = () => new Date('2026-03-01T12:00:00Z');
const SEED = { 'seed.md': '---\ntitle: Seed document\ndate: 2021-01-01\n---\n\nThe seed document says steel output rose by 2%.\n' };

/** Every file in a folder (hidden ones included) with its bytes, to prove a refusal left nothing behind. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(dir);
  return out;
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe('addDocument converts real documents to the corpus Markdown form', () => {
  it('GIVEN an HTML page with scripts, navigation and a footer THEN only the article is kept, verbatim, with title, date and publisher', async () => {
    const dir = makeCorpus(SEED);
    const added = await addDocument(dir, { bytes: Buffer.from(NEWS_PAGE), url: 'https://news.example.org/2023/harbour', addedBy: 'discord:alice' }, { now: NOW });
    expect(added).toMatchObject({ ok: true, file: '2023-05-02-harbour-plan-approved.md', kind: 'html', sections: 1 });
    if (!added.ok) return;
    const md = read(dir, added.file);
    expect(md).toMatch(/^---\ntitle: Harbour plan approved\ndate: 2023-05-02\npublisher: Ports Agency News\nsource: https:\/\/news\.example\.org\/2023\/harbour\nadded_by: discord:alice\nadded_at: 2026-03-01T12:00:00.000Z\n---\n\n/);
    expect(md).toContain('The first phase will employ 3,000 people and cost €4.2 billion.');
    expect(md).toContain('“We expect the new terminal to cut truck traffic by a third,” said the agency’s director, Maria Jensen');
    expect(md).toContain('## Jobs and investment');
    for (const furniture of ['SECRET-TRACKING-CODE', 'script text', 'style text', 'inline-script-in-article', 'About the agency', 'cookies', 'All rights reserved', 'Ferry timetable']) {
      expect(md).not.toContain(furniture);
    }
    // The loader reads the new file back as the same document, and the engine answers from it.
    const loaded = await loadCorpus(dir);
    expect(loaded.ok && loaded.corpus.byId.get('2023-05-02-harbour-plan-approved')).toMatchObject({ title: 'Harbour plan approved', date: '2023-05-02', paragraphs: added.document.paragraphs });
    if (!loaded.ok) return;
    const answer = engineOf(loaded.corpus, extractCorpus(loaded.corpus)).ask('How many containers will the harbour handle by 2030?');
    expect(answer.ok && answer.answer.results[0]?.text).toContain('40 million containers a year by 2030');
  });

  it('GIVEN a PDF with a text layer THEN its paragraphs are joined lines and its title is the PDF title', async () => {
    const dir = makeCorpus(SEED);
    const long = 'The harbour will handle 40 million containers by 2030, according to the plan that the agency published after two years of consultation with the port operators.';
    const pdf = await pdfWithText(['Harbour plan', long, 'It will employ 3,000 people in its first phase.'], 'Harbour plan 2030');
    const added = await addDocument(dir, { bytes: pdf, name: 'harbour.pdf' }, { now: NOW });
    expect(added).toMatchObject({ ok: true, kind: 'pdf', file: 'harbour-plan-2030.md', document: { title: 'Harbour plan 2030' } });
    if (!added.ok) return;
    expect(added.document.paragraphs).toEqual([long, 'It will employ 3,000 people in its first phase.']);
    expect(added.document.sections).toEqual(['Harbour plan']);
    expect(read(dir, added.file)).toContain('source: harbour.pdf');
  });

  it('GIVEN a DOCX with a Title and headings THEN they become the title and sections', async () => {
    const dir = makeCorpus(SEED);
    const bytes = docx([{ style: 'Title', text: 'Steel policy & outlook' }, '14 August 2022', { style: 'Heading1', text: 'Output' }, 'Steel output rose by 3.4% in 2023.', { style: 'Heading1', text: 'Trade' }, 'Exports fell by 1.2 million tonnes.']);
    const added = await addDocument(dir, { bytes, name: 'steel.docx' }, { now: NOW });
    expect(added).toMatchObject({ ok: true, kind: 'docx', file: '2022-08-14-steel-policy-and-outlook.md', document: { title: 'Steel policy & outlook', date: '2022-08-14', sections: ['Output', 'Trade'] } });
    if (!added.ok) return;
    expect(added.document.paragraphs).toEqual(['14 August 2022', 'Steel output rose by 3.4% in 2023.', 'Exports fell by 1.2 million tonnes.']);
  });

  it('GIVEN a DOCX with an embedded image THEN the text is read and the image is neither inflated nor written', async () => {
    const dir = makeCorpus(SEED);
    const image = new Uint8Array(2 * 1024 * 1024).fill(7);
    const bytes = docx(['Port traffic rose by 6% in May.'], { extra: { 'word/media/image1.png': image } });
    const added = await addDocument(dir, { bytes, name: 'ports.docx' }, { limits: { maxExpandedBytes: 1024 * 1024 } });
    expect(added).toMatchObject({ ok: true, document: { paragraphs: ['Port traffic rose by 6% in May.'] } });
  });

  it('GIVEN a DOCX without a Title paragraph THEN the document properties give the title', async () => {
    const dir = makeCorpus(SEED);
    const added = await addDocument(dir, { bytes: docx(['Rail freight grew by 4% last year.'], { coreTitle: 'Rail freight note' }), name: 'note.docx' });
    expect(added).toMatchObject({ ok: true, document: { title: 'Rail freight note' }, file: 'rail-freight-note.md' });
  });

  it('GIVEN .txt and .md files THEN the loader rules give title and date, and the name is the fallback title', async () => {
    const dir = makeCorpus(SEED);
    const txt = await addDocument(dir, { bytes: Buffer.from('date 2022-08-14 Stable chain\n\nThe chain is stable.\n\nIt is strong.\n'), name: 'seed.txt' });
    expect(txt).toMatchObject({ ok: true, kind: 'text', file: '2022-08-14-stable-chain.md', document: { title: 'Stable chain', date: '2022-08-14' }, paragraphs: 2 });
    const md = await addDocument(dir, { bytes: Buffer.from('---\ntags: [ports]\npublisher: Agency\nsource: https://agency.example/ports\n---\n\nNo title here, only text about ports.\n'), name: 'ports_note.md' });
    expect(md).toMatchObject({ ok: true, kind: 'markdown', file: 'ports-note.md', document: { title: 'ports note', publisher: 'Agency', source: 'https://agency.example/ports' } });
    if (md.ok) expect(md.markdown).toContain('tags:\n  - ports');
  });

  it('GIVEN a loaded corpus THEN corpusWith and corpusWithout re-index an added or removed document without reading the folder', async () => {
    const dir = makeCorpus(SEED);
    const loaded = await loadCorpus(dir);
    if (!loaded.ok) throw new Error(loaded.message);
    const added = await addDocument(dir, { bytes: Buffer.from('Rail note\n\nRail freight grew by 4% last year.\n'), name: 'rail.txt' });
    if (!added.ok) throw new Error(added.message);
    const grown = corpusWith(loaded.corpus, added.document);
    const reread = await loadCorpus(dir);
    expect(reread.ok && reread.corpus.documents.map((d) => d.id).sort()).toEqual(grown.documents.map((d) => d.id).sort());
    const answer = engineOf(grown, extractCorpus(grown)).ask('How much did rail freight grow?');
    expect(answer.ok && answer.answer.results[0]?.text).toBe('Rail freight grew by 4% last year.');
    expect(corpusWithout(grown, 'rail-note').documents.map((d) => d.id)).toEqual(['seed']);
  });

  it('GIVEN documents added THEN list shows them and remove takes one out by id', async () => {
    const dir = makeCorpus(SEED);
    await addDocument(dir, { bytes: Buffer.from('Harbour note\n\nThe harbour grows.\n'), name: 'h.txt' });
    const listed = await listDocuments(dir);
    expect(listed).toMatchObject({ ok: true, documents: [{ id: 'harbour-note', title: 'Harbour note', paragraphs: 1, file: 'harbour-note.md' }, { id: 'seed', title: 'Seed document', date: '2021-01-01' }] });
    expect(await removeDocument(dir, 'harbour-not')).toMatchObject({ ok: false, code: 'unknown_document', hints: ['harbour-note'] });
    expect(await removeDocument(dir, 'harbour-note.md')).toMatchObject({ ok: true, id: 'harbour-note', file: 'harbour-note.md', title: 'Harbour note' });
    expect(fs.readdirSync(dir)).toEqual(['seed.md']);
  });
});

describe('bad input gets one polite message and leaves the corpus as it was', () => {
  const cases: { label: string; make: () => Promise<{ bytes: Uint8Array; name: string }>; code: string; message: RegExp }[] = ([
    ['a 0-byte file', async () => ({ bytes: new Uint8Array(0), name: 'empty.txt' }), 'empty_document', /"empty.txt" is empty \(0 bytes\)/],
    ['a file of white space', async () => ({ bytes: Buffer.from(' \n\n \t\n'), name: 'blank.md' }), 'empty_document', /"blank.md" has no text to index/],
    ['an HTML page without text', async () => ({ bytes: Buffer.from('<!doctype html><html><head><script>x()</script></head><body><nav>Home</nav></body></html>'), name: 'p.html' }), 'empty_document', /no text/],
    ['a PDF without a text layer', async () => ({ bytes: await pdfWithoutText(), name: 'scan.pdf' }), 'scanned_pdf', /scanned PDF: no text to index/],
    ['a corrupt PDF', async () => ({ bytes: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage'), name: 'bad.pdf' }), 'corrupt_file', /"bad.pdf" cannot be read/],
    ['a truncated PDF', async () => ({ bytes: (await pdfWithText(['Some text that is long enough.'])).slice(0, 300), name: 'cut.pdf' }), 'corrupt_file', /cannot be read/],
    ['a corrupt DOCX', async () => {
      const bytes = docx(['Some text.']).slice();
      bytes.fill(0x41, 40, bytes.length - 200);
      return { bytes, name: 'bad.docx' };
    }, 'corrupt_file', /damaged Word document/],
    ['a DOCX that is only a Word body with broken XML', async () => ({ bytes: docx(['x'], { extra: { 'word/document.xml': Buffer.from('<w:document><w:body><w:p') } }), name: 'broken.docx' }), 'corrupt_file', /damaged Word document|cannot be read/],
    ['a zip bomb DOCX that lies about its size', async () => ({ bytes: lyingDocxBomb(5), name: 'liar.docx' }), 'too_large', /expands past its declared size/],
    ['a PNG named .txt', async () => ({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), name: 'notes.txt' }), 'unsupported_type', /"notes.txt" is a PNG image: only \.txt, \.md, \.html, \.pdf \(with a text layer\) and \.docx/],
    ['binary junk named .md', async () => ({ bytes: new Uint8Array([1, 2, 3, 0, 5, 6, 7, 8]), name: 'x.md' }), 'unsupported_type', /binary file/],
  ] as const).map(([label, make, code, message]) => ({ label, make, code, message }));

  it.each(cases)('GIVEN $label THEN it is refused with $code', async ({ make, code, message }) => {
    const dir = makeCorpus(SEED);
    const before = snapshot(dir);
    const { bytes, name } = await make();
    const outcome = await addDocument(dir, { bytes, name });
    expect(outcome).toMatchObject({ ok: false, code, message: expect.stringMatching(message) });
    expect(snapshot(dir)).toEqual(before);
  });

  it('GIVEN a DOCX or a PDF that inflates past the cap THEN it is refused before the converter sees it', async () => {
    const dir = makeCorpus(SEED);
    const before = snapshot(dir);
    const mb = 1024 * 1024;
    expect(await addDocument(dir, { bytes: docxBomb(12), name: 'bomb.docx' }, { limits: { maxExpandedBytes: 8 * mb } })).toMatchObject({
      ok: false,
      code: 'too_large',
      message: '"bomb.docx" expands too much to be read safely: it would expand to 12 MB, more than the 8 MB allowed.',
    });
    expect(await addDocument(dir, { bytes: await pdfBomb(40), name: 'bomb.pdf' }, { limits: { maxPdfExpandedBytes: 8 * mb } })).toEqual({
      ok: false,
      code: 'too_large',
      message: '"bomb.pdf" expands too much to be read safely: its compressed streams expand to more than 8 MB.',
    });
    expect(snapshot(dir)).toEqual(before);
  });

  it('GIVEN a file over the size cap THEN it is refused before it is read', async () => {
    const dir = makeCorpus(SEED);
    const big = path.join(makeCorpus({}), 'big.txt');
    fs.writeFileSync(big, 'x');
    fs.truncateSync(big, 21 * 1024 * 1024);
    const before = snapshot(dir);
    expect(await addFile(dir, big)).toMatchObject({ ok: false, code: 'too_large', message: '"big.txt" is 21 MB, more than the 20 MB a document may be.' });
    expect(await addDocument(dir, { bytes: Buffer.alloc(2048, 0x61), name: 'a.txt' }, { limits: { maxBytes: 1024 } })).toMatchObject({ ok: false, code: 'too_large', message: '"a.txt" is 2 KB, more than the 1 KB a document may be.' });
    expect(snapshot(dir)).toEqual(before);
  });

  it('GIVEN a conversion that takes longer than its limit THEN it is stopped with a polite message, nothing is written, and the next add works', async () => {
    const dir = makeCorpus(SEED);
    const before = snapshot(dir);
    const pdf = await pdfWithText(['The harbour plan adds 3,000 jobs.', 'The ferry runs every hour.'], 'Harbour plan');
    // 1 ms: the converter thread cannot even load pdf.js in that time, so the conversion is stopped.
    const stopped = await addDocument(dir, { bytes: pdf, name: 'slow.pdf' }, { limits: { convertTimeoutMs: 1 } });
    expect(stopped).toEqual({ ok: false, code: 'timeout', message: '"slow.pdf" took longer than 1 ms to convert and was stopped. Nothing was added.' });
    expect(snapshot(dir)).toEqual(before);
    // A new converter thread takes the next document.
    const added = await addDocument(dir, { bytes: pdf, name: 'harbour.pdf' }, { now: NOW });
    expect(added).toMatchObject({ ok: true, kind: 'pdf', paragraphs: 2 });
    expect(added.ok && read(dir, added.file)).toContain('The harbour plan adds 3,000 jobs.');
  });

  it('GIVEN a page that expands into too many elements or too much text THEN it is refused', async () => {
    const dir = makeCorpus(SEED);
    const many = `<!doctype html><html><body>${'<i>x</i>'.repeat(5000)}</body></html>`;
    expect(await addDocument(dir, { bytes: Buffer.from(many), name: 'many.html' }, { limits: { maxHtmlElements: 1000 } })).toMatchObject({ ok: false, code: 'too_large', message: expect.stringContaining('more than 1,000 HTML elements') });
    const long = `Title\n\n${'Word after word. '.repeat(2000)}`;
    expect(await addDocument(dir, { bytes: Buffer.from(long), name: 'long.txt' }, { limits: { maxChars: 10_000 } })).toMatchObject({ ok: false, code: 'too_large', message: expect.stringContaining('more than 10,000 characters') });
  });

  it('GIVEN the same content again, under another name and type THEN it is a duplicate that names the original', async () => {
    const dir = makeCorpus(SEED);
    const first = await addDocument(dir, { bytes: Buffer.from('Harbour note\n\nThe harbour will handle 40 million containers.\n'), name: 'a.txt' });
    expect(first.ok).toBe(true);
    const before = snapshot(dir);
    const again = await addDocument(dir, { bytes: docx([{ style: 'Title', text: 'Another title' }, 'The harbour will handle 40 million containers.']), name: 'b.docx' });
    expect(again).toMatchObject({ ok: false, code: 'duplicate', message: 'This document is already in the corpus as "Harbour note" (harbour-note); nothing was added.', hints: ['harbour-note'] });
    const seedAgain = await addDocument(dir, { bytes: Buffer.from('Copy\n\nThe seed document says “steel” output rose by 2%.\n'.replace('“steel”', 'steel')), name: 'c.txt' });
    expect(seedAgain).toMatchObject({ ok: false, code: 'duplicate', hints: ['seed'] });
    expect(snapshot(dir)).toEqual(before);
  });

  it('GIVEN a title whose file name is taken (by a .md or a .txt) THEN it is refused politely', async () => {
    const dir = makeCorpus({ ...SEED, 'reports/x.md': 'X\n\nx.\n', 'harbour-note.txt': 'Old harbour note\n\nThe old note says something else.\n' });
    const before = snapshot(dir);
    const outcome = await addDocument(dir, { bytes: Buffer.from('Harbour Note\n\nA new note with different words.\n'), name: 'n.txt' });
    expect(outcome).toMatchObject({
      ok: false,
      code: 'name_collision',
      message: 'A document named harbour-note.txt ("Old harbour note") is already in the corpus, and the new one would have the same name. Remove the old one first, or give the new one another title.',
    });
    expect(await addDocument(dir, { bytes: Buffer.from('Seed\n\nDifferent words entirely.\n'), name: 'seed.txt' })).toMatchObject({ ok: false, code: 'name_collision' });
    expect(snapshot(dir)).toEqual(before);
  });

  it('GIVEN a missing corpus folder THEN adding says so', async () => {
    expect(await addDocument('/nonexistent/policybot-corpus', { bytes: Buffer.from('x\n\ny\n'), name: 'a.txt' })).toMatchObject({ ok: false, code: 'no_corpus' });
  });

  it('GIVEN two adds of the same document at once THEN one is added and the other is a duplicate', async () => {
    const dir = makeCorpus(SEED);
    const input = { bytes: Buffer.from('Race\n\nBoth callers add this same text at the same time.\n'), name: 'race.txt' };
    const outcomes = await Promise.all([addDocument(dir, input), addDocument(dir, input)]);
    expect(outcomes.map((o) => (o.ok ? 'added' : o.code)).sort()).toEqual(['added', 'duplicate']);
  });
});
