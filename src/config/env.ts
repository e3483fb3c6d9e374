import dotenv from 'dotenv';
import { z } from 'zod';
import { MAX_THREADS } from '../core/snapshot/analysisPool.ts';

/** Discord ids: 17 to 20 digits. */
const SNOWFLAKE = /^\d{17,20}$/;
export const DEFAULT_DISCORD_API_BASE = 'https://discord.com/api';

/** An optional string: blank counts as unset. */
const optionalText = () =>
  z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined));

/** A whole number in [min, max] from the environment, `fallback` when unset or blank. */
const integer = (fallback: number, min: number, max: number, what: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return fallback;
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected ${what}, a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** A size in bytes: a whole number, or with KB, MB or GB (1024-based): `50MB`. */
const size = (fallback: number, min: number, max: number, what: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return fallback;
      const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i.exec(v.trim());
      const n = match ? Math.round(Number(match[1]) * 1024 ** ['B', 'KB', 'MB', 'GB'].indexOf((match[2] ?? 'B').toUpperCase())) : NaN;
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected ${what}: bytes, or a number with KB, MB or GB (such as 50MB)` });
        return z.NEVER;
      }
      return n;
    });

/** Every setting the bot reads from the environment (or `.env`); see `.env.example`. */
const ENV_SCHEMA = z.object({
  DISCORD_TOKEN: optionalText().refine((v) => v === undefined || /^[\x21-\x7e]+$/.test(v), {
    message: 'expected the bot token from the Developer Portal (printable characters, no spaces)',
  }),
  DISCORD_GUILD_ID: optionalText().refine((v) => v === undefined || SNOWFLAKE.test(v), {
    message: 'expected a Discord server id (17 to 20 digits; Developer Mode → right-click the server → Copy Server ID)',
  }),
  DISCORD_API_BASE: optionalText()
    .refine((v) => v === undefined || isHttpUrl(v), { message: 'expected an http(s) URL such as https://discord.com/api' })
    .transform((v) => (v ?? DEFAULT_DISCORD_API_BASE).replace(/\/+$/, '')),
  CORPUS_DIR: optionalText(),
  LOG_LEVEL: optionalText()
    .refine((v) => v === undefined || ['debug', 'info', 'warn', 'error', 'silent'].includes(v), {
      message: 'expected one of debug, info, warn, error, silent',
    })
    .transform((v) => (v ?? 'info') as 'debug' | 'info' | 'warn' | 'error' | 'silent'),
  COOLDOWN_COMMANDS: integer(5, 1, 1000, 'how many commands a user may send per cooldown window'),
  COOLDOWN_SECONDS: integer(10, 1, 3600, 'the cooldown window in seconds'),
  ANSWER_CHANNELS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const ids = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.some((id) => !SNOWFLAKE.test(id))) {
        ctx.addIssue({ code: 'custom', message: 'expected comma-separated Discord channel ids (17 to 20 digits each)' });
        return z.NEVER;
      }
      return [...new Set(ids)];
    }),
  // The bot's own data folder (server documents in <DATA_DIR>/guilds/, the question log's embedded database in <DATA_DIR>/db/).
  DATA_DIR: optionalText(),
  GUILD_MAX_DOCUMENTS: integer(200, 1, 100_000, 'the most documents one server may add'),
  GUILD_MAX_BYTES: size(50 * 1024 * 1024, 1024, 1024 ** 4, "the most text one server's documents may hold together"),
  GUILD_RETENTION_DAYS: integer(30, 0, 3650, "how many days a server's documents are kept after the bot leaves it"),
  GUILD_INDEX_MB: integer(256, 1, 1_000_000, "the memory budget in MB for the servers' own indexes kept loaded"),
  DATABASE_URL: optionalText().refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'expected a PostgreSQL URL such as postgres://user:password@host:5432/policybot',
  }),
  QUESTION_LOG: optionalText()
    .refine((v) => v === undefined || ['hashed', 'full', 'off'].includes(v), { message: 'expected hashed, full or off' })
    .transform((v) => (v ?? 'hashed') as 'hashed' | 'full' | 'off'),
  LOG_RETENTION_DAYS: integer(90, 1, 3650, 'how many days questions are kept'),
  // Read by the snapshot store itself (src/core/snapshot/store.ts); checked here so a typo is reported at start.
  POLICYBOT_SNAPSHOT: z
    .string()
    .optional()
    .refine((v) => !v?.trim() || /^(on|off|true|false|1|0|yes|no)$/i.test(v.trim()), { message: 'expected on or off (empty: on)' }),
  // Read by the snapshot store itself (src/core/snapshot/analysisPool.ts).
  POLICYBOT_BUILD_THREADS: z
    .string()
    .optional()
    .refine((v) => !v?.trim() || (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= MAX_THREADS), {
      message: `expected how many threads analyse documents in a build, a whole number from 1 to ${MAX_THREADS} (empty: one per core)`,
    }),
});

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export type Config = z.output<typeof ENV_SCHEMA>;

/** Validates the environment once; returns every problem, one line each, never the values themselves. */
export function parseConfig(env: NodeJS.ProcessEnv): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
  };
}

/**
 * For entry points: reads `.env` and validates the environment. Each problem goes to stderr on its own line;
 * undefined means the caller should exit with code 2.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config | undefined {
  // quiet: dotenv otherwise prints a banner on stdout, which would spoil piped console output.
  dotenv.config({ quiet: true });
  const configured = parseConfig(env);
  if (configured.ok) return configured.config;
  for (const problem of configured.problems) process.stderr.write(`config: ${problem}\n`);
  return undefined;
}

/** The bot token, or undefined after a one-line explanation of what it is needed for. */
export function requireToken(config: Config, purpose: string): string | undefined {
  if (config.DISCORD_TOKEN) return config.DISCORD_TOKEN;
  process.stderr.write(`config: DISCORD_TOKEN: needed to ${purpose} (the bot token from the Developer Portal)\n`);
  return undefined;
}
