/**
 * The fake's gateway: HELLO → IDENTIFY → READY (+ GUILD_CREATEs), heartbeats, RESUME with replay.
 *
 * One session at a time (one bot per fake). Dispatches are logged with increasing sequence numbers;
 * while no socket is attached (after a drop) they are only logged, and a RESUME replays every entry
 * after the client's `seq` before sending RESUMED, as Discord does.
 */
import type http from 'node:http';
import WebSocket, { type RawData } from 'ws';
import { nextSnowflake, type JsonObject } from './payloads.ts';

/** Gateway opcodes the fake speaks. */
export const GatewayOp = { Dispatch: 0, Heartbeat: 1, Identify: 2, PresenceUpdate: 3, Resume: 6, Reconnect: 7, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

/** Gateway intents the fake looks at. */
export const Intent = { Guilds: 1 << 0, GuildMessages: 1 << 9, MessageContent: 1 << 15 } as const;

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
  /** Close code of the closing handshake (1005: none given, 1006: the socket just dropped). */
  closeCode: number | null;
}

export interface DispatchRecord {
  readonly s: number;
  readonly t: string;
  readonly d: unknown;
  /** When it went over a socket (null while queued for a RESUME replay). */
  deliveredAt: number | null;
}

export interface GatewayHooks {
  /** The only accepted token. */
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  /** The gateway URL (known once the server listens). */
  readonly url: () => string;
  /** READY's `d` for a new session. */
  readonly ready: (sessionId: string) => JsonObject;
  /** Dispatches that follow READY (the GUILD_CREATEs discord.js waits for before clientReady). */
  readonly afterReady: () => Array<{ t: string; d: unknown }>;
  /** Where protocol violations are reported. */
  readonly problems: string[];
  /** Called on every observable change, to wake up waiters. */
  readonly changed: () => void;
}

interface Session {
  readonly id: string;
  seq: number;
  readonly log: DispatchRecord[];
  socket: WebSocket | null;
  readonly intents: number;
}

function redactToken(d: unknown): unknown {
  if (d && typeof d === 'object' && 'token' in d) return { ...(d as JsonObject), token: '[redacted]' };
  return d;
}

function frameText(data: RawData): string {
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
}

export class FakeGateway {
  readonly frames: RecordedFrame[] = [];
  readonly connections: GatewayConnectionInfo[] = [];
  identifyCount = 0;
  resumeCount = 0;

  private session: Session | null = null;
  private resumesAtLastDrop = 0;
  private nextIdentifyClose: { code: number; reason: string } | null = null;
  private frameSeq = 0;

  constructor(private readonly hooks: GatewayHooks) {}

  /** The current session's intents, or null before the first IDENTIFY. */
  get intents(): number | null {
    return this.session?.intents ?? null;
  }

  get connected(): boolean {
    return this.session?.socket?.readyState === WebSocket.OPEN;
  }

  get dispatched(): readonly DispatchRecord[] {
    return this.session?.log ?? [];
  }

  /** True once the client resumed after the last {@link drop}. */
  get resumedSinceDrop(): boolean {
    return this.resumeCount > this.resumesAtLastDrop;
  }

  closeNextIdentify(code: number, reason: string): void {
    this.nextIdentifyClose = { code, reason };
  }

  /** Logs a dispatch and sends it if a socket is attached. */
  dispatch(t: string, d: unknown): DispatchRecord {
    const session = this.session;
    if (!session) throw new Error(`fake-discord: cannot send ${t}: no gateway session yet (await the client's login / clientReady first)`);
    const record: DispatchRecord = { s: ++session.seq, t, d, deliveredAt: null };
    session.log.push(record);
    if (session.socket?.readyState === WebSocket.OPEN) this.deliver(session.socket, record);
    return record;
  }

  /** Detaches and closes the session's socket (default code 4000) or kills it. */
  async drop(how: { code?: number; terminate?: boolean }): Promise<void> {
    const socket = this.session?.socket;
    if (!this.session || !socket) throw new Error('fake-discord: no gateway connection to drop');
    this.session.socket = null;
    this.resumesAtLastDrop = this.resumeCount;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (how.terminate) socket.terminate();
    else socket.close(how.code ?? 4000, 'fake-discord: dropped by test');
    await closed;
  }

