// Bundles the entry points into dist/ (plain JavaScript, so processes start without tsx's loader).
// Runs on `npm install` / `npm ci` (the `prepare` script) and with `npm run build`. The tests keep using the
// TypeScript sources; dist/ is git-ignored. Layout mirrors the sources: src/main.ts -> dist/src/main.js.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist');

const entryPoints = [
  'src/main.ts',
  'src/cli/main.ts',
  'src/deploy.ts',
  'src/shard.ts',
  'src/core/live/worker.ts',
  'bench/child.ts',
  // Loaded from a folder at run time (src/app/loadCommands.ts), so each command is an entry point of its own.
  ...readdirSync(path.join(root, 'commands'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => `commands/${f}`),
];

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  outbase: root,
  bundle: true,
  // Shared code goes into common chunks, so the commands and the app share one copy of each module.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
