import { describe, expect, it } from 'vitest';
import { blockedRange, isPublicAddress } from '../../src/core/ingest/address.ts';
import { dateFromMeta, findDate } from '../../src/core/ingest/blocks.ts';
import { sniffType } from '../../src/core/ingest/sniff.ts';
import { contentHash, slugFor } from '../../src/core/ingest/store.ts';
import { toMarkdown } from '../../src/core/ingest/toMarkdown.ts';
import { parseDocument } from '../../src/core/corpus/parse.ts';
import { strToU8, zipSync } from 'fflate';
import { docx, pdfWithText } from './fixtures.ts';

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('sniffType: the bytes decide, the name is only a hint', () => {
  it('GIVEN real PDF and DOCX bytes under misleading names THEN they are a PDF and a DOCX', async () => {
    expect(sniffType(await pdfWithText(['Some text.']), 'notes.txt')).toEqual({ kind: 'pdf' });
    expect(sniffType(docx(['Some text.']), 'page.html')).toEqual({ kind: 'docx' });
  });

  it.each([
    ['<!DOCTYPE html><html><body><p>x</p></body></html>', 'x.txt', 'html'],
    ['  <!-- generated -->\n<html lang="en"><p>x</p></html>', '', 'html'],
    ['---\ntitle: A\n---\n\nText.', 'a.txt', 'markdown'],
    ['# Heading\n\nText.', '', 'markdown'],
    ['Plain words.\n\nMore words.', 'x.md', 'markdown'],
    ['Plain words.\n\nMore words about <b>tags</b>.', '', 'text'],
    ['   \n  ', 'blank.txt', 'text'],
  ])('GIVEN %j named %j THEN it is %s', (content, name, kind) => {
    expect(sniffType(bytes(content), name)).toEqual({ kind });
  });

  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0], 'PNG image'],
    [[0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JPEG image'],
    [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1], 'old Office file'],
    [[0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x61, 0x2e, 0x74, 0x78, 0x74], 'ZIP archive, not a Word document'],
    [[0x01, 0x02, 0x00, 0x7f, 0x10, 0x11], 'binary file'],
    [[0xff, 0xfe, 0x41, 0x00], 'UTF-16'],
    [[0x48, 0xe9, 0x6c, 0x6c, 0xf8], 'not valid UTF-8'],
    [[...Buffer.from('{\\rtf1\\ansi Hello}')], 'RTF file'],
    [[...zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8('<x/>') }, { level: 0 })], 'OpenDocument'],
  ])('GIVEN bytes %j named report.txt THEN it is refused as %s', (content, what) => {
    const sniffed = sniffType(new Uint8Array(content), 'report.txt');
    expect(sniffed).toHaveProperty('unsupported');
    expect((sniffed as { unsupported: string }).unsupported).toContain(what);
  });
});

describe('blockedRange: only public unicast addresses may be fetched', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.1.2.3', 'loopback'], ['::1', 'loopback'],
    ['10.0.0.1', 'private'], ['172.16.5.4', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'], ['169.254.0.1', 'linkLocal'], ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'], ['fc00::1', 'uniqueLocal'],
    ['100.64.0.1', 'carrierGradeNat'], ['100.100.100.200', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['255.255.255.255', 'broadcast'], ['224.0.0.251', 'multicast'], ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:169.254.169.254', 'linkLocal'], ['[::ffff:10.0.0.1]', 'private'],
    ['64:ff9b::a9fe:a9fe', 'rfc6052'], ['2002:a9fe:a9fe::1', '6to4'], ['2001:0:4136:e378::1', 'teredo'],
    ['192.0.2.10', 'reserved'], ['240.0.0.1', 'reserved'], ['not-an-ip', 'not an IP address'],
  ])('GIVEN %s THEN it is refused as %s', (address, range) => {
    expect(blockedRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.215.14', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.4.4', '172.32.0.1', '100.128.0.1'])('GIVEN public %s THEN it is allowed', (address) => {
    expect(blockedRange(address)).toBeUndefined();
  });
});

describe('file names, dates, hashes, Markdown', () => {
  it.each([
    ['Stable chain and strong chain optimize layout', '2022-08-14', '2022-08-14-stable-chain-and-strong-chain-optimize-layout'],
    ['Réforme des retraites : l’essentiel', undefined, 'reforme-des-retraites-lessentiel'],
    ['R&D / Tax credit (2023)!', undefined, 'r-and-d-tax-credit-2023'],
    ['2022-08-14 Harbour plan', '2022-08-14', '2022-08-14-harbour-plan'],
    ['A very long title that goes on and on about the industrial and supply chain policy of the year', undefined, 'a-very-long-title-that-goes-on-and-on-about-the-industrial'],
  ])('GIVEN the title %j and date %j THEN the file name is %s', (title, date, slug) => {
    expect(slugFor(title, date)).toBe(slug);
  });

  it('GIVEN a title without Latin letters THEN the name comes from its hash, stable', () => {
    expect(slugFor('稳链强链优化布局')).toMatch(/^document-[0-9a-f]{8}$/);
    expect(slugFor('稳链强链优化布局')).toBe(slugFor('稳链强链优化布局'));
  });

  it.each([
    ['Published 14 August 2022', '2022-08-14'], ['August 14, 2022', '2022-08-14'], ['Sept. 3rd 2021', '2021-09-03'],
    ['2023-05-02T09:30:00Z', '2023-05-02'], ['2022年8月14日', '2022-08-14'], ['31 February 2022', undefined], ['in 2022', undefined],
  ])('findDate(%j) is %s', (text, date) => {
    expect(findDate(text)).toBe(date);
  });

  it('dateFromMeta reads PDF dates', () => {
    expect(dateFromMeta('D:20220814101500Z')).toBe('2022-08-14');
  });

  it('GIVEN two texts differing only in case, quotes and spacing THEN their hashes are equal', () => {
    expect(contentHash(['“Steel”  output rose.', 'Exports fell.'])).toBe(contentHash(['"steel" output rose.', 'exports   fell.']));
    expect(contentHash(['Steel output rose.'])).not.toBe(contentHash(['Steel output fell.']));
  });

  it('GIVEN a title with YAML specials THEN the Markdown loads back with the same title, date, source and paragraphs', () => {
    const markdown = toMarkdown(
      { title: 'Plan: "phase 2" — #1 & more', date: '2022-08-14', source: 'https://example.org/a?b=1#c', addedBy: 'alice', addedAt: '2026-01-01T00:00:00.000Z' },
      [{ text: 'First paragraph.' }, { heading: 1, text: 'Jobs' }, { text: 'Second: 3,000 jobs.' }],
    );
    const parsed = parseDocument('x', 'x.md', markdown);
    expect(parsed).toMatchObject({
      document: { title: 'Plan: "phase 2" — #1 & more', date: '2022-08-14', source: 'https://example.org/a?b=1#c', paragraphs: ['First paragraph.', 'Second: 3,000 jobs.'], sections: ['Jobs'] },
    });
    expect(markdown).toContain('\n## Jobs\n');
    expect(markdown).toContain('added_by: alice');
  });
});
