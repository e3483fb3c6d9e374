import { z } from 'zod';

/** Every setting the bot reads from the environment (or `.env`); see `.env.example`. */
const ENV_SCHEMA = z.object({
  DISCORD_TOKEN: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  CORPUS_DIR: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

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
