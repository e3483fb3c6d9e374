/**
 * A small fake Discord (REST + gateway on one loopback port) for end-to-end tests that drive the REAL
 * discord.js client:
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents: [...], rest: { api: fake.apiBase } });
 *   await client.login(fake.token);
 *   const press = fake.interact({ kind: 'slash', name: 'ask', options: [option.string('q', 'leave policy')] });
 *   expect((await press.callback()).body).toMatchObject({ type: 4, data: { content: ... } });
 *
 * What discord.js 14.28.1 needs (see README-style notes in the test file's header for the rest):
 *  - `rest.api` is the only knob: the gateway URL comes from `GET /api/v10/gateway/bot`, and
 *    `@discordjs/ws` appends `?v=10&encoding=json` itself. It asks for `compress=zlib-stream` only
 *    when the optional `zlib-sync` package is installed (it is not here); the fake refuses that and
 *    ETF, and records the refusal in `problems`.
 *  - Everything is recorded: HTTP requests (Authorization redacted) in `requests`, gateway frames
 *    from the client (tokens redacted) in `gatewayFrames`, protocol violations in `problems`.
 *
 * Discord behaviours reproduced because bots get them wrong in production:
 *  - an interaction must be acknowledged within 3 s of delivery (404 10062 afterwards), once (400 40060);
 *  - `@original` does not exist before a reply/defer (404 10008); follow-ups need an acknowledgement;
 *  - content > 2000 chars, > 10 embeds, embed limits, > 25 autocomplete choices → 400 50035;
 *  - a reply to an unknown message → 400 50035 (unless `fail_if_not_exists: false`);
 *  - without the MESSAGE_CONTENT intent, guild messages that do not mention the bot arrive with empty
 *    content; without GUILD_MESSAGES they do not arrive at all;
 *  - the bot's own channel messages and public interaction replies come back as MESSAGE_CREATE.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { formBodyErrors, registerCommands, validateCommands, type CommandProblem } from './commands.ts';
import { multipartBoundary, parseMultipart } from './multipart.ts';
import {
  CallbackType,
  DEFAULT_IDS,
  WireInteractionType,
  WireMessageFlags,
  botMessagePayload,
  editMessagePayload,
  guildCreatePayload,
  interactionPayload,
  makeGuild,
  makeUser,
  nextSnowflake,
  userMessagePayload,
  type EventContext,
  type FakeChannel,
  type FakeGuild,
  type FakeGuildInput,
  type FakeUser,
  type FakeUserInput,
  type InteractionPayload,
  type InteractionSpec,
  type JsonObject,
  type MessagePayload,
  type OutgoingMessageBody,
  type Snowflake,
  type UploadedFile,
  type UserMessageSpec,
} from './payloads.ts';

export * from './payloads.ts';
export { validateCommands, type CommandProblem } from './commands.ts';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface FakeDiscordOptions {
  /** The only bot token accepted on REST and gateway. Default 'test-token'. */
  token?: string;
  /** Default: id DEFAULT_IDS.botUser, username 'policybot'. */
  botUser?: FakeUserInput;
  /** Default: the bot user's id (as for applications created since 2020). */
  applicationId?: Snowflake;
  /** Default: one guild with a #general channel and a public thread, ids from DEFAULT_IDS. */
  guilds?: FakeGuildInput[];
  /** The human that interactions and messages come from by default. */
  user?: FakeUserInput;
  /** HELLO heartbeat interval. Default 41250 ms, like Discord. */
  heartbeatIntervalMs?: number;
  /** Time allowed between delivering an interaction and its callback; null disables. Default 3000 ms. */
  interactionDeadlineMs?: number | null;
  /** Blank the content of unmentioned guild messages unless IDENTIFY asked for MESSAGE_CONTENT. Default true. */
  enforceMessageContentIntent?: boolean;
  /** Send MESSAGE_CREATE for the bot's own messages, as Discord does. Default true. */
  echoBotMessages?: boolean;
}

export interface RecordedRequest {
  /** Order among all recorded requests, from 1. */
  readonly seq: number;
  readonly at: number;
  readonly method: string;
  /** Percent-decoded path, e.g. '/api/v10/webhooks/1/tok/messages/@original'. */
  readonly path: string;
  /** The matched route template (see {@link FakeRoutes}), or null when nothing matched (404). */
  readonly route: string | null;
  /** Route parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, lower-case names; the Authorization value is replaced by '[redacted]'. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether Authorization carried `Bot <the accepted token>`. */
  readonly auth: 'valid' | 'invalid' | 'missing';
  /** Parsed JSON body (the `payload_json` part for multipart), raw text for other types, null if empty. */
  readonly body: unknown;
  /** Files of a multipart body. */
  readonly files: readonly UploadedFile[];
  /** What the fake answered. */
  readonly status: number;
  readonly response: unknown;
}

export interface RecordedFrame {
  readonly seq: number;
  readonly at: number;
  /** Which gateway connection (see `gatewayConnections`) sent it. */
  readonly connection: number;
  readonly op: number | null;
  /** Payload, with `token` redacted for IDENTIFY and RESUME; the raw text when it was not JSON. */
  readonly d: unknown;
}

export interface GatewayConnectionInfo {
  readonly id: number;
  /** Request path and query, e.g. '/gateway?v=10&encoding=json'. */
  readonly url: string;
  readonly openedAt: number;
  closedAt: number | null;
  /** Close code as seen by the server (1005 when the peer sent none, 1006 when the socket dropped). */
  closeCode: number | null;
}

export interface DispatchRecord {
  readonly s: number;
  readonly t: string;
  readonly d: unknown;
  /** When it went over a socket (null while queued for a RESUME replay). */
  deliveredAt: number | null;
}

export interface WaitOptions {
  /** Default 3000 ms. */
  timeoutMs?: number;
  /** Which matching request to wait for, from 0. Default 0. */
  nth?: number;
}

