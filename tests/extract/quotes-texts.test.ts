import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/core/extract/quotes.ts';
import { documentOf, passageOf } from './helpers.ts';

const quotesOf = (...paragraphs: string[]) => extractQuotes(documentOf(paragraphs)).quotes;
const brief = (...paragraphs: string[]) => quotesOf(...paragraphs).map((q) => [q.kind, q.speaker ?? null, q.verb ?? null, q.text]);

describe('GIVEN quotations attributed in the ways news texts do', () => {
  it('THEN a speaker named before the quotation is found ("X said: “…”")', () => {
    expect(brief('Jerome Powell said: “Inflation remains too high and we will act.”')).toEqual([
      ['direct', 'Jerome Powell', 'said', 'Inflation remains too high and we will act.'],
    ]);
  });

  it('THEN an inverted attribution is found ("…,” said X), and "he" is the last speaker named', () => {
    expect(brief(
      '“We are ready to act,” said Mr. Greenspan, the chairman.',
      '“Markets will adjust,” he added.',
    )).toEqual([
      ['direct', 'Mr. Greenspan', 'said', 'We are ready to act,'],
      ['direct', 'Mr. Greenspan', 'added', 'Markets will adjust,'],
    ]);
  });

  it('THEN a surname alone refers back to the full name, with its role', () => {
    const quotes = quotesOf(
      'Cao Xirui, chief researcher of the institute, said that the reforms are working well.',
      '“Large firms must lead the way in research,” Cao said.',
    );
    expect(quotes.map((q) => [q.kind, q.speaker, q.role])).toEqual([
      ['reported', 'Cao Xirui', 'chief researcher of the institute'],
      ['direct', 'Cao Xirui', 'chief researcher of the institute'],
    ]);
  });

  it('THEN "According to X, …" is reported speech when X is a person or body, not when it is a rule', () => {
    expect(brief('According to the spokesperson of the ministry, exports will recover by the end of the year.')).toEqual([
      ['reported', 'spokesperson of the ministry', 'according to', 'exports will recover by the end of the year.'],
    ]);
    expect(brief('According to Article 5, the firm must keep records for six years.')).toEqual([]);
  });

  it('THEN straight double quotes work like curly ones', () => {
    expect(brief('"The economy is strong and getting stronger," the President said.')).toEqual([
      ['direct', 'President', 'said', 'The economy is strong and getting stronger,'],
    ]);
  });

  it('THEN an introductory phrase before the speaker is left out ("Where …, the Regulator expects that")', () => {
    expect(brief('Where a Fund invests in listed assets, the Regulator expects that the Fund Manager will keep daily records.')).toEqual([
      ['reported', 'Regulator', 'expects', 'the Fund Manager will keep daily records.'],
    ]);
  });

  it('THEN reported speech stops where another speaker, a reporting verb or a quotation begins', () => {
    expect(brief('Several participants noted that inflation had risen quickly. Energy prices were the main driver. A few participants raised the concern that policy was too loose.')).toEqual([
      ['reported', 'Several participants', 'noted', 'inflation had risen quickly. Energy prices were the main driver.'],
    ]);
    expect(brief('The minister said that exports will grow this year. “We are confident about the coming months,” he added.')).toEqual([
      ['reported', 'minister', 'said', 'exports will grow this year.'],
      ['direct', 'minister', 'added', 'We are confident about the coming months,'],
    ]);
  });

  it('THEN discourse words and clauses are not taken for speakers', () => {
    expect(brief('Indeed, available data suggested that spending remained strong.')).toEqual([]);
    expect(brief('Nevertheless, several participants noted that risks to the outlook remained elevated.')).toEqual([
      ['reported', 'several participants', 'noted', 'risks to the outlook remained elevated.'],
    ]);
  });

  it('THEN a long quotation nobody is named for is kept without a speaker; a pronoun with no one before it names nobody', () => {
    expect(brief('“The future is not a gift. It is an achievement.” The crowd cheered loudly for a long time.')).toEqual([
      ['direct', null, null, 'The future is not a gift. It is an achievement.'],
    ]);
    expect(brief('“We will keep the promises we made to the people,” he said.')).toEqual([
      ['direct', null, null, 'We will keep the promises we made to the people,'],
    ]);
  });
});

describe('GIVEN short quoted terms and apostrophes', () => {
  it('THEN scare quotes and defined terms are terms, not quotes', () => {
    const { quotes, terms } = extractQuotes(documentOf([
      'The so-called “little giant” firms and the ‘main force’ of industry grew. In these Rules, "Relevant Person" means a firm.',
    ]));
    expect(quotes).toEqual([]);
    expect(terms.map((t) => t.term)).toEqual(['little giant', 'main force', 'Relevant Person']);
  });

  it('THEN apostrophes (country’s, world‘s, don\'t, firms\') never open or close a quotation', () => {
    const { quotes, terms } = extractQuotes([passageOf("The country’s output and the world‘s share don't match the firms' claims, Xiaomi's data show.")]);
    expect(quotes).toEqual([]);
    expect(terms).toEqual([]);
  });

  it('THEN an unclosed quotation mark is dropped without harm', () => {
    const { quotes, terms } = extractQuotes([passageOf('He wrote “this never closes. Then “short term” appeared.')]);
    expect(quotes).toEqual([]);
    expect(terms.map((t) => t.term)).toEqual(['short term']);
  });
});

describe('GIVEN passages of two documents', () => {
  it('THEN extractQuotes refuses them: speakers resolve within one document', () => {
    expect(() => extractQuotes([passageOf('a', { docId: 'one' }), passageOf('b', { docId: 'two' })])).toThrow(/^policybot: /);
  });
});
