/** Pure rendering: Replies in, Discord payloads out, always within Discord's limits. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/app/command.ts';
import { LIMITS, cutAtWord, embedSize, fitEmbed } from '../../src/adapter/discord/limits.ts';
import { boldHighlights, escapeMarkdown } from '../../src/adapter/discord/markdown.ts';
import { citationLine } from '../../src/adapter/discord/embedParts.ts';
import { cooldownNotice, renderParagraph, renderReply } from '../../src/adapter/discord/render.ts';
import type { Answer, AnswerResult, DocumentInfo } from '../../src/core/types.ts';
import { validateMessageBody } from '../fake-discord/validation.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DOC: DocumentInfo = { id: 'reports/steel', title: 'Steel *capacity* report', date: '2023-02-01', source: 'https://example.org/steel (2023).pdf' };

function result(text: string, highlights: AnswerResult['highlights'] = [], paragraph = 3, doc = DOC): AnswerResult {
  return { text, doc, paragraph, score: 1, highlights };
}
function answer(results: AnswerResult[], extra: Partial<Answer> = {}): Answer {
  return { query: 'how much steel?', abstained: results.length === 0, results, suggestions: [], ...extra };
}

describe('GIVEN cutAtWord', () => {
  it('WHEN the text fits THEN it is unchanged', () => {
    expect(cutAtWord('short text', 10)).toBe('short text');
  });
  it('WHEN it is too long THEN it is cut at a word and marked with …', () => {
    expect(cutAtWord('the quick brown fox jumps', 12)).toBe('the quick…');
  });
  it('WHEN the cut falls inside a surrogate pair THEN the pair is dropped whole', () => {
    const cut = cutAtWord('ab😀😀😀😀', 4);
    expect(cut).toBe('ab…');
    expect(LONE_SURROGATE.test(cut)).toBe(false);
  });
  it('WHEN there is no space THEN the word itself is cut', () => {
    expect(cutAtWord('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('GIVEN markdown in document text', () => {
  it('THEN markdown and mention syntax is escaped, line-start syntax only at line start', () => {
    expect(escapeMarkdown('a *b* _c_ `d` ~~e~~ |f| [g](h) <@1>')).toBe('a \\*b\\* \\_c\\_ \\`d\\` \\~\\~e\\~\\~ \\|f\\| \\[g\\](h) \\<@1>');
    expect(escapeMarkdown('# title\n> quote\n- item\n1. one\n3 - 2')).toBe('\\# title\n\\> quote\n\\- item\n1\\. one\n3 - 2');
    expect(escapeMarkdown('- not at start', false)).toBe('- not at start');
  });

  it('THEN highlight ranges are bolded on the raw offsets, each piece escaped on its own', () => {
    const text = 'The *rate* was 24.7% in 2021_q2.';
    const rate = [text.indexOf('rate'), text.indexOf('rate') + 4] as const;
    const pct = [text.indexOf('24.7%'), text.indexOf('24.7%') + 5] as const;
    expect(boldHighlights(text, [pct, rate])).toBe('The \\***rate**\\* was **24.7%** in 2021\\_q2.');
  });

  it('THEN neighbouring matches form one bold run and ranges splitting an emoji are widened', () => {
    expect(boldHighlights('domestic manufacturers rose', [[0, 8], [9, 22]])).toBe('**domestic manufacturers** rose');
    const out = boldHighlights('a😀b', [[2, 3]]);
    expect(LONE_SURROGATE.test(out)).toBe(false);
    expect(out).toBe('a**😀**b');
  });

  it('WHEN the text is too long THEN it is cut at a word with … and no bold marker is left open', () => {
    const text = `${'word '.repeat(50)}target ${'tail '.repeat(50)}`;
    const at = text.indexOf('target');
    const out = boldHighlights(text, [[at, at + 6]], 270);
    expect(out.length).toBeLessThanOrEqual(270);
    expect(out.endsWith('…')).toBe(true);
    expect(out).toContain('**target**');
    expect((out.match(/\*\*/g) ?? []).length % 2).toBe(0);
  });
});

