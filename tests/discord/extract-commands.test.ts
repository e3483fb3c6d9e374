/**
 * /stats, /quote and /sources end to end: the real bot and discord.js against the fake Discord.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { blockedConnections } from '../support/no-network.ts';
import { CallbackType, option, type JsonObject, type RecordedRequest } from '../fake-discord/server.ts';
import { SEED_DOC, freshUser, startHarness, type Harness } from './harness.ts';

interface Embed {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
}
const EPHEMERAL = 64;
const dataOf = (request: RecordedRequest) => (request.body as { type: number; data: JsonObject }).data;
const embedOf = (request: RecordedRequest): Embed => ((dataOf(request).embeds as Embed[] | undefined) ?? [])[0] ?? {};

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});
afterAll(() => expect(blockedConnections()).toEqual([]));

describe('GIVEN /stats', () => {
  it('WITH a topic THEN figures come as fields: the value in bold inside its verbatim sentence, computed changes labelled, citation', async () => {
    harness = await startHarness();
    const callback = await harness.fake.interact({ kind: 'slash', name: 'stats', user: freshUser(), options: [option.string('topic', 'manufacturing share of world total')] }).callback();
    const embed = embedOf(callback);
    expect(embed.title).toBe('Figures on “manufacturing share of world total”');
    const [first, second] = embed.fields!;
    expect(first!.name).toMatch(/^1\. 22\.5% — /);
    expect(first!.value).toContain('from **22.5%**.');
    expect(first!.value).toMatch(/— \*\*Stable chain .*\*\* \(2022-08-14\), paragraph 3/);
    expect(second!.name).toMatch(/^2\. nearly 30%/);
    expect(second!.value).toContain('*Computed by policybot, not quoted:* +7.5 percentage points');
    expect(dataOf(callback).allowed_mentions).toEqual({ parse: [] });
  });

  it('WITHOUT a topic THEN the key figures are listed', async () => {
    harness = await startHarness();
    const embed = embedOf(await harness.fake.interact({ kind: 'slash', name: 'stats', user: freshUser() }).callback());
    expect(embed.title).toBe('Key figures');
    expect(embed.fields!.map((f) => f.name).join('\n')).toContain('31.4 trillion yuan');
  });

  it('WHEN typing a topic THEN autocomplete offers figure subjects, at most 25 of at most 100 characters', async () => {
    harness = await startHarness();
    const callback = await harness.fake.interact({ kind: 'autocomplete', name: 'stats', options: [option.string('topic', 'manufact', { focused: true })] }).callback();
    expect(callback.body).toMatchObject({ type: CallbackType.ApplicationCommandAutocompleteResult });
    const choices = dataOf(callback).choices as Array<{ name: string; value: string }>;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.every((c) => c.name.length <= 100 && c.value.length <= 100 && /manufact/i.test(c.name))).toBe(true);
  });
});

describe('GIVEN /quote', () => {
  it('WITH a topic and a speaker THEN the quotation comes with speaker, role, verb and citation', async () => {
    harness = await startHarness();
    const callback = await harness.fake
      .interact({ kind: 'slash', name: 'quote', user: freshUser(), options: [option.string('topic', 'leading enterprises'), option.string('speaker', 'Cao Xirui')] })
      .callback();
    const [first] = embedOf(callback).fields!;
    expect(first!.name).toMatch(/^1\. Cao Xirui, chief researcher .* \(believes\)$/);
    expect(first!.value).toContain('‘main force’ of forging long plates');
    expect(first!.value).toMatch(/paragraph 13/);
  });

  it('WITH a speaker nobody is THEN a polite private answer, not an error', async () => {
    harness = await startHarness();
    const callback = await harness.fake.interact({ kind: 'slash', name: 'quote', user: freshUser(), options: [option.string('speaker', 'Elvis Presley')] }).callback();
    expect(dataOf(callback).flags).toBe(EPHEMERAL);
    expect(embedOf(callback).description).toMatch(/Nobody called “Elvis Presley” is quoted/);
  });

  it('WHEN typing a speaker THEN autocomplete offers the corpus’s speakers', async () => {
    harness = await startHarness();
    const callback = await harness.fake.interact({ kind: 'autocomplete', name: 'quote', options: [option.string('speaker', 'cao', { focused: true })] }).callback();
    const choices = dataOf(callback).choices as Array<{ name: string; value: string }>;
    expect(choices[0]).toMatchObject({ value: 'Cao Xirui' });
    expect(choices.every((c) => c.name.length <= 100)).toBe(true);
  });
});

describe('GIVEN /sources', () => {
  it('WITHOUT a document THEN the documents are listed with paragraphs, figures and quotes', async () => {
    harness = await startHarness();
    const embed = embedOf(await harness.fake.interact({ kind: 'slash', name: 'sources', user: freshUser() }).callback());
    expect(embed.title).toBe('1 document');
    expect(embed.description).toMatch(/\*\*Stable chain .*\*\* — 2022-08-14\n`2022-08-14-stable-chain-and-strong-chain-optimize-layout` · 17 paragraphs · \d+ figures · \d+ quotes/);
  });

  it('WITH a document THEN its details: lead paragraph, key terms, speakers, quoted terms and sections', async () => {
    harness = await startHarness();
    const embed = embedOf(await harness.fake.interact({ kind: 'slash', name: 'sources', user: freshUser(), options: [option.string('document', SEED_DOC)] }).callback());
    expect(embed.description).toMatch(/^> The Politburo meeting of the CPC Central Committee held on July 28/);
    const fields = Object.fromEntries(embed.fields!.map((f) => [f.name, f.value]));
    expect(fields['Key terms']).toContain('industrial');
    expect(fields.Speakers).toContain('Cao Xirui');
    expect(fields['Quoted terms']).toContain('“stuck neck”');
    expect(fields.Sections).toContain('Promote advanced industrial base and industrial chain modernization');
  });

  it('WITH an unknown document THEN a polite private failure', async () => {
    harness = await startHarness();
    const callback = await harness.fake.interact({ kind: 'slash', name: 'sources', user: freshUser(), options: [option.string('document', 'no such paper')] }).callback();
    expect(dataOf(callback).flags).toBe(EPHEMERAL);
    expect(embedOf(callback).description).toContain('There is no document "no such paper"');
  });
});
