/**
 * Per-user sliding-window rate limit: at most `limit` commands in any `windowMs`. Pure apart from the
 * injected clock, so it is tested without waiting.
 */
export interface CooldownOptions {
  /** Commands allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

export type CooldownResult = { readonly ok: true } | { readonly ok: false; /** epoch ms when the next command is allowed */ readonly retryAt: number };

export interface Cooldown {
  /** Counts a command by `userId` when allowed; a refused attempt is not counted. */
  take(userId: string): CooldownResult;
}

export function createCooldown({ limit, windowMs, now = Date.now }: CooldownOptions): Cooldown {
  const recent = new Map<string, number[]>();
  let lastSweep = now();
  return {
    take(userId) {
      const time = now();
      // Forget idle users now and then, so the map does not grow with every user ever seen.
      if (time - lastSweep > windowMs) {
        for (const [id, times] of recent) if (times.every((t) => time - t >= windowMs)) recent.delete(id);
        lastSweep = time;
      }
      const times = (recent.get(userId) ?? []).filter((t) => time - t < windowMs);
      if (times.length >= limit) {
        recent.set(userId, times);
        return { ok: false, retryAt: times[0]! + windowMs };
      }
      times.push(time);
      recent.set(userId, times);
      return { ok: true };
    },
  };
}
