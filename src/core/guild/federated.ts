import type { Engine } from '../engine.ts';
import { layeredEngine } from '../layers/layered.ts';

/**
 * A server's engine: the shared base engine and the server's own engine answering as one corpus
 * (src/core/layers/layered.ts). Nothing of the base is copied. A server document's id shadows a base document
 * with the same id in that server; results from the server's documents carry `doc.server: true`. A base that is
 * itself layered (a corpus changed while serving, not yet assembled again) is taken apart into its layers.
 */
export function federatedEngine(base: Engine, own: Engine): Engine {
  return layeredEngine([{ engine: base }, { engine: own, server: true }]);
}