/** What a test gets back from `interact()`: the payload sent, and waits on what the bot answered. */
export interface InteractionHandle {
  readonly id: Snowflake;
  readonly token: string;
  readonly payload: InteractionPayload;
  /** Every request addressed to this interaction so far (callback and webhook routes), oldest first. */
  requests(): RecordedRequest[];
  /** The first accepted (2xx) `POST /interactions/:id/:token/callback`; its `body` is `{ type, data }`. */
  callback(options?: WaitOptions): Promise<RecordedRequest>;
  /** An accepted `PATCH /webhooks/:app/:token/messages/@original` (editReply). */
  editOriginal(options?: WaitOptions): Promise<RecordedRequest>;
  /** An accepted `POST /webhooks/:app/:token` (followUp). */
  followup(options?: WaitOptions): Promise<RecordedRequest>;
  /** The message currently standing as the response (after edits), or null. */
  original(): MessagePayload | null;
}

export interface MessageHandle {
  readonly message: MessagePayload;
  /** False when the session's intents mean Discord would not deliver it (no GUILD_MESSAGES). */
  readonly delivered: boolean;
  /** The bot's accepted `POST /channels/<this channel>/messages` made after this message was sent. */
  reply(options?: WaitOptions): Promise<RecordedRequest>;
}

export type RequestMatcher = string | ((request: RecordedRequest) => boolean);

export interface InjectedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Route templates as they appear in `RecordedRequest.route`. */
export const FakeRoutes = {
  gateway: 'GET /gateway',
  gatewayBot: 'GET /gateway/bot',
  currentUser: 'GET /users/@me',
  currentApplication: 'GET /applications/@me',
  globalCommands: 'GET /applications/:applicationId/commands',
  putGlobalCommands: 'PUT /applications/:applicationId/commands',
  guildCommands: 'GET /applications/:applicationId/guilds/:guildId/commands',
  putGuildCommands: 'PUT /applications/:applicationId/guilds/:guildId/commands',
  createMessage: 'POST /channels/:channelId/messages',
  getMessage: 'GET /channels/:channelId/messages/:messageId',
  editMessage: 'PATCH /channels/:channelId/messages/:messageId',
  deleteMessage: 'DELETE /channels/:channelId/messages/:messageId',
  typing: 'POST /channels/:channelId/typing',
  interactionCallback: 'POST /interactions/:interactionId/:token/callback',
  followup: 'POST /webhooks/:applicationId/:token',
  getWebhookMessage: 'GET /webhooks/:applicationId/:token/messages/:messageId',
  editWebhookMessage: 'PATCH /webhooks/:applicationId/:token/messages/:messageId',
  deleteWebhookMessage: 'DELETE /webhooks/:applicationId/:token/messages/:messageId',
} as const;

