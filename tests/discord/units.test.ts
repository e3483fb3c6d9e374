/** Config, logs, cooldown, button ids and message parsing: pure parts, no Discord. */
import { describe, expect, it } from 'vitest';
import { createCooldown } from '../../src/adapter/discord/cooldown.ts';
import { corpusVersion, decodeButtonId, encodeButtonId, parseQuestionFooter, questionFooter, questionHash } from '../../src/adapter/discord/customId.ts';
import { fitChoices, optionsOf } from '../../src/adapter/discord/interactions.ts';
import { looksLikeQuestion, questionFromMention } from '../../src/adapter/discord/messages.ts';
import { intentsFor } from '../../src/adapter/discord/bot.ts';
import { parseConfig } from '../../src/config/env.ts';
import { createLogger, redact } from '../../src/log/logger.ts';
import { GatewayIntentBits } from 'discord.js';

const TOKEN = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('GIVEN the environment', () => {
  /** Server documents' settings (tests/guilds/config.test.ts). */
  const GUILD_DEFAULTS = { GUILD_MAX_DOCUMENTS: 200, GUILD_MAX_BYTES: 50 * 1024 * 1024, GUILD_RETENTION_DAYS: 30, GUILD_INDEX_MB: 256 };

  it('WHEN nothing is set THEN the defaults apply (console mode)', () => {
    expect(parseConfig({})).toEqual({
      ok: true,
      config: { DISCORD_API_BASE: 'https://discord.com/api', LOG_LEVEL: 'info', COOLDOWN_COMMANDS: 5, COOLDOWN_SECONDS: 10, ANSWER_CHANNELS: [], ...GUILD_DEFAULTS, QUESTION_LOG: 'hashed', LOG_RETENTION_DAYS: 90 },
    });
  });

  it('WHEN every Discord setting is given THEN they are parsed and normalised', () => {
    const parsed = parseConfig({
      DISCORD_TOKEN: ` ${TOKEN} `,
      DISCORD_GUILD_ID: '1300000000000001001',
      DISCORD_API_BASE: 'http://127.0.0.1:8080/api/',
      CORPUS_DIR: 'docs',
      LOG_LEVEL: 'debug',
      COOLDOWN_COMMANDS: '3',
      COOLDOWN_SECONDS: '30',
      ANSWER_CHANNELS: '1300000000000002001, 1300000000000002002,',
    });
    expect(parsed).toEqual({
      ok: true,
      config: {
        DISCORD_TOKEN: TOKEN,
        DISCORD_GUILD_ID: '1300000000000001001',
        DISCORD_API_BASE: 'http://127.0.0.1:8080/api',
        CORPUS_DIR: 'docs',
        LOG_LEVEL: 'debug',
        COOLDOWN_COMMANDS: 3,
        COOLDOWN_SECONDS: 30,
        ANSWER_CHANNELS: ['1300000000000002001', '1300000000000002002'],
        ...GUILD_DEFAULTS,
        QUESTION_LOG: 'hashed',
        LOG_RETENTION_DAYS: 90,
      },
    });
  });

  it('WHEN values are bad THEN there is one line per variable, naming it, and the token value is never echoed', () => {
    const parsed = parseConfig({
      DISCORD_TOKEN: 'secret token with spaces',
      DISCORD_GUILD_ID: 'my-server',
      DISCORD_API_BASE: 'ftp://proxy',
      LOG_LEVEL: 'loud',
      COOLDOWN_COMMANDS: '0',
      COOLDOWN_SECONDS: 'ten',
      ANSWER_CHANNELS: '123,general',
      DATABASE_URL: 'mysql://db',
      QUESTION_LOG: 'everything',
      LOG_RETENTION_DAYS: '0',
      POLICYBOT_SNAPSHOT: 'sometimes',
      POLICYBOT_BUILD_THREADS: '0',
    });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['DISCORD_TOKEN', 'DISCORD_GUILD_ID', 'DISCORD_API_BASE', 'LOG_LEVEL', 'COOLDOWN_COMMANDS', 'COOLDOWN_SECONDS', 'ANSWER_CHANNELS', 'DATABASE_URL', 'QUESTION_LOG', 'LOG_RETENTION_DAYS', 'POLICYBOT_SNAPSHOT', 'POLICYBOT_BUILD_THREADS']);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
    expect(problems.join('\n')).not.toMatch(/secret|my-server|loud|general|sometimes|mysql|everything/);
  });
});

