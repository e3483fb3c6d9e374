import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/core/corpus/parse.ts';
import { passagesOf, MAX_PASSAGE_CHARS } from '../../src/core/corpus/passages.ts';

const parsed = (id: string, file: string, text: string) => {
  const result = parseDocument(id, file, text);
  if (!('document' in result)) throw new Error(result.error);
  return result;
};

describe('parsing .txt documents', () => {
  it('GIVEN the seed form "date YYYY-MM-DD Title" THEN date and title come from the first line', () => {
    const { document } = parsed('a', 'a.txt', ' date 2022-08-14 Stable chain\n\nFirst paragraph.\n');
    expect(document.title).toBe('Stable chain');
    expect(document.date).toBe('2022-08-14');
    expect(document.paragraphs).toEqual(['First paragraph.']);
  });

  it('GIVEN a plain first line THEN it is the title', () => {
    const { document } = parsed('a', 'a.txt', 'Annual report\n\nIt grew.\n');
    expect(document.title).toBe('Annual report');
    expect(document.date).toBeUndefined();
  });

  it('GIVEN one-line paragraphs without final punctuation between paragraphs THEN they are section headings, not paragraphs', () => {
    const { document } = parsed('a', 'a.txt', 'T\n\nIntro text.\n\nSupply chains\n\nFirst point.\n\nSecond point.\n\nLast words\n');
    expect(document.sections).toEqual(['Supply chains']);
    expect(document.paragraphs).toEqual(['Intro text.', 'First point.', 'Second point.', 'Last words']);
    expect(document.paragraphSections).toEqual([undefined, 'Supply chains', 'Supply chains', 'Supply chains']);
  });
});

describe('parsing .md documents', () => {
  it('GIVEN front matter THEN title, date, source and publisher are read; # headings are sections', () => {
    const { document } = parsed('dir/b', 'dir/b.md', '---\ntitle: "Green steel"\ndate: 2023-01-02\nsource: https://example.org/x\npublisher: Ministry\n---\n\n# Background\n\nSteel is made.\n\n## Plans\n\nMore steel.\n');
    expect(document).toMatchObject({ title: 'Green steel', date: '2023-01-02', source: 'https://example.org/x', publisher: 'Ministry' });
    expect(document.sections).toEqual(['Background', 'Plans']);
    expect(document.paragraphSections).toEqual(['Background', 'Plans']);
  });

  it('GIVEN broken front matter THEN the body is still read and a warning says why', () => {
    const result = parsed('b', 'b.md', '---\ntitle: [unclosed\n---\n\nSome text here.\n');
    expect(result.warning).toMatch(/front matter/);
    expect(result.document.paragraphs).toEqual(['Some text here.']);
  });

  it('GIVEN no front matter THEN the first # heading is the title', () => {
    const { document } = parsed('c', 'c.md', '# The title\n\nBody text.\n');
    expect(document.title).toBe('The title');
  });
});

describe('passages', () => {
  it('GIVEN paragraphs THEN passages carry their 1-based paragraph number and section', () => {
    const { document } = parsed('a', 'a.txt', 'T\n\nOne.\n\nHeading here\n\nTwo. Three.\n');
    const passages = passagesOf(document, 0);
    expect(passages.map((p) => [p.paragraph, p.section, p.sentences.length])).toEqual([[1, undefined, 1], [2, 'Heading here', 2]]);
  });

  it('GIVEN a huge paragraph THEN it becomes bounded passages of whole sentences, all numbered as that paragraph', () => {
    const paragraph = Array.from({ length: 3000 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const { document } = parsed('a', 'a.txt', `T\n\n${paragraph}\n`);
    const passages = passagesOf(document, 0);
    expect(passages.length).toBeGreaterThan(10);
    expect(passages.every((p) => p.text.length <= MAX_PASSAGE_CHARS && p.paragraph === 1)).toBe(true);
    expect(passages.map((p) => p.text).join(' ')).toBe(paragraph);
  });
});
