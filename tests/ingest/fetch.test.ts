import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUrl } from '../../src/core/ingest/add.ts';
import { fetchUrl, type FetchOptions, type Resolver } from '../../src/core/ingest/fetchUrl.ts';
import { makeCorpus } from '../support/corpus.ts';
import { blockedConnections } from '../support/no-network.ts';
import { NEWS_PAGE } from './fixtures.ts';

/**
 * A loopback HTTP server stands in for the web. Host names are resolved by a stub, so that names can point to
 * private or metadata addresses without any traffic leaving the machine: those are refused before connecting.
 */
const ADDRESSES: Record<string, string[]> = {
  'docs.test': ['127.0.0.1'],
  'intranet.test': ['10.0.0.5'],
  'metadata.test': ['169.254.169.254'],
  'router.test': ['192.168.1.1'],
  'cgnat.test': ['100.64.1.1'],
  'v6loop.test': ['::1'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'ula.test': ['fd00::1'],
  'mixed.test': ['93.184.215.14', '10.0.0.1'],
};
const resolve: Resolver = async (hostname) => {
  const found = ADDRESSES[hostname];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

let server: http.Server;
let base: string;
const GZIP_BOMB = zlib.gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (chain) {
      const n = Number(chain[1]);
      res.writeHead(n > 0 ? 302 : 200, n > 0 ? { location: `/chain/${n - 1}` } : { 'content-type': 'text/html; charset=utf-8' });
      res.end(n > 0 ? '' : NEWS_PAGE);
      return;
    }
    switch (url.pathname) {
      case '/doc.html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(NEWS_PAGE);
        return;
      case '/download':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="harbour-note.txt"' });
        res.end('Harbour note\n\nThe harbour grows every year.\n');
        return;
      case '/to':
        res.writeHead(301, { location: url.searchParams.get('u') ?? '/' });
        res.end();
        return;
      case '/slow-headers':
        return; // never answers
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('Slow\n\nThe first bytes come, the rest never does.');
        return;
      case '/huge':
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(64 * 1024, 0x61));
        res.end();
        return;
      case '/declared-huge':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(30 * 1024 * 1024) });
        res.write('a');
        return;
      case '/gzip-bomb':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(GZIP_BOMB.length) });
        res.end(GZIP_BOMB);
        return;
      case '/gzipped':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync('Gzipped note\n\nThis text came compressed.\n'));
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not here');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://docs.test:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

/** Loopback allowed (the test server), everything else private still refused. */
const LOOPBACK_ONLY: FetchOptions = { resolve, allowPrivateAddresses: ['127.0.0.1'] };

