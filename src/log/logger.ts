/**
 * Structured logs: one JSON object a line on stderr, `{time, level, msg, ...fields}`, filtered by LOG_LEVEL.
 * Every line goes through redaction: the configured secrets (the bot token) and anything shaped like a Discord
 * token become `[redacted]`, whatever field or error message they hide in.
 */
import { randomBytes } from 'node:crypto';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
type Level = Exclude<LogLevel, 'silent'>;

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Where lines go; default process.stderr. */
  readonly write?: (line: string) => void;
  /** Exact strings never to print (the bot token). */
  readonly secrets?: readonly (string | undefined)[];
  readonly now?: () => Date;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Discord bot tokens: base64 user id, a timestamp part and an HMAC, separated by dots. */
const TOKEN_SHAPE = /[A-Za-z\d_-]{23,28}\.[A-Za-z\d_-]{6,7}\.[A-Za-z\d_-]{27,}/g;
export const REDACTED = '[redacted]';

/** `text` with every secret and every token-shaped string replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(TOKEN_SHAPE, REDACTED);
}

/** Errors as plain fields (JSON.stringify drops an Error's message and stack). */
function serialize(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    const { name, message, stack } = value;
    const code = (value as { code?: unknown }).code;
    const cause = (value as { cause?: unknown }).cause;
    return { name, message, ...(code !== undefined ? { code } : {}), stack, ...(cause !== undefined && depth < 3 ? { cause: serialize(cause, depth + 1) } : {}) };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A short random id shown to the user with a polite error and written in the log line, to find one in the other. */
export function errorId(): string {
  return randomBytes(4).toString('hex');
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? [];
  const log = (level: Level, msg: string, fields: LogFields = {}) => {
    if (RANK[level] < threshold) return;
    const record: LogFields = { time: now().toISOString(), level, msg, ...bound };
    for (const [key, value] of Object.entries(fields)) record[key] = serialize(value);
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      line = JSON.stringify({ time: record.time, level, msg, note: 'fields could not be serialized' });
    }
    write(`${redact(line, secrets)}\n`);
  };
  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that prints nothing (tests, library use). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
