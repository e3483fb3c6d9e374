/**
 * The load run's other side (bench/load.ts forks it): the loopback fake Discord (tests/fake-discord) in its own
 * process, so that its records and its work weigh neither on the bot's memory nor on its event loop. It drives
 * the load: `rate` interactions a second for `seconds` (a bounded loop, every interaction delivered on the
 * gateway of 127.0.0.1), a mix of commands, and reports per interaction when it was delivered, acknowledged
 * (first accepted callback) and finally answered (a callback with the answer, or the edit of a deferred reply).
 *
 * IPC: parent → { start: { rate, seconds, questions } }; child → { ready: { token, apiBase } }, then { done: { … } }.
 */
import { CallbackType, FakeRoutes, option, startFakeDiscord, type JsonObject, type RecordedRequest } from '../tests/fake-discord/server.ts';

interface Start {
  rate: number;
  seconds: number;
  questions: string[];
}

interface Tracked {
  kind: string;
  token: string;
  sentAt: number;
  ackAt?: number;
  ackType?: number;
  finalAt?: number;
}

const fake = await startFakeDiscord({ interactionDeadlineMs: 3000 });
process.send!({ ready: { token: fake.token, apiBase: fake.apiBase } });

const START_ACK = new Set<number>([CallbackType.DeferredChannelMessageWithSource, CallbackType.DeferredMessageUpdate]);

process.on('message', async (message: { start?: Start; stop?: true }) => {
  if (message.stop) {
    await fake.close();
    process.exit(0);
  }
  if (!message.start) return;
  const { rate, seconds, questions } = message.start;
  const total = Math.round(rate * seconds);
  const tracked = new Map<string, Tracked>();
  const all: Tracked[] = [];
  // The last /ask answer's message, for button presses (▶) on it.
  let lastAnswer: JsonObject | undefined;
  let cursor = 0;
  const scan = () => {
    const requests = fake.requests;
    for (; cursor < requests.length; cursor++) {
      const r: RecordedRequest = requests[cursor]!;
      if (r.status < 200 || r.status >= 300) continue;
      const t = tracked.get(r.params.token ?? '');
      if (!t) continue;
      if (r.route === FakeRoutes.interactionCallback && t.ackAt === undefined) {
        t.ackAt = r.at;
        t.ackType = (r.body as { type: number }).type;
        if (!START_ACK.has(t.ackType)) t.finalAt = r.at;
        const data = (r.body as { data?: JsonObject }).data;
        if (t.kind === 'ask' && data?.components) lastAnswer = { embeds: data.embeds, components: data.components };
      } else if (r.route === FakeRoutes.editWebhookMessage && r.params.messageId === '@original' && t.finalAt === undefined) {
        t.finalAt = r.at;
        const body = r.body as JsonObject;
        if (t.kind === 'ask' && body.components) lastAnswer = { embeds: body.embeds, components: body.components };
      }
    }
  };
  const poll = setInterval(scan, 20);
  let users = 0;
  const user = () => ({ id: `15000000000${String(++users).padStart(7, '0')}`, username: `load${users}` });
  const started = Date.now();
  // A fixed mix of 20: 11 /ask, 2 /stats, 2 /quote, 1 /sources, 1 /help, 1 autocomplete, 2 ▶ presses.
  const MIX = ['ask', 'ask', 'stats', 'ask', 'quote', 'ask', 'button', 'ask', 'sources', 'ask', 'ask', 'stats', 'autocomplete', 'ask', 'quote', 'ask', 'button', 'ask', 'help', 'ask'];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const q = questions[i % questions.length]!;
    let kind = MIX[i % MIX.length]!;
    if (kind === 'button' && !lastAnswer) kind = 'ask';
    const customId = kind === 'button' ? ((lastAnswer!.components as Array<{ components: Array<{ custom_id: string; label: string }> }>).flatMap((row) => row.components).find((b) => b.label === '▶')?.custom_id) : undefined;
    if (kind === 'button' && !customId) kind = 'ask';
    const words = q.split(/\s+/).filter((w) => w.length > 5);
    const handle =
      kind === 'ask' ? fake.interact({ kind: 'slash', name: 'ask', options: [option.string('question', q)], user: user() })
      : kind === 'stats' ? fake.interact({ kind: 'slash', name: 'stats', options: [option.string('topic', words[0] ?? 'capital')], user: user() })
      : kind === 'quote' ? fake.interact({ kind: 'slash', name: 'quote', options: [option.string('topic', words[1] ?? 'market')], user: user() })
      : kind === 'sources' ? fake.interact({ kind: 'slash', name: 'sources', user: user() })
      : kind === 'help' ? fake.interact({ kind: 'slash', name: 'help', user: user() })
      : kind === 'autocomplete' ? fake.interact({ kind: 'autocomplete', name: 'ask', options: [option.string('question', 'x'), option.string('document', (words[0] ?? 'rule').slice(0, 4), { focused: true })], user: user() })
      : fake.interact({ kind: 'button', customId: customId!, user: user(), message: lastAnswer! });
    const t: Tracked = { kind, token: handle.token, sentAt: Date.now() };
    tracked.set(handle.token, t);
    all.push(t);
  }
  const sentMs = Date.now() - started;
  // Every interaction's final reply, or 10 s after the last one was sent.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && all.some((t) => t.finalAt === undefined)) await new Promise((resolve) => setTimeout(resolve, 50));
  clearInterval(poll);
  scan();
  const acks = all.map((t) => (t.ackAt === undefined ? Infinity : t.ackAt - t.sentAt));
  const finals = all.map((t) => (t.finalAt === undefined ? Infinity : t.finalAt - t.sentAt));
  const byKind: Record<string, number> = {};
  for (const t of all) byKind[t.kind] = (byKind[t.kind] ?? 0) + 1;
  process.send!({
    done: {
      sent: all.length,
      sentMs,
      byKind,
      acks,
      finals,
      deferred: all.filter((t) => t.ackType !== undefined && START_ACK.has(t.ackType)).length,
      problems: fake.problems.slice(0, 20),
      problemCount: fake.problems.length,
    },
  });
});
