// Bundles the entry points into dist/ (plain JavaScript, so processes start without tsx's loader).
// Runs on `npm install` / `npm ci` (the `prepare` script) and with `npm run build`. The tests keep using the
// TypeScript sources; dist/ is git-ignored. Layout mirrors the sources: src/main.ts -> dist/src/main.js.
// `--if-stale` (used by `npm start` and the CLI scripts) rebuilds only when a source is newer than the bundle, so
// an edited source never runs as its old build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist');
const stamp = path.join(outdir, '.built');
const SOURCES = ['src', 'commands', 'bench', 'scripts', 'package.json', 'package-lock.json'];

/** The newest modification time among the sources (folders walked recursively). */
function newestSource() {
  let newest = 0;
  const visit = (file) => {
    const stat = statSync(file);
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of SOURCES) if (existsSync(path.join(root, source))) visit(path.join(root, source));
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) process.exit(0);

const entryPoints = [
  'src/main.ts',
  'src/cli/main.ts',
  'src/deploy.ts',
  'src/shard.ts',
  'src/core/live/worker.ts',
  'src/core/snapshot/analysisWorker.ts',
  'src/core/ingest/convert/worker.ts',
  'src/core/expand/prepare.ts',
  'bench/child.ts',
  'bench/guilds-child.ts',
  // Loaded from a folder at run time (src/app/loadCommands.ts), so each command is an entry point of its own.
  ...readdirSync(path.join(root, 'commands'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => `commands/${f}`),
];

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const EXTERNAL_PACKAGES = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter((name) => name !== 'natural')
  .flatMap((name) => [name, `${name}/*`]);

// Built beside dist/ and swapped in, so a process running from dist/ meanwhile never sees a half-written bundle.
const staging = `${outdir}.${process.pid}.tmp`;
rmSync(staging, { recursive: true, force: true });
const { build } = await import('esbuild');

// The snapshot's fingerprints (src/core/snapshot/fingerprint.ts), computed here from the sources being bundled, so
// that the bundle reads no source file when it starts.
const fingerprintModule = path.join(staging, 'fingerprint.mjs');
await build({ absWorkingDir: root, entryPoints: ['src/core/snapshot/fingerprint.ts'], outfile: fingerprintModule, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
const { computeFingerprints } = await import(pathToFileURL(fingerprintModule).href);
let naturalPackage;
try {
  naturalPackage = new URL(import.meta.resolve('natural/package.json'));
} catch {
  naturalPackage = undefined;
}
const fingerprints = computeFingerprints(pathToFileURL(path.join(root, 'src/core/snapshot/')), naturalPackage);
rmSync(fingerprintModule);

await build({
  absWorkingDir: root,
  entryPoints,
  outdir: staging,
  outbase: root,
  bundle: true,
  // Shared code goes into common chunks, so the commands and the app share one copy of each module.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages stay in node_modules, but for natural's two modules that every start needs (src/core/text/terms.ts):
  // bundled, they load without Node's CommonJS loader.
  external: EXTERNAL_PACKAGES,
  sourcemap: true,
  logLevel: 'warning',
  define: { POLICYBOT_BUILT_FINGERPRINTS: JSON.stringify(fingerprints) },
});
writeFileSync(path.join(staging, '.built'), new Date().toISOString());
rmSync(outdir, { recursive: true, force: true });
renameSync(staging, outdir);
// WordNet's graph of index terms, cached under node_modules/.cache (a second or more to make; then read in ~30 ms).
execFileSync(process.execPath, [path.join(outdir, 'src/core/expand/prepare.js')], { stdio: 'inherit' });
