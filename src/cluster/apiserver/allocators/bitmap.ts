// The allocation bitmap's search strategy (pkg/registry/core/service/allocator/bitmap.go,
// randomScanStrategyWithOffset): a random start in the upper band [offset, max) scanning forward with
// wrap-around, then the lower "static" band [0, offset) only when the upper one is full.

import type { Rng } from '../../state/rng.js';

/** Next free offset, or null when all `max` offsets are taken. Consumes the RNG exactly like upstream. */
export function allocateNextOffset(used: ReadonlySet<number>, max: number, offset: number, rng: Rng): number | null {
  let count = 0;
  for (const u of used) if (u >= 0 && u < max) count++;
  if (count >= max) return null;
  const subrangeMax = max - offset;
  let start = rng.int(subrangeMax);
  for (let i = 0; i < subrangeMax; i++) {
    const at = offset + ((start + i) % subrangeMax);
    if (!used.has(at)) return at;
  }
  if (offset > 0) {
    start = rng.int(offset);
    for (let i = 0; i < offset; i++) {
      const at = (start + i) % offset;
      if (!used.has(at)) return at;
    }
  }
  return null;
}