describe('GIVEN the logger', () => {
  it('THEN lines are JSON on the given stream, filtered by level, with fields', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => new Date(0) });
    logger.debug('hidden');
    logger.child({ shard: 0 }).info('command', { command: 'ask', latencyMs: 12, results: 3, abstained: false });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'command', shard: 0, command: 'ask', latencyMs: 12, results: 3, abstained: false },
    ]);
  });

  it('THEN the token never appears, even inside an error message or stack, nor anything shaped like a token', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (l) => lines.push(l), secrets: ['my-configured-token'] });
    logger.error('login failed', { error: new Error('401 for my-configured-token'), header: `Bot ${TOKEN}` });
    const text = lines.join('');
    expect(text).not.toContain('my-configured-token');
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('401 for [redacted]');
    expect(JSON.parse(text).error.stack).toContain('[redacted]');
    expect(redact(`x ${TOKEN} y`)).toBe('x [redacted] y');
  });
});

describe('GIVEN the cooldown (5 per 10 s)', () => {
  it('THEN the 6th command in the window is refused until the oldest one leaves the window', () => {
    let now = 1_000_000;
    const cooldown = createCooldown({ limit: 5, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 5; i += 1) {
      expect(cooldown.take('u1')).toEqual({ ok: true });
      now += 1_000;
    }
    expect(cooldown.take('u1')).toEqual({ ok: false, retryAt: 1_010_000 });
    expect(cooldown.take('u2')).toEqual({ ok: true });
    now = 1_010_000;
    expect(cooldown.take('u1')).toEqual({ ok: true });
    expect(cooldown.take('u1')).toEqual({ ok: false, retryAt: 1_011_000 });
  });
});

describe('GIVEN button ids', () => {
  it('THEN they round-trip, stay under 100 characters and ignore foreign ids', () => {
    const id = { action: 'next' as const, page: 4, version: 'abc123xy', qhash: questionHash('q?', 'doc') };
    const encoded = encodeButtonId(id);
    expect(encoded.length).toBeLessThanOrEqual(100);
    expect(decodeButtonId(encoded)).toEqual(id);
    expect(decodeButtonId('other-bot:next')).toBeNull();
  });

  it('THEN the question and scope are read back from the footer, whitespace normalised', () => {
    expect(parseQuestionFooter(questionFooter('  what\nshare? ', 'reports/x'))).toEqual({ question: 'what share?', document: 'reports/x' });
    expect(parseQuestionFooter(questionFooter('q'))).toEqual({ question: 'q' });
    expect(questionHash('what\nshare?')).toBe(questionHash('what share?'));
    expect(parseQuestionFooter('something else')).toBeNull();
  });

  it('THEN the corpus version changes when a paragraph changes', () => {
    const doc = { id: 'a', title: 'A', paragraphs: ['one', 'two'] };
    const before = corpusVersion({ documents: [doc] as never });
    expect(corpusVersion({ documents: [{ ...doc }] as never })).toBe(before);
    expect(corpusVersion({ documents: [{ ...doc, paragraphs: ['one', 'two!'] }] as never })).not.toBe(before);
  });
});

describe('GIVEN Discord option and choice shapes', () => {
  it('THEN interaction options (with subcommands) become the plain CommandOptions record', () => {
    expect(optionsOf([{ name: 'question', type: 3, value: 'q' }, { name: 'private', type: 5, value: true }, { name: 'sub', type: 1, options: [{ name: 'n', type: 4, value: 2 }] }] as never)).toEqual({ question: 'q', private: true, n: 2 });
  });

  it('THEN choices are cut to 25 with names of at most 100 characters, over-long values dropped', () => {
    const choices = Array.from({ length: 40 }, (_, i) => ({ name: `${'long name '.repeat(20)}${i}`, value: `v${i}` }));
    const fitted = fitChoices([{ name: 'x', value: 'y'.repeat(101) }, ...choices]);
    expect(fitted).toHaveLength(25);
    expect(fitted.every((c) => c.name.length <= 100 && c.name.endsWith('…'))).toBe(true);
    expect(fitted[0]!.value).toBe('v0');
  });
});

describe('GIVEN channel messages', () => {
  it('THEN a mention of the bot is stripped to the question; other mentions are not the bot', () => {
    expect(questionFromMention('<@42> what share?', '42')).toBe('what share?');
    expect(questionFromMention('what <@!42> share?', '42')).toBe('what share?');
    expect(questionFromMention('@everyone what share?', '42')).toBeNull();
    expect(questionFromMention('<@&42> role mention', '42')).toBeNull();
  });

  it('THEN only question-like messages are answered in answer channels', () => {
    expect(looksLikeQuestion('What share of OLED shipments?')).toBe(true);
    expect(looksLikeQuestion('how many categories are there')).toBe(true);
    expect(looksLikeQuestion('nice weather today')).toBe(false);
    expect(looksLikeQuestion('ok?')).toBe(false);
  });

  it('THEN MessageContent is requested only when ANSWER_CHANNELS is set', () => {
    expect(intentsFor({ ANSWER_CHANNELS: [] })).toEqual([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    expect(intentsFor({ ANSWER_CHANNELS: ['1'] })).toContain(GatewayIntentBits.MessageContent);
  });
});
