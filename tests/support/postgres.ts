/**
 * A throw-away PostgreSQL cluster for tests: `initdb` in a temp folder, the server on a free loopback port with
 * its socket in that folder, removed after. `initdb` refuses to run as root, so as root the cluster runs as the
 * `postgres` system user (`runuser -u postgres --`). Debian's binaries (/usr/lib/postgresql/<v>/bin) are added to PATH.
 * Where there are no binaries, `startPostgres` resolves to null and says so on one line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestPostgres {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Runs psql against the test database; returns its stdout. */
  psql(query: string): string;
  stop(): Promise<void>;
}

function debianBins(): string[] {
  try {
    return fs
      .readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    return [];
  }
}

const PATH = [process.env.PATH ?? '', ...debianBins()].filter(Boolean).join(':');

function which(bin: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${bin}`], { env: { ...process.env, PATH }, encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let reported = false;

export async function startPostgres(): Promise<TestPostgres | null> {
  const initdb = which('initdb');
  const pgCtl = which('pg_ctl');
  if (!initdb || !pgCtl) {
    if (!reported) process.stderr.write('postgres: initdb/pg_ctl not found on PATH: skipping the PostgreSQL half of the store tests\n');
    reported = true;
    return null;
  }
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policybot-pg-'));
  const data = path.join(dir, 'data');
  if (root) execFileSync('chown', ['postgres:postgres', dir]);
  const as = (bin: string, args: string[]) => (root ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]) as [string, string[]];
  const run = (bin: string, args: string[]) => {
    const [cmd, argv] = as(bin, args);
    return execFileSync(cmd, argv, { env: { ...process.env, PATH, LC_ALL: 'C' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  run(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  run(pgCtl, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '30', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const psqlBin = which('psql');
  return {
    url,
    port,
    dir,
    psql(query: string) {
      if (!psqlBin) throw new Error('psql not found');
      return execFileSync(psqlBin, ['-X', '-A', '-t', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', query], { env: { ...process.env, PATH }, encoding: 'utf8' });
    },
    async stop() {
      try {
        run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
