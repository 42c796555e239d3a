/**
 * Runtimes for expressions. The caller owns the clock and the entropy: the
 * operator passes its `now` and the random source operate was given; a
 * seeded runtime gives the same bytes for the same seed (tests, and operate
 * calls made without a random source).
 */
import { fnv32a } from '../names/names.js';
import type { ExprRuntime } from './context.js';

/** A runtime whose random bytes come from a xorshift32 generator seeded by `seed` (not for secrets). */
export function seededRuntime(now: Date, seed: string): ExprRuntime {
  let x = fnv32a(seed) || 0x9e3779b9;
  return {
    now,
    randomBytes(n: number): Uint8Array {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        x ^= x << 13; x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5; x >>>= 0;
        out[i] = x & 0xff;
      }
      return out;
    },
  };
}
