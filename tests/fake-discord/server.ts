/**
 * A small fake Discord (REST + gateway on one loopback port) for end-to-end tests that drive the REAL
 * discord.js client:
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents: [...], rest: { api: fake.apiBase } });
 *   await client.login(fake.token);                       // then wait for Events.ClientReady
 *   const ask = fake.interact({ kind: 'slash', name: 'ask', options: [option.string('q', 'leave')] });
 *   expect((await ask.callback()).body).toMatchObject({ type: 4, data: { content: ... } });
 *
 * What discord.js 14.28.1 needs:
 *  - `rest.api` is the only knob: the gateway URL comes from `GET /api/v10/gateway/bot`, and
 *    `@discordjs/ws` appends `?v=10&encoding=json` itself. It asks for `compress=zlib-stream` only
 *    when the optional `zlib-sync` package is installed (it is not here); the fake refuses that and
 *    ETF, and says so in `problems`.
 *  - Everything is recorded: HTTP requests (Authorization redacted) in `requests`, gateway frames from
 *    the client (tokens redacted) in `gatewayFrames`, protocol violations in `problems`.
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
import { WebSocketServer } from 'ws';
import { FakeGateway, Intent, type DispatchRecord, type GatewayConnectionInfo, type RecordedFrame } from './gateway.ts';
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
  registeredCommandsPayload,
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
import { parseBody, readBody, recordableHeaders } from './request-body.ts';
import { FakeRoutes, apiError, apiSegments, defineRoute, formError, isSuccess, matchRoute, type Reply, type RequestContext, type Route } from './routes.ts';
import { validateCommands, validateMessageBody } from './validation.ts';

export * from './payloads.ts';
export { GatewayOp, Intent, type DispatchRecord, type GatewayConnectionInfo, type RecordedFrame } from './gateway.ts';
export { FakeRoutes, type FakeRoute } from './routes.ts';
export { validateCommands, validateMessageBody, type FormProblem } from './validation.ts';

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
  /** Send MESSAGE_CREATE for the bot's own public messages, as Discord does. Default true. */
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
  /** What the fake answered (null body for 204). */
  readonly status: number;
  readonly response: unknown;
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
  /** Every request addressed to this interaction so far (callback and webhook routes, any status), oldest first. */
  requests(): RecordedRequest[];
  /** An accepted (2xx) `POST /interactions/:id/:token/callback`; its `body` is `{ type, data }`. */
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
  /** An accepted `POST /channels/<this channel>/messages` made after this message was sent. */
  reply(options?: WaitOptions): Promise<RecordedRequest>;
}

/** A route template (e.g. `FakeRoutes.interactionCallback`) or a predicate on the incoming request. */
export type RequestMatcher = string | ((request: RecordedRequest) => boolean);

export interface InjectedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

interface InteractionState {
  readonly payload: InteractionPayload;
  readonly dispatch: DispatchRecord;
  callbackType: number | null;
  originalMessageId: Snowflake | null;
  readonly followupIds: Snowflake[];
}

interface PendingInjection {
  readonly matcher: RequestMatcher;
  readonly response: InjectedResponse;
  remaining: number;
}

type RequestDraft = Omit<RecordedRequest, 'seq' | 'at' | 'status' | 'response'>;

const DEFAULT_WAIT_MS = 3000;

/** Callback types Discord accepts per interaction type. */
const ALLOWED_CALLBACKS: Readonly<Record<number, readonly number[]>> = {
  [WireInteractionType.ApplicationCommand]: [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource, CallbackType.Modal],
  [WireInteractionType.MessageComponent]: [
    CallbackType.ChannelMessageWithSource,
    CallbackType.DeferredChannelMessageWithSource,
    CallbackType.DeferredMessageUpdate,
    CallbackType.UpdateMessage,
    CallbackType.Modal,
  ],
  [WireInteractionType.Autocomplete]: [CallbackType.ApplicationCommandAutocompleteResult],
  // A modal submission may not answer with another modal.
  [WireInteractionType.ModalSubmit]: [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource, CallbackType.DeferredMessageUpdate, CallbackType.UpdateMessage],
};

function isSpec(value: InteractionSpec | InteractionPayload): value is InteractionSpec {
  return 'kind' in value && typeof value.kind === 'string';
}