  /** Handles a new WebSocket connection (any path: the gateway and resume URLs share the server). */
  accept(socket: WebSocket, req: http.IncomingMessage): void {
    const info: GatewayConnectionInfo = { id: this.connections.length + 1, url: req.url ?? '/', openedAt: Date.now(), closedAt: null, closeCode: null };
    this.connections.push(info);
    socket.on('close', (code) => {
      Object.assign(info, { closedAt: Date.now(), closeCode: code });
      if (this.session?.socket === socket) this.session.socket = null;
      this.hooks.changed();
    });
    socket.on('error', (error) => this.hooks.problems.push(`gateway connection ${info.id}: ${error.message}`));

    const params = new URL(info.url, 'ws://127.0.0.1').searchParams;
    if ((params.get('encoding') ?? 'json') !== 'json' || params.has('compress')) {
      this.hooks.problems.push(`gateway connection ${info.id} asked for ${info.url}; the fake speaks only encoding=json without transport compression`);
      socket.close(4000, 'fake-discord: only encoding=json without compress is supported');
      return;
    }
    this.listen(socket, info.id);
    this.send(socket, { op: GatewayOp.Hello, d: { heartbeat_interval: this.hooks.heartbeatIntervalMs } });
    this.hooks.changed();
  }

  private listen(socket: WebSocket, connection: number): void {
    let authenticated = false;
    socket.on('message', (data) => {
      const frame = this.record(connection, data);
      if (frame.op === GatewayOp.Heartbeat) return this.send(socket, { op: GatewayOp.HeartbeatAck });
      if (frame.op === GatewayOp.Identify || frame.op === GatewayOp.Resume) {
        if (authenticated) return socket.close(4005, 'Already authenticated.');
        const d = (frame.raw.d ?? {}) as JsonObject;
        authenticated = frame.op === GatewayOp.Identify ? this.identify(socket, d) : this.resume(socket, d);
        return;
      }
      // Presence updates, member requests...: recorded only, but not before authenticating.
      if (!authenticated) {
        this.hooks.problems.push(`gateway connection ${connection} sent op ${frame.op} before IDENTIFY/RESUME`);
        socket.close(4003, 'Not authenticated.');
      }
    });
  }

  private record(connection: number, data: RawData): { op: number | null; raw: JsonObject } {
    const text = frameText(data);
    let raw: JsonObject = {};
    try {
      raw = JSON.parse(text) as JsonObject;
    } catch {
      this.hooks.problems.push(`gateway connection ${connection} sent non-JSON data`);
    }
    const op = typeof raw.op === 'number' ? raw.op : null;
    this.frames.push({ seq: ++this.frameSeq, at: Date.now(), connection, op, d: op === null ? text : redactToken(raw.d) });
    this.hooks.changed();
    return { op, raw };
  }

  /**
   * IDENTIFY. A wrong token closes with 4004; discord.js never gets that far with a wrong token
   * (GET /gateway/bot already answered 401), so `closeNextIdentify(4004)` is how tests reach it.
   */
  private identify(socket: WebSocket, d: { token?: unknown; intents?: unknown; compress?: unknown }): boolean {
    const refusal = this.nextIdentifyClose ?? (d.token === this.hooks.token ? null : { code: 4004, reason: 'Authentication failed.' });
    this.nextIdentifyClose = null;
    if (refusal) {
      socket.close(refusal.code, refusal.reason);
      return false;
    }
    if (d.compress === true) this.hooks.problems.push('IDENTIFY asked for payload compression, which the fake does not do');
    this.identifyCount += 1;
    this.session = { id: `fake-session-${nextSnowflake()}`, seq: 0, log: [], socket, intents: typeof d.intents === 'number' ? d.intents : 0 };
    this.dispatch('READY', this.hooks.ready(this.session.id));
    for (const { t, d: data } of this.hooks.afterReady()) this.dispatch(t, data);
    return true;
  }

  /** RESUME: replay what the client missed (s > its seq), then RESUMED; unknown session → op 9 d:false. */
  private resume(socket: WebSocket, d: { token?: unknown; session_id?: unknown; seq?: unknown }): boolean {
    if (d.token !== this.hooks.token) {
      socket.close(4004, 'Authentication failed.');
      return false;
    }
    const session = this.session;
    if (!session || session.id !== d.session_id) {
      this.send(socket, { op: GatewayOp.InvalidSession, d: false });
      return false;
    }
    session.socket = socket;
    const after = typeof d.seq === 'number' ? d.seq : 0;
    for (const record of session.log) if (record.s > after) this.deliver(socket, record);
    this.resumeCount += 1;
    this.dispatch('RESUMED', null);
    this.hooks.changed();
    return true;
  }

  private deliver(socket: WebSocket, record: DispatchRecord): void {
    record.deliveredAt = Date.now();
    this.send(socket, { op: GatewayOp.Dispatch, t: record.t, s: record.s, d: record.d });
  }

  private send(socket: WebSocket, frame: JsonObject): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }
}
