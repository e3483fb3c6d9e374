import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import zlib from 'node:zlib';
import { failure, type Outcome } from '../types.ts';
import { blockedRange } from './address.ts';
import { DEFAULT_LIMITS, formatBytes, type IngestLimits } from './limits.ts';

/** Resolves a host name to all its addresses (the shape of `dns.lookup` with `all: true`). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface FetchOptions {
  readonly limits?: Partial<IngestLimits>;
  /**
   * For tests only: allow loopback and private addresses (all of them, or the listed ones) so that a test
   * server on 127.0.0.1 can be reached. Never set it from user input or configuration: refusing them is what
   * stops the bot from being used to reach an internal network.
   */
  readonly allowPrivateAddresses?: boolean | readonly string[];
  /** How host names are resolved; tests inject a stub. Default: the system resolver (`dns.lookup`). */
  readonly resolve?: Resolver;
  /** Aborts the fetch (the bot shutting down, the user cancelling). */
  readonly signal?: AbortSignal;
}

export interface Fetched {
  readonly bytes: Uint8Array;
  /** The URL that answered, after redirects. */
  readonly url: string;
  /** The URL as given. */
  readonly requestedUrl: string;
  readonly contentType?: string;
  /** A file name for the document: Content-Disposition's, else the URL path's last part. */
  readonly name?: string;
  readonly redirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'policybot/0.1 (document ingest)';

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Thrown inside the fetch; turned into a Failure at the end. */
class FetchStop extends Error {
  constructor(readonly code: 'bad_url' | 'fetch_failed' | 'blocked_address' | 'timeout' | 'too_large', message: string) {
    super(message);
  }
}

/**
 * Downloads a document safely: only http(s); at most `maxRedirects` redirects, each hop checked again; every
 * address a host name resolves to must be public, and the connection goes to the address that was checked (no
 * second lookup that a rebinding DNS server could answer differently); the body is counted while it streams
 * (after decompression) and cut at `maxBytes`; one timeout covers the whole fetch, redirects and body included.
 */
export async function fetchUrl(rawUrl: string, options: FetchOptions = {}): Promise<Outcome<Fetched>> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new FetchStop('timeout', `${shortUrl(rawUrl)} did not answer within ${seconds(limits.fetchTimeoutMs)}.`)), limits.fetchTimeoutMs);
  const onOuterAbort = () => controller.abort(new FetchStop('fetch_failed', `Fetching ${shortUrl(rawUrl)} was cancelled.`));
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    let url = parseHttpUrl(rawUrl);
    for (let redirects = 0; ; redirects++) {
      const response = await request(url, limits, options, controller.signal);
      if (REDIRECTS.has(response.status)) {
        response.discard();
        const location = response.headers.location;
        if (!location) throw new FetchStop('fetch_failed', `${shortUrl(url.href)} answered ${response.status} without saying where to go.`);
        if (redirects + 1 > limits.maxRedirects) throw new FetchStop('fetch_failed', `${shortUrl(rawUrl)} redirected more than ${limits.maxRedirects} times; giving up.`);
        url = parseHttpUrl(new URL(location, url).href, 'redirected to');
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        response.discard();
        throw new FetchStop('fetch_failed', `${shortUrl(url.href)} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
      }
      const bytes = await response.body();
      const contentType = header(response.headers['content-type']);
      const name = fileNameOf(header(response.headers['content-disposition']), url);
      return { ok: true, bytes, url: url.href, requestedUrl: rawUrl, redirects, ...(contentType ? { contentType } : {}), ...(name ? { name } : {}) };
    }
  } catch (error) {
    const stop = error instanceof FetchStop ? error : controller.signal.reason instanceof FetchStop ? controller.signal.reason : undefined;
    if (stop) return failure(stop.code, stop.message);
    const code = (error as NodeJS.ErrnoException).code;
    return failure('fetch_failed', `${shortUrl(rawUrl)} could not be fetched (${code ?? (error instanceof Error ? error.message : String(error))}).`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `https://example.org/a/very/long/path?x=1` shortened for messages. */
function shortUrl(url: string): string {
  return url.length > 80 ? `${url.slice(0, 77)}…` : url;
}

function parseHttpUrl(raw: string, context = 'the link'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchStop('bad_url', `"${shortUrl(raw)}" is not a valid link.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchStop('bad_url', `Only http and https links can be added${context === 'the link' ? '' : ` (${context} ${url.protocol}…)`}.`);
  }
  if (url.username || url.password) throw new FetchStop('bad_url', 'Links with a user name or password cannot be added.');
  return url;
}

interface Response {
  readonly status: number;
  readonly statusText: string;
  readonly headers: http.IncomingHttpHeaders;
  body(): Promise<Uint8Array>;
  discard(): void;
}

/** Refuses a host's addresses unless they are all public (or allowed by the test-only switch). */
function checkAddresses(host: string, addresses: readonly LookupAddress[], allowPrivate: boolean | readonly string[]): void {
  if (addresses.length === 0) throw new FetchStop('fetch_failed', `${host} has no address.`);
  if (allowPrivate === true) return;
  const allowed = Array.isArray(allowPrivate) ? allowPrivate : [];
  for (const { address } of addresses) {
    if (allowed.includes(address)) continue;
    const range = blockedRange(address);
    if (range) throw new FetchStop('blocked_address', `${host} points to a ${describeRange(range)} address (${address}); only public addresses can be fetched.`);
  }
}

function describeRange(range: string): string {
  const names: Record<string, string> = {
    loopback: 'loopback',
    private: 'private-network',
    linkLocal: 'link-local (or cloud metadata)',
    uniqueLocal: 'unique-local (private IPv6)',
    carrierGradeNat: 'carrier-grade NAT',
    unspecified: 'unspecified',
    broadcast: 'broadcast',
    multicast: 'multicast',
    reserved: 'reserved',
  };
  return names[range] ?? `non-public (${range})`;
}

async function request(url: URL, limits: IngestLimits, options: FetchOptions, signal: AbortSignal): Promise<Response> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Resolve first, check every address, then connect to the checked address itself: what was checked is what
  // is reached (no second lookup that a rebinding DNS server could answer differently).
  let addresses: readonly LookupAddress[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await abortable((options.resolve ?? systemResolver)(host), signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const code = (error as NodeJS.ErrnoException).code;
      throw new FetchStop('fetch_failed', code === 'ENOTFOUND' ? `${host} could not be found.` : `${host} could not be resolved (${code ?? 'error'}).`);
    }
  }
  checkAddresses(host, addresses, options.allowPrivateAddresses ?? false);
  const target = addresses[0]!;

  return new Promise<Response>((resolvePromise, reject) => {
    const https_ = url.protocol === 'https:';
    const req = (https_ ? https : http).request({
      protocol: url.protocol,
      host: target.address,
      family: target.family,
      port: url.port || (https_ ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: {
        host: url.host,
        'user-agent': USER_AGENT,
        accept: 'text/html, application/pdf, text/plain, text/markdown, application/vnd.openxmlformats-officedocument.wordprocessingml.document, */*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      },
      // TLS checks the certificate against the host name, not the address connected to.
      ...(https_ && !net.isIP(host) ? { servername: host } : {}),
      signal,
      agent: false,
    });
    req.on('error', (error) => reject(signal.aborted ? signal.reason : error));
    req.on('response', (res) => {
      resolvePromise({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: res.headers,
        discard: () => res.destroy(),
        body: () => readBody(res, url, limits.maxBytes, signal),
      });
    });
    req.end();
  });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Reads a response body, decompressing it, and stops as soon as it passes `maxBytes`. */
function readBody(res: http.IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const tooLarge = () => new FetchStop('too_large', `${shortUrl(url.href)} is larger than the ${formatBytes(maxBytes)} allowed.`);
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  let stream: NodeJS.ReadableStream = res;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
  else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
  else if (encoding !== 'identity' && encoding !== '') {
    res.destroy();
    return Promise.reject(new FetchStop('fetch_failed', `${shortUrl(url.href)} sent an unknown content encoding (${encoding}).`));
  }
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      if (error) {
        res.destroy();
        if (stream !== res) (stream as unknown as { destroy(): void }).destroy();
        reject(error);
      } else resolve(new Uint8Array(Buffer.concat(chunks, size)));
    };
    const onAbort = () => finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish(tooLarge());
      else chunks.push(chunk);
    });
    stream.on('end', () => finish());
    stream.on('error', (error) => finish(signal.aborted ? signal.reason : new FetchStop('fetch_failed', `${shortUrl(url.href)} sent a broken response (${(error as NodeJS.ErrnoException).code ?? error.message}).`)));
    res.on('aborted', () => finish(new FetchStop('fetch_failed', `${shortUrl(url.href)} closed the connection before the end.`)));
  });
}

/** A file name for the fetched document. */
function fileNameOf(disposition: string | undefined, url: URL): string | undefined {
  const star = disposition ? /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition) : null;
  const plain = disposition ? /filename\s*=\s*"?([^";]+)"?/i.exec(disposition) : null;
  const raw = star?.[1] ?? plain?.[1];
  if (raw) {
    try {
      return decodeURIComponent(raw.trim()).split(/[\\/]/).pop() || undefined;
    } catch {
      return raw.trim();
    }
  }
  const last = url.pathname.split('/').filter(Boolean).pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
