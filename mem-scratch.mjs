import { PGlite } from '@electric-sql/pglite';
const t = performance.now();
const p = await PGlite.create();
console.log('mem open', performance.now() - t);
const d = await p.dumpDataDir('none');
console.log('dump', performance.now() - t, d.size);
const t2 = performance.now();
const q = await PGlite.create({ loadDataDir: d });
console.log('load', performance.now() - t2);