/** Gateway opcodes the fake speaks. */
export const GatewayOp = { Dispatch: 0, Heartbeat: 1, Identify: 2, PresenceUpdate: 3, Resume: 6, Reconnect: 7, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

/** Gateway intents the fake looks at. */
export const Intent = { Guilds: 1 << 0, GuildMessages: 1 << 9, MessageContent: 1 << 15 } as const;

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RequestContext {
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly files: readonly UploadedFile[];
}

interface Route {
  readonly method: string;
  readonly template: string;
  readonly segments: readonly string[];
  /** Needs `Authorization: Bot <token>`; interaction and webhook-token routes do not. */
  readonly auth: boolean;
  readonly handle: (context: RequestContext) => Reply;
}

interface InteractionState {
  readonly payload: InteractionPayload;
  readonly dispatch: DispatchRecord;
  callbackType: number | null;
  originalMessageId: Snowflake | null;
  readonly followupIds: Snowflake[];
}

interface Session {
  readonly id: string;
  seq: number;
  readonly log: DispatchRecord[];
  socket: WebSocket | null;
  readonly intents: number;
}

interface PendingInjection {
  readonly matcher: RequestMatcher;
  readonly response: InjectedResponse;
  remaining: number;
}

const DEFAULT_WAIT_MS = 3000;
const MESSAGE_CONTENT_LIMIT = 2000;

const apiError = (status: number, code: number, message: string, errors?: JsonObject): Reply => ({
  status,
  body: errors ? { message, code, errors } : { message, code },
});

const formError = (problems: readonly CommandProblem[]): Reply =>
  apiError(400, 50035, `Invalid Form Body: ${problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`, formBodyErrors(problems));

const isOk = (request: RecordedRequest): boolean => request.status >= 200 && request.status < 300;

/** The limits Discord enforces on a message body that bots most often exceed. */
function messageProblems(body: OutgoingMessageBody | null | undefined, path: string[] = []): CommandProblem[] {
  const problems: CommandProblem[] = [];
  if (!body) return problems;
  const tooLong = (at: string[], limit: number): CommandProblem => ({ path: [...path, ...at], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${limit} or fewer in length.` });
  if (typeof body.content === 'string' && body.content.length > MESSAGE_CONTENT_LIMIT) problems.push(tooLong(['content'], MESSAGE_CONTENT_LIMIT));
  const embeds = (body.embeds ?? []) as JsonObject[];
  if (embeds.length > 10) problems.push(tooLong(['embeds'], 10));
  let embedTotal = 0;
  embeds.forEach((embed, i) => {
    const at = ['embeds', String(i)];
    const title = String(embed.title ?? '');
    const description = String(embed.description ?? '');
    const fields = (embed.fields ?? []) as JsonObject[];
    if (title.length > 256) problems.push(tooLong([...at, 'title'], 256));
    if (description.length > 4096) problems.push(tooLong([...at, 'description'], 4096));
    if (fields.length > 25) problems.push(tooLong([...at, 'fields'], 25));
    fields.forEach((field, f) => {
      if (String(field.name ?? '').length > 256) problems.push(tooLong([...at, 'fields', String(f), 'name'], 256));
      if (String(field.value ?? '').length > 1024) problems.push(tooLong([...at, 'fields', String(f), 'value'], 1024));
    });
    const footer = String((embed.footer as JsonObject | undefined)?.text ?? '');
    const author = String((embed.author as JsonObject | undefined)?.name ?? '');
    embedTotal += title.length + description.length + footer.length + author.length;
    embedTotal += fields.reduce((sum, field) => sum + String(field.name ?? '').length + String(field.value ?? '').length, 0);
  });
  if (embedTotal > 6000) problems.push({ path: [...path, 'embeds'], code: 'MESSAGE_EMBEDS_TOO_LONG', message: 'Embed size exceeds maximum size of 6000' });
  if ((body.components ?? []).length > 5 && ((body.flags ?? 0) & (1 << 15)) === 0) problems.push(tooLong(['components'], 5));
  return problems;
}

function headerRecord(headers: http.IncomingHttpHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    record[name] = name === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, multipart (`payload_json` + files) or text; throws SyntaxError on bad JSON. */
function parseBody(raw: Buffer, contentType: string | undefined): { body: unknown; files: UploadedFile[] } {
  if (raw.length === 0) return { body: null, files: [] };
  const boundary = multipartBoundary(contentType);
  if (boundary) {
    const parts = parseMultipart(raw, boundary);
    const payload = parts.find((p) => p.name === 'payload_json');
    const files = parts
      .filter((p) => p.filename !== null)
      .map((p) => ({ field: p.name, filename: p.filename!, contentType: p.contentType ?? 'application/octet-stream', data: p.data }));
    return { body: payload ? JSON.parse(payload.data.toString('utf8')) : null, files };
  }
  if (/json/i.test(contentType ?? '')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  return { body: raw.toString('utf8'), files: [] };
}

function matchRoute(routes: readonly Route[], method: string, segments: readonly string[]): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = segments[i]!;
        return true;
      }
      return part === segments[i];
    });
    if (matches) return { route, params };
  }
  return null;
}

function isSpec(value: InteractionSpec | InteractionPayload): value is InteractionSpec {
  return 'kind' in value && typeof value.kind === 'string';
}

function redactToken(d: unknown): unknown {
  if (d && typeof d === 'object' && 'token' in d) return { ...(d as JsonObject), token: '[redacted]' };
  return d;
}

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: Snowflake;
  readonly botUser: FakeUser;
  /** The default human user. */
  readonly user: FakeUser;
  readonly guilds: FakeGuild[];

  /** Every HTTP request, in arrival order (recorded when answered). */
  readonly requests: RecordedRequest[] = [];
  /** Every gateway frame received from clients. */
  readonly gatewayFrames: RecordedFrame[] = [];
  readonly gatewayConnections: GatewayConnectionInfo[] = [];
  /** Protocol violations seen (unsupported encoding, frames before IDENTIFY, ...); tests can assert it is empty. */
  readonly problems: string[] = [];
  /** Messages the fake knows: those it delivered and those the bot created. */
  readonly messages = new Map<Snowflake, MessagePayload>();
  /** Registered commands: key 'global' or a guild id. */
  readonly commands = new Map<string, JsonObject[]>();
  identifyCount = 0;
  resumeCount = 0;

  private readonly options: Required<Pick<FakeDiscordOptions, 'heartbeatIntervalMs' | 'enforceMessageContentIntent' | 'echoBotMessages'>> & {
    interactionDeadlineMs: number | null;
  };
  private readonly httpServer: http.Server;
  private readonly wss: WebSocketServer;
  private readonly changes = new EventEmitter();
  private readonly routes: Route[];
  private readonly interactions = new Map<Snowflake, InteractionState>();
  private readonly injections: PendingInjection[] = [];
  private session: Session | null = null;
  private resumesAtLastDrop = 0;
  private nextIdentifyClose: { code: number; reason: string } | null = null;
  private requestSeq = 0;
  private frameSeq = 0;
  private port_ = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.token = options.token ?? 'test-token';
    this.botUser = makeUser({ bot: true, ...options.botUser }, { id: DEFAULT_IDS.botUser, username: 'policybot' });
    this.applicationId = options.applicationId ?? this.botUser.id;
    this.user = makeUser(options.user ?? {}, { id: DEFAULT_IDS.user, username: 'tester' });
    this.guilds = (options.guilds ?? [{ name: 'Policy Test Guild' }]).map((g, i) => makeGuild(g, i, this.user));
    this.options = {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      interactionDeadlineMs: options.interactionDeadlineMs === undefined ? 3000 : options.interactionDeadlineMs,
      enforceMessageContentIntent: options.enforceMessageContentIntent ?? true,
      echoBotMessages: options.echoBotMessages ?? true,
    };
    this.changes.setMaxListeners(0);
    this.routes = this.buildRoutes();
    this.httpServer = http.createServer((req, res) => void this.onHttpRequest(req, res));
    this.wss = new WebSocketServer({ server: this.httpServer });
    this.wss.on('connection', (socket, req) => this.onGatewayConnection(socket, req));
  }

  get port(): number {
    return this.port_;
  }

  /** Give this to discord.js as `rest.api`. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port_}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port_}/gateway`;
  }

  /** The current gateway session's dispatches (READY, GUILD_CREATE, ...), including queued ones. */
  get dispatched(): readonly DispatchRecord[] {
    return this.session?.log ?? [];
  }

  /** Whether a client socket is attached to the session right now. */
  get connected(): boolean {
    return this.session?.socket?.readyState === WebSocket.OPEN;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(0, '127.0.0.1', () => resolve());
    });
    this.port_ = (this.httpServer.address() as AddressInfo).port;
    return this;
  }

  /** Closes every socket and the server. Destroy the discord.js client first, or it will keep reconnecting. */
  async close(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
  }

  // ------------------------------------------------------------------ driving the bot

  /** Sends a gateway dispatch; queued for the RESUME replay when no socket is attached. Returns its sequence. */
  dispatch(t: string, d: unknown): DispatchRecord {
    const session = this.requireSession(t);
    const record: DispatchRecord = { s: ++session.seq, t, d, deliveredAt: null };
    session.log.push(record);
    if (session.socket?.readyState === WebSocket.OPEN) this.deliver(session.socket, record);
    return record;
  }

  /** Dispatches INTERACTION_CREATE built from a spec (or a ready payload) and tracks the replies. */
  interact(spec: InteractionSpec | InteractionPayload): InteractionHandle {
    const payload = isSpec(spec) ? interactionPayload(this.context(spec), spec) : spec;
    if (payload.message) this.messages.set(String(payload.message.id), payload.message as MessagePayload);
    const state: InteractionState = {
      payload,
      dispatch: this.dispatch('INTERACTION_CREATE', payload),
      callbackType: null,
      originalMessageId: null,
      followupIds: [],
    };
    this.interactions.set(payload.id, state);
    return this.interactionHandle(state);
  }

  /** Dispatches MESSAGE_CREATE for a human's guild message (what the bot sees depends on its intents). */
  sendMessage(spec: UserMessageSpec): MessageHandle {
    const message = userMessagePayload(this.context(spec), spec);
    this.messages.set(message.id, message);
    const sentAfter = this.requestSeq;
    const delivered = this.deliverMessageCreate(message);
    const reply = (options: WaitOptions = {}) =>
      this.waitForRequest(
        (r) => r.seq > sentAfter && r.route === FakeRoutes.createMessage && r.params.channelId === message.channel_id && isOk(r),
        options.timeoutMs,
        options.nth,
      );
    return { message, delivered, reply };
  }

  /** Closes the client's socket (default code 4000, which discord.js answers with RESUME) or kills it. */
  async dropGateway(how: { code?: number; terminate?: boolean } = {}): Promise<void> {
    const socket = this.session?.socket;
    if (!this.session || !socket) throw new Error('fake-discord: no gateway connection to drop');
    this.session.socket = null;
    this.resumesAtLastDrop = this.resumeCount;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (how.terminate) socket.terminate();
    else socket.close(how.code ?? 4000, 'fake-discord: dropped by test');
    await closed;
  }

  /** Resolves once the client has resumed after the last `dropGateway()`. */
  waitForResume(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitUntil(() => (this.resumeCount > this.resumesAtLastDrop ? true : undefined), timeoutMs, 'a RESUME after the drop').then(() => undefined);
  }

  /** Resolves once a session has been identified and sent its READY and GUILD_CREATEs. */
  waitForReady(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitUntil(() => (this.session ? true : undefined), timeoutMs, 'an IDENTIFY').then(() => undefined);
  }

  /** Answers the next IDENTIFY by closing with `code` (e.g. 4004 authentication failed, 4014 disallowed intents). */
  closeNextIdentify(code: number, reason = 'fake-discord: identify refused by test'): void {
    this.nextIdentifyClose = { code, reason };
  }

  /** The next `times` requests matching `matcher` get this response instead of being handled. */
  respondNext(matcher: RequestMatcher, response: InjectedResponse, times = 1): void {
    this.injections.push({ matcher, response, remaining: times });
  }

  /** The next matching request(s) get 429 with `Retry-After: retryAfter` (seconds) and Discord's body. */
  rateLimitNext(matcher: RequestMatcher, options: { retryAfter?: number; global?: boolean; times?: number } = {}): void {
    const retryAfter = options.retryAfter ?? 0.2;
    const global = options.global ?? false;
    const headers: Record<string, string> = { 'retry-after': String(retryAfter), 'x-ratelimit-scope': global ? 'global' : 'user' };
    // @discordjs/rest treats the mere presence of X-RateLimit-Global as "global".
    if (global) headers['x-ratelimit-global'] = 'true';
    this.respondNext(matcher, { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global } }, options.times ?? 1);
  }

  // ------------------------------------------------------------------ waiting

  /** The nth (default first) recorded request matching `predicate`, past or future. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = DEFAULT_WAIT_MS, nth = 0): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.filter(predicate)[nth], timeoutMs, `request #${nth} matching ${predicate.toString()}`);
  }

  /** The nth (default first) gateway frame from the client matching `predicate`, past or future. */
  waitForFrame(predicate: (frame: RecordedFrame) => boolean, timeoutMs = DEFAULT_WAIT_MS, nth = 0): Promise<RecordedFrame> {
    return this.waitUntil(() => this.gatewayFrames.filter(predicate)[nth], timeoutMs, `gateway frame #${nth} matching ${predicate.toString()}`);
  }

  private waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const onChange = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake-discord: timed out after ${timeoutMs} ms waiting for ${what}\n${this.describeRecent()}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changes.off('change', onChange);
      };
      this.changes.on('change', onChange);
    });
  }

  /** The last requests, to make timeouts self-explanatory. */
  private describeRecent(): string {
    const lines = this.requests.slice(-10).map((r) => `  #${r.seq} ${r.method} ${r.path} -> ${r.status} ${JSON.stringify(r.body)?.slice(0, 200) ?? ''}`);
    return `recent requests:\n${lines.join('\n') || '  (none)'}${this.problems.length ? `\nproblems:\n  ${this.problems.join('\n  ')}` : ''}`;
  }

  private changed(): void {
    this.changes.emit('change');
  }

  // ------------------------------------------------------------------ context helpers

  private requireSession(what: string): Session {
    if (!this.session) throw new Error(`fake-discord: cannot send ${what}: no gateway session yet (await the client's login / clientReady first)`);
    return this.session;
  }

  private findChannel(channelId: Snowflake): { guild: FakeGuild; channel: FakeChannel } | null {
    for (const guild of this.guilds) {
      const channel = [...guild.channels, ...guild.threads].find((c) => c.id === channelId);
      if (channel) return { guild, channel };
    }
    return null;
  }

  /** Resolves guild, channel and user of an event from optional ids. */
  private context(spec: { guildId?: Snowflake; channelId?: Snowflake; user?: FakeUserInput; author?: FakeUserInput; locale?: string }): EventContext {
    const guild = spec.guildId ? this.guilds.find((g) => g.id === spec.guildId) : this.guilds[0];
    if (!guild) throw new Error(`fake-discord: unknown guild ${spec.guildId}`);
    const channel = spec.channelId ? [...guild.channels, ...guild.threads].find((c) => c.id === spec.channelId) : guild.channels[0];
    if (!channel) throw new Error(`fake-discord: guild ${guild.id} has no channel ${spec.channelId}`);
    const who = spec.user ?? spec.author;
    const user = who ? makeUser(who, { id: this.user.id, username: this.user.username }) : this.user;
    return { applicationId: this.applicationId, guild, channel, user, bot: this.botUser, locale: spec.locale ?? 'en-US' };
  }

  private interactionHandle(state: InteractionState): InteractionHandle {
    const { id, token } = state.payload;
    const mine = (r: RecordedRequest) => r.params.token === token && (r.route !== FakeRoutes.interactionCallback || r.params.interactionId === id);
    const wait = (route: string, extra: (r: RecordedRequest) => boolean, options: WaitOptions = {}) =>
      this.waitForRequest((r) => mine(r) && r.route === route && extra(r) && isOk(r), options.timeoutMs, options.nth);
    return {
      id,
      token,
      payload: state.payload,
      requests: () => this.requests.filter(mine),
      callback: (options) => wait(FakeRoutes.interactionCallback, () => true, options),
      editOriginal: (options) => wait(FakeRoutes.editWebhookMessage, (r) => r.params.messageId === '@original', options),
      followup: (options) => wait(FakeRoutes.followup, () => true, options),
      original: () => (state.originalMessageId ? (this.messages.get(state.originalMessageId) ?? null) : null),
    };
  }

  // ------------------------------------------------------------------ messages over the gateway

  /** MESSAGE_CREATE, shaped by the session's intents as Discord would. Returns whether it was sent. */
  private deliverMessageCreate(message: MessagePayload): boolean {
    const session = this.requireSession('MESSAGE_CREATE');
    if ((session.intents & Intent.GuildMessages) === 0) return false;
    const mentionsBot = (message.mentions as FakeUser[]).some((u) => u.id === this.botUser.id);
    const own = message.author.id === this.botUser.id;
    const hideContent = this.options.enforceMessageContentIntent && (session.intents & Intent.MessageContent) === 0 && !mentionsBot && !own;
    this.dispatch('MESSAGE_CREATE', hideContent ? { ...message, content: '', embeds: [], attachments: [], components: [] } : message);
    return true;
  }

  private echoBotMessage(message: MessagePayload): void {
    const ephemeral = ((message.flags as number) & WireMessageFlags.Ephemeral) !== 0;
    if (this.options.echoBotMessages && !ephemeral && this.session) this.deliverMessageCreate(message);
  }

  // ------------------------------------------------------------------ HTTP

  private async onHttpRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const rawSegments = url.pathname.split('/').filter(Boolean);
    const segments = rawSegments.map((s) => decodeURIComponent(s));
    const query = Object.fromEntries(url.searchParams);
    const authorization = req.headers.authorization;
    const auth = authorization === undefined ? 'missing' : authorization === `Bot ${this.token}` ? 'valid' : 'invalid';

    let parsed: { body: unknown; files: UploadedFile[] };
    let reply: Reply | null = null;
    const raw = await readBody(req);
    try {
      parsed = parseBody(raw, req.headers['content-type']);
    } catch {
      parsed = { body: raw.toString('utf8'), files: [] };
      reply = apiError(400, 50109, 'The request body contains invalid JSON.');
    }

    // Everything lives under /api/v<N>/...
    const apiSegments = segments[0] === 'api' && /^v\d+$/.test(segments[1] ?? '') ? segments.slice(2) : null;
    const matched = apiSegments ? matchRoute(this.routes, method, apiSegments) : null;
    const params = matched?.params ?? {};
    const draft = {
      method,
      path: `/${segments.join('/')}`,
      route: matched ? matched.route.template : null,
      params,
      query,
      headers: headerRecord(req.headers),
      auth,
      body: parsed.body,
      files: parsed.files,
    } as const;

    reply ??= this.injectedReply(draft) ?? this.routeReply(matched?.route ?? null, auth, { params, query, body: parsed.body, files: parsed.files });
    this.record({ ...draft, seq: ++this.requestSeq, at: Date.now(), status: reply.status, response: reply.body ?? null });
    this.send(res, reply);
  }

  private injectedReply(request: Omit<RecordedRequest, 'seq' | 'at' | 'status' | 'response'>): Reply | null {
    const probe = { ...request, seq: 0, at: 0, status: 0, response: null } as RecordedRequest;
    const injection = this.injections.find((i) => i.remaining > 0 && (typeof i.matcher === 'string' ? i.matcher === request.route : i.matcher(probe)));
    if (!injection) return null;
    injection.remaining -= 1;
    return { status: injection.response.status, body: injection.response.body, headers: injection.response.headers ?? {} };
  }

  private routeReply(route: Route | null, auth: RecordedRequest['auth'], context: RequestContext): Reply {
    if (!route) return apiError(404, 0, '404: Not Found');
    if (route.auth && auth !== 'valid') return apiError(401, 0, '401: Unauthorized');
    try {
      return route.handle(context);
    } catch (error) {
      this.problems.push(`handler ${route.template} threw: ${(error as Error).stack ?? String(error)}`);
      return apiError(500, 0, '500: Internal Server Error');
    }
  }

  private record(request: RecordedRequest): void {
    this.requests.push(request);
    this.changed();
  }

  private send(res: http.ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    // @discordjs/rest only parses the body as JSON when Content-Type says so.
    headers['content-type'] = 'application/json';
    res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
  }

  private buildRoutes(): Route[] {
    const route = (signature: string, auth: boolean, handle: Route['handle']): Route => {
      const [method, template] = signature.split(' ') as [string, string];
      return { method, template: signature, segments: template.split('/').filter(Boolean), auth, handle };
    };
    return [
      route(FakeRoutes.gateway, false, () => ({ status: 200, body: { url: this.gatewayUrl } })),
      route(FakeRoutes.gatewayBot, true, () => ({ status: 200, body: this.gatewayBotInfo() })),
      route(FakeRoutes.currentUser, true, () => ({ status: 200, body: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 } })),
      route(FakeRoutes.currentApplication, true, () => ({ status: 200, body: this.applicationInfo() })),
      route(FakeRoutes.globalCommands, true, ({ params }) => this.getCommands(params, null)),
      route(FakeRoutes.putGlobalCommands, true, ({ params, body }) => this.putCommands(params, null, body)),
      route(FakeRoutes.guildCommands, true, ({ params }) => this.getCommands(params, params.guildId!)),
      route(FakeRoutes.putGuildCommands, true, ({ params, body }) => this.putCommands(params, params.guildId!, body)),
      route(FakeRoutes.createMessage, true, (c) => this.createChannelMessage(c)),
      route(FakeRoutes.getMessage, true, ({ params }) => this.channelMessage(params, (m) => ({ status: 200, body: m }))),
      route(FakeRoutes.editMessage, true, (c) => this.channelMessage(c.params, (m) => this.editStoredMessage(m, c))),
      route(FakeRoutes.deleteMessage, true, ({ params }) => this.channelMessage(params, (m) => this.deleteStoredMessage(m))),
      route(FakeRoutes.typing, true, ({ params }) => (this.findChannel(params.channelId!) ? { status: 204 } : apiError(404, 10003, 'Unknown Channel'))),
      route(FakeRoutes.interactionCallback, false, (c) => this.interactionCallback(c)),
      route(FakeRoutes.followup, false, (c) => this.webhookFollowup(c)),
      route(FakeRoutes.getWebhookMessage, false, ({ params }) => this.webhookMessage(params, (m) => ({ status: 200, body: m }))),
      route(FakeRoutes.editWebhookMessage, false, (c) => this.webhookMessage(c.params, (m) => this.editStoredMessage(m, c))),
      route(FakeRoutes.deleteWebhookMessage, false, ({ params }) => this.webhookMessage(params, (m) => this.deleteStoredMessage(m))),
    ];
  }

  // ------------------------------------------------------------------ REST handlers

  private gatewayBotInfo(): JsonObject {
    return {
      url: this.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    };
  }

  private applicationInfo(): JsonObject {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      bot: this.botUser,
      owner: this.user,
      team: null,
      approximate_guild_count: this.guilds.length,
    };
  }

  private getCommands(params: Record<string, string>, guildId: Snowflake | null): Reply {
    if (params.applicationId !== this.applicationId) return apiError(403, 50001, 'Missing Access');
    return { status: 200, body: this.commands.get(guildId ?? 'global') ?? [] };
  }

  private putCommands(params: Record<string, string>, guildId: Snowflake | null, body: unknown): Reply {
    if (params.applicationId !== this.applicationId) return apiError(403, 50001, 'Missing Access');
    if (guildId && !this.guilds.some((g) => g.id === guildId)) return apiError(403, 50001, 'Missing Access');
    const problems = validateCommands(body);
    if (problems.length > 0) return formError(problems);
    const key = guildId ?? 'global';
    const registered = registerCommands(body as JsonObject[], this.commands.get(key) ?? [], this.applicationId, guildId);
    this.commands.set(key, registered);
    return { status: 200, body: registered };
  }

  private createChannelMessage({ params, body, files }: RequestContext): Reply {
    const found = this.findChannel(params.channelId!);
    if (!found) return apiError(404, 10003, 'Unknown Channel');
    const outgoing = (body ?? {}) as OutgoingMessageBody & { message_reference?: { fail_if_not_exists?: boolean } };
    const problems = messageProblems(outgoing);
    if (!outgoing.content && !outgoing.embeds?.length && !outgoing.components?.length && files.length === 0) {
      return apiError(400, 50006, 'Cannot send an empty message');
    }
    const reference = outgoing.message_reference;
    const referenced = reference ? this.messages.get(reference.message_id) : undefined;
    if (reference && !referenced && reference.fail_if_not_exists !== false) {
      problems.push({ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' });
    }
    if (problems.length > 0) return formError(problems);
    const message = botMessagePayload({
      channelId: found.channel.id,
      guildId: found.guild.id,
      author: this.botUser,
      body: outgoing,
      files,
      attachmentBase: this.attachmentBase(found.channel.id),
      ...(referenced ? { referenced } : {}),
    });
    this.messages.set(message.id, message);
    this.echoBotMessage(message);
    return { status: 200, body: message };
  }

  private channelMessage(params: Record<string, string>, then: (message: MessagePayload) => Reply): Reply {
    if (!this.findChannel(params.channelId!)) return apiError(404, 10003, 'Unknown Channel');
    const message = this.messages.get(params.messageId!);
    if (!message || message.channel_id !== params.channelId) return apiError(404, 10008, 'Unknown Message');
    return then(message);
  }

  private editStoredMessage(message: MessagePayload, { body, files }: RequestContext): Reply {
    const outgoing = (body ?? {}) as OutgoingMessageBody;
    const problems = messageProblems(outgoing);
    if (problems.length > 0) return formError(problems);
    const edited = editMessagePayload(message, outgoing, files, this.attachmentBase(message.channel_id));
    this.messages.set(edited.id, edited);
    return { status: 200, body: edited };
  }

  private deleteStoredMessage(message: MessagePayload): Reply {
    this.messages.delete(message.id);
    return { status: 204 };
  }

  private attachmentBase(channelId: Snowflake): string {
    return `http://127.0.0.1:${this.port_}/attachments/${channelId}`;
  }

  // ------------------------------------------------------------------ interaction responses

  private interactionCallback({ params, query, body, files }: RequestContext): Reply {
    const state = this.interactions.get(params.interactionId!);
    if (!state || state.payload.token !== params.token) return apiError(404, 10062, 'Unknown interaction');
    const deadline = this.options.interactionDeadlineMs;
    const deliveredAt = state.dispatch.deliveredAt;
    if (deadline !== null && deliveredAt !== null && Date.now() - deliveredAt > deadline) return apiError(404, 10062, 'Unknown interaction');
    if (state.callbackType !== null) return apiError(400, 40060, 'Interaction has already been acknowledged.');

    const callback = (body ?? {}) as { type?: number; data?: JsonObject };
    const problem = this.callbackProblem(state, callback);
    if (problem) return problem;

    const message = this.applyCallback(state, callback.type!, (callback.data ?? {}) as OutgoingMessageBody, files);
    state.callbackType = callback.type!;
    if (query.with_response !== 'true') return { status: 204 };
    return { status: 200, body: this.callbackResponse(state, callback.type!, message) };
  }

  /** Discord refuses callback types that do not fit the interaction, and over-long content. */
  private callbackProblem(state: InteractionState, callback: { type?: number; data?: JsonObject }): Reply | null {
    const interactionType = state.payload.type;
    const allowed: Record<number, number[]> = {
      [WireInteractionType.ApplicationCommand]: [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource, CallbackType.Modal],
      [WireInteractionType.MessageComponent]: [
        CallbackType.ChannelMessageWithSource,
        CallbackType.DeferredChannelMessageWithSource,
        CallbackType.DeferredMessageUpdate,
        CallbackType.UpdateMessage,
        CallbackType.Modal,
      ],
      [WireInteractionType.Autocomplete]: [CallbackType.ApplicationCommandAutocompleteResult],
    };
    if (typeof callback.type !== 'number' || !(allowed[interactionType] ?? []).includes(callback.type)) {
      return apiError(400, 50035, `Invalid Form Body: callback type ${String(callback.type)} is not valid for interaction type ${interactionType}`);
    }
    if (callback.type === CallbackType.ApplicationCommandAutocompleteResult) {
      const choices = (callback.data?.choices ?? []) as unknown[];
      if (choices.length > 25) return formError([{ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }]);
      return null;
    }
    const problems = messageProblems(callback.data as OutgoingMessageBody | undefined, ['data']);
    return problems.length > 0 ? formError(problems) : null;
  }

  /** Creates or updates the message a callback stands for; returns it (null for autocomplete/modal). */
  private applyCallback(state: InteractionState, type: number, data: OutgoingMessageBody, files: readonly UploadedFile[]): MessagePayload | null {
    const channelId = state.payload.channel_id;
    const create = (body: OutgoingMessageBody) =>
      botMessagePayload({
        channelId,
        guildId: state.payload.guild_id,
        author: this.botUser,
        body,
        files,
        attachmentBase: this.attachmentBase(channelId),
        applicationId: this.applicationId,
        webhookId: this.applicationId,
      });
    const componentMessageId = state.payload.message ? String(state.payload.message.id) : null;
    let message: MessagePayload | null = null;
    switch (type) {
      case CallbackType.ChannelMessageWithSource:
        message = create(data);
        this.echoBotMessage(message);
        break;
      case CallbackType.DeferredChannelMessageWithSource:
        // The "is thinking..." placeholder: empty and Loading until editReply.
        message = create({ ...data, content: '', flags: ((data.flags ?? 0) | WireMessageFlags.Loading) >>> 0 });
        break;
      case CallbackType.DeferredMessageUpdate:
        message = componentMessageId ? (this.messages.get(componentMessageId) ?? null) : null;
        break;
      case CallbackType.UpdateMessage: {
        const current = componentMessageId ? this.messages.get(componentMessageId) : undefined;
        message = current ? editMessagePayload(current, data, files, this.attachmentBase(channelId)) : null;
        break;
      }
      default:
        return null;
    }
    if (message) {
      this.messages.set(message.id, message);
      state.originalMessageId = message.id;
    }
    return message;
  }

  /** The body of a callback asked `with_response=true` (discord.js `withResponse: true`). */
  private callbackResponse(state: InteractionState, type: number, message: MessagePayload | null): JsonObject {
    const flags = (message?.flags as number | undefined) ?? 0;
    return {
      interaction: {
        id: state.payload.id,
        type: state.payload.type,
        activity_instance_id: null,
        response_message_id: message?.id ?? null,
        response_message_loading: (flags & WireMessageFlags.Loading) !== 0,
        response_message_ephemeral: (flags & WireMessageFlags.Ephemeral) !== 0,
      },
      resource: message ? { type, message } : { type },
    };
  }

  private interactionByToken(params: Record<string, string>): InteractionState | null {
    if (params.applicationId !== this.applicationId) return null;
    for (const state of this.interactions.values()) if (state.payload.token === params.token) return state;
    return null;
  }

  private webhookFollowup({ params, query, body, files }: RequestContext): Reply {
    const state = this.interactionByToken(params);
    // Follow-ups only exist once the interaction was acknowledged.
    if (!state || state.callbackType === null) return apiError(404, 10015, 'Unknown Webhook');
    const outgoing = (body ?? {}) as OutgoingMessageBody;
    const problems = messageProblems(outgoing);
    if (problems.length > 0) return formError(problems);
    const channelId = state.payload.channel_id;
    const message = botMessagePayload({
      channelId,
      guildId: state.payload.guild_id,
      author: this.botUser,
      body: outgoing,
      files,
      attachmentBase: this.attachmentBase(channelId),
      applicationId: this.applicationId,
      webhookId: this.applicationId,
    });
    this.messages.set(message.id, message);
    state.followupIds.push(message.id);
    this.echoBotMessage(message);
    return query.wait === 'false' ? { status: 204 } : { status: 200, body: message };
  }

  private webhookMessage(params: Record<string, string>, then: (message: MessagePayload) => Reply): Reply {
    const state = this.interactionByToken(params);
    if (!state) return apiError(404, 10015, 'Unknown Webhook');
    const id = params.messageId === '@original' ? state.originalMessageId : state.followupIds.find((f) => f === params.messageId);
    const message = id ? this.messages.get(id) : undefined;
    return message ? then(message) : apiError(404, 10008, 'Unknown Message');
  }

  // ------------------------------------------------------------------ gateway

  private onGatewayConnection(socket: WebSocket, req: http.IncomingMessage): void {
    const info: GatewayConnectionInfo = { id: this.gatewayConnections.length + 1, url: req.url ?? '/', openedAt: Date.now(), closedAt: null, closeCode: null };
    this.gatewayConnections.push(info);
    socket.on('close', (code) => {
      info.closedAt = Date.now();
      info.closeCode = code;
      if (this.session?.socket === socket) this.session.socket = null;
      this.changed();
    });
    socket.on('error', (error) => this.problems.push(`gateway connection ${info.id}: ${error.message}`));

    const params = new URL(info.url, 'ws://127.0.0.1').searchParams;
    if ((params.get('encoding') ?? 'json') !== 'json' || params.has('compress')) {
      this.problems.push(`gateway connection ${info.id} asked for ${info.url}; the fake speaks only encoding=json without transport compression`);
      socket.close(4000, 'fake-discord: only encoding=json without compress is supported');
      return;
    }
    let authenticated = false;
    socket.on('message', (data) => {
      const frame = this.recordFrame(info.id, data);
      if (frame.op === GatewayOp.Heartbeat) return this.sendFrame(socket, { op: GatewayOp.HeartbeatAck });
      if (frame.op === GatewayOp.Identify || frame.op === GatewayOp.Resume) {
        if (authenticated) return socket.close(4005, 'Already authenticated.');
        authenticated = frame.op === GatewayOp.Identify ? this.onIdentify(socket, frame.raw) : this.onResume(socket, frame.raw);
        return;
      }
      if (!authenticated) {
        this.problems.push(`gateway connection ${info.id} sent op ${frame.op} before IDENTIFY/RESUME`);
        return socket.close(4003, 'Not authenticated.');
      }
    });
    this.sendFrame(socket, { op: GatewayOp.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
    this.changed();
  }

  private recordFrame(connection: number, data: RawData): { op: number | null; raw: JsonObject } {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    let raw: JsonObject = {};
    try {
      raw = JSON.parse(text) as JsonObject;
    } catch {
      this.problems.push(`gateway connection ${connection} sent non-JSON data`);
    }
    const op = typeof raw.op === 'number' ? raw.op : null;
    this.gatewayFrames.push({ seq: ++this.frameSeq, at: Date.now(), connection, op, d: op === null ? text : redactToken(raw.d) });
    this.changed();
    return { op, raw };
  }

  /** IDENTIFY: wrong token → 4004 (discord.js then rejects login with Error('Authentication failed')). */
  private onIdentify(socket: WebSocket, frame: JsonObject): boolean {
    const d = (frame.d ?? {}) as { token?: string; intents?: number; compress?: boolean };
    if (this.nextIdentifyClose) {
      const { code, reason } = this.nextIdentifyClose;
      this.nextIdentifyClose = null;
      socket.close(code, reason);
      return false;
    }
    if (d.token !== this.token) {
      socket.close(4004, 'Authentication failed.');
      return false;
    }
    if (d.compress) this.problems.push('IDENTIFY asked for payload compression, which the fake does not do');
    this.identifyCount += 1;
    this.session = { id: `fake-session-${nextSnowflake()}`, seq: 0, log: [], socket, intents: d.intents ?? 0 };
    this.dispatch('READY', this.readyPayload(this.session.id));
    const joinedAt = new Date().toISOString();
    // Guilds are unavailable in READY; discord.js holds clientReady until each GUILD_CREATE.
    for (const guild of this.guilds) this.dispatch('GUILD_CREATE', guildCreatePayload(guild, this.botUser, joinedAt));
    return true;
  }

  private readyPayload(sessionId: string): JsonObject {
    return {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: sessionId,
      session_type: 'normal',
      resume_gateway_url: `${this.gatewayUrl}/resume`,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    };
  }

  /** RESUME: replay what the client missed (s > its seq), then RESUMED; unknown session → op 9 d:false. */
  private onResume(socket: WebSocket, frame: JsonObject): boolean {
    const d = (frame.d ?? {}) as { token?: string; session_id?: string; seq?: number | null };
    if (d.token !== this.token) {
      socket.close(4004, 'Authentication failed.');
      return false;
    }
    const session = this.session;
    if (!session || session.id !== d.session_id) {
      this.sendFrame(socket, { op: GatewayOp.InvalidSession, d: false });
      return false;
    }
    session.socket = socket;
    const after = d.seq ?? 0;
    for (const record of session.log) if (record.s > after) this.deliver(socket, record);
    this.resumeCount += 1;
    this.dispatch('RESUMED', null);
    this.changed();
    return true;
  }

  private deliver(socket: WebSocket, record: DispatchRecord): void {
    record.deliveredAt = Date.now();
    this.sendFrame(socket, { op: GatewayOp.Dispatch, t: record.t, s: record.s, d: record.d });
  }

  private sendFrame(socket: WebSocket, frame: JsonObject): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }
}

/** Starts a fake Discord on 127.0.0.1 with a random port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(options).listen();
}