describe('GIVEN Replies', () => {
  it('WHEN an answer THEN the citation has title, date, paragraph and a [source] link; other results are fields', () => {
    const payload = renderReply({ kind: 'answer', answer: answer([result('Steel output rose 3%.', [[0, 5]]), result('Second.', [], 7)]) }, { version: 'v1' });
    const embed = payload.embeds[0]!;
    expect(embed.description).toBe('> **Steel** output rose 3%.\n— **Steel \\*capacity\\* report** (2023-02-01), paragraph 3 · [source](https://example.org/steel%20%282023%29.pdf)');
    expect(embed.fields).toEqual([{ name: '2. Next result · paragraph 7', value: expect.stringContaining('> Second.\n— **Steel') }]);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.flags).toBeUndefined();
  });

  it('WHEN a document has no date or a non-http source THEN the citation leaves them out', () => {
    expect(citationLine({ id: 'a', title: 'A', source: 'javascript:alert(1)' }, 2)).toBe('— **A**, paragraph 2');
  });

  it('WHEN page 2 is asked THEN that result is in full and earlier ones become fields', () => {
    const results = [result('One.'), result('Two.', [], 4), result('Three.', [], 5)];
    const payload = renderReply({ kind: 'answer', answer: answer(results) }, { version: 'v1', page: 2 });
    expect(payload.embeds[0]!.title).toBe('Result 3 of 3');
    expect(payload.embeds[0]!.fields!.map((f) => f.name)).toEqual(['1. Earlier result · paragraph 3', '2. Earlier result · paragraph 4']);
    const buttons = (payload.components[0]!.components as Array<{ label: string; disabled: boolean; custom_id: string }>).map((b) => [b.label, b.disabled, b.custom_id.split(':').slice(0, 3).join(':')]);
    expect(buttons).toEqual([
      ['◀', false, 'pb:prev:1'],
      ['▶', true, 'pb:next:2'],
      ['Show paragraph', false, 'pb:para:2'],
    ]);
  });

  it('WHEN an abstention THEN it says so plainly with the suggestions, escaped', () => {
    const payload = renderReply({ kind: 'answer', answer: answer([], { suggestions: ['Steel *quotas*'] }) }, { version: 'v1' });
    expect(payload.embeds[0]!.title).toBe('No answer in the documents');
    expect(payload.embeds[0]!.description).toContain('• Steel \\*quotas\\*');
    expect(payload.components).toEqual([]);
  });

  it('WHEN a failure THEN it is polite, private when asked, with hints', () => {
    const reply: Reply = { kind: 'failure', failure: { ok: false, code: 'unknown_document', message: 'No document matches "stel".', hints: ['reports/steel'] }, private: true };
    const payload = renderReply(reply, { version: 'v1' });
    expect(payload.flags).toBe(64);
    expect(payload.embeds[0]!.description).toBe('No document matches "stel".\n\nDid you mean:\n• reports/steel');
  });

  it('WHEN help THEN each command is a field with its usage', () => {
    const payload = renderReply({ kind: 'help', commands: [{ name: 'ask', description: 'Ask', usage: '/ask question:<text>' }], corpus: { documents: 2, passages: 9 } }, { version: 'v1' });
    expect(payload.embeds[0]!.description).toContain('Corpus: 2 documents, 9 passages.');
    expect(payload.embeds[0]!.fields).toEqual([{ name: '/ask', value: '`/ask question:<text>`\nAsk' }]);
  });

  it('WHEN a paragraph is shown THEN the quoted part is bold and the reply private', () => {
    const payload = renderParagraph('Before. Steel output rose 3%. After.', result('Steel output rose 3%.'));
    expect(payload.flags).toBe(64);
    expect(payload.embeds[0]!.description).toBe('Before. **Steel output rose 3%.** After.\n\n— **Steel \\*capacity\\* report** (2023-02-01), paragraph 3 · [source](https://example.org/steel%20%282023%29.pdf)');
  });

  it('WHEN a cooldown notice is made THEN it carries a relative Discord timestamp', () => {
    expect(cooldownNotice(1_700_000_000_500)).toBe("You're going a bit fast — try again <t:1700000001:R>.");
  });
});