const accepted = (request: RecordedRequest): boolean => isSuccess(request.status);

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

  /** Every HTTP request, in order (recorded when answered, so `status` and `response` are set). */
  readonly requests: RecordedRequest[] = [];
  /** Protocol violations seen (unsupported encoding, frames before IDENTIFY, handler crashes...); assert it is empty. */
  readonly problems: string[] = [];
  /** Messages the fake knows: those it delivered and those the bot created. */
  readonly messages = new Map<Snowflake, MessagePayload>();
  /** Registered commands: key 'global' or a guild id. */
  readonly commands = new Map<string, JsonObject[]>();

  private readonly settings: Required<Omit<FakeDiscordOptions, 'token' | 'botUser' | 'applicationId' | 'guilds' | 'user' | 'interactionDeadlineMs'>> & {
    interactionDeadlineMs: number | null;
  };
  private readonly gateway: FakeGateway;
  private readonly httpServer: http.Server;
  private readonly wss: WebSocketServer;
  private readonly changes = new EventEmitter();
  private readonly routes: Route[];
  private readonly interactions = new Map<Snowflake, InteractionState>();
  private readonly injections: PendingInjection[] = [];
  private requestSeq = 0;
  private boundPort = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.token = options.token ?? 'test-token';
    this.botUser = makeUser({ bot: true, ...options.botUser }, { id: DEFAULT_IDS.botUser, username: 'policybot' });
    this.applicationId = options.applicationId ?? this.botUser.id;
    this.user = makeUser(options.user ?? {}, { id: DEFAULT_IDS.user, username: 'tester' });
    this.guilds = (options.guilds ?? [{ name: 'Policy Test Guild' }]).map((g, i) => makeGuild(g, i, this.user));
    this.settings = {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      interactionDeadlineMs: options.interactionDeadlineMs === undefined ? 3000 : options.interactionDeadlineMs,
      enforceMessageContentIntent: options.enforceMessageContentIntent ?? true,
      echoBotMessages: options.echoBotMessages ?? true,
    };
    this.changes.setMaxListeners(0);
    this.gateway = new FakeGateway({
      token: this.token,
      heartbeatIntervalMs: this.settings.heartbeatIntervalMs,
      url: () => this.gatewayUrl,
      ready: (sessionId) => this.readyPayload(sessionId),
      afterReady: () => {
        const joinedAt = new Date().toISOString();
        // Guilds are unavailable in READY; discord.js holds clientReady until each GUILD_CREATE.
        return this.guilds.map((guild) => ({ t: 'GUILD_CREATE', d: guildCreatePayload(guild, this.botUser, joinedAt) }));
      },
      problems: this.problems,
      changed: () => this.changed(),
    });
    this.routes = this.buildRoutes();
    this.httpServer = http.createServer((req, res) => void this.onHttpRequest(req, res));
    this.wss = new WebSocketServer({ server: this.httpServer });
    this.wss.on('connection', (socket, req) => this.gateway.accept(socket, req));
  }

  get port(): number {
    return this.boundPort;
  }

  /** Give this to discord.js as `rest.api`. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.boundPort}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.boundPort}/gateway`;
  }

  /** Every gateway frame received from clients (tokens redacted). */
  get gatewayFrames(): readonly RecordedFrame[] {
    return this.gateway.frames;
  }

  get gatewayConnections(): readonly GatewayConnectionInfo[] {
    return this.gateway.connections;
  }

  /** The current session's dispatches (READY, GUILD_CREATE, ...), including ones queued during a drop. */
  get dispatched(): readonly DispatchRecord[] {
    return this.gateway.dispatched;
  }

  /** Whether a client socket is attached to the session right now. */
  get connected(): boolean {
    return this.gateway.connected;
  }

  get identifyCount(): number {
    return this.gateway.identifyCount;
  }

  get resumeCount(): number {
    return this.gateway.resumeCount;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(0, '127.0.0.1', () => resolve());
    });
    this.boundPort = (this.httpServer.address() as AddressInfo).port;
    return this;
  }

  /** Closes every socket and the server. Destroy the discord.js client first, or it keeps reconnecting. */
  async close(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    // undici keeps idle keep-alive sockets open; without this close() would wait for them.
    this.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
  }

  // ------------------------------------------------------------------ driving the bot

  /** Sends any gateway dispatch; while the gateway is dropped it is queued for the RESUME replay. */
  dispatch(t: string, d: unknown): DispatchRecord {
    return this.gateway.dispatch(t, d);
  }

  /** Dispatches INTERACTION_CREATE built from a spec (or a ready payload) and tracks the replies. */
  interact(spec: InteractionSpec | InteractionPayload): InteractionHandle {
    const payload = isSpec(spec) ? interactionPayload(this.eventContext(spec), spec) : spec;
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
    const message = userMessagePayload(this.eventContext(spec), spec);
    this.messages.set(message.id, message);
    const sentAfter = this.requestSeq;
    const delivered = this.deliverMessageCreate(message);
    const isReply = (r: RecordedRequest) => r.seq > sentAfter && r.route === FakeRoutes.createMessage && r.params.channelId === message.channel_id && accepted(r);
    return { message, delivered, reply: (options = {}) => this.waitForRequest(isReply, options.timeoutMs, options.nth) };
  }

  /** Closes the client's socket (default code 4000, which discord.js answers with RESUME) or kills it. */
  dropGateway(how: { code?: number; terminate?: boolean } = {}): Promise<void> {
    return this.gateway.drop(how);
  }

  /** Resolves once the client has resumed after the last `dropGateway()`. */
  async waitForResume(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.waitUntil(() => (this.gateway.resumedSinceDrop ? true : undefined), timeoutMs, 'a RESUME after the drop');
  }

  /** Resolves once a session has been identified (READY and GUILD_CREATEs sent). */
  async waitForReady(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.waitUntil(() => (this.gateway.intents !== null ? true : undefined), timeoutMs, 'an IDENTIFY');
  }

  /** Answers the next IDENTIFY by closing with `code` (e.g. 4004 authentication failed, 4014 disallowed intents). */
  closeNextIdentify(code: number, reason = 'fake-discord: identify refused by test'): void {
    this.gateway.closeNextIdentify(code, reason);
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
    const body = { message: 'You are being rate limited.', retry_after: retryAfter, global };
    this.respondNext(matcher, { status: 429, headers, body }, options.times ?? 1);
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

  /** The last requests and any problems, to make timeouts self-explanatory. */
  private describeRecent(): string {
    const lines = this.requests.slice(-10).map((r) => `  #${r.seq} ${r.method} ${r.path} -> ${r.status} ${JSON.stringify(r.body)?.slice(0, 200) ?? ''}`);
    const problems = this.problems.length > 0 ? `\nproblems:\n  ${this.problems.join('\n  ')}` : '';
    return `recent requests:\n${lines.join('\n') || '  (none)'}${problems}`;
  }

  private changed(): void {
    this.changes.emit('change');
  }

  // ------------------------------------------------------------------ context

  private findChannel(channelId: Snowflake): { guild: FakeGuild; channel: FakeChannel } | null {
    for (const guild of this.guilds) {
      const channel = [...guild.channels, ...guild.threads].find((c) => c.id === channelId);
      if (channel) return { guild, channel };
    }
    return null;
  }

  /**
   * Who, where and as which app an event happens, from optional ids (defaults: first guild, its first
   * channel, the default user). Feed it to the payload builders to hand-craft a payload.
   */
  eventContext(spec: { guildId?: Snowflake; channelId?: Snowflake; user?: FakeUserInput; author?: FakeUserInput; locale?: string }): EventContext {
    const guild = spec.guildId ? this.guilds.find((g) => g.id === spec.guildId) : this.guilds[0];
    if (!guild) throw new Error(`fake-discord: unknown guild ${spec.guildId}`);
    const channel = spec.channelId ? [...guild.channels, ...guild.threads].find((c) => c.id === spec.channelId) : guild.channels[0];
    if (!channel) throw new Error(`fake-discord: guild ${guild.id} has no channel or thread ${spec.channelId}`);
    const who = spec.user ?? spec.author;
    // A user given without an id is someone new, not the default user renamed.
    const user = who ? makeUser(who) : this.user;
    return { applicationId: this.applicationId, guild, channel, user, bot: this.botUser, locale: spec.locale ?? 'en-US' };
  }

  private interactionHandle(state: InteractionState): InteractionHandle {
    const { id, token } = state.payload;
    const mine = (r: RecordedRequest) => r.params.token === token && (r.route !== FakeRoutes.interactionCallback || r.params.interactionId === id);
    const wait = (route: string, extra: (r: RecordedRequest) => boolean, options: WaitOptions = {}) =>
      this.waitForRequest((r) => mine(r) && r.route === route && extra(r) && accepted(r), options.timeoutMs, options.nth);
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

  private readyPayload(sessionId: string): JsonObject {
    return {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: sessionId,
      session_type: 'normal',
      // A distinct path, so tests can see discord.js reconnect to it for RESUME.
      resume_gateway_url: `${this.gatewayUrl}/resume`,
      shard: [0, 1],
      // discord.js builds client.application from this.
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    };
  }

  /** MESSAGE_CREATE, shaped by the session's intents as Discord would. Returns whether it was sent. */
  private deliverMessageCreate(message: MessagePayload): boolean {
    const intents = this.gateway.intents;
    if (intents === null) throw new Error('fake-discord: cannot send MESSAGE_CREATE: no gateway session yet (await the client login first)');
    if ((intents & Intent.GuildMessages) === 0) return false;
    const mentionsBot = (message.mentions as FakeUser[]).some((u) => u.id === this.botUser.id);
    const own = message.author.id === this.botUser.id;
    const hidden = this.settings.enforceMessageContentIntent && (intents & Intent.MessageContent) === 0 && !mentionsBot && !own;
    this.dispatch('MESSAGE_CREATE', hidden ? { ...message, content: '', embeds: [], attachments: [], components: [] } : message);
    return true;
  }

  private echoBotMessage(message: MessagePayload): void {
    const ephemeral = ((message.flags as number) & WireMessageFlags.Ephemeral) !== 0;
    if (this.settings.echoBotMessages && !ephemeral && this.gateway.intents !== null) this.deliverMessageCreate(message);
  }

  // ------------------------------------------------------------------ HTTP plumbing

  private async onHttpRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = (req.method ?? 'GET').toUpperCase();
    const authorization = req.headers.authorization;
    const raw = await readBody(req);
    let parsed: { body: unknown; files: UploadedFile[] } = { body: raw.toString('utf8'), files: [] };
    let badJson = false;
    try {
      parsed = parseBody(raw, req.headers['content-type']);
    } catch {
      badJson = true;
    }
    const api = apiSegments(segments);
    const matched = api ? matchRoute(this.routes, method, api) : null;
    const draft: RequestDraft = {
      method,
      path: `/${segments.join('/')}`,
      route: matched?.route.template ?? null,
      params: matched?.params ?? {},
      query: Object.fromEntries(url.searchParams),
      headers: recordableHeaders(req.headers),
      auth: authorization === undefined ? 'missing' : authorization === `Bot ${this.token}` ? 'valid' : 'invalid',
      body: parsed.body,
      files: parsed.files,
    };
    const reply = badJson ? apiError(400, 50109, 'The request body contains invalid JSON.') : (this.injectedReply(draft) ?? this.routeReply(matched?.route ?? null, draft));
    this.requests.push({ ...draft, seq: ++this.requestSeq, at: Date.now(), status: reply.status, response: reply.body ?? null });
    this.changed();
    this.send(res, reply);
  }

  private injectedReply(draft: RequestDraft): Reply | null {
    const probe: RecordedRequest = { ...draft, seq: this.requestSeq + 1, at: Date.now(), status: 0, response: null };
    const injection = this.injections.find((i) => i.remaining > 0 && (typeof i.matcher === 'string' ? i.matcher === draft.route : i.matcher(probe)));
    if (!injection) return null;
    injection.remaining -= 1;
    return { ...injection.response };
  }

  private routeReply(route: Route | null, draft: RequestDraft): Reply {
    if (!route) return apiError(404, 0, '404: Not Found');
    if (route.auth && draft.auth !== 'valid') return apiError(401, 0, '401: Unauthorized');
    const context: RequestContext = { params: { ...draft.params }, query: { ...draft.query }, body: draft.body, files: draft.files };
    try {
      return route.handle(context);
    } catch (error) {
      this.problems.push(`handler ${route.template} threw: ${(error as Error).stack ?? String(error)}`);
      return apiError(500, 0, '500: Internal Server Error');
    }
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
    const ok = (body: unknown): Reply => ({ status: 200, body });
    return [
      defineRoute(FakeRoutes.gateway, false, () => ok({ url: this.gatewayUrl })),
      defineRoute(FakeRoutes.gatewayBot, true, () => ok(this.gatewayBotInfo())),
      defineRoute(FakeRoutes.currentUser, true, () => ok({ ...this.botUser, verified: true, mfa_enabled: false, flags: 0 })),
      defineRoute(FakeRoutes.currentApplication, true, () => ok(this.applicationInfo())),
      defineRoute(FakeRoutes.globalCommands, true, ({ params }) => this.getCommands(params, null)),
      defineRoute(FakeRoutes.putGlobalCommands, true, ({ params, body }) => this.putCommands(params, null, body)),
      defineRoute(FakeRoutes.guildCommands, true, ({ params }) => this.getCommands(params, params.guildId!)),
      defineRoute(FakeRoutes.putGuildCommands, true, ({ params, body }) => this.putCommands(params, params.guildId!, body)),
      defineRoute(FakeRoutes.createMessage, true, (c) => this.createChannelMessage(c)),
      defineRoute(FakeRoutes.getMessage, true, ({ params }) => this.channelMessage(params, ok)),
      defineRoute(FakeRoutes.editMessage, true, (c) => this.channelMessage(c.params, (m) => this.editStoredMessage(m, c))),
      defineRoute(FakeRoutes.deleteMessage, true, ({ params }) => this.channelMessage(params, (m) => this.deleteStoredMessage(m))),
      defineRoute(FakeRoutes.typing, true, ({ params }) => (this.findChannel(params.channelId!) ? { status: 204 } : apiError(404, 10003, 'Unknown Channel'))),
      defineRoute(FakeRoutes.interactionCallback, false, (c) => this.interactionCallback(c)),
      defineRoute(FakeRoutes.followup, false, (c) => this.webhookFollowup(c)),
      defineRoute(FakeRoutes.getWebhookMessage, false, ({ params }) => this.webhookMessage(params, ok)),
      defineRoute(FakeRoutes.editWebhookMessage, false, (c) => this.webhookMessage(c.params, (m) => this.editStoredMessage(m, c))),
      defineRoute(FakeRoutes.deleteWebhookMessage, false, ({ params }) => this.webhookMessage(params, (m) => this.deleteStoredMessage(m))),
    ];
  }

  // ------------------------------------------------------------------ REST: login, application, commands

  private gatewayBotInfo(): JsonObject {
    return {
      url: this.gatewayUrl,
      shards: 1,
      // max_concurrency feeds @discordjs/ws's identify throttler (one IDENTIFY per 5 s per bucket).
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
    const registered = registeredCommandsPayload(body as JsonObject[], this.commands.get(key) ?? [], this.applicationId, guildId);
    this.commands.set(key, registered);
    return { status: 200, body: registered };
  }

  // ------------------------------------------------------------------ REST: channel messages

  private createChannelMessage({ params, body, files }: RequestContext): Reply {
    const found = this.findChannel(params.channelId!);
    if (!found) return apiError(404, 10003, 'Unknown Channel');
    const outgoing = (body ?? {}) as OutgoingMessageBody & { message_reference?: { fail_if_not_exists?: boolean } };
    if (!outgoing.content && !outgoing.embeds?.length && !outgoing.components?.length && files.length === 0) {
      return apiError(400, 50006, 'Cannot send an empty message');
    }
    const problems = validateMessageBody(outgoing);
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
    const problems = validateMessageBody(outgoing);
    if (problems.length > 0) return formError(problems);
    const edited = editMessagePayload(message, outgoing, files, this.attachmentBase(message.channel_id));
    this.messages.set(edited.id, edited);
    return { status: 200, body: edited };
  }

  private deleteStoredMessage(message: MessagePayload): Reply {
    this.messages.delete(message.id);
    return { status: 204 };
  }

  /** Attachment URLs point at the fake (never the real CDN, which the no-network guard would refuse). */
  private attachmentBase(channelId: Snowflake): string {
    return `http://127.0.0.1:${this.boundPort}/attachments/${channelId}`;
  }

  // ------------------------------------------------------------------ REST: interaction responses

  private interactionCallback({ params, query, body, files }: RequestContext): Reply {
    const state = this.interactions.get(params.interactionId!);
    if (!state || state.payload.token !== params.token) return apiError(404, 10062, 'Unknown interaction');
    const deadline = this.settings.interactionDeadlineMs;
    const deliveredAt = state.dispatch.deliveredAt;
    if (deadline !== null && deliveredAt !== null && Date.now() - deliveredAt > deadline) return apiError(404, 10062, 'Unknown interaction');
    if (state.callbackType !== null) return apiError(400, 40060, 'Interaction has already been acknowledged.');

    const callback = (body ?? {}) as { type?: unknown; data?: JsonObject };
    const type = typeof callback.type === 'number' ? callback.type : -1;
    const problem = this.callbackProblem(state, type, callback.data);
    if (problem) return problem;

    const message = this.applyCallback(state, type, (callback.data ?? {}) as OutgoingMessageBody, files);
    state.callbackType = type;
    // discord.js always sends with_response=false unless `withResponse: true` was asked for.
    if (query.with_response !== 'true') return { status: 204 };
    return { status: 200, body: this.callbackResponse(state, type, message) };
  }

  /** Discord refuses callback types that do not fit the interaction, and over-long bodies. */
  private callbackProblem(state: InteractionState, type: number, data: JsonObject | undefined): Reply | null {
    if (!(ALLOWED_CALLBACKS[state.payload.type] ?? []).includes(type)) {
      return apiError(400, 50035, `Invalid Form Body: callback type ${type} is not valid for interaction type ${state.payload.type}`);
    }
    if (type === CallbackType.ApplicationCommandAutocompleteResult) {
      const choices = Array.isArray(data?.choices) ? data.choices : [];
      const tooMany = choices.length > 25;
      return tooMany ? formError([{ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }]) : null;
    }
    const problems = validateMessageBody(data as OutgoingMessageBody | undefined, ['data']);
    return problems.length > 0 ? formError(problems) : null;
  }

  /** Creates or updates the message a callback stands for; returns it (null for autocomplete and modals). */
  private applyCallback(state: InteractionState, type: number, data: OutgoingMessageBody, files: readonly UploadedFile[]): MessagePayload | null {
    const message = this.callbackMessage(state, type, data, files);
    if (!message) return null;
    this.messages.set(message.id, message);
    state.originalMessageId = message.id;
    if (type === CallbackType.ChannelMessageWithSource) this.echoBotMessage(message);
    return message;
  }

  private callbackMessage(state: InteractionState, type: number, data: OutgoingMessageBody, files: readonly UploadedFile[]): MessagePayload | null {
    const componentMessage = state.payload.message ? this.messages.get(String(state.payload.message.id)) : undefined;
    switch (type) {
      case CallbackType.ChannelMessageWithSource:
        return this.interactionMessage(state, data, files);
      case CallbackType.DeferredChannelMessageWithSource:
        // The "is thinking..." placeholder: empty and Loading until editReply.
        return this.interactionMessage(state, { ...data, content: '', flags: ((data.flags ?? 0) | WireMessageFlags.Loading) >>> 0 }, []);
      case CallbackType.DeferredMessageUpdate:
        return componentMessage ?? null;
      case CallbackType.UpdateMessage:
        return componentMessage ? editMessagePayload(componentMessage, data, files, this.attachmentBase(componentMessage.channel_id)) : null;
      default:
        return null;
    }
  }

  /** A message created by an interaction response or follow-up (sent by the app's webhook). */
  private interactionMessage(state: InteractionState, body: OutgoingMessageBody, files: readonly UploadedFile[]): MessagePayload {
    const channelId = state.payload.channel_id;
    return botMessagePayload({
      channelId,
      guildId: state.payload.guild_id,
      author: this.botUser,
      body,
      files,
      attachmentBase: this.attachmentBase(channelId),
      applicationId: this.applicationId,
      webhookId: this.applicationId,
    });
  }

  /** The body of a callback with `with_response=true` (discord.js `withResponse: true`). */
  private callbackResponse(state: InteractionState, type: number, message: MessagePayload | null): JsonObject {
    const flags = typeof message?.flags === 'number' ? message.flags : 0;
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
    const problems = validateMessageBody(outgoing);
    if (problems.length > 0) return formError(problems);
    const message = this.interactionMessage(state, outgoing, files);
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
}

/** Starts a fake Discord on 127.0.0.1 with a random port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(options).listen();
}
