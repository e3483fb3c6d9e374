import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NETWORK_BLOCKED_CODE,
  blockedConnections,
  clearBlockedConnections,
  isLoopbackHost,
} from './no-network.ts';

/** Unwraps `fetch`'s `TypeError('fetch failed')` to the socket error underneath. */
async function fetchFailure(url: string): Promise<{ code?: string; message: string }> {
  try {
    await fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message: string } }).cause;
    return cause ?? { message: String(error) };
  }
  throw new Error(`fetch(${url}) unexpectedly succeeded`);
}

describe('no-network guard', () => {
  // These tests provoke blocked connections on purpose; acknowledge them so the guard's afterEach passes.
  afterEach(() => {
    clearBlockedConnections();
  });

  it('GIVEN fetch to discord.com THEN it is refused before DNS and recorded', async () => {
    clearBlockedConnections();

    const failure = await fetchFailure('https://discord.com/api/v10/gateway');

    // Our error, not ENOTFOUND/EAI_AGAIN/ECONNREFUSED: the guard stopped it before any lookup or packet.
    expect(failure.code).toBe(NETWORK_BLOCKED_CODE);
    expect(failure.message).toContain('discord.com:443');
    expect(blockedConnections()).toEqual([
      expect.objectContaining({ host: 'discord.com', port: 443, via: 'net.connect' }),
    ]);
  });

  it('GIVEN net.connect and dns.lookup to a public host THEN both fail with the guard error', async () => {
    clearBlockedConnections();

    const socketError = await new Promise<NodeJS.ErrnoException>((resolve) => {
      net.connect(80, '93.184.216.34').on('error', resolve);
    });
    const lookupError = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      dns.lookup('gateway.discord.gg', (error) => resolve(error));
    });
    const promisesError = await dns.promises.lookup('cdn.discordapp.com').catch((error: NodeJS.ErrnoException) => error);

    expect(socketError.code).toBe(NETWORK_BLOCKED_CODE);
    expect(lookupError?.code).toBe(NETWORK_BLOCKED_CODE);
    expect((promisesError as NodeJS.ErrnoException).code).toBe(NETWORK_BLOCKED_CODE);
    expect(blockedConnections().map((b) => `${b.via} ${b.host}`)).toEqual([
      'net.connect 93.184.216.34',
      'dns.lookup gateway.discord.gg',
      'dns.promises.lookup cdn.discordapp.com',
    ]);
  });

  it('GIVEN a loopback server THEN fetch to 127.0.0.1 and localhost still works and nothing is recorded', async () => {
    clearBlockedConnections();
    const server = http.createServer((_req, res) => res.end('pong'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const viaIp = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
      const viaName = await new Promise<string>((resolve, reject) => {
        http.get({ host: 'localhost', port, family: 4 }, (res) => {
          res.setEncoding('utf8');
          let body = '';
          res.on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body));
        }).on('error', reject);
      });

      expect([viaIp, viaName]).toEqual(['pong', 'pong']);
      expect(blockedConnections()).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('GIVEN host spellings THEN only loopback counts as local', () => {
    expect(['127.0.0.1', '::1', '[::1]', 'LOCALHOST'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['discord.com', '10.0.0.1', '0.0.0.0', '127.0.0.2.nip.io'].map(isLoopbackHost)).toEqual([false, false, false, false]);
  });
});
