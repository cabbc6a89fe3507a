/**
 * Little-endian data memory accessors (isa.rule.DATA_LITTLE_ENDIAN). Callers pass an
 * address already wrapped to 16 bits and checked against the top (isa.rule.MEMORY_WRAP);
 * there are no alignment rules, so every access is assembled from bytes.
 */

export function load32(mem: Uint8Array, a: number): number {
  return mem[a]! | (mem[a + 1]! << 8) | (mem[a + 2]! << 16) | (mem[a + 3]! << 24);
}

export function store32(mem: Uint8Array, a: number, v: number): void {
  mem[a] = v;
  mem[a + 1] = v >>> 8;
  mem[a + 2] = v >>> 16;
  mem[a + 3] = v >>> 24;
}

export function load16(mem: Uint8Array, a: number): number {
  return mem[a]! | (mem[a + 1]! << 8);
}

export function store16(mem: Uint8Array, a: number, v: number): void {
  mem[a] = v;
  mem[a + 1] = v >>> 8;
}