describe('GIVEN fitEmbed', () => {
  it('THEN 30 long fields become at most 25 and the embed at most 6000 characters', () => {
    const fitted = fitEmbed({ title: 't'.repeat(300), description: 'd '.repeat(3000), fields: Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, value: 'v '.repeat(700) })), footer: { text: 'f' } });
    expect(fitted.title!.length).toBeLessThanOrEqual(256);
    expect(fitted.description!.length).toBeLessThanOrEqual(4096);
    expect(fitted.fields!.length).toBeLessThanOrEqual(25);
    expect(fitted.fields!.every((f) => f.value.length <= 1024)).toBe(true);
    expect(embedSize(fitted)).toBeLessThanOrEqual(6000);
  });
});

// ------------------------------------------------------------------------------------------ property

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 600 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ maxLength: 50 }).map((s) => `${s} `.repeat(200)),
  fc.constantFrom('*_~`|[]<>#-'.repeat(900), `@everyone ${'x'.repeat(5000)}`),
  // Emoji (surrogate pairs) at every parity of offset, so cuts land inside pairs.
  fc.tuple(fc.nat(3), fc.nat(2)).map(([pad, spaced]) => `${'x'.repeat(pad)}${(spaced ? '😀 ' : '😀').repeat(2500)}`),
  fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 2500 }),
);
const anyDoc = fc.record({ id: fc.string({ minLength: 1, maxLength: 300 }), title: anyText, date: fc.option(fc.constant('2022-08-14'), { nil: undefined }), source: fc.option(fc.webUrl(), { nil: undefined }) });
const anyResult = fc.record({
  text: anyText,
  doc: anyDoc,
  paragraph: fc.integer({ min: 1, max: 100_000 }),
  score: fc.double({ noNaN: true }),
  highlights: fc.array(fc.tuple(fc.integer({ min: -5, max: 6000 }), fc.integer({ min: -5, max: 6000 })), { maxLength: 30 }),
});
const anyReply: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({
    kind: fc.constant('answer' as const),
    answer: fc.record({ query: anyText, abstained: fc.boolean(), results: fc.array(anyResult, { maxLength: 30 }), suggestions: fc.array(anyText, { maxLength: 12 }), scope: fc.option(anyDoc, { nil: undefined }) }),
    private: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('help' as const), commands: fc.array(fc.record({ name: anyText, description: anyText, usage: anyText }), { maxLength: 30 }), corpus: fc.record({ documents: fc.nat(), passages: fc.nat() }) }),
  fc.record({ kind: fc.constant('failure' as const), failure: fc.record({ ok: fc.constant(false as const), code: fc.constant('not_found' as const), message: anyText, hints: fc.array(anyText, { maxLength: 15 }) }) }),
);

describe('GIVEN any Reply (property)', () => {
  it('THEN every page renders within all of Discord limits, without lone surrogates', () => {
    fc.assert(
      fc.property(anyReply, fc.nat(30), (reply, page) => {
        const payload = renderReply(reply, { version: 'abc123', page });
        expect(validateMessageBody(payload)).toEqual([]);
        for (const embed of payload.embeds) {
          expect(embedSize(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
          expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
          for (const text of [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])]) {
            if (text !== undefined) expect(LONE_SURROGATE.test(text)).toBe(false);
          }
          for (const field of embed.fields ?? []) expect(field.name.length > 0 && field.value.length > 0).toBe(true);
        }
        for (const row of payload.components) for (const button of row.components as Array<{ custom_id: string; label: string }>) {
          expect(button.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
          expect(button.label.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
        }
        expect(payload.allowed_mentions).toEqual({ parse: [] });
      }),
      { numRuns: 150 },
    );
  });
});