describe('fetchUrl over loopback', () => {
  it('GIVEN a page THEN its bytes, type and name come back', async () => {
    const fetched = await fetchUrl(`${base}/doc.html`, LOOPBACK_ONLY);
    expect(fetched).toMatchObject({ ok: true, url: `${base}/doc.html`, contentType: 'text/html; charset=utf-8', name: 'doc.html', redirects: 0 });
    expect(fetched.ok && Buffer.from(fetched.bytes).toString()).toBe(NEWS_PAGE);
  });

  it('GIVEN Content-Disposition or gzip THEN the name is the attachment name and the body is inflated', async () => {
    expect(await fetchUrl(`${base}/download`, LOOPBACK_ONLY)).toMatchObject({ ok: true, name: 'harbour-note.txt' });
    const gz = await fetchUrl(`${base}/gzipped`, LOOPBACK_ONLY);
    expect(gz.ok && Buffer.from(gz.bytes).toString()).toBe('Gzipped note\n\nThis text came compressed.\n');
  });

  it.each([3, 5])('GIVEN a chain of %i redirects THEN it is followed to the end', async (n) => {
    expect(await fetchUrl(`${base}/chain/${n}`, LOOPBACK_ONLY)).toMatchObject({ ok: true, url: `${base}/chain/0`, redirects: n });
  });

  it('GIVEN a chain of 6 redirects THEN it is refused', async () => {
    expect(await fetchUrl(`${base}/chain/6`, LOOPBACK_ONLY)).toEqual({ ok: false, code: 'fetch_failed', message: `${base}/chain/6 redirected more than 5 times; giving up.` });
  });

  it('GIVEN a 404 THEN the message says so', async () => {
    expect(await fetchUrl(`${base}/missing.pdf`, LOOPBACK_ONLY)).toEqual({ ok: false, code: 'fetch_failed', message: `${base}/missing.pdf answered 404 Not Found.` });
  });

  it.each(['/slow-headers', '/slow-body'])('GIVEN %s THEN the fetch stops at the timeout', async (route) => {
    const started = Date.now();
    const outcome = await fetchUrl(`${base}${route}`, { ...LOOPBACK_ONLY, limits: { fetchTimeoutMs: 400 } });
    expect(outcome).toEqual({ ok: false, code: 'timeout', message: `${base}${route} did not answer within 400 ms.` });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('GIVEN a body larger than the cap (streamed, or declared, or a gzip bomb) THEN it is refused while streaming', async () => {
    expect(await fetchUrl(`${base}/huge`, { ...LOOPBACK_ONLY, limits: { maxBytes: 1024 * 1024 } })).toEqual({ ok: false, code: 'too_large', message: `${base}/huge is larger than the 1 MB allowed.` });
    expect(await fetchUrl(`${base}/declared-huge`, LOOPBACK_ONLY)).toMatchObject({ ok: false, code: 'too_large', message: expect.stringContaining('larger than the 20 MB allowed') });
    expect(await fetchUrl(`${base}/gzip-bomb`, LOOPBACK_ONLY)).toMatchObject({ ok: false, code: 'too_large' });
  });

  it.each([
    ['ftp://docs.test/file.pdf', 'bad_url', 'Only http and https links can be added.'],
    ['file:///etc/passwd', 'bad_url', 'Only http and https links can be added.'],
    ['http://user:secret@docs.test/', 'bad_url', 'Links with a user name or password cannot be added.'],
    ['not a link', 'bad_url', '"not a link" is not a valid link.'],
    ['http://nowhere.test/', 'fetch_failed', 'nowhere.test could not be found.'],
  ])('GIVEN %s THEN it is refused (%s)', async (url, code, message) => {
    expect(await fetchUrl(url, LOOPBACK_ONLY)).toEqual({ ok: false, code, message });
  });
});

describe('fetchUrl refuses internal addresses after resolving, before connecting', () => {
  it.each([
    ['http://docs.test/', 'loopback address (127.0.0.1)'],
    ['http://intranet.test/', 'private-network address (10.0.0.5)'],
    ['http://metadata.test/latest/meta-data/', 'link-local (or cloud metadata) address (169.254.169.254)'],
    ['http://router.test/', 'private-network address (192.168.1.1)'],
    ['http://cgnat.test/', 'carrier-grade NAT address (100.64.1.1)'],
    ['http://v6loop.test/', 'loopback address (::1)'],
    ['http://mapped.test/', 'loopback address (::ffff:127.0.0.1)'],
    ['http://ula.test/', 'unique-local (private IPv6) address (fd00::1)'],
    ['http://mixed.test/', 'private-network address (10.0.0.1)'],
    ['http://127.0.0.1/', 'loopback address (127.0.0.1)'],
    ['http://0x7f.1/', 'loopback address (127.0.0.1)'],
    ['http://[::1]:8080/', 'loopback address (::1)'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local (or cloud metadata) address (169.254.169.254)'],
    ['http://[::ffff:a9fe:a9fe]/', 'link-local (or cloud metadata) address (::ffff:a9fe:a9fe)'],
  ])('GIVEN %s THEN it is refused as a %s', async (url, what) => {
    const outcome = await fetchUrl(url, { resolve });
    expect(outcome).toMatchObject({ ok: false, code: 'blocked_address', message: expect.stringContaining(`points to a ${what}; only public addresses can be fetched.`) });
    expect(blockedConnections()).toEqual([]);
  });

  it.each([
    ['http://intranet.test/secret', '10.0.0.5'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://[::1]/', '::1'],
  ])('GIVEN an allowed page that redirects to %s THEN the hop is checked again and refused', async (target, address) => {
    const outcome = await fetchUrl(`${base}/to?u=${encodeURIComponent(target)}`, LOOPBACK_ONLY);
    expect(outcome).toMatchObject({ ok: false, code: 'blocked_address', message: expect.stringContaining(`(${address})`) });
  });

  it('GIVEN a redirect to another scheme THEN it is refused', async () => {
    expect(await fetchUrl(`${base}/to?u=${encodeURIComponent('file:///etc/passwd')}`, LOOPBACK_ONLY)).toMatchObject({ ok: false, code: 'bad_url' });
  });
});

describe('addUrl', () => {
  it('GIVEN a link through redirects THEN the page is added with the final URL as its source', async () => {
    const dir = makeCorpus({});
    const added = await addUrl(dir, `${base}/chain/2`, { addedBy: 'discord:bob' }, LOOPBACK_ONLY);
    expect(added).toMatchObject({ ok: true, url: `${base}/chain/0`, document: { title: 'Harbour plan approved', source: `${base}/chain/0` } });
    expect(fs.readdirSync(dir)).toEqual(['2023-05-02-harbour-plan-approved.md']);
  });

  it.each(['/missing', '/slow-headers', '/huge'])('GIVEN %s THEN nothing is written', async (route) => {
    const dir = makeCorpus({});
    const outcome = await addUrl(dir, `${base}${route}`, {}, { ...LOOPBACK_ONLY, limits: { fetchTimeoutMs: 300, maxBytes: 1024 * 1024 } });
    expect(outcome.ok).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
