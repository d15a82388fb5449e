// The cluster's seeded random number generator (sfc32), persisted with the cluster so that the same seed and
// the same commands give the same pod names, ClusterIPs, NodePorts, UIDs and load-balancing choices.

export type RngState = [number, number, number, number];

export class Rng {
  private s: RngState;
  /** numbers drawn by this instance (not persisted): a controller run that drew none consumed no randomness */
  draws = 0;

  constructor(state: RngState) {
    this.s = [...state] as RngState;
  }

  static fromSeed(seed: number): Rng {
    const rng = new Rng([0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0]);
    for (let i = 0; i < 15; i++) rng.next();
    return rng;
  }

  /** Next 32-bit unsigned integer. */
  next(): number {
    this.draws++;
    let [a, b, c, d] = this.s;
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    this.s = [a >>> 0, b, c, d];
    return t;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (n <= 0) throw new Error('Rng.int: n must be positive');
    return Math.floor(this.float() * n);
  }

  /** `n` characters from apimachinery's rand alphabet (pod and generateName suffixes). */
  string(n: number): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += '0123456789abcdef'[this.int(16)];
    return out;
  }

  /** A version-4 UUID built from the seeded stream. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[this.int(4)];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** Takes a saved state (another process drew from the RNG). */
  restore(state: RngState): void {
    this.s = [...state] as RngState;
  }

  toJSON(): RngState {
    return [...this.s] as RngState;
  }
}
