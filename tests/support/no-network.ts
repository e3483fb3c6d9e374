/**
 * Test guard: no outgoing network traffic except loopback.
 *
 * Use it as a vitest setup file (or import it at the top of a test file). On import it
 *  - patches `net.Socket.prototype.connect`, which every TCP/TLS client in Node goes through
 *    (`net.connect`, `tls.connect`, `http(s).request`, the global `fetch` and the `undici` package that
 *    discord.js REST uses, the `ws` package), so a connection to anything but 127.0.0.1 / ::1 / localhost
 *    fails with a {@link NetworkBlockedError} BEFORE any DNS lookup or packet happens;
 *  - patches `dns.lookup` / `dns.promises.lookup` so resolving a non-local name fails the same way;
 *  - registers an `afterEach` that fails the test during which a blocked connection happened, because
 *    libraries such as discord.js swallow connection errors and retry, and the test would otherwise
 *    just time out. A test that provokes a blocked connection on purpose calls {@link clearBlockedConnections}.
 *
 * Unix-socket / named-pipe connections (`path`) are allowed: they never leave the machine.
 * The patch is installed once per process (state lives on `globalThis`) because vitest may evaluate
 * this module again for every test file while Node's built-in modules are shared.
 */
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { afterEach } from 'vitest';

export interface BlockedConnection {
  /** Host name or address the code tried to reach. */
  readonly host: string;
  /** Port, when the attempt was a TCP connect. */
  readonly port: number | null;
  /** Which patched entry point refused it. */
  readonly via: 'net.connect' | 'dns.lookup' | 'dns.promises.lookup';
  readonly at: Date;
  /** Stack of the caller, to find the culprit. */
  readonly stack: string;
}

export const NETWORK_BLOCKED_CODE = 'ERR_NETWORK_BLOCKED_IN_TESTS';

export class NetworkBlockedError extends Error {
  readonly code = NETWORK_BLOCKED_CODE;
  constructor(readonly host: string, readonly port: number | null) {
    super(
      `[no-network] blocked outgoing connection to ${port === null ? host : `${host}:${port}`}; ` +
        'tests may only talk to 127.0.0.1, ::1 or localhost',
    );
    this.name = 'NetworkBlockedError';
  }
}

interface GuardState {
  blocked: BlockedConnection[];
  /** How many entries of `blocked` the afterEach check has already reported. */
  reported: number;
}

const STATE_KEY = Symbol.for('policybot.tests.no-network');
type GlobalWithGuard = typeof globalThis & { [STATE_KEY]?: GuardState };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']);

/** True for the only hosts tests may reach. Brackets (`[::1]`) and case are ignored. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.replace(/^\[|\]$/g, '').toLowerCase());
}

/** Every connection refused since the last {@link clearBlockedConnections}, oldest first. */
export function blockedConnections(): readonly BlockedConnection[] {
  return [...state().blocked];
}

/** Forget refused connections (a test that provoked them on purpose calls this so `afterEach` passes). */
export function clearBlockedConnections(): BlockedConnection[] {
  const guard = state();
  const cleared = guard.blocked;
  guard.blocked = [];
  guard.reported = 0;
  return cleared;
}

/** Installs the patches; idempotent. Called on import, exported for explicit use. */
export function installNoNetworkGuard(): void {
  const global = globalThis as GlobalWithGuard;
  if (global[STATE_KEY]) return;
  global[STATE_KEY] = { blocked: [], reported: 0 };
  patchSocketConnect();
  patchDnsLookup();
  // ESM `import { lookup } from 'node:dns'` bindings only see the patch after this.
  syncBuiltinESMExports();
}

function state(): GuardState {
  installNoNetworkGuard();
  return (globalThis as GlobalWithGuard)[STATE_KEY]!;
}

function record(host: string, port: number | null, via: BlockedConnection['via']): NetworkBlockedError {
  const error = new NetworkBlockedError(host, port);
  state().blocked.push({ host, port, via, at: new Date(), stack: error.stack ?? '' });
  return error;
}

type ConnectTarget = { kind: 'tcp'; host: string; port: number } | { kind: 'ipc' };

/**
 * Where a `Socket#connect(...)` call is going. Covers the public overloads
 * (`(options[, cb])`, `(port[, host][, cb])`, `(path[, cb])`) and the pre-normalised
 * `[options, cb]` array that `net.connect()` passes internally.
 */
function connectTarget(args: readonly unknown[]): ConnectTarget {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first !== null && typeof first === 'object') {
    const options = first as { path?: unknown; host?: unknown; port?: unknown };
    if (options.path !== undefined && options.path !== null) return { kind: 'ipc' };
    return { kind: 'tcp', host: typeof options.host === 'string' ? options.host : 'localhost', port: Number(options.port) };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { kind: 'ipc' };
  return { kind: 'tcp', host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
}

function patchSocketConnect(): void {
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const target = connectTarget(args);
    if (target.kind === 'tcp' && !isLoopbackHost(target.host)) {
      const error = record(target.host, target.port, 'net.connect');
      // Fail the way a refused connection fails (async 'error' then 'close'), so callers'
      // normal error paths run: fetch rejects with `cause`, http emits 'error', ws emits 'error'.
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = guarded as typeof original;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, ...rest: unknown[]) => void;

function patchDnsLookup(): void {
  const originalLookup = dns.lookup;
  const guardedLookup = function (hostname: string, ...rest: unknown[]): void {
    if (typeof hostname === 'string' && !isLoopbackHost(hostname)) {
      const error = record(hostname, null, 'dns.lookup');
      const callback = rest.at(-1);
      if (typeof callback === 'function') process.nextTick(() => (callback as LookupCallback)(error));
      return;
    }
    (originalLookup as (...a: unknown[]) => void)(hostname, ...rest);
  };
  dns.lookup = guardedLookup as typeof dns.lookup;

  const originalPromisesLookup = dns.promises.lookup;
  const guardedPromisesLookup = async function (hostname: string, ...rest: unknown[]): Promise<unknown> {
    if (typeof hostname === 'string' && !isLoopbackHost(hostname)) throw record(hostname, null, 'dns.promises.lookup');
    return (originalPromisesLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
  };
  dns.promises.lookup = guardedPromisesLookup as typeof dns.promises.lookup;
}

function describeBlocked(blocked: readonly BlockedConnection[]): string {
  return blocked
    .map((b) => `  - ${b.via} ${b.port === null ? b.host : `${b.host}:${b.port}`}\n${b.stack.split('\n').slice(3, 9).join('\n')}`)
    .join('\n');
}

installNoNetworkGuard();

// Fail loudly even when the library that tried to connect swallowed the error.
afterEach(() => {
  const guard = state();
  const fresh = guard.blocked.slice(guard.reported);
  guard.reported = guard.blocked.length;
  if (fresh.length > 0) {
    throw new Error(`[no-network] this test tried to reach the network:\n${describeBlocked(fresh)}`);
  }
});
